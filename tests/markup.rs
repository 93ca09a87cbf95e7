//! Text from data (town names, captions, titles, attribution) is text in the
//! SVG: markup in it is escaped, never interpreted.

use std::path::Path;
use std::process::Command;

const EVIL: &str = "</text><script>alert(1)</script>";
const EVIL_ESCAPED: &str = "&lt;/text&gt;&lt;script&gt;alert(1)&lt;/script&gt;";

#[test]
fn markup_in_names_captions_and_attribution_is_escaped() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad/_base");
    let tmp = tempfile::tempdir().unwrap();
    let theatre = tmp.path().join("theatre");
    std::fs::create_dir(&theatre).unwrap();
    let json = |s: &str| serde_json::to_string(s).unwrap();
    let manifest = std::fs::read_to_string(base.join("theatre/theatre.json"))
        .unwrap()
        .replace("\"Test data\"", &json(&format!("Data {EVIL}")))
        .replace(
            "\"caption\": \"One\"",
            &format!("\"caption\": {}", json(EVIL)),
        )
        .replace(
            "\"title\": \"First\"",
            &format!("\"title\": {}", json(EVIL)),
        );
    std::fs::write(theatre.join("theatre.json"), manifest).unwrap();
    std::fs::copy(
        base.join("theatre/land.geojson"),
        theatre.join("land.geojson"),
    )
    .unwrap();
    let towns = std::fs::read_to_string(base.join("theatre/towns.geojson"))
        .unwrap()
        .replace("\"Irkutsk\"", &json(EVIL));
    std::fs::write(theatre.join("towns.geojson"), towns).unwrap();
    let out = tmp.path().join("out");
    let output = Command::new(env!("CARGO_BIN_EXE_phasemap"))
        .arg("render")
        .arg("--theatre")
        .arg(&theatre)
        .arg("--style")
        .arg(base.join("style.json"))
        .arg("--out")
        .arg(&out)
        .args(["--phase", "p1", "--width", "1200", "--format", "svg,png"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let svg = std::fs::read_to_string(out.join("p1.svg")).unwrap();
    assert!(!svg.contains("<script"), "markup leaked into the SVG");
    // The town label, the title, the caption and the attribution.
    let shown = svg.matches(EVIL_ESCAPED).count();
    assert!(shown >= 3, "escaped text shown {shown} times:\n{svg}");
    assert!(svg.contains(&format!("Data {EVIL_ESCAPED}")), "attribution");
    assert!(out.join("p1.png").is_file());
}
