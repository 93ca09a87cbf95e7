//! Movement arrows that follow a railway run beside it, not on it: an
//! arrow whose line lies mostly within reach of a railway drawn in the
//! phase is moved sideways, to the right of its direction of travel, by
//! half its width, half the railway's ladder and a gap, so the railway it
//! follows stays visible.

use std::borrow::Cow;

use geo::{BoundingRect, Coord, Distance, Euclidean, Geometry, LineString, MultiLineString, Point};

use super::prepared::Prepared;
use super::symbols::{along, cumulative, lines_of, Props};
use crate::model::{Phase, Role};

/// Share of a line's length that must lie near a railway for it to follow one.
const FOLLOWS: f64 = 0.5;
/// Points sampled along a line.
const SAMPLES: usize = 40;

/// The geometry the arrow of `props` is drawn along: `g` moved beside the
/// railways it follows (unchanged for a layer without arrows, or for a
/// line that follows none).
pub(super) fn arrow_line<'g>(
    p: &Prepared,
    phase: &Phase,
    props: &Props,
    g: &'g Geometry<f64>,
) -> Cow<'g, Geometry<f64>> {
    let Some(lp) = props
        .paint()
        .line()
        .filter(|lp| props.is_set(&lp.arrow_width))
    else {
        return Cow::Borrowed(g);
    };
    let w = props.size(&lp.arrow_width, 8.0);
    let rails = railways(p, phase);
    if rails.is_empty() {
        return Cow::Borrowed(g);
    }
    // Near: the arrow's body would cover the railway's ladder.
    let near = w * 0.5 + p.layout.px(6.0);
    let shift = w * 0.5 + p.layout.px(7.0);
    let lines = lines_of(g);
    let mut moved = false;
    let out: Vec<LineString<f64>> = lines
        .iter()
        .map(|l| {
            if follows(&l.0, &rails, near) {
                moved = true;
                offset(&l.0, shift)
            } else {
                (*l).clone()
            }
        })
        .collect();
    if !moved {
        return Cow::Borrowed(g);
    }
    let mut out = out;
    Cow::Owned(match (out.pop(), out.is_empty()) {
        (Some(l), true) => Geometry::LineString(l),
        (Some(l), false) => {
            out.push(l);
            Geometry::MultiLineString(MultiLineString(out))
        }
        (None, _) => return Cow::Borrowed(g),
    })
}

/// Railway lines (map pixels) in force in `phase`, with their boxes.
pub(super) fn railways<'a>(
    p: &Prepared<'a>,
    phase: &Phase,
) -> Vec<(geo::Rect<f64>, &'a LineString<f64>)> {
    let mut out = Vec::new();
    for (layer, proj) in p.theatre.layers.iter().zip(&p.projected.layers) {
        if layer.role != Some(Role::Railways) {
            continue;
        }
        for (f, g) in layer.features.iter().zip(&proj.geometries) {
            let Some(g) = g.as_ref().filter(|_| f.is_active(phase.snapshot)) else {
                continue;
            };
            for l in lines_of(g) {
                if let Some(r) = l.bounding_rect() {
                    out.push((r, l));
                }
            }
        }
    }
    out
}

/// Distance from `q` to the nearest railway (infinite when none within `reach`).
pub(super) fn rail_distance(
    q: Coord<f64>,
    rails: &[(geo::Rect<f64>, &LineString<f64>)],
    reach: f64,
) -> f64 {
    rails
        .iter()
        .filter(|(r, _)| {
            q.x >= r.min().x - reach
                && q.x <= r.max().x + reach
                && q.y >= r.min().y - reach
                && q.y <= r.max().y + reach
        })
        .map(|(_, l)| Euclidean.distance(&Point(q), *l))
        .fold(f64::INFINITY, f64::min)
}

/// Whether most of the line lies within `near` of a railway.
fn follows(pts: &[Coord<f64>], rails: &[(geo::Rect<f64>, &LineString<f64>)], near: f64) -> bool {
    rail_share(pts, rails, near) >= FOLLOWS
}

/// Share of the line's length within `near` of a railway (0 for a line
/// without length).
fn rail_share(pts: &[Coord<f64>], rails: &[(geo::Rect<f64>, &LineString<f64>)], near: f64) -> f64 {
    if pts.len() < 2 {
        return 0.0;
    }
    let cum = cumulative(pts);
    let total = cum.last().copied().unwrap_or(0.0);
    if !(total > 0.0 && total.is_finite()) {
        return 0.0;
    }
    let close = (0..SAMPLES)
        .filter(|k| {
            let (q, _) = along(pts, &cum, total * (*k as f64 + 0.5) / SAMPLES as f64);
            rail_distance(q, rails, near) <= near
        })
        .count();
    close as f64 / SAMPLES as f64
}

/// A test for arrows moved out of a label's way (see
/// `arrows::clear_of_boxes`): true when a moved line lies on the phase's
/// railways no more than `drawn`, the arrow as it would be drawn, does (by
/// a tenth of its length), so an arrow set beside a railway stays off it.
pub(super) fn no_nearer_rails<'a>(
    p: &'a Prepared,
    phase: &Phase,
    props: &Props,
    drawn: &Geometry<f64>,
) -> impl Fn(&LineString<f64>) -> bool + 'a {
    let rails = railways(p, phase);
    let near = props
        .paint()
        .line()
        .map_or(0.0, |lp| props.size(&lp.arrow_width, 8.0) * 0.5)
        + p.layout.px(6.0);
    let was = lines_of(drawn)
        .iter()
        .map(|l| rail_share(&l.0, &rails, near))
        .fold(0.0, f64::max);
    move |l: &LineString<f64>| rail_share(&l.0, &rails, near) <= was + 0.1
}

/// The line moved `d` to the right of its direction (screen y down): each
/// vertex along the mean of its segments' normals, lengthened at bends
/// (at most twice) so the sides stay parallel.
fn offset(pts: &[Coord<f64>], d: f64) -> LineString<f64> {
    let normal = |a: Coord<f64>, b: Coord<f64>| {
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let len = (dx * dx + dy * dy).sqrt();
        if len > 0.0 {
            // Walking a to b, the right is (-dy, dx).
            Some(Coord {
                x: -dy / len,
                y: dx / len,
            })
        } else {
            None
        }
    };
    let n = pts.len();
    let segs: Vec<Option<Coord<f64>>> = pts.windows(2).map(|w| normal(w[0], w[1])).collect();
    let out = (0..n)
        .map(|i| {
            let before = if i > 0 { segs[i - 1] } else { None };
            let after = segs.get(i).copied().flatten();
            let m = match (before, after) {
                (Some(a), Some(b)) => {
                    let s = Coord {
                        x: a.x + b.x,
                        y: a.y + b.y,
                    };
                    let len = (s.x * s.x + s.y * s.y).sqrt();
                    if len < 1e-9 {
                        a
                    } else {
                        // Lengthen by 1/cos of half the bend, at most 2.
                        let u = Coord {
                            x: s.x / len,
                            y: s.y / len,
                        };
                        let cos = (u.x * a.x + u.y * a.y).max(0.5);
                        Coord {
                            x: u.x / cos,
                            y: u.y / cos,
                        }
                    }
                }
                (Some(a), None) | (None, Some(a)) => a,
                (None, None) => Coord { x: 0.0, y: 0.0 },
            };
            Coord {
                x: pts[i].x + m.x * d,
                y: pts[i].y + m.y * d,
            }
        })
        .collect();
    LineString(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_moves_a_line_to_its_right_and_keeps_bends_parallel() {
        let l = offset(
            &[
                Coord { x: 0.0, y: 0.0 },
                Coord { x: 10.0, y: 0.0 },
                Coord { x: 10.0, y: 10.0 },
            ],
            2.0,
        );
        // Walking east with y down, the right is +y.
        assert_eq!(l.0[0], Coord { x: 0.0, y: 2.0 });
        assert!((l.0[1].x - 8.0).abs() < 1e-9 && (l.0[1].y - 2.0).abs() < 1e-9);
        assert!((l.0[2].x - 8.0).abs() < 1e-9 && (l.0[2].y - 10.0).abs() < 1e-9);
    }
}
