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
    pub fn new(theatre: model::Theatre, style: style::Style, width: f64) -> Result<Session> {
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
    })
}
