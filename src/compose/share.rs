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

/// `svg` (as `compose` writes it: `<path d="…" …/>`, one `<defs>`) with
/// every path whose data occurs more than once drawn by `<use>` of one
/// copy in `<defs>`. Unchanged if nothing repeats.
pub fn share_paths(svg: &str) -> String {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for d in path_data(svg) {
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
    for d in path_data(svg) {
        if count.get(d).is_some_and(|n| *n > 1) && !ids.contains_key(d) {
            let id = ids.len() + 1;
            ids.insert(d, id);
            let _ = writeln!(shared, "<path id=\"pd.{id}\" d=\"{d}\"/>");
        }
    }
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(i) = rest.find(PATH) {
        let start = i + PATH.len();
        let Some(len) = rest[start..].find('"') else {
            break;
        };
        let d = &rest[start..start + len];
        out.push_str(&rest[..i]);
        match ids.get(d) {
            Some(id) => {
                let _ = write!(out, "<use xlink:href=\"#pd.{id}\"");
            }
            None => {
                out.push_str(PATH);
                out.push_str(d);
                out.push('"');
            }
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    // The shared copies go at the end of <defs> (which comes before any
    // drawing, so the shifted position is still inside it).
    let at = out.find("</defs>").unwrap_or(out.len());
    out.insert_str(at, &shared);
    if !out.contains(XLINK) {
        if let Some(i) = out.find("<svg ") {
            out.insert_str(i + 5, &format!("{XLINK} "));
        }
    }
    out
}

/// The data of every `<path d="…"` in `svg`, in order.
fn path_data(svg: &str) -> impl Iterator<Item = &str> {
    svg.match_indices(PATH).filter_map(move |(i, _)| {
        let start = i + PATH.len();
        svg[start..].find('"').map(|len| &svg[start..start + len])
    })
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
        assert!(out.starts_with("<?xml version=\"1.0\"?>\n<svg xmlns:xlink="));
        assert!(resvg::usvg::roxmltree::Document::parse(&out).is_ok());
        // Nothing repeats: the same text.
        let once = "<?xml?><svg><defs></defs><path d=\"M1 1\"/></svg>";
        assert_eq!(share_paths(once), once);
    }
}
