//! One GeoJSON FeatureCollection into model features: geometry converted to
//! `geo` types and validated, dates parsed.
//!
//! # Repair policy
//!
//! Only two things are repaired, each with a warning that names the file and
//! the feature (index and id), because the intent is unambiguous:
//!
//! - **Ring orientation**: rings are reoriented as RFC 7946 asks (exterior
//!   rings counter-clockwise, holes clockwise); one warning per layer names
//!   the feature, or counts the features and names the first three.
//! - **Unclosed rings**: a polygon ring whose last position differs from its
//!   first is closed.
//!
//! Everything else is an error naming the file, the feature and the reason,
//! and nothing is rendered: JSON that is not well-formed (including `NaN`
//! and `Infinity`, which JSON does not allow), a root that is not a
//! FeatureCollection, a feature without geometry, positions with fewer than
//! two numbers, coordinates outside longitude -180..180 / latitude -90..90,
//! lines with fewer than 2 positions, rings with fewer than 3 distinct
//! positions, empty Multi* geometries and GeometryCollections,
//! GeometryCollections nested more than 4 deep, layers and features beyond
//! the [`GeometryLimits`] (features per layer, vertices per layer and per
//! feature; the manifest may raise them), invalid polygons (self-intersections,
//! holes outside their shell, ...), and dates that are not `YYYY[-MM[-DD]]`
//! or whose `end_date` is not after `start_date`. Self-intersections are not
//! "fixed" by guessing, since a guess could silently move a front line.

use std::path::Path;

use geo::Geometry;
use geojson::GeometryValue;
use serde_json::Value;

use super::orientation::{orient_rfc7946, orientation_repairs};
use super::validity::invalidity;
use crate::error::{json_error, Error, Result};
use crate::limits::{raise_hint, GeometryLimits};
use crate::model::{Date, Feature};

/// How deeply GeometryCollections may nest.
const MAX_COLLECTION_DEPTH: usize = 4;

/// Parses the GeoJSON text of `path` into features, within `limits`.
/// Repairs are appended to `warnings`: one line per feature, except the
/// ring orientation, which writers such as shapely reverse throughout a
/// file (RFC 7946 asks readers to accept it): one line for the layer.
pub fn parse_layer(
    path: &Path,
    text: &str,
    limits: &GeometryLimits,
    warnings: &mut Vec<String>,
) -> Result<Vec<Feature>> {
    let Some(features) = super::geojson_fast::read(text) else {
        return parse_layer_general(path, text, limits, warnings);
    };
    check_feature_count(path, features.len(), limits)?;
    let (mut vertices, mut reversed) = (0, Vec::new());
    let features = features
        .into_iter()
        .enumerate()
        .map(|(index, f)| {
            let at = Counted(limits, &mut vertices, &mut reversed);
            finish_feature(path, index, f.id, f.geometry, f.properties, at, warnings)
        })
        .collect::<Result<Vec<_>>>()?;
    warnings.extend(orientation_repairs(path, &reversed));
    Ok(features)
}

/// The limits, the running count of the layer's vertices, and the
/// features whose rings were reoriented.
struct Counted<'a>(&'a GeometryLimits, &'a mut usize, &'a mut Vec<String>);

fn check_feature_count(path: &Path, n: usize, limits: &GeometryLimits) -> Result<()> {
    if n <= limits.layer_features {
        return Ok(());
    }
    Err(Error::Json {
        path: path.to_path_buf(),
        line: 0,
        column: 0,
        pointer: String::new(),
        message: format!(
            "the layer has {n} features; phasemap accepts at most {} per layer ({})",
            limits.layer_features,
            raise_hint("layer_features", n)
        ),
    })
}

/// [`parse_layer`] through a JSON tree of the whole file: slower, but it
/// reads every file and words every error.
fn parse_layer_general(
    path: &Path,
    text: &str,
    limits: &GeometryLimits,
    warnings: &mut Vec<String>,
) -> Result<Vec<Feature>> {
    let root: Value =
        serde_json::from_str(text).map_err(|e| json_error(path, text, &e, String::new()))?;
    let shape_err = |message: &str| Error::Json {
        path: path.to_path_buf(),
        line: 0,
        column: 0,
        pointer: String::new(),
        message: message.to_string(),
    };
    let Value::Object(obj) = &root else {
        return Err(shape_err("expected a GeoJSON FeatureCollection object"));
    };
    if obj.get("type").and_then(Value::as_str) != Some("FeatureCollection") {
        return Err(shape_err("expected \"type\": \"FeatureCollection\""));
    }
    let Some(Value::Array(raw_features)) = obj.get("features") else {
        return Err(shape_err("expected a \"features\" array"));
    };
    check_feature_count(path, raw_features.len(), limits)?;
    let (mut vertices, mut reversed) = (0, Vec::new());
    let features = raw_features
        .iter()
        .enumerate()
        .map(|(index, raw)| {
            let at = Counted(limits, &mut vertices, &mut reversed);
            parse_feature(path, index, raw, at, warnings)
        })
        .collect::<Result<Vec<_>>>()?;
    warnings.extend(orientation_repairs(path, &reversed));
    Ok(features)
}

fn parse_feature(
    path: &Path,
    index: usize,
    raw: &Value,
    counted: Counted,
    warnings: &mut Vec<String>,
) -> Result<Feature> {
    let id = raw
        .get("properties")
        .and_then(|p| p.get("id"))
        .or_else(|| raw.get("id"))
        .and_then(|v| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        });
    let err = |message: String| Error::Feature {
        path: path.to_path_buf(),
        index,
        id: id.clone(),
        message,
    };
    let feature = <geojson::Feature as serde::Deserialize>::deserialize(raw)
        .map_err(|e| err(format!("not a GeoJSON Feature: {e}")))?;
    finish_feature(
        path,
        index,
        id,
        feature.geometry.map(|g| g.value),
        feature.properties,
        counted,
        warnings,
    )
}

/// The checks and conversions after reading, shared by both readers.
fn finish_feature(
    path: &Path,
    index: usize,
    id: Option<String>,
    geometry: Option<GeometryValue>,
    properties: Option<serde_json::Map<String, Value>>,
    Counted(limits, layer_vertices, reversed): Counted,
    warnings: &mut Vec<String>,
) -> Result<Feature> {
    let err = |message: String| Error::Feature {
        path: path.to_path_buf(),
        index,
        id: id.clone(),
        message,
    };
    let geometry = geometry.ok_or_else(|| err("has no geometry".into()))?;
    let mut repairs = Vec::new();
    let mut vertices = 0;
    check_value(&geometry, 0, &mut repairs, &mut vertices).map_err(&err)?;
    if vertices > limits.feature_vertices {
        return Err(err(format!(
            "has {vertices} vertices; phasemap accepts at most {} per feature ({})",
            limits.feature_vertices,
            raise_hint("feature_vertices", vertices)
        )));
    }
    *layer_vertices += vertices;
    if *layer_vertices > limits.layer_vertices {
        return Err(err(format!(
            "brings the layer to {} vertices; phasemap accepts at most {} per layer ({})",
            *layer_vertices,
            limits.layer_vertices,
            raise_hint("layer_vertices", *layer_vertices)
        )));
    }
    let mut geometry =
        Geometry::<f64>::try_from(&geometry).map_err(|e| err(format!("unusable geometry: {e}")))?;
    let reoriented = orient_rfc7946(&mut geometry);
    if let Some(reason) = invalidity(&geometry) {
        return Err(err(format!("invalid geometry: {reason}")));
    }
    let properties = properties.unwrap_or_default();
    let date = |key: &str| -> Result<Option<Date>> {
        match properties.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Date::parse(s)
                .map(Some)
                .map_err(|m| err(format!("{key}: {m}"))),
            Some(other) => Err(err(format!("{key}: expected a date string, found {other}"))),
        }
    };
    let start = date("start_date")?;
    let end = date("end_date")?;
    if let (Some(s), Some(e)) = (start, end) {
        if e <= s {
            return Err(err(format!(
                "end_date {e} is not after start_date {s} (end_date is exclusive)"
            )));
        }
    }
    let id_text = id
        .as_deref()
        .map(|i| format!(" (id \"{i}\")"))
        .unwrap_or_default();
    for r in repairs {
        warnings.push(format!(
            "{}: feature {index}{id_text}: repaired: {r}",
            path.display()
        ));
    }
    if reoriented {
        reversed.push(format!("feature {index}{id_text}"));
    }
    Ok(Feature {
        index,
        id,
        geometry,
        properties,
        start,
        end,
    })
}

/// Checks positions before conversion: finite, in range, rings long enough.
/// Unclosed rings are noted as repairs (`geo` closes them on conversion).
/// Counts positions into `vertices` (conversion is skipped for huge features).
fn check_value(
    v: &GeometryValue,
    depth: usize,
    repairs: &mut Vec<String>,
    vertices: &mut usize,
) -> Result<(), String> {
    *vertices += count_positions(v);
    let pos = |p: &geojson::Position| -> Result<(), String> {
        let p = p.as_slice();
        if p.len() < 2 {
            return Err("a position has fewer than 2 numbers".into());
        }
        let (x, y) = (p[0], p[1]);
        if !x.is_finite() || !y.is_finite() {
            return Err("a coordinate is not a finite number".into());
        }
        // Past 180 only across the antimeridian; `load` checks that
        // against the theatre's extent once the layer is read.
        if !(-360.0..=360.0).contains(&x) || !(-90.0..=90.0).contains(&y) {
            return Err(format!(
                "coordinate [{x}, {y}] is outside longitude -180..180 / latitude -90..90 \
                 (GeoJSON is longitude first)"
            ));
        }
        Ok(())
    };
    let line = |l: &[geojson::Position], what: &str| -> Result<(), String> {
        if l.len() < 2 {
            return Err(format!("{what} has fewer than 2 positions"));
        }
        l.iter().try_for_each(&pos)
    };
    let rings = |rs: &[Vec<geojson::Position>], repairs: &mut Vec<String>| -> Result<(), String> {
        if rs.is_empty() {
            return Err("polygon has no rings".into());
        }
        for r in rs {
            r.iter().try_for_each(&pos)?;
            let closed =
                r.len() >= 2 && r.first().map(|p| p.as_slice()) == r.last().map(|p| p.as_slice());
            let distinct = if closed { r.len() - 1 } else { r.len() };
            if distinct < 3 {
                return Err("a polygon ring has fewer than 3 distinct positions".into());
            }
            if !closed {
                repairs.push("unclosed polygon ring closed".into());
            }
        }
        Ok(())
    };
    match v {
        GeometryValue::Point { coordinates } => pos(coordinates),
        GeometryValue::MultiPoint { coordinates } => {
            if coordinates.is_empty() {
                return Err("empty MultiPoint".into());
            }
            coordinates.iter().try_for_each(pos)
        }
        GeometryValue::LineString { coordinates } => line(coordinates, "LineString"),
        GeometryValue::MultiLineString { coordinates } => {
            if coordinates.is_empty() {
                return Err("empty MultiLineString".into());
            }
            coordinates.iter().try_for_each(|l| line(l, "a LineString"))
        }
        GeometryValue::Polygon { coordinates } => rings(coordinates, repairs),
        GeometryValue::MultiPolygon { coordinates } => {
            if coordinates.is_empty() {
                return Err("empty MultiPolygon".into());
            }
            coordinates.iter().try_for_each(|p| rings(p, repairs))
        }
        GeometryValue::GeometryCollection { geometries } => {
            if depth >= MAX_COLLECTION_DEPTH {
                return Err(format!(
                    "GeometryCollections nested more than {MAX_COLLECTION_DEPTH} deep"
                ));
            }
            if geometries.is_empty() {
                return Err("empty GeometryCollection".into());
            }
            geometries
                .iter()
                .try_for_each(|g| check_value(&g.value, depth + 1, repairs, vertices))
        }
    }
}

/// Positions of a geometry, not counting nested collections (counted as
/// `check_value` descends into them).
fn count_positions(v: &GeometryValue) -> usize {
    match v {
        GeometryValue::Point { .. } => 1,
        GeometryValue::MultiPoint { coordinates } | GeometryValue::LineString { coordinates } => {
            coordinates.len()
        }
        GeometryValue::MultiLineString { coordinates } | GeometryValue::Polygon { coordinates } => {
            coordinates.iter().map(Vec::len).sum()
        }
        GeometryValue::MultiPolygon { coordinates } => {
            coordinates.iter().flatten().map(Vec::len).sum()
        }
        GeometryValue::GeometryCollection { .. } => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Result<Vec<Feature>>, Vec<String>) {
        let mut w = Vec::new();
        (
            parse_layer(Path::new("t.geojson"), text, &Default::default(), &mut w),
            w,
        )
    }

    fn fc(geom: &str, props: &str) -> String {
        format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","geometry":{geom},"properties":{props}}}]}}"#
        )
    }

    #[test]
    fn reads_points_and_dates() {
        let (r, w) = parse(&fc(
            r#"{"type":"Point","coordinates":[131.9,43.1]}"#,
            r#"{"id":"vl","start_date":"1918-08","end_date":"1922-10-25"}"#,
        ));
        let f = &r.unwrap()[0];
        assert_eq!(f.id.as_deref(), Some("vl"));
        assert_eq!(f.start.unwrap().to_string(), "1918-08-01");
        assert!(w.is_empty());
    }

    #[test]
    fn layers_beyond_the_limits_name_the_limit_and_the_key_to_raise_it() {
        let point =
            r#"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}"#;
        let line = r#"{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4],[5,6]]}}"#;
        let layer = |f: &[&str]| {
            format!(
                r#"{{"type":"FeatureCollection","features":[{}]}}"#,
                f.join(",")
            )
        };
        let limits = GeometryLimits {
            layer_features: 2,
            layer_vertices: 4,
            feature_vertices: 3,
        };
        let parse = |text: &str| {
            parse_layer(Path::new("t.geojson"), text, &limits, &mut Vec::new())
                .map(|f| f.len())
                .map_err(|e| e.to_string())
        };
        assert_eq!(parse(&layer(&[point, line])), Ok(2));
        let e = parse(&layer(&[point, point, point])).unwrap_err();
        assert!(
            e.contains("3 features") && e.contains("at most 2 per layer"),
            "{e}"
        );
        assert!(e.contains(r#""limits": {"layer_features": 3}"#), "{e}");
        let e = parse(&layer(&[line, line])).unwrap_err();
        assert!(
            e.contains("feature 1")
                && e.contains("6 vertices")
                && e.contains("at most 4 per layer"),
            "{e}"
        );
        assert!(e.contains(r#"{"layer_vertices": 6}"#), "{e}");
        let four = line.replace("[5,6]", "[5,6],[7,8]");
        let e = parse(&layer(&[&four])).unwrap_err();
        assert!(
            e.contains("has 4 vertices") && e.contains(r#"{"feature_vertices": 4}"#),
            "{e}"
        );
        // The general reader (for files the fast one declines) keeps them too.
        let general = |text: &str| {
            parse_layer_general(Path::new("t.geojson"), text, &limits, &mut Vec::new())
                .unwrap_err()
                .to_string()
        };
        assert!(general(&layer(&[point, point, point])).contains("at most 2 per layer"));
        assert!(general(&layer(&[line, line])).contains("at most 4 per layer"));
    }

    #[test]
    fn repairs_orientation_and_closure_with_warnings() {
        let cw_unclosed = r#"{"type":"Polygon","coordinates":[[[0,0],[0,1],[1,1],[1,0]]]}"#;
        let (r, w) = parse(&fc(cw_unclosed, r#"{"id":"sq"}"#));
        assert!(r.is_ok());
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w[0].contains("feature 0 (id \"sq\")"));
        assert!(w[1].contains("feature 0 (id \"sq\"): repaired: ring orientation"));
    }

    #[test]
    fn reoriented_rings_are_one_warning_per_layer() {
        let cw = r#"{"type":"Polygon","coordinates":[[[0,0],[0,1],[1,1],[1,0],[0,0]]]}"#;
        let feature = |id: &str| {
            format!(r#"{{"type":"Feature","properties":{{"id":"{id}"}},"geometry":{cw}}}"#)
        };
        let ids = ["a", "b", "c", "d", "e"];
        let all: Vec<String> = ids.iter().map(|i| feature(i)).collect();
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            all.join(",")
        );
        let (r, w) = parse(&text);
        assert_eq!(r.unwrap().len(), 5);
        assert_eq!(
            w,
            [format!(
                "t.geojson: repaired: {} in 5 features: feature 0 (id \"a\"), \
                 feature 1 (id \"b\"), feature 2 (id \"c\") and 2 more",
                super::super::orientation::REORIENTED
            )]
        );
    }

    /// Every GeoJSON file under `dir`, recursively.
    fn geojson_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                geojson_files(&p, out);
            } else if p.extension().is_some_and(|x| x == "geojson") {
                out.push(p);
            }
        }
    }

    #[test]
    fn fast_and_general_readers_agree_on_every_file() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for d in ["geodata", "tests/theatres", "tests/bad", "bench/scene"] {
            geojson_files(&root.join(d), &mut files);
        }
        let mut fast = 0;
        for f in &files {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            let (mut w1, mut w2) = (Vec::new(), Vec::new());
            let a = parse_layer(f, &text, &Default::default(), &mut w1);
            let b = parse_layer_general(f, &text, &Default::default(), &mut w2);
            assert_eq!(format!("{a:?}"), format!("{b:?}"), "{}", f.display());
            assert_eq!(w1, w2, "{}", f.display());
            fast += usize::from(super::super::geojson_fast::read(&text).is_some());
        }
        // The built-in data must take the fast path.
        assert!(
            files.len() > 20 && fast > 15,
            "{fast} of {} files read fast",
            files.len()
        );
        for f in files.iter().filter(|f| f.starts_with(root.join("geodata"))) {
            let text = std::fs::read_to_string(f).unwrap();
            assert!(
                super::super::geojson_fast::read(&text).is_some(),
                "{} is not read by the fast reader",
                f.display()
            );
        }
    }

    #[test]
    fn fast_reader_gives_up_on_what_it_is_unsure_of() {
        let fc =
            |feature: &str| format!(r#"{{"type":"FeatureCollection","features":[{feature}]}}"#);
        let p = r#""geometry":{"type":"Point","coordinates":[1,2]}"#;
        for plain in [
            format!(r#"{{"type":"Feature",{p},"properties":null}}"#),
            // Writers that sort keys put coordinates before type.
            r#"{"geometry":{"coordinates":[1,2],"type":"Point"},"type":"Feature"}"#.to_string(),
            format!(r#"{{"type":"Feature",{p},"bbox":[1,2,1,2]}}"#),
        ] {
            assert!(
                super::super::geojson_fast::read(&fc(&plain)).is_some(),
                "{plain}"
            );
        }
        for odd in [
            format!(r#"{{"type":"Feature",{p},"properties":null,"extra":1}}"#),
            format!(r#"{{"type":"Feature",{p},"id":true}}"#),
            r#"{"type":"Feature","geometry":{"coordinates":[[1,2]],"type":"Point"}}"#.to_string(),
            r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[[1,2]]}}"#.to_string(),
            format!(r#"{{"type":"Feature",{p},"bbox":"x"}}"#),
            r#"{"type":"Feature","geometry":{"type":"Pointy","coordinates":[1,2]}}"#.to_string(),
            format!(r#"{{"type":"Featur",{p}}}"#),
            r#"{"type":"Feature"}"#.to_string(),
        ] {
            assert!(
                super::super::geojson_fast::read(&fc(&odd)).is_none(),
                "{odd}"
            );
        }
    }

    #[test]
    fn rejects_bad_geometry_naming_the_feature() {
        let bowtie = r#"{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}"#;
        let msg = parse(&fc(bowtie, r#"{"id":"bow"}"#))
            .0
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains("feature 0 (id \"bow\")") && msg.contains("invalid geometry"),
            "{msg}"
        );
        let far = r#"{"type":"Point","coordinates":[43.1,131.9]}"#;
        let msg = parse(&fc(far, "{}")).0.unwrap_err().to_string();
        assert!(msg.contains("longitude first"), "{msg}");
        let msg = parse(&fc(r#"{"type":"MultiPolygon","coordinates":[]}"#, "{}"))
            .0
            .unwrap_err();
        assert!(msg.to_string().contains("empty MultiPolygon"));
    }

    #[test]
    fn rejects_reversed_dates() {
        let p = r#"{"type":"Point","coordinates":[1,1]}"#;
        let msg = parse(&fc(
            p,
            r#"{"start_date":"1920-01-01","end_date":"1919-01-01"}"#,
        ))
        .0
        .unwrap_err()
        .to_string();
        assert!(msg.contains("not after start_date"), "{msg}");
    }
}
