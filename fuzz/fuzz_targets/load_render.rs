//! Load to scene on small inputs: a fixed tiny theatre whose `towns` and
//! `land` layers are the fuzzed GeoJSON, drawn with a fixed style. The
//! scene is composed and its SVG parsed back (no file is written): nothing
//! may panic, and whatever loads must give well-formed SVG.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

const MANIFEST: &str = r#"{
  "id": "fuzz", "title": "Fuzz <&>", "attribution": "A & B </text>",
  "projection": "+proj=lcc +lat_1=45 +lat_2=65 +lat_0=50 +lon_0=100 +datum=WGS84 +units=m +no_defs",
  "extent": [90.0, 45.0, 110.0, 55.0],
  "powers": {"RED": {"name": "Reds"}},
  "phases": [{"id": "p1", "title": "One", "start_date": "1919-01-01",
              "end_date": "1919-02-01", "snapshot": "1919-01-15", "caption": "c"}],
  "layers": [{"id": "land", "path": "land.geojson"}, {"id": "towns", "path": "towns.geojson"}]
}"#;

const STYLE: &str = r##"{"layers": [
  {"id": "sea", "type": "background", "paint": {"background-color": "#c6ecff"}},
  {"id": "land", "type": "fill", "source": "land", "paint": {"fill-color": "#fefee9"},
   "phasemap:legend": {"label": ["get", "name"]}},
  {"id": "edges", "type": "line", "source": "land", "paint": {"line-color": "#000000", "line-width": 1}},
  {"id": "towns", "type": "circle", "source": "towns", "paint": {"circle-radius": 4, "circle-color": "#1a1a1a"}},
  {"id": "town-labels", "type": "symbol", "source": "towns",
   "layout": {"text-field": ["get", "name"], "text-size": 16},
   "paint": {"text-color": "#000000", "text-halo-color": "#ffffff", "text-halo-width": 2}}
]}"##;

fuzz_target!(|data: &[u8]| {
    if data.len() > 4096 {
        return;
    }
    let Ok(layer) = std::str::from_utf8(data) else {
        return;
    };
    let layer = layer.to_string();
    let Ok(theatre) =
        phasemap::load::parse_theatre_text(Path::new("fuzz"), MANIFEST, &|_| Ok(layer.clone()))
    else {
        return;
    };
    let style = phasemap::style::Style::parse(Path::new("fuzz-style.json"), STYLE)
        .expect("the fixed style parses");
    let Ok(session) = phasemap::Session::new(theatre, style, 400.0) else {
        return;
    };
    let _ = phasemap::model::check_theatre(&session.theatre);
    let phases = session.select_phases(&[]).expect("all phases");
    for scene in session.scenes(&phases, &|| {}) {
        phasemap::render::parse_svg(&scene.svg, "fuzz").expect("composed SVG must parse");
    }
});
