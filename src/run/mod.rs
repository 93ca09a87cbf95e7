//! The commands, one driver each, all starting from a [`Session`]: they
//! call the stages in order and hand the scenes to `render`.

mod animation;
mod commons;
mod default_run;
mod diff;
mod glyphs;
mod languages;
mod pdf;
mod phases;
mod request;
mod session;
mod sheet;

pub use animation::{
    animation_bytes, animation_png, animation_session, write_animation, Animation,
};
pub use commons::write_commons;
pub use default_run::default_run;
pub use diff::{diff_scene, write_diff};
pub use languages::{
    check_languages, english_parts_warning, missing_translations, write_languages,
};
pub use pdf::{write_pdfs, PdfOptions};
pub use phases::render_phases;
pub use request::{
    finite_in, AnimationFormat, CompareOptions, LabelCount, RenderReport, RenderRequest,
    FADE_SECONDS, SECONDS_PER_PHASE,
};
pub(crate) use session::not_the_theatre_folder;
pub use session::{checked, Session};
pub use sheet::{sheet_scene, write_sheet};
