//! Properties of the rendered scenes of the built-in theatre, asserted on the
//! scene data rather than on pictures: labels never overlap, stay inside the
//! frame, never cover another town's symbol, keep their place from phase to
//! phase; the legend lists exactly what is drawn; the scale bar is right.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use geo::{Distance, Geodesic, Point};
use phasemap::compose::{boxes_overlap, Scene};
use phasemap::Session;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn scenes(style: &str, width: f64) -> (Session, Vec<Scene>) {
    let s = Session::open(
        &root().join("geodata"),
        style,
        &root().join("styles"),
        width,
    )
    .unwrap();
    let phases = s.select_phases(&[]).unwrap();
    let scenes = s.scenes(&phases, &|| {});
    (s, scenes)
}

fn check_scene_labels(style: &str, width: f64) {
    let (session, scenes) = scenes(style, width);
    let (w, h) = (session.projected.view.width, session.projected.view.height);
    let mut positions: BTreeMap<String, (f64, f64, f64)> = BTreeMap::new();
    for scene in &scenes {
        assert!(
            !scene.labels.is_empty(),
            "{style} {width}: no labels in {}",
            scene.phase
        );
        for (i, a) in scene.labels.iter().enumerate() {
            let b = a.bbox;
            assert!(
                b[0] >= 0.0 && b[1] >= 0.0 && b[2] <= w && b[3] <= h,
                "{style} {width} {}: \"{}\" leaves the frame {b:?}",
                scene.phase,
                a.text
            );
            for other in &scene.labels[i + 1..] {
                assert!(
                    !boxes_overlap(a.bbox, other.bbox),
                    "{style} {width} {}: \"{}\" overlaps \"{}\"",
                    scene.phase,
                    a.text,
                    other.text
                );
            }
            for (id, inset) in &scene.insets {
                assert!(
                    !boxes_overlap(a.bbox, *inset),
                    "{style} {width} {}: \"{}\" is under the inset {id}",
                    scene.phase,
                    a.text
                );
            }
            for (key, sym) in &scene.symbols {
                if key.starts_with("towns/") && *key != a.key {
                    assert!(
                        !boxes_overlap(a.bbox, *sym),
                        "{style} {width} {}: \"{}\" covers the symbol of {key}",
                        scene.phase,
                        a.text
                    );
                }
            }
            // A town label set away from its dot is never nearer another dot.
            let centre = |b: &[f64; 4]| ((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0);
            let gap = |p: (f64, f64)| {
                let dx = (b[0] - p.0).max(p.0 - b[2]).max(0.0);
                let dy = (b[1] - p.1).max(p.1 - b[3]).max(0.0);
                dx.hypot(dy)
            };
            let own = scene
                .symbols
                .iter()
                .find(|(k, _)| *k == a.key && k.starts_with("towns/"));
            if let Some((_, own)) = own {
                // Beside its dot (the first ring of places) a label reads as the
                // dot's name whatever else is near.
                let hugging = 1.5 * ((own[2] - own[0]) / 2.0 + a.size * 0.25);
                let mine = gap(centre(own));
                for (key, sym) in &scene.symbols {
                    if key.starts_with("towns/") && *key != a.key && mine > hugging {
                        assert!(
                            gap(centre(sym)) >= mine,
                            "{style} {width} {}: \"{}\" is nearer the dot of {key} than its own",
                            scene.phase,
                            a.text
                        );
                    }
                }
            }
            if a.key.starts_with("towns/") {
                let here = (a.x, a.y, a.angle);
                let first = *positions.entry(a.key.clone()).or_insert(here);
                assert_eq!(
                    first, here,
                    "{style} {width}: \"{}\" moves between phases (now {})",
                    a.text, scene.phase
                );
            }
        }
    }
}

#[test]
fn labels_are_collision_free_inside_the_frame_and_stable_at_2400px() {
    check_scene_labels("wikipedia", 2400.0);
}

#[test]
fn labels_are_collision_free_at_thumbnail_size() {
    check_scene_labels("wikipedia", 800.0);
}

#[test]
fn every_theme_renders_every_phase_with_its_labels() {
    for style in ["print", "projector"] {
        check_scene_labels(style, 1600.0);
    }
}

#[test]
fn key_towns_are_labelled_in_every_phase() {
    let (_, scenes) = scenes("wikipedia", 2400.0);
    for scene in &scenes {
        let texts: BTreeSet<&str> = scene.labels.iter().map(|l| l.text.as_str()).collect();
        for town in [
            "Omsk",
            "Irkutsk",
            "Chita",
            "Harbin",
            "Vladivostok",
            "Khabarovsk",
            "Blagoveshchensk",
        ] {
            assert!(
                texts.contains(town),
                "{}: {town} is not labelled (dropped: {:?})",
                scene.phase,
                scene.dropped
            );
        }
    }
}

#[test]
fn legend_lists_exactly_the_visible_classes() {
    let (_, scenes) = scenes("wikipedia", 2400.0);
    for scene in &scenes {
        let legend: BTreeSet<&str> = scene.legend.iter().map(|(_, l)| l.as_str()).collect();
        let drawn: BTreeSet<&str> = scene
            .drawn
            .iter()
            .filter_map(|d| d.legend.as_deref())
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(
            legend, drawn,
            "{}: legend and drawn classes differ",
            scene.phase
        );
    }
    // Phases differ, so legends must too: 1918-08 has no Far Eastern Republic, 1922-02 has.
    let by_phase: BTreeMap<&str, &Scene> = scenes.iter().map(|s| (s.phase.as_str(), s)).collect();
    let has = |p: &str, l: &str| by_phase[p].legend.iter().any(|(_, x)| x == l);
    assert!(!has("1918-08", "Far Eastern Republic") && has("1922-02", "Far Eastern Republic"));
    // One power, one legend row: in 1919-04 the four Allied contingents are
    // one power (AL), so one row names it, once.
    let svg = &by_phase["1919-04"].svg;
    let legend = &svg[svg.find("<g id=\"legend\">").unwrap()..];
    let legend = &legend[..legend
        .find("</g>\n<g id=\"sources\">")
        .unwrap_or(legend.len())];
    let rows: Vec<&str> = legend
        .split("</text>")
        .filter_map(|t| t.rsplit('>').next())
        .collect();
    assert_eq!(
        rows.iter()
            .filter(|r| **r == "Britain, Canada, France, Italy")
            .count(),
        1,
        "{rows:?}"
    );
}

#[test]
fn legend_labels_wrap_instead_of_being_cut_in_an_animation_frame() {
    // The animation's 1000 px frames have narrow legend columns: long
    // entries ("Whites (Omsk government, Kolchak) retreat") take a second
    // line rather than an ellipsis, in every theme and phase.
    for style in ["wikipedia", "print", "projector"] {
        let (_, scenes) = scenes(style, 1000.0);
        for scene in &scenes {
            let svg = &scene.svg;
            let legend = &svg[svg.find("<g id=\"legend\">").unwrap()..];
            let legend = &legend[..legend.find("</g>\n<g id=\"sources\">").unwrap()];
            let texts: Vec<&str> = legend
                .split("</text>")
                .filter_map(|t| t.rsplit('>').next())
                .filter(|t| !t.is_empty())
                .collect();
            assert!(
                !texts.iter().any(|t| t.ends_with('\u{2026}')),
                "{style} {}: a legend label was cut: {texts:?}",
                scene.phase
            );
            // Every legend class is still named in full, across its lines.
            let joined = texts.join(" ");
            for (_, label) in &scene.legend {
                assert!(
                    label.split_whitespace().all(|w| joined.contains(w)),
                    "{style} {}: {label} missing",
                    scene.phase
                );
            }
        }
    }
}

#[test]
fn scale_bar_matches_the_geodesic_distance_at_the_map_centre() {
    let (session, scenes) = scenes("wikipedia", 2400.0);
    let svg = &scenes[0].svg;
    let bar = svg.find("id=\"scale-bar\"").unwrap();
    let attr = |name: &str| -> f64 {
        let start = bar + svg[bar..].find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        svg[start..].split('"').next().unwrap().parse().unwrap()
    };
    let (km, px) = (attr("data-km"), attr("data-px"));
    let v = &session.projected.view;
    let (cx, cy) = (v.width / 2.0, v.height / 2.0);
    // Independent of the bar's own computation: the bar's length laid
    // horizontally through the centre, measured on the ellipsoid.
    let a = v.to_lonlat(cx - px / 2.0, cy).unwrap();
    let b = v.to_lonlat(cx + px / 2.0, cy).unwrap();
    let ground_km = Geodesic.distance(Point::new(a.0, a.1), Point::new(b.0, b.1)) / 1000.0;
    assert!(
        [100.0, 200.0, 250.0, 500.0, 1000.0].contains(&km),
        "{km} km is not a round length"
    );
    assert!(
        (ground_km - km).abs() / km < 0.01,
        "bar says {km} km, ground is {ground_km:.1} km"
    );
}

/// The labels of the map in a scene's SVG text (each `<text>` in a
/// `data-label` group), with letter spacing and spaces taken out.
fn svg_label_texts(svg: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for part in svg.split("<g data-label=\"").skip(1) {
        let Some(start) = part.find("<text") else {
            continue;
        };
        let text = &part[start..];
        let (Some(open), Some(close)) = (text.find('>'), text.find("</text>")) else {
            continue;
        };
        if open < close {
            out.insert(
                text[open + 1..close]
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect(),
            );
        }
    }
    out
}

// Issue 15: the places a reader of the history looks for are labelled in
// the phases where they matter (their `label_priority` in geodata/ keeps
// them from giving way to bigger neighbours), asserted on the SVG text.
#[test]
fn history_places_are_labelled_where_they_matter() {
    let (session, scenes) = scenes("wikipedia", 2400.0);
    let all = [
        "1918-08", "1918-11", "1919-04", "1919-11", "1920-02", "1920-07", "1921-06", "1922-02",
        "1922-10",
    ];
    let wanted: [(&str, &[&str]); 15] = [
        ("Volochayevka", &["1922-02", "1922-10"]),
        ("Suchan", &["1918-08", "1919-04", "1920-02"]),
        ("Olovyannaya", &["1920-07"]),
        ("Gongota", &["1920-07"]),
        ("Sretensk", &["1920-07"]),
        ("MANCHURIA", &all),
        ("KOREA(JAPAN)", &all),
        ("Volga", &["1918-08", "1918-11", "1919-04"]),
        ("Simbirsk", &["1918-08"]),
        ("Tobol", &["1919-11"]),
        ("Ussuri", &["1918-08", "1921-06", "1922-02"]),
        ("LakeKhanka", &["1921-06", "1922-02"]),
        ("Tobolsk", &["1919-04", "1919-11"]),
        ("Vyatka", &["1918-08", "1919-04"]),
        ("Khabarovsk", &["1922-02"]),
    ];
    for (text, phases) in wanted {
        for phase in phases {
            let scene = scenes
                .iter()
                .find(|s| s.phase == *phase)
                .unwrap_or_else(|| panic!("no phase {phase}"));
            assert!(
                svg_label_texts(&scene.svg).contains(text),
                "{phase}: \"{text}\" is not labelled in the SVG (dropped: {:?})",
                scene.dropped
            );
        }
    }
    // The Volochayevka front is drawn in its phase.
    let front = volochayevka_front(&session);
    let scene = scenes.iter().find(|s| s.phase == "1922-02").unwrap();
    assert!(
        scene
            .svg
            .contains(&format!("<g data-f=\"front/{front}\"><path")),
        "1922-02 does not draw the Volochayevka front"
    );
}

/// The bar of the scale-bar group `id` in `svg`: (km, px).
fn bar(svg: &str, id: &str) -> (f64, f64) {
    let at = svg
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no {id}"));
    let attr = |name: &str| -> f64 {
        let start = at + svg[at..].find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        svg[start..].split('"').next().unwrap().parse().unwrap()
    };
    (attr("data-km"), attr("data-px"))
}

#[test]
fn the_primorye_inset_is_drawn_at_three_times_the_scale_with_a_locator() {
    for width in [2400.0, 800.0] {
        let (session, scenes) = scenes("wikipedia", width);
        let (w, h) = (session.projected.view.width, session.projected.view.height);
        for scene in &scenes {
            let ph = &scene.phase;
            // Primorye in every phase; Volochayevka's battle in its own.
            let expected = if ph == "1922-02" { 2 } else { 1 };
            assert_eq!(
                scene.insets.len(),
                expected,
                "{width} {ph}: {:?}",
                scene.insets
            );
            let b = scene
                .insets
                .iter()
                .find(|(id, _)| id == "primorye")
                .expect("the Primorye inset")
                .1;
            assert!(
                b[0] > 0.0 && b[1] > 0.0 && b[2] < w && b[3] < h,
                "{width} {ph}: {b:?}"
            );
            for id in ["inset-primorye", "locator-primorye", "inset-primorye-clip"] {
                assert!(
                    scene.svg.contains(&format!("id=\"{id}\"")),
                    "{width} {ph}: no {id}"
                );
            }
            // The inset's own towns are labelled inside it.
            let inset = &scene.svg[scene.svg.find("id=\"inset-primorye\"").unwrap()..];
            assert!(inset.contains(">Vladivostok</text>"), "{width} {ph}");
            // Ground per pixel: the inset's bar a third of the main map's.
            let (km, px) = bar(&scene.svg, "scale-bar");
            let (ikm, ipx) = bar(&scene.svg, "inset-primorye-scale-bar");
            let ratio = (ipx / ikm) / (px / km);
            assert!((2.8..3.3).contains(&ratio), "{width} {ph}: {ratio}");
        }
    }
}

/// The index of the Volochayevka front among the front layer's features
/// (the SVG's `data-f="front/<index>"`).
fn volochayevka_front(session: &Session) -> usize {
    session
        .theatre
        .layer("front")
        .and_then(|l| {
            l.features
                .iter()
                .position(|f| f.id.as_deref() == Some("front-1922-02-volochayevka"))
        })
        .expect("the Volochayevka front in front.geojson")
}

/// At the map's scale the Volochayevka front is 24 px long and the town's
/// label covers it; the phase of the battle has an inset where the front,
/// the battle, Volochayevka and Khabarovsk all show.
#[test]
fn the_volochayevka_inset_shows_the_front_and_both_towns() {
    for width in [2400.0, 800.0] {
        let (session, scenes) = scenes("wikipedia", width);
        let front = volochayevka_front(&session);
        let scene = scenes.iter().find(|s| s.phase == "1922-02").unwrap();
        let start = scene
            .svg
            .find("id=\"inset-volochayevka\"")
            .unwrap_or_else(|| panic!("{width}: no Volochayevka inset in 1922-02"));
        let inset = &scene.svg[start..];
        let inset = &inset[..inset
            .find("id=\"inset-volochayevka-scale-bar\"")
            .unwrap_or(inset.len())];
        assert!(
            inset.contains(&format!("data-f=\"front/{front}\"")),
            "{width}: the inset does not draw the front"
        );
        for town in ["Volochayevka", "Khabarovsk"] {
            assert!(
                inset.contains(&format!(">{town}</text>")),
                "{width}: {town} unnamed in the inset"
            );
        }
        let (km, px) = bar(&scene.svg, "scale-bar");
        let (ikm, ipx) = bar(&scene.svg, "inset-volochayevka-scale-bar");
        let ratio = (ipx / ikm) / (px / km);
        assert!((5.6..6.5).contains(&ratio), "{width}: {ratio}");
        for other in scenes.iter().filter(|s| s.phase != "1922-02") {
            assert!(
                !other.svg.contains("id=\"inset-volochayevka\""),
                "{width} {}",
                other.phase
            );
        }
    }
}

/// The footnote number drawn for each labelled feature, every time it is
/// drawn (main map and insets): `data-label="event/8"><text ...>6</text>`.
fn footnote_numbers(svg: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for piece in svg.split("data-label=\"").skip(1) {
        let Some((key, rest)) = piece.split_once('"') else {
            continue;
        };
        let Some(text) = rest
            .split_once("<text")
            .and_then(|(_, t)| t.split_once('>'))
            .and_then(|(_, t)| t.split_once('<'))
            .map(|(t, _)| t)
        else {
            continue;
        };
        if !text.is_empty() && text.chars().all(|c| c.is_ascii_digit()) {
            out.entry(key.to_string())
                .or_default()
                .insert(text.to_string());
        }
    }
    out
}

#[test]
fn an_event_has_one_number_in_the_map_and_its_insets() {
    let mut in_both = 0;
    for width in [2400.0, 800.0] {
        let (_, scenes) = scenes("wikipedia", width);
        for scene in &scenes {
            let inset_at = scene.svg.find("id=\"inset-primorye\"").unwrap();
            let (main, inset) = scene.svg.split_at(inset_at);
            let main_numbers = footnote_numbers(main);
            for (key, numbers) in footnote_numbers(&scene.svg) {
                assert_eq!(
                    numbers.len(),
                    1,
                    "{width} {}: {key} drawn as {numbers:?}",
                    scene.phase
                );
            }
            in_both += footnote_numbers(inset)
                .keys()
                .filter(|k| main_numbers.contains_key(*k))
                .count();
        }
    }
    // Not vacuous: some events are numbered on the map and in the inset.
    assert!(in_both > 5, "{in_both}");
}

/// Style layers whose labels are placed once for all phases.
const UNDATED: [&str; 5] = [
    "town-labels",
    "river-labels",
    "sea-labels",
    "lake-labels",
    "region-labels",
];

#[test]
fn no_symbol_covers_a_town_dot_and_no_label_covers_an_arrowhead() {
    // Event symbols move off the towns they mark (with a leader), and
    // labels keep off arrowheads, in every theme at full and article width.
    for style in ["wikipedia", "print", "projector"] {
        for width in [2400.0, 800.0] {
            let (_, scenes) = scenes(style, width);
            let mut heads = 0;
            let mut undated_on_heads = BTreeSet::new();
            for scene in &scenes {
                let ph = &scene.phase;
                let dots: Vec<&(String, [f64; 4])> = scene
                    .symbols
                    .iter()
                    .filter(|(k, _)| k.starts_with("towns/"))
                    .collect();
                for (key, b) in scene
                    .symbols
                    .iter()
                    .filter(|(k, _)| !k.starts_with("towns/"))
                {
                    for (town, d) in &dots {
                        assert!(
                            !boxes_overlap(*b, *d),
                            "{style} {width} {ph}: {key} covers the dot of {town}"
                        );
                    }
                    for (other, o) in scene.symbols.iter().filter(|(k, _)| k != key) {
                        assert!(
                            other.starts_with("towns/") || !boxes_overlap(*b, *o),
                            "{style} {width} {ph}: {key} covers {other}"
                        );
                    }
                }
                heads += scene.arrowheads.len();
                for (key, h) in &scene.arrowheads {
                    for l in &scene.labels {
                        if !boxes_overlap(l.bbox, *h) {
                            continue;
                        }
                        // A label of the phase never. An undated label keeps
                        // one place in every phase and keeps off every phase's
                        // arrowheads where it has room; where it has none, the
                        // arrow gives way (trimmed, moved aside or slid along
                        // itself). So never either (2-8 per theme and width
                        // before arrows gave way).
                        assert!(
                            UNDATED.contains(&l.layer.as_str()),
                            "{style} {width} {ph}: \"{}\" covers the arrowhead of {key}",
                            l.text
                        );
                        undated_on_heads.insert(l.text.clone());
                    }
                }
            }
            assert!(heads > 0, "{style} {width}: no arrowheads");
            eprintln!("{style} {width}: undated labels on an arrowhead: {undated_on_heads:?}");
            assert!(
                undated_on_heads.is_empty(),
                "{style} {width}: {undated_on_heads:?}"
            );
        }
    }
}
