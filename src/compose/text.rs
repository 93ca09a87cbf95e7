//! Text metrics from the bundled DejaVu Sans faces, so label boxes measured
//! here match the glyphs resvg draws (it is given the very same fonts).

use std::sync::OnceLock;

/// The family name written into the SVG; Wikimedia Commons has it too.
pub const FONT_FAMILY: &str = "DejaVu Sans";

/// Weight and slant of a text run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FontStyle {
    /// Bold face.
    pub bold: bool,
    /// Oblique (italic) face.
    pub italic: bool,
}

impl FontStyle {
    /// Reads a MapLibre `text-font` name such as "DejaVu Sans Bold Oblique".
    pub fn from_font_name(name: &str) -> FontStyle {
        let n = name.to_ascii_lowercase();
        FontStyle {
            bold: n.contains("bold"),
            italic: n.contains("oblique") || n.contains("italic"),
        }
    }

    /// SVG attributes for this style (leading space included when non-empty).
    pub fn svg_attrs(self) -> String {
        let mut s = String::new();
        if self.bold {
            s.push_str(" font-weight=\"bold\"");
        }
        if self.italic {
            s.push_str(" font-style=\"italic\"");
        }
        s
    }
}

/// The raw bytes of each face, as given to resvg's font database too.
pub fn font_faces() -> [&'static [u8]; 4] {
    [
        dejavu::sans::regular(),
        dejavu::sans::bold(),
        dejavu::sans::oblique(),
        dejavu::sans::bold_oblique(),
    ]
}

/// The four faces, parsed once, shaped as resvg shapes them.
fn faces() -> &'static [rustybuzz::Face<'static>] {
    static FACES: OnceLock<Vec<rustybuzz::Face<'static>>> = OnceLock::new();
    FACES.get_or_init(|| {
        font_faces()
            .iter()
            .map(|b| rustybuzz::Face::from_slice(b, 0).expect("bundled DejaVu font parses"))
            .collect()
    })
}

fn face(style: FontStyle) -> &'static rustybuzz::Face<'static> {
    let i = usize::from(style.bold) + 2 * usize::from(style.italic);
    &faces()[i]
}

/// Advance width of `text` at `size` pixels: the glyphs shaped with the
/// face that is drawn (kerning and ligatures included, as resvg and
/// browsers draw them; summing each character's advance was ~5 % wide).
pub fn text_width(text: &str, size: f64, style: FontStyle) -> f64 {
    let f = face(style);
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    let glyphs = shape(style, f, buffer);
    let units: i64 = glyphs
        .glyph_positions()
        .iter()
        .map(|p| i64::from(p.x_advance))
        .sum();
    units as f64 / f64::from(f.units_per_em()) * size
}

/// What `rustybuzz::shape` does, with the shape plan kept: building a plan
/// (the font's lookups for a script and direction) costs far more than
/// shaping a label, and labels come in a few scripts only. Plans are kept
/// per thread, keyed by face, direction, script and language, so the
/// result is the same as planning afresh.
fn shape(
    style: FontStyle,
    f: &rustybuzz::Face<'static>,
    buffer: rustybuzz::UnicodeBuffer,
) -> rustybuzz::GlyphBuffer {
    type Key = (
        FontStyle,
        rustybuzz::Direction,
        rustybuzz::Script,
        Option<rustybuzz::Language>,
    );
    thread_local! {
        static PLANS: std::cell::RefCell<Vec<(Key, rustybuzz::ShapePlan)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    let key: Key = (
        style,
        buffer.direction(),
        buffer.script(),
        buffer.language(),
    );
    PLANS.with_borrow_mut(|plans| {
        let i = match plans.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                let script = (key.2 != rustybuzz::script::UNKNOWN).then_some(key.2);
                let plan = rustybuzz::ShapePlan::new(f, key.1, script, key.3.as_ref(), &[]);
                plans.push((key, plan));
                plans.len() - 1
            }
        };
        rustybuzz::shape_with_plan(f, &plans[i].1, buffer)
    })
}

/// Ascent and descent (positive, pixels) of the face at `size`.
pub fn ascent_descent(size: f64, style: FontStyle) -> (f64, f64) {
    let f = face(style);
    let upem = f64::from(f.units_per_em());
    // Cap height and descender of Latin text sit well inside the face's
    // ascender/descender; use tight values so label boxes are not bloated.
    let cap = f.capital_height().map(f64::from).unwrap_or(0.73 * upem);
    let desc = -f64::from(f.descender()).min(0.0);
    (cap / upem * size, desc / upem * size * 0.9)
}

/// Breaks `text` into lines no wider than `max_width` pixels at `size`.
pub fn wrap(text: &str, max_width: f64, size: f64, style: FontStyle) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if !line.is_empty() && text_width(&candidate, size, style) > max_width {
                lines.push(std::mem::replace(&mut line, word.to_string()));
            } else {
                line = candidate;
            }
        }
        lines.push(line);
    }
    lines
}

/// Spaced capitals the way every SVG renderer can draw them: thin spaces
/// between letters instead of `letter-spacing`, which older librsvg ignores.
pub fn letter_space(text: &str, spaces: usize) -> String {
    if spaces == 0 {
        return text.to_string();
    }
    let gap: String = std::iter::repeat_n('\u{2009}', spaces).collect();
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i > 0 {
            out.push_str(&gap);
            if c == ' ' {
                out.push_str(&gap);
            }
        }
        out.push(c);
    }
    out
}

/// "British troops", "Canadian troops" -> "British, Canadian troops".
pub(super) fn join_labels(labels: &[String]) -> String {
    if labels.len() < 2 {
        return labels.first().cloned().unwrap_or_default();
    }
    let words: Vec<Vec<&str>> = labels
        .iter()
        .map(|l| l.split_whitespace().collect())
        .collect();
    let shortest = words.iter().map(Vec::len).min().unwrap_or(0);
    // The common trailing words, leaving each label at least one of its own.
    let mut common = 0;
    while common + 1 < shortest
        && words
            .iter()
            .all(|w| w[w.len() - 1 - common] == words[0][words[0].len() - 1 - common])
    {
        common += 1;
    }
    let heads: Vec<String> = words
        .iter()
        .map(|w| w[..w.len() - common].join(" "))
        .collect();
    let tail = words[0][words[0].len() - common..].join(" ");
    if tail.is_empty() {
        heads.join(", ")
    } else {
        format!("{} {tail}", heads.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_grow_with_text_and_size() {
        let s = FontStyle::default();
        let a = text_width("Rome", 20.0, s);
        assert!(a > 40.0 && a < 60.0, "{a}");
        assert!((text_width("Rome", 40.0, s) - 2.0 * a).abs() < 1e-9);
        assert!(
            text_width(
                "Rome",
                20.0,
                FontStyle {
                    bold: true,
                    italic: false
                }
            ) > a
        );
    }

    #[test]
    fn kerning_narrows_pairs_as_drawn() {
        let s = FontStyle::default();
        let pair = text_width("AV", 100.0, s);
        let apart = text_width("A", 100.0, s) + text_width("V", 100.0, s);
        assert!(pair < apart - 1.0, "{pair} vs {apart}");
    }

    #[test]
    fn wraps_at_the_width() {
        let s = FontStyle::default();
        let lines = wrap("one two three four five six seven", 80.0, 16.0, s);
        assert!(lines.len() > 2);
        assert!(lines
            .iter()
            .all(|l| text_width(l, 16.0, s) <= 80.0 || !l.contains(' ')));
    }

    #[test]
    fn labels_of_one_symbol_are_joined() {
        let j = |l: &[&str]| join_labels(&l.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            j(&["British troops", "Canadian troops", "French troops"]),
            "British, Canadian, French troops"
        );
        assert_eq!(j(&["Execution", "Massacre"]), "Execution, Massacre");
        assert_eq!(j(&["Japan"]), "Japan");
        assert_eq!(
            j(&["Red partisans", "partisans"]),
            "Red partisans, partisans"
        );
    }
}
