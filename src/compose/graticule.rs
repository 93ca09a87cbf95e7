//! Meridians and parallels, every 10 degrees or finer on a small map (each
//! direction its own interval: at least three lines across the frame), and
//! where they meet the frame (for the labels drawn outside it).

use geo::{Geometry, LineString, MultiLineString};

use crate::model::antimeridian::{unwrap_lon, wrap};
use crate::project::MapView;

/// Graticule lines in map pixels and their labels at the frame edges.
pub struct Graticule {
    /// All lines, clipped to the frame.
    pub lines: Geometry<f64>,
    /// (x, label) where a meridian meets the bottom edge.
    pub bottom: Vec<(f64, String)>,
    /// (x, label) where a meridian meets the top edge.
    pub top: Vec<(f64, String)>,
    /// (y, label) where a parallel meets the left edge.
    pub left: Vec<(f64, String)>,
    /// (y, label) where a parallel meets the right edge.
    pub right: Vec<(f64, String)>,
}

/// Intervals (degrees) the graticule may take, widest first.
const STEPS: [f64; 4] = [10.0, 5.0, 2.0, 1.0];
/// Lines a direction of the graticule should have across the frame.
const MIN_LINES: i64 = 3;

/// The widest interval giving [`MIN_LINES`] lines between `a` and `b`
/// (degrees), the finest if none does.
fn interval(a: f64, b: f64) -> f64 {
    let lines = |step: f64| (b / step).floor() as i64 - (a / step).ceil() as i64 + 1;
    STEPS
        .into_iter()
        .find(|&s| lines(s) >= MIN_LINES)
        .unwrap_or(STEPS[STEPS.len() - 1])
}
/// How far (degrees) graticule lines run past the frame's lon/lat box.
const MARGIN_DEGREES: f64 = 0.5;

/// `h`: the words after the degrees, north, south, east, west.
fn lon_label(lon: f64, h: &[&str; 4]) -> String {
    // Across the antimeridian the model's longitudes run past 180.
    match wrap(lon) {
        l if l > 0.0 && l < 180.0 => format!("{l:.0}\u{b0}{}", h[2]),
        l if l < 0.0 && l > -180.0 => format!("{:.0}\u{b0}{}", -l, h[3]),
        l => format!("{:.0}\u{b0}", l.abs()),
    }
}

fn lat_label(lat: f64, h: &[&str; 4]) -> String {
    match lat {
        l if l > 0.0 => format!("{l:.0}\u{b0}{}", h[0]),
        l if l < 0.0 => format!("{:.0}\u{b0}{}", -l, h[1]),
        _ => "0\u{b0}".into(),
    }
}

/// The lon/lat box that covers both `extent` and the whole frame of `view`
/// (its border sampled; on a conic map the corners of the frame lie outside
/// the extent), so meridians and parallels reach every edge of the map.
fn covering_box(view: &MapView, extent: [f64; 4]) -> [f64; 4] {
    let centre = (extent[0] + extent[2]) / 2.0;
    let (w, h) = (view.width, view.height);
    let n = 64;
    let mut b = extent;
    for i in 0..=n {
        let t = f64::from(i) / f64::from(n);
        for (x, y) in [(w * t, 0.0), (w * t, h), (0.0, h * t), (w, h * t)] {
            if let Some((lon, lat)) = view.to_lonlat(x, y) {
                let lon = unwrap_lon(lon, centre);
                b = [b[0].min(lon), b[1].min(lat), b[2].max(lon), b[3].max(lat)];
            }
        }
    }
    // A little beyond, so lines that end on an edge (a meridian through a
    // corner of the extent) cross it and get their label.
    let grown = |v: f64, by: f64| if v.is_finite() { v + by } else { v };
    [
        grown(b[0], -MARGIN_DEGREES).max(centre - 180.0),
        grown(b[1], -MARGIN_DEGREES).max(-89.0),
        grown(b[2], MARGIN_DEGREES).min(centre + 180.0),
        grown(b[3], MARGIN_DEGREES).min(89.0),
    ]
}

impl Graticule {
    /// The graticule over `extent` (lon/lat box), and beyond it as far as
    /// the frame of `view` reaches, as seen in `view`; labels end in
    /// `hemispheres` (north, south, east, west: [`crate::model::Words`]).
    pub fn new(view: &MapView, extent: [f64; 4], hemispheres: &[&str; 4]) -> Graticule {
        // Intervals from the extent (what the frame shows along its
        // edges), lines over the covering box (a conic frame's corners
        // reach beyond it).
        let (lon_step, lat_step) = (
            interval(extent[0], unwrap_lon(extent[2], extent[0] + 180.0)),
            interval(extent[1], extent[3]),
        );
        let extent = covering_box(view, extent);
        let (w, h) = (view.width, view.height);
        let steps = |a: f64, b: f64, step: f64| {
            let first = (a / step).ceil() as i64;
            let last = (b / step).floor() as i64;
            (first..=last)
                .map(|i| i as f64 * step)
                .collect::<Vec<f64>>()
        };
        let sample = |a: f64, b: f64| {
            let n = ((b - a) / 0.25).ceil().max(1.0) as usize;
            (0..=n).map(move |i| a + (b - a) * i as f64 / n as f64)
        };
        let mut lines = Vec::new();
        let mut g = Graticule {
            lines: Geometry::MultiLineString(MultiLineString(vec![])),
            bottom: vec![],
            top: vec![],
            left: vec![],
            right: vec![],
        };
        for lon in steps(extent[0], extent[2], lon_step) {
            let pts: Vec<(f64, f64)> = sample(extent[1], extent[3])
                .filter_map(|lat| view.to_px(lon, lat))
                .collect();
            for (y_edge, list) in [(h, &mut g.bottom), (0.0, &mut g.top)] {
                if let Some(x) = crossing(&pts, |p| p.1 - y_edge, |a, b, t| a.0 + (b.0 - a.0) * t) {
                    if (0.0..=w).contains(&x) {
                        list.push((x, lon_label(lon, hemispheres)));
                    }
                }
            }
            lines.push(LineString::from(
                sample(extent[1], extent[3])
                    .map(|lat| (lon, lat))
                    .collect::<Vec<_>>(),
            ));
        }
        for lat in steps(extent[1], extent[3], lat_step) {
            let pts: Vec<(f64, f64)> = sample(extent[0], extent[2])
                .filter_map(|lon| view.to_px(lon, lat))
                .collect();
            for (x_edge, list) in [(0.0, &mut g.left), (w, &mut g.right)] {
                if let Some(y) = crossing(&pts, |p| p.0 - x_edge, |a, b, t| a.1 + (b.1 - a.1) * t) {
                    if (0.0..=h).contains(&y) {
                        list.push((y, lat_label(lat, hemispheres)));
                    }
                }
            }
            lines.push(LineString::from(
                sample(extent[0], extent[2])
                    .map(|lon| (lon, lat))
                    .collect::<Vec<_>>(),
            ));
        }
        if let Some(geom) = view.geometry(&Geometry::MultiLineString(MultiLineString(lines))) {
            g.lines = geom;
        }
        g
    }
}

/// First place along `pts` where `f` changes sign, interpolated with `lerp`.
fn crossing(
    pts: &[(f64, f64)],
    f: impl Fn(&(f64, f64)) -> f64,
    lerp: impl Fn(&(f64, f64), &(f64, f64), f64) -> f64,
) -> Option<f64> {
    pts.windows(2).find_map(|w| {
        let (fa, fb) = (f(&w[0]), f(&w[1]));
        (fa.signum() != fb.signum() && fa != fb).then(|| lerp(&w[0], &w[1], fa / (fa - fb)))
    })
}
