//! The page's map: one `<svg>` holding every phase, layers the same in
//! every phase once, dated layers once per phase, shown by the page's
//! style sheet; long path data that repeats is written once and reused.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::compose::markup::{pattern_id, write_path_start, Markup, Piece};
use crate::compose::share::{self, PathSharing};
use crate::compose::svg::{escape, num};
use crate::compose::{Def, Scene};

/// The `<defs>` the page's phases share, from the scenes' definitions as
/// data: each scene numbers its hatch patterns from 1, so the same number
/// can mean different patterns in two phases; the page names them by
/// content (`pm-hatchN`, in order of first use). Other definitions (an
/// inset's clip path) keep their ids and are written once.
pub(super) struct PageDefs {
    /// The definitions, one a line.
    svg: String,
    /// Per scene: its pattern number -> the page's pattern id.
    ids: Vec<BTreeMap<usize, String>>,
}

impl PageDefs {
    pub(super) fn of(scenes: &[Scene]) -> PageDefs {
        let mut by_body: BTreeMap<&str, String> = BTreeMap::new();
        let mut others: Vec<&str> = Vec::new();
        let mut svg = String::new();
        let mut ids = Vec::new();
        for s in scenes {
            let mut r = BTreeMap::new();
            for d in s.parts.defs.items() {
                match d {
                    Def::Pattern { n, body } => {
                        let k = by_body.len() + 1;
                        let id = by_body
                            .entry(body)
                            .or_insert_with(|| {
                                let id = format!("pm-hatch{k}");
                                let _ = writeln!(svg, "<pattern id=\"{id}\"{body}");
                                id
                            })
                            .clone();
                        r.insert(*n, id);
                    }
                    Def::Other(m) => {
                        if !others.contains(&m.as_str()) {
                            others.push(m);
                            let _ = writeln!(svg, "{m}");
                        }
                    }
                }
            }
            ids.push(r);
        }
        PageDefs { svg, ids }
    }

    /// Writes `m` of scene `k` with the page's pattern ids and plain paths.
    fn write(&self, out: &mut String, k: usize, m: &Markup) {
        m.write_with(out, &|n| self.pattern(k, n), "", &mut write_path_start);
    }

    fn pattern(&self, k: usize, n: usize) -> String {
        self.ids[k]
            .get(&n)
            .cloned()
            .unwrap_or_else(|| pattern_id(n))
    }

    /// `m` of scene `k` as the page writes it.
    pub(super) fn text(&self, k: usize, m: &Markup) -> String {
        let mut s = String::new();
        self.write(&mut s, k, m);
        s
    }
}

/// What the map `<svg>` holds, in order: markup of the page's own, and
/// pieces of a scene's markup, with the prefix its ids get (each phase's
/// copy of a piece that differs between phases has ids of its own).
enum Block<'a> {
    Own(String),
    Scene(usize, &'a Markup, String),
}

/// The map `<svg>`: shared layers once, dated layers once per phase. The
/// labels are left empty: the script places them for the view.
pub(super) fn map_svg(scenes: &[Scene], defs: &PageDefs) -> String {
    let [w, h] = scenes[0].parts.map_size;
    let mut order: Vec<&str> = Vec::new();
    for s in scenes {
        for (id, _) in &s.parts.layers {
            if !order.contains(&id.as_str()) {
                order.push(id);
            }
        }
    }
    let mut blocks: Vec<Block> = Vec::new();
    blocks.push(Block::Own("<g clip-path=\"url(#map-clip)\">\n".into()));
    // A layer drawn the same in every phase goes in once; else each phase's
    // piece in a group the page's style shows for that phase only.
    fn slot<'a>(
        blocks: &mut Vec<Block<'a>>,
        defs: &PageDefs,
        id: &str,
        pieces: Vec<Option<&'a Markup>>,
    ) {
        blocks.push(Block::Own(format!("<g data-layer=\"{}\">\n", escape(id))));
        let texts: Vec<Option<String>> = pieces
            .iter()
            .enumerate()
            .map(|(k, m)| m.map(|m| defs.text(k, m)))
            .collect();
        let same = texts[0].is_some() && texts.iter().all(|t| *t == texts[0]);
        for (k, m) in pieces.into_iter().enumerate() {
            let Some(m) = m else { continue };
            if same {
                blocks.push(Block::Scene(k, m, String::new()));
                break;
            }
            blocks.push(Block::Own(format!("<g data-ph=\"{k}\">\n")));
            blocks.push(Block::Scene(k, m, format!("ph{k}-")));
            blocks.push(Block::Own("</g>\n".into()));
        }
        blocks.push(Block::Own("</g>\n".into()));
    }
    for id in order.iter().filter(|id| **id != "labels") {
        let pieces = scenes
            .iter()
            .map(|s| s.parts.layers.iter().find(|(l, _)| l == id).map(|(_, m)| m))
            .collect();
        slot(&mut blocks, defs, id, pieces);
    }
    blocks.push(Block::Own("<g data-layer=\"labels\"></g>\n</g>\n".into()));
    let overlays = scenes.iter().map(|s| Some(&s.parts.overlay)).collect();
    slot(&mut blocks, defs, "frame", overlays);

    let (shared, body) = share_paths(&blocks, defs);
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg id=\"map-a\" class=\"map\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" \
         font-family=\"DejaVu Sans, Verdana, sans-serif\" role=\"img\" aria-labelledby=\"title-a\" \
         aria-describedby=\"captions\">\n<defs>\n{shared}\
         <clipPath id=\"map-clip\"><rect width=\"{w}\" height=\"{h}\"/></clipPath>\n{d}</defs>\n{body}</svg>\n",
        w = num(w),
        h = num(h),
        d = defs.svg,
    );
    svg
}

/// A polygon is often drawn twice (fill, then outline), and a territory that
/// did not change is drawn again in every phase: long path data that occurs
/// more than once is shared by the page's [`share::PAGE`] rule. Returns the
/// shared paths (for `<defs>`) and the blocks written.
fn share_paths(blocks: &[Block], defs: &PageDefs) -> (String, String) {
    let data = blocks.iter().flat_map(|b| match b {
        Block::Scene(_, m, _) => m.pieces(),
        Block::Own(_) => &[],
    });
    let mut sharing = PathSharing::count(
        share::PAGE,
        data.filter_map(|p| match p {
            Piece::Path(d) => Some(d.as_str()),
            _ => None,
        }),
    );
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Own(s) => out.push_str(s),
            Block::Scene(k, m, prefix) => {
                // Path data is written with the pieces, not from the
                // callback's argument, so the shared copies can borrow it.
                for p in m.pieces() {
                    match p {
                        Piece::Path(d) if sharing.shares(d) => sharing.write_use(&mut out, d),
                        p => Markup::write_piece(
                            p,
                            &mut out,
                            &|n| defs.pattern(*k, n),
                            prefix,
                            &mut write_path_start,
                        ),
                    }
                }
            }
        }
    }
    (sharing.defs(), out)
}

/// Rules that show phase `k` where the page says so: `data-a` (the phase on
/// view, the left one when comparing) and `data-b` (the right one) on
/// `#app`. Written into the page, so the first paint, before the script
/// runs, shows the first phase only.
pub(super) fn phase_rules(n: usize) -> String {
    let mut css = String::from(
        ".map g[data-ph], :is(#side, #legend) [data-ph] { display: none; }\n#legend li { --show: flex; }\n",
    );
    for k in 0..n {
        let _ = writeln!(
            css,
            "#app[data-a=\"{k}\"] #map-a g[data-ph=\"{k}\"], #app[data-b=\"{k}\"] #map-b g[data-ph=\"{k}\"] {{ display: inline; }}\n\
             #app[data-a=\"{k}\"] :is(#side, #legend) [data-ph~=\"{k}\"], #app[data-b=\"{k}\"] :is(#side, #legend) [data-ph~=\"{k}\"] {{ display: var(--show, block); }}"
        );
    }
    css
}
