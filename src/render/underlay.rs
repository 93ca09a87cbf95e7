//! What maps share is drawn once: the page background and the map's
//! bottom layers (sea, land) are the same on every map of one size and
//! style, so they are rasterised once and each map draws only the rest
//! over a copy of them.
//!
//! The PNG stays exactly what the written SVG renders to, byte for byte:
//! resvg draws a document by drawing the children of its root one after
//! another onto the same pixels, passing through groups that only move
//! their content (`<g>`, `<g id transform>`). A document is therefore cut
//! here into its drawn items (a leaf: an element that is not such a group),
//! each with the pass-through groups around it; the *underlay* is a
//! document of the leading items that the previous maps of the same size
//! drew alike, the *rest* a document of all the others, both with the
//! definitions. Drawing the underlay and then the rest draws every item in
//! the order it has in the SVG, with the same transforms, so the pixels
//! are those of the whole document. Two liberties are checked, not
//! assumed:
//!
//! * An item at the top of the document that differs between maps (a
//!   header naming the phase) may sit between shared ones (the page
//!   background before it, the sea after it). The shared items after it
//!   are drawn before it only when no pixel of theirs (their drawn box
//!   rounded out, plus two pixels for anti-aliasing) can be one of its:
//!   items that touch no common pixel can be drawn in either order.
//! * An item of the rest that refers to an element of the underlay by its
//!   id would lose it: then the whole document is drawn as one.
//!
//! Which items are shared is learnt from the maps already drawn (their
//! items' hashes); a map's underlay is found again by its text, so a
//! different underlay is never taken for the same one. The first map of a
//! size is drawn whole. Since the pixels never depend on what was shared,
//! the output is the same whichever map comes first.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use resvg::tiny_skia::{IntRect, PixmapMut, Transform};
use resvg::usvg;

use crate::compose::items_of;

/// Underlays kept: a run draws maps of a few sizes and kinds (pages,
/// change maps, animation frames), mostly one after another.
const KEPT: usize = 4;

/// Documents whose item hashes are remembered to find what maps share.
const REMEMBERED: usize = 4;

/// Pixels around an item's drawn box that anti-aliasing may touch.
const MARGIN: i32 = 2;

/// An SVG document of ours cut into its items.
pub(super) struct Cut<'a> {
    /// The `<svg …>` line (with the declaration, if any, before it).
    open: &'a str,
    /// Everything after the last item (`</svg>`).
    close: &'a str,
    /// Pass-through groups: opening line, closing line, enclosing group.
    groups: Vec<(&'a str, &'a str, Option<usize>)>,
    /// The items in drawing order.
    items: Vec<Item<'a>>,
}

/// One item of a [`Cut`].
struct Item<'a> {
    text: &'a str,
    /// Innermost pass-through group around it.
    group: Option<usize>,
    kind: Kind,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// Draws pixels.
    Drawn,
    /// Definitions and style: drawn by nothing themselves, needed by both
    /// documents.
    Defs,
    /// Title, description: drawn by nothing, kept with the rest.
    Inert,
}

impl<'a> Cut<'a> {
    /// Cuts a document written one element (or element boundary) a line,
    /// as compose writes them; `None` for anything else.
    pub(super) fn of(svg: &'a str) -> Option<Cut<'a>> {
        let start = svg.find("<svg")?;
        let open_end = start + svg[start..].find('\n')? + 1;
        let close_start = svg.rfind("</svg>")?;
        if close_start < open_end || !svg[close_start..].trim_end().ends_with("</svg>") {
            return None;
        }
        let mut cut = Cut {
            open: &svg[..open_end],
            close: &svg[close_start..],
            groups: Vec::new(),
            items: Vec::new(),
        };
        cut.add(&svg[open_end..close_start], None)?;
        Some(cut)
    }

    /// Adds the items of `body` (content of `group`).
    fn add(&mut self, body: &'a str, group: Option<usize>) -> Option<()> {
        for item in items_of(body) {
            if let Some((open, inner, close)) = pass_through(item) {
                self.groups.push((open, close, group));
                let g = self.groups.len() - 1;
                self.add(inner, Some(g))?;
                continue;
            }
            let tag = item.trim_start();
            let kind = if tag.starts_with("<defs") || tag.starts_with("<style") {
                Kind::Defs
            } else if ["<title", "<desc", "<metadata"]
                .iter()
                .any(|t| tag.starts_with(t))
                || tag.trim().is_empty()
            {
                Kind::Inert
            } else {
                Kind::Drawn
            };
            self.items.push(Item {
                text: item,
                group,
                kind,
            });
        }
        Some(())
    }

    /// The chain of groups around item `i`, outermost first.
    fn chain(&self, i: usize) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut g = self.items[i].group;
        while let Some(k) = g {
            chain.push(k);
            g = self.groups[k].2;
        }
        chain.reverse();
        chain
    }

    /// Hash of item `i` with the groups around it.
    fn hash(&self, i: usize) -> u64 {
        let mut h = DefaultHasher::new();
        for g in self.chain(i) {
            self.groups[g].0.hash(&mut h);
        }
        self.items[i].text.hash(&mut h);
        h.finish()
    }

    /// A document of the items `keep` says yes to, each inside its groups.
    fn document(&self, keep: impl Fn(usize) -> bool) -> String {
        let mut out = String::from(self.open);
        let mut open: Vec<usize> = Vec::new();
        for i in (0..self.items.len()).filter(|&i| keep(i)) {
            let chain = self.chain(i);
            let same = open.iter().zip(&chain).take_while(|(a, b)| a == b).count();
            while open.len() > same {
                let g = open.pop().unwrap_or_default();
                out.push_str(self.groups[g].1);
            }
            for &g in &chain[same..] {
                out.push_str(self.groups[g].0);
                open.push(g);
            }
            out.push_str(self.items[i].text);
        }
        while let Some(g) = open.pop() {
            out.push_str(self.groups[g].1);
        }
        out.push_str(self.close);
        out
    }
}

/// A block that is a group only moving its content (no attribute at all,
/// or a transform and perhaps an id, so resvg draws its children straight onto the page
/// and never into a layer of their own): its opening line, content and
/// closing line.
fn pass_through(item: &str) -> Option<(&str, &str, &str)> {
    let first = item.find('\n')? + 1;
    let open = &item[..first];
    let body = item.strip_suffix('\n')?;
    let last = body.rfind('\n')? + 1;
    if last < first || &item[last..] != "</g>\n" {
        return None;
    }
    let mut attrs = open.strip_prefix("<g")?.strip_suffix(">\n")?.trim();
    // A group with an id that does not move its content is an item of its
    // own (a header, a legend): found by its id, it can be measured.
    if !attrs.is_empty() && !attrs.contains("transform=\"") {
        return None;
    }
    while !attrs.is_empty() {
        let (name, rest) = attrs.split_once("=\"")?;
        if name != "id" && name != "transform" {
            return None;
        }
        let (value, rest) = rest.split_once('"')?;
        if value.contains(['<', '>']) {
            return None;
        }
        attrs = rest.trim_start();
    }
    Some((open, &item[first..last], &item[last..]))
}

/// Ids an item defines.
fn ids(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices(" id=\"").filter_map(move |(i, m)| {
        let rest = &text[i + m.len()..];
        rest.find('"').map(|e| &rest[..e])
    })
}

/// How a document is drawn in two parts.
pub(super) struct Plan {
    /// The shared items' document.
    pub underlay: String,
    /// The shared items drawn before items that precede them in the SVG.
    pub hoisted: Option<String>,
    /// Ids of those items they are drawn before.
    pub passed: Vec<String>,
    /// Everything else.
    pub rest: String,
}

/// A rasterised underlay, its premultiplied RGBA pixels kept as runs of
/// one colour (sea, land and page are long runs: a 2400 px page's
/// underlay is some hundred kilobytes instead of 18 MB).
pub(super) struct Underlay {
    /// (pixels in the run, colour), row after row.
    runs: Vec<(u32, [u8; 4])>,
    pub width: u32,
    pub height: u32,
    /// Pixels the hoisted items may touch.
    pub hoisted: Option<IntRect>,
}

struct Memory {
    /// (opening line, item hashes) of recent documents, newest last.
    seen: Vec<(String, Vec<u64>)>,
    /// (underlay document, its pixels), newest last.
    kept: Vec<(String, Arc<Underlay>)>,
}

static MEMORY: Mutex<Memory> = Mutex::new(Memory {
    seen: Vec::new(),
    kept: Vec::new(),
});

fn memory() -> std::sync::MutexGuard<'static, Memory> {
    MEMORY.lock().unwrap_or_else(|e| e.into_inner())
}

/// Forgets every underlay (their pixels are let go).
pub fn forget() {
    let mut m = memory();
    m.seen.clear();
    m.kept.clear();
}

/// How to draw `cut` in two parts, learnt from the documents drawn before
/// it, or `None` to draw it whole. Remembers its items either way.
pub(super) fn plan(cut: &Cut<'_>) -> Option<Plan> {
    let hashes: Vec<u64> = (0..cut.items.len()).map(|i| cut.hash(i)).collect();
    let shared = {
        let mut m = memory();
        let best = m
            .seen
            .iter()
            .filter(|(open, _)| open == cut.open)
            .map(|(_, seen)| shared_items(cut, &hashes, seen))
            .max_by_key(|s| s.iter().filter(|&&b| b).count());
        m.seen
            .retain(|(open, seen)| !(open == cut.open && *seen == hashes));
        m.seen.push((cut.open.to_string(), hashes));
        if m.seen.len() > REMEMBERED {
            m.seen.remove(0);
        }
        best?
    };
    let drawn_shared = (0..cut.items.len()).any(|i| shared[i] && cut.items[i].kind == Kind::Drawn);
    if !drawn_shared {
        return None;
    }
    // Nothing left to draw may refer to what the underlay holds.
    let rest_text: Vec<&str> = (0..cut.items.len())
        .filter(|&i| !shared[i])
        .map(|i| cut.items[i].text)
        .collect();
    for i in (0..cut.items.len()).filter(|&i| shared[i]) {
        for id in ids(cut.items[i].text) {
            let href = format!("#{id}");
            if rest_text.iter().any(|t| t.contains(&href)) {
                return None;
            }
        }
    }
    let first_passed = (0..cut.items.len())
        .find(|&i| !shared[i] && cut.items[i].kind == Kind::Drawn)
        .unwrap_or(cut.items.len());
    let hoisted_ix: Vec<usize> = (first_passed..cut.items.len())
        .filter(|&i| shared[i] && cut.items[i].kind == Kind::Drawn)
        .collect();
    let mut passed = Vec::new();
    if let Some(&last) = hoisted_ix.last() {
        for (item, _) in cut.items[first_passed..last]
            .iter()
            .zip(&shared[first_passed..last])
            .filter(|(item, &s)| !s && item.kind == Kind::Drawn)
        {
            // Only a top-level item with an id can be found and measured.
            let id = (item.group.is_none())
                .then(|| ids(first_line(item.text)).next())
                .flatten()?;
            passed.push(id.to_string());
        }
    }
    let defs = |i: usize| cut.items[i].kind == Kind::Defs;
    Some(Plan {
        underlay: cut.document(|i| shared[i] || defs(i)),
        hoisted: (!hoisted_ix.is_empty())
            .then(|| cut.document(|i| hoisted_ix.contains(&i) || defs(i))),
        passed,
        rest: cut.document(|i| !shared[i] || defs(i)),
    })
}

fn first_line(text: &str) -> &str {
    text.split_inclusive('\n').next().unwrap_or(text)
}

/// Which items of `cut` (hashes `hashes`) an earlier document (`seen`)
/// drew alike and can go into the underlay: the leading drawn items, past
/// top-level items that differ (they are checked when drawn), up to the
/// first differing item inside a group.
fn shared_items(cut: &Cut<'_>, hashes: &[u64], seen: &[u64]) -> Vec<bool> {
    let mut shared = vec![false; hashes.len()];
    for (i, item) in cut.items.iter().enumerate() {
        if item.kind != Kind::Drawn {
            continue;
        }
        if seen.get(i) == Some(&hashes[i]) {
            shared[i] = true;
        } else if item.group.is_some() {
            break;
        }
    }
    shared
}

/// The underlay of `plan`, rasterised now or earlier; `draw` rasterises a
/// document into premultiplied RGBA pixels.
pub(super) fn underlay(
    plan: &Plan,
    draw: impl Fn(&str) -> Option<(super::Raster, u32, u32)>,
    bounds: impl Fn(&str) -> Option<IntRect>,
) -> Option<Arc<Underlay>> {
    if let Some((_, u)) = memory().kept.iter().find(|(doc, _)| *doc == plan.underlay) {
        return Some(u.clone());
    }
    let (raster, width, height) = draw(&plan.underlay)?;
    let runs = runs_of(raster.pixmap()?.data());
    drop(raster);
    let hoisted = match &plan.hoisted {
        Some(doc) => Some(bounds(doc)?),
        None => None,
    };
    let u = Arc::new(Underlay {
        runs,
        width,
        height,
        hoisted,
    });
    let mut m = memory();
    if !m.kept.iter().any(|(doc, _)| *doc == plan.underlay) {
        m.kept.push((plan.underlay.clone(), u.clone()));
        if m.kept.len() > KEPT {
            m.kept.remove(0);
        }
    }
    Some(u)
}

/// The pixels a tree's drawing may touch, rounded out with the margin
/// anti-aliasing needs.
pub(super) fn touched(node: &usvg::Node) -> Option<IntRect> {
    let b = node.abs_layer_bounding_box()?;
    widen(b.x(), b.y(), b.width(), b.height())
}

/// The pixels a whole tree may touch.
pub(super) fn touched_tree(tree: &usvg::Tree) -> Option<IntRect> {
    let b = tree.root().abs_layer_bounding_box();
    widen(b.x(), b.y(), b.width(), b.height())
}

fn widen(x: f32, y: f32, w: f32, h: f32) -> Option<IntRect> {
    let x0 = x.floor() as i32 - MARGIN;
    let y0 = y.floor() as i32 - MARGIN;
    let x1 = (x + w).ceil() as i32 + MARGIN;
    let y1 = (y + h).ceil() as i32 + MARGIN;
    IntRect::from_ltrb(x0, y0, x1, y1)
}

/// Whether the items `passed` of the rest (found by id in `rest`) touch no
/// pixel the hoisted items may touch.
pub(super) fn passable(u: &Underlay, rest: &usvg::Tree, passed: &[String]) -> bool {
    let Some(h) = u.hoisted else {
        return true;
    };
    passed.iter().all(|id| {
        let Some(node) = rest.node_by_id(id) else {
            return false;
        };
        match touched(node) {
            None => node.abs_layer_bounding_box().is_none(),
            Some(r) => {
                r.right() <= h.left()
                    || h.right() <= r.left()
                    || r.bottom() <= h.top()
                    || h.bottom() <= r.top()
            }
        }
    })
}

/// Draws the rest over a copy of the underlay.
pub(super) fn draw_over(u: &Underlay, rest: &usvg::Tree, pixmap: &mut PixmapMut<'_>) -> bool {
    if pixmap.width() != u.width || pixmap.height() != u.height {
        return false;
    }
    let mut at = 0;
    let data = pixmap.data_mut();
    for &(n, c) in &u.runs {
        let end = at + n as usize * 4;
        for px in data[at..end].chunks_exact_mut(4) {
            px.copy_from_slice(&c);
        }
        at = end;
    }
    resvg::render(rest, Transform::identity(), pixmap);
    HITS.fetch_add(1, Ordering::Relaxed);
    true
}

/// Maps drawn over an underlay since the program started.
static HITS: AtomicUsize = AtomicUsize::new(0);

/// How many maps were drawn over an underlay so far.
pub fn hits() -> usize {
    HITS.load(Ordering::Relaxed)
}

/// Premultiplied RGBA pixels as runs of one colour.
fn runs_of(pixels: &[u8]) -> Vec<(u32, [u8; 4])> {
    let mut runs: Vec<(u32, [u8; 4])> = Vec::new();
    for px in pixels.chunks_exact(4) {
        let c = [px[0], px[1], px[2], px[3]];
        match runs.last_mut() {
            Some((n, last)) if *last == c && *n < u32::MAX => *n += 1,
            _ => runs.push((1, c)),
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "<svg width=\"10\" height=\"10\">\n<defs>\n<rect id=\"c\"/>\n</defs>\n<rect width=\"10\" height=\"10\"/>\n<g id=\"h\">\n<text>A</text>\n</g>\n<g id=\"map\" transform=\"translate(1 2)\">\n<g>\n<rect id=\"sea\"/>\n<g id=\"land\" fill=\"red\">\n<path d=\"M0 0\"/>\n</g>\n<g id=\"zones\">\n<path d=\"M1 1\"/>\n</g>\n</g>\n</g>\n</svg>\n";

    #[test]
    fn a_document_is_cut_into_items_inside_their_groups() {
        let cut = Cut::of(DOC).unwrap();
        let texts: Vec<&str> = cut.items.iter().map(|i| first_line(i.text)).collect();
        assert_eq!(
            texts,
            [
                "<defs>\n",
                "<rect width=\"10\" height=\"10\"/>\n",
                "<g id=\"h\">\n",
                "<rect id=\"sea\"/>\n",
                "<g id=\"land\" fill=\"red\">\n",
                "<g id=\"zones\">\n"
            ]
        );
        assert_eq!(cut.chain(4), [0, 1]);
        // All of it again is the document itself.
        assert_eq!(cut.document(|_| true), DOC);
    }

    #[test]
    fn the_underlay_is_what_maps_drew_alike_and_the_rest_the_others() {
        forget();
        let other = DOC.replace("<text>A", "<text>B").replace("M1 1", "M2 2");
        assert!(
            plan(&Cut::of(&other).unwrap()).is_none(),
            "nothing seen yet"
        );
        let p = plan(&Cut::of(DOC).unwrap()).unwrap();
        assert!(p.underlay.contains("id=\"land\"") && !p.underlay.contains("zones"));
        assert!(!p.underlay.contains("<text>") && p.underlay.contains("<defs>"));
        assert!(p.rest.contains("<text>A") && p.rest.contains("M1 1"));
        assert!(!p.rest.contains("id=\"sea\"") && p.rest.contains("<defs>"));
        assert_eq!(p.passed, ["h"]);
        assert!(p.hoisted.unwrap().contains("id=\"sea\""));
        // A rest that refers to the underlay is drawn whole.
        let refers = DOC.replace("M1 1", "M1 1\"/><use href=\"#land");
        assert!(plan(&Cut::of(&refers).unwrap()).is_none());
        forget();
    }

    #[test]
    fn runs_give_back_the_pixels() {
        let pixels: Vec<u8> = [[1, 2, 3, 4], [1, 2, 3, 4], [0, 0, 0, 0], [1, 2, 3, 4]].concat();
        let u = Underlay {
            runs: runs_of(&pixels),
            width: 2,
            height: 2,
            hoisted: None,
        };
        assert_eq!(u.runs.len(), 3);
        let mut p = resvg::tiny_skia::Pixmap::new(2, 2).unwrap();
        let tree = usvg::Tree::from_str(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"2\" height=\"2\"/>",
            &usvg::Options::default(),
        )
        .unwrap();
        assert!(draw_over(&u, &tree, &mut p.as_mut()));
        assert_eq!(p.data(), &pixels[..]);
    }

    #[test]
    fn only_groups_that_move_their_content_are_passed_through() {
        assert!(pass_through("<g>\n<a/>\n</g>\n").is_some());
        assert!(pass_through("<g id=\"m\" transform=\"translate(1 2)\">\n<a/>\n</g>\n").is_some());
        assert!(pass_through("<g opacity=\"0.5\">\n<a/>\n</g>\n").is_none());
        assert!(pass_through("<g clip-path=\"url(#c)\">\n<a/>\n</g>\n").is_none());
        assert!(pass_through("<g fill=\"red\">\n<a/>\n</g>\n").is_none());
        assert!(pass_through("<g id=\"header\">\n<a/>\n</g>\n").is_none());
    }
}
