//! Label placement: each label tries candidate positions in order and takes
//! the first whose box is inside the frame and touches no placed label and
//! no obstacle (town symbols). Higher-priority labels are placed first; the
//! rest yield and are reported as dropped. Boxes live in an R-tree.

use std::fmt::Write;

use geo::{Coord, LineString};
use rstar::primitives::Rectangle;
use rstar::{RTree, AABB};

use dots::{tied_spot, Dots};
use room::{make_room, Board};

use super::svg::{escape, num, val};
use super::text::{ascent_descent, text_width, FontStyle};

/// Where a label wants to go.
#[derive(Debug, Clone)]
pub enum Anchor {
    /// Beside a point symbol of the given radius.
    Point(Coord<f64>, f64),
    /// Centred on a point (seas, regions, lakes).
    Center(Coord<f64>),
    /// Along a line, straight and rotated (rivers).
    Line(Vec<LineString<f64>>),
}

/// A label to place.
#[derive(Debug, Clone)]
pub struct LabelRequest {
    /// Text as drawn.
    pub text: String,
    /// A shorter text, tried only where `text` finds no room (a place's
    /// `short_name`).
    pub short: Option<String>,
    /// Where.
    pub anchor: Anchor,
    /// Font size in pixels.
    pub size: f64,
    /// Weight and slant.
    pub font: FontStyle,
    /// Halo width (added around the box).
    pub halo: f64,
    /// Extra space kept free around the box (`text-padding`).
    pub padding: f64,
    /// Lower is placed first (MapLibre's `symbol-sort-key`).
    pub priority: f64,
    /// The style's sort key alone (`priority` without the data order): the
    /// label's class. Only labels of the same class or a later one are
    /// moved to make room (see `make_room`).
    pub class: f64,
    /// Where this label finds no room, it may move up to two placed labels
    /// of its class or a later one (never a main place's) to another of
    /// their places: a place of the theatre's first two ranks.
    pub make_room: bool,
    /// Style layer id.
    pub layer: String,
    /// Identifies the labelled feature (`layer/index`) for stability checks.
    pub key: String,
    /// Paint for the writer: text colour, halo colour (hex) and opacity.
    pub paint: (String, Option<String>, f64),
    /// A main place's label: it tries places slid further along above and
    /// below its dot before it gives up.
    pub main: bool,
    /// Where another map of the same phase put this label, scaled to this
    /// map (see `label_layout`): candidates nearest to it are tried first,
    /// so the label keeps its side of its place wherever it fits there.
    pub prefer: Option<[f64; 4]>,
    /// A symbol's number (an event's footnote number): it belongs to its
    /// symbol, so it is placed before other labels, against the symbol
    /// where it can (the first ring of places), and always nearer it than
    /// any other point symbol.
    pub tied: bool,
}

/// A placed label, in map pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedLabel {
    /// Text as drawn.
    pub text: String,
    /// Feature key (`layer/index`).
    pub key: String,
    /// Style layer id.
    pub layer: String,
    /// Baseline anchor point.
    pub x: f64,
    /// Baseline anchor point.
    pub y: f64,
    /// `start`, `middle` or `end`.
    pub text_anchor: &'static str,
    /// Rotation in degrees about (x, y).
    pub angle: f64,
    /// Bounding box `[x0, y0, x1, y1]` (axis-aligned, includes the halo).
    pub bbox: [f64; 4],
    /// Font size.
    pub size: f64,
    /// Font.
    pub font: FontStyle,
    /// Halo width.
    pub halo: f64,
    /// Text colour, halo colour, opacity.
    pub paint: (String, Option<String>, f64),
}

/// Placed boxes and obstacles.
#[derive(Default)]
pub struct Collider {
    tree: RTree<Rectangle<[f64; 2]>>,
    bounds: [f64; 4],
}

impl Collider {
    /// An empty collider for labels that must stay inside `bounds`.
    pub fn new(bounds: [f64; 4]) -> Collider {
        Collider {
            tree: RTree::new(),
            bounds,
        }
    }

    /// True if `b` is inside the bounds and touches nothing placed.
    pub fn fits(&self, b: [f64; 4]) -> bool {
        self.inside(b) && self.hits(b).next().is_none()
    }

    /// True if `b` is inside the bounds.
    fn inside(&self, b: [f64; 4]) -> bool {
        // NaN passes no comparison below: refuse it first.
        b.iter().all(|v| v.is_finite())
            && b[0] >= self.bounds[0]
            && b[1] >= self.bounds[1]
            && b[2] <= self.bounds[2]
            && b[3] <= self.bounds[3]
    }

    /// The taken boxes `b` touches.
    fn hits(&self, b: [f64; 4]) -> impl Iterator<Item = &Rectangle<[f64; 2]>> {
        let env = AABB::from_corners([b[0], b[1]], [b[2], b[3]]);
        self.tree.locate_in_envelope_intersecting(&env)
    }

    /// Marks `b` as taken.
    pub fn insert(&mut self, b: [f64; 4]) {
        self.tree
            .insert(Rectangle::from_corners([b[0], b[1]], [b[2], b[3]]));
    }

    /// Frees `b` (one copy, if it was taken more than once).
    fn remove(&mut self, b: [f64; 4]) {
        self.tree
            .remove(&Rectangle::from_corners([b[0], b[1]], [b[2], b[3]]));
    }
}

/// Places `requests` in priority order; returns the placed labels and the
/// texts of those that found no room.
///
/// `dots` are the point symbols (feature key, box): a point's label set
/// away from its dot is never nearer to another point's symbol than to its
/// own, where a reader would take it for the other point's name.
///
/// Each label that found no room goes into `spares` at its first choice of
/// place (the interactive page names those places when the reader zooms in
/// and there is room).
pub fn place(
    requests: Vec<LabelRequest>,
    collider: &mut Collider,
    dots: &[(String, [f64; 4])],
    spares: &mut Vec<PlacedLabel>,
) -> (Vec<PlacedLabel>, Vec<String>) {
    let avoid = Collider::new(collider.bounds);
    place_avoiding(requests, collider, &avoid, dots, spares)
}

/// As [`place`], and each label keeps off the boxes in `avoid` where one
/// of its candidate places allows; a label with no such place takes its
/// best place that only the boxes in `avoid` cover, rather than none.
pub fn place_avoiding(
    mut requests: Vec<LabelRequest>,
    collider: &mut Collider,
    avoid: &Collider,
    dots: &[(String, [f64; 4])],
    spares: &mut Vec<PlacedLabel>,
) -> (Vec<PlacedLabel>, Vec<String>) {
    // Stable: equal priorities keep data order, so output is deterministic.
    // Numbers tied to their symbols go first: they have the fewest places.
    requests.sort_by(|a, b| b.tied.cmp(&a.tied).then(a.priority.total_cmp(&b.priority)));
    let mut board = Board::default();
    let mut dropped = Vec::new();
    let dots = Dots::new(dots);
    for r in requests {
        if r.text.trim().is_empty() {
            continue;
        }
        // The full text first; the short one only where that finds no room.
        let short = r.short.as_ref().map(|s| LabelRequest {
            text: s.clone(),
            short: None,
            ..r.clone()
        });
        if r.tied {
            match tied_spot(&r, collider, &dots) {
                Some(c) => {
                    collider.insert(c.bbox);
                    board.push(&r, &c);
                }
                None => {
                    dropped.push(r.text.clone());
                    spares.extend(candidates(&r).first().map(|c| label(&r, c)));
                }
            }
            continue;
        }
        let mut first_choice = None;
        let mut done = false;
        for t in std::iter::once(&r).chain(short.as_ref()) {
            let cands = ordered_candidates(t);
            // A name whose nearest dot is another's reads as that town's:
            // only a main place's, finding no other room, may hug its own
            // dot beside another.
            for lenient in [false, true] {
                if lenient && !t.main {
                    break;
                }
                dots.lenient.set(lenient);
                let free = |c: &&Spot| collider.fits(c.bbox) && dots.unambiguous(t, c.bbox);
                let chosen = cands
                    .iter()
                    .filter(free)
                    .find(|c| avoid.fits(c.bbox))
                    .or_else(|| cands.iter().find(free))
                    .copied()
                    .or_else(|| {
                        t.make_room
                            .then(|| make_room(t, &cands, collider, avoid, &mut board, &dots))
                            .flatten()
                    });
                if let Some(c) = chosen {
                    collider.insert(c.bbox);
                    board.push(t, &c);
                    done = true;
                    break;
                }
            }
            dots.lenient.set(false);
            if done {
                break;
            }
            if first_choice.is_none() {
                first_choice = cands.first().map(|c| label(t, c));
            }
        }
        if !done {
            dropped.push(r.text.clone());
            spares.extend(first_choice);
        }
    }
    (board.labels, dropped)
}

/// A label's candidate places, those nearest to its preferred box (if it
/// has one) first.
fn ordered_candidates(t: &LabelRequest) -> Vec<Spot> {
    let mut cands = candidates(t);
    if let Some(b) = t.prefer {
        // Stable: equally near candidates keep their order.
        let far = |c: &Spot| preference_distance(&t.anchor, b, c.bbox);
        cands.sort_by(|x, y| far(x).total_cmp(&far(y)));
    }
    cands
}

/// Where a candidate label would go; only the chosen one becomes a
/// [`PlacedLabel`] (with 100,000 towns, cloning texts and paint for each of
/// sixteen candidates was a third of the run, in malloc).
#[derive(Clone, Copy, Debug)]
struct Spot {
    x: f64,
    y: f64,
    text_anchor: &'static str,
    angle: f64,
    bbox: [f64; 4],
}

fn spot(x: f64, y: f64, text_anchor: &'static str, angle: f64, bbox: [f64; 4]) -> Spot {
    Spot {
        x,
        y,
        text_anchor,
        angle,
        bbox,
    }
}

fn label(r: &LabelRequest, s: &Spot) -> PlacedLabel {
    PlacedLabel {
        text: r.text.clone(),
        key: r.key.clone(),
        layer: r.layer.clone(),
        x: s.x,
        y: s.y,
        text_anchor: s.text_anchor,
        angle: s.angle,
        bbox: s.bbox,
        size: r.size,
        font: r.font,
        halo: r.halo,
        paint: r.paint.clone(),
    }
}

/// Candidate placements in order of preference.
fn candidates(r: &LabelRequest) -> Vec<Spot> {
    let w = text_width(&r.text, r.size, r.font);
    let (asc, desc) = ascent_descent(r.size, r.font);
    let pad = r.halo.max(1.0) + r.padding;
    match &r.anchor {
        Anchor::Center(c) => {
            // The point itself first, then small shifts that keep the label
            // recognisably on its area.
            let step = (asc + desc) * 1.2;
            [
                (0.0, 0.0),
                (0.0, -step),
                (0.0, step),
                (-w * 0.3, 0.0),
                (w * 0.3, 0.0),
            ]
            .iter()
            .map(|&(dx, dy)| {
                let (x, y) = (c.x + dx, c.y + dy + asc / 2.0);
                let b = [
                    x - w / 2.0 - pad,
                    y - asc - pad,
                    x + w / 2.0 + pad,
                    y + desc + pad,
                ];
                spot(x, y, "middle", 0.0, b)
            })
            .collect()
        }
        Anchor::Point(c, radius) => {
            let off = radius + r.size * 0.25;
            let d = off * std::f64::consts::FRAC_1_SQRT_2;
            // (dx, dy of the text box's reference corner, anchor)
            let spots: [(f64, f64, &'static str); 8] = [
                (off, asc / 2.0, "start"),
                (-off, asc / 2.0, "end"),
                (d, -d, "start"),
                (d, d + asc, "start"),
                (0.0, -off - desc, "middle"),
                (0.0, off + asc, "middle"),
                (-d, -d, "end"),
                (-d, d + asc, "end"),
            ];
            // A second ring, further out, for crowded places.
            let far = 2.2;
            let ring2: Vec<(f64, f64, &'static str)> = spots
                .iter()
                .map(|&(dx, dy, a)| {
                    let dy = if dy.abs() > asc {
                        dy.signum() * (dy.abs() - asc / 2.0) * far + asc / 2.0
                    } else {
                        dy
                    };
                    (dx * far, dy, a)
                })
                .collect();
            // Then above and below its dot, slid along so the dot stays
            // under or over the text: a long name between close neighbours
            // (or in a narrow inset) often fits only so. A main place's
            // label slides nearly to its end, any other a fifth of the way.
            let steps = if r.main { 18 } else { 8 };
            let slid: Vec<(f64, f64, &'static str)> = (1..=steps)
                .flat_map(|n| [-0.025 * f64::from(n), 0.025 * f64::from(n)])
                .flat_map(|k| [(k * w, -off - desc, "middle"), (k * w, off + asc, "middle")])
                .collect();
            spots
                .iter()
                .chain(ring2.iter())
                .chain(slid.iter())
                .map(|&(dx, dy, a)| {
                    let (x, y) = (c.x + dx, c.y + dy);
                    let x0 = match a {
                        "start" => x,
                        "end" => x - w,
                        _ => x - w / 2.0,
                    };
                    spot(
                        x,
                        y,
                        a,
                        0.0,
                        [x0 - pad, y - asc - pad, x0 + w + pad, y + desc + pad],
                    )
                })
                .collect()
        }
        Anchor::Line(lines) => line_candidates(r, lines, w, asc, desc, pad),
    }
}

/// Straight runs of the line long enough for the text, best first: the
/// flattest runs, near the middle of long lines.
fn line_candidates(
    r: &LabelRequest,
    lines: &[LineString<f64>],
    w: f64,
    asc: f64,
    desc: f64,
    pad: f64,
) -> Vec<Spot> {
    let need = w * 1.15;
    let tolerance = r.size * 0.35;
    let mut found: Vec<(f64, Spot)> = Vec::new();
    for l in lines {
        let pts = &l.0;
        for i in 0..pts.len() {
            // Grow a run from vertex i until it is long enough.
            let mut j = i + 1;
            while j < pts.len() && dist(pts[i], pts[j]) < need {
                j += 1;
            }
            if j >= pts.len() {
                break;
            }
            let (a, b) = (pts[i], pts[j]);
            let chord = dist(a, b);
            let dev = pts[i..=j]
                .iter()
                .map(|p| point_line_distance(*p, a, b))
                .fold(0.0, f64::max);
            if dev > tolerance {
                continue;
            }
            let (mut a, mut b) = (a, b);
            if b.x < a.x {
                std::mem::swap(&mut a, &mut b); // keep text upright
            }
            let angle = (b.y - a.y).atan2(b.x - a.x).to_degrees();
            let m = Coord {
                x: (a.x + b.x) / 2.0,
                y: (a.y + b.y) / 2.0,
            };
            // Sit the text just above the line: shift along the upward normal.
            let (ux, uy) = ((b.x - a.x) / chord, (b.y - a.y) / chord);
            let (nx, ny) = (uy, -ux);
            let lift = desc + r.size * 0.2;
            let (x, y) = (m.x + nx * lift, m.y + ny * lift);
            // Axis-aligned box around the rotated text box.
            let corners = [
                (-w / 2.0, -asc),
                (w / 2.0, -asc),
                (w / 2.0, desc),
                (-w / 2.0, desc),
            ];
            let (s, c) = angle.to_radians().sin_cos();
            let xs = corners.iter().map(|(px, py)| x + px * c - py * s);
            let ys = corners.iter().map(|(px, py)| y + px * s + py * c);
            let bbox = [
                xs.clone().fold(f64::INFINITY, f64::min) - pad,
                ys.clone().fold(f64::INFINITY, f64::min) - pad,
                xs.fold(f64::NEG_INFINITY, f64::max) + pad,
                ys.fold(f64::NEG_INFINITY, f64::max) + pad,
            ];
            // Flatter and more horizontal runs read better.
            let score = dev / tolerance + angle.abs() / 90.0;
            found.push((score, spot(x, y, "middle", angle, bbox)));
        }
    }
    found.sort_by(|a, b| a.0.total_cmp(&b.0));
    found.into_iter().take(24).map(|(_, l)| l).collect()
}

/// How far candidate box `c` is from the preferred box `b`. Beside a
/// point, offsets from the point count in box sizes, so that a label whose
/// text is relatively larger on a smaller map (its text keeps a legible
/// size) still matches the side it had: right of its town, above it, and
/// so on. Elsewhere (areas, lines) the distance of the centres in pixels.
fn preference_distance(anchor: &Anchor, b: [f64; 4], c: [f64; 4]) -> f64 {
    let centre = |x: [f64; 4]| ((x[0] + x[2]) / 2.0, (x[1] + x[3]) / 2.0);
    let ((bx, by), (cx, cy)) = (centre(b), centre(c));
    match anchor {
        Anchor::Point(a, _) => {
            let unit = |x: [f64; 4]| ((x[2] - x[0]).max(1e-9), (x[3] - x[1]).max(1e-9));
            let ((bw, bh), (cw, ch)) = (unit(b), unit(c));
            ((bx - a.x) / bw - (cx - a.x) / cw).hypot((by - a.y) / bh - (cy - a.y) / ch)
        }
        _ => (bx - cx).hypot(by - cy),
    }
}

/// Distance from a point to a box (0 inside it).
fn box_point_distance(b: [f64; 4], p: Coord<f64>) -> f64 {
    let dx = (b[0] - p.x).max(p.x - b[2]).max(0.0);
    let dy = (b[1] - p.y).max(p.y - b[3]).max(0.0);
    dx.hypot(dy)
}

fn dist(a: Coord<f64>, b: Coord<f64>) -> f64 {
    ((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt()
}

fn point_line_distance(p: Coord<f64>, a: Coord<f64>, b: Coord<f64>) -> f64 {
    let l = dist(a, b);
    if l < 1e-9 {
        return dist(p, a);
    }
    ((b.x - a.x) * (a.y - p.y) - (a.x - p.x) * (b.y - a.y)).abs() / l
}

/// True when two boxes overlap (touching edges do not count).
pub fn boxes_overlap(a: [f64; 4], b: [f64; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// A map label: one `<text>`, its halo a stroke painted beneath the fill
/// (`paint-order`).
pub fn write_label(out: &mut String, l: &PlacedLabel) {
    let transform = if l.angle.abs() > 0.05 {
        format!(
            " transform=\"rotate({} {} {})\"",
            val(l.angle),
            num(l.x),
            num(l.y)
        )
    } else {
        String::new()
    };
    let anchor = if l.text_anchor == "start" {
        String::new()
    } else {
        format!(" text-anchor=\"{}\"", l.text_anchor)
    };
    let common = format!(
        "x=\"{}\" y=\"{}\" font-size=\"{}\"{anchor}{}{transform}",
        num(l.x),
        num(l.y),
        val(l.size),
        l.font.svg_attrs()
    );
    let opacity = if l.paint.2 < 1.0 {
        format!(" opacity=\"{}\"", val(l.paint.2))
    } else {
        String::new()
    };
    let _ = write!(out, "<g data-label=\"{}\"{opacity}>", escape(&l.key));
    // One text element, its halo stroked beneath the fill (paint-order):
    // half the text layout of a separate halo copy, for resvg, librsvg 2.50+
    // and browsers alike. Mitred joins (bevelled past twice the half-width)
    // look the same as round ones at 200 % and cost resvg a sixth less:
    // halos are most of a page's text time.
    let halo = l.paint.1.as_ref().map_or(String::new(), |halo| {
        format!(
            " stroke=\"{halo}\" stroke-width=\"{}\" stroke-linejoin=\"miter\" stroke-miterlimit=\"2\" paint-order=\"stroke\"",
            val(l.halo * 2.0)
        )
    });
    let _ = writeln!(
        out,
        "<text {common} fill=\"{}\"{halo}>{}</text></g>",
        l.paint.0,
        escape(&l.text)
    );
}

mod dots;
mod room;
#[cfg(test)]
mod tests;
