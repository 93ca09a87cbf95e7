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
    } else {
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
}

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
