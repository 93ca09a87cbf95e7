//! # phasemap
//!
//! Maps of a theatre of operations as it changed over time: GeoJSON layers
//! and dated phases in, one SVG and PNG map per phase out.
//!
//! # Steps
//! Each stage is a folder with one entry function; plain data passes between them.
//! 1. **load** ([`load::load_theatre`], [`load::load_style`]): the only stage
//!    that reads files. A theatre folder (manifest + GeoJSON) becomes a
//!    [`model::Theatre`]; a style file becomes a [`style::Style`].
//! 2. **model** ([`model`]): plain data: phases, layers, features with
//!    OpenHistoricalMap `start_date`/`end_date`; [`model::check_theatre`] checks it.
//! 3. **project** ([`project::project_theatre`]): densify, project with the
//!    manifest's PROJ string, simplify to the output resolution, clip to the frame.
//! 4. **style** ([`style::Style`]): a MapLibre-style subset with `phasemap:`
//!    extensions, resolved per phase.
//! 5. **compose** ([`compose::prepare`], [`compose::compose`]): one phase as
//!    one SVG scene: symbols, labels placed without collisions, legend,
//!    scale bar, caption.
//! 6. **render** ([`render::write_scene`]): the only stage that writes files:
//!    the SVG text, and the PNG rasterised by resvg from that same text;
//!    [`render::html`] writes the interactive page of all phases from the
//!    same scenes, and [`serve`] previews it live.
//!
//! # Comparing phases
//! The same pipeline also makes pages across phases: a sheet of all phase
//! maps ([`compose::compose_sheet`]), change maps of the territory that
//! changed hands ([`model::change::changes`], [`compose::compose_diff`]), an
//! animated PNG ([`render::animate`]) and vector PDFs ([`render::svg_to_pdf`]).
//! [`default_run`] makes all of them.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod compose;
pub mod error;
pub mod load;
pub mod model;
pub mod project;
pub mod render;
pub mod serve;
pub mod style;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use error::{Error, Result};

/// Where the built-in theatre and styles live: beside the current folder
/// when run from the repository, else where the crate was built.
pub fn builtin_dir(name: &str) -> PathBuf {
    let here = Path::new(name);
    if here.is_dir() {
        return here.to_path_buf();
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

/// What to render.
#[derive(Debug, Clone)]
pub struct RenderRequest {
    /// Theatre folder.
    pub theatre: PathBuf,
    /// Style name (in `styles_dir`) or path.
    pub style: String,
    /// Folder holding named styles.
    pub styles_dir: PathBuf,
    /// Output folder; `None` means `output/<theatre id>`.
    pub out: Option<PathBuf>,
    /// Phase ids; empty means all.
    pub phases: Vec<String>,
    /// Page width in pixels.
    pub width: f64,
    /// Formats to write.
    pub formats: Vec<render::Format>,
    /// Convert SVG text to outlines.
    pub outline_text: bool,
}

/// Smallest page width phasemap lays out.
pub const MIN_WIDTH: f64 = 300.0;

/// Everything a render produced, for the summary.
#[derive(Debug)]
pub struct RenderReport {
    /// Files written, in phase order.
    pub written: Vec<render::Written>,
    /// Problems `load` repaired.
    pub warnings: Vec<String>,
    /// Per phase: (phase id, labels placed, labels dropped).
    pub labels: Vec<(String, usize, usize)>,
    /// Seconds each step took (steps of the default run; may overlap, as
    /// steps run in parallel).
    pub timings: Vec<(String, f64)>,
}

/// A theatre loaded and prepared for one style and width: the input of every output.
pub struct Session {
    /// The theatre.
    pub theatre: model::Theatre,
    /// The style.
    pub style: style::Style,
    /// Page layout.
    pub layout: compose::Layout,
    /// Projected layers.
    pub projected: project::ProjectedTheatre,
}

impl Session {
    /// Loads, checks the request against the theatre, and projects.
    pub fn open(theatre_dir: &Path, style: &str, styles_dir: &Path, width: f64) -> Result<Session> {
        if !(MIN_WIDTH..=render::MAX_SIDE_PX).contains(&width) || !width.is_finite() {
            return Err(Error::Request(format!(
                "--width {width} is outside {MIN_WIDTH}..{} px",
                render::MAX_SIDE_PX
            )));
        }
        let theatre = load::load_theatre(theatre_dir)?;
        let style = load::load_style(style, styles_dir)?;
        Session::new(theatre, style, width)
    }

    /// Checks the style against an already loaded theatre, and projects.
    /// Reads no file.
    pub fn new(
        mut theatre: model::Theatre,
        mut style: style::Style,
        width: f64,
    ) -> Result<Session> {
        if !(MIN_WIDTH..=render::MAX_SIDE_PX).contains(&width) || !width.is_finite() {
            return Err(Error::Request(format!(
                "--width {width} is outside {MIN_WIDTH}..{} px",
                render::MAX_SIDE_PX
            )));
        }
        for p in style.overridden_phases() {
            if theatre.phase(p).is_none() {
                return Err(Error::Style {
                    path: style.path.clone(),
                    pointer: format!("phasemap:phases.{p}"),
                    message: format!("the theatre has no phase \"{p}\""),
                });
            }
        }
        // Role layers get their sources, undrawn layers their role's default,
        // powers their colours; said once however often a session is made.
        for w in style.bind(&theatre) {
            if !theatre.warnings.contains(&w) {
                theatre.warnings.push(w);
            }
        }
        let layout = if style.page.furniture {
            compose::Layout::new(width)
        } else {
            compose::Layout::bare(width)
        };
        let projected =
            project::project_theatre(&theatre, layout.map_w).map_err(|m| Error::Manifest {
                path: theatre.manifest_path.clone(),
                message: m,
            })?;
        Ok(Session {
            theatre,
            style,
            layout,
            projected,
        })
    }

    /// The phases named (all when empty), or an error naming the unknown one.
    pub fn select_phases(&self, ids: &[String]) -> Result<Vec<&model::Phase>> {
        if ids.is_empty() {
            return Ok(self.theatre.phases.iter().collect());
        }
        ids.iter()
            .map(|id| {
                self.theatre.phase(id).ok_or_else(|| {
                    let known: Vec<&str> =
                        self.theatre.phases.iter().map(|p| p.id.as_str()).collect();
                    Error::Request(format!(
                        "no phase \"{id}\" in theatre \"{}\" (phases: {})",
                        self.theatre.id,
                        known.join(", ")
                    ))
                })
            })
            .collect()
    }

    /// Composes the scenes of `phases` (in parallel; order kept).
    pub fn scenes(
        &self,
        phases: &[&model::Phase],
        progress: &(dyn Fn() + Sync),
    ) -> Vec<compose::Scene> {
        let prepared = compose::prepare(&self.theatre, &self.projected, &self.style, self.layout);
        phases
            .par_iter()
            .map(|p| {
                let s = compose::compose(&prepared, p);
                progress();
                s
            })
            .collect()
    }
}

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
    let written: Vec<Vec<render::Written>> = scenes
        .par_iter()
        .map(|s| {
            let w = render::write_scene(s, &out, &s.phase, &req.formats, req.outline_text);
            progress();
            w
        })
        .collect::<Result<_>>()?;
    let mut written: Vec<render::Written> = written.into_iter().flatten().collect();
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

/// Options of the pages that compare phases.
#[derive(Debug, Clone)]
pub struct CompareOptions {
    /// Sheet columns; `None`: about square.
    pub cols: Option<usize>,
    /// Animation: seconds each phase shows.
    pub seconds_per_phase: f64,
    /// Animation: seconds of cross-fade between phases (0: none).
    pub fade: f64,
    /// Animation width in pixels.
    pub animation_width: f64,
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            cols: None,
            seconds_per_phase: 2.0,
            // Blended frames compress poorly (each adds about 400 kB at 1000 px), so fades are opt-in.
            fade: 0.0,
            animation_width: 1000.0,
        }
    }
}

fn out_dir(req: &RenderRequest, theatre: &model::Theatre) -> Result<PathBuf> {
    let out = req
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("output").join(&theatre.id));
    render::ensure_dir(&out)?;
    Ok(out)
}

/// Columns of a sheet of `n` maps: about square, wider than tall.
fn default_cols(n: usize) -> usize {
    ((n as f64).sqrt().ceil() as usize).max(1)
}

/// The theatre and style a request names.
fn load_request(req: &RenderRequest) -> Result<(model::Theatre, style::Style)> {
    Ok((
        load::load_theatre(&req.theatre)?,
        load::load_style(&req.style, &req.styles_dir)?,
    ))
}

/// The sheet scene of the request's phases, `req.width` wide.
pub fn sheet_scene(req: &RenderRequest, cols: Option<usize>) -> Result<compose::Scene> {
    let (theatre, style) = load_request(req)?;
    sheet_of(&theatre, &style, req, cols)
}

fn sheet_of(
    theatre: &model::Theatre,
    style: &style::Style,
    req: &RenderRequest,
    cols: Option<usize>,
) -> Result<compose::Scene> {
    let n = if req.phases.is_empty() {
        theatre.phases.len()
    } else {
        req.phases.len()
    };
    let cols = cols.unwrap_or_else(|| default_cols(n)).clamp(1, n.max(1));
    // Each panel is laid out as a map of its own width, so its text is legible.
    let panel = compose::panel_width(req.width, cols).max(MIN_WIDTH);
    let session = Session::new(theatre.clone(), style.clone(), panel)?;
    let phases = session.select_phases(&req.phases)?;
    let prepared = compose::prepare(
        &session.theatre,
        &session.projected,
        &session.style,
        session.layout,
    );
    Ok(compose::compose_sheet(&prepared, &phases, cols, req.width))
}

/// Writes `sheet.svg` and `sheet.png` (and `sheet.pdf` when `pdf`).
pub fn write_sheet(
    req: &RenderRequest,
    cols: Option<usize>,
    pdf: bool,
) -> Result<Vec<render::Written>> {
    let (theatre, style) = load_request(req)?;
    let out = out_dir(req, &theatre)?;
    let scene = sheet_of(&theatre, &style, req, cols)?;
    write_sheet_scene(req, &scene, &out, pdf)
}

fn write_sheet_scene(
    req: &RenderRequest,
    scene: &compose::Scene,
    out: &Path,
    pdf: bool,
) -> Result<Vec<render::Written>> {
    let mut written = Vec::new();
    if !req.formats.is_empty() {
        written = render::write_svg_png(scene, out, "sheet")?;
    }
    if pdf {
        written.push(render::write_pdf(scene, out, "sheet")?);
    }
    Ok(written)
}

/// The change map of phase `a` to phase `b` in an open session, with its changes.
pub fn diff_scene(
    session: &Session,
    a: &str,
    b: &str,
) -> Result<(compose::Scene, Vec<model::change::Change>)> {
    let phases = session.select_phases(&[a.to_string(), b.to_string()])?;
    if !session.theatre.layers.iter().any(|l| l.exclusive) {
        return Err(Error::Request(format!(
            "theatre \"{}\" has no layer with \"exclusive\": true, so there is no territory to compare",
            session.theatre.id
        )));
    }
    let changes = model::change::changes(&session.theatre, phases[0], phases[1]);
    let prepared = compose::prepare(
        &session.theatre,
        &session.projected,
        &session.style,
        session.layout,
    );
    let scene = compose::compose_diff(&prepared, phases[0], phases[1], &changes);
    Ok((scene, changes))
}

/// Writes the change map's SVG, PNG and CSV.
fn write_diff_scene(
    scene: &compose::Scene,
    changes: &[model::change::Change],
    out: &Path,
    a: &str,
    b: &str,
) -> Result<Vec<render::Written>> {
    let stem = format!("diff-{a}-{b}");
    let mut written = render::write_svg_png(scene, out, &stem)?;
    written.push(render::write_atomic(
        &out.join(format!("{stem}.csv")),
        model::change::changes_csv(changes).as_bytes(),
    )?);
    Ok(written)
}

fn write_diff_in(session: &Session, out: &Path, a: &str, b: &str) -> Result<Vec<render::Written>> {
    let (scene, changes) = diff_scene(session, a, b)?;
    write_diff_scene(&scene, &changes, out, a, b)
}

/// Writes `diff-A-B.svg`, `.png` and `.csv`: what changed hands from `a` to `b`.
pub fn write_diff(req: &RenderRequest, a: &str, b: &str) -> Result<Vec<render::Written>> {
    let session = Session::open(&req.theatre, &req.style, &req.styles_dir, req.width)?;
    let out = out_dir(req, &session.theatre)?;
    write_diff_in(&session, out.as_path(), a, b)
}

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

fn write_animation_of(
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

/// What a plain `phasemap` run makes: every phase map, the sheet of all
/// phases, a change map for each consecutive pair of phases (when the
/// theatre has an exclusive layer) and the animation. `progress` gets a
/// short description of each step as it starts.
///
/// The theatre is read once; the outputs are independent jobs spread over
/// all cores, the longest first, so no core waits while another finishes
/// a long job alone.
pub fn default_run(
    req: &RenderRequest,
    opts: &CompareOptions,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<RenderReport> {
    let started = std::time::Instant::now();
    let mut timings = Vec::new();
    progress("loading");
    let (theatre, style) = load_request(req)?;
    let session = Session::new(theatre, style, req.width)?;
    let out = out_dir(req, &session.theatre)?;
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
    // The sheet and the animation lay the map out at widths of their own.
    jobs.push((
        "sheet".into(),
        Box::new(|| {
            let scene = sheet_of(&session.theatre, &session.style, req, opts.cols)?;
            write_sheet_scene(req, &scene, &out, false)
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
                    let scene = compose::compose_diff(prepared, a, b, &changes);
                    write_diff_scene(&scene, &changes, out, &a.id, &b.id)
                }),
            ));
        }
    } else {
        warnings.push(format!(
            "no change maps: theatre \"{}\" has no layer with \"exclusive\": true",
            session.theatre.id
        ));
    }
    jobs.push((
        "animation".into(),
        Box::new(|| {
            Ok(vec![write_animation_of(
                &session.theatre,
                &session.style,
                req,
                opts,
                &out,
            )?])
        }),
    ));
    // The animation (the longest job) first, beside the phase maps; then the
    // sheet (the largest in memory) beside the change maps, the smallest
    // jobs last, so both cores stay busy to the end and the two largest
    // never overlap (together they pass 100 MB).
    let cost = |what: &str| match what {
        "animation" => 0,
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
    Ok(RenderReport {
        written,
        warnings,
        labels: scenes
            .iter()
            .map(|s| (s.phase.clone(), s.labels.len(), s.dropped.len()))
            .collect(),
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
