//! Article width (800 px, what an encyclopedia article shows) is a layout of
//! its own: the main towns (rank 1) are always labelled at 10 px or more
//! (themes wikipedia and print), and the map takes at least 55% of the
//! image (every theme). Asserted over the built-in theatre and every test
//! theatre.

use std::path::{Path, PathBuf};

use phasemap::Session;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn theatres() -> Vec<PathBuf> {
    let mut out = vec![root().join("geodata")];
    let mut tests: Vec<PathBuf> = std::fs::read_dir(root().join("tests/theatres"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("theatre.json").is_file())
        .collect();
    tests.sort();
    out.extend(tests);
    assert!(out.len() >= 4, "{out:?}");
    out
}

/// (smallest map share, main-town labels checked) of `theatre` in `style` at 800 px.
fn check(theatre: &Path, style: &str) -> (f64, usize) {
    let s = Session::open(theatre, style, &root().join("styles"), 800.0).unwrap();
    let phases = s.select_phases(&[]).unwrap();
    let scenes = s.scenes(&phases, &|| {});
    let name = theatre.file_name().unwrap().to_string_lossy();
    let mut least: f64 = 1.0;
    let mut checked = 0;
    for scene in &scenes {
        let r = scene.map_rect;
        let share = (r[2] - r[0]) * (r[3] - r[1]) / (scene.width * scene.height);
        least = least.min(share);
        // The built-in theatre: 55%. A test theatre's own shape may be wider
        // (the Aleutians' strip): half the image at least.
        let want = if theatre.ends_with("geodata") {
            0.55
        } else {
            0.5
        };
        assert!(
            share >= want,
            "{name} {style} {}: the map takes {:.1}% of the image",
            scene.phase,
            share * 100.0
        );
        // Every rank-1 town whose dot the phase draws carries its label (the
        // projector theme's bigger text is for slides, not articles).
        let towns = if style == "projector" {
            &[][..]
        } else {
            &scene.symbols[..]
        };
        for (key, _) in towns {
            let Some((layer, i)) = key.split_once('/') else {
                continue;
            };
            let Some(f) = s
                .theatre
                .layer(layer)
                .and_then(|l| i.parse::<usize>().ok().and_then(|i| l.features.get(i)))
            else {
                continue;
            };
            if f.properties.get("rank").and_then(|v| v.as_f64()) != Some(1.0) {
                continue;
            }
            let town = f.properties["name"].as_str().unwrap_or("?");
            let label = scene.labels.iter().find(|l| &l.key == key);
            let Some(label) = label else {
                panic!(
                    "{name} {style} {}: main town {town} is not labelled",
                    scene.phase
                );
            };
            assert!(
                label.size >= 10.0,
                "{name} {style} {}: {town} labelled at {:.1} px",
                scene.phase,
                label.size
            );
            checked += 1;
        }
    }
    (least, checked)
}

#[test]
fn at_800_px_main_towns_are_labelled_and_the_map_takes_most_of_the_image() {
    for theatre in theatres() {
        for style in ["wikipedia", "print", "projector"] {
            let (share, checked) = check(&theatre, style);
            eprintln!(
                "{} {style}: map share >= {:.1}%, {checked} main-town labels",
                theatre.display(),
                share * 100.0
            );
            if theatre.ends_with("geodata") && style != "projector" {
                // Ten rank-1 towns in each of nine phases.
                assert!(checked >= 10 * 9, "{style}: {checked}");
            }
        }
    }
}

#[test]
fn the_built_in_theatre_ranks_its_main_towns_first() {
    // Verkhneudinsk and Nikolsk-Ussuriysky (rank 2) are not among them.
    // Verkhneudinsk is named at 800 px once the minor stations give way (see
    // below). Nikolsk-Ussuriysky's dot is 8 px from Vladivostok's, and in
    // the 148 px wide Primorye inset its name misses by about 2 px between
    // the inset's edge and Suchan's dot (the inset at 2400 px names it).
    let s = Session::open(
        &root().join("geodata"),
        "wikipedia",
        &root().join("styles"),
        800.0,
    )
    .unwrap();
    let towns = s.theatre.layer("towns").expect("a towns layer");
    for name in [
        "Yekaterinburg",
        "Omsk",
        "Novonikolayevsk",
        "Krasnoyarsk",
        "Irkutsk",
        "Chita",
        "Blagoveshchensk",
        "Khabarovsk",
        "Harbin",
        "Vladivostok",
    ] {
        let f = towns
            .features
            .iter()
            .find(|f| f.properties.get("name").and_then(|v| v.as_str()) == Some(name))
            .unwrap_or_else(|| panic!("no town {name}"));
        assert_eq!(
            f.properties.get("rank").and_then(|v| v.as_f64()),
            Some(1.0),
            "{name}"
        );
    }
}

/// At article width the built-in styles leave out the dots and names of
/// minor places (`rank` 3 without a `label_priority`: stations such as
/// Mysovaya and Gongota), whose dots left no room for Verkhneudinsk's name
/// between Irkutsk and Chita; at 2400 px they are drawn.
#[test]
fn at_800_px_minor_places_give_way_and_verkhneudinsk_is_named() {
    for style in ["wikipedia", "print"] {
        for (width, minor_drawn) in [(800.0, false), (2400.0, true)] {
            let s = Session::open(
                &root().join("geodata"),
                style,
                &root().join("styles"),
                width,
            )
            .unwrap();
            let towns = s.theatre.layer("towns").expect("a towns layer");
            let key = |name: &str| {
                let i = towns
                    .features
                    .iter()
                    .position(|f| f.properties.get("name").and_then(|v| v.as_str()) == Some(name))
                    .unwrap_or_else(|| panic!("no {name}"));
                format!("towns/{i}")
            };
            let (mysovaya, verkhneudinsk) = (key("Mysovaya"), key("Verkhneudinsk"));
            let phases = s.select_phases(&[]).unwrap();
            for scene in s.scenes(&phases, &|| {}) {
                let drawn = scene.symbols.iter().any(|(k, _)| *k == mysovaya);
                assert_eq!(
                    drawn, minor_drawn,
                    "{style} {width} {}: Mysovaya",
                    scene.phase
                );
                assert!(
                    scene.labels.iter().any(|l| l.key == verkhneudinsk),
                    "{style} {width} {}: Verkhneudinsk is not named",
                    scene.phase
                );
            }
        }
    }
}

/// The font sizes of the labels written after `mark` in `svg`.
fn label_sizes(svg: &str, mark: &str) -> Vec<f64> {
    svg.match_indices(mark)
        .map(|(at, _)| {
            let rest = &svg[at..svg[at..].find("</g>").map_or(svg.len(), |e| at + e)];
            let from = rest.find("font-size=\"").expect("a font size") + "font-size=\"".len();
            let to = rest[from..].find('"').expect("a closing quote");
            rest[from..from + to].parse().expect("a number")
        })
        .collect()
}

/// Issue 20 item 4: at article width the theatre's main towns are named in
/// every phase, on the main map or in the inset drawn for them, in every
/// language, at 10 px or more (Verkhneudinsk and Nikolsk-Ussuriysky, rank
/// 2, were at 9.8 px: places of the first two ranks are never under 10 px,
/// and make room by moving a neighbour's label where they find none). Nikolsk-Ussuriysky's full name is about 2 px too long for the
/// Primorye inset at 800 px: it is named by its `short_name` there
/// ("Nikolsk", as the town was called locally), the full name wherever
/// that fits.
#[test]
fn at_800_px_every_main_town_of_the_issue_is_named_in_every_phase() {
    let langs = vec!["en".to_string(), "ru".to_string()];
    for style in ["wikipedia", "print"] {
        let s = Session::open(
            &root().join("geodata"),
            style,
            &root().join("styles"),
            800.0,
        )
        .unwrap();
        let towns = s.theatre.layer("towns").expect("a towns layer");
        let phases = s.select_phases(&[]).unwrap();
        let scenes = s.scenes_in(&phases, &langs);
        for name in [
            "Yekaterinburg",
            "Omsk",
            "Novonikolayevsk",
            "Krasnoyarsk",
            "Irkutsk",
            "Verkhneudinsk",
            "Chita",
            "Blagoveshchensk",
            "Khabarovsk",
            "Harbin",
            "Nikolsk-Ussuriysky",
            "Vladivostok",
        ] {
            let i = towns
                .features
                .iter()
                .position(|f| f.properties.get("name").and_then(|v| v.as_str()) == Some(name))
                .unwrap_or_else(|| panic!("no town {name}"));
            // Main map and insets alike write a label as
            // `<g data-label="towns/i"><text ... font-size="s" ...>`.
            let mark = format!("<g data-label=\"towns/{i}\"");
            for (_, singles) in &scenes {
                for (lang, scene) in langs.iter().zip(singles) {
                    let sizes = label_sizes(&scene.svg, &mark);
                    assert!(
                        !sizes.is_empty(),
                        "{style} {lang} {}: {name} is not named",
                        scene.phase
                    );
                    // Every label of it (main map and inset) legible.
                    assert!(
                        sizes.iter().all(|s| *s >= 10.0),
                        "{style} {lang} {}: {name} labelled at {sizes:?} px",
                        scene.phase
                    );
                }
            }
        }
    }
}
