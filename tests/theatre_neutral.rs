//! The engine and its built-in styles know no theatre (issue 22): no power
//! code, power name, phase id or town of the built-in theatre appears in
//! `styles/*.json` or in `src/`. The theatre declares; the engine draws.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every string (values and keys) in a JSON document.
fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                out.push(k.clone());
                strings(x, out);
            }
        }
        _ => {}
    }
}

/// Power codes and phase ids of the built-in theatre, and words no engine
/// file may contain: town names and the distinctive words of power names.
fn built_in_words() -> (BTreeSet<String>, BTreeSet<String>) {
    let t = json(&root().join("geodata/theatre.json"));
    let mut codes: BTreeSet<String> = t["powers"].as_object().unwrap().keys().cloned().collect();
    // Phase ids are dates, which tests in src/ use freely; styles may not.
    for p in t["phases"].as_array().unwrap() {
        codes.insert(p["id"].as_str().unwrap().to_string());
    }
    let mut words: BTreeSet<String> = ["Siberia", "Siberian"].map(String::from).into();
    for (_, p) in t["powers"].as_object().unwrap() {
        // A name is a string or one per language ({"en": …, "ru": …}).
        let mut names = Vec::new();
        match &p["name"] {
            serde_json::Value::Object(m) => names.extend(m.values().cloned()),
            n => names.push(n.clone()),
        }
        let names: Vec<String> = names
            .iter()
            .map(|n| n.as_str().unwrap().to_string())
            .collect();
        for w in names
            .iter()
            .flat_map(|n| n.split(|c: char| !c.is_alphanumeric()))
        {
            // Capitalised words of 5+ letters: "Kolchak", "Czechoslovak",
            // "Transbaikalia", not "Japan" or "Soviet"... which other
            // theatres may well name in their own data, never the engine.
            if w.len() >= 5 && w.starts_with(char::is_uppercase) {
                words.insert(w.to_string());
            }
        }
    }
    let towns = json(&root().join("geodata/towns.geojson"));
    for f in towns["features"].as_array().unwrap() {
        for key in ["name", "name:ru"] {
            if let Some(n) = f["properties"][key].as_str() {
                words.insert(n.to_string());
            }
        }
    }
    // Common words that name powers here and elsewhere.
    for w in [
        "United",
        "States",
        "China",
        "Japan",
        "Japanese",
        "Empire",
        "Britain",
        "Canada",
        "France",
        "Italy",
        "Soviet",
        "Republic",
        "Eastern",
        "Government",
        "Provisional",
        "Cossacks",
    ] {
        words.remove(w);
    }
    (codes, words)
}

fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[test]
fn built_in_styles_name_no_power_phase_or_place() {
    let (codes, words) = built_in_words();
    let mut found = Vec::new();
    for entry in std::fs::read_dir(root().join("styles")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let mut all = Vec::new();
        strings(&json(&path), &mut all);
        for s in &all {
            for c in codes.iter().filter(|c| contains_word(s, c)) {
                found.push(format!(
                    "{}: code or phase \"{c}\" in \"{s}\"",
                    path.display()
                ));
            }
            for w in words.iter().filter(|w| contains_word(s, w)) {
                found.push(format!("{}: \"{w}\" in \"{s}\"", path.display()));
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_engine_names_nothing_of_the_built_in_theatre() {
    let (_, words) = built_in_words();
    let mut found = Vec::new();
    let mut dirs = vec![root().join("src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().and_then(|e| e.to_str()) == Some("rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for w in words.iter().filter(|w| contains_word(&text, w)) {
                    found.push(format!("{}: \"{w}\"", path.display()));
                }
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_check_can_fail() {
    let (codes, words) = built_in_words();
    assert!(
        codes.contains("SEM") && codes.contains("1918-08"),
        "{codes:?}"
    );
    assert!(words.contains("Kolchak"), "{words:?}");
    assert!(contains_word("Whites at Omsk", "Omsk"));
    assert!(!contains_word("Tomsk", "Omsk"));
}
