//! What maps share is drawn once (issue 19 item 1), and the PNG stays what
//! the written SVG renders to: every PNG is compared, byte for byte, with
//! the PNG of its SVG drawn whole by resvg. No tolerance is needed: the
//! maps' own layers are drawn over the shared pixels exactly as resvg
//! would draw them over its own (see `src/render/underlay.rs`).

mod common;

use std::path::Path;

use common::{builtin_session, files_under, request, root, session};
use phasemap::render::{encode_png, rasterize, rasterize_whole, shared_layer_hits};
use phasemap::CompareOptions;

/// The PNG of `svg` drawn whole.
fn whole_png(svg: &str, what: &str) -> Vec<u8> {
    encode_png(&rasterize_whole(svg, what).unwrap())
}

/// Every PNG a plain `phasemap` run writes beside an SVG (the nine phase
/// maps, the eight change maps and the sheet) is its SVG drawn whole. The
/// animation's frames have no SVG of their own: they are checked below.
#[test]
fn every_png_of_the_default_run_is_its_svg_drawn_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_phasemap"))
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let mut compared = 0;
    for png in files_under(tmp.path()) {
        if png.extension().and_then(|e| e.to_str()) != Some("png") {
            continue;
        }
        let svg = png.with_extension("svg");
        if !svg.exists() {
            continue;
        }
        let text = std::fs::read_to_string(&svg).unwrap();
        let written = std::fs::read(&png).unwrap();
        assert!(
            written == whole_png(&text, &name(&svg)),
            "{} is not what {} renders to",
            name(&png),
            name(&svg)
        );
        compared += 1;
    }
    assert!(compared >= 18, "only {compared} PNGs beside an SVG");
}

fn name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

/// Phase maps and animation frames drawn one after another share their
/// underlay (this must happen, or the comparison above proves nothing),
/// and each is pixel for pixel what its SVG drawn whole is.
#[test]
fn maps_drawn_over_shared_layers_are_their_svg_drawn_whole() {
    let maps = builtin_session(1200.0);
    let phases = maps.select_phases(&[]).unwrap();
    let mut scenes = maps.scenes(&phases, &|| {});
    let req = request(&root().join("geodata"), 1200.0);
    let opts = CompareOptions {
        animation_width: 700.0,
        ..CompareOptions::default()
    };
    let layout = phasemap::compose::LabelLayout::of(&scenes);
    let frames = phasemap::animation_session(
        &session(&req).theatre,
        &session(&req).style,
        &req,
        &opts,
        Some(&layout),
    )
    .unwrap();
    scenes.extend(frames.scenes(&phases, &|| {}));
    let before = shared_layer_hits();
    for s in &scenes {
        let what = format!("{}.svg", s.phase);
        let shared = rasterize(&s.svg, &what).unwrap();
        let whole = rasterize_whole(&s.svg, &what).unwrap();
        let differ = shared
            .pixels()
            .iter()
            .zip(whole.pixels())
            .filter(|(a, b)| a != b)
            .count();
        assert_eq!(differ, 0, "{what}: {differ} pixels differ");
    }
    // Other tests may draw at the same time: at least the second and later
    // maps of each size were drawn over their underlay.
    let hits = shared_layer_hits() - before;
    assert!(
        hits >= scenes.len() - 2,
        "{hits} of {} maps drawn over shared layers",
        scenes.len()
    );
}
