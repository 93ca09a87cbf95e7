//! The style parser on structured styles (every numeric key with extreme,
//! non-finite and data-driven values; dash arrays; teeth, arrows, markers)
//! and on raw text: it may refuse, never panic.
#![no_main]

mod common;

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some(s) = common::read::<common::StyleIn>(data) {
        let _ = phasemap::style::Style::parse(Path::new("fuzz.json"), &s.json());
    }
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(style) = phasemap::style::Style::parse(Path::new("fuzz.json"), text) {
            for p in style.overridden_phases() {
                let _ = style.layers_for_phase(p);
            }
        }
    }
});
