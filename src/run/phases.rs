//! The `render` and `pdf` commands: one file per phase and format.

use std::path::PathBuf;

use rayon::prelude::*;

use super::session::out_dir;
use super::{RenderReport, RenderRequest, Session};
use crate::error::Result;
use crate::render;

/// Renders the phase maps of a request. `progress` is called once per file written.
pub fn render_phases(req: &RenderRequest, progress: &(dyn Fn() + Sync)) -> Result<RenderReport> {
    let session = Session::open(&req.theatre, &req.style, &req.styles_dir, req.width)?;
    let phases = session.select_phases(&req.phases)?;
    let out = req
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("output").join(&session.theatre.id));
    render::ensure_dir(&out)?;
    let scenes = session.scenes(&phases, &|| {});
    let results: Vec<Result<Vec<render::Written>>> = scenes
        .par_iter()
        .map(|s| {
            let w = render::write_scene(s, &out, &s.phase, &req.formats, req.outline_text);
            progress();
            w
        })
        .collect();
    let mut written: Vec<render::Written> = Vec::new();
    let mut failure = None;
    for r in results {
        match r {
            Ok(w) => written.extend(w),
            Err(e) => {
                failure.get_or_insert(e);
            }
        }
    }
    // All or none: when one phase fails, the maps of the others go too.
    if let Some(e) = failure {
        for w in &written {
            let _ = std::fs::remove_file(&w.path);
        }
        return Err(e);
    }
    if req.formats.contains(&render::Format::Html) {
        written.push(render::html::write_page(
            &session.theatre,
            &session.style,
            &scenes,
            &out,
        )?);
    }
    Ok(RenderReport {
        written,
        warnings: session.theatre.warnings.clone(),
        labels: scenes
            .iter()
            .map(|s| (s.phase.clone(), s.labels.len(), s.dropped.len()))
            .collect(),
        timings: Vec::new(),
    })
}

/// Writes `<phase>.pdf` for each of the request's phases.
pub fn write_phase_pdfs(req: &RenderRequest) -> Result<Vec<render::Written>> {
    let session = Session::open(&req.theatre, &req.style, &req.styles_dir, req.width)?;
    let out = out_dir(req, &session.theatre)?;
    let phases = session.select_phases(&req.phases)?;
    session
        .scenes(&phases, &|| {})
        .par_iter()
        .map(|s| render::write_pdf(s, &out, &s.phase))
        .collect()
}
