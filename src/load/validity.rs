//! Polygon validity as geo's `Validation` defines it, fast for the common case.
//!
//! geo tests every pair of segments of a polygon (quadratic: a detailed
//! coastline multipolygon took 0.3 s, most of a whole load). Here a sweep
//! along x finds the few segment pairs whose boxes overlap; when no two
//! rings touch and no ring crosses itself, a handful of point-in-ring tests
//! settle the rest. Anything less clear-cut (rings that touch, islands in
//! lakes) goes to geo, which decides and words the reason.
//!
//! A ring found crossing itself (two of its segments cross at a point that
//! is neither's end) is reported here without asking geo, and geo is asked
//! only about polygons of at most [`GEO_SEGMENTS`] segments: a fuzzed
//! 20,000-segment polygon whose ring crossed itself kept geo busy for
//! minutes.

use geo::line_intersection::{line_intersection, LineIntersection};
use geo::{Contains, Coord, Geometry, Intersects, Line, LineString, Polygon, Validation};

/// Most segments of a polygon whose validity geo (quadratic in them) is
/// asked to decide.
const GEO_SEGMENTS: usize = 20_000;

/// Why `g` is not a valid geometry, or `None` when it is. Lines and points
/// are valid once their coordinates are (checked while reading).
pub fn invalidity(g: &Geometry<f64>) -> Option<String> {
    match g {
        Geometry::Polygon(p) => polygons_invalidity(std::slice::from_ref(p), g),
        Geometry::MultiPolygon(mp) => polygons_invalidity(&mp.0, g),
        Geometry::GeometryCollection(gc) => gc.0.iter().find_map(invalidity),
        _ => None,
    }
}

fn polygons_invalidity(polys: &[Polygon<f64>], g: &Geometry<f64>) -> Option<String> {
    let rings = rings_of(polys);
    if rings.iter().all(|r| plain_ring(r)) {
        match segments_meet(&rings) {
            Meeting::Apart if nesting_is_plain(polys) => return None,
            Meeting::Crossing { ring, at } => {
                return Some(format!(
                    "{} crosses itself at ({}, {})",
                    ring_name(polys, ring),
                    at.x,
                    at.y
                ))
            }
            _ => {}
        }
    }
    let segments: usize = rings.iter().map(|r| r.0.len().saturating_sub(1)).sum();
    if segments > GEO_SEGMENTS {
        return Some(format!(
            "its rings touch, repeat a vertex or nest in a way that needs the full check, which \
             phasemap makes for polygons of at most {GEO_SEGMENTS} segments (this one has \
             {segments}); simplify it or split it into several features"
        ));
    }
    g.validation_errors()
        .into_iter()
        .next()
        .map(|e| e.to_string())
}

/// True if the polygons (one polygon, or the parts of a multipolygon) pass
/// every check of geo's `Validation`; false when unsure.
#[cfg(test)]
fn surely_valid(polys: &[Polygon<f64>]) -> bool {
    let rings = rings_of(polys);
    rings.iter().all(|r| plain_ring(r))
        && matches!(segments_meet(&rings), Meeting::Apart)
        && nesting_is_plain(polys)
}

/// Every ring: each polygon's exterior, then its holes.
fn rings_of(polys: &[Polygon<f64>]) -> Vec<&LineString<f64>> {
    polys
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .collect()
}

/// Ring number `k` of [`rings_of`], in words.
fn ring_name(polys: &[Polygon<f64>], mut k: usize) -> String {
    for (i, p) in polys.iter().enumerate() {
        let part = if polys.len() > 1 {
            format!(" of part {i}")
        } else {
            String::new()
        };
        if k == 0 {
            return format!("the exterior ring{part}");
        }
        if k <= p.interiors().len() {
            return format!("hole {}{part}", k - 1);
        }
        k -= 1 + p.interiors().len();
    }
    "a ring".into()
}

/// What the sweep over the segments found.
enum Meeting {
    /// No two segments meet (other than neighbours at their vertex).
    Apart,
    /// Two segments of one ring cross at a point inside both: invalid.
    Crossing { ring: usize, at: Coord<f64> },
    /// Segments meet in a way geo must judge (rings touching, a vertex
    /// visited twice, overlapping segments).
    Unsure,
}

/// Finite coordinates and at least three distinct positions.
fn plain_ring(ring: &LineString<f64>) -> bool {
    use geo::RemoveRepeatedPoints;
    ring.0.iter().all(|c| c.x.is_finite() && c.y.is_finite())
        && ring.remove_repeated_points().0.len() >= 4
}

/// One segment and where it sits: ring number, position in the ring, box.
struct Segment {
    line: Line<f64>,
    ring: usize,
    index: usize,
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
}

/// Whether two segments meet, other than neighbours in one ring sharing
/// their common vertex (geo's rule for a ring crossing itself): a ring
/// crossing itself, or two rings touching or crossing.
fn segments_meet(rings: &[&LineString<f64>]) -> Meeting {
    let mut segs: Vec<Segment> = Vec::new();
    let mut lens = Vec::with_capacity(rings.len());
    for (ring, ls) in rings.iter().enumerate() {
        lens.push(ls.0.len().saturating_sub(1));
        segs.extend(ls.lines().enumerate().map(|(index, line)| Segment {
            line,
            ring,
            index,
            x0: line.start.x.min(line.end.x),
            x1: line.start.x.max(line.end.x),
            y0: line.start.y.min(line.end.y),
            y1: line.start.y.max(line.end.y),
        }));
    }
    segs.sort_unstable_by(|a, b| {
        a.x0.total_cmp(&b.x0)
            .then(a.ring.cmp(&b.ring))
            .then(a.index.cmp(&b.index))
    });
    for (k, a) in segs.iter().enumerate() {
        for b in &segs[k + 1..] {
            if b.x0 > a.x1 {
                break;
            }
            if b.y0 > a.y1 || a.y0 > b.y1 || !a.line.intersects(&b.line) {
                continue;
            }
            if a.ring != b.ring {
                return Meeting::Unsure;
            }
            // Same ring: as geo does, neighbours meeting at their common
            // vertex do not count; a ring passing twice through one vertex
            // is left to geo.
            let (la, lb) = (&a.line, &b.line);
            let n = lens[a.ring];
            let gap = a.index.abs_diff(b.index);
            let neighbours = gap == 1 || gap + 1 == n;
            if neighbours && (la.start == lb.end || la.end == lb.start) {
                continue;
            }
            return match line_intersection(*la, *lb) {
                Some(LineIntersection::SinglePoint {
                    intersection,
                    is_proper: true,
                }) => Meeting::Crossing {
                    ring: a.ring,
                    at: intersection,
                },
                _ => Meeting::Unsure,
            };
        }
    }
    Meeting::Apart
}

/// With no two rings touching: every hole inside its own shell and outside
/// the other holes, and no polygon inside another's shell (an island in a
/// lake is valid, but rare enough to leave to geo).
fn nesting_is_plain(polys: &[Polygon<f64>]) -> bool {
    let inside =
        |ring: &LineString<f64>, c: Coord<f64>| Polygon::new(ring.clone(), vec![]).contains(&c);
    for p in polys {
        for (i, hole) in p.interiors().iter().enumerate() {
            let c = hole.0[0];
            if !inside(p.exterior(), c) {
                return false;
            }
            if p.interiors()
                .iter()
                .enumerate()
                .any(|(j, other)| j != i && inside(other, c))
            {
                return false;
            }
        }
    }
    if polys.len() > 1 {
        use geo::BoundingRect;
        let boxes: Vec<_> = polys.iter().map(|p| p.exterior().bounding_rect()).collect();
        for (i, p) in polys.iter().enumerate() {
            let c = p.exterior().0[0];
            for (j, q) in polys.iter().enumerate() {
                let Some(b) = boxes[j] else { continue };
                let in_box =
                    c.x >= b.min().x && c.x <= b.max().x && c.y >= b.min().y && c.y <= b.max().y;
                if i != j && in_box && inside(q.exterior(), c) {
                    return false;
                }
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small random generator, so the test needs no crate and never changes.
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self, n: u64) -> f64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 33) % n) as f64
        }
        fn ring(&mut self, n: usize, at: (f64, f64), size: u64) -> LineString<f64> {
            let mut pts: Vec<(f64, f64)> = (0..n)
                .map(|_| (at.0 + self.next(size), at.1 + self.next(size)))
                .collect();
            pts.push(pts[0]);
            pts.into()
        }
    }

    fn check(polys: Vec<Polygon<f64>>, counts: &mut (usize, usize, usize)) {
        let g = geo::MultiPolygon(polys.clone());
        let geo_valid = g.is_valid();
        let ours = surely_valid(&polys);
        assert!(
            !ours || geo_valid,
            "accepted an invalid geometry: {polys:?}"
        );
        let reason = polygons_invalidity(&polys, &Geometry::MultiPolygon(g.clone()));
        assert_eq!(
            reason.is_none(),
            geo_valid,
            "{reason:?} where geo says valid={geo_valid}: {polys:?}"
        );
        counts.0 += ours as usize;
        counts.1 += geo_valid as usize;
        counts.2 += 1;
    }

    #[test]
    fn never_accepts_what_geo_rejects() {
        // Random rings (many self-intersect, some touch, some repeat points),
        // holes and multipolygon parts: whatever the sweep accepts, geo must.
        let mut rng = Lcg(42);
        let mut counts = (0, 0, 0);
        for n in 3..12 {
            for _ in 0..300 {
                let shell = rng.ring(n, (0.0, 0.0), 7);
                check(vec![Polygon::new(shell.clone(), vec![])], &mut counts);
                let hole = rng.ring(3 + n % 3, (1.0, 1.0), 5);
                check(vec![Polygon::new(shell.clone(), vec![hole])], &mut counts);
                let other = rng.ring(3 + n % 4, (4.0, 0.0), 7);
                check(
                    vec![Polygon::new(shell, vec![]), Polygon::new(other, vec![])],
                    &mut counts,
                );
            }
        }
        let (ours, geos, all) = counts;
        assert!(geos > 300 && geos < all - 300, "{counts:?}");
        // The fast path must decide most valid shapes itself.
        assert!(ours * 10 > geos * 7, "{counts:?}");
    }

    #[test]
    fn a_huge_ring_crossing_itself_is_named_without_geo() {
        // 40,000 segments: a zigzag whose closing edge crosses it. geo's
        // check of this took minutes.
        let n = 40_000;
        let mut pts: Vec<(f64, f64)> = (0..n)
            .map(|i| (i as f64, if i % 2 == 0 { 0.0 } else { 1.0 }))
            .collect();
        pts.push((n as f64 / 2.0 + 0.5, 2.0));
        pts.push((n as f64 / 2.0 + 0.25, -1.0));
        pts.push(pts[0]);
        let p = Polygon::new(pts.into(), vec![]);
        let reason = invalidity(&Geometry::Polygon(p)).unwrap();
        assert!(
            reason.contains("the exterior ring crosses itself at ("),
            "{reason}"
        );
    }

    #[test]
    fn a_huge_polygon_whose_rings_touch_is_refused_with_the_limit() {
        // A shell of 30,000 segments and a hole touching it at a vertex:
        // valid for geo, but only geo's full check could say so.
        let n = 30_000;
        let mut shell: Vec<(f64, f64)> = (0..=n).map(|i| (i as f64, 0.0)).collect();
        shell.extend([(n as f64, 10.0), (0.0, 10.0), (0.0, 0.0)]);
        let hole = vec![(5.0, 0.0), (6.0, 2.0), (4.0, 2.0), (5.0, 0.0)];
        let p = Polygon::new(shell.into(), vec![hole.into()]);
        let reason = invalidity(&Geometry::Polygon(p)).unwrap();
        assert!(reason.contains("at most 20000 segments"), "{reason}");
    }

    #[test]
    fn square_with_hole_and_separate_island_is_fast_and_valid() {
        let sq = |x: f64, y: f64, s: f64| -> LineString<f64> {
            vec![(x, y), (x + s, y), (x + s, y + s), (x, y + s), (x, y)].into()
        };
        let p = Polygon::new(
            sq(0.0, 0.0, 10.0),
            vec![sq(2.0, 2.0, 2.0), sq(5.0, 5.0, 2.0)],
        );
        let q = Polygon::new(sq(20.0, 0.0, 3.0), vec![]);
        assert!(surely_valid(&[p.clone(), q]));
        // A hole outside its shell, a hole inside a hole, a part inside another: unsure.
        let outside = Polygon::new(sq(0.0, 0.0, 10.0), vec![sq(12.0, 2.0, 2.0)]);
        assert!(!surely_valid(std::slice::from_ref(&outside)));
        assert!(invalidity(&Geometry::Polygon(outside)).is_some());
        let nested = Polygon::new(
            sq(0.0, 0.0, 10.0),
            vec![sq(2.0, 2.0, 6.0), sq(3.0, 3.0, 1.0)],
        );
        assert!(!surely_valid(&[nested]));
        let inner = Polygon::new(sq(1.0, 1.0, 1.0), vec![]);
        assert!(!surely_valid(&[p, inner]));
        // Parts sharing an edge are invalid for geo, and unsure here.
        let a = Polygon::new(sq(0.0, 0.0, 1.0), vec![]);
        let b = Polygon::new(sq(1.0, 0.0, 1.0), vec![]);
        assert!(!surely_valid(&[a.clone(), b.clone()]));
        assert!(invalidity(&Geometry::MultiPolygon(geo::MultiPolygon(vec![a, b]))).is_some());
    }
}
