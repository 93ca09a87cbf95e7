//! Hatch patterns of filled areas (print styles), shared in `<defs>`.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::markup::pattern_id;
use super::svg::val;
use crate::model::Texture;
use crate::style::Color;

/// Shared `<defs>` content (hatch patterns), numbered in order of first use
/// so ids are stable from run to run. Kept as data: the interactive page
/// gives the patterns of all its phases one set of ids.
#[derive(Debug, Clone, Default)]
pub struct Defs {
    patterns: BTreeMap<String, usize>,
    items: Vec<Def>,
}

/// One element of [`Defs`].
#[derive(Debug, Clone, PartialEq)]
pub enum Def {
    /// Hatch pattern `n` (id [`pattern_id`]`(n)`): its attributes after the
    /// id and its content, up to `</pattern>`.
    Pattern {
        /// The pattern's number in its scene, from 1.
        n: usize,
        /// Its attributes after the id and its content.
        body: String,
    },
    /// Any other element (a clip path), complete.
    Other(String),
}

impl Defs {
    /// The number of the hatch pattern drawn with these parameters (added
    /// on first use).
    pub(super) fn hatch(
        &mut self,
        color: Color,
        opacity: f64,
        angle: f64,
        spacing: f64,
        width: f64,
        texture: Texture,
    ) -> usize {
        let key = format!(
            "{}|{}|{}|{}|{}|{}",
            color.hex(),
            val(opacity),
            val(angle),
            val(spacing),
            val(width),
            texture.name()
        );
        if let Some(n) = self.patterns.get(&key) {
            return *n;
        }
        let n = self.patterns.len() + 1;
        let body = format!(
            " patternUnits=\"userSpaceOnUse\" {}</pattern>",
            match texture {
                Texture::Dots => dot_tile(angle, spacing, width, color, opacity),
                t => hatch_tile(angle, spacing, width, t == Texture::Cross, color, opacity),
            }
        );
        self.items.push(Def::Pattern { n, body });
        self.patterns.insert(key, n);
        n
    }

    /// Adds an element other than a hatch pattern (complete markup).
    pub fn push_other(&mut self, markup: String) {
        self.items.push(Def::Other(markup));
    }

    /// The elements in order of creation.
    pub fn items(&self) -> &[Def] {
        &self.items
    }

    /// The elements as the scene's own SVG has them, one a line.
    pub fn svg(&self) -> String {
        let mut out = String::new();
        for d in &self.items {
            match d {
                Def::Pattern { n, body } => {
                    let _ = writeln!(out, "<pattern id=\"{}\"{body}", pattern_id(*n));
                }
                Def::Other(m) => {
                    out.push_str(m);
                    out.push('\n');
                }
            }
        }
        out
    }
}

/// The attributes and content of a dotted `<pattern>`: dots `width` across
/// on a square grid `spacing` apart, staggered (a diagonal grid) unless
/// `angle` is a multiple of 90 degrees.
fn dot_tile(angle: f64, spacing: f64, width: f64, color: Color, opacity: f64) -> String {
    let sp = spacing.round().max(3.0);
    // Dots grow with their spacing, so sparse dots still read as a tone.
    let r = val((width * 1.1).max(sp * 0.13).max(1.0));
    let paint = format!("fill=\"{}\" fill-opacity=\"{}\"", color.hex(), val(opacity));
    let a = angle.rem_euclid(90.0);
    let mut out = format!(
        "width=\"{0}\" height=\"{0}\"><circle cx=\"{1}\" cy=\"{1}\" r=\"{r}\" {paint}/>",
        val(sp),
        val(sp / 2.0)
    );
    if a > 1.0 && a < 89.0 {
        for (x, y) in [(0.0, 0.0), (sp, 0.0), (0.0, sp), (sp, sp)] {
            let _ = write!(
                out,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{r}\" {paint}/>",
                val(x),
                val(y)
            );
        }
    }
    out
}

/// The attributes and content of a hatch `<pattern>`: lines at `angle`
/// degrees from vertical (clockwise), `spacing` apart, `width` wide.
///
/// The tile is upright and a whole number of pixels, with the slanted
/// lines drawn into it: an upright tile that is translated only is sampled
/// pixel for pixel, where a rotated one (`patternTransform`) is resampled
/// bicubically at every pixel it covers (a twentieth of all raster time).
/// Slanted lines repeat across an upright tile W wide and H high when
/// tan(angle) = W / H, so the angle is taken to the nearest such ratio of
/// whole pixels (within a degree or so at map sizes) and the spacing to
/// W cos(angle). Cross-hatching at angles other than 0, 45 and 90 degrees
/// does not repeat in a small upright tile and keeps the rotated tile.
fn hatch_tile(
    angle: f64,
    spacing: f64,
    width: f64,
    cross: bool,
    color: Color,
    opacity: f64,
) -> String {
    let paint = format!(
        "stroke=\"{}\" stroke-opacity=\"{}\"",
        color.hex(),
        val(opacity)
    );
    // Angles fold into -90..90: lines at a and a + 180 degrees are the same.
    let a = (angle + 90.0).rem_euclid(180.0) - 90.0;
    let near = |x: f64| (a - x).abs() < 0.5;
    if near(0.0) || near(-90.0) || near(90.0) {
        // Vertical (or horizontal) lines on the tile's edge, stroked twice as
        // wide: each tile shows half of its own line, the next tile the rest.
        let sp = spacing.round().max(2.0);
        let d = match (near(0.0), cross) {
            (_, true) => format!("M0 0V{0}M0 0H{0}", val(sp)),
            (true, false) => format!("M0 0V{}", val(sp)),
            (false, false) => format!("M0 0H{}", val(sp)),
        };
        return format!(
            "width=\"{0}\" height=\"{0}\"><path d=\"{d}\" {paint} stroke-width=\"{1}\"/>",
            val(sp),
            val(width * 2.0)
        );
    }
    let rad = a.to_radians();
    let w = (spacing / rad.cos().abs()).round().max(1.0);
    let h = (spacing / rad.sin().abs()).round().max(1.0);
    let square = w == h;
    if w > 512.0 || h > 512.0 || (cross && !square) {
        let sp = val(spacing);
        let d = if cross {
            format!("M0 0V{sp}M0 0H{sp}")
        } else {
            format!("M0 0V{sp}")
        };
        return format!(
            "width=\"{sp}\" height=\"{sp}\" patternTransform=\"rotate({})\"><path d=\"{d}\" {paint} stroke-width=\"{}\"/>",
            val(angle),
            val(width * 2.0)
        );
    }
    // Lines cos(t) x + sin(t) y = k s, with tan|t| = w / h and s = w cos t.
    let t = (w / h).atan() * a.signum();
    let (sin, cos) = t.sin_cos();
    let s = w * cos;
    let reach = w + h;
    let mut d = String::new();
    let mut family = |n: (f64, f64)| {
        let dir = (-n.1, n.0);
        for k in -3..=3 {
            let c = (n.0 * k as f64 * s, n.1 * k as f64 * s);
            let _ = write!(
                d,
                "M{} {}L{} {}",
                val(c.0 - dir.0 * reach),
                val(c.1 - dir.1 * reach),
                val(c.0 + dir.0 * reach),
                val(c.1 + dir.1 * reach)
            );
        }
    };
    family((cos, sin));
    if cross {
        family((-sin, cos));
    }
    format!(
        "width=\"{}\" height=\"{}\"><path d=\"{d}\" {paint} stroke-width=\"{}\"/>",
        val(w),
        val(h),
        val(width)
    )
}
