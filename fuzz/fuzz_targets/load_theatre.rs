//! The theatre loader on structured theatres (phases, extents, frames,
//! layers of deep and long geometry, odd text): loading may fail, never
//! panic, and a theatre that loads passes `check_theatre` without panic.
//! Raw text, split at the first NUL into a manifest and a layer, still
//! reaches the parsers when the input is not a structured one.
#![no_main]

mod common;

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = Path::new("fuzz");
    if let Some(t) = common::read::<common::TheatreIn>(data) {
        let (manifest, land, towns) = (
            t.manifest(),
            common::collection(&t.areas),
            common::collection(&t.points),
        );
        let layer = |p: &Path| {
            Ok(if p.ends_with("land.geojson") {
                land.clone()
            } else {
                towns.clone()
            })
        };
        if let Ok(theatre) = phasemap::load::parse_theatre_text(dir, &manifest, &layer) {
            let _ = phasemap::model::check_theatre(&theatre);
        }
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (manifest, layer) = text.split_once('\0').unwrap_or((text, ""));
    let layer_owned = layer.to_string();
    let _ = phasemap::load::parse_theatre_text(dir, manifest, &|_| Ok(layer_owned.clone()));
    let _ = phasemap::load::parse_layer_text(Path::new("fuzz.geojson"), layer);
});
