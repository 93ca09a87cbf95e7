//! One phase map in several languages as one SVG: what every language
//! draws alike (the map's shapes, the patterns) is written once, each text
//! group (header, labels, footer) once per language inside `<switch>`, the
//! convention Wikimedia Commons serves `?lang=` by. The first language is
//! the fallback: its group comes last, without `systemLanguage`, so a
//! reader in any other language sees it.

use std::fmt::Write;

use super::phase_map::{compose_pieces, page_head, Pieces};
use super::prepared::Prepared;
use super::scene::Scene;
use crate::model::Phase;

/// The map of `phase` in each language of `prepared` (language, the theatre
/// and style localized to it, prepared), the fallback first: the
/// multilingual scene, and each language's own scene (for its PNG).
pub fn compose_languages(prepared: &[(&str, &Prepared)], phase: &Phase) -> (Scene, Vec<Scene>) {
    let pieces: Vec<Pieces> = prepared
        .iter()
        // Each language's own phase: its title and caption are translated.
        .map(|(_, p)| compose_pieces(p, p.theatre.phase(&phase.id).unwrap_or(phase)))
        .collect();
    let langs: Vec<&str> = prepared.iter().map(|(l, _)| *l).collect();
    let merged = merge(&langs, &pieces);
    let singles = pieces.into_iter().map(Pieces::into_scene).collect();
    (merged, singles)
}

fn merge(langs: &[&str], pieces: &[Pieces]) -> Scene {
    let first = &pieces[0];
    let height = pieces.iter().map(|p| p.scene.height).fold(0.0, f64::max);
    let texts: Vec<(Option<&str>, &str, &str)> = langs
        .iter()
        .zip(pieces)
        .map(|(l, p)| (Some(*l), p.title.as_str(), p.desc.as_str()))
        .collect();
    // Patterns are numbered in order of use, which the languages share;
    // any a language has on its own are added.
    let mut defs = first.defs.clone();
    for p in &pieces[1..] {
        for line in p.defs.lines() {
            if !defs.lines().any(|l| l == line) {
                defs.push_str(line);
                defs.push('\n');
            }
        }
    }
    let mut svg = page_head(
        first.scene.width,
        height,
        &texts,
        first.map_size,
        &defs,
        &first.background,
    );
    let groups = |f: &dyn Fn(&Pieces) -> &str| pieces.iter().map(f).collect::<Vec<&str>>();
    push_switch(&mut svg, langs, &groups(&|p| p.header.as_str()));
    push_map(&mut svg, langs, pieces);
    push_switch(&mut svg, langs, &groups(&|p| p.scene.parts.footer.as_str()));
    svg.push_str("</svg>\n");
    Scene {
        svg: super::share::share_paths(&svg),
        height,
        ..first.scene.clone()
    }
}

/// The map group: shared, with its labels (and graticule labels, should
/// they differ) switched per language. If anything else differs, the
/// whole group is switched.
fn push_map(out: &mut String, langs: &[&str], pieces: &[Pieces]) {
    const HOLE: &str = "\u{0}labels\u{0}";
    const HOLE2: &str = "\u{0}overlay\u{0}";
    let labels = |p: &Pieces| {
        p.scene
            .parts
            .layers
            .iter()
            .rev()
            .find(|(id, _)| id == "labels")
            .map(|(_, s)| s.clone())
            .unwrap_or_default()
    };
    let punch = |p: &Pieces| {
        let mut m = p.map.clone();
        let l = labels(p);
        if !l.is_empty() {
            m = m.replacen(&l, HOLE, 1);
        }
        let o = &p.scene.parts.overlay;
        if !o.is_empty() {
            if let Some(i) = m.rfind(o.as_str()) {
                m.replace_range(i..i + o.len(), HOLE2);
            }
        }
        m
    };
    let shared = punch(&pieces[0]);
    if pieces[1..].iter().any(|p| punch(p) != shared) {
        let maps: Vec<&str> = pieces.iter().map(|p| p.map.as_str()).collect();
        push_switch(out, langs, &maps);
        return;
    }
    let mut rest = shared.as_str();
    while let Some(i) = rest.find('\u{0}') {
        out.push_str(&rest[..i]);
        let hole = if rest[i..].starts_with(HOLE) {
            HOLE
        } else {
            HOLE2
        };
        let texts: Vec<String> = if hole == HOLE {
            pieces.iter().map(labels).collect()
        } else {
            pieces
                .iter()
                .map(|p| p.scene.parts.overlay.clone())
                .collect()
        };
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        push_switch(out, langs, &texts);
        rest = &rest[i + hole.len()..];
    }
    out.push_str(rest);
}

/// `groups` (one per language, the fallback first) once if they are all
/// the same, else as a `<switch>` of one `<g systemLanguage>` per other
/// language and the fallback's last. Ids in the other languages' groups
/// get the language as a suffix (`labels-ru`), so ids stay unique.
fn push_switch(out: &mut String, langs: &[&str], groups: &[&str]) {
    if groups.iter().all(|g| *g == groups[0]) {
        out.push_str(groups[0]);
        return;
    }
    out.push_str("<switch>\n");
    for (lang, g) in langs.iter().zip(groups).skip(1) {
        let _ = writeln!(out, "<g systemLanguage=\"{lang}\">");
        out.push_str(&suffix_ids(g, lang));
        out.push_str("</g>\n");
    }
    out.push_str("<g>\n");
    out.push_str(groups[0]);
    out.push_str("</g>\n</switch>\n");
}

/// `svg` with `-<lang>` after the value of every `id` attribute.
fn suffix_ids(svg: &str, lang: &str) -> String {
    const ID: &str = " id=\"";
    let mut out = String::with_capacity(svg.len() + 64);
    let mut rest = svg;
    while let Some(i) = rest.find(ID) {
        let start = i + ID.len();
        let Some(len) = rest[start..].find('"') else {
            break;
        };
        out.push_str(&rest[..start + len]);
        let _ = write!(out, "-{lang}");
        rest = &rest[start + len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switch_puts_the_fallback_last_and_keeps_ids_unique() {
        let mut out = String::new();
        push_switch(
            &mut out,
            &["en", "ru"],
            &[
                "<g id=\"a\"><text>A</text></g>\n",
                "<g id=\"a\"><text>Б</text></g>\n",
            ],
        );
        assert_eq!(
            out,
            "<switch>\n<g systemLanguage=\"ru\">\n<g id=\"a-ru\"><text>Б</text></g>\n</g>\n\
             <g>\n<g id=\"a\"><text>A</text></g>\n</g>\n</switch>\n"
        );
        let mut same = String::new();
        push_switch(&mut same, &["en", "ru"], &["<path/>\n", "<path/>\n"]);
        assert_eq!(same, "<path/>\n");
    }
}
