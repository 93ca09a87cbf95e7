//! Small helpers for writing SVG text: fixed-precision numbers, path data
//! from geometry, and escaping of text that comes from data.

use std::fmt::Write;

use geo::{Coord, Geometry, LineString, Polygon};

/// Formats a coordinate with one decimal (0.1 px), trimming a trailing ".0".
/// Fixed precision keeps output byte-identical across runs and machines.
pub fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    let r = if r == 0.0 { 0.0 } else { r }; // no "-0"
    let s = format!("{r:.1}");
    match s.strip_suffix(".0") {
        Some(t) => t.to_string(),
        None => s,
    }
}

/// Formats a value (width, opacity) with up to three decimals.
pub fn val(v: f64) -> String {
    let s = format!("{:.3}", (v * 1000.0).round() / 1000.0);
    let s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

/// Escapes text for element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

fn push_ring(d: &mut String, ring: &[Coord<f64>], close: bool) {
    let mut last: Option<(String, String)> = None;
    for (i, c) in ring.iter().enumerate() {
        if close && i + 1 == ring.len() && ring.len() > 1 && ring[0] == *c {
            break;
        }
        let (x, y) = (num(c.x), num(c.y));
        if last.as_ref() == Some(&(x.clone(), y.clone())) {
            continue; // collapsed by rounding
        }
        d.push(if i == 0 { 'M' } else { 'L' });
        let _ = write!(d, "{x} {y}");
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
        assert_eq!(val(0.5), "0.5");
        assert_eq!(dasharray(&[4.0, 2.5]), "4,2.5");
    }

    #[test]
    fn escapes_markup_from_data() {
        assert_eq!(
            escape("</text><script>alert(1)</script>"),
            "&lt;/text&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
        );
    }
}
