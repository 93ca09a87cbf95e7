//! Rings of one polygon that touch at single points.
//!
//! The simple-features rules (OGC, and geo's `Validation`) let a hole touch
//! the shell or another hole at isolated points: a hole's vertex on the
//! shell, two holes sharing a vertex. Such a touch is fine when, around the
//! point, the rings' sides do not overlap (each hole lies on the polygon's
//! side of every other ring there) and the touches do not close a loop:
//! a hole touching the shell twice, or a ring of holes each touching the
//! next, cuts a piece out of the interior, and a polygon's interior must be
//! in one piece.
//!
//! Around a touch point each ring bounds a sector that is not the polygon's
//! interior: a hole its own inside, the shell its outside. The touch is fine
//! exactly when these sectors do not overlap, which, with the rays sorted by
//! angle around the point, means every sector's first ray is followed by its
//! own last ray. Rays are compared with exact orientation tests; two rings
//! leaving the point in one direction (touching along a segment) leave the
//! decision to geo.

use std::cmp::Ordering;

use geo::kernels::{Kernel, Orientation, RobustKernel};
use geo::winding_order::WindingOrder;
use geo::{Coord, LineString, Winding};

/// Ring `ring` passes through `at` on its segment `index` (from vertex
/// `index` to vertex `index + 1`), where another ring of its polygon meets it.
#[derive(Clone, Copy, Debug)]
pub(super) struct Touch {
    pub at: Coord<f64>,
    pub ring: usize,
    pub index: usize,
}

/// What the touches amount to.
#[derive(Debug, PartialEq)]
pub(super) enum Touching {
    /// Every touch is at an isolated point where the rings' sides do not
    /// overlap, and no loop of touches cuts the interior apart.
    Points,
    /// Ring `ring` touches, at `at`, a ring it already reaches through other
    /// touches: the loop cuts a piece out of the polygon's interior.
    Loop { ring: usize, at: Coord<f64> },
    /// Rings overlap or run along each other at a touch: geo judges.
    Unsure,
}

/// Orders positions by x, then y (-0 and 0 alike).
pub(super) fn by_position(a: &Coord<f64>, b: &Coord<f64>) -> Ordering {
    (a.x + 0.0)
        .total_cmp(&(b.x + 0.0))
        .then((a.y + 0.0).total_cmp(&(b.y + 0.0)))
}

/// Judges the touches between rings of one polygon, found by the sweep
/// (which has made sure no ring meets itself and no two rings cross or
/// overlap along a segment). `hole[r]` says whether ring `r` is a hole.
/// Sorts `touches` by position.
pub(super) fn judge(rings: &[&LineString<f64>], hole: &[bool], touches: &mut [Touch]) -> Touching {
    touches.sort_unstable_by(|a, b| by_position(&a.at, &b.at).then(a.ring.cmp(&b.ring)));
    // Union-find over rings and touch points: a ring joined to a point it
    // already reaches closes a loop.
    let mut parent: Vec<usize> = (0..rings.len()).collect();
    let mut winding: Vec<Option<bool>> = vec![None; rings.len()];
    let mut rays: Vec<(Coord<f64>, usize, bool)> = Vec::new();
    let mut found_loop = None;
    for group in touches.chunk_by(|a, b| by_position(&a.at, &b.at).is_eq()) {
        let at = group[0].at;
        let point = parent.len();
        parent.push(point);
        rays.clear();
        let mut last_ring = usize::MAX;
        for t in group {
            if t.ring == last_ring {
                continue;
            }
            last_ring = t.ring;
            let ccw = match winding[t.ring] {
                Some(ccw) => ccw,
                None => match rings[t.ring].winding_order() {
                    Some(w) => *winding[t.ring].insert(w == WindingOrder::CounterClockwise),
                    None => return Touching::Unsure,
                },
            };
            let Some((prev, next)) = around(rings[t.ring], t.index, at) else {
                return Touching::Unsure;
            };
            // The ring's inside runs counterclockwise from `first` to `last`;
            // the shell's outside the other way round.
            let (first, last) = if ccw == hole[t.ring] {
                (next, prev)
            } else {
                (prev, next)
            };
            rays.push((first, t.ring, true));
            rays.push((last, t.ring, false));
            let (r, p) = (root(&mut parent, t.ring), root(&mut parent, point));
            if r == p {
                found_loop.get_or_insert(Touching::Loop { ring: t.ring, at });
            }
            parent[r] = p;
        }
        if !sectors_apart(at, &mut rays) {
            return Touching::Unsure;
        }
    }
    found_loop.unwrap_or(Touching::Points)
}

fn root(parent: &mut [usize], mut k: usize) -> usize {
    while parent[k] != k {
        parent[k] = parent[parent[k]];
        k = parent[k];
    }
    k
}

/// The ring's neighbouring positions before and after `at` on its segment
/// `index`: the vertices on either side when `at` is a vertex, the
/// segment's ends when `at` lies inside it.
fn around(
    ring: &LineString<f64>,
    index: usize,
    at: Coord<f64>,
) -> Option<(Coord<f64>, Coord<f64>)> {
    let pts = &ring.0;
    let n = pts.len().checked_sub(1).filter(|&n| n >= 3)?;
    let (start, end) = (*pts.get(index)?, *pts.get(index + 1)?);
    let (prev, next) = if at == start {
        (pts[(index + n - 1) % n], end)
    } else if at == end {
        (start, pts[(index + 2) % n])
    } else {
        (start, end)
    };
    (prev != at && next != at).then_some((prev, next))
}

/// Whether the sectors (each from a first ray counterclockwise to a last
/// ray, rays given by a position they point at from `at`) have no inside
/// in common and no ray in common.
fn sectors_apart(at: Coord<f64>, rays: &mut [(Coord<f64>, usize, bool)]) -> bool {
    rays.sort_by(|a, b| by_angle(at, a.0, b.0));
    let m = rays.len();
    (0..m).all(|i| {
        let (a, b) = (rays[i], rays[(i + 1) % m]);
        by_angle(at, a.0, b.0).is_ne() && (!a.2 || (b.1 == a.1 && !b.2))
    })
}

/// Counterclockwise order of the directions from `at` to `a` and to `b`,
/// starting from the positive x axis; exact.
fn by_angle(at: Coord<f64>, a: Coord<f64>, b: Coord<f64>) -> Ordering {
    let lower = |q: Coord<f64>| q.y < at.y || (q.y == at.y && q.x < at.x);
    lower(a)
        .cmp(&lower(b))
        .then_with(|| match RobustKernel::orient2d(at, a, b) {
            Orientation::CounterClockwise => Ordering::Less,
            Orientation::Clockwise => Ordering::Greater,
            Orientation::Collinear => Ordering::Equal,
        })
}
