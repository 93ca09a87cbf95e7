//! Polygon validity as geo's `Validation` defines it, fast for the common case.
//!
//! geo tests every pair of segments of a polygon (quadratic: a detailed
//! coastline multipolygon took 0.3 s, most of a whole load). Here a sweep
//! along x finds the few segment pairs whose boxes overlap. When no ring
//! meets itself and rings of one polygon meet only at isolated points
//! (holes touching the shell or each other, judged in [`touch`]), a
//! handful of point-in-ring tests settle the rest. Anything less clear-cut
//! (rings crossing or running along each other, parts of a multipolygon
//! touching, islands in lakes) goes to geo, which decides and words the
//! reason.
//!
//! Two checks are made here without asking geo: a ring crossing itself (two
//! of its segments cross at a point that is neither's end), and touches
//! that close a loop and cut the interior apart (geo does not check that
//! the interior is connected; the simple-features rules require it). geo is
//! asked only about polygons of at most [`GEO_SEGMENTS`] segments: a fuzzed
//! 20,000-segment polygon whose ring crossed itself kept geo busy for
//! minutes.

mod touch;

use geo::line_intersection::{line_intersection, LineIntersection};
use geo::{Coord, Geometry, Intersects, Line, LineString, Polygon, Validation};

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
    if let Some(k) = rings.iter().position(|r| flat_ring(r)) {
        return Some(flat_ring_message(polys, rings[k], k));
    }
    if rings.iter().all(|r| plain_ring(r)) {
        match fast_verdict(polys, &rings) {
            Verdict::Valid => return None,
            Verdict::Crossing { ring, at } => {
                return Some(format!(
                    "{} crosses itself at ({}, {})",
                    ring_name(polys, ring),
                    at.x,
                    at.y
                ))
            }
            Verdict::Loop { ring, at } => {
                return Some(format!(
                    "{} touches at ({}, {}) a ring it already touches elsewhere, directly or \
                     through other rings: the touching rings close a loop that cuts a piece out \
                     of the polygon's interior (holes may touch the shell or each other only at \
                     points that leave the interior in one piece)",
                    ring_name(polys, ring),
                    at.x,
                    at.y
                ))
            }
            Verdict::Unsure => {}
        }
    }
    let segments: usize = rings.iter().map(|r| r.0.len().saturating_sub(1)).sum();
    if segments > GEO_SEGMENTS {
        return Some(format!(
            "its rings cross, run along each other or repeat a vertex, its parts touch, or \
             its rings nest in a way that needs the full check, which phasemap makes for \
             polygons of at most {GEO_SEGMENTS} segments (this one has {segments}); simplify it \
             or split it into several features"
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
    rings.iter().all(|r| plain_ring(r)) && matches!(fast_verdict(polys, &rings), Verdict::Valid)
}

/// What the fast checks conclude about polygons whose rings are plain.
enum Verdict {
    Valid,
    /// Two segments of one ring cross at a point inside both.
    Crossing {
        ring: usize,
        at: Coord<f64>,
    },
    /// Rings touching at points close a loop (see [`touch`]).
    Loop {
        ring: usize,
        at: Coord<f64>,
    },
    /// geo must judge.
    Unsure,
}

fn fast_verdict(polys: &[Polygon<f64>], rings: &[&LineString<f64>]) -> Verdict {
    // Which polygon each ring belongs to, and whether it is a hole.
    let mut part = Vec::with_capacity(rings.len());
    let mut hole = Vec::with_capacity(rings.len());
    for (i, p) in polys.iter().enumerate() {
        part.extend(std::iter::repeat_n(i, 1 + p.interiors().len()));
        hole.push(false);
        hole.extend(p.interiors().iter().map(|_| true));
    }
    let mut touches = match segments_meet(rings, &part) {
        Meeting::Apart { touches } => touches,
        Meeting::Crossing { ring, at } => return Verdict::Crossing { ring, at },
        Meeting::Unsure => return Verdict::Unsure,
    };
    let found_loop = match touch::judge(rings, &hole, &mut touches) {
        touch::Touching::Points => None,
        touch::Touching::Loop { ring, at } => Some(Verdict::Loop { ring, at }),
        touch::Touching::Unsure => return Verdict::Unsure,
    };
    // Sorted by position by `judge`.
    let mut touched: Vec<Coord<f64>> = touches.iter().map(|t| t.at).collect();
    touched.dedup_by(|a, b| touch::by_position(a, b).is_eq());
    if !nesting_is_plain(polys, &touched) {
        return Verdict::Unsure;
    }
    found_loop.unwrap_or(Verdict::Valid)
}

/// Every ring: each polygon's exterior, then its holes.
fn rings_of(polys: &[Polygon<f64>]) -> Vec<&LineString<f64>> {
    polys
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .collect()
}

/// Whether a ring encloses no area: its positions lie on one line (or
/// repeat), up to rounding. Such a ring is a sliver GIS tools leave behind;
/// geo's checks report it, if at all, as parts overlapping.
fn flat_ring(ring: &LineString<f64>) -> bool {
    use geo::{Area, BoundingRect};
    let Some(b) = ring.bounding_rect() else {
        return false; // no positions: the reader's checks say so
    };
    let (w, h) = (b.width(), b.height());
    if !w.is_finite() || !h.is_finite() {
        return false;
    }
    let area = geo::Polygon::new(ring.clone(), vec![]).unsigned_area();
    // Relative to the ring's box: a thin but real ring is kept.
    area <= 1e-12 * (w * w + h * h) || w == 0.0 || h == 0.0
}

/// The error for ring `k` (of [`rings_of`]) enclosing no area.
fn flat_ring_message(polys: &[Polygon<f64>], ring: &LineString<f64>, k: usize) -> String {
    let name = ring_name(polys, k);
    let what = if name.starts_with("hole") {
        "delete that hole"
    } else if polys.len() > 1 {
        "delete that part from the MultiPolygon's coordinates"
    } else {
        "delete the feature, or draw it in a line or point layer"
    };
    let (first, last) = ring.0.iter().fold((ring.0[0], ring.0[0]), |(a, b), c| {
        let far = |p: Coord<f64>| (p.x - ring.0[0].x).hypot(p.y - ring.0[0].y);
        (a, if far(*c) > far(b) { *c } else { b })
    });
    format!(
        "{name} encloses no area (zero-area ring: its {} positions lie on one line, from \
         ({}, {}) to ({}, {})); {what}, or give it an area",
        ring.0.len(),
        first.x,
        first.y,
        last.x,
        last.y
    )
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
    /// No ring meets itself (other than neighbouring segments at their
    /// vertex); rings meet only rings of their own polygon, at isolated
    /// points, listed here (each point once for each ring through it).
    Apart { touches: Vec<touch::Touch> },
    /// Two segments of one ring cross at a point inside both: invalid.
    Crossing { ring: usize, at: Coord<f64> },
    /// Segments meet in a way geo must judge (rings crossing or overlapping,
    /// parts touching, a vertex visited twice).
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
/// crossing itself, or two rings touching or crossing. `part[r]` is the
/// polygon ring `r` belongs to.
fn segments_meet(rings: &[&LineString<f64>], part: &[usize]) -> Meeting {
    let mut touches = Vec::new();
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
                // Rings of one polygon may touch at a point that is an end
                // of one of the two segments (a vertex of either ring).
                match line_intersection(a.line, b.line) {
                    Some(LineIntersection::SinglePoint {
                        intersection: at,
                        is_proper: false,
                    }) if part[a.ring] == part[b.ring] => {
                        touches.extend([a, b].map(|s| touch::Touch {
                            at,
                            ring: s.ring,
                            index: s.index,
                        }));
                        continue;
                    }
                    _ => return Meeting::Unsure,
                }
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
    Meeting::Apart { touches }
}

/// With rings touching only at the `touched` points (sorted by position):
/// every hole inside its own shell and outside the other holes, and no
/// polygon inside another's shell (an island in a lake is valid, but rare
/// enough to leave to geo). A ring is placed by one of its vertices that
/// touches nothing; a ring with none is left to geo.
fn nesting_is_plain(polys: &[Polygon<f64>], touched: &[Coord<f64>]) -> bool {
    use geo::coordinate_position::{coord_pos_relative_to_ring, CoordPos};
    use geo::BoundingRect;
    let free = |ring: &LineString<f64>| {
        ring.0.iter().copied().find(|c| {
            touched
                .binary_search_by(|t| touch::by_position(t, c))
                .is_err()
        })
    };
    let inside = |ring: &LineString<f64>, c: Coord<f64>| {
        let in_box = ring.bounding_rect().is_some_and(|b| {
            c.x >= b.min().x && c.x <= b.max().x && c.y >= b.min().y && c.y <= b.max().y
        });
        in_box && coord_pos_relative_to_ring(c, ring) == CoordPos::Inside
    };
    for p in polys {
        for (i, hole) in p.interiors().iter().enumerate() {
            let Some(c) = free(hole) else { return false };
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
        // Parts touch nothing outside their own polygon (the sweep left
        // such touches to geo), so any vertex places a part.
        for (i, p) in polys.iter().enumerate() {
            let c = p.exterior().0[0];
            if polys
                .iter()
                .enumerate()
                .any(|(j, q)| i != j && inside(q.exterior(), c))
            {
                return false;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests;
