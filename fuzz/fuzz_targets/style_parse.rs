//! The style parser on arbitrary text: it may refuse, never panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(style) = phasemap::style::Style::parse(Path::new("fuzz.json"), text) {
            for p in style.overridden_phases() {
                let _ = style.layers_for_phase(p);
            }
        }
    }
});
