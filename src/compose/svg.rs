//! Small helpers for writing SVG text: fixed-precision numbers, path data
//! from geometry, and escaping of text that comes from data.

use std::fmt::Write;

use geo::{Coord, Geometry, LineString, Polygon};

/// Formats a coordinate with one decimal (0.1 px), trimming a trailing ".0".
/// Fixed precision keeps output byte-identical across runs and machines.
pub fn num(v: f64) -> String {
    let mut s = String::new();
    push_num(&mut s, v);
    s
}

/// `v` in whole tenths (rounded half away from zero), or `None` when it is
/// not finite or too large for exact integer arithmetic.
fn tenths(v: f64) -> Option<i64> {
    let t = (v * 10.0).round();
    (t.abs() < 1e15).then_some(t as i64)
}

/// Appends `t` tenths as [`num`] writes them ("12.3", "-4", "0").
fn push_tenths(out: &mut String, t: i64) {
    let a = t.unsigned_abs();
    if t < 0 {
        out.push('-');
    }
    let _ = write!(out, "{}", a / 10);
    if !a.is_multiple_of(10) {
        out.push('.');
        out.push(char::from(b'0' + (a % 10) as u8));
    }
}

/// Appends `v` as [`num`] formats it, without a temporary string: path
/// data is millions of numbers, and float formatting was a measurable part
/// of a whole run. A non-finite value (which no SVG reader accepts) is
/// written as 0, so the document stays valid whatever reached it.
pub fn push_num(out: &mut String, v: f64) {
    match tenths(v) {
        Some(t) => push_tenths(out, t),
        None if v.is_finite() => {
            let _ = write!(out, "{v:.1}");
        }
        None => out.push('0'),
    }
}

/// Formats a value (width, opacity) with up to three decimals; a
/// non-finite value as 0.
pub fn val(v: f64) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let s = format!("{:.3}", (v * 1000.0).round() / 1000.0);
    let s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

/// Escapes text for element content and attribute values. Characters XML
/// 1.0 forbids (controls other than tab and newline, U+FFFE, U+FFFF) are
/// left out: one of them in a name would make the whole document unreadable.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if !xml_char(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether XML 1.0 allows `c` in a document (its `Char` production; `\r`
/// is allowed there but a parser turns it into `\n`, so it is left out too).
pub fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Appends `t` tenths as path data, in few characters: no leading zero
/// (".5"), no separator before a minus sign or (`first`) after a command
/// letter; a space before any other number.
fn push_path_number(out: &mut String, t: i64, first: bool) {
    let a = t.unsigned_abs();
    if t < 0 {
        out.push('-');
    } else if !first {
        out.push(' ');
    }
    if a >= 10 || a == 0 {
        let _ = write!(out, "{}", a / 10);
    }
    if !a.is_multiple_of(10) {
        out.push('.');
        out.push(char::from(b'0' + (a % 10) as u8));
    }
}

/// A ring as path data: its first point absolute (`M`), the others
/// relative (`l`, one command for the whole run), in whole tenths of a
/// pixel. Relative steps are short numbers, so a map's paths take about
/// half the bytes of absolute ones and draw exactly the same: every step
/// is a difference of rounded points, so no error adds up.
fn push_ring(d: &mut String, ring: &[Coord<f64>], close: bool) {
    let mut last: Option<(i64, i64)> = None;
    let mut steps = 0usize;
    for (i, c) in ring.iter().enumerate() {
        if close && i + 1 == ring.len() && ring.len() > 1 && ring[0] == *c {
            break;
        }
        let (Some(x), Some(y)) = (tenths(c.x), tenths(c.y)) else {
            // Not a drawable number (projection results are finite and
            // clipped to the frame, so this does not happen in practice).
            continue;
        };
        match last {
            None => {
                d.push('M');
                push_path_number(d, x, true);
                push_path_number(d, y, false);
            }
            Some(l) if l == (x, y) => continue, // collapsed by rounding
            Some((lx, ly)) => {
                let first = steps == 0;
                if first {
                    d.push('l');
                }
                push_path_number(d, x - lx, first);
                push_path_number(d, y - ly, false);
                steps += 1;
            }
        }
        last = Some((x, y));
    }
    if close {
        d.push('Z');
    }
}

/// Path data for a line string.
pub fn line_d(l: &LineString<f64>) -> String {
    let mut d = String::new();
    push_ring(&mut d, &l.0, false);
    d
}

/// Path data for a polygon (use with `fill-rule="evenodd"`).
pub fn polygon_d(p: &Polygon<f64>) -> String {
    let mut d = String::new();
    push_ring(&mut d, &p.exterior().0, true);
    for hole in p.interiors() {
        push_ring(&mut d, &hole.0, true);
    }
    d
}

/// Path data for any geometry: polygons closed, lines open, points ignored.
pub fn geometry_d(g: &Geometry<f64>) -> String {
    match g {
        Geometry::Polygon(p) => polygon_d(p),
        Geometry::MultiPolygon(mp) => mp.iter().map(polygon_d).collect(),
        Geometry::LineString(l) => line_d(l),
        Geometry::MultiLineString(ml) => ml.iter().map(line_d).collect(),
        Geometry::GeometryCollection(gc) => gc.iter().map(geometry_d).collect(),
        _ => String::new(),
    }
}

/// A dash array as Commons' librsvg wants it: comma-separated.
pub fn dasharray(values: &[f64]) -> String {
    values.iter().map(|v| val(*v)).collect::<Vec<_>>().join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_fixed_precision() {
        assert_eq!(num(1.04), "1");
        assert_eq!(num(-0.04), "0");
        assert_eq!(num(12.345), "12.3");
        assert_eq!(num(-12.35), "-12.4");
        assert_eq!(num(0.96), "1");
        assert_eq!(num(-0.06), "-0.1");
        assert_eq!(num(1e300), format!("{:.1}", 1e300));
        // The same text as formatting the rounded value, over many values.
        for k in -20_000..20_000 {
            let v = k as f64 * 0.0137;
            let r = (v * 10.0).round() / 10.0;
            let r = if r == 0.0 { 0.0 } else { r };
            let s = format!("{r:.1}");
            let old = s.strip_suffix(".0").map(str::to_string).unwrap_or(s);
            assert_eq!(num(v), old, "{v}");
        }
        assert_eq!(val(0.5), "0.5");
        assert_eq!(dasharray(&[4.0, 2.5]), "4,2.5");
    }

    #[test]
    fn escapes_markup_from_data() {
        assert_eq!(
            escape("</text><script>alert(1)</script>"),
            "&lt;/text&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(escape("a\u{FFFF}b\u{FFFE}c\u{0}\u{1b}d\re"), "abcde");
        assert_eq!(escape("\u{1F600}\u{FFFD}"), "\u{1F600}\u{FFFD}");
    }

    #[test]
    fn paths_are_relative_and_short() {
        let c = |x: f64, y: f64| Coord { x, y };
        let mut d = String::new();
        push_ring(
            &mut d,
            &[
                c(100.0, 50.0),
                c(100.5, 49.0),
                c(99.96, 49.04),
                c(100.0, 52.25),
                c(100.0, 50.0),
            ],
            true,
        );
        // 100.5-100 = .5, 49-50 = -1; 99.96 rounds to 100 (-.5), 49.04 to 49 (0);
        // then 0, +3.3 (52.25 rounds away from zero to 52.3)
        assert_eq!(d, "M100 50l.5-1-.5 0 0 3.3Z");
        let mut e = String::new();
        push_ring(&mut e, &[c(-1.0, -2.5), c(-1.25, 10.0)], false);
        assert_eq!(e, "M-1-2.5l-.3 12.5");
    }

    #[test]
    fn non_finite_numbers_are_never_written() {
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(num(f64::INFINITY), "0");
        assert_eq!(val(f64::NEG_INFINITY), "0");
        let mut d = String::new();
        push_ring(
            &mut d,
            &[
                Coord { x: 1.0, y: 2.0 },
                Coord {
                    x: f64::NAN,
                    y: 2.0,
                },
                Coord { x: 3.0, y: 4.0 },
            ],
            false,
        );
        assert_eq!(d, "M1 2l2 2");
    }
}
