//! What a command asks for and what it reports back.

use std::path::PathBuf;

use crate::render;

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

/// Options of the pages that compare phases.
#[derive(Debug, Clone)]
pub struct CompareOptions {
    /// Sheet columns; `None`: about square.
    pub cols: Option<usize>,
    /// Animation: seconds each phase shows.
    pub seconds_per_phase: f64,
    /// Animation: seconds of cross-fade between phases (0: none).
    pub fade: f64,
    /// Animation width in pixels (a GIF's is narrower if its frames would
    /// pass the pixels a wiki animates).
    pub animation_width: f64,
    /// Animation container.
    pub format: AnimationFormat,
}

/// Container of an animation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AnimationFormat {
    /// Animated PNG: full colour; browsers play it.
    #[default]
    Apng,
    /// GIF: 256 colours a frame; the only animation wikis play in articles.
    Gif,
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            cols: None,
            seconds_per_phase: 2.0,
            // Blended frames compress poorly (each adds about 400 kB at 1000 px), so fades are opt-in.
            fade: 0.0,
            animation_width: 1000.0,
            format: AnimationFormat::Apng,
        }
    }
}
