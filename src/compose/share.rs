//! Shares repeated geometry of a finished SVG through `<use>`: a path drawn
//! more than once (a lake's fill and its shore, a front's casing and its
//! line, a swatch in each language's legend) is written once in `<defs>`
//! and referred to wherever it was drawn. The picture stays the same; the
//! file gets smaller (Wikimedia Commons keeps the translations of an SVG
//! only up to 256,000 bytes).

use std::collections::HashMap;
use std::fmt::Write;

/// Path data shorter than this is cheaper to repeat than to refer to.
const MIN_SHARED: usize = 48;

const PATH: &str = "<path d=\"";
const XLINK: &str = "xmlns:xlink=\"http://www.w3.org/1999/xlink\"";

/// Splits a self-closing `<path d="…" …/>` at the start of `s` into (d,
/// other attributes, length of the tag); `None` for any other shape (a path
/// with children is left as it is).
fn path_tag(s: &str) -> Option<(&str, &str, usize)> {
    let rest = s.strip_prefix(PATH)?;
    let d_end = rest.find('"')?;
    let after = &rest[d_end + 1..];
    let close = after.find("/>")?;
    let attrs = &after[..close];
    if attrs.contains(['<', '>']) {
        return None;
    }
    Some((&rest[..d_end], attrs, PATH.len() + d_end + 1 + close + 2))
}

/// The self-closing paths of `svg`, in order: (offset, d, attributes,
/// length of the tag).
fn paths(svg: &str) -> impl Iterator<Item = (usize, &str, &str, usize)> {
    svg.match_indices(PATH)
        .filter_map(move |(i, _)| path_tag(&svg[i..]).map(|(d, a, len)| (i, d, a, len)))
}

/// `svg` (an SVG document or the page's inline map, with one `<defs>`)
/// with every self-closing path whose data occurs more than once drawn by
/// `<use>` of one copy in `<defs>`; the `<use>` keeps the path's other
/// attributes, which the bare copy inherits. Unchanged if nothing repeats.
pub fn share_paths(svg: &str) -> String {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for (_, d, _, _) in paths(svg) {
        if d.len() >= MIN_SHARED {
            *count.entry(d).or_default() += 1;
        }
    }
    if !count.values().any(|n| *n > 1) || !svg.contains("</defs>") {
        return svg.to_string();
    }
    // Ids in order of first use, so the output is deterministic.
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut shared = String::new();
    let mut out = String::with_capacity(svg.len());
    let mut done = 0;
    for (at, d, attrs, len) in paths(svg) {
        if at < done || count.get(d).is_none_or(|n| *n <= 1) {
            continue;
        }
        let next = ids.len() + 1;
        let id = *ids.entry(d).or_insert_with(|| {
            let _ = writeln!(shared, "<path id=\"pd.{next}\" d=\"{d}\"/>");
            next
        });
        out.push_str(&svg[done..at]);
        let _ = write!(out, "<use xlink:href=\"#pd.{id}\"{attrs}/>");
        done = at + len;
    }
    out.push_str(&svg[done..]);
    // The shared copies go at the end of <defs> (which comes before any
    // drawing, so the shifted position is still inside it).
    let at = out.find("</defs>").unwrap_or(out.len());
    out.insert_str(at, &shared);
    // The namespace goes last in the root's start tag, so the tag keeps
    // its first attributes where readers look for them (`<svg id="map-a"`).
    if !out.contains(XLINK) {
        if let Some(end) = out
            .find("<svg ")
            .and_then(|i| out[i..].find('>').map(|e| i + e))
        {
            out.insert_str(end, &format!(" {XLINK}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_paths_are_drawn_by_use_of_one_copy() {
        let long = "M0 0l".to_string() + &"1 1 ".repeat(20) + "Z";
        let svg = format!(
            "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\">\n<defs>\n</defs>\n\
             <path d=\"{long}\" fill=\"#00f\"/>\n<path d=\"M0 0l1 1\" fill=\"red\"/>\n\
             <path d=\"{long}\" fill=\"none\" stroke=\"#000\"/>\n</svg>\n"
        );
        let out = share_paths(&svg);
        assert_eq!(out.matches(&long).count(), 1, "{out}");
        assert!(out.contains(&format!("<path id=\"pd.1\" d=\"{long}\"/>\n</defs>")));
        assert!(out.contains("<use xlink:href=\"#pd.1\" fill=\"#00f\"/>"));
        assert!(out.contains("<use xlink:href=\"#pd.1\" fill=\"none\" stroke=\"#000\"/>"));
        assert!(
            out.contains("<path d=\"M0 0l1 1\" fill=\"red\"/>"),
            "short paths stay"
        );
        assert!(out.starts_with(
            "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink="
        ));
        // A path with children is not a self-closing tag: left as it is.
        let kids = format!("<svg><defs></defs><path d=\"{long}\"><title>t</title></path><path d=\"{long}\"/></svg>");
        assert_eq!(share_paths(&kids), kids);
        assert!(resvg::usvg::roxmltree::Document::parse(&out).is_ok());
        // Nothing repeats: the same text.
        let once = "<?xml?><svg><defs></defs><path d=\"M1 1\"/></svg>";
        assert_eq!(share_paths(once), once);
    }
}
