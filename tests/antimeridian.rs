//! A theatre across the antimeridian (issue 22, item 9):
//! `tests/theatres/aleutians`, the Aleutian Islands campaign of 1942–1943,
//! written as RFC 7946 writes such data (an extent with west > east, zones
//! and routes split at ±180). `check` accepts it; the model holds every
//! piece whole and in one longitude range; nothing is torn across the map;
//! areas, labels, graticule and the change map come out right.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use geo::{BoundingRect, CoordsIter, GeodesicArea, Geometry, MultiPolygon, Polygon};
use phasemap::Session;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn aleutians() -> PathBuf {
    root().join("tests/theatres/aleutians")
}

fn session() -> Session {
    Session::open(&aleutians(), "wikipedia", &root().join("styles"), 1600.0).unwrap()
}

fn phasemap(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_phasemap"))
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap()
}

fn feature<'a>(s: &'a Session, layer: &str, id: &str) -> &'a phasemap::model::Feature {
    s.theatre
        .layer(layer)
        .unwrap()
        .features
        .iter()
        .find(|f| f.id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("{layer}/{id}"))
}

#[test]
fn check_accepts_the_theatre() {
    let dir = tempfile::tempdir().unwrap();
    let out = phasemap(
        &["check", "--theatre", &aleutians().display().to_string()],
        dir.path(),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("ok (5 phases"), "{stdout}");
}

#[test]
fn split_pieces_are_whole_again_in_one_longitude_range() {
    let s = session();
    let t = &s.theatre;
    // [165, 50.5, -164.5, 56] as the model keeps it.
    assert_eq!(t.extent, [165.0, 50.5, 195.5, 56.0]);
    for layer in &t.layers {
        for f in &layer.features {
            for c in f.geometry.coords_iter() {
                assert!(
                    (160.0..=202.0).contains(&c.x),
                    "{}/{:?}: longitude {} outside the theatre's range",
                    layer.id,
                    f.id,
                    c.x
                );
            }
        }
    }
    // The blockade, split at 180 in the file, is one polygon.
    let Geometry::MultiPolygon(b) = &feature(&s, "presence", "us-blockade").geometry else {
        panic!("blockade")
    };
    assert_eq!(b.0.len(), 1, "the blockade is one polygon again");
    // Routes across 180 are one line each (one arrowhead).
    for id in ["m5", "m6", "m8", "m9"] {
        let Geometry::MultiLineString(l) = &feature(&s, "movement", id).geometry else {
            panic!("{id}")
        };
        assert_eq!(l.0.len(), 1, "{id} is one line again");
    }
}

#[test]
fn nothing_is_torn_across_the_map() {
    let s = session();
    let view = &s.projected.view;
    let [west, _, east, _] = s.theatre.extent;
    for (layer, projected) in s.theatre.layers.iter().zip(&s.projected.layers) {
        for (f, g) in layer.features.iter().zip(&projected.geometries) {
            let (Some(g), Some(ll)) = (g, f.geometry.bounding_rect()) else {
                continue;
            };
            let px = g.bounding_rect().unwrap();
            // A piece drawn at the wrong end of the map, or joined to it by
            // a line across the map, would be far wider than its longitudes.
            let share = (ll.width() / (east - west)).max(0.02);
            assert!(
                px.width() <= view.width * share * 1.3 + 10.0,
                "{}/{:?}: {:.0} px wide for {:.1} degrees",
                layer.id,
                f.id,
                px.width(),
                ll.width()
            );
        }
    }
    // The landing on Amchitka runs from Adak (east of 180) to Amchitka
    // (west of it), each end where the town is drawn.
    let i = s
        .theatre
        .layer("movement")
        .unwrap()
        .features
        .iter()
        .position(|f| f.id.as_deref() == Some("m5"))
        .unwrap();
    let li = s
        .theatre
        .layers
        .iter()
        .position(|l| l.id == "movement")
        .unwrap();
    let g = s.projected.layers[li].geometries[i].as_ref().unwrap();
    let r = g.bounding_rect().unwrap();
    for (lon, lat) in [(-176.6 + 360.0, 51.7), (179.4, 51.35)] {
        let (x, y) = view.to_px(lon, lat).unwrap();
        assert!(
            x >= r.min().x - 3.0
                && x <= r.max().x + 3.0
                && y >= r.min().y - 3.0
                && y <= r.max().y + 3.0,
            "({lon}, {lat}) at ({x:.0}, {y:.0}) is not on the route {r:?}"
        );
    }
}

/// The file's halves of the blockade (RFC 7946, split at 180).
fn halves_in_file() -> MultiPolygon<f64> {
    let text = std::fs::read_to_string(aleutians().join("presence.geojson")).unwrap();
    let fc: geojson::FeatureCollection = text.parse().unwrap();
    let g: Geometry<f64> = fc.features[0].geometry.clone().unwrap().try_into().unwrap();
    let Geometry::MultiPolygon(mp) = g else {
        panic!("the file splits the blockade")
    };
    assert_eq!(mp.0.len(), 2, "the file holds two halves");
    mp
}

#[test]
fn areas_across_180_are_the_sum_of_the_halves() {
    let s = session();
    let whole = feature(&s, "presence", "us-blockade")
        .geometry
        .geodesic_area_unsigned();
    let halves: f64 = halves_in_file()
        .0
        .iter()
        .map(Polygon::geodesic_area_unsigned)
        .sum();
    assert!(whole > 1e11, "{whole}");
    assert!(
        // Floating-point noise of the union (about 1e-9 of the area); a
        // seam vertex lost turns a long edge into one geodesic (2.8% here).
        (whole - halves).abs() / halves < 1e-8,
        "{whole} m2 whole, {halves} m2 in halves"
    );
}

#[test]
fn labels_sit_where_their_points_are() {
    let s = session();
    let phases: Vec<&phasemap::model::Phase> = s.theatre.phases.iter().collect();
    let scenes = s.scenes(&phases, &|| {});
    let view = &s.projected.view;
    for scene in &scenes {
        for (text, lon, lat) in [
            ("Bering Sea", -178.5 + 360.0, 55.2),
            ("Adak", -176.64 + 360.0, 51.87),
            ("Kiska Harbor", 177.55, 51.98),
        ] {
            let l = scene
                .labels
                .iter()
                .find(|l| l.text == text)
                .unwrap_or_else(|| panic!("{}: no label {text}", scene.phase));
            let (x, y) = view.to_px(lon, lat).unwrap();
            let (mx, my) = (scene.map_rect[0], scene.map_rect[1]);
            let b = l.bbox;
            let near = (b[0] - 40.0..=b[2] + 40.0).contains(&(x + mx))
                && (b[1] - 40.0..=b[3] + 40.0).contains(&(y + my));
            let near_map = (b[0] - 40.0..=b[2] + 40.0).contains(&x)
                && (b[1] - 40.0..=b[3] + 40.0).contains(&y);
            assert!(
                near || near_map,
                "{}: {text} at {b:?}, its point at ({x:.0}, {y:.0})",
                scene.phase
            );
        }
    }
}

#[test]
fn render_and_diff_draw_the_antimeridian_right() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (th, o) = (aleutians().display().to_string(), out.display().to_string());
    let r = phasemap(
        &[
            "render",
            "--theatre",
            &th,
            "--out",
            &o,
            "--format",
            "svg",
            "--width",
            "1200",
        ],
        dir.path(),
    );
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let svg = std::fs::read_to_string(out.join("1943-01.svg")).unwrap();
    for want in [">180°<", ">170°W<", ">170°E<", ">50°N<"] {
        assert!(svg.contains(want), "graticule label {want} missing");
    }
    for bad in ["190°", "-170°", "NaN"] {
        assert!(!svg.contains(bad), "{bad} in the map");
    }
    let d = phasemap(
        &["diff", "--theatre", &th, "--out", &o, "1942-06", "1943-08"],
        dir.path(),
    );
    assert!(d.status.success(), "{}", String::from_utf8_lossy(&d.stderr));
    let csv = std::fs::read_to_string(out.join("diff-1942-06-1943-08.csv")).unwrap();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    // Attu and Kiska, from Japan to the United States; nothing at the seam.
    assert_eq!(rows.len(), 1, "{csv}");
    let rest = rows[0].strip_prefix("JP,US,").expect(&csv);
    let area: f64 = rest.split(',').next().unwrap().parse().unwrap();
    let s = session();
    let held: f64 = ["jp-attu", "jp-kiska"]
        .iter()
        .map(|id| feature(&s, "control", id).geometry.geodesic_area_unsigned() / 1e6)
        .sum();
    assert!(
        (area - held).abs() / held < 0.01,
        "{area} km2 changed, {held} km2 held"
    );
}
