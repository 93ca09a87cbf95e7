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

struct Metrics {
    /// Advance per char for Latin-1 and Cyrillic, in em units; others looked up.
    faces: Vec<ttf_parser::Face<'static>>,
}

fn metrics() -> &'static Metrics {
    static M: OnceLock<Metrics> = OnceLock::new();
    M.get_or_init(|| Metrics {
        faces: font_faces()
            .iter()
            .map(|b| ttf_parser::Face::parse(b, 0).expect("bundled DejaVu font parses"))
            .collect(),
    })
}

fn face(style: FontStyle) -> &'static ttf_parser::Face<'static> {
    let i = usize::from(style.bold) + 2 * usize::from(style.italic);
    &metrics().faces[i]
}

/// Advance width of `text` at `size` pixels.
pub fn text_width(text: &str, size: f64, style: FontStyle) -> f64 {
    let f = face(style);
    let upem = f64::from(f.units_per_em());
    let fallback = f64::from(f.glyph_hor_advance(ttf_parser::GlyphId(0)).unwrap_or(0));
    let units: f64 = text
        .chars()
        .map(|c| {
            f.glyph_index(c)
                .and_then(|g| f.glyph_hor_advance(g))
                .map(f64::from)
                .unwrap_or(fallback)
        })
        .sum();
    units / upem * size
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
    fn wraps_at_the_width() {
        let s = FontStyle::default();
        let lines = wrap("one two three four five six seven", 80.0, 16.0, s);
        assert!(lines.len() > 2);
        assert!(lines
            .iter()
            .all(|l| text_width(l, 16.0, s) <= 80.0 || !l.contains(' ')));
    }
}
