//! Territory that changed hands between two phases, from the theatre's
//! exclusive layers (polygons that may not overlap on one day, such as who
//! governs). Computed on longitude/latitude, so areas are geodesic and do
//! not depend on the map projection.

use std::collections::BTreeMap;

use geo::{unary_union, Area, BooleanOps, GeodesicArea, Geometry, MultiPolygon, Polygon};

use super::{Phase, Theatre};

/// Pieces smaller than this are slivers where two phases' boundaries were
/// digitised slightly differently, not territory that changed hands (and
/// are a few pixels at most on a theatre map).
pub const MIN_CHANGE_KM2: f64 = 100.0;

/// A piece that is less than this share of the zone it came from (the
/// larger of the two powers' changed holdings) ...
pub const SLIVER_SHARE: f64 = 0.01;

/// ... and thinner than this on average (twice its area over its
/// perimeter) ...
pub const SLIVER_WIDTH_KM: f64 = 10.0;

/// ... and elongated: its compactness (4π area / perimeter², 1 for a
/// circle, 0.79 for a square, 0.31 for a rectangle eight times as long as
/// wide) under this, is a sliver along a re-digitised edge, whatever its
/// length. A compact piece, such as an island or a town's district, is
/// thin on average only because it is small, and stays a change.
pub const SLIVER_COMPACTNESS: f64 = 0.3;

/// Whether `piece` is a sliver of a zone of `zone_km2`: smaller than
/// [`MIN_CHANGE_KM2`], or under [`SLIVER_SHARE`] of the zone, thinner
/// than [`SLIVER_WIDTH_KM`] and less compact than [`SLIVER_COMPACTNESS`].
fn is_sliver(piece: &Polygon<f64>, km2: f64, zone_km2: f64) -> bool {
    use geo::{Haversine, Length};
    if km2 < MIN_CHANGE_KM2 {
        return true;
    }
    if km2 >= SLIVER_SHARE * zone_km2 {
        return false;
    }
    let perimeter_km = std::iter::once(piece.exterior())
        .chain(piece.interiors())
        .map(|r| Haversine.length(r) / 1000.0)
        .sum::<f64>();
    if perimeter_km <= 0.0 {
        return true;
    }
    let width = 2.0 * km2 / perimeter_km;
    let compactness = 4.0 * std::f64::consts::PI * km2 / (perimeter_km * perimeter_km);
    width < SLIVER_WIDTH_KM && compactness < SLIVER_COMPACTNESS
}

/// Territory held by `from` in the first phase and by `to` in the second
/// (`None`: held by no power on the map).
#[derive(Debug, Clone)]
pub struct Change {
    /// Power code in the first phase.
    pub from: Option<String>,
    /// Power code in the second phase.
    pub to: Option<String>,
    /// The territory, longitude/latitude.
    pub area: MultiPolygon<f64>,
    /// Its geodesic area on the WGS84 ellipsoid.
    pub area_km2: f64,
}

/// Polygons of one exclusive layer's features that pass `keep` (feature
/// index, power), unioned per power.
fn holdings(
    theatre: &Theatre,
    layer: usize,
    keep: impl Fn(usize, &crate::model::Feature) -> bool,
) -> BTreeMap<String, MultiPolygon<f64>> {
    let features = theatre.layers[layer].features.iter().enumerate();
    union_per_power(features.filter(|(i, f)| keep(*i, f)).map(|(_, f)| f))
}

/// The polygons of `features` that name a power, unioned per power.
fn union_per_power<'a>(
    features: impl Iterator<Item = &'a crate::model::Feature>,
) -> BTreeMap<String, MultiPolygon<f64>> {
    let mut by_power: BTreeMap<String, Vec<Polygon<f64>>> = BTreeMap::new();
    for f in features {
        let Some(power) = f.str_prop("power") else {
            continue;
        };
        let polys = by_power.entry(power.to_string()).or_default();
        match &f.geometry {
            Geometry::Polygon(p) => polys.push(p.clone()),
            Geometry::MultiPolygon(mp) => polys.extend(mp.0.iter().cloned()),
            _ => {}
        }
    }
    by_power
        .into_iter()
        .map(|(k, v)| (k, unary_union(v.iter())))
        .collect()
}

fn all(h: &BTreeMap<String, MultiPolygon<f64>>) -> MultiPolygon<f64> {
    unary_union(h.values())
}

/// Territory that changed hands from phase `a` to phase `b`, one entry per
/// (from, to) pair, sorted by power codes (no power first).
///
/// A feature in force on both days holds the same ground for the same power
/// on both, and, as the layer is exclusive, no other feature overlaps it on
/// either day: it is no part of any change and is left out of the boolean
/// operations, which then see only what differs between the two days (most
/// vertices of consecutive phases are shared; this makes a change map's
/// geometry several times faster). Overlaps that `phasemap check` reports
/// would make "who held it" ambiguous anyway.
pub fn changes(theatre: &Theatre, a: &Phase, b: &Phase) -> Vec<Change> {
    let mut out: BTreeMap<(Option<String>, Option<String>), MultiPolygon<f64>> = BTreeMap::new();
    // Slivers are dropped piece by piece, each against its zone's size.
    let mut add = |from: Option<&String>, to: Option<&String>, g: MultiPolygon<f64>, zone: f64| {
        let pieces: Vec<Polygon<f64>> =
            g.0.into_iter()
                .filter(|p| p.unsigned_area() > 1e-12)
                .filter(|p| !is_sliver(p, polygon_km2(p), zone))
                .collect();
        if !pieces.is_empty() {
            out.entry((from.cloned(), to.cloned()))
                .or_insert_with(|| MultiPolygon(Vec::new()))
                .0
                .extend(pieces);
        }
    };
    let km2 = |g: &MultiPolygon<f64>| g.0.iter().map(polygon_km2).sum::<f64>();
    let (sa, sb) = (a.snapshot, b.snapshot);
    for (li, layer) in theatre.layers.iter().enumerate() {
        if !layer.exclusive {
            continue;
        }
        let ha = holdings(theatre, li, |_, f| f.is_active(sa) && !f.is_active(sb));
        let hb = holdings(theatre, li, |_, f| f.is_active(sb) && !f.is_active(sa));
        let (all_a, all_b) = (all(&ha), all(&hb));
        let size_a: BTreeMap<&String, f64> = ha.iter().map(|(k, g)| (k, km2(g))).collect();
        let size_b: BTreeMap<&String, f64> = hb.iter().map(|(k, g)| (k, km2(g))).collect();
        for (pa, ga) in &ha {
            for (pb, gb) in &hb {
                if pa != pb && boxes_meet(ga, gb) {
                    let zone = size_a[pa].max(size_b[pb]);
                    add(Some(pa), Some(pb), ga.intersection(gb), zone);
                }
            }
            add(Some(pa), None, ga.difference(&all_b), size_a[pa]);
        }
        for (pb, gb) in &hb {
            add(None, Some(pb), gb.difference(&all_a), size_b[pb]);
        }
    }
    out.into_iter()
        .map(|((from, to), area)| Change {
            area_km2: area.0.iter().map(polygon_km2).sum(),
            from,
            to,
            area,
        })
        .filter(|c| c.area_km2 >= MIN_CHANGE_KM2)
        .collect()
}

/// Ground where a power's troops arrived or which they left between two
/// phases, from the theatre's other dated polygon layers (foreign troops,
/// partisans: layers that are not exclusive, whose features may overlap).
#[derive(Debug, Clone)]
pub struct PresenceChange {
    /// Power code.
    pub power: String,
    /// True: present in the second phase and not the first; false: the reverse.
    pub arrived: bool,
    /// The ground, longitude/latitude.
    pub area: MultiPolygon<f64>,
    /// Its geodesic area on the WGS84 ellipsoid.
    pub area_km2: f64,
}

/// Polygons of the non-exclusive layers in force on `day`, unioned per power.
fn presence_on(theatre: &Theatre, day: super::Date) -> BTreeMap<String, MultiPolygon<f64>> {
    let features = theatre.layers.iter().filter(|l| !l.exclusive);
    let mut held = union_per_power(
        features
            .flat_map(|l| &l.features)
            .filter(|f| f.is_active(day)),
    );
    held.retain(|_, mp| !mp.0.is_empty());
    held
}

/// Where each power's troops arrived and which ground they left from phase
/// `a` to phase `b`, sorted by power, arrivals first. Pieces under
/// [`MIN_CHANGE_KM2`] in all are left out, as for control.
pub fn presence_changes(theatre: &Theatre, a: &Phase, b: &Phase) -> Vec<PresenceChange> {
    let (ha, hb) = (
        presence_on(theatre, a.snapshot),
        presence_on(theatre, b.snapshot),
    );
    let empty = MultiPolygon(Vec::new());
    let powers: std::collections::BTreeSet<&String> = ha.keys().chain(hb.keys()).collect();
    let mut out = Vec::new();
    for power in powers {
        let (ga, gb) = (
            ha.get(power).unwrap_or(&empty),
            hb.get(power).unwrap_or(&empty),
        );
        for (arrived, mut area) in [(true, gb.difference(ga)), (false, ga.difference(gb))] {
            area.0.retain(|p| p.unsigned_area() > 1e-12);
            let area_km2: f64 = area.0.iter().map(polygon_km2).sum();
            if area_km2 >= MIN_CHANGE_KM2 {
                out.push(PresenceChange {
                    power: power.clone(),
                    arrived,
                    area,
                    area_km2,
                });
            }
        }
    }
    out
}

/// The presence changes as CSV: `power,change,area_km2` (`arrived` or
/// `left`), quoted and neutralised as [`changes_csv`] is.
pub fn presence_csv(changes: &[PresenceChange]) -> String {
    let header = ["power".into(), "change".into(), "area_km2".into()];
    let rows = changes.iter().map(|c| {
        let what = if c.arrived { "arrived" } else { "left" };
        [c.power.clone(), what.into(), format!("{:.1}", c.area_km2)]
    });
    write_csv(std::iter::once(header).chain(rows))
}

/// False when the two shapes' bounding boxes are apart (then they cannot
/// intersect, and the boolean operation is skipped).
fn boxes_meet(a: &MultiPolygon<f64>, b: &MultiPolygon<f64>) -> bool {
    use geo::BoundingRect;
    match (a.bounding_rect(), b.bounding_rect()) {
        (Some(x), Some(y)) => {
            x.min().x <= y.max().x
                && y.min().x <= x.max().x
                && x.min().y <= y.max().y
                && y.min().y <= x.max().y
        }
        _ => false,
    }
}

/// Area of the whole WGS84 ellipsoid.
const EARTH_KM2: f64 = 510_065_621.7;

/// Geodesic area of one polygon: its exterior ring's area less its holes'.
///
/// Each ring is measured alone and read as the smaller of the two areas it
/// bounds (no ring of a theatre covers half the globe). Geodesic area reads
/// a ring wound the other way as the rest of the globe, and neither
/// boolean-op output nor `orient` settles the winding of every ring: a hole
/// of a few hundred square metres, wound clockwise on the plane, may be
/// wound the other way along geodesics. Measured as part of the polygon,
/// one such hole counted as the whole globe less itself and made a
/// 9.5 million km2 piece with 113 holes weigh nothing.
fn polygon_km2(p: &Polygon<f64>) -> f64 {
    let ring_km2 = |r: &geo::LineString<f64>| {
        let a = Polygon::new(r.clone(), vec![]).geodesic_area_unsigned() / 1e6;
        a.min(EARTH_KM2 - a).max(0.0)
    };
    let holes: f64 = p.interiors().iter().map(ring_km2).sum();
    (ring_km2(p.exterior()) - holes).max(0.0)
}

/// The changes as CSV (RFC 4180: cells with commas, quotes or line breaks
/// are quoted). A cell that a spreadsheet would run as a formula (starting
/// with `=`, `+`, `-`, `@`, tab or carriage return) gets a leading `'`, so
/// a power code from the data cannot become a formula on opening.
pub fn changes_csv(changes: &[Change]) -> String {
    let rows = std::iter::once(["from_power".into(), "to_power".into(), "area_km2".into()]).chain(
        changes.iter().map(|c| {
            [
                c.from.clone().unwrap_or_default(),
                c.to.clone().unwrap_or_default(),
                format!("{:.1}", c.area_km2),
            ]
        }),
    );
    write_csv(rows)
}

/// Rows of three cells as RFC 4180 CSV, every cell neutralised.
fn write_csv(rows: impl Iterator<Item = [String; 3]>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    for cells in rows {
        // Writing to memory cannot fail.
        let _ = w.write_record(cells.iter().map(|c: &String| neutralise(c)));
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// `cell` with a `'` before a leading formula character (OWASP's advice
/// for CSV injection); numbers such as `-3.5` stay numbers.
fn neutralise(cell: &str) -> String {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula && cell.parse::<f64>().is_err() {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Feature, Layer};
    use geo::Rect;
    use serde_json::{Map, Value};

    fn feature(power: &str, rect: [f64; 4], start: &str, end: &str) -> Feature {
        let mut props = Map::new();
        props.insert("power".into(), Value::from(power));
        Feature {
            index: 0,
            id: None,
            geometry: Geometry::Polygon(
                Rect::new((rect[0], rect[1]), (rect[2], rect[3])).to_polygon(),
            ),
            properties: props,
            start: Some(Date::parse(start).unwrap()),
            end: Some(Date::parse(end).unwrap()),
        }
    }

    fn phase(id: &str, day: &str) -> Phase {
        let d = Date::parse(day).unwrap();
        Phase {
            id: id.into(),
            title: id.into(),
            start: d,
            end: Date::parse("1999-01-01").unwrap(),
            snapshot: d,
            caption: String::new(),
        }
    }

    #[test]
    fn troops_arrive_and_leave() {
        let control = Layer {
            id: "control".into(),
            path: "control.geojson".into(),
            features: vec![],
            exclusive: true,
            covers: None,
            role: None,
        };
        let presence = Layer {
            id: "presence".into(),
            path: "presence.geojson".into(),
            features: vec![
                feature("J", [0.0, 0.0, 1.0, 1.0], "1920-01-01", "1920-03-01"),
                feature("J", [1.0, 0.0, 2.0, 1.0], "1920-02-01", "1920-03-01"),
                feature("U", [3.0, 0.0, 4.0, 1.0], "1920-01-01", "1920-02-01"),
            ],
            exclusive: false,
            covers: None,
            role: None,
        };
        let t = Theatre {
            extent: [0.0, 0.0, 4.0, 1.0],
            layers: vec![control, presence],
            ..Theatre::empty()
        };
        let got = presence_changes(&t, &phase("a", "1920-01-15"), &phase("b", "1920-02-15"));
        let rows: Vec<(&str, bool)> = got.iter().map(|c| (c.power.as_str(), c.arrived)).collect();
        assert_eq!(rows, [("J", true), ("U", false)]);
        for c in &got {
            // one degree square at the equator
            assert!((c.area_km2 - 12_308.0).abs() < 50.0, "{c:?}");
        }
        assert_eq!(
            presence_csv(&got).lines().next(),
            Some("power,change,area_km2")
        );
    }

    #[test]
    fn gains_losses_and_no_change() {
        let layer = Layer {
            id: "control".into(),
            role: None,
            path: "control.geojson".into(),
            features: vec![
                feature("X", [0.0, 0.0, 1.0, 1.0], "1920-01-01", "1920-02-01"),
                feature("Y", [1.0, 0.0, 2.0, 1.0], "1920-01-01", "1920-03-01"),
                feature("Y", [0.0, 0.0, 0.5, 1.0], "1920-02-01", "1920-03-01"),
            ],
            exclusive: true,
            covers: None,
        };
        let t = Theatre {
            extent: [0.0, 0.0, 2.0, 1.0],
            layers: vec![layer],
            ..Theatre::empty()
        };
        let c = changes(&t, &phase("a", "1920-01-15"), &phase("b", "1920-02-15"));
        let keys: Vec<_> = c.iter().map(|c| (c.from.clone(), c.to.clone())).collect();
        assert_eq!(
            keys,
            vec![
                (Some("X".into()), None),
                (Some("X".into()), Some("Y".into()))
            ]
        );
        // Half a degree square at the equator each: about 6,150 km2.
        for ch in &c {
            assert!((ch.area_km2 - 6154.0).abs() < 20.0, "{}", ch.area_km2);
        }
        assert!(changes_csv(&c).starts_with("from_power,to_power,area_km2\nX,,"));
    }

    #[test]
    fn csv_cells_are_quoted_and_never_formulas() {
        let c = |from: &str, to: &str| Change {
            from: Some(from.into()),
            to: Some(to.into()),
            area: MultiPolygon(vec![]),
            area_km2: 1.0,
        };
        let csv = changes_csv(&[
            c("=HYPERLINK(\"http://x\")", "a,b"),
            c("@SUM(A1)", "line\nbreak"),
            c("+1", "-2"),
        ]);
        let want = "from_power,to_power,area_km2\n\
                    \"'=HYPERLINK(\"\"http://x\"\")\",\"a,b\",1.0\n\
                    '@SUM(A1),\"line\nbreak\",1.0\n\
                    +1,-2,1.0\n";
        assert_eq!(csv, want);
    }

    fn theatre_of(features: Vec<Feature>) -> Theatre {
        Theatre {
            extent: [0.0, 0.0, 20.0, 20.0],
            layers: vec![Layer {
                id: "control".into(),
                role: None,
                path: "control.geojson".into(),
                features,
                exclusive: true,
                covers: None,
            }],
            ..Theatre::empty()
        }
    }

    fn with_ring(mut f: Feature, ring: Vec<(f64, f64)>) -> Feature {
        f.geometry = Geometry::Polygon(Polygon::new(ring.into(), vec![]));
        f
    }

    /// An unchanged zone digitised again for the next phase: ring starting
    /// at another vertex, extra vertices on straight edges, wound the other
    /// way, coordinates off by a few metres. Nothing changed hands.
    #[test]
    fn a_redigitised_zone_is_no_change() {
        let first = vec![
            (10.0, 40.0),
            (18.0, 40.0),
            (18.0, 46.0),
            (12.0, 47.0),
            (10.0, 40.0),
        ];
        let e = 0.00003; // about 3 m
        let again = vec![
            (18.0 + e, 46.0),
            (18.0, 43.0 - e),
            (18.0, 40.0),
            (14.0, 40.0 + e),
            (10.0, 40.0),
            (11.0, 43.5),
            (12.0, 47.0 - e),
            (18.0 + e, 46.0),
        ];
        let a = with_ring(feature("X", [0.0; 4], "1920-01-01", "1920-02-01"), first);
        let b = with_ring(feature("X", [0.0; 4], "1920-02-01", "1920-03-01"), again);
        let t = theatre_of(vec![a, b]);
        let c = changes(&t, &phase("a", "1920-01-15"), &phase("b", "1920-02-15"));
        let total: f64 = c.iter().map(|c| c.area_km2).sum();
        assert_eq!(total, 0.0, "{c:?}");
    }

    /// A zone whose edge moved by 2 km along 600 km: a thin strip, not a
    /// change; the same zone losing a real corner still is.
    #[test]
    fn thin_strips_are_slivers_and_real_changes_stay() {
        let first = vec![
            (10.0, 40.0),
            (18.0, 40.0),
            (18.0, 46.0),
            (10.0, 46.0),
            (10.0, 40.0),
        ];
        let moved = vec![
            (10.0, 40.0),
            (18.02, 40.0),
            (18.02, 46.0),
            (10.0, 46.0),
            (10.0, 40.0),
        ];
        let a = with_ring(
            feature("X", [0.0; 4], "1920-01-01", "1920-02-01"),
            first.clone(),
        );
        let b = with_ring(feature("X", [0.0; 4], "1920-02-01", "1920-03-01"), moved);
        let t = theatre_of(vec![a.clone(), b]);
        let c = changes(&t, &phase("a", "1920-01-15"), &phase("b", "1920-02-15"));
        assert!(c.is_empty(), "{c:?}");

        let cut = vec![
            (10.0, 40.0),
            (16.0, 40.0),
            (16.0, 46.0),
            (10.0, 46.0),
            (10.0, 40.0),
        ];
        let b = with_ring(feature("X", [0.0; 4], "1920-02-01", "1920-03-01"), cut);
        let t = theatre_of(vec![a, b]);
        let c = changes(&t, &phase("a", "1920-01-15"), &phase("b", "1920-02-15"));
        assert_eq!(c.len(), 1, "{c:?}");
        assert!(c[0].area_km2 > 50_000.0, "{}", c[0].area_km2);
    }

    /// A zone that no power held before, millions of km2 with a hundred
    /// holes, some of them thin slits whose long edge runs along a parallel:
    /// clockwise on the plane but, as geodesics bow towards the pole, wound
    /// the other way on the ellipsoid (review 2, finding 2: such a hole
    /// counted as the rest of the globe and the whole zone as a sliver).
    #[test]
    fn a_zone_with_many_holes_appearing_from_nothing_keeps_its_area() {
        let mut holes = Vec::new();
        for i in 0..10 {
            // Slits 4 degrees long, 0.01 degree high, at 60 N.
            let x = 62.0 + 5.0 * i as f64;
            holes.push(geo::LineString::from(vec![
                (x, 60.0),
                (x + 2.0, 60.01),
                (x + 4.0, 60.0),
                (x, 60.0),
            ]));
        }
        for i in 0..90 {
            // Small squares, 0.1 degree a side.
            let (x, y) = (61.0 + 0.6 * i as f64, 55.0 + 0.1 * (i % 7) as f64);
            holes.push(
                Rect::new((x, y), (x + 0.1, y + 0.1))
                    .to_polygon()
                    .exterior()
                    .clone(),
            );
        }
        let shell = Rect::new((60.0, 50.0), (120.0, 70.0)).to_polygon();
        let full = polygon_km2(&shell);
        let holed = Polygon::new(shell.exterior().clone(), holes);
        let mut f = feature("X", [0.0; 4], "1920-02-01", "1920-03-01");
        f.geometry = Geometry::Polygon(holed);
        let t = Theatre {
            extent: [50.0, 40.0, 130.0, 75.0],
            ..theatre_of(vec![f])
        };
        let c = changes(&t, &phase("a", "1920-01-15"), &phase("b", "1920-02-15"));
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(
            (c[0].from.as_deref(), c[0].to.as_deref()),
            (None, Some("X"))
        );
        assert!(full > 5_000_000.0, "{full}");
        // The holes are a few thousand km2 in all.
        let lost = full - c[0].area_km2;
        assert!(
            (0.0..20_000.0).contains(&lost),
            "{} of {full}",
            c[0].area_km2
        );
    }

    /// An island of about 266 km2 changing hands next to a zone of
    /// 85,000 km2 is a change, though it is under 1 % of the zone and under
    /// 10 km wide on average (review 2, finding 3: the capture of Als); a
    /// strip of about 430 km2 along the zone's re-digitised edge is not.
    #[test]
    fn compact_small_pieces_are_changes_and_thin_strips_are_not() {
        let zone = |east: f64| Rect::new((10.0, 54.0), (east, 57.0)).to_polygon();
        let island = Rect::new((15.0, 55.0), (15.25, 55.15)).to_polygon();
        let mut before = feature("X", [0.0; 4], "1920-01-01", "1920-02-01");
        before.geometry = Geometry::MultiPolygon(MultiPolygon(vec![zone(14.0), island.clone()]));
        let mut after = feature("X", [0.0; 4], "1920-02-01", "1920-03-01");
        after.geometry = Geometry::Polygon(zone(14.02));
        let mut taken = feature("Y", [0.0; 4], "1920-02-01", "1920-03-01");
        taken.geometry = Geometry::Polygon(island.clone());
        let t = Theatre {
            extent: [5.0, 50.0, 20.0, 60.0],
            ..theatre_of(vec![before, after, taken])
        };
        let c = changes(&t, &phase("a", "1920-01-15"), &phase("b", "1920-02-15"));
        let keys: Vec<_> = c
            .iter()
            .map(|c| (c.from.as_deref(), c.to.as_deref()))
            .collect();
        assert_eq!(keys, [(Some("X"), Some("Y"))], "{c:?}");
        assert!((c[0].area_km2 - 266.0).abs() < 10.0, "{}", c[0].area_km2);

        // Not kept for being small only: the strip alone, of the same zone.
        let mut strip = feature("X", [0.0; 4], "1920-02-01", "1920-03-01");
        strip.geometry = Geometry::Polygon(zone(14.02));
        let mut old = feature("X", [0.0; 4], "1920-01-01", "1920-02-01");
        old.geometry = Geometry::Polygon(zone(14.0));
        let t = Theatre {
            extent: [5.0, 50.0, 20.0, 60.0],
            ..theatre_of(vec![old, strip])
        };
        let c = changes(&t, &phase("a", "1920-01-15"), &phase("b", "1920-02-15"));
        assert!(c.is_empty(), "{c:?}");
    }
}
