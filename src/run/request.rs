//! What a command asks for and what it reports back.

use std::path::PathBuf;

use crate::error::{Error, Result};
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
    /// Languages of a multilingual render, the fallback first; empty: the
    /// theatre's own language only.
    pub langs: Vec<String>,
}

/// Everything a render produced, for the summary.
#[derive(Debug)]
pub struct RenderReport {
    /// Files written, in phase order.
    pub written: Vec<render::Written>,
    /// Problems `load` repaired.
    pub warnings: Vec<String>,
    /// How each phase map's labels fared.
    pub labels: Vec<LabelCount>,
    /// Seconds each step took (steps of the default run; may overlap, as
    /// steps run in parallel).
    pub timings: Vec<(String, f64)>,
}

/// How the labels of one phase map fared, for the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelCount {
    /// Phase id.
    pub phase: String,
    /// Labels drawn.
    pub placed: usize,
    /// Labels left out on purpose at this page width (the style's
    /// `phasemap:min-width`: minor places on a small map).
    pub left_out: usize,
    /// Labels that found no room.
    pub dropped: usize,
}

impl LabelCount {
    /// The counts of a phase map.
    pub fn of(scene: &crate::compose::Scene) -> LabelCount {
        LabelCount {
            phase: scene.phase.clone(),
            placed: scene.labels.len(),
            left_out: scene.left_out.len(),
            dropped: scene.dropped.len(),
        }
    }
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

/// Range of [`CompareOptions::seconds_per_phase`] (a GIF counts delays in
/// hundredths of a second up to 655.35 s).
pub const SECONDS_PER_PHASE: (f64, f64) = (0.1, 600.0);
/// Range of [`CompareOptions::fade`] (in steps of a tenth of a second).
pub const FADE_SECONDS: (f64, f64) = (0.0, 2.0);
/// Range of [`CompareOptions::animation_width`].
pub const ANIMATION_WIDTH: (f64, f64) = (crate::limits::MIN_WIDTH, 4000.0);

/// `value` if it is a finite number in `lo..=hi`; otherwise the error names
/// `what` (the command-line flag) and the range.
pub fn finite_in(what: &str, value: f64, (lo, hi): (f64, f64)) -> Result<f64, String> {
    if value.is_finite() && (lo..=hi).contains(&value) {
        Ok(value)
    } else {
        Err(format!(
            "{what} must be a number from {lo} to {hi}, not {value}"
        ))
    }
}

impl CompareOptions {
    /// Checks the animation's numbers before any work: finite and in range,
    /// each named by its command-line flag.
    pub fn check(&self) -> Result<()> {
        let checks = [
            (
                "--seconds-per-phase",
                self.seconds_per_phase,
                SECONDS_PER_PHASE,
            ),
            ("--fade", self.fade, FADE_SECONDS),
            ("--width", self.animation_width, ANIMATION_WIDTH),
        ];
        for (what, value, range) in checks {
            finite_in(what, value, range).map_err(|m| Error::Request(format!("animation: {m}")))?;
        }
        if self.cols == Some(0) {
            return Err(Error::Request("sheet: --cols must be at least 1".into()));
        }
        Ok(())
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn animation_numbers_are_finite_and_in_range() {
        assert!(CompareOptions::default().check().is_ok());
        let with = |f: &dyn Fn(&mut CompareOptions)| {
            let mut o = CompareOptions::default();
            f(&mut o);
            o.check().map_err(|e| e.to_string())
        };
        for (e, flag) in [
            (
                with(&|o| o.seconds_per_phase = f64::NAN),
                "--seconds-per-phase",
            ),
            (with(&|o| o.seconds_per_phase = 0.0), "--seconds-per-phase"),
            (with(&|o| o.fade = f64::INFINITY), "--fade"),
            (with(&|o| o.fade = -1.0), "--fade"),
            (with(&|o| o.animation_width = 1e12), "--width"),
            (with(&|o| o.animation_width = f64::NAN), "--width"),
            (with(&|o| o.cols = Some(0)), "--cols"),
        ] {
            let e = e.unwrap_err();
            assert!(e.contains(flag), "{e}");
        }
        assert!(with(&|o| o.fade = 2.0).is_ok());
        assert!(with(&|o| o.seconds_per_phase = 600.0).is_ok());
    }
}
