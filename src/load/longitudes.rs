//! Longitudes of a theatre across the antimeridian: read as RFC 7946
//! writes them, kept as the model keeps them (see [`antimeridian`]).

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::model::antimeridian;
use crate::model::Layer;

/// Longitudes of `layer` as the model keeps them (see
/// [`antimeridian`]): for a theatre across 180, every longitude within 180
/// degrees of the extent's centre and pieces split at the antimeridian joined
/// again; any other theatre keeps RFC 7946's -180..180.
pub(super) fn around(layer: &mut Layer, extent: [f64; 4]) -> Result<()> {
    if antimeridian::crosses(extent) {
        let centre = (extent[0] + extent[2]) / 2.0;
        layer
            .features
            .par_iter_mut()
            .for_each(|f| antimeridian::unwrap_geometry(&mut f.geometry, centre));
        return Ok(());
    }
    for f in &layer.features {
        if let Some(c) =
            geo::CoordsIter::coords_iter(&f.geometry).find(|c| !(-180.0..=180.0).contains(&c.x))
        {
            return Err(Error::Feature {
                path: layer.path.clone(),
                index: f.index,
                id: f.id.clone(),
                message: format!(
                    "coordinate [{}, {}] is outside longitude -180..180 / latitude -90..90 \
                     (longitudes past 180 only in a theatre whose extent crosses the antimeridian)",
                    c.x, c.y
                ),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use geo::{Area, Geometry};

    use super::super::parse_theatre_text;

    const MANIFEST: &str = r#"{"id": "t", "title": "T",
        "projection": "+proj=lcc +lat_1=51 +lat_2=55 +lat_0=53 +lon_0=180 +datum=WGS84",
        "extent": EXTENT,
        "phases": [{"id": "p", "title": "One", "start_date": "1942-06-01",
                    "end_date": "1942-07-01", "snapshot": "1942-06-15"}],
        "layers": [{"id": "control", "path": "control.geojson"}]}"#;

    /// A zone from 175E to 170W written as RFC 7946 writes it (split at
    /// 180), a line across 180 split the same way.
    const LAYER: &str = r#"{"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"id": "zone", "power": "A"}, "geometry":
         {"type": "MultiPolygon", "coordinates": [
           [[[175, 51], [180, 51], [180, 53], [175, 53], [175, 51]]],
           [[[-180, 51], [-170, 51], [-170, 53], [-180, 53], [-180, 51]]]]}},
        {"type": "Feature", "properties": {"id": "route"}, "geometry":
         {"type": "MultiLineString", "coordinates": [
           [[-176.6, 51.9], [-180, 52]], [[180, 52], [177.5, 52]]]}}]}"#;

    fn parse(
        extent: &str,
        projection: Option<&str>,
        layer: &str,
    ) -> crate::Result<crate::model::Theatre> {
        let mut m = MANIFEST.replace("EXTENT", extent);
        if let Some(p) = projection {
            m = m.replace("+lon_0=180", p);
        }
        parse_theatre_text(Path::new("dir"), &m, &|_| Ok(layer.to_string()))
    }

    #[test]
    fn an_extent_across_180_is_read_as_one_range_and_split_data_joined() {
        let t = parse("[170, 50, -165, 56]", None, LAYER).unwrap();
        assert_eq!(t.extent, [170.0, 50.0, 195.0, 56.0]);
        let f = &t.layers[0].features;
        let Geometry::MultiPolygon(zone) = &f[0].geometry else {
            panic!("{:?}", f[0].geometry)
        };
        assert_eq!(zone.0.len(), 1, "one polygon again: {zone:?}");
        assert!((zone.unsigned_area() - 30.0).abs() < 1e-9);
        let Geometry::MultiLineString(route) = &f[1].geometry else {
            panic!("{:?}", f[1].geometry)
        };
        assert_eq!(route.0.len(), 1, "one line again: {route:?}");
        // The check against the extent works in the same range.
        assert!(crate::model::check_theatre(&t)
            .iter()
            .all(|m| !m.contains("outside")));
    }

    #[test]
    fn an_extent_across_180_may_be_written_past_180_too() {
        let t = parse("[170, 50, 195, 56]", None, LAYER).unwrap();
        assert_eq!(t.extent, [170.0, 50.0, 195.0, 56.0]);
    }

    #[test]
    fn a_projection_that_tears_the_extent_apart_is_refused() {
        let e = parse("[170, 50, -165, 56]", Some("+lon_0=0"), LAYER)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("theatre.json") && e.contains("projection:"),
            "{e}"
        );
        assert!(e.contains("torn apart") && e.contains("+lon_0=-178"), "{e}");
    }

    #[test]
    fn longitudes_past_180_need_an_extent_across_it() {
        let past = LAYER.replace("[175, 51], [180, 51]", "[175, 51], [181, 51]");
        let e = parse("[100, 50, 179, 56]", Some("+lon_0=140"), &past)
            .unwrap_err()
            .to_string();
        assert!(e.contains("control.geojson") && e.contains("zone"), "{e}");
        assert!(e.contains("antimeridian"), "{e}");
    }

    #[test]
    fn bad_extents_name_the_key() {
        for bad in [
            "[170, 50, 170, 56]",
            "[170, 56, -165, 50]",
            "[-400, 50, 10, 56]",
        ] {
            let e = parse(bad, None, LAYER).unwrap_err().to_string();
            assert!(e.contains("extent:"), "{bad}: {e}");
        }
    }
}
