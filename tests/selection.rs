//! Selection by size (`phasemap:min-size`): what a style leaves out as too
//! small for the map's scale, checked on the built-in theatre's lakes.

use std::path::PathBuf;

use geo::{Area, Geometry};
use phasemap::style::Style;
use phasemap::Session;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The wikipedia style with its lakes' `phasemap:min-size` set to `min`
/// (removed when `None`).
fn style_with_lake_min_size(min: Option<serde_json::Value>) -> Style {
    let path = root().join("styles/wikipedia.json");
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let lakes = json["layers"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|l| l["id"] == "lakes")
        .unwrap();
    let layout = lakes["layout"].as_object_mut().unwrap();
    match min {
        Some(v) => layout.insert("phasemap:min-size".into(), v),
        None => layout.remove("phasemap:min-size"),
    };
    Style::parse(&path, &json.to_string()).unwrap()
}

/// Areas (map px²) of the lakes drawn on the first phase's map at `width`.
fn drawn_lake_areas(style: Style, width: f64) -> Vec<f64> {
    let theatre = phasemap::load::load_theatre(&root().join("geodata")).unwrap();
    let s = Session::new(theatre, style, width).unwrap();
    let phases = s.select_phases(&[]).unwrap();
    let scene = &s.scenes(&phases[..1], &|| {})[0];
    let li = s
        .theatre
        .layers
        .iter()
        .position(|l| l.id == "lakes")
        .unwrap();
    scene
        .drawn
        .iter()
        .filter(|d| d.style_layer == "lakes")
        .map(|d| match &s.projected.layers[li].geometries[d.index] {
            Some(Geometry::MultiPolygon(m)) => m.unsigned_area(),
            other => panic!("lake {} is {other:?}", d.index),
        })
        .collect()
}

#[test]
fn lakes_smaller_than_the_min_size_are_left_out() {
    let all = drawn_lake_areas(style_with_lake_min_size(None), 2400.0);
    let kept = drawn_lake_areas(style_with_lake_min_size(Some(5.into())), 2400.0);
    // The built-in lakes include specks, so the setting must matter here.
    let small = all.iter().filter(|&&a| a < 25.0).count();
    assert!(small >= 10, "only {small} lakes under 25 px²");
    assert_eq!(kept.len(), all.len() - small);
    assert!(kept.iter().all(|&a| a >= 25.0), "{kept:?}");
    // A print unit means the same: 5 px at 300 dpi is 0.4233 mm.
    let mm = drawn_lake_areas(style_with_lake_min_size(Some("0.4234mm".into())), 2400.0);
    assert_eq!(mm, kept);
}

#[test]
fn smaller_maps_keep_fewer_lakes() {
    let big = drawn_lake_areas(style_with_lake_min_size(Some(5.into())), 2400.0);
    let small = drawn_lake_areas(style_with_lake_min_size(Some(5.into())), 1000.0);
    let unfiltered = drawn_lake_areas(style_with_lake_min_size(None), 1000.0);
    assert!(small.len() < big.len(), "{} vs {}", small.len(), big.len());
    assert!(small.len() < unfiltered.len());
}

#[test]
fn min_size_must_be_a_constant_size() {
    for bad in [
        serde_json::json!("big"),
        serde_json::json!(-1),
        serde_json::json!(["get", "area"]),
    ] {
        let text = format!(
            r#"{{"layers":[{{"id":"l","type":"fill","source":"lakes","layout":{{"phasemap:min-size":{bad}}}}}]}}"#
        );
        let e = Style::parse(&root().join("s.json"), &text)
            .unwrap_err()
            .to_string();
        assert!(e.contains("phasemap:min-size"), "{e}");
        assert!(e.contains("expected a size"), "{e}");
    }
}
