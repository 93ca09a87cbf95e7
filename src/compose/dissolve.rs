//! `phasemap:dissolve`: pieces of one territory merged into one shape.

use geo::Geometry;

use super::prepared::{context, Prepared};
use crate::model::Phase;
use crate::style::StyleLayer;

/// `phasemap:dissolve`: features with the same key are merged into one shape
/// (drawn with the first one's paint), so pieces of one power's territory
/// show no seams. Keys keep the order of their first feature.
pub(super) fn dissolve(
    p: &Prepared,
    layer: &StyleLayer,
    phase: &Phase,
    visible: Vec<(usize, &Geometry<f64>)>,
) -> Vec<(usize, Geometry<f64>)> {
    use geo::BooleanOps;
    let Some(tl) = layer.source.as_deref().and_then(|s| p.theatre.layer(s)) else {
        return Vec::new();
    };
    let Some(by) = layer.typed.fill().map(|f| &f.dissolve) else {
        return Vec::new();
    };
    let snapshot = phase.snapshot.to_string();
    let pn = p.power_name();
    let mut groups: Vec<(String, usize, geo::MultiPolygon<f64>)> = Vec::new();
    let li = p.theatre.layers.iter().position(|l| l.id == tl.id);
    for (i, _) in visible {
        let ctx = context(&tl.features[i].properties, phase, &snapshot, &pn);
        let key = by.get_or_null(&ctx).unwrap_or_default();
        // Merged at full detail, simplified once merged: see
        // ProjectedTheatre::unsimplified.
        let Some(mp) = li.and_then(|li| p.projected.unsimplified(li, i, &tl.features[i].geometry))
        else {
            continue;
        };
        let mp = mp.clone();
        match groups.iter_mut().find(|(k, ..)| *k == key) {
            Some((_, _, acc)) => *acc = acc.union(&mp),
            None => groups.push((key, i, mp)),
        }
    }
    groups
        .into_iter()
        .map(|(_, i, mp)| {
            let merged = p.projected.finish_merged(mp);
            (i, Geometry::MultiPolygon(drop_sliver_holes(merged)))
        })
        .collect()
}

/// Neighbouring pieces simplified separately leave hairline gaps, which a
/// union turns into long thin holes; a hole narrower than about 3 px on
/// average (area below 1.5 x perimeter) is such a gap, not an enclave.
fn drop_sliver_holes(mp: geo::MultiPolygon<f64>) -> geo::MultiPolygon<f64> {
    use geo::{Area, Euclidean, Length};
    let keep = |ring: &geo::LineString<f64>| {
        let area = geo::Polygon::new(ring.clone(), vec![]).unsigned_area();
        area >= 1.5 * Euclidean.length(ring)
    };
    geo::MultiPolygon(
        mp.0.into_iter()
            .map(|p| {
                let (ext, holes) = p.into_inner();
                geo::Polygon::new(ext, holes.into_iter().filter(|h| keep(h)).collect())
            })
            .collect(),
    )
}
