//! Theatres across the antimeridian (180°). Manifests and data write
//! longitudes as RFC 7946 does: a box may run west > east across 180, and
//! polygons and lines are split at ±180 (or written with longitudes past
//! 180). The model keeps one continuous longitude range per theatre instead:
//! the extent's east edge may lie past 180, every longitude lies within 180°
//! of the extent's centre, and pieces split at the antimeridian are joined
//! again. Densifying, projecting, areas, centroids, unions and change maps
//! then work as for any other theatre, and nothing is torn at the seam.

use geo::{
    unary_union, Coord, CoordsIter, Geometry, LineString, MapCoordsInPlace, MultiLineString,
};

use super::Projection;

/// Positions this close (degrees) count as the same point where a split
/// line is joined again.
const JOIN_DEGREES: f64 = 1e-9;

/// A `[west, south, east, north]` box as manifests write it (`west > east`
/// when it crosses 180; longitudes past ±180 allowed) in the model's form:
/// `west` in -180..180 and `east > west`, past 180 when the box crosses.
pub fn unwrap_box(b: [f64; 4]) -> Result<[f64; 4], String> {
    let [west, south, east, north] = b;
    if b.iter().any(|v| !v.is_finite()) {
        return Err("must be four finite numbers [west, south, east, north]".into());
    }
    if !(-90.0..=90.0).contains(&south) || !(-90.0..=90.0).contains(&north) {
        return Err("latitudes must lie within -90..90".into());
    }
    if south >= north {
        return Err("must be [west, south, east, north] with south < north".into());
    }
    if !(-360.0..=360.0).contains(&west) || !(-360.0..=360.0).contains(&east) {
        return Err(
            "longitudes must lie within -180..180 (or up to 360 across the antimeridian)".into(),
        );
    }
    if west == east {
        return Err(format!(
            "has no width: west and east are both {west}; write [west, south, east, north] with west < east"
        ));
    }
    if (east - west).abs() >= 360.0 {
        return Err(
            "must be [west, south, east, north] with west and east apart by less than 360 degrees \
             (west > east means the box crosses the antimeridian, as in RFC 7946)"
                .into(),
        );
    }
    let width = (east - west).rem_euclid(360.0);
    let w = wrap(west);
    Ok([w, south, w + width, north])
}

/// A model box back in RFC 7946's form: longitudes in -180..180, `west >
/// east` when it crosses 180.
pub fn rfc7946_box(b: [f64; 4]) -> [f64; 4] {
    [wrap(b[0]), b[1], wrap(b[2]), b[3]]
}

/// True when the model's extent (see [`unwrap_box`]) runs across 180.
pub fn crosses(extent: [f64; 4]) -> bool {
    extent[2] > 180.0
}

/// Longitude in -180..180 (180 stays 180), as labels and messages write it.
pub fn wrap(lon: f64) -> f64 {
    if (-180.0..=180.0).contains(&lon) {
        lon
    } else {
        (lon + 180.0).rem_euclid(360.0) - 180.0
    }
}

/// `lon` moved by whole turns into `[centre - 180, centre + 180)`.
pub fn unwrap_lon(lon: f64, centre: f64) -> f64 {
    if lon < centre - 180.0 {
        lon + 360.0
    } else if lon >= centre + 180.0 {
        lon - 360.0
    } else {
        lon
    }
}

/// The box `b` (model form) moved by whole turns to lie around `centre`.
pub fn unwrap_box_near(b: [f64; 4], centre: f64) -> [f64; 4] {
    let mid = unwrap_lon((b[0] + b[2]) / 2.0, centre);
    let shift = mid - (b[0] + b[2]) / 2.0;
    [b[0] + shift, b[1], b[2] + shift, b[3]]
}

/// Brings every longitude of `g` within 180° of `centre` and joins the
/// pieces of polygons and lines that were split at the antimeridian, so a
/// zone is one polygon again (no seam stroked through it, one label) and a
/// movement one line (one arrowhead).
pub fn unwrap_geometry(g: &mut Geometry<f64>, centre: f64) {
    let moved = g.coords_iter().any(|c| unwrap_lon(c.x, centre) != c.x);
    if moved {
        g.map_coords_in_place(|c: Coord<f64>| geo::coord! { x: unwrap_lon(c.x, centre), y: c.y });
    }
    let seam = unwrap_lon(180.0, centre);
    match g {
        Geometry::MultiPolygon(mp)
            if mp.0.len() > 1
                && touches_seam(mp.0.iter().flat_map(|p| p.exterior().0.iter()), seam) =>
        {
            *mp = unary_union(mp.0.iter());
            // The union drops vertices on the seam where the two sides run
            // straight on in degrees; put them back, or a long edge becomes
            // one geodesic (another area) and one straight projected line.
            mp.0.iter_mut().for_each(|p| {
                p.exterior_mut(|r| keep_seam_vertices(r, seam));
                p.interiors_mut(|rs| rs.iter_mut().for_each(|r| keep_seam_vertices(r, seam)));
            });
        }
        Geometry::MultiLineString(mls)
            if mls.0.len() > 1
                && (moved || touches_seam(mls.0.iter().flat_map(|l| l.0.iter()), seam)) =>
        {
            *mls = join_lines(std::mem::replace(mls, MultiLineString(Vec::new())), seam);
        }
        Geometry::GeometryCollection(gc) => {
            for g in &mut gc.0 {
                unwrap_geometry(g, centre);
            }
        }
        _ => {}
    }
}

/// `ring` with a vertex wherever an edge crosses the `seam` longitude.
fn keep_seam_vertices(ring: &mut LineString<f64>, seam: f64) {
    let mut out: Vec<Coord<f64>> = Vec::with_capacity(ring.0.len() + 4);
    for w in ring.0.windows(2) {
        let (a, b) = (w[0], w[1]);
        out.push(a);
        if (a.x - seam) * (b.x - seam) < 0.0 {
            let t = (seam - a.x) / (b.x - a.x);
            out.push(Coord {
                x: seam,
                y: a.y + (b.y - a.y) * t,
            });
        }
    }
    out.extend(ring.0.last().copied());
    ring.0 = out;
}

fn touches_seam<'a>(mut coords: impl Iterator<Item = &'a Coord<f64>>, seam: f64) -> bool {
    coords.any(|c| (c.x - seam).abs() < JOIN_DEGREES)
}

/// Lines of `mls` joined where one ends on the seam where the next starts.
fn join_lines(mls: MultiLineString<f64>, seam: f64) -> MultiLineString<f64> {
    let mut parts: Vec<LineString<f64>> = mls.0;
    let same = |a: Coord<f64>, b: Coord<f64>| {
        (a.x - b.x).abs() < JOIN_DEGREES && (a.y - b.y).abs() < JOIN_DEGREES
    };
    let mut i = 0;
    while i < parts.len() {
        let end = parts[i].0.last().copied();
        let next = end
            .filter(|e| (e.x - seam).abs() < JOIN_DEGREES)
            .and_then(|e| {
                parts
                    .iter()
                    .enumerate()
                    .position(|(j, p)| j != i && p.0.first().is_some_and(|s| same(*s, e)))
            });
        match next {
            Some(j) => {
                let tail = parts.remove(j);
                let i = if j < i { i - 1 } else { i };
                parts[i].0.extend(tail.0.into_iter().skip(1));
                // Stay on this line: it may cross again.
            }
            None => i += 1,
        }
    }
    MultiLineString(parts)
}

/// Where (longitude, -180..180) the projection tears the extent apart: its
/// central meridian's opposite, if that lies inside the extent. A straight
/// walk along the extent's middle parallel in steps of a quarter degree
/// finds it as one step far longer than the others.
pub fn tear_inside(p: &Projection, extent: [f64; 4]) -> Option<f64> {
    const STEP: f64 = 0.25;
    let lat = (extent[1] + extent[3]) / 2.0;
    let n = ((extent[2] - extent[0]) / STEP).ceil().max(2.0) as usize;
    let pts: Vec<Option<(f64, f64)>> = (0..=n)
        .map(|i| {
            p.forward(
                extent[0] + (extent[2] - extent[0]) * i as f64 / n as f64,
                lat,
            )
        })
        .collect();
    let steps: Vec<(usize, f64)> = pts
        .windows(2)
        .enumerate()
        .filter_map(|(i, w)| Some((i, ((w[1]?.0 - w[0]?.0).hypot(w[1]?.1 - w[0]?.1)))))
        .collect();
    let mut sorted: Vec<f64> = steps.iter().map(|s| s.1).collect();
    sorted.sort_by(f64::total_cmp);
    let median = *sorted.get(sorted.len() / 2)?;
    steps
        .iter()
        .find(|(_, d)| *d > 20.0 * median.max(1e-6))
        .map(|(i, _)| wrap(extent[0] + (extent[2] - extent[0]) * (*i as f64 + 0.5) / n as f64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, Area, MultiPolygon};

    #[test]
    fn boxes_across_180_unwrap() {
        assert_eq!(
            unwrap_box([171.0, 50.0, -164.0, 56.0]).unwrap(),
            [171.0, 50.0, 196.0, 56.0]
        );
        assert_eq!(
            unwrap_box([171.0, 50.0, 196.0, 56.0]).unwrap(),
            [171.0, 50.0, 196.0, 56.0]
        );
        assert_eq!(
            unwrap_box([-189.0, 50.0, -164.0, 56.0]).unwrap(),
            [171.0, 50.0, 196.0, 56.0]
        );
        assert_eq!(
            unwrap_box([40.0, 30.0, 160.0, 72.0]).unwrap(),
            [40.0, 30.0, 160.0, 72.0]
        );
        assert!(crosses([171.0, 50.0, 196.0, 56.0]));
        assert!(!crosses([40.0, 30.0, 160.0, 72.0]));
        for bad in [
            [10.0, 50.0, 10.0, 56.0],
            [10.0, 56.0, 20.0, 50.0],
            [10.0, 50.0, 20.0, 95.0],
            [-400.0, 50.0, 20.0, 56.0],
            [f64::NAN, 50.0, 20.0, 56.0],
        ] {
            assert!(unwrap_box(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn labels_wrap_back() {
        assert_eq!(wrap(190.0), -170.0);
        assert_eq!(wrap(180.0), 180.0);
        assert_eq!(wrap(-180.0), -180.0);
        assert_eq!(wrap(170.0), 170.0);
        assert_eq!(wrap(-190.0), 170.0);
    }

    #[test]
    fn split_polygon_is_one_polygon_again_with_its_area() {
        // A box from 175E to 170W written as RFC 7946 does: two parts.
        let mut g = Geometry::MultiPolygon(MultiPolygon(vec![
            polygon![(x: 175.0, y: 50.0), (x: 180.0, y: 50.0), (x: 180.0, y: 55.0), (x: 175.0, y: 55.0), (x: 175.0, y: 50.0)],
            polygon![(x: -180.0, y: 50.0), (x: -170.0, y: 50.0), (x: -170.0, y: 55.0), (x: -180.0, y: 55.0), (x: -180.0, y: 50.0)],
        ]));
        unwrap_geometry(&mut g, 183.0);
        let Geometry::MultiPolygon(mp) = &g else {
            panic!("{g:?}")
        };
        assert_eq!(mp.0.len(), 1, "{mp:?}");
        assert!((mp.unsigned_area() - 75.0).abs() < 1e-9);
        let xs: Vec<f64> = mp.0[0].exterior().0.iter().map(|c| c.x).collect();
        assert!(xs.iter().all(|x| (175.0..=190.0).contains(x)), "{xs:?}");
        // The seam's vertices stay (a 15-degree edge is not one geodesic).
        assert_eq!(xs.iter().filter(|x| **x == 180.0).count(), 2, "{xs:?}");
    }

    #[test]
    fn split_line_is_one_line_again() {
        // Adak to Kiska, split at the antimeridian.
        let mut g = Geometry::MultiLineString(MultiLineString(vec![
            LineString::from(vec![(-176.6, 51.9), (-178.0, 51.95), (-180.0, 52.0)]),
            LineString::from(vec![(180.0, 52.0), (177.5, 52.0)]),
        ]));
        unwrap_geometry(&mut g, 183.0);
        let Geometry::MultiLineString(mls) = &g else {
            panic!("{g:?}")
        };
        assert_eq!(mls.0.len(), 1, "{mls:?}");
        let xs: Vec<f64> = mls.0[0].0.iter().map(|c| c.x).collect();
        assert_eq!(xs, vec![183.4, 182.0, 180.0, 177.5]);
    }

    #[test]
    fn far_theatres_are_untouched() {
        let mut g = Geometry::LineString(LineString::from(vec![(100.0, 50.0), (110.0, 52.0)]));
        let before = g.clone();
        unwrap_geometry(&mut g, 100.0);
        assert_eq!(g, before);
    }

    #[test]
    fn a_central_meridian_opposite_the_extent_tears_it() {
        let e = [171.0, 50.0, 196.0, 56.0];
        let good =
            Projection::new("+proj=lcc +lat_1=51 +lat_2=55 +lon_0=-176 +datum=WGS84").unwrap();
        assert_eq!(tear_inside(&good, e), None);
        let bad = Projection::new("+proj=lcc +lat_1=51 +lat_2=55 +lon_0=0 +datum=WGS84").unwrap();
        let at = tear_inside(&bad, e).expect("torn at 180");
        assert!((at.abs() - 180.0).abs() < 0.5, "{at}");
        let built_in =
            Projection::new("+proj=lcc +lat_1=45 +lat_2=65 +lat_0=50 +lon_0=100 +datum=WGS84")
                .unwrap();
        assert_eq!(tear_inside(&built_in, [40.0, 30.0, 160.0, 72.0]), None);
    }
}
