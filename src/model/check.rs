//! `phasemap check`: everything about a loaded theatre that is wrong but not
//! fatal to loading, reported all at once, each problem naming its file and
//! feature.

use geo::{Area, BooleanOps, BoundingRect, Geometry, MultiPolygon};

use super::antimeridian::wrap;
use super::{Date, Theatre};

/// Overlaps smaller than this (square degrees, about 1 km2) are rounding, not data errors.
const OVERLAP_TOLERANCE_DEG2: f64 = 1e-4;

/// What a problem does to a map drawn anyway.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Harm {
    /// The map would say something false (a legend entry and diff areas
    /// for a power nobody declared): drawing commands refuse the theatre.
    Wrong,
    /// The map is poorer (a feature left out, zones drawn over each other):
    /// drawing commands warn.
    Poorer,
    /// Already reported by the drawing commands in their own words (a
    /// layer without a role): only `check` lists it.
    CheckOnly,
}

/// Returns every problem found; empty means the theatre is consistent.
pub fn check_theatre(t: &Theatre) -> Vec<String> {
    problems(t, true).into_iter().map(|(_, m)| m).collect()
}

/// What every drawing command checks before it draws, with the same words
/// as `check`: `Err` lists the problems that would make the map wrong (the
/// command must draw nothing); `Ok` lists those that only make it poorer,
/// to print as warnings. It leaves out the overlap test of exclusive zones:
/// boolean operations on every pair of zones in every phase cost more than
/// drawing a map (half a second for the built-in theatre), so only `check`
/// runs it.
pub fn check_for_drawing(t: &Theatre) -> Result<Vec<String>, Vec<String>> {
    let (wrong, rest): (Vec<_>, Vec<_>) = problems(t, false)
        .into_iter()
        .filter(|(h, _)| *h != Harm::CheckOnly)
        .partition(|(h, _)| *h == Harm::Wrong);
    let messages = |v: Vec<(Harm, String)>| v.into_iter().map(|(_, m)| m).collect();
    if wrong.is_empty() {
        Ok(messages(rest))
    } else {
        Err(messages(wrong))
    }
}

/// Every problem, with what it does to a map; `overlaps_too` adds the
/// (costly) overlap test of exclusive zones.
fn problems(t: &Theatre, overlaps_too: bool) -> Vec<(Harm, String)> {
    let mut problems = Vec::new();
    let manifest = t.manifest_path.display();
    if let Some(m) = parallels_across_the_equator(&t.projection, t.extent) {
        problems.push((Harm::Poorer, format!("{manifest}: projection: {m}")));
    }
    for w in t.phases.windows(2) {
        if w[0].end != w[1].start {
            problems.push((Harm::Poorer, format!(
                "{manifest}: phases \"{}\" and \"{}\" are not contiguous: {} ends {} (exclusive) but {} starts {}",
                w[0].id, w[1].id, w[0].id, w[0].end, w[1].id, w[1].start
            )));
        }
    }
    for (i, tf) in t.troops.iter().enumerate() {
        if !t.powers.is_empty() && !t.powers.contains_key(&tf.power) {
            let known: Vec<&str> = t.powers.keys().map(String::as_str).collect();
            problems.push((
                Harm::Poorer,
                format!(
                    "{manifest}: troops[{i}].power \"{}\" is not a power of this theatre{}",
                    tf.power,
                    crate::error::suggest(&tf.power, &known)
                ),
            ));
        }
    }
    for (i, l) in t.layers.iter().enumerate() {
        if l.role.is_none() {
            let names: Vec<&str> = super::Role::ALL.iter().map(|r| r.name()).collect();
            problems.push((Harm::CheckOnly, format!(
                "{manifest}: layers[{i}] (\"{}\"): no role, so no style but one written for this layer id can draw it; give it a \"role\" (one of {})",
                l.id,
                names.join(", ")
            )));
        }
    }
    for layer in &t.layers {
        let file = layer.path.display();
        let [west, south, east, north] = t.layer_box(layer);
        let what = if layer.covers.is_some() {
            "the box the layer covers"
        } else {
            "the theatre extent"
        };
        let mut ids = std::collections::BTreeMap::new();
        // Features reaching outside: one line for the layer (a basemap cut
        // loosely reaches outside in dozens of features).
        let mut outside: Vec<String> = Vec::new();
        for f in &layer.features {
            let name = match &f.id {
                Some(id) => format!("{file}: feature {} (id \"{id}\")", f.index),
                None => format!("{file}: feature {}", f.index),
            };
            if let Some(id) = &f.id {
                if let Some(first) = ids.insert(id.clone(), f.index) {
                    problems.push((
                        Harm::Poorer,
                        format!("{name}: id also used by feature {first}"),
                    ));
                }
            }
            if let Some(r) = f.geometry.bounding_rect() {
                if r.min().x < west || r.max().x > east || r.min().y < south || r.max().y > north {
                    outside.push(match &f.id {
                        Some(id) => format!("feature {} (id \"{id}\")", f.index),
                        None => format!("feature {}", f.index),
                    });
                }
            }
            if !t.powers.is_empty() {
                for key in ["power", "left_power", "right_power"] {
                    if let Some(code) = f.str_prop(key) {
                        if !t.powers.contains_key(code) {
                            let known: Vec<&str> = t.powers.keys().map(String::as_str).collect();
                            problems.push((
                                Harm::Wrong,
                                format!(
                                    "{name}: {key} \"{code}\" is not a power of this theatre{}",
                                    crate::error::suggest(code, &known)
                                ),
                            ));
                        }
                    }
                }
            }
            if let Some(role) = layer.role.filter(|r| r.is_area()) {
                if polygons(&f.geometry).is_none() {
                    // A zone with no area would still have its power in the
                    // legend, and change maps would count its ground as lost.
                    let harm = match role {
                        super::Role::Control | super::Role::Presence => Harm::Wrong,
                        _ => Harm::Poorer,
                    };
                    problems.push((harm, format!(
                        "{name}: a {} in a {} layer, which draws only polygons (Polygon, MultiPolygon, or a GeometryCollection holding one): none of it would be drawn",
                        geometry_type(&f.geometry),
                        role.name()
                    )));
                }
            }
            if let Some(role) = layer.role.filter(|r| r.is_line()) {
                if !has_lines(&f.geometry) {
                    problems.push((Harm::Poorer, format!(
                        "{name}: a {} in a {} layer, which draws only lines (LineString, MultiLineString): none of it would be drawn",
                        geometry_type(&f.geometry),
                        role.name()
                    )));
                }
            }
            if let Some(v) = f.properties.get("rank") {
                let whole = v.as_f64().filter(|r| r.fract() == 0.0 && *r >= 1.0);
                if whole.is_none() && !v.is_null() {
                    problems.push((Harm::Poorer, format!(
                        "{name}: rank {v} is not a whole number from 1 (most important) up: the feature is drawn as the least important"
                    )));
                }
            }
            if layer.role == Some(super::Role::Event)
                && f.str_prop("date").is_some()
                && f.properties.get("start_date").is_none_or(|v| v.is_null())
                && f.properties.get("end_date").is_none_or(|v| v.is_null())
            {
                problems.push((Harm::Poorer, format!(
                    "{name}: a date but no start_date or end_date, so the event is shown in every phase; give it start_date (and end_date) to show it in the phases it belongs to"
                )));
            }
            if let Some(v) = f.properties.get("label_priority") {
                if !v.is_number() && !v.is_null() {
                    problems.push((Harm::Poorer, format!(
                        "{name}: label_priority {v} is not a number (lower is placed first): the label takes its rank's place"
                    )));
                }
            }
            if let Some(d) = f.str_prop("date") {
                if let Err(m) = Date::parse(d) {
                    problems.push((Harm::Poorer, format!("{name}: date: {m}")));
                }
            }
            if let Some(c) = f.str_prop("certainty") {
                if !["high", "medium", "low"].contains(&c) {
                    problems.push((
                        Harm::Poorer,
                        format!("{name}: certainty \"{c}\" is not high, medium or low"),
                    ));
                }
            }
        }
        let bounds = format!("{what} [{}, {south}, {}, {north}]", wrap(west), wrap(east));
        match &outside[..] {
            [] => {}
            [one] => problems.push((
                Harm::Poorer,
                format!("{file}: {one}: geometry reaches outside {bounds}"),
            )),
            many => {
                let more = many.len() - 3.min(many.len());
                let names: Vec<&str> = many.iter().take(3).map(String::as_str).collect();
                let and_more = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                problems.push((
                    Harm::Poorer,
                    format!(
                        "{file}: {} features reach outside {bounds}: {}{and_more}",
                        many.len(),
                        names.join(", ")
                    ),
                ));
            }
        }
        if layer.exclusive && overlaps_too {
            for phase in &t.phases {
                problems.extend(overlaps(layer, phase.snapshot).into_iter().map(|(a, b, area)| {
                    (Harm::Poorer, format!(
                        "{file}: features {a} and {b} overlap on {} (snapshot of phase \"{}\"), about {:.0} km2",
                        phase.snapshot, phase.id, area
                    ))
                }));
            }
        }
    }
    problems
}

fn polygons(g: &Geometry<f64>) -> Option<MultiPolygon<f64>> {
    match g {
        Geometry::Polygon(p) => Some(MultiPolygon(vec![p.clone()])),
        Geometry::MultiPolygon(mp) => Some(mp.clone()),
        _ => None,
    }
}

/// Whether a line layer draws anything of `g`.
fn has_lines(g: &Geometry<f64>) -> bool {
    match g {
        Geometry::Line(_) | Geometry::LineString(_) | Geometry::MultiLineString(_) => true,
        Geometry::GeometryCollection(gc) => gc.0.iter().any(has_lines),
        _ => false,
    }
}

/// The GeoJSON name of a geometry's type, for messages.
fn geometry_type(g: &Geometry<f64>) -> &'static str {
    match g {
        Geometry::Point(_) => "Point",
        Geometry::MultiPoint(_) => "MultiPoint",
        Geometry::Line(_) | Geometry::LineString(_) => "LineString",
        Geometry::MultiLineString(_) => "MultiLineString",
        Geometry::Polygon(_) | Geometry::Rect(_) | Geometry::Triangle(_) => "Polygon",
        Geometry::MultiPolygon(_) => "MultiPolygon",
        Geometry::GeometryCollection(_) => "GeometryCollection without a polygon",
    }
}

/// Pairs of polygons active on `day` that overlap: (label a, label b, km2).
fn overlaps(layer: &super::Layer, day: Date) -> Vec<(String, String, f64)> {
    let active: Vec<(&super::Feature, MultiPolygon<f64>)> = layer
        .features
        .iter()
        .filter(|f| f.is_active(day))
        .filter_map(|f| polygons(&f.geometry).map(|p| (f, p)))
        .collect();
    let label = |f: &super::Feature| match &f.id {
        Some(id) => format!("{} (\"{id}\")", f.index),
        None => f.index.to_string(),
    };
    let mut out = Vec::new();
    for (i, (fa, a)) in active.iter().enumerate() {
        let Some(ra) = a.bounding_rect() else {
            continue;
        };
        for (fb, b) in &active[i + 1..] {
            let Some(rb) = b.bounding_rect() else {
                continue;
            };
            if ra.max().x < rb.min().x
                || rb.max().x < ra.min().x
                || ra.max().y < rb.min().y
                || rb.max().y < ra.min().y
            {
                continue;
            }
            let inter = a.intersection(b);
            let deg2 = inter.unsigned_area();
            if deg2 > OVERLAP_TOLERANCE_DEG2 {
                // Rough km2 for the message: a degree of latitude is 111 km.
                let lat = inter
                    .bounding_rect()
                    .map_or(0.0, |r| (r.min().y + r.max().y) / 2.0);
                let km2 = deg2 * 111.32 * 111.32 * lat.to_radians().cos();
                out.push((label(fa), label(fb), km2));
            }
        }
    }
    out
}

/// A conic's standard parallels (`+lat_1`, `+lat_2`) all in the other
/// hemisphere from the whole extent: most often a forgotten minus sign,
/// and the map is then drawn with the wrong scale and curvature.
fn parallels_across_the_equator(definition: &str, extent: [f64; 4]) -> Option<String> {
    let parallels: Vec<f64> = definition
        .split_whitespace()
        .filter_map(|p| {
            let v = p.strip_prefix("+lat_1=").or(p.strip_prefix("+lat_2="))?;
            v.parse::<f64>().ok()
        })
        .collect();
    let (south, north) = (extent[1], extent[3]);
    let other_side = |lat: f64| (north < 0.0 && lat > 0.0) || (south > 0.0 && lat < 0.0);
    if parallels.is_empty() || !parallels.iter().all(|&lat| other_side(lat)) {
        return None;
    }
    let list: Vec<String> = parallels.iter().map(|l| format!("{l}")).collect();
    let flipped: Vec<String> = parallels.iter().map(|l| format!("{}", -l)).collect();
    Some(format!(
        "the standard parallels ({}) lie across the equator from the whole extent \
         ({south} to {north}): the map is drawn with the wrong scale and curvature; \
         a minus sign forgotten? (e.g. {})",
        list.join(", "),
        ["+lat_1=", "+lat_2="]
            .iter()
            .zip(&flipped)
            .map(|(k, v)| format!("{k}{v}"))
            .collect::<Vec<_>>()
            .join(" ")
    ))
}

#[cfg(test)]
mod parallels_tests {
    use super::parallels_across_the_equator as check;

    #[test]
    fn northern_parallels_for_a_southern_extent_are_reported() {
        let m = check(
            "+proj=lcc +lat_1=20 +lat_2=26 +lon_0=-60",
            [-65.0, -27.5, -56.0, -18.5],
        )
        .expect("reported");
        assert!(m.contains("+lat_1=-20 +lat_2=-26"), "{m}");
        assert!(check(
            "+proj=lcc +lat_1=-20 +lat_2=-26",
            [-65.0, -27.5, -56.0, -18.5]
        )
        .is_none());
        // An extent across the equator, or one parallel on each side: fine.
        assert!(check("+proj=lcc +lat_1=20 +lat_2=26", [-65.0, -10.0, -56.0, 5.0]).is_none());
        assert!(check(
            "+proj=lcc +lat_1=-5 +lat_2=26",
            [-65.0, -27.5, -56.0, -18.5]
        )
        .is_none());
        assert!(check("+proj=merc", [-65.0, -27.5, -56.0, -18.5]).is_none());
        assert!(check("+proj=lcc +lat_1=45 +lat_2=65", [60.0, 40.0, 140.0, 70.0]).is_none());
    }
}
