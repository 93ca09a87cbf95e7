//! Stage 5, **compose**: one phase of a theatre, styled, as one SVG scene
//! (page furniture included). [`prepare`] does the work shared by all phases
//! (static label placement, graticule, footer height); [`compose`] builds a
//! phase's scene from it. Scenes are plain data; `render` writes them.
//!
//! Files by concept, each importing only those below it: the scene (data
//! out) and what is prepared once; symbols and labels; the map's layers;
//! the furniture (header, graticule labels, scale bar, legend, footer); the
//! pages that put them together (a phase map, and the pages that compare
//! phases).

mod arrows;
mod beside;
pub mod commons;
mod compare;
mod displace;
mod dissolve;
mod footer;
mod front_side;
mod furniture;
mod graticule;
mod graticule_labels;
mod hatch;
mod header;
mod hoist;
mod inset;
mod inset_corner;
mod label_layout;
mod label_requests;
mod labels;
mod layout;
mod legend;
mod map;
mod markers;
pub mod markup;
mod multilingual;
mod phase_map;
mod prepared;
mod scale_bar;
mod scene;
pub mod share;
mod sheet_notes;
pub mod svg;
mod symbols;
pub mod text;
mod unshown;
mod zones;

pub use compare::{compose_diff, compose_sheet, panel_width};
pub use hatch::{Def, Defs};
pub use label_layout::LabelLayout;
pub use labels::{boxes_overlap, PlacedLabel};
pub use layout::{Layout, ARTICLE_WIDTH, MIN_TEXT_PX, REFERENCE_WIDTH};
pub use legend::LegendRow;
pub use markers::{unknown_markers, MARKERS};
pub use multilingual::compose_languages;
pub(crate) use multilingual::items_of;
pub use phase_map::{compose, inset_warnings, prepare, prepare_following};
pub use prepared::Prepared;
pub use scene::{DrawnFeature, FrontTeeth, Panel, Scene, SceneParts};
pub use share::share_paths;
pub use unshown::unshown;
