//! Review 5 finding 3: a user theatre's rank-3 rivers and its lake names
//! disappeared without a word (the built-in styles drew rivers of rank 1
//! and 2 only, and write lake and sea names only from a `labels` layer).
//! Now every river is drawn (rank 3 and unranked thinner), a feature the
//! style's filters leave out is named in a warning with its layer and
//! count, and so are the names of water areas no style layer writes.

mod common;

use std::path::Path;
use std::process::Command;

/// The mini theatre with a rivers layer (ranks 1 to 3 and none) and a
/// water layer of named lakes, written into `dir`.
fn theatre_with_water(dir: &Path) {
    for e in std::fs::read_dir(common::mini_theatre()).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.join(e.file_name())).unwrap();
    }
    let line = |id: &str, rank: &str, x: f64| {
        format!(
            r#"{{"type":"Feature","properties":{{"id":"{id}","name":"River {id}"{rank}}},"geometry":{{"type":"LineString","coordinates":[[{x},41.0],[{x},49.0]]}}}}"#
        )
    };
    let rivers = [
        line("a", r#","rank":1"#, 127.0),
        line("b", r#","rank":2"#, 128.0),
        line("c", r#","rank":3"#, 129.5),
        line("d", "", 136.5),
    ];
    std::fs::write(
        dir.join("rivers.geojson"),
        format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            rivers.join(",")
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("lakes.geojson"),
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"l1","name":"Lake Made-Up","rank":1},"geometry":{"type":"Polygon","coordinates":[[[135.0,48.0],[137.0,48.0],[137.0,49.0],[135.0,49.0],[135.0,48.0]]]}}]}"#,
    )
    .unwrap();
    let manifest = std::fs::read_to_string(dir.join("theatre.json")).unwrap();
    let manifest = manifest.replace(
        r#"{ "id": "towns","#,
        r#"{ "id": "lakes", "role": "water", "path": "lakes.geojson" },
    { "id": "rivers", "role": "rivers", "path": "rivers.geojson" },
    { "id": "towns","#,
    );
    assert!(manifest.contains("rivers.geojson"));
    std::fs::write(dir.join("theatre.json"), manifest).unwrap();
}

fn render(theatre: &Path, style: &str, out: &Path) -> (String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_phasemap"))
        .args([
            "render", "--phase", "1918-08", "--width", "800", "--format", "svg",
        ])
        .arg("--theatre")
        .arg(theatre)
        .arg("--style")
        .arg(style)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr).to_string();
    assert!(o.status.success(), "{stderr}");
    let svg = std::fs::read_to_string(out.join("1918-08.svg")).unwrap();
    (svg, stderr)
}

#[test]
fn every_river_is_drawn_and_unwritten_lake_names_are_said() {
    let tmp = tempfile::tempdir().unwrap();
    let theatre = tmp.path().join("theatre");
    std::fs::create_dir(&theatre).unwrap();
    theatre_with_water(&theatre);
    for style in ["wikipedia", "print", "projector"] {
        let (svg, stderr) = render(&theatre, style, &tmp.path().join(style));
        for k in 0..4 {
            assert!(
                svg.contains(&format!("data-f=\"rivers/{k}\"")),
                "{style}: river {k} is not drawn"
            );
        }
        assert!(!stderr.contains("draws none of"), "{style}: {stderr}");
        assert!(
            stderr.contains(&format!(
                "style \"{style}\" writes none of the names of the 1 named features of layer \"lakes\" (\"Lake Made-Up\")"
            )),
            "{style}: {stderr}"
        );
    }
}

/// A style whose filter leaves features out gets them named: the layer,
/// how many, which.
#[test]
fn features_a_style_filters_out_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let theatre = tmp.path().join("theatre");
    std::fs::create_dir(&theatre).unwrap();
    theatre_with_water(&theatre);
    let wikipedia = common::styles_dir().join("wikipedia.json");
    let mut style: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(wikipedia).unwrap()).unwrap();
    for l in style["layers"].as_array_mut().unwrap() {
        if l["id"] == "rivers" {
            l["filter"] = serde_json::json!(["<=", ["get", "rank"], 2]);
        }
    }
    let path = tmp.path().join("style.json");
    std::fs::write(&path, style.to_string()).unwrap();
    let (svg, stderr) = render(&theatre, path.to_str().unwrap(), &tmp.path().join("out"));
    assert!(!svg.contains("data-f=\"rivers/2\""));
    assert!(
        stderr.contains(
            "draws none of 2 of the 4 features of layer \"rivers\" (\"River c\", \"River d\"): its layers' filters leave them out"
        ),
        "{stderr}"
    );
}
