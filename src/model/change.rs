//! Territory that changed hands between two phases, from the theatre's
//! exclusive layers (polygons that may not overlap on one day, such as who
//! governs). Computed on longitude/latitude, so areas are geodesic and do
//! not depend on the map projection.

use std::collections::BTreeMap;

use geo::{unary_union, Area, BooleanOps, GeodesicArea, Geometry, MultiPolygon, Polygon};

use super::{Phase, Theatre};

/// Pieces smaller than this are slivers where two phases' boundaries were
/// digitised slightly differently, not territory that changed hands (and
/// are a few pixels at most on a theatre map) ...
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

/// Reference pixels across a theatre map (the default width) and the
/// widest piece, in those pixels, that is still a sliver: on a small
/// theatre 10 km is a broad band (a front pushed back along its length),
/// so both limits shrink with the theatre's scale.
const MAP_PX: f64 = 2400.0;
const SLIVER_PX: f64 = 4.0;

/// The sliver limits of one theatre: [`MIN_CHANGE_KM2`] and
/// [`SLIVER_WIDTH_KM`], or what 4 pixels come to on a 2400 px map of
/// its extent if that is less.
#[derive(Debug, Clone, Copy)]
pub struct Slivers {
    /// Pieces smaller than this (km²) are no change.
    pub min_km2: f64,
    /// Elongated pieces thinner than this (km) are no change.
    pub width_km: f64,
}

impl Slivers {
    /// The limits for `theatre`'s extent (its width along its middle
    /// parallel, across 180° when it crosses it).
    pub fn of(theatre: &Theatre) -> Slivers {
        let [w, s, e, n] = theatre.extent;
        let span = if e >= w { e - w } else { e + 360.0 - w };
        let mid = ((s + n) / 2.0).to_radians().cos().abs();
        let km_per_px = span * 111.32 * mid / MAP_PX;
        let px = SLIVER_PX * km_per_px;
        Slivers {
            min_km2: MIN_CHANGE_KM2.min(px * px).max(1e-6),
            width_km: SLIVER_WIDTH_KM.min(px),
        }
    }

    /// Whether `piece` (of `km2`) is a sliver of a zone of `zone_km2`:
    /// smaller than `min_km2`, or under [`SLIVER_SHARE`] of the zone,
    /// thinner than `width_km` and less compact than [`SLIVER_COMPACTNESS`].
    fn is_sliver(&self, piece: &Polygon<f64>, km2: f64, zone_km2: f64) -> bool {
        use geo::{Haversine, Length};
        if km2 < self.min_km2 {
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
        width < self.width_km && compactness < SLIVER_COMPACTNESS
    }
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
    let slivers = Slivers::of(theatre);
    // Slivers are dropped piece by piece, each against its zone's size.
    let mut add = |from: Option<&String>, to: Option<&String>, g: MultiPolygon<f64>, zone: f64| {
        let pieces: Vec<Polygon<f64>> =
            g.0.into_iter()
                .filter(|p| p.unsigned_area() > 1e-12)
                .filter(|p| !slivers.is_sliver(p, polygon_km2(p), zone))
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
        .filter(|c| c.area_km2 >= slivers.min_km2)
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

/// Whether the theatre has any presence to compare: a zone of some power
/// in a layer that is not `exclusive` (troops beside who governs).
pub fn has_presence(theatre: &Theatre) -> bool {
    theatre
        .layers
        .iter()
        .filter(|l| !l.exclusive)
        .flat_map(|l| &l.features)
        .any(|f| {
            f.str_prop("power").is_some()
                && matches!(f.geometry, Geometry::Polygon(_) | Geometry::MultiPolygon(_))
        })
}

/// Where each power's troops arrived and which ground they left from phase
/// `a` to phase `b`, sorted by power, arrivals first. Pieces under
/// the theatre's [`Slivers::min_km2`] in all are left out, as for control.
pub fn presence_changes(theatre: &Theatre, a: &Phase, b: &Phase) -> Vec<PresenceChange> {
    let (ha, hb) = (
        presence_on(theatre, a.snapshot),
        presence_on(theatre, b.snapshot),
    );
    let empty = MultiPolygon(Vec::new());
    let min_km2 = Slivers::of(theatre).min_km2;
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
            if area_km2 >= min_km2 {
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

/// The presence changes as CSV: `power,change,area_km2,power_name`
/// (`arrived` or `left`; the power's name from `theatre`), quoted and
/// neutralised as [`changes_csv`] is.
pub fn presence_csv(changes: &[PresenceChange], theatre: &Theatre) -> String {
    let header = ["power", "change", "area_km2", "power_name"].map(String::from);
    let rows = changes.iter().map(|c| {
        let what = if c.arrived { "arrived" } else { "left" };
        [
            c.power.clone(),
            what.into(),
            format!("{:.1}", c.area_km2),
            theatre.power_name(&c.power).to_string(),
        ]
    });
    write_csv(std::iter::once(header.to_vec()).chain(rows.map(|r| r.to_vec())))
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
/// Longest edge (degrees) an area is measured along: about 11 km, where
/// a geodesic and a parallel part by a few metres.
const DENSIFY_DEG: f64 = 0.1;

fn polygon_km2(p: &Polygon<f64>) -> f64 {
    use geo::{Densify, Euclidean};
    // The map draws an edge straight in longitude/latitude (densified
    // before projecting: a parallel stays a parallel), not as a geodesic:
    // so is its area. Undensified, a long edge along a parallel bows
    // towards the pole and a strip a few metres thin would count
    // thousands of km2.
    let ring_km2 = |r: &geo::LineString<f64>| {
        let dense = Euclidean.densify(r, DENSIFY_DEG);
        let a = Polygon::new(dense, vec![]).geodesic_area_unsigned() / 1e6;
        a.min(EARTH_KM2 - a).max(0.0)
    };
    let holes: f64 = p.interiors().iter().map(ring_km2).sum();
    (ring_km2(p.exterior()) - holes).max(0.0)
}

/// The changes as CSV: `from_power,to_power,area_km2,from_name,to_name`,
/// the names from `theatre`; an empty power (and name) is ground that no
/// power on the map held (RFC 4180: cells with commas, quotes or line
/// breaks are quoted). A cell that a spreadsheet would run as a formula
/// (starting with `=`, `+`, `-`, `@`, tab or carriage return) gets a
/// leading `'`, so a power code from the data cannot become a formula on
/// opening.
pub fn changes_csv(changes: &[Change], theatre: &Theatre) -> String {
    let header = ["from_power", "to_power", "area_km2", "from_name", "to_name"];
    // Ground no power holds: no code, and the word the change map uses.
    let name = |code: &Option<String>| {
        code.as_deref().map_or_else(
            || "unclaimed".to_string(),
            |c| theatre.power_name(c).to_string(),
        )
    };
    let rows = changes.iter().map(|c| {
        vec![
            c.from.clone().unwrap_or_default(),
            c.to.clone().unwrap_or_default(),
            format!("{:.1}", c.area_km2),
            name(&c.from),
            name(&c.to),
        ]
    });
    write_csv(std::iter::once(header.map(String::from).to_vec()).chain(rows))
}

/// Rows as RFC 4180 CSV, every cell neutralised.
fn write_csv(rows: impl Iterator<Item = Vec<String>>) -> String {
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
mod tests;
