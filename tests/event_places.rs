//! Event symbols read as their own place's: a symbol moved off a town's dot
//! (review 3 finding 1) stays nearer its place than any other town's dot
//! where it can, on the built-in theatre's main maps in every phase at 2400
//! and 800 px.

use std::path::PathBuf;

use geo::Geometry;
use phasemap::Session;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn centre(b: &[f64; 4]) -> [f64; 2] {
    [(b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0]
}

fn dist(a: [f64; 2], b: [f64; 2]) -> f64 {
    (a[0] - b[0]).hypot(a[1] - b[1])
}

#[test]
fn a_moved_event_symbol_stays_nearer_its_own_place_than_any_other_town() {
    let mut moved = 0;
    let mut astray = Vec::new();
    for width in [2400.0, 800.0] {
        let s = Session::open(
            &root().join("geodata"),
            "wikipedia",
            &root().join("styles"),
            width,
        )
        .unwrap();
        let phases = s.select_phases(&[]).unwrap();
        let scenes = s.scenes(&phases, &|| {});
        for scene in &scenes {
            let towns: Vec<(&String, [f64; 2])> = scene
                .symbols
                .iter()
                .filter(|(k, _)| k.starts_with("towns/"))
                .map(|(k, b)| (k, centre(b)))
                .collect();
            for (key, b) in scene
                .symbols
                .iter()
                .filter(|(k, _)| !k.starts_with("towns/"))
            {
                let (layer, index) = key.split_once('/').unwrap();
                let li = s.theatre.layers.iter().position(|l| l.id == layer);
                let Some(Some(Geometry::Point(p))) = li
                    .map(|li| &s.projected.layers[li].geometries[index.parse::<usize>().unwrap()])
                else {
                    continue;
                };
                let (q, place, r) = (centre(b), [p.x(), p.y()], (b[2] - b[0]) / 2.0);
                if dist(q, place) < 1.0 {
                    continue; // drawn on its place
                }
                moved += 1;
                let nearer: Vec<&String> = towns
                    .iter()
                    // The town the event happened at is its place.
                    .filter(|(_, t)| dist(*t, place) > r && dist(q, *t) <= dist(q, place))
                    .map(|(town, _)| *town)
                    .collect();
                if !nearer.is_empty() {
                    astray.push(format!(
                        "{width} {}: {key} {:.1} px from its place, nearer {nearer:?}",
                        scene.phase,
                        dist(q, place)
                    ));
                }
            }
        }
    }
    eprintln!(
        "{} moved symbols nearer another town: {astray:#?}",
        astray.len()
    );
    assert!(moved > 10, "only {moved} moved symbols");
}
