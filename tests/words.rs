//! The engine's own words in a theatre's languages (issue 20, review 5),
//! on the Spanish Civil War test theatre (`tests/theatres/spain`): sides
//! named with plurals ("Republicans"), every text in English and Spanish
//! but a few town names given once. The front's legend entry reads right
//! for a plural side name; a map, its page and its Commons description in
//! Spanish have no English word of the engine's or the style's; `check`
//! sums up a layer's untranslated names in one line.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::root;
use phasemap::compose::Scene;
use phasemap::model::{describe_projection, words, Theatre};
use resvg::usvg::roxmltree::Document;

fn spain() -> PathBuf {
    root().join("tests/theatres/spain")
}

fn phasemap(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_phasemap"))
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap()
}

/// A copy of the Spanish theatre in `dir` with its manifest edited.
fn spain_copy(dir: &Path, edit: impl FnOnce(&mut serde_json::Value)) -> PathBuf {
    for e in std::fs::read_dir(spain()).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.join(e.file_name())).unwrap();
    }
    let path = dir.join("theatre.json");
    let mut m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    edit(&mut m);
    std::fs::write(&path, m.to_string()).unwrap();
    dir.to_path_buf()
}

/// Each language's map of the first phase of the theatre in `dir`.
fn maps_in(dir: &Path, langs: &[&str]) -> Vec<Scene> {
    let s = common::session(&common::request(dir, 1200.0));
    let phases = s.select_phases(&[]).unwrap();
    let langs: Vec<String> = langs.iter().map(|l| l.to_string()).collect();
    s.scenes_in(&phases[..1], &langs).remove(0).1
}

/// The texts an SVG shows, each `<text>` joined from its spans.
fn texts(svg: &str) -> Vec<String> {
    let doc = Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.descendants().filter_map(|d| d.text()).collect::<String>())
        .collect()
}

/// Lower-case words of three letters or more.
fn tokens(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
        .collect()
}

/// Item 1: "the Republicans side". With the side's `name_of` the legend
/// names it as a sentence does, in each language; without it the entry is
/// worded to read right with a plural name.
#[test]
fn the_front_legend_reads_right_for_a_plural_side_name() {
    let [en, es] = &maps_in(&spain(), &["en", "es"])[..] else {
        panic!("two maps")
    };
    // The legend's entries, and the SVG's text of them (a long entry
    // wraps onto two lines).
    let legend = |map: &Scene| {
        let svg = texts(&map.svg).join(" ");
        map.legend
            .iter()
            .map(|(_, label)| label.clone())
            .filter(|t| t.contains("teeth") || t.contains("dientes"))
            .inspect(|t| {
                let first = t.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
                assert!(svg.contains(&first), "{t:?} not drawn");
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        legend(en),
        ["Front line (teeth face the enemy of the Republicans)"]
    );
    assert_eq!(
        legend(es),
        ["Línea del frente (los dientes miran al enemigo de los republicanos)"]
    );
    let tmp = tempfile::tempdir().unwrap();
    let plain = spain_copy(tmp.path(), |m| {
        m["sides"][0]
            .as_object_mut()
            .unwrap()
            .remove("name_of")
            .unwrap();
    });
    let [en, es] = &maps_in(&plain, &["en", "es"])[..] else {
        panic!("two maps")
    };
    assert_eq!(
        legend(en),
        ["Front line (teeth face away from Republicans)"]
    );
    assert_eq!(
        legend(es),
        ["Línea del frente (los dientes miran al enemigo del bando «Republicanos»)"]
    );
    for map in [en, es] {
        assert!(!map.svg.contains("Republicans side"), "{:?}", legend(map));
    }
}

/// Every English word the engine or the built-in style may write on a map
/// or a description page, less any word the theatre itself gives (in any
/// language) and any the Spanish words use too.
fn english_engine_words(theatre: &Theatre) -> BTreeSet<String> {
    let en = words("en");
    let es = words("es");
    let of = |w: &phasemap::model::Words| {
        let mut all: Vec<&str> = w.months.to_vec();
        all.extend([
            w.situation_on,
            w.phase_of.0,
            w.phase_of.1,
            w.km,
            w.true_scale,
        ]);
        all.extend([w.sources.0, w.sources.1, w.sources.2]);
        all.extend([w.parallels.0, w.parallels.1, w.parallels.2]);
        all.extend([
            w.teeth_of_side.0,
            w.teeth_of_side_name.0,
            w.teeth_of_power.0,
        ]);
        all.extend(w.alt);
        all.extend(w.commons);
        all.extend(w.change);
        all.extend([w.animated, w.animated_alt, w.phases_compared]);
        let mut t: BTreeSet<String> = all.iter().flat_map(|s| tokens(s)).collect();
        t.extend(tokens(
            &describe_projection(&theatre.projection, w).unwrap_or_default(),
        ));
        t
    };
    let style = common::bound_style(theatre, "wikipedia");
    let mut english = of(en);
    // Every legend text the style writes (none has an "xx" translation).
    for text in style.missing_translations("xx") {
        english.extend(tokens(&text));
    }
    let mut not = of(es);
    for (_, table) in theatre.translations.iter() {
        for t in table.values() {
            not.extend(tokens(t));
        }
    }
    for t in [&theatre.title, &theatre.attribution] {
        not.extend(tokens(t));
    }
    for t in &theatre.publishing.categories {
        not.extend(tokens(t));
    }
    for t in &theatre.publishing.sources {
        not.extend(tokens(&t.name));
    }
    for l in &theatre.layers {
        for f in &l.features {
            for v in f.properties.values() {
                not.extend(tokens(v.as_str().unwrap_or("")));
            }
        }
    }
    for drop in &not {
        english.remove(drop);
    }
    english
}

/// Item 2: a map drawn in Spanish has the engine's words, the dates and
/// the legend in Spanish; no English word of the engine's or the style's.
#[test]
fn a_spanish_map_has_no_english_engine_words() {
    let theatre = common::load_theatre("tests/theatres/spain");
    let english = english_engine_words(&theatre);
    assert!(
        english.contains("september") && english.contains("teeth"),
        "the vocabulary holds the engine's and the style's words: {english:?}"
    );
    let es = maps_in(&spain(), &["es"]).remove(0);
    let shown = texts(&es.svg);
    let mixed: Vec<&String> = shown
        .iter()
        .filter(|t| tokens(t).iter().any(|w| english.contains(w)))
        .collect();
    assert!(
        mixed.is_empty(),
        "English words on the Spanish map: {mixed:?}"
    );
    let all = shown.join("\n");
    for spanish in [
        "17 de julio de 1936 \u{2013} 7 de febrero de 1937",
        "situación al 15 de septiembre de 1936",
        "fase 1 de 2",
        "Quién gobierna",
        "Proyección: cónica conforme de Lambert",
    ] {
        assert!(all.contains(spanish), "no {spanish:?} in:\n{all}");
    }
}

/// Item 2: the Commons description and alternative text asked for in
/// Spanish only are Spanish throughout (the fields, the key, the dates).
#[test]
fn a_spanish_commons_description_has_no_english_engine_words() {
    let theatre = common::load_theatre("tests/theatres/spain");
    let english = english_engine_words(&theatre);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = phasemap(
        &[
            "commons",
            "--theatre",
            &spain().display().to_string(),
            "--out",
            &out.display().to_string(),
            "--lang",
            "es",
        ],
        tmp.path(),
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(!err.contains("English"), "{err}");
    for file in ["1936-09.wikitext", "1936-09.alt.txt", "animation.alt.txt"] {
        let text = std::fs::read_to_string(out.join(file)).unwrap();
        // The page's markup ({{Information}}, {{int:…}}, licence names) is
        // Commons' own, not words of the map.
        let prose: String = text
            .lines()
            .filter(|l| !l.starts_with("=="))
            .collect::<Vec<_>>()
            .join("\n")
            .replace("{{Information field|name=", "")
            .replace("|value=", " ")
            .replace("|description=", "")
            .replace("|date=", "")
            .replace("|source=", "")
            .replace("|author=", "")
            .replace("|permission=", "")
            .replace("{{Information", "")
            .replace("other fields", "")
            .replace("Creative Commons", "")
            .replace("CC0", "");
        let found: Vec<String> = tokens(&prose)
            .into_iter()
            .filter(|w| english.contains(w))
            .collect();
        assert!(
            found.is_empty(),
            "{file}: English words {found:?} in:\n{text}"
        );
        if file == "1936-09.wikitext" {
            for spanish in ["Fecha del mapa", "Leyenda", "Quién gobierna"] {
                assert!(text.contains(spanish), "{file}: no {spanish:?}:\n{text}");
            }
        }
    }
    assert!(std::fs::read_to_string(out.join("1936-09.alt.txt"))
        .unwrap()
        .contains("15 de septiembre de 1936"));
}

/// Item 2: a language phasemap has no words in gets English, said once
/// per language, naming the texts that stay in English, however many maps
/// are drawn.
#[test]
fn a_language_without_words_is_warned_about_once() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = spain_copy(tmp.path(), |m| {
        m["title"]["fr"] = "Guerre d'Espagne".into();
    });
    let out = tmp.path().join("out");
    let o = phasemap(
        &[
            "render",
            "--theatre",
            &dir.display().to_string(),
            "--out",
            &out.display().to_string(),
            "--lang",
            "en,fr",
            "--format",
            "svg",
        ],
        tmp.path(),
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    let about: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("\"fr\"") || l.contains(" fr:") || l.contains("--lang fr"))
        .collect();
    assert_eq!(about.len(), 1, "{err}");
    for named in ["fr", "Who governs", "dates", "scale bar"] {
        assert!(about[0].contains(named), "{named} not in {}", about[0]);
    }
}

/// Item 3: `check` sums up a layer's names with no translation in one
/// line per layer and language (the first few features, how many more),
/// not a line per feature; the exit status is unchanged.
#[test]
fn check_sums_up_untranslated_names_by_layer() {
    let tmp = tempfile::tempdir().unwrap();
    let o = phasemap(
        &["check", "--theatre", &spain().display().to_string()],
        tmp.path(),
    );
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    // "…: ok (…)", the language's count, one line for the towns.
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(
        lines[1],
        "es: 8 texts have no translation (they show in en):"
    );
    assert_eq!(
        lines[2],
        "  towns.geojson: 8 features have no name:es: feature 0 (id \"madrid\", \"Madrid\"), \
         feature 1 (id \"barcelona\", \"Barcelona\"), feature 2 (id \"valencia\", \"Valencia\") and 5 more"
    );
}

/// Item 2: a theatre written in Spanish (`"language": "es"`) gets its
/// change map, whose words were English whatever the language, and its
/// sheet in Spanish too.
#[test]
fn a_spanish_theatre_s_change_map_and_sheet_are_spanish() {
    let theatre = common::load_theatre("tests/theatres/spain");
    let english = english_engine_words(&theatre);
    assert!(english.contains("unclaimed") && english.contains("hatched"));
    let tmp = tempfile::tempdir().unwrap();
    let dir = spain_copy(tmp.path(), |m| m["language"] = "es".into());
    let out = tmp.path().join("out");
    let (dir, out_s) = (dir.display().to_string(), out.display().to_string());
    for args in [
        &[
            "diff",
            "1936-09",
            "1938-07",
            "--theatre",
            &dir,
            "--out",
            &out_s,
        ][..],
        &["sheet", "--theatre", &dir, "--out", &out_s],
    ] {
        let o = phasemap(args, tmp.path());
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    for (file, spanish) in [
        ("diff-1936-09-1938-07.svg", "Qué cambió de manos"),
        ("sheet.svg", "situación al 15 de septiembre de 1936"),
    ] {
        let shown = texts(&std::fs::read_to_string(out.join(file)).unwrap());
        let mixed: Vec<&String> = shown
            .iter()
            .filter(|t| tokens(t).iter().any(|w| english.contains(w)))
            .collect();
        assert!(mixed.is_empty(), "{file}: English words: {mixed:?}");
        assert!(
            shown.iter().any(|t| t.contains(spanish)),
            "{file}: {shown:?}"
        );
    }
}
