//! Shares repeated geometry through `<use>`: path data drawn more than
//! once (a lake's fill and its shore, a front's casing and its line, a
//! territory that did not change between phases, a swatch in each
//! language's legend) is written once in `<defs>` and referred to wherever
//! it was drawn. The picture stays the same; the file gets smaller.
//!
//! One mechanism, [`PathSharing`], decides what is shared, names the copies
//! and writes them; it is fed path data two ways: from [`Markup`] pieces
//! (the interactive page's map, written from the scenes as data) and from
//! the self-closing `<path>` tags of a finished SVG ([`share_paths`]: the
//! multilingual Commons SVG, which the language merge builds as text).
//!
//! [`Markup`]: super::markup::Markup

use std::collections::HashMap;
use std::fmt::Write;

/// How one kind of output shares its paths.
#[derive(Debug, Clone, Copy)]
pub struct ShareRule {
    /// Path data shorter than this (bytes) is written again, not shared.
    pub min_len: usize,
    /// The shared copies' ids: this prefix and a number.
    pub id_prefix: &'static str,
    /// The number of the first copy.
    pub first: usize,
    /// The reference attribute: `xlink:href` or `href`.
    pub href: &'static str,
}

/// The multilingual SVG for Wikimedia Commons: Commons keeps an SVG's
/// translations only up to 256,000 bytes, counted raw (not compressed), so
/// every repeat worth a `<use>` (about 25 bytes) is shared. SVG 1.1
/// readers (rsvg, the renderer Commons uses) want `xlink:href`.
pub const COMMONS: ShareRule = ShareRule {
    min_len: 48,
    id_prefix: "pd.",
    first: 1,
    href: "xlink:href",
};

/// The interactive page's map: the page is served compressed, where short
/// repeats cost little, and every `<use>` is an element the browser must
/// instantiate, so only long path data is shared. Browsers take `href`.
pub const PAGE: ShareRule = ShareRule {
    min_len: 120,
    id_prefix: "pm-p",
    first: 0,
    href: "href",
};

/// Path data to share under one [`ShareRule`]: counted first, over every
/// path the output will draw; then, as the output is written, each shared
/// path is drawn by a `<use>` and its copy kept for `<defs>`, numbered in
/// order of first use (so the output is deterministic).
pub struct PathSharing<'a> {
    rule: ShareRule,
    count: HashMap<&'a str, usize>,
    ids: HashMap<&'a str, usize>,
    defs: String,
}

impl<'a> PathSharing<'a> {
    /// Counts `data`, the path data of every path that may be shared.
    pub fn count(rule: ShareRule, data: impl IntoIterator<Item = &'a str>) -> Self {
        let mut count: HashMap<&str, usize> = HashMap::new();
        for d in data {
            if d.len() >= rule.min_len {
                *count.entry(d).or_default() += 1;
            }
        }
        PathSharing {
            rule,
            count,
            ids: HashMap::new(),
            defs: String::new(),
        }
    }

    /// Whether anything is drawn more than once.
    pub fn any(&self) -> bool {
        self.count.values().any(|n| *n > 1)
    }

    /// Whether `d` is drawn more than once (and long enough to share).
    pub fn shares(&self, d: &str) -> bool {
        self.count.get(d).is_some_and(|n| *n > 1)
    }

    /// Writes the start of a `<use>` of shared path data `d` (the caller
    /// writes the path's other attributes and closes the tag) and keeps
    /// `d`'s copy for `<defs>` the first time. `d` must be one counted.
    pub fn write_use(&mut self, out: &mut String, d: &'a str) {
        let next = self.rule.first + self.ids.len();
        let defs = &mut self.defs;
        let prefix = self.rule.id_prefix;
        let id = *self.ids.entry(d).or_insert_with(|| {
            let _ = writeln!(defs, "<path id=\"{prefix}{next}\" d=\"{d}\"/>");
            next
        });
        let _ = write!(out, "<use {}=\"#{prefix}{id}\"", self.rule.href);
    }

    /// The shared copies, one a line, for `<defs>`.
    pub fn defs(self) -> String {
        self.defs
    }
}

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

/// `svg` (an SVG document with one `<defs>`) with every self-closing path
/// whose data occurs more than once drawn by `<use>` of one copy in
/// `<defs>`, by the [`COMMONS`] rule; the `<use>` keeps the path's other
/// attributes, which the bare copy inherits. Unchanged if nothing repeats.
pub fn share_paths(svg: &str) -> String {
    let mut sharing = PathSharing::count(COMMONS, paths(svg).map(|(_, d, _, _)| d));
    if !sharing.any() || !svg.contains("</defs>") {
        return svg.to_string();
    }
    let mut out = String::with_capacity(svg.len());
    let mut done = 0;
    for (at, d, attrs, len) in paths(svg) {
        if at < done || !sharing.shares(d) {
            continue;
        }
        out.push_str(&svg[done..at]);
        sharing.write_use(&mut out, d);
        out.push_str(attrs);
        out.push_str("/>");
        done = at + len;
    }
    out.push_str(&svg[done..]);
    // The shared copies go at the end of <defs> (which comes before any
    // drawing, so the shifted position is still inside it).
    let at = out.find("</defs>").unwrap_or(out.len());
    out.insert_str(at, &sharing.defs());
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

    #[test]
    fn each_rule_shares_only_repeats_at_least_its_length() {
        let (short, long) = (
            "M0 0l".to_string() + &"1 1 ".repeat(12),
            "M0 0l".to_string() + &"1 1 ".repeat(30),
        );
        assert!(short.len() >= COMMONS.min_len && short.len() < PAGE.min_len);
        let data = [
            short.as_str(),
            long.as_str(),
            short.as_str(),
            long.as_str(),
            "M9 9",
        ];
        let mut page = PathSharing::count(PAGE, data);
        assert!(page.shares(&long) && !page.shares(&short) && !page.shares("M9 9"));
        let mut out = String::new();
        page.write_use(&mut out, &long);
        page.write_use(&mut out, &long);
        assert_eq!(out, "<use href=\"#pm-p0\"<use href=\"#pm-p0\"");
        assert_eq!(page.defs(), format!("<path id=\"pm-p0\" d=\"{long}\"/>\n"));
        let mut commons = PathSharing::count(COMMONS, data);
        assert!(commons.shares(&long) && commons.shares(&short));
        let mut out = String::new();
        commons.write_use(&mut out, &short);
        commons.write_use(&mut out, &long);
        assert_eq!(out, "<use xlink:href=\"#pd.1\"<use xlink:href=\"#pd.2\"");
        // Nothing repeated: nothing to share.
        assert!(!PathSharing::count(COMMONS, [long.as_str()]).any());
    }
}
