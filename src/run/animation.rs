//! The `animate` command: an APNG of the phase maps.

use std::path::Path;

use rayon::prelude::*;

use super::session::{load_request, out_dir};
use super::{CompareOptions, RenderRequest, Session};
use crate::error::{Error, Result};
use crate::{model, render, style};

/// The animation as APNG bytes: each phase map held `seconds_per_phase`,
/// with cross-fade frames between phases when `fade` > 0. Maps are
/// rasterised as many at a time as there are cores and each frame is
/// encoded as soon as it exists, so memory holds a few frames, not all.
pub fn animation_png(
    session: &Session,
    phases: &[&model::Phase],
    opts: &CompareOptions,
) -> Result<Vec<u8>> {
    let scenes = session.scenes(phases, &|| {});
    // A tenth of a second per fade step is smooth enough for a slide change.
    let steps = (opts.fade * 10.0).round().clamp(0.0, 20.0) as usize;
    let hold = (opts.seconds_per_phase.max(0.1) * 1000.0).round() as u32;
    let step_ms = (opts.fade * 1000.0 / steps.max(1) as f64).round() as u32;
    let count = scenes.len() + steps * scenes.len().saturating_sub(1);
    let opaque = session.style.page.background.a >= 1.0;
    let mut batches = scenes.chunks(rayon::current_num_threads().max(1)).map(
        |batch| -> Result<Vec<resvg::tiny_skia::Pixmap>> {
            batch
                .par_iter()
                .map(|s| render::rasterize(&s.svg, &format!("{}.svg", s.phase)))
                .collect()
        },
    );
    let first = batches
        .next()
        .ok_or_else(|| Error::Request("an animation needs at least one phase".into()))??;
    let size = first
        .first()
        .map(|pm| (pm.width(), pm.height()))
        .ok_or_else(|| Error::Request("an animation needs at least one phase".into()))?;
    let mut buf = Vec::new();
    let mut enc = render::animate::ApngEncoder::new(&mut buf, size, count, opaque)?;
    let mut previous: Option<resvg::tiny_skia::Pixmap> = None;
    for pixmaps in std::iter::once(Ok(first)).chain(batches) {
        for pm in pixmaps? {
            if let Some(prev) = previous.take() {
                enc.push(&prev, hold)?;
                for k in 1..=steps {
                    let t = k as f64 / (steps + 1) as f64;
                    enc.push(&render::animate::blend(&prev, &pm, t), step_ms)?;
                }
            }
            previous = Some(pm);
        }
    }
    if let Some(last) = previous {
        enc.push(&last, hold)?;
    }
    enc.finish()?;
    Ok(buf)
}

/// Writes `animation.png`, an APNG of the request's phases.
pub fn write_animation(req: &RenderRequest, opts: &CompareOptions) -> Result<render::Written> {
    let (theatre, style) = load_request(req)?;
    let out = out_dir(req, &theatre)?;
    write_animation_of(&theatre, &style, req, opts, &out)
}

pub(crate) fn write_animation_of(
    theatre: &model::Theatre,
    style: &style::Style,
    req: &RenderRequest,
    opts: &CompareOptions,
    out: &Path,
) -> Result<render::Written> {
    let session = Session::new(theatre.clone(), style.clone(), opts.animation_width)?;
    let phases = session.select_phases(&req.phases)?;
    render::write_atomic(
        &out.join("animation.png"),
        &animation_png(&session, &phases, opts)?,
    )
}
