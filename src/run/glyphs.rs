//! Text the bundled fonts cannot draw. Output is drawn only with the fonts
//! inside the binary (the same bytes on every machine); a character none of
//! them has comes out as an empty box in the PNG and the PDF, so the drawing
//! commands say which texts have such characters, once.

use std::collections::BTreeMap;

use crate::model::Theatre;

/// How many texts a warning names before it counts the rest.
const NAMED: usize = 4;

/// Whether any bundled face has a glyph for each character asked about,
/// remembered per character.
struct Coverage {
    faces: Vec<ttf_parser::Face<'static>>,
    known: BTreeMap<char, bool>,
}

impl Coverage {
    fn new() -> Coverage {
        Coverage {
            faces: crate::compose::text::font_faces()
                .into_iter()
                .filter_map(|data| ttf_parser::Face::parse(data, 0).ok())
                .collect(),
            known: BTreeMap::new(),
        }
    }

    fn has(&mut self, c: char) -> bool {
        if c.is_whitespace() || c.is_control() || is_invisible(c) {
            return true;
        }
        let faces = &self.faces;
        *self
            .known
            .entry(c)
            .or_insert_with(|| faces.iter().any(|f| f.glyph_index(c).is_some()))
    }

    /// The characters of `text` no bundled face has, each once, in order.
    fn missing(&mut self, text: &str) -> Vec<char> {
        let mut out = Vec::new();
        for c in text.chars() {
            if !self.has(c) && !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }
}

/// Joiners, marks of direction and variation selectors: shaping uses them,
/// no font draws them.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}')
}

/// Every text of `theatre` that a map may draw, with where it comes from:
/// the manifest's texts (in every language) and the names of features.
fn texts(theatre: &Theatre) -> Vec<(String, &str)> {
    let manifest = theatre.manifest_path.file_name().map_or_else(
        || "theatre.json".into(),
        |n| n.to_string_lossy().to_string(),
    );
    let mut out: Vec<(String, &str)> = vec![(format!("{manifest}: title"), &theatre.title)];
    for p in &theatre.phases {
        out.push((format!("{manifest}: phases.{}.title", p.id), &p.title));
        out.push((format!("{manifest}: phases.{}.caption", p.id), &p.caption));
    }
    for (code, p) in &theatre.powers {
        out.push((format!("{manifest}: powers.{code}.name"), &p.name));
    }
    for s in &theatre.sides {
        out.push((format!("{manifest}: sides.{}.name", s.id), &s.name));
    }
    for (lang, texts) in &theatre.translations {
        for (key, text) in texts {
            out.push((format!("{manifest}: {key} ({lang})"), text));
        }
    }
    for layer in &theatre.layers {
        let file = layer
            .path
            .file_name()
            .map_or_else(|| layer.id.clone(), |n| n.to_string_lossy().to_string());
        for (i, f) in layer.features.iter().enumerate() {
            for (key, value) in &f.properties {
                let named = key == "name" || key.starts_with("name:") || key == "short_name";
                if let (true, Some(text)) = (named, value.as_str()) {
                    out.push((format!("{file}: feature {i}, {key}"), text));
                }
            }
        }
    }
    out
}

/// One warning per theatre whose texts have characters no bundled font
/// draws, naming the first few texts and the characters.
pub fn missing_glyphs(theatre: &Theatre) -> Option<String> {
    let mut coverage = Coverage::new();
    let mut found: Vec<(String, Vec<char>)> = Vec::new();
    let mut all: Vec<char> = Vec::new();
    for (at, text) in texts(theatre) {
        let missing = coverage.missing(text);
        if missing.is_empty() {
            continue;
        }
        for c in &missing {
            if !all.contains(c) {
                all.push(*c);
            }
        }
        found.push((at, missing));
    }
    if found.is_empty() {
        return None;
    }
    let named: Vec<String> = found
        .iter()
        .take(NAMED)
        .map(|(at, cs)| format!("{at} ({})", cs.iter().take(6).collect::<String>()))
        .collect();
    let more = found.len().saturating_sub(NAMED);
    Some(format!(
        "{} text{} use{} characters the bundled fonts (DejaVu: Latin, Greek, Cyrillic, Arabic, Hebrew and more) cannot draw, {} in all; they show as empty boxes: {}{}",
        found.len(),
        if found.len() == 1 { "" } else { "s" },
        if found.len() == 1 { "s" } else { "" },
        all.len(),
        named.join("; "),
        if more > 0 { format!("; and {more} more") } else { String::new() }
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_is_reported_and_latin_cyrillic_arabic_are_not() {
        let mut t = Theatre {
            title: "Зимняя война · Winter War · حرب".into(),
            ..Theatre::empty()
        };
        assert_eq!(missing_glyphs(&t), None);
        t.title = "冬季战争 1939".into();
        let w = missing_glyphs(&t).expect("CJK has no bundled glyphs");
        assert!(w.contains("theatre.json: title (冬季战争)"), "{w}");
        assert!(w.starts_with("1 text uses characters"), "{w}");
    }
}
