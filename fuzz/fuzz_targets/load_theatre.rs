//! The theatre loader on arbitrary text: a manifest and one layer, separated
//! by the first NUL byte. Every layer the manifest lists gets the same text.
//! Loading may fail; it must never panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (manifest, layer) = text.split_once('\0').unwrap_or((text, ""));
    let dir = Path::new("fuzz");
    let layer_owned = layer.to_string();
    let _ = phasemap::load::parse_theatre_text(dir, manifest, &|_| Ok(layer_owned.clone()));
    // The layer parser alone, on both halves.
    let _ = phasemap::load::parse_layer_text(Path::new("fuzz.geojson"), layer);
    let _ = phasemap::load::parse_layer_text(Path::new("fuzz.geojson"), manifest);
});
