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

/// The pieces a polygon's interior falls into, by geo's boolean operations
/// (independent of the sweep): the shell minus the holes.
fn pieces(p: &Polygon<f64>) -> usize {
    use geo::BooleanOps;
    let shell = Polygon::new(p.exterior().clone(), vec![]);
    let holes: Vec<_> = p
        .interiors()
        .iter()
        .map(|h| Polygon::new(h.clone(), vec![]))
        .collect();
    shell.difference(&geo::MultiPolygon(holes)).0.len()
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
    // geo does not check that a polygon's interior is in one piece; where
    // the touches close a loop, the boolean operations must agree that it
    // falls apart.
    let cut = reason
        .as_deref()
        .is_some_and(|r| r.contains("close a loop"));
    // geo accepts a ring that encloses no area; phasemap refuses it (a
    // sliver part GIS tools leave): the ring must be flat indeed.
    let flat = reason
        .as_deref()
        .is_some_and(|r| r.contains("encloses no area"));
    if cut {
        assert!(polys.iter().any(|p| pieces(p) > 1), "{reason:?}: {polys:?}");
    } else if flat {
        use geo::Area;
        assert!(
            polys.iter().any(|p| {
                std::iter::once(p.exterior())
                    .chain(p.interiors())
                    .any(|r| Polygon::new(r.clone(), vec![]).unsigned_area() < 1e-9)
            }),
            "{reason:?}: {polys:?}"
        );
    } else {
        assert_eq!(
            reason.is_none(),
            geo_valid,
            "{reason:?} where geo says valid={geo_valid}: {polys:?}"
        );
    }
    if ours {
        assert!(
            polys.iter().all(|p| pieces(p) <= 1),
            "accepted a polygon cut apart: {polys:?}"
        );
    }
    counts.0 += ours as usize;
    counts.1 += (geo_valid && !cut) as usize;
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
fn holes_touching_at_points_agree_with_geo() {
    // A square shell with two to four small random holes on a coarse grid:
    // holes often share a vertex with each other or lie on the shell, touch
    // along a segment, overlap, or close loops.
    let mut rng = Lcg(7);
    let mut counts = (0, 0, 0);
    let shell: LineString<f64> =
        vec![(0.0, 0.0), (8.0, 0.0), (8.0, 8.0), (0.0, 8.0), (0.0, 0.0)].into();
    for k in 0..3000 {
        let holes = (0..2 + k % 2)
            .map(|_| {
                let at = (rng.next(7), rng.next(7));
                rng.ring(3, at, 3)
            })
            .collect();
        check(vec![Polygon::new(shell.clone(), holes)], &mut counts);
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
fn a_huge_polygon_left_to_geo_is_refused_with_the_limit() {
    // A shell of 30,000 segments and a hole running along it for one
    // segment: only geo's full check words what is wrong.
    let n = 30_000;
    let mut shell: Vec<(f64, f64)> = (0..=n).map(|i| (i as f64, 0.0)).collect();
    shell.extend([(n as f64, 10.0), (0.0, 10.0), (0.0, 0.0)]);
    let hole = vec![(5.0, 0.0), (6.0, 0.0), (5.0, 2.0), (5.0, 0.0)];
    let p = Polygon::new(shell.into(), vec![hole.into()]);
    let reason = invalidity(&Geometry::Polygon(p)).unwrap();
    assert!(reason.contains("at most 20000 segments"), "{reason}");
}

#[test]
fn a_huge_polygon_whose_hole_touches_the_shell_at_a_vertex_is_valid() {
    // Decided by the sweep, without geo (which would be refused for size).
    let n = 30_000;
    let mut shell: Vec<(f64, f64)> = (0..=n).map(|i| (i as f64, 0.0)).collect();
    shell.extend([(n as f64, 10.0), (0.0, 10.0), (0.0, 0.0)]);
    let hole = vec![(5.0, 0.0), (6.0, 2.0), (4.0, 2.0), (5.0, 0.0)];
    let p = Polygon::new(shell.into(), vec![hole.into()]);
    assert_eq!(invalidity(&Geometry::Polygon(p)), None);
}

fn poly(shell: &[(f64, f64)], holes: &[&[(f64, f64)]]) -> Polygon<f64> {
    Polygon::new(
        shell.to_vec().into(),
        holes.iter().map(|h| h.to_vec().into()).collect(),
    )
}

const SQUARE: &[(f64, f64)] = &[(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0), (0.0, 0.0)];

#[test]
fn holes_touching_at_a_vertex_are_valid_without_geo() {
    // Each case valid for geo too (asserted), and decided by the sweep.
    let cases = [
        // A hole's vertex on the middle of a shell edge.
        poly(
            SQUARE,
            &[&[(0.0, 2.0), (2.0, 1.0), (3.0, 2.0), (2.0, 3.0), (0.0, 2.0)]],
        ),
        // A hole's vertex on a shell corner.
        poly(SQUARE, &[&[(0.0, 0.0), (2.0, 1.0), (1.0, 2.0), (0.0, 0.0)]]),
        // Two holes sharing a vertex, one of them also on the shell, wound
        // either way round.
        poly(
            SQUARE,
            &[
                &[(1.0, 2.0), (2.0, 1.0), (3.0, 2.0), (2.0, 3.0), (1.0, 2.0)],
                &[(3.0, 2.0), (4.0, 1.0), (3.5, 3.0), (3.0, 2.0)],
            ],
        ),
        // Three holes meeting at one point: no loop.
        poly(
            SQUARE,
            &[
                &[(2.0, 2.0), (3.0, 1.0), (3.0, 2.0), (2.0, 2.0)],
                &[(2.0, 2.0), (2.0, 3.0), (1.0, 3.0), (2.0, 2.0)],
                &[(2.0, 2.0), (1.0, 1.0), (2.0, 1.0), (2.0, 2.0)],
            ],
        ),
    ];
    for p in cases {
        assert!(p.is_valid(), "{p:?}");
        assert!(surely_valid(std::slice::from_ref(&p)), "{p:?}");
        assert_eq!(invalidity(&Geometry::Polygon(p)), None);
    }
}

#[test]
fn holes_touching_along_a_segment_or_overlapping_are_invalid() {
    let along = poly(
        SQUARE,
        &[
            &[(1.0, 2.0), (2.0, 1.0), (3.0, 2.0), (2.0, 3.0), (1.0, 2.0)],
            &[(3.0, 2.0), (2.0, 1.0), (3.5, 1.0), (3.75, 2.0), (3.0, 2.0)],
        ],
    );
    let reason = invalidity(&Geometry::Polygon(along)).unwrap();
    assert!(reason.contains("intersect on a line"), "{reason}");
    // A hole along the shell.
    let on_shell = poly(SQUARE, &[&[(1.0, 0.0), (2.0, 0.0), (2.0, 1.0), (1.0, 0.0)]]);
    let reason = invalidity(&Geometry::Polygon(on_shell)).unwrap();
    assert!(reason.contains("intersect on a line"), "{reason}");
    // A hole touching the shell from outside at a vertex.
    let outside = poly(SQUARE, &[&[(4.0, 2.0), (5.0, 1.0), (5.0, 3.0), (4.0, 2.0)]]);
    let reason = invalidity(&Geometry::Polygon(outside)).unwrap();
    assert!(reason.contains("not contained"), "{reason}");
    // A hole inside another, sharing a vertex.
    let nested = poly(
        SQUARE,
        &[
            &[(1.0, 1.0), (3.0, 1.0), (3.0, 3.0), (1.0, 3.0), (1.0, 1.0)],
            &[(1.0, 1.0), (2.0, 1.5), (1.5, 2.0), (1.0, 1.0)],
        ],
    );
    assert!(invalidity(&Geometry::Polygon(nested)).is_some());
}

#[test]
fn touches_that_close_a_loop_cut_the_interior_and_are_named() {
    // A chain of two holes from the left edge of the shell to the right
    // edge: the interior falls into a top and a bottom half. geo's
    // validation does not see it; the simple-features rules do.
    let chain = poly(
        SQUARE,
        &[
            &[(0.0, 2.0), (1.0, 1.5), (2.0, 2.0), (1.0, 2.5), (0.0, 2.0)],
            &[(2.0, 2.0), (3.0, 1.5), (4.0, 2.0), (3.0, 2.5), (2.0, 2.0)],
        ],
    );
    assert!(!surely_valid(std::slice::from_ref(&chain)));
    assert_eq!(pieces(&chain), 2);
    let reason = invalidity(&Geometry::Polygon(chain.clone())).unwrap();
    assert!(
        reason.starts_with("hole 1 touches at (4, 2) a ring it already touches elsewhere")
            && reason.contains("cuts a piece out of the polygon's interior"),
        "{reason}"
    );
    // The same chain stopping short of the right edge is valid.
    let open = poly(
        SQUARE,
        &[
            &[(0.0, 2.0), (1.0, 1.5), (2.0, 2.0), (1.0, 2.5), (0.0, 2.0)],
            &[(2.0, 2.0), (3.0, 1.5), (3.5, 2.0), (3.0, 2.5), (2.0, 2.0)],
        ],
    );
    assert!(surely_valid(&[open]));
    // Three holes touching in a ring, away from the shell, enclose a piece;
    // in a multipolygon the part is named.
    let ring_of_holes = poly(
        SQUARE,
        &[
            &[(1.0, 1.0), (3.0, 1.0), (2.0, 0.5), (1.0, 1.0)],
            &[(3.0, 1.0), (2.0, 3.0), (3.0, 2.5), (3.0, 1.0)],
            &[(2.0, 3.0), (1.0, 1.0), (1.0, 2.5), (2.0, 3.0)],
        ],
    );
    assert_eq!(pieces(&ring_of_holes), 2);
    let island = poly(&[(9.0, 0.0), (10.0, 0.0), (10.0, 1.0), (9.0, 0.0)], &[]);
    let mp = Geometry::MultiPolygon(geo::MultiPolygon(vec![island, ring_of_holes]));
    let reason = invalidity(&mp).unwrap();
    assert!(reason.contains("of part 1 touches at ("), "{reason}");
    // One hole touching the shell twice.
    let twice = poly(
        SQUARE,
        &[&[(0.0, 2.0), (2.0, 1.0), (4.0, 2.0), (2.0, 3.0), (0.0, 2.0)]],
    );
    let reason = invalidity(&Geometry::Polygon(twice)).unwrap();
    assert!(reason.contains("close a loop"), "{reason}");
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
