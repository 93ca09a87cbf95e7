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

use rayon::prelude::*;
use serde_json::Value;

use super::feature::{check_feature, convert_feature, finish_feature, Counted, Finished};
use super::orientation::orientation_repairs;
use crate::error::{json_error, Error, Result};
use crate::limits::{raise_hint, GeometryLimits};
use crate::model::Feature;

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
    // Positions and limits are checked in order (the running vertex count
    // stops a hostile file early); the features up to the first that fails
    // them are then converted and validated on every core (validity checks
    // are half the time of reading a large coastline). Errors and repairs
    // come out in feature order, as from one pass.
    let (mut vertices, mut reversed) = (0, Vec::new());
    let mut checked = Vec::with_capacity(features.len());
    let mut refused = None;
    for (index, f) in features.iter().enumerate() {
        match check_feature(
            path,
            index,
            &f.id,
            f.geometry.as_ref(),
            limits,
            &mut vertices,
        ) {
            Ok(repairs) => checked.push(repairs),
            Err(e) => {
                refused = Some(e);
                break;
            }
        }
    }
    let finished: Vec<Result<Finished>> = features
        .into_par_iter()
        .zip(checked)
        .enumerate()
        .map(|(index, (f, repairs))| {
            convert_feature(path, index, f.id, f.geometry, f.properties, repairs)
        })
        .collect();
    let mut out = Vec::with_capacity(finished.len());
    for f in finished {
        out.push(f?.record(path, &mut reversed, warnings));
    }
    if let Some(e) = refused {
        return Err(e);
    }
    warnings.extend(orientation_repairs(path, &reversed));
    Ok(out)
}

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
