//! Movement arrows: a tapered body along the line, optionally smoothed into
//! a curve, with a head at its last vertex; and the heads' boxes, which
//! labels keep off.

use std::fmt::Write;

use geo::{ChaikinSmoothing, Coord, Geometry, LineString};

use super::markup::Markup;
use super::svg::{line_d, val};
use super::symbols::{along, cumulative, lines_of, stroke, Props};
use crate::style::paint::{LinePaint, Paint};
use crate::style::Color;

/// A tapered arrow body with a head, optionally smoothed into a curve.
pub(super) fn draw_arrow(
    out: &mut Markup,
    p: &Props,
    lp: &LinePaint,
    l: &LineString<f64>,
    color: Color,
    opacity: f64,
) {
    let iterations = p.number(&lp.arrow_smooth, 0.0).clamp(0.0, 5.0) as usize;
    let smooth = if iterations > 0 {
        l.chaikin_smoothing(iterations)
    } else {
        l.clone()
    };
    let pts: Vec<Coord<f64>> = smooth.0;
    if pts.len() < 2 {
        return;
    }
    let cum = cumulative(&pts);
    let total = *cum.last().unwrap_or(&0.0);
    let w = p.size(&lp.arrow_width, 8.0);
    let (head_len, head_w) = head_size(p, lp, total);
    let taper = p.number(&lp.arrow_taper, 0.35).clamp(0.0, 1.0);
    let body_end = total - head_len;
    let dash = p.dashes(&lp.dasharray, w);
    // Sample the body at the original vertices up to the head's base.
    let mut samples: Vec<f64> = cum.iter().copied().filter(|&c| c < body_end).collect();
    samples.push(body_end);
    let (tip, _) = along(&pts, &cum, total);
    let (base, bt) = along(&pts, &cum, body_end);
    let bn = Coord { x: bt.y, y: -bt.x };
    let outline = p.color(&lp.arrow_outline_color);
    // A stripe along the body's middle (a power's mark in print): in a
    // dashed body, within its dashes; in a solid one, from where the body
    // is wide enough to frame it; on into the head, where a short legend
    // swatch shows it best.
    let stripe_color = p.color(&lp.arrow_stripe_color);
    let stripe_w = w * STRIPE;
    let mut stripe: Option<(String, Option<Vec<f64>>, f64)> = None;
    let into_head = Coord {
        x: base.x + bt.x * head_len * HEAD_STRIPE,
        y: base.y + bt.y * head_len * HEAD_STRIPE,
    };
    let mut head_stripe = None;
    let mut d = String::new();
    if let Some(dash) = dash {
        // Dashed variant (withdrawal, retreat): stroked centre line plus a solid head.
        let body: Vec<Coord<f64>> = samples.iter().map(|&s| along(&pts, &cum, s).0).collect();
        let bd = line_d(&LineString(body));
        if let Some(o) = outline {
            // A casing around every dash, so a retreat drawn over its own
            // power's zone still shows (the solid body has its outline).
            let cw = casing_width(w);
            // An odd dash list repeats to an even one (as SVG reads it).
            let even = if dash.len() % 2 == 1 {
                dash.repeat(2)
            } else {
                dash.clone()
            };
            let cased: Vec<f64> = even
                .chunks_exact(2)
                .flat_map(|p| [p[0] + 2.0 * cw, (p[1] - 2.0 * cw).max(0.0)])
                .collect();
            out.path(&bd);
            let _ = write!(
                out,
                " fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" stroke-linejoin=\"round\" stroke-linecap=\"butt\" stroke-dasharray=\"{}\" stroke-dashoffset=\"{}\"",
                o.hex(),
                val(w * 0.6 + 2.0 * cw),
                cased.iter().map(|&x| val(x)).collect::<Vec<_>>().join(" "),
                val(cw)
            );
            if opacity * o.a < 1.0 {
                let _ = write!(out, " stroke-opacity=\"{}\"", val(opacity * o.a));
            }
            out.push_str("/>");
        }
        stroke(
            out,
            &bd,
            color,
            w * 0.6,
            opacity,
            Some(&dash),
            ("butt", None),
        );
        if stripe_color.is_some() {
            // Within the dashes, two fifths of their width.
            stripe = Some((bd, Some(dash), w * 0.6 * 0.4));
            head_stripe = Some(line_d(&LineString(vec![base, into_head])));
        }
    } else {
        if stripe_color.is_some() {
            // The body is `taper` of its width at its start: the stripe
            // starts where the body is twice as wide as the stripe.
            let from =
                ((2.0 * STRIPE - taper) / (1.0 - taper).max(1e-9)).clamp(0.0, 0.9) * body_end;
            let mut mid: Vec<Coord<f64>> = vec![along(&pts, &cum, from).0];
            mid.extend(
                samples
                    .iter()
                    .filter(|&&s| s > from)
                    .map(|&s| along(&pts, &cum, s).0),
            );
            mid.push(into_head);
            if mid.len() >= 2 {
                let dash = p
                    .dashes(&lp.arrow_stripe_dasharray, stripe_w)
                    .filter(|d| !d.is_empty());
                stripe = Some((line_d(&LineString(mid)), dash, stripe_w));
            }
        }
        let mut left = Vec::new();
        let mut right = Vec::new();
        for &s in &samples {
            let (c, t) = along(&pts, &cum, s);
            let hw = w / 2.0 * (taper + (1.0 - taper) * (s / body_end.max(1e-9)).clamp(0.0, 1.0));
            let n = Coord { x: t.y, y: -t.x };
            left.push(Coord {
                x: c.x + n.x * hw,
                y: c.y + n.y * hw,
            });
            right.push(Coord {
                x: c.x - n.x * hw,
                y: c.y - n.y * hw,
            });
        }
        let mut ring = left.clone();
        ring.push(Coord {
            x: base.x + bn.x * head_w / 2.0,
            y: base.y + bn.y * head_w / 2.0,
        });
        ring.push(tip);
        ring.push(Coord {
            x: base.x - bn.x * head_w / 2.0,
            y: base.y - bn.y * head_w / 2.0,
        });
        ring.extend(right.into_iter().rev());
        ring.push(ring[0]);
        d = line_d(&LineString(ring));
        d.push('Z');
    }
    if d.is_empty() {
        let ring = vec![
            Coord {
                x: base.x + bn.x * head_w / 2.0,
                y: base.y + bn.y * head_w / 2.0,
            },
            tip,
            Coord {
                x: base.x - bn.x * head_w / 2.0,
                y: base.y - bn.y * head_w / 2.0,
            },
        ];
        d = line_d(&LineString(ring));
        d.push('Z');
    }
    out.path(&d);
    let _ = write!(out, " fill=\"{}\" stroke-linejoin=\"round\"", color.hex());
    if opacity * color.a < 1.0 {
        let _ = write!(out, " fill-opacity=\"{}\"", val(opacity * color.a));
    }
    if let Some(o) = outline {
        let _ = write!(
            out,
            " stroke=\"{}\" stroke-width=\"{}\"",
            o.hex(),
            val(casing_width(w))
        );
    }
    out.push_str("/>");
    if let (Some((sd, dash, sw)), Some(c)) = (stripe, stripe_color) {
        stroke(out, &sd, c, sw, opacity, dash.as_deref(), ("butt", None));
        // In a dashed arrow the stripe's own pattern shows in the head.
        if let Some(hd) = head_stripe {
            let dash = p
                .dashes(&lp.arrow_stripe_dasharray, stripe_w)
                .filter(|d| !d.is_empty());
            stroke(
                out,
                &hd,
                c,
                stripe_w,
                opacity,
                dash.as_deref(),
                ("butt", None),
            );
        }
    }
}

/// How far into the head the stripe runs, as a share of the head's length.
const HEAD_STRIPE: f64 = 0.55;

/// Width of an arrow's stripe, as a share of the arrow's width.
const STRIPE: f64 = 0.3;

/// Width of the contrasting outline around an arrow `w` pixels wide.
fn casing_width(w: f64) -> f64 {
    (w * 0.15).max(0.8)
}

/// Length and width of an arrow's head on a line `total` pixels long.
fn head_size(p: &Props, lp: &LinePaint, total: f64) -> (f64, f64) {
    let w = p.size(&lp.arrow_width, 8.0);
    let head_len = p.size(&lp.arrow_head_length, w * 2.2).min(total * 0.6);
    (head_len, p.size(&lp.arrow_head_width, w * 2.4))
}

/// Boxes of the arrowheads a line layer with arrows draws for `geom`
/// (none for a layer without `phasemap:arrow-width`): labels keep off them.
pub fn arrow_head_boxes(p: &Props, geom: &Geometry<f64>) -> Vec<[f64; 4]> {
    let Paint::Line(lp) = p.paint() else {
        return Vec::new();
    };
    if !p.is_set(&lp.arrow_width) {
        return Vec::new();
    }
    let iterations = p.number(&lp.arrow_smooth, 0.0).clamp(0.0, 5.0) as usize;
    let mut out = Vec::new();
    for l in lines_of(geom) {
        let pts = if iterations > 0 {
            l.chaikin_smoothing(iterations).0
        } else {
            l.0.clone()
        };
        if pts.len() < 2 {
            continue;
        }
        let cum = cumulative(&pts);
        let total = *cum.last().unwrap_or(&0.0);
        let (head_len, head_w) = head_size(p, lp, total);
        let (tip, _) = along(&pts, &cum, total);
        let (base, t) = along(&pts, &cum, total - head_len);
        let n = Coord { x: t.y, y: -t.x };
        let corners = [
            tip,
            Coord {
                x: base.x + n.x * head_w / 2.0,
                y: base.y + n.y * head_w / 2.0,
            },
            Coord {
                x: base.x - n.x * head_w / 2.0,
                y: base.y - n.y * head_w / 2.0,
            },
        ];
        let fold = |f: fn(f64, f64) -> f64, get: fn(&Coord<f64>) -> f64, init: f64| {
            corners.iter().map(get).fold(init, f)
        };
        out.push([
            fold(f64::min, |c| c.x, f64::INFINITY),
            fold(f64::min, |c| c.y, f64::INFINITY),
            fold(f64::max, |c| c.x, f64::NEG_INFINITY),
            fold(f64::max, |c| c.y, f64::NEG_INFINITY),
        ]);
    }
    out
}

/// `geom` with each arrow moved where needed so that its head stays clear
/// of `labels` (the place names drawn, which keep one place in every phase
/// and have already kept off the arrowheads where they had room): the
/// arrow gives way, not the label. In order, the first that clears wins:
/// 1. the start and the end trimmed along the line by up to a fifth of
///    its length together, least trim first (the start before the end);
/// 2. the arrow moved sideways (across its last direction) by up to one
///    and a half head widths, nearest first, its head also clear of `dots`
///    (the town dots);
/// 3. the arrow slid forward along itself (start trimmed, end carried on
///    along its last direction) by up to its length, its head also clear
///    of `dots`;
/// 4. trimmed by up to three quarters of its length;
/// 5. slid further, until its head has passed the labels it met: the arrow
///    then starts at the label's edge (a short arrow leaving a town from
///    under the town's name), clear of `dots` if it can;
/// 6. moved sideways by up to three head widths.
///
/// Dots the head touched where it was (its own town's) do not count.
///
/// A moved head stays inside `bounds` (the map), and a moved line passes
/// `keep` (the caller's test: e.g. not onto a railway).
/// An arrow none of these clears is left as it is; lines without an arrow
/// come back unchanged.
pub fn clear_of_boxes(
    p: &Props,
    geom: &Geometry<f64>,
    labels: &[[f64; 4]],
    dots: &[[f64; 4]],
    bounds: [f64; 4],
    keep: &dyn Fn(&LineString<f64>) -> bool,
) -> Geometry<f64> {
    let Paint::Line(lp) = p.paint() else {
        return geom.clone();
    };
    if !p.is_set(&lp.arrow_width) || labels.is_empty() {
        return geom.clone();
    }
    let heads_clear = |l: &LineString<f64>, of: &[[f64; 4]]| {
        arrow_head_boxes(p, &Geometry::LineString(l.clone()))
            .iter()
            .all(|h| !of.iter().any(|b| super::labels::boxes_overlap(*h, *b)))
    };
    let inside = |l: &LineString<f64>| {
        arrow_head_boxes(p, &Geometry::LineString(l.clone()))
            .iter()
            .all(|h| {
                h[0] >= bounds[0] && h[1] >= bounds[1] && h[2] <= bounds[2] && h[3] <= bounds[3]
            })
    };
    let clear = |l: &LineString<f64>| heads_clear(l, labels) && inside(l) && keep(l);
    let fix = |l: &LineString<f64>| -> LineString<f64> {
        if l.0.len() < 2 || heads_clear(l, labels) {
            return l.clone();
        }
        let heads = arrow_head_boxes(p, &Geometry::LineString(l.clone()));
        // Dots the head already touches (its own town's) do not count.
        let other_dots: Vec<[f64; 4]> = dots
            .iter()
            .filter(|d| !heads.iter().any(|h| super::labels::boxes_overlap(*h, **d)))
            .copied()
            .collect();
        let clear_moved = |l: &LineString<f64>| clear(l) && heads_clear(l, &other_dots);
        let cum = cumulative(&l.0);
        let total = *cum.last().unwrap_or(&0.0);
        const STEPS: usize = 40;
        let step = total / STEPS as f64;
        let head_w = head_size(p, lp, total).1;
        // Trims of the start and the end by up to `most` of the length in
        // all, least first (the start before the end at a tie).
        let trim = |most: f64| {
            let n = (STEPS as f64 * most).round() as usize;
            let mut trims: Vec<(usize, usize)> = (0..=n)
                .flat_map(|s| (0..=n).map(move |e| (s, e)))
                .filter(|&(s, e)| s + e > 0 && s + e <= n)
                .collect();
            trims.sort_by_key(|&(s, e)| (s + e, e));
            trims
                .into_iter()
                .map(|(s, e)| sub_line(&l.0, &cum, s as f64 * step, total - e as f64 * step))
                .find(|c| clear(c))
        };
        // How far the head may have to travel to pass the labels it meets.
        let reach = heads
            .iter()
            .flat_map(|h| {
                labels
                    .iter()
                    .filter(|b| super::labels::boxes_overlap(*h, **b))
            })
            .map(|b| (b[2] - b[0]).hypot(b[3] - b[1]))
            .fold(0.0, f64::max)
            + total;
        trim(0.2)
            .or_else(|| shift(l, head_w * 1.5, &clear_moved))
            .or_else(|| slide(l, &cum, total, step, &clear_moved))
            .or_else(|| trim(0.75))
            .or_else(|| slide(l, &cum, reach, step, &clear_moved))
            .or_else(|| slide(l, &cum, reach, step, &clear))
            .or_else(|| shift(l, head_w * 3.0, &clear))
            .unwrap_or_else(|| l.clone())
    };
    match geom {
        Geometry::LineString(l) => Geometry::LineString(fix(l)),
        Geometry::MultiLineString(ml) => {
            Geometry::MultiLineString(geo::MultiLineString(ml.0.iter().map(fix).collect()))
        }
        g => g.clone(),
    }
}

/// `l` moved across its last direction by the smallest of 1..=12 twelfths
/// of `reach`, either way (left first), that `clear` accepts.
fn shift(
    l: &LineString<f64>,
    reach: f64,
    clear: &dyn Fn(&LineString<f64>) -> bool,
) -> Option<LineString<f64>> {
    let n = l.0.len();
    let (a, b) = (l.0[n - 2], l.0[n - 1]);
    let seg = (b.x - a.x).hypot(b.y - a.y);
    if seg <= 0.0 || reach <= 0.0 {
        return None;
    }
    let normal = Coord {
        x: (b.y - a.y) / seg,
        y: -(b.x - a.x) / seg,
    };
    (1..=12)
        .flat_map(|k| [k as f64, -(k as f64)])
        .map(|k| k * reach / 12.0)
        .map(|d| LineString(l.0.iter().map(|q| *q + normal * d).collect()))
        .find(|s| clear(s))
}

/// `l` (with cumulative lengths `cum`) slid forward along itself by the
/// first multiple of `step` up to `reach` that `clear` accepts: its start
/// trimmed, its end carried on along its last direction by as much.
fn slide(
    l: &LineString<f64>,
    cum: &[f64],
    reach: f64,
    step: f64,
    clear: &dyn Fn(&LineString<f64>) -> bool,
) -> Option<LineString<f64>> {
    let n = l.0.len();
    let (a, b) = (l.0[n - 2], l.0[n - 1]);
    let seg = (b.x - a.x).hypot(b.y - a.y);
    if seg <= 0.0 || step <= 0.0 {
        return None;
    }
    let t = Coord {
        x: (b.x - a.x) / seg,
        y: (b.y - a.y) / seg,
    };
    let total = *cum.last()?;
    let steps = (reach / step).floor() as usize;
    (1..=steps).map(|k| k as f64 * step).find_map(|d| {
        let mut pts = l.0.clone();
        pts.push(Coord {
            x: b.x + t.x * d,
            y: b.y + t.y * d,
        });
        let mut c = cum.to_vec();
        c.push(total + d);
        let s = sub_line(&pts, &c, d, total + d);
        clear(&s).then_some(s)
    })
}

/// The part of the line `pts` (with cumulative lengths `cum`) between
/// distances `from` and `to` along it.
fn sub_line(pts: &[Coord<f64>], cum: &[f64], from: f64, to: f64) -> LineString<f64> {
    let mut out = vec![along(pts, cum, from).0];
    out.extend(
        pts.iter()
            .zip(cum)
            .filter(|(_, &c)| c > from && c < to)
            .map(|(q, _)| *q),
    );
    out.push(along(pts, cum, to).0);
    LineString(out)
}
