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
    // Each language's PNG is the page its readers see in the SVG: as tall
    // as the tallest language's (a longer legend wraps to more lines).
    let singles = pieces
        .into_iter()
        .map(|mut p| {
            p.scene.height = merged.height;
            p.into_scene()
        })
        .collect();
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
    push_switched(&mut svg, langs, &groups(&|p| p.header.as_str()));
    push_switched(&mut svg, langs, &groups(&|p| p.map.as_str()));
    push_switched(&mut svg, langs, &groups(&|p| p.scene.parts.footer.as_str()));
    svg.push_str("</svg>\n");
    Scene {
        svg: super::share::share_paths(&svg),
        height,
        ..first.scene.clone()
    }
}

/// `groups` (one per language, the fallback first) with what they share
/// written once: a group made of the same sequence of lines and blocks
/// (`<g …>` … `</g>`) in every language is walked item by item; items
/// alike are written once, runs of items that differ go into one
/// `<switch>`. A block is walked into when its first and last lines are
/// the same everywhere and its content has as many items in each language
/// and shares at least one (a map's shapes around its labels); a block
/// whose every item differs (a labels group, a legend) is switched whole,
/// ids suffixed as [`push_switch`] does.
fn push_switched(out: &mut String, langs: &[&str], groups: &[&str]) {
    if groups.iter().all(|g| *g == groups[0]) {
        out.push_str(groups[0]);
        return;
    }
    let items: Vec<Vec<&str>> = groups.iter().map(|g| items_of(g)).collect();
    if !walkable(&items) {
        push_switch(out, langs, groups);
        return;
    }
    let mut run: Vec<String> = vec![String::new(); groups.len()];
    let flush = |out: &mut String, run: &mut Vec<String>| {
        if !run[0].is_empty() {
            let g: Vec<&str> = run.iter().map(String::as_str).collect();
            push_switch(out, langs, &g);
            run.iter_mut().for_each(String::clear);
        }
    };
    for k in 0..items[0].len() {
        let these: Vec<&str> = items.iter().map(|i| i[k]).collect();
        if these.iter().all(|t| *t == these[0]) {
            flush(out, &mut run);
            out.push_str(these[0]);
        } else if let Some(parts) = same_frame(&these) {
            flush(out, &mut run);
            out.push_str(parts[0].0);
            let inner: Vec<&str> = parts.iter().map(|p| p.1).collect();
            push_switched(out, langs, &inner);
            out.push_str(parts[0].2);
        } else {
            for (r, t) in run.iter_mut().zip(&these) {
                r.push_str(t);
            }
        }
    }
    flush(out, &mut run);
}

/// Whether the languages' item lists are worth walking side by side: as
/// many items, and at least half of the first language's bytes alike in
/// all (a map's shapes around its labels; not a labels group, where only
/// a number or two read the same).
fn walkable(items: &[Vec<&str>]) -> bool {
    let n = items[0].len();
    if items.iter().any(|i| i.len() != n) {
        return false;
    }
    let total: usize = items[0].iter().map(|i| i.len()).sum();
    total > 0 && 2 * shared_bytes(items) >= total
}

/// Bytes of the first language's items that the walk writes once.
fn shared_bytes(items: &[Vec<&str>]) -> usize {
    (0..items[0].len())
        .map(|k| {
            let these: Vec<&str> = items.iter().map(|i| i[k]).collect();
            if these.iter().all(|t| *t == these[0]) {
                these[0].len()
            } else {
                same_frame(&these).map_or(0, |parts| {
                    let inner: Vec<Vec<&str>> = parts.iter().map(|p| items_of(p.1)).collect();
                    parts[0].0.len() + parts[0].2.len() + shared_bytes(&inner)
                })
            }
        })
        .sum()
}

/// The blocks `these` split into (first line, content, last line) when
/// their first and last lines are alike and their contents walkable.
fn same_frame<'a>(these: &[&'a str]) -> Option<Vec<(&'a str, &'a str, &'a str)>> {
    let parts: Vec<(&str, &str, &str)> = these.iter().map(|t| frame(t)).collect::<Option<_>>()?;
    if !parts.iter().all(|p| p.0 == parts[0].0 && p.2 == parts[0].2) {
        return None;
    }
    let inner: Vec<Vec<&str>> = parts.iter().map(|p| items_of(p.1)).collect();
    walkable(&inner).then_some(parts)
}

/// A block of several lines split into its first line, its content and its
/// last line.
fn frame(block: &str) -> Option<(&str, &str, &str)> {
    let first = block.find('\n')? + 1;
    let body = block.strip_suffix('\n')?;
    let last = body.rfind('\n')? + 1;
    Some((&block[..first], &block[first..last], &block[last..]))
}

/// `svg` cut into items: a line that closes what it opens, or a block from
/// a line that opens an element to the line that closes it.
pub(crate) fn items_of(svg: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut depth) = (0, 0i64);
    for (i, line) in svg.split_inclusive('\n').scan(0, |at, l| {
        let i = *at;
        *at += l.len();
        Some((i, l))
    }) {
        depth += opens(line);
        if depth <= 0 {
            out.push(&svg[start..i + line.len()]);
            start = i + line.len();
            depth = 0;
        }
    }
    if start < svg.len() {
        out.push(&svg[start..]);
    }
    out
}

/// Elements a line opens minus those it closes.
fn opens(line: &str) -> i64 {
    let mut n = 0;
    for tag in line.split('<').skip(1) {
        let Some(end) = tag.find('>') else { continue };
        let tag = &tag[..end];
        if tag.starts_with('/') {
            n -= 1;
        } else if !tag.starts_with(['?', '!']) && !tag.ends_with('/') {
            n += 1;
        }
    }
    n
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
        push_switched(&mut same, &["en", "ru"], &["<path/>\n", "<path/>\n"]);
        assert_eq!(same, "<path/>\n");
    }

    #[test]
    fn only_what_differs_is_switched() {
        let d = "M0 0l".to_string() + &"1 2 ".repeat(30);
        let inset = |title: &str, labels: &str| {
            format!(
                "<g id=\"inset\">\n<text>{title}</text>\n<g id=\"shapes\">\n<path d=\"{d}\"/>\n</g>\n\
                 <g id=\"labels\">\n{labels}</g>\n<rect/>\n</g>\n"
            )
        };
        // As many labels in each language, one alike: still switched whole.
        let en = inset("South", "<text>Seversk</text>\n<text>1</text>\n");
        let ru = inset("Юг", "<text>Северск</text>\n<text>1</text>\n");
        let mut out = String::new();
        push_switched(&mut out, &["en", "ru"], &[&en, &ru]);
        assert_eq!(
            out,
            format!(
                "<g id=\"inset\">\n\
                 <switch>\n<g systemLanguage=\"ru\">\n<text>Юг</text>\n</g>\n<g>\n<text>South</text>\n</g>\n</switch>\n\
                 <g id=\"shapes\">\n<path d=\"{d}\"/>\n</g>\n\
                 <switch>\n<g systemLanguage=\"ru\">\n<g id=\"labels-ru\">\n<text>Северск</text>\n<text>1</text>\n</g>\n</g>\n\
                 <g>\n<g id=\"labels\">\n<text>Seversk</text>\n<text>1</text>\n</g>\n</g>\n</switch>\n\
                 <rect/>\n</g>\n"
            )
        );
        assert!(resvg::usvg::roxmltree::Document::parse(&format!("<svg>{out}</svg>")).is_ok());
        let mut same = String::new();
        push_switch(&mut same, &["en", "ru"], &["<path/>\n", "<path/>\n"]);
        assert_eq!(same, "<path/>\n");
    }
}
