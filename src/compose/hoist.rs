//! Shorter layers: a paint attribute that every element of a layer's group
//! writes (rivers: `fill="none" stroke="#0978ab" … stroke-opacity="0.9"` on
//! each of a hundred paths) is written once on the group, and left off the
//! elements whose value it is. SVG inherits these attributes, so the map
//! draws the same; an element with another value keeps its own.
//!
//! Works on the layer's [`Markup`] as compose wrote it, before the SVG or
//! the page is written from it.

use super::markup::{Mark, Markup, Piece};

/// Paint attributes SVG inherits from a group.
const INHERITED: [&str; 10] = [
    "fill",
    "fill-rule",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-linejoin",
    "stroke-linecap",
    "stroke-opacity",
    "stroke-dasharray",
    "stroke-miterlimit",
];

/// Elements a layer group may hold for its attributes to be moved: shapes
/// (which take paint) and groups. Anything else leaves the layer as it is.
const SHAPES: [&str; 8] = [
    "path", "circle", "rect", "ellipse", "line", "polyline", "polygon", "use",
];

/// An attribute found in the markup: where its text lies (piece, bytes of
/// ` name="value"` with its leading space) and its value, `None` when a
/// piece other than text (a pattern reference) is inside it.
struct Attr {
    name: String,
    value: Option<String>,
    at: (usize, usize, usize),
}

struct Tag {
    name: String,
    attrs: Vec<Attr>,
    /// Piece and byte of the `>` or `/>` that ends the tag.
    end: Option<(usize, usize)>,
}

/// The tags of `pieces` with their attributes; `None` when the markup is
/// not what compose writes (an attribute value not in double quotes).
fn tags(pieces: &[Piece]) -> Option<Vec<Tag>> {
    let mut out: Vec<Tag> = Vec::new();
    // Inside a tag; inside an attribute value (name, start, value so far, plain).
    let mut in_tag = false;
    let mut value: Option<(String, (usize, usize), String, bool)> = None;
    for (k, piece) in pieces.iter().enumerate() {
        let text = match piece {
            Piece::Text(t) => t,
            Piece::Path(_) => {
                out.push(Tag {
                    name: "path".into(),
                    attrs: Vec::new(),
                    end: None,
                });
                in_tag = true;
                continue;
            }
            Piece::Pattern(_) | Piece::Data(_) => {
                if let Some(v) = &mut value {
                    v.3 = false;
                }
                continue;
            }
            Piece::Id(_) => continue,
        };
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if let Some((name, start, mut v, plain)) = value.take() {
                match text[i..].find('"') {
                    Some(q) => {
                        v.push_str(&text[i..i + q]);
                        let attr = Attr {
                            name,
                            value: plain.then_some(v),
                            at: (start.0, start.1, i + q + 1),
                        };
                        // A value over several pieces is never moved.
                        if start.0 == k {
                            out.last_mut()?.attrs.push(attr);
                        } else {
                            out.last_mut()?.attrs.push(Attr {
                                value: None,
                                ..attr
                            });
                        }
                        i += q + 1;
                    }
                    None => {
                        v.push_str(&text[i..]);
                        value = Some((name, start, v, plain));
                        i = b.len();
                    }
                }
                continue;
            }
            if !in_tag {
                match text[i..].find('<') {
                    Some(lt) => {
                        i += lt + 1;
                        if text[i..].starts_with('/') {
                            // A closing tag, whole in this piece.
                            let gt = text[i..].find('>')?;
                            out.push(Tag {
                                name: text[i..i + gt].trim().to_string(),
                                attrs: Vec::new(),
                                end: Some((k, i + gt)),
                            });
                            i += gt + 1;
                            continue;
                        }
                        let name_len = text[i..]
                            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                            .unwrap_or(text.len() - i);
                        let name = &text[i..i + name_len];
                        if name.is_empty() || name.starts_with('!') || name.starts_with('?') {
                            return None;
                        }
                        out.push(Tag {
                            name: name.to_string(),
                            attrs: Vec::new(),
                            end: None,
                        });
                        in_tag = true;
                        i += name_len;
                    }
                    None => i = b.len(),
                }
                continue;
            }
            match b[i] {
                b'>' => {
                    let end = if i > 0 && b[i - 1] == b'/' { i - 1 } else { i };
                    out.last_mut()?.end = Some((k, end));
                    in_tag = false;
                    i += 1;
                }
                b' ' | b'\n' | b'/' => i += 1,
                _ => {
                    if i == 0 || b[i - 1] != b' ' {
                        return None;
                    }
                    let eq = text[i..].find("=\"")?;
                    let name = text[i..i + eq].to_string();
                    // The attribute's text starts at the space before it.
                    value = Some((name, (k, i - 1), String::new(), true));
                    i += eq + 2;
                }
            }
        }
    }
    Some(out)
}

/// Moves the paint attributes shared by the shapes of the group that
/// starts at `from` (the markup written since, which must be that one
/// `<g …>` element) up to the group. Returns the bytes saved.
pub(super) fn hoist(markup: &mut Markup, from: Mark) -> usize {
    let pieces = markup.pieces_since_mut(from);
    let Some(tags) = tags(pieces) else {
        return 0;
    };
    let Some((group, inner)) = tags.split_first() else {
        return 0;
    };
    // Closing tags are parsed as tags named "/g"; only the group's own may
    // close, last (the layer is one group).
    let closes = inner.iter().filter(|t| t.name.starts_with('/')).count();
    let opens = inner.iter().filter(|t| t.name == "g").count();
    if group.name != "g"
        || group.end.is_none()
        || closes != opens + 1
        || inner.last().is_none_or(|t| t.name != "/g")
        || inner
            .iter()
            .any(|t| !(t.name == "g" || t.name == "/g" || SHAPES.contains(&t.name.as_str())))
    {
        return 0;
    }
    let shapes: Vec<&Tag> = inner
        .iter()
        .filter(|t| SHAPES.contains(&t.name.as_str()))
        .collect();
    // (piece, start, end) of text to cut, and what the group gains.
    let mut cuts: Vec<(usize, usize, usize)> = Vec::new();
    let mut gained = String::new();
    for name in INHERITED {
        let has = |t: &Tag| t.attrs.iter().any(|a| a.name == name);
        // Every shape says it itself, so none relies on what it inherits;
        // no group in between says it; the layer group does not either.
        if shapes.len() < 2 || !shapes.iter().all(|t| has(t)) || has(group) {
            continue;
        }
        if inner.iter().any(|t| t.name == "g" && has(t)) {
            continue;
        }
        // The most frequent plain value (the first seen of equals).
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for a in shapes
            .iter()
            .flat_map(|t| &t.attrs)
            .filter(|a| a.name == name)
        {
            if let Some(v) = &a.value {
                match counts.iter_mut().find(|(c, _)| c == v) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((v, 1)),
                }
            }
        }
        let Some(&(value, n)) =
            counts
                .iter()
                .fold(None, |best: Option<&(&str, usize)>, c| match best {
                    Some(b) if b.1 >= c.1 => Some(b),
                    _ => Some(c),
                })
        else {
            continue;
        };
        let attr = format!(" {name}=\"{value}\"");
        if n < 2 {
            continue;
        }
        for t in &shapes {
            // A shape writing the attribute twice keeps it (never happens).
            let mine: Vec<&Attr> = t.attrs.iter().filter(|a| a.name == name).collect();
            if let [a] = mine[..] {
                if a.value.as_deref() == Some(value) {
                    cuts.push(a.at);
                }
            }
        }
        gained.push_str(&attr);
    }
    if gained.is_empty() {
        return 0;
    }
    let before: usize = cuts.iter().map(|c| c.2 - c.1).sum();
    cuts.sort_unstable();
    for &(k, a, b) in cuts.iter().rev() {
        if let Piece::Text(t) = &mut pieces[k] {
            t.replace_range(a..b, "");
        }
    }
    // The group's tag ends before any cut (its attributes are not cut).
    let (k, at) = group.end.unwrap_or_default();
    if let Piece::Text(t) = &mut pieces[k] {
        t.insert_str(at, &gained);
    }
    before.saturating_sub(gained.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write;

    fn layer(paths: &[&str]) -> (Markup, Mark) {
        let mut m = Markup::new();
        m.push_str("<g id=\"before\"/>\n");
        let at = m.mark();
        m.push_str("<g");
        m.id("rivers");
        m.push_str(">\n");
        for attrs in paths {
            let _ = write!(m, "<g data-f=\"rivers/0\">");
            m.path("M0 0L1 1");
            let _ = writeln!(m, "{attrs}/></g>");
        }
        m.push_str("</g>\n");
        (m, at)
    }

    #[test]
    fn shared_paint_goes_up_to_the_group() {
        let a = " fill=\"none\" stroke=\"#0978ab\" stroke-width=\"1.3\" stroke-opacity=\"0.9\"";
        let b = " fill=\"none\" stroke=\"#0978ab\" stroke-width=\"2.2\" stroke-opacity=\"0.9\"";
        let (mut m, at) = layer(&[a, b, a]);
        let saved = hoist(&mut m, at);
        let svg = m.to_svg();
        assert_eq!(
            svg,
            "<g id=\"before\"/>\n<g id=\"rivers\" fill=\"none\" stroke=\"#0978ab\" stroke-width=\"1.3\" stroke-opacity=\"0.9\">\n\
             <g data-f=\"rivers/0\"><path d=\"M0 0L1 1\"/></g>\n\
             <g data-f=\"rivers/0\"><path d=\"M0 0L1 1\" stroke-width=\"2.2\"/></g>\n\
             <g data-f=\"rivers/0\"><path d=\"M0 0L1 1\"/></g>\n</g>\n"
        );
        let (plain, _) = layer(&[a, b, a]);
        assert_eq!(plain.to_svg().len() - svg.len(), saved);
    }

    #[test]
    fn what_one_shape_leaves_to_inheritance_stays_put() {
        // The second path has no stroke-opacity: it must stay opaque.
        let (mut m, at) = layer(&[
            " stroke=\"#000\" stroke-opacity=\"0.9\"",
            " stroke=\"#000\"",
            " stroke=\"#000\" stroke-opacity=\"0.9\"",
        ]);
        hoist(&mut m, at);
        let svg = m.to_svg();
        assert!(svg.contains("<g id=\"rivers\" stroke=\"#000\">"), "{svg}");
        assert_eq!(svg.matches("stroke-opacity=\"0.9\"").count(), 2, "{svg}");
    }

    /// Each path's paint as drawn: its own attribute, else its nearest
    /// ancestor's, else none.
    fn effective(svg: &str) -> Vec<Vec<(&'static str, Option<String>)>> {
        let doc = resvg::usvg::roxmltree::Document::parse(svg).unwrap();
        doc.descendants()
            .filter(|n| n.has_tag_name("path"))
            .map(|p| {
                INHERITED
                    .iter()
                    .map(|name| {
                        let v = p
                            .ancestors()
                            .find_map(|a| a.attribute(*name))
                            .map(str::to_string);
                        (*name, v)
                    })
                    .collect()
            })
            .collect()
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// Whatever attributes the shapes write, every shape draws with the
        /// same paint after the move as before.
        #[test]
        fn every_shape_keeps_its_paint(
            shapes in proptest::collection::vec(
                proptest::collection::vec((0usize..4, 0usize..3), 0..5),
                1..8,
            ),
            nested in proptest::bool::ANY,
        ) {
            let names = ["fill", "stroke", "stroke-width", "stroke-opacity"];
            let values = ["none", "#fff", "1.5"];
            let mut m = Markup::new();
            let at = m.mark();
            m.push_str("<g");
            m.id("layer");
            m.push_str(">\n");
            for attrs in &shapes {
                if nested {
                    m.push_str("<g data-f=\"l/0\">");
                }
                m.path("M0 0L1 1");
                let mut seen = Vec::new();
                for &(n, v) in attrs {
                    if !seen.contains(&n) {
                        seen.push(n);
                        let _ = write!(m, " {}=\"{}\"", names[n], values[v]);
                    }
                }
                m.push_str("/>");
                if nested {
                    m.push_str("</g>");
                }
                m.push_str("\n");
            }
            m.push_str("</g>\n");
            let before = m.to_svg();
            let saved = hoist(&mut m, at);
            let after = m.to_svg();
            prop_assert_eq!(effective(&before), effective(&after));
            prop_assert_eq!(before.len() - after.len(), saved);
        }
    }

    #[test]
    fn patterns_text_and_foreign_elements_are_left_alone() {
        let mut m = Markup::new();
        let at = m.mark();
        m.push_str("<g id=\"control\">");
        for _ in 0..3 {
            m.path("M0 0");
            m.push_str(" fill=\"");
            m.pattern(1);
            m.push_str("\" stroke=\"#fff\"/>");
        }
        m.push_str("</g>\n");
        hoist(&mut m, at);
        let svg = m.to_svg();
        assert!(
            svg.starts_with("<g id=\"control\" stroke=\"#fff\">"),
            "{svg}"
        );
        assert_eq!(svg.matches("fill=\"url(#hatch1)\"").count(), 3, "{svg}");

        let mut m = Markup::new();
        let at = m.mark();
        m.push_str("<g id=\"x\"><path d=\"M0 0\" fill=\"red\"/><path d=\"M1 1\" fill=\"red\"/><text fill=\"red\">A</text></g>");
        let before = m.to_svg();
        assert_eq!(hoist(&mut m, at), 0);
        assert_eq!(m.to_svg(), before);
    }
}
