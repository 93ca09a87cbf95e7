//! The default run (`phasemap` with no subcommand): every output at once.

use rayon::prelude::*;

use super::animation::write_animation_of;
use super::diff::write_diff_scene;
use super::session::{load_request, out_dir};
use super::sheet::sheet_of;
use super::{CompareOptions, RenderReport, RenderRequest, Session};
use crate::error::Result;
use crate::{compose, model, render};

/// What a plain `phasemap` run makes: every phase map, the sheet of all
/// phases, a change map for each consecutive pair of phases (when the
/// theatre has an exclusive layer) and the animation. `progress` gets a
/// short description of each step as it starts.
///
/// The theatre is read once; the maps are independent jobs spread over
/// all cores, the longest first, so no core waits while another finishes
/// a long job alone. The animation comes last, its frames rasterised on
/// all cores, so its rasters never sit in memory beside a page's.
pub fn default_run(
    req: &RenderRequest,
    opts: &CompareOptions,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<RenderReport> {
    let started = std::time::Instant::now();
    let mut timings = Vec::new();
    opts.check()?;
    progress("loading");
    let (theatre, style) = load_request(req)?;
    let session = Session::new(theatre, style, req.width)?;
    // Every output is written into a staging folder and published at the
    // end, all or none (see render::Staging).
    let stage = render::Staging::new(&out_dir(req, &session.theatre)?)?;
    let out = stage.dir().to_path_buf();
    let phases = session.select_phases(&req.phases)?;
    timings.push((
        "load and project".to_string(),
        started.elapsed().as_secs_f64(),
    ));
    let started = std::time::Instant::now();
    progress("composing");
    let prepared = compose::prepare(
        &session.theatre,
        &session.projected,
        &session.style,
        session.layout,
    );
    let scenes: Vec<compose::Scene> = phases
        .par_iter()
        .map(|p| compose::compose(&prepared, p))
        .collect();
    // The sheet and the animation keep these maps' label places.
    let phase_maps = compose::LabelLayout::of(&scenes);
    let exclusive = session.theatre.layers.iter().any(|l| l.exclusive);
    timings.push((
        "compose phases".to_string(),
        started.elapsed().as_secs_f64(),
    ));
    let mut warnings = session.theatre.warnings.clone();

    type Job<'a> = Box<dyn Fn() -> Result<Vec<render::Written>> + Send + Sync + 'a>;
    // (what, job) in the order of the report.
    let mut jobs: Vec<(String, Job)> = Vec::new();
    for s in &scenes {
        jobs.push((
            format!("phase map {}", s.phase),
            Box::new(|| render::write_scene(s, &out, &s.phase, &req.formats, req.outline_text)),
        ));
    }
    if req.formats.contains(&render::Format::Html) {
        let (session, scenes, out) = (&session, &scenes, &out);
        jobs.push((
            "interactive page".into(),
            Box::new(move || {
                Ok(vec![render::html::write_page(
                    &session.theatre,
                    &session.style,
                    scenes,
                    out,
                )?])
            }),
        ));
    }
    // The sheet and the animation lay the map out at widths of their own,
    // their labels where these phase maps have them (scaled) if they fit.
    jobs.push((
        "sheet".into(),
        Box::new(|| {
            let scene = sheet_of(
                &session.theatre,
                &session.style,
                req,
                opts.cols,
                Some(&phase_maps),
            )?;
            render::write_svg_png(&scene, &out, "sheet")
        }),
    ));
    if exclusive {
        for pair in phases.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let (prepared, theatre, out) = (&prepared, &session.theatre, &out);
            jobs.push((
                format!("change map {} to {}", a.id, b.id),
                Box::new(move || {
                    let changes = model::change::changes(theatre, a, b);
                    let presence = model::change::presence_changes(theatre, a, b);
                    let scene = compose::compose_diff(prepared, a, b, &changes, &presence);
                    write_diff_scene(theatre, &scene, &changes, &presence, out, &a.id, &b.id)
                }),
            ));
        }
    } else {
        warnings.push(format!(
            "no change maps: theatre \"{}\" has no layer with \"exclusive\": true",
            session.theatre.id
        ));
    }
    // The sheet (the largest in memory) beside the change maps, the
    // smallest jobs last, so both cores stay busy to the end.
    let cost = |what: &str| match what {
        w if w.starts_with("phase map") => 1,
        "sheet" => 2,
        w if w.starts_with("change map") => 3,
        _ => 4,
    };
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| cost(&jobs[i].0));
    let results = run_jobs(&jobs, &order, progress);
    let mut written = Vec::new();
    for ((what, _), (r, seconds)) in jobs.iter().zip(results) {
        written.extend(r?);
        timings.push((what.clone(), seconds));
    }
    drop(jobs);
    // The animation last, alone, its frames rasterised on every core: its
    // rasters and encoder are never alive beside a page's raster. What
    // only the pages needed goes first: the phase maps' SVG and the
    // session's projected layers (with the unsimplified polygons the
    // change maps merged).
    let labels = scenes.iter().map(super::LabelCount::of).collect();
    drop(prepared);
    drop(scenes);
    let Session { theatre, style, .. } = session;
    progress("animation");
    let started = std::time::Instant::now();
    written.push(write_animation_of(
        &theatre,
        &style,
        req,
        opts,
        &out,
        Some(&phase_maps),
        rayon::current_num_threads(),
    )?);
    timings.push(("animation".into(), started.elapsed().as_secs_f64()));
    Ok(RenderReport {
        written: stage.publish(written)?,
        warnings,
        labels,
        timings,
    })
}

/// Runs `jobs` on every core of rayon's pool, taking them in `order`;
/// results (with each job's seconds) come back in the jobs' own order.
/// After a failure no new job starts.
#[allow(clippy::type_complexity)]
fn run_jobs(
    jobs: &[(
        String,
        Box<dyn Fn() -> Result<Vec<render::Written>> + Send + Sync + '_>,
    )],
    order: &[usize],
    progress: &(dyn Fn(&str) + Sync),
) -> Vec<(Result<Vec<render::Written>>, f64)> {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::Mutex;
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let slots: Vec<Mutex<Option<(Result<Vec<render::Written>>, f64)>>> =
        jobs.iter().map(|_| Mutex::new(None)).collect();
    rayon::scope(|scope| {
        for _ in 0..rayon::current_num_threads().min(jobs.len()) {
            scope.spawn(|_| loop {
                let k = next.fetch_add(1, Ordering::SeqCst);
                let Some(&i) = order.get(k) else { break };
                if failed.load(Ordering::SeqCst) {
                    break;
                }
                progress(&jobs[i].0);
                let t = std::time::Instant::now();
                let r = (jobs[i].1)();
                if r.is_err() {
                    failed.store(true, Ordering::SeqCst);
                }
                if let Ok(mut slot) = slots[i].lock() {
                    *slot = Some((r, t.elapsed().as_secs_f64()));
                }
            });
        }
    });
    slots
        .into_iter()
        .filter_map(|m| m.into_inner().ok().flatten())
        .collect()
}
