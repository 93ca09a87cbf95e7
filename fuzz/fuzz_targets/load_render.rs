//! The whole render path on a structured theatre and style: load, check,
//! project, compose every phase, the change map of the first two phases,
//! then the SVG parsed back and rasterised small. Nothing may panic or
//! hang, and whatever loads must give well-formed SVG without non-finite
//! numbers, and a CSV whose cells cannot start a spreadsheet formula.
#![no_main]

mod common;

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((t, s)) = common::read::<(common::TheatreIn, common::StyleIn)>(data) else {
        return;
    };
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
    let Ok(theatre) = phasemap::load::parse_theatre_text(Path::new("fuzz"), &manifest, &layer)
    else {
        return;
    };
    let Ok(style) = phasemap::style::Style::parse(Path::new("fuzz-style.json"), &s.json()) else {
        return;
    };
    let _ = phasemap::model::check_theatre(&theatre);
    let Ok(session) = phasemap::Session::new(theatre, style, 400.0) else {
        return;
    };
    let phases = session.select_phases(&[]).expect("all phases");
    for scene in session.scenes(&phases, &|| {}) {
        for bad in ["NaN", "inf\"", "inf ", "infinity"] {
            assert!(!scene.svg.contains(bad), "non-finite number in the SVG");
        }
        phasemap::render::parse_svg(&scene.svg, "fuzz").expect("composed SVG must parse");
    }
    if phases.len() >= 2 {
        let (a, b) = (phases[0].id.clone(), phases[1].id.clone());
        if let Ok((scene, changes)) = phasemap::diff_scene(&session, &a, &b) {
            phasemap::render::parse_svg(&scene.svg, "fuzz diff").expect("change map must parse");
            let csv = phasemap::model::change::changes_csv(&changes, &session.theatre);
            for line in csv.lines().skip(1) {
                for cell in line.split(',') {
                    let c = cell.trim_start_matches('"');
                    assert!(
                        !c.starts_with(['=', '+', '-', '@']) || c.parse::<f64>().is_ok(),
                        "{line}"
                    );
                }
            }
        }
    }
});
