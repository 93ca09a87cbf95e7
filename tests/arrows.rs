//! Movement arrows that follow a railway run beside it, not on top of it:
//! for every arrow of the built-in theatre whose data line lies mostly along
//! a railway, the arrow as drawn keeps its centre line off the railway and
//! still runs close beside it.

use std::path::PathBuf;

use geo::{Distance, Euclidean, Geometry, LineString, Point};
use phasemap::model::Role;
use phasemap::Session;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn lines(g: &Geometry<f64>) -> Vec<&LineString<f64>> {
    match g {
        Geometry::LineString(l) => vec![l],
        Geometry::MultiLineString(m) => m.0.iter().collect(),
        _ => Vec::new(),
    }
}

/// Points every `step` pixels along `pts`.
fn samples(pts: &[[f64; 2]], step: f64) -> Vec<[f64; 2]> {
    let mut out = Vec::new();
    for w in pts.windows(2) {
        let (dx, dy) = (w[1][0] - w[0][0], w[1][1] - w[0][1]);
        let n = ((dx * dx + dy * dy).sqrt() / step).ceil().max(1.0) as usize;
        for k in 0..n {
            let t = k as f64 / n as f64;
            out.push([w[0][0] + dx * t, w[0][1] + dy * t]);
        }
    }
    out
}

#[test]
fn arrows_along_a_railway_run_beside_it() {
    let s = Session::open(
        &root().join("geodata"),
        "wikipedia",
        &root().join("styles"),
        2400.0,
    )
    .unwrap();
    let phases = s.select_phases(&[]).unwrap();
    let scenes = s.scenes(&phases, &|| {});
    let t = &s.theatre;
    let mut following = 0;
    for (scene, phase) in scenes.iter().zip(&phases) {
        let rails: Vec<&LineString<f64>> = t
            .layers
            .iter()
            .zip(&s.projected.layers)
            .filter(|(l, _)| l.role == Some(Role::Railways))
            .flat_map(|(l, pl)| l.features.iter().zip(&pl.geometries))
            .filter(|(f, _)| f.is_active(phase.snapshot))
            .filter_map(|(_, g)| g.as_ref())
            .flat_map(lines)
            .collect();
        let dist = |q: [f64; 2]| {
            rails
                .iter()
                .map(|l| Euclidean.distance(&Point::new(q[0], q[1]), *l))
                .fold(f64::INFINITY, f64::min)
        };
        let share = |pts: &[[f64; 2]], within: f64| {
            let v = samples(pts, 6.0);
            v.iter().filter(|q| dist(**q) <= within).count() as f64 / v.len().max(1) as f64
        };
        for (key, drawn) in &scene.arrows {
            let (layer, index) = key.split_once('/').unwrap();
            let li = t.layers.iter().position(|l| l.id == layer).unwrap();
            let Some(g) = &s.projected.layers[li].geometries[index.parse::<usize>().unwrap()]
            else {
                continue;
            };
            for (data, drawn) in lines(g).iter().zip(drawn) {
                let data: Vec<[f64; 2]> = data.0.iter().map(|c| [c.x, c.y]).collect();
                if share(&data, 4.0) < 0.6 {
                    continue; // does not follow a railway
                }
                following += 1;
                let on = share(drawn, 4.0);
                let beside = share(drawn, 30.0);
                assert!(
                    on <= 0.25,
                    "{}: {key} runs on the railway it follows ({:.0}% of it within 4 px)",
                    scene.phase,
                    on * 100.0
                );
                assert!(
                    beside >= 0.6,
                    "{}: {key} left the railway it follows ({:.0}% within 30 px)",
                    scene.phase,
                    beside * 100.0
                );
            }
        }
    }
    assert!(following >= 3, "only {following} arrows follow a railway");
}

/// A retreat (dashed arrow) drawn over its own power's zone still shows:
/// along its shaft the pixels differ clearly from the zone around it
/// (review 3 finding 3: without a casing the dashes took the zone's own
/// colour and only the head's outline was left).
#[test]
fn a_dashed_arrow_over_its_own_zone_shows() {
    let tiny = root().join("tests/theatres/tiny");
    let tmp = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(&tiny).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), tmp.path().join(e.file_name())).unwrap();
    }
    // Inside the Blue Kingdom's western zone, away from towns, lake and labels.
    std::fs::write(
        tmp.path().join("movement.geojson"),
        r#"{"type": "FeatureCollection", "features": [{"type": "Feature",
        "geometry": {"type": "LineString", "coordinates": [[10.4, 42.05], [10.9, 42.0], [11.4, 42.0]]},
        "properties": {"id": "blue-back", "kind": "retreat", "power": "BLU",
        "start_date": "1900-05-01", "end_date": "1900-07-01",
        "certainty": "high", "source": "general", "source_note": "made up for tests"}}]}"#,
    )
    .unwrap();
    let s = Session::open(tmp.path(), "wikipedia", &root().join("styles"), 1200.0).unwrap();
    let phases = s.select_phases(&["spring".to_string()]).unwrap();
    let scene = &s.scenes(&phases, &|| {})[0];
    let px = phasemap::render::rasterize(&scene.svg, "tiny").unwrap();
    let [ox, oy, _, _] = scene.map_rect;
    let at = |x: f64, y: f64| {
        let p = px
            .pixel((x + ox).round() as u32, (y + oy).round() as u32)
            .unwrap();
        [p.red() as i32, p.green() as i32, p.blue() as i32]
    };
    let (_, lines) = scene
        .arrows
        .iter()
        .find(|(k, _)| k.starts_with("movement/"))
        .expect("the retreat is drawn");
    let line = &lines[0];
    // The zone as drawn, 40 px off the arrow's start.
    let zone = at(line[0][0], line[0][1] - 40.0);
    let shaft = samples(&line[..line.len() - 1], 2.0);
    let body = &shaft[..shaft.len() * 2 / 3]; // well before the head
    let differs = body
        .iter()
        .filter(|q| {
            // Anything within 4 px across the shaft that stands out from the zone.
            (-4..=4).any(|k| {
                let c = at(q[0], q[1] + k as f64);
                (0..3).map(|i| (c[i] - zone[i]).abs()).max().unwrap() >= 60
            })
        })
        .count();
    // Dashes with their casing cover three quarters of the shaft (the
    // gaps show the zone); without a casing none of it stands out.
    let share = differs as f64 / body.len() as f64;
    assert!(
        share >= 0.6,
        "the dashed retreat over its own zone (zone {zone:?}) stands out along {:.0}% of its shaft",
        share * 100.0
    );
}
