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

/// What a displaced symbol keeps clear of, and where it may go.
pub(super) struct Around<'a> {
    /// Town dots.
    pub dots: &'a [[f64; 4]],
    /// Symbols and names placed before it.
    pub placed: &'a [[f64; 4]],
    /// Boxes it keeps off where it can (arrowheads).
    pub soft: &'a [[f64; 4]],
    /// Leaders drawn before it (from a place to its symbol), which its own
    /// leader must not cross.
    pub leaders: &'a [[Coord<f64>; 2]],
    /// The frame it stays inside.
    pub bounds: [f64; 4],
    /// The gap between rings of spots.
    pub gap: f64,
    /// How far a spot is from its place's side of things (0 on the same
    /// land and the same power's ground; see `Zone::cost`): the nearer
    /// rings are searched for the spot least far.
    pub home: &'a dyn Fn(Coord<f64>) -> u32,
}

/// How many rings around its place a symbol searches for a spot on its
/// place's side (in rings half as far apart, with directions twice as
/// close) before it takes the nearest spot off it: further out, it would
/// no longer read as its place's.
const NEAR_RINGS: usize = 2;

/// True when segments `a` and `b` cross (ends touching, as two leaders
/// from one place do, do not count).
fn crosses(a: [Coord<f64>; 2], b: [Coord<f64>; 2]) -> bool {
    let o = |p: Coord<f64>, q: Coord<f64>, r: Coord<f64>| {
        (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x)
    };
    let (d1, d2) = (o(a[0], a[1], b[0]), o(a[0], a[1], b[1]));
    let (d3, d4) = (o(b[0], b[1], a[0]), o(b[0], b[1], a[1]));
    d1 * d2 < -1e-9 && d3 * d4 < -1e-9
}

/// Where a symbol of radius `r` marking `c` is drawn: on `c` when its box
/// covers none of the dots, placed boxes and soft boxes of `around`; else
/// on a spot of rings around `c` (`gap` apart, inside `bounds`) that covers
/// none of them, whose leader crosses no other, nearer `c` than any other
/// place's dot and on `c`'s side (`home`), tried in the first two rings;
/// else, when `c` covers a dot or a placed box, the first spot of the
/// first rings that covers none of those and is on `c`'s side and nearer
/// `c` than any other dot, then the same off its side, then any that covers
/// none of those. A leader never crosses another. `None`: on `c`.
pub(super) fn spot(c: Coord<f64>, r: f64, around: &Around) -> Option<Coord<f64>> {
    let Around {
        dots,
        placed,
        soft,
        leaders,
        bounds,
        gap,
        home,
    } = *around;
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
    let per_ring = 2 * DIRECTIONS.len();
    let free = |q: &Coord<f64>| {
        inside(square(*q, r))
            && !hard_hit(square(*q, r))
            && !leaders.iter().any(|l| crosses(*l, [c, *q]))
    };
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
        .take(SOFT_RINGS * per_ring)
        .find(|q| free(q) && its_own(q) && home(*q) == 0 && !soft_hit(square(*q, r)))
        .or_else(|| {
            // Only on a dot, a name or another symbol does it move further:
            // to the spot nearest its place's side, nearest first; past the
            // first rings only where that is nearer its side.
            hard_hit(under)
                .then(|| {
                    // Rings half as far apart, directions twice as close,
                    // then the usual rings beyond.
                    let fine = (0..2 * NEAR_RINGS).flat_map(|half| {
                        let dist = dot + r + gap + half as f64 * (r + gap / 2.0);
                        (0..2 * per_ring).map(move |k| {
                            let a = DIRECTIONS[k % DIRECTIONS.len()]
                                + 11.25 * (k / DIRECTIONS.len()) as f64;
                            let (s, co) = a.to_radians().sin_cos();
                            let q = Coord {
                                x: c.x + co * dist,
                                y: c.y + s * dist,
                            };
                            (half / 2, q)
                        })
                    });
                    let beyond = ring_spots()
                        .enumerate()
                        .skip(NEAR_RINGS * per_ring)
                        .map(|(k, q)| (k / per_ring, q));
                    // (ring, spot), nearest first.
                    let spots: Vec<(usize, Coord<f64>)> =
                        fine.chain(beyond).filter(|(_, q)| free(q)).collect();
                    let own_near = spots
                        .iter()
                        .enumerate()
                        .filter(|(_, (ring, q))| *ring < NEAR_RINGS && its_own(q))
                        .min_by_key(|(k, (_, q))| (home(*q), *k));
                    let nearest = |own: bool| {
                        spots
                            .iter()
                            .enumerate()
                            .filter(|(_, (_, q))| !own || its_own(q))
                            .min_by_key(|(k, (ring, q))| (*ring, home(*q), *k))
                    };
                    // Nearer another town than its own only where no spot
                    // near it is free, and then still on its side.
                    own_near
                        .or_else(|| nearest(true))
                        .or_else(|| nearest(false))
                        .map(|(_, (_, q))| *q)
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

    fn anywhere(_: Coord<f64>) -> u32 {
        0
    }

    /// `spot` among `dots` and `placed`, nothing else in the way.
    fn spot_among(
        c: Coord<f64>,
        r: f64,
        dots: &[[f64; 4]],
        placed: &[[f64; 4]],
    ) -> Option<Coord<f64>> {
        let around = Around {
            dots,
            placed,
            soft: &[],
            leaders: &[],
            bounds: B,
            gap: 3.0,
            home: &anywhere,
        };
        spot(c, r, &around)
    }

    #[test]
    fn a_symbol_on_a_dot_moves_off_it_and_others_group_around() {
        let c = Coord { x: 500.0, y: 500.0 };
        let dot = square(c, 4.0);
        assert_eq!(
            spot_among(Coord { x: 100.0, y: 100.0 }, 8.0, &[dot], &[]),
            None
        );
        let mut placed = Vec::new();
        for _ in 0..5 {
            let q = spot_among(c, 8.0, &[dot], &placed).expect("moved");
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
        let q = spot_among(c, 6.0, &dots, &[]).expect("moved");
        let d = |a: Coord<f64>, b: Coord<f64>| (a.x - b.x).hypot(a.y - b.y);
        assert!(d(q, c) < d(q, other), "{q:?}");
    }

    #[test]
    fn a_symbol_stays_inside_the_frame() {
        let c = Coord { x: 5.0, y: 5.0 };
        let q = spot_among(c, 8.0, &[square(c, 4.0)], &[]).unwrap();
        assert!(q.x >= 8.0 && q.y >= 8.0);
    }

    #[test]
    fn a_leader_never_crosses_another() {
        // A leader drawn before runs from below-left of the place to above
        // its right: every spot whose leader would cross it is refused.
        let c = Coord { x: 500.0, y: 500.0 };
        let drawn = [[Coord { x: 480.0, y: 530.0 }, Coord { x: 540.0, y: 470.0 }]];
        let dots = [square(c, 4.0)];
        let around = Around {
            dots: &dots,
            placed: &[],
            soft: &[],
            leaders: &drawn,
            bounds: B,
            gap: 3.0,
            home: &anywhere,
        };
        let q = spot(c, 8.0, &around).expect("moved");
        assert!(!crosses(drawn[0], [c, q]), "{q:?}");
        // Without the leader, the first spot (above right) crosses it.
        let q = spot_among(c, 8.0, &dots, &[]).unwrap();
        assert!(crosses(drawn[0], [c, q]), "{q:?}");
    }

    #[test]
    fn a_symbol_stays_on_its_side_of_a_border() {
        // Right of x = 505 is another state: the symbol, whose first spot
        // is above right, goes to the place's side.
        let c = Coord { x: 500.0, y: 500.0 };
        let dots = [square(c, 4.0)];
        let west = |q: Coord<f64>| u32::from(q.x >= 505.0);
        let around = Around {
            dots: &dots,
            placed: &[],
            soft: &[],
            leaders: &[],
            bounds: B,
            gap: 3.0,
            home: &west,
        };
        let q = spot(c, 8.0, &around).expect("moved");
        assert!(q.x < 505.0, "{q:?}");
        assert!(spot_among(c, 8.0, &dots, &[]).unwrap().x > 505.0);
    }
}
