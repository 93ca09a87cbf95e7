//! Douglas-Peucker simplification without recursion. geo's `Simplify`
//! recurses once per kept vertex, so a zigzag ring of a few thousand
//! vertices overflows a thread's stack; this keeps its own stack of ranges
//! on the heap and keeps exactly the vertices geo keeps (same farthest
//! point, same tie-break, same minimum sizes), so outputs do not change.
//!
//! Douglas-Peucker takes time quadratic in the vertices when each split
//! peels off only a few of them: a line that retraces itself thousands of
//! times took minutes. The work (distances computed) is therefore bounded
//! at [`WORK_PER_VERTEX`] per vertex; past that the ranges still open are
//! thinned in one pass (a vertex is kept when it lies more than the
//! tolerance from the last one kept). Real outlines need a small fraction
//! of that budget (a wobbly 50,000-vertex line needs about 51 per vertex), so their output is unchanged.

use geo::{Coord, Distance, Euclidean, LineString, MultiLineString, MultiPolygon, Polygon};

/// Fewest vertices a simplified line keeps.
const LINE_MIN: usize = 2;
/// Fewest vertices a simplified ring keeps (a closed triangle).
const RING_MIN: usize = 4;

/// Distances Douglas-Peucker may compute per vertex before the rest of a
/// line is thinned in one pass.
const WORK_PER_VERTEX: usize = 256;

/// Indices of the vertices of `pts` that Douglas-Peucker keeps at `epsilon`,
/// never fewer than `min` when the input has that many.
fn keep(pts: &[Coord<f64>], epsilon: f64, min: usize) -> Vec<usize> {
    keep_counted(pts, epsilon, min).0
}

/// [`keep`], and the distances it computed.
fn keep_counted(pts: &[Coord<f64>], epsilon: f64, min: usize) -> (Vec<usize>, usize) {
    let n = pts.len();
    if epsilon <= 0.0 || n <= 2 {
        return ((0..n).collect(), 0);
    }
    let budget = n.saturating_mul(WORK_PER_VERTEX);
    let mut work = 0usize;
    let mut remaining = n;
    let mut kept = Vec::new();
    // Ranges [s, e] still to simplify, the leftmost on top: the same order
    // as geo's recursion, which matters because `remaining` is shared.
    let mut todo = vec![(0usize, n - 1)];
    while let Some((s, e)) = todo.pop() {
        if e - s < 2 {
            kept.extend(s..e);
            continue;
        }
        work += e - s - 1;
        if work > budget {
            // Out of budget: one pass over the range, by distance from the
            // last vertex kept.
            let mut thinned = vec![s];
            for (i, p) in pts.iter().enumerate().take(e).skip(s + 1) {
                if Euclidean.distance(*p, pts[thinned[thinned.len() - 1]]) > epsilon {
                    thinned.push(i);
                }
            }
            let culled = e - s - thinned.len();
            if remaining - culled < min {
                kept.extend(s..e);
            } else {
                remaining -= culled;
                kept.extend(thinned);
            }
            continue;
        }
        let chord = Chord::new(pts[s], pts[e]);
        let (far, dist) =
            (s + 1..e)
                .map(|i| (i, chord.distance(pts[i])))
                .fold(
                    (s, 0.0),
                    |(fi, fd), (i, d)| if d >= fd { (i, d) } else { (fi, fd) },
                );
        if dist > epsilon {
            todo.push((far, e));
            todo.push((s, far));
            continue;
        }
        let culled = e - s - 1;
        if remaining - culled < min {
            kept.extend(s..e);
        } else {
            remaining -= culled;
            kept.push(s);
        }
    }
    kept.push(n - 1);
    (kept, work)
}

/// A segment whose distance to many points is measured: geo's
/// point-to-segment distance (`geo_types::private_utils::line_segment_distance`,
/// what `Euclidean.distance(point, &line)` computes), with what depends only
/// on the segment worked out once. The arithmetic per point is geo's,
/// operation for operation, so every distance is bit for bit geo's (the
/// unit tests compare), and the segment's length, a `hypot` (slow in
/// glibc), is taken once per segment instead of once per point: a fifth
/// of a phase map's projecting time, a tenth with a 16x denser basemap.
struct Chord {
    start: Coord<f64>,
    end: Coord<f64>,
    dx: f64,
    dy: f64,
    d_squared: f64,
    length: f64,
}

impl Chord {
    fn new(start: Coord<f64>, end: Coord<f64>) -> Chord {
        let (dx, dy) = (end.x - start.x, end.y - start.y);
        Chord {
            start,
            end,
            dx,
            dy,
            d_squared: dx * dx + dy * dy,
            length: dx.hypot(dy),
        }
    }

    fn distance(&self, p: Coord<f64>) -> f64 {
        let (start, end, dx, dy) = (self.start, self.end, self.dx, self.dy);
        if start == end {
            return (start.x - p.x).hypot(start.y - p.y);
        }
        let r = ((p.x - start.x) * dx + (p.y - start.y) * dy) / self.d_squared;
        if r <= 0.0 {
            return (start.x - p.x).hypot(start.y - p.y);
        }
        if r >= 1.0 {
            return (end.x - p.x).hypot(end.y - p.y);
        }
        let s = ((start.y - p.y) * dx - (start.x - p.x) * dy) / self.d_squared;
        s.abs() * self.length
    }
}

fn simplify_ring(l: &LineString<f64>, epsilon: f64, min: usize) -> LineString<f64> {
    LineString(
        keep(&l.0, epsilon, min)
            .into_iter()
            .map(|i| l.0[i])
            .collect(),
    )
}

/// Each line simplified at `epsilon`.
pub fn lines(mls: &MultiLineString<f64>, epsilon: f64) -> MultiLineString<f64> {
    MultiLineString(
        mls.iter()
            .map(|l| simplify_ring(l, epsilon, LINE_MIN))
            .collect(),
    )
}

/// Every ring of every polygon simplified at `epsilon`.
pub fn polygons(mp: &MultiPolygon<f64>, epsilon: f64) -> MultiPolygon<f64> {
    MultiPolygon(
        mp.iter()
            .map(|p| {
                Polygon::new(
                    simplify_ring(p.exterior(), epsilon, RING_MIN),
                    p.interiors()
                        .iter()
                        .map(|h| simplify_ring(h, epsilon, RING_MIN))
                        .collect(),
                )
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Line, Simplify};
    use proptest::prelude::*;

    fn ring(pts: &[(f64, f64)]) -> LineString<f64> {
        let mut v: Vec<Coord<f64>> = pts.iter().map(|&(x, y)| Coord { x, y }).collect();
        if let Some(&first) = v.first() {
            v.push(first);
        }
        LineString(v)
    }

    proptest! {
        #[test]
        fn keeps_what_geo_keeps(
            pts in prop::collection::vec((-50.0..50.0f64, -50.0..50.0f64), 0..60),
            eps in 0.0..20.0f64,
        ) {
            let l = ring(&pts);
            let mls = MultiLineString(vec![l.clone()]);
            prop_assert_eq!(lines(&mls, eps), mls.simplify(eps));
            let mp = MultiPolygon(vec![Polygon::new(l.clone(), vec![l])]);
            prop_assert_eq!(polygons(&mp, eps), mp.simplify(eps));
        }
    }

    proptest! {
        /// A chord's distances are geo's, bit for bit: before, beside,
        /// beyond and on the segment, and for a segment of no length.
        #[test]
        fn a_chord_measures_as_geo_does(
            a in (-50.0..50.0f64, -50.0..50.0f64),
            b in (-50.0..50.0f64, -50.0..50.0f64),
            pts in prop::collection::vec((-80.0..80.0f64, -80.0..80.0f64), 1..40),
        ) {
            let (a, b) = (Coord { x: a.0, y: a.1 }, Coord { x: b.0, y: b.1 });
            for (s, e) in [(a, b), (a, a)] {
                let chord = Chord::new(s, e);
                let line = Line::new(s, e);
                let mid = Coord { x: (s.x + e.x) / 2.0, y: (s.y + e.y) / 2.0 };
                for p in pts.iter().map(|&(x, y)| Coord { x, y }).chain([s, e, mid]) {
                    prop_assert_eq!(
                        chord.distance(p).to_bits(),
                        Euclidean.distance(p, &line).to_bits()
                    );
                }
            }
        }
    }

    #[test]
    fn a_line_retracing_itself_costs_bounded_work() {
        // An arc drawn back and forth 2,000 times: each split peels off one
        // arc, so plain Douglas-Peucker computes about n²/40 distances (2.5
        // thousand million here; minutes). Found by tools/hostile_sweep.py.
        let arc: Vec<Coord<f64>> = (0..=20)
            .map(|i| {
                let a = std::f64::consts::PI * f64::from(i) / 20.0;
                Coord {
                    x: 100.0 * a.cos(),
                    y: 30.0 * a.sin(),
                }
            })
            .collect();
        let mut pts = Vec::new();
        for k in 0..2_000 {
            if k % 2 == 0 {
                pts.extend(arc.iter().copied());
            } else {
                pts.extend(arc.iter().rev().copied());
            }
        }
        let n = pts.len();
        let (kept, work) = keep_counted(&pts, 0.5, LINE_MIN);
        assert!(
            work <= n * (WORK_PER_VERTEX + 1),
            "{work} distances for {n}"
        );
        // Still a line through the arc's shape, in order, ends kept.
        assert!(kept.windows(2).all(|w| w[0] < w[1]));
        assert_eq!((kept[0], kept[kept.len() - 1]), (0, n - 1));
        assert!(kept.len() > 20, "{}", kept.len());
    }

    #[test]
    fn real_outlines_stay_far_inside_the_budget() {
        // A wobbly coastline of 50,000 vertices: the budget never bites,
        // so the output is plain Douglas-Peucker (as the proptest checks
        // for small inputs against geo).
        let pts: Vec<Coord<f64>> = (0..50_000)
            .map(|i| {
                let t = f64::from(i) / 50.0;
                Coord {
                    x: t,
                    y: (t * 0.7).sin() * 20.0 + (t * 3.1).sin() * 2.0 + (t * 17.3).sin() * 0.4,
                }
            })
            .collect();
        let (_, work) = keep_counted(&pts, 0.5, LINE_MIN);
        assert!(work < pts.len() * WORK_PER_VERTEX / 4, "{work}");
    }

    #[test]
    fn a_long_zigzag_does_not_overflow_the_stack() {
        // Every vertex stands out from its chord and ties go to the last,
        // so a recursive simplification would nest about n calls deep.
        let n = 10_000;
        let pts: Vec<(f64, f64)> = (0..n)
            .map(|i| (i as f64, if i % 2 == 0 { 0.0 } else { 10.0 }))
            .collect();
        let l = ring(&pts);
        let got = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || polygons(&MultiPolygon(vec![Polygon::new(l, vec![])]), 0.5))
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(got.0[0].exterior().0.len(), n + 1);
    }
}
