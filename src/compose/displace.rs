//! Event symbols that never hide what they mark: a symbol that would cover
//! a town's dot or lie under a place's name (names are painted over it), or
//! cover another event's symbol, moves to the nearest free spot around its
//! place (one clear of arrowheads too if there is one), and a short leader line ties it back to the place.
//! Several events at one place so end up grouped around it.

use std::fmt::Write;

use geo::Coord;

use super::labels::boxes_overlap;
use super::markup::Markup;
use super::svg::{num, val};
use crate::style::Color;

/// Directions tried around a place, in order (degrees, y down): above
/// right first, as a map's annotations usually sit, then the other
/// diagonals, the sides, above and below.
const DIRECTIONS: [f64; 8] = [-45.0, -135.0, 45.0, 135.0, 0.0, 180.0, -90.0, 90.0];

/// How many rings of spots are tried before the symbol stays on its place.
const RINGS: usize = 6;

/// How many of them are tried for a spot clear of `soft` boxes too: further
/// out, a symbol drifts towards other places.
const SOFT_RINGS: usize = 2;

fn square(c: Coord<f64>, r: f64) -> [f64; 4] {
    [c.x - r, c.y - r, c.x + r, c.y + r]
}

/// Where a symbol of radius `r` marking `c` is drawn: on `c` when its box
/// covers none of `dots`, `placed` and `soft`; else on the first spot of
/// rings around `c` (`gap` apart, inside `bounds`) that covers none of
/// them and is nearer `c` than any other place's dot, tried in the first
/// two rings; else, when `c` covers one of `dots` or `placed`, the first
/// spot of all rings that covers none of those and is nearer `c` than any
/// other dot, else the first that covers none of those. `None`: on `c`.
pub(super) fn spot(
    c: Coord<f64>,
    r: f64,
    dots: &[[f64; 4]],
    placed: &[[f64; 4]],
    soft: &[[f64; 4]],
    bounds: [f64; 4],
    gap: f64,
) -> Option<Coord<f64>> {
    let hard_hit = |b: [f64; 4]| dots.iter().chain(placed).any(|d| boxes_overlap(b, *d));
    let soft_hit = |b: [f64; 4]| soft.iter().any(|d| boxes_overlap(b, *d));
    let inside = |b: [f64; 4]| {
        b[0] >= bounds[0] && b[1] >= bounds[1] && b[2] <= bounds[2] && b[3] <= bounds[3]
    };
    let under = square(c, r);
    if !hard_hit(under) && !soft_hit(under) {
        return None;
    }
    // Clear of the largest dot under the symbol, then a symbol's width per ring.
    let dot = dots
        .iter()
        .filter(|d| boxes_overlap(under, **d))
        .map(|d| (d[2] - d[0]).max(d[3] - d[1]) / 2.0)
        .fold(0.0, f64::max);
    let ring_spots = || {
        (0..RINGS).flat_map(move |ring| {
            let dist = dot + r + gap + ring as f64 * (2.0 * r + gap);
            // Then the directions between them.
            let between = DIRECTIONS.iter().map(|a| a + 22.5);
            DIRECTIONS.iter().copied().chain(between).map(move |a| {
                let (s, co) = a.to_radians().sin_cos();
                Coord {
                    x: c.x + co * dist,
                    y: c.y + s * dist,
                }
            })
        })
    };
    let free = |q: &Coord<f64>| inside(square(*q, r)) && !hard_hit(square(*q, r));
    // The symbol must read as its own place's: nearer `c` than any other
    // place's dot (its own place's dot, the nearest to `c` within the
    // symbol's reach, aside).
    let centre = |d: &[f64; 4]| Coord {
        x: (d[0] + d[2]) / 2.0,
        y: (d[1] + d[3]) / 2.0,
    };
    let dist = |a: Coord<f64>, b: Coord<f64>| (a.x - b.x).hypot(a.y - b.y);
    let own = dots
        .iter()
        .map(centre)
        .filter(|d| dist(*d, c) <= r)
        .min_by(|a, b| dist(*a, c).total_cmp(&dist(*b, c)));
    let others: Vec<Coord<f64>> = dots
        .iter()
        .map(centre)
        .filter(|d| own != Some(*d))
        .collect();
    let its_own = |q: &Coord<f64>| others.iter().all(|d| dist(*q, *d) > dist(*q, c));
    ring_spots()
        .take(SOFT_RINGS * 2 * DIRECTIONS.len())
        .find(|q| free(q) && its_own(q) && !soft_hit(square(*q, r)))
        .or_else(|| {
            // Only on a dot, a name or another symbol does it move further.
            hard_hit(under)
                .then(|| {
                    ring_spots()
                        .find(|q| free(q) && its_own(q))
                        .or_else(|| ring_spots().find(free))
                })
                .flatten()
        })
}

/// The leader from a place's dot edge (`dot` pixels from `c`) to a
/// displaced symbol of radius `r` at `q`.
pub(super) fn write_leader(
    out: &mut Markup,
    c: Coord<f64>,
    q: Coord<f64>,
    dot: f64,
    r: f64,
    color: Color,
    width: f64,
) {
    let (dx, dy) = (q.x - c.x, q.y - c.y);
    let len = dx.hypot(dy);
    if len <= dot + r {
        return;
    }
    let (ux, uy) = (dx / len, dy / len);
    out.push_str("<path class=\"leader\" d=\"");
    out.data(&format!(
        "M{} {}L{} {}",
        num(c.x + ux * dot),
        num(c.y + uy * dot),
        num(q.x - ux * r * 0.8),
        num(q.y - uy * r * 0.8)
    ));
    let _ = writeln!(
        out,
        "\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" stroke-linecap=\"round\"/>",
        color.hex(),
        val(width)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    const B: [f64; 4] = [0.0, 0.0, 1000.0, 1000.0];

    #[test]
    fn a_symbol_on_a_dot_moves_off_it_and_others_group_around() {
        let c = Coord { x: 500.0, y: 500.0 };
        let dot = square(c, 4.0);
        assert_eq!(
            spot(Coord { x: 100.0, y: 100.0 }, 8.0, &[dot], &[], &[], B, 3.0),
            None
        );
        let mut placed = Vec::new();
        for _ in 0..5 {
            let q = spot(c, 8.0, &[dot], &placed, &[], B, 3.0).expect("moved");
            let b = square(q, 8.0);
            assert!(!boxes_overlap(b, dot));
            assert!(!placed.iter().any(|p| boxes_overlap(b, *p)));
            assert!((q.x - c.x).hypot(q.y - c.y) < 60.0, "near its place");
            placed.push(b);
        }
    }

    #[test]
    fn a_moved_symbol_stays_nearer_its_own_place_than_any_other() {
        // Another town's dot to the right, a little up: the first free spot
        // (right of the place) would be nearer it than the symbol's place.
        let c = Coord { x: 500.0, y: 500.0 };
        let other = Coord { x: 524.0, y: 494.0 };
        let dots = [square(c, 4.0), square(other, 4.0)];
        let q = spot(c, 6.0, &dots, &[], &[], B, 3.0).expect("moved");
        let d = |a: Coord<f64>, b: Coord<f64>| (a.x - b.x).hypot(a.y - b.y);
        assert!(d(q, c) < d(q, other), "{q:?}");
    }

    #[test]
    fn a_symbol_stays_inside_the_frame() {
        let c = Coord { x: 5.0, y: 5.0 };
        let q = spot(c, 8.0, &[square(c, 4.0)], &[], &[], B, 3.0).unwrap();
        assert!(q.x >= 8.0 && q.y >= 8.0);
    }
}
