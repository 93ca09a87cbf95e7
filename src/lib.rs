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
//! 3. **project** ([`project::project_theatre`]): thin to a fraction of a pixel
//!    in degrees, densify, project with the manifest's PROJ string, simplify
//!    to the output resolution, clip to the frame.
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
//! animated PNG ([`render::animate`]) or GIF ([`render::gif`]) and vector
//! PDFs ([`render::svg_to_pdf`]); [`compose::commons`] writes the texts of
//! the Wikimedia Commons description pages ([`run::write_commons`]).
//! [`default_run`] makes all of them.
//!
//! # Around the stages
//! [`error`] (the error type and its wording) and [`limits`] sit below every
//! stage; [`run`] holds the [`Session`] and one driver per command, above
//! every stage.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod compose;
pub mod error;
pub mod limits;
pub mod load;
pub mod model;
pub mod project;
pub mod render;
pub mod run;
pub mod serve;
pub mod style;

pub use error::{Error, Result};
pub use load::builtin_dir;
pub use run::{
    animation_png, animation_session, default_run, diff_scene, render_phases, sheet_scene,
    write_animation, write_diff, write_pdfs, write_sheet, AnimationFormat, CompareOptions,
    RenderReport, RenderRequest, Session,
};
