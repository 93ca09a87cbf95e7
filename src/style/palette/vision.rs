//! Colours as readers see them: CIELAB in normal vision and under
//! simulated deuteranopia and protanopia, and the CIEDE2000 distance the
//! palette keeps between colours.

use ::palette::color_difference::Ciede2000;
use ::palette::{FromColor, Lab, LinSrgb, Srgb};

use super::Color;

/// Deuteranopia, Machado, Oliveira and Fernandes (2009), severity 1, on linear sRGB.
const DEUTERANOPIA: [[f32; 3]; 3] = [
    [0.367_322, 0.860_646, -0.227_968],
    [0.280_085, 0.672_501, 0.047_413],
    [-0.011_820, 0.042_940, 0.968_881],
];
/// Protanopia, same source.
const PROTANOPIA: [[f32; 3]; 3] = [
    [0.152_286, 1.052_583, -0.204_868],
    [0.114_503, 0.786_281, 0.099_216],
    [-0.003_882, -0.048_116, 1.051_998],
];

/// A colour in the three visions the palette compares.
#[derive(Clone, Copy)]
pub(super) struct Seen([Lab<::palette::white_point::D65, f32>; 3]);

impl Seen {
    pub(super) fn new(c: Srgb<f32>) -> Seen {
        let lin: LinSrgb<f32> = c.into_linear();
        let sim = |m: &[[f32; 3]; 3]| {
            let v = [lin.red, lin.green, lin.blue];
            let row = |r: &[f32; 3]| (r[0] * v[0] + r[1] * v[1] + r[2] * v[2]).clamp(0.0, 1.0);
            Lab::from_color(LinSrgb::new(row(&m[0]), row(&m[1]), row(&m[2])))
        };
        Seen([Lab::from_color(lin), sim(&DEUTERANOPIA), sim(&PROTANOPIA)])
    }

    /// The smallest CIEDE2000 distance over the three visions.
    pub(super) fn distance(&self, o: &Seen) -> f64 {
        self.distances(o).into_iter().fold(f64::INFINITY, f64::min)
    }

    /// The CIEDE2000 distance in normal vision.
    pub(super) fn normal_distance(&self, o: &Seen) -> f64 {
        f64::from(self.0[0].difference(o.0[0]))
    }

    /// The CIEDE2000 distance in each vision, in the order of [`VISIONS`].
    fn distances(&self, o: &Seen) -> [f64; 3] {
        [0, 1, 2].map(|k| f64::from(self.0[k].difference(o.0[k])))
    }
}

pub(super) fn srgb(rgb: [u8; 3]) -> Srgb<f32> {
    Srgb::new(rgb[0], rgb[1], rgb[2]).into_format()
}

/// CIE lightness under which a fill's shade may be lighter instead.
const TOO_DARK_TO_DARKEN: f32 = 40.0;

/// How much darker (CIE lightness) a dark shade is: 22 first, then the
/// nearest other steps, 13 to 42 (every one stands out on a fill of the
/// original), then lighter ones (negative), only for a fill so dark that
/// every darker step ends at the same near-black.
const DARK_STEPS: [f32; 38] = [
    22.0, 21.0, 23.0, 20.0, 24.0, 19.0, 25.0, 18.0, 26.0, 17.0, 27.0, 16.0, 28.0, 15.0, 29.0, 14.0,
    30.0, 13.0, 31.0, 32.0, 33.0, 34.0, 35.0, 36.0, 38.0, 40.0, 42.0, -14.0, -16.0, -18.0, -20.0,
    -22.0, -24.0, -26.0, -28.0, -30.0, -32.0, -36.0,
];

/// The dark shade of each colour of `colors`, for arrows, lines and
/// hatching over fills: 22 units of lightness darker where that keeps it
/// `min` CIEDE2000 from every other shade (for colour-blind readers too;
/// darkening brings colours together, and two powers' arrows must not be
/// confused), else the first step of [`DARK_STEPS`] that does, else the one
/// that keeps it farthest. A few rounds over all colours settle the choice.
/// Only the colours marked `true` (drawn in their dark shade) must keep
/// `min` from each other; the rest take the first step.
pub(super) fn dark_shades(colors: &[([u8; 3], bool)], min: f64) -> Vec<Color> {
    let options: Vec<Vec<(Color, Seen)>> = colors
        .iter()
        .map(|&(rgb, _)| {
            let lab: Lab<::palette::white_point::D65, f32> =
                Lab::from_color(srgb(rgb).into_linear());
            // A lighter shade only for a fill too dark to darken: a light
            // arrow over a mid-tone fill reads as a gap, not a line.
            DARK_STEPS
                .iter()
                .filter(|&&step| step > 0.0 || lab.l < TOO_DARK_TO_DARKEN)
                .map(|&step| {
                    let c = darker_by(rgb, step);
                    (c, Seen::new(srgb([c.r, c.g, c.b])))
                })
                .collect()
        })
        .collect();
    let mut pick = vec![0usize; colors.len()];
    for _ in 0..8 {
        let mut changed = false;
        for i in (0..colors.len()).filter(|&i| colors[i].1) {
            let nearest = |k: usize| {
                (0..colors.len())
                    .filter(|&j| j != i && colors[j].1)
                    .map(|j| options[i][k].1.distance(&options[j][pick[j]].1))
                    .fold(f64::INFINITY, f64::min)
            };
            let choice = (0..options[i].len())
                .find(|&k| nearest(k) >= min)
                .unwrap_or_else(|| {
                    (0..options[i].len())
                        .max_by(|&a, &b| nearest(a).total_cmp(&nearest(b)).then(b.cmp(&a)))
                        .unwrap_or(0)
                });
            if choice != pick[i] {
                pick[i] = choice;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    pick.iter()
        .enumerate()
        .map(|(i, &k)| options[i][k].0)
        .collect()
}

/// `rgb` `step` units of CIE lightness darker (at least 18, at most 92),
/// same hue and chroma as far as the gamut allows.
fn darker_by(rgb: [u8; 3], step: f32) -> Color {
    let lab: Lab<::palette::white_point::D65, f32> = Lab::from_color(srgb(rgb).into_linear());
    let l = (lab.l - step).clamp(18.0, 92.0);
    let mut lin: LinSrgb<f32> = LinSrgb::from_color(Lab::new(l, lab.a, lab.b));
    lin.red = lin.red.clamp(0.0, 1.0);
    lin.green = lin.green.clamp(0.0, 1.0);
    lin.blue = lin.blue.clamp(0.0, 1.0);
    let out: Srgb<u8> = Srgb::<f32>::from_linear(lin).into_format();
    Color::rgb(out.red, out.green, out.blue)
}

/// The visions the palette compares colours in.
pub const VISIONS: [&str; 3] = ["normal", "deuteranopia", "protanopia"];

/// CIEDE2000 distance of two colours, the smallest over normal vision,
/// deuteranopia and protanopia (for tests and reports).
pub fn distance_all_visions(a: Color, b: Color) -> f64 {
    Seen::new(srgb([a.r, a.g, a.b])).distance(&Seen::new(srgb([b.r, b.g, b.b])))
}

/// CIEDE2000 distance of two colours in each of [`VISIONS`].
pub fn distance_by_vision(a: Color, b: Color) -> [f64; 3] {
    Seen::new(srgb([a.r, a.g, a.b])).distances(&Seen::new(srgb([b.r, b.g, b.b])))
}
