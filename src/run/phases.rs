//! The `render` command: one file per phase and format.

use rayon::prelude::*;

use super::{RenderReport, RenderRequest, Session};
use crate::error::Result;
use crate::render;

/// Renders the phase maps of a request. `progress` is called once per file written.
pub fn render_phases(req: &RenderRequest, progress: &(dyn Fn() + Sync)) -> Result<RenderReport> {
    let started = std::time::Instant::now();
    let mut timings = Vec::new();
    let mut step = |what: &str, since: &mut std::time::Instant| {
        timings.push((what.to_string(), since.elapsed().as_secs_f64()));
        *since = std::time::Instant::now();
    };
    let mut since = started;
    let session = Session::open(&req.theatre, &req.style, &req.styles_dir, req.width)?;
    step("load and project", &mut since);
    let phases = session.select_phases(&req.phases)?;
    let out = super::session::out_dir(req, &session.theatre)?;
    // All or none: when one phase fails, the maps of the others never appear.
    let stage = render::Staging::new(&out)?;
    let langs = super::check_languages(&req.langs)?;
    // Each language's maps, for its page (multilingual renders only).
    let mut by_lang: Vec<Vec<crate::compose::Scene>> = vec![Vec::new(); langs.len()];
    let (scenes, results): (Vec<_>, Vec<Result<Vec<render::Written>>>) = if !langs.is_empty() {
        let all = session.scenes_in(&phases, &langs);
        let results = all
            .par_iter()
            .map(|(merged, singles)| {
                let w = super::write_languages(
                    merged,
                    singles,
                    &langs,
                    stage.dir(),
                    &req.formats,
                    req.outline_text,
                );
                progress();
                w
            })
            .collect();
        let mut merged = Vec::with_capacity(all.len());
        for (m, singles) in all {
            merged.push(m);
            for (k, s) in singles.into_iter().enumerate() {
                by_lang[k].push(s);
            }
        }
        (merged, results)
    } else {
        let scenes = session.scenes(&phases, &|| {});
        step("compose", &mut since);
        let results = scenes
            .par_iter()
            .map(|s| {
                let w =
                    render::write_scene(s, stage.dir(), &s.phase, &req.formats, req.outline_text);
                progress();
                w
            })
            .collect();
        (scenes, results)
    };
    step("rasterise and write", &mut since);
    let mut written: Vec<render::Written> = Vec::new();
    for r in results {
        written.extend(r?);
    }
    if req.formats.contains(&render::Format::Html) && !langs.is_empty() {
        for (lang, scenes) in langs.iter().zip(&by_lang) {
            written.push(render::html::write_page_in(
                &session.theatre.localized(lang),
                &session.style.localized(lang),
                scenes,
                &langs,
                stage.dir(),
            )?);
        }
    } else if req.formats.contains(&render::Format::Html) {
        written.push(render::html::write_page(
            &session.theatre,
            &session.style,
            &scenes,
            stage.dir(),
        )?);
    }
    let mut warnings = session.theatre.warnings.clone();
    warnings.extend(
        langs
            .iter()
            .filter_map(|l| super::english_parts_warning(&session.style, l)),
    );
    let written = stage.publish(written)?;
    step("publish", &mut since);
    timings.push(("all".into(), started.elapsed().as_secs_f64()));
    Ok(RenderReport {
        written,
        warnings,
        labels: scenes.iter().map(super::LabelCount::of).collect(),
        timings,
    })
}
