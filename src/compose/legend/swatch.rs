//! A legend swatch as drawn: the box its strokes, arrowheads, teeth and
//! markers cover (they may reach past the swatch's nominal box: a thick
//! projector arrow's head is wider than the row), so that the tile behind
//! it and the rows around it leave room for all of it.

use std::fmt::Write;

use resvg::usvg;

use super::{legend_entries_of, shown_entries, swatch_geometry, Entry};
use crate::compose::furniture::{footer_geometry, PLAIN};
use crate::compose::markup::Markup;
use crate::compose::prepared::{context, Prepared};
use crate::compose::svg::num;
use crate::compose::symbols::{self, Defs, Props};
use crate::compose::text;
use crate::model::Phase;
use crate::style::StyleLayer;

/// Space kept between a swatch as drawn and the edge of its tile, px.
pub(in crate::compose) const TILE_PAD: f64 = 3.0;

/// The box `[x0, y0, x1, y1]` that `layer`'s swatch covers as drawn with
/// `props` in a nominal box `w` x `h` at the origin, that box included;
/// stroke widths, line caps and joins count.
pub(in crate::compose) fn drawn_box(layer: &StyleLayer, props: &Props, w: f64, h: f64) -> [f64; 4] {
    let nominal = [0.0, 0.0, w, h];
    let mut m = Markup::new();
    // Patterns fill inside the drawn outline: they need not resolve here.
    let mut defs = Defs::default();
    symbols::draw(
        &mut m,
        &mut defs,
        layer,
        props,
        &swatch_geometry(layer.kind, 0.0, 0.0, w, h),
        "",
    );
    if m.is_empty() {
        return nominal;
    }
    // A canvas far larger than any swatch, the swatch in its middle, so
    // nothing is cut at the edges before it is measured.
    let (cw, ch) = (w * 8.0 + 400.0, h * 8.0 + 400.0);
    let (ox, oy) = ((cw - w) / 2.0, (ch - h) / 2.0);
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{cw}\" height=\"{ch}\"><g transform=\"translate({ox} {oy})\">{}</g></svg>",
        m.to_svg()
    );
    let Ok(tree) = usvg::Tree::from_str(&svg, &usvg::Options::default()) else {
        return nominal;
    };
    if !tree.root().has_children() {
        return nominal;
    }
    let b = tree.root().abs_stroke_bounding_box();
    [
        (b.left() as f64 - ox).min(0.0),
        (b.top() as f64 - oy).min(0.0),
        (b.right() as f64 - ox).max(w),
        (b.bottom() as f64 - oy).max(h),
    ]
}

/// The box every swatch of the legend entries of `phases` covers as drawn
/// (relative to a swatch's nominal box, that box included), and the row
/// height they need at least, so that no swatch as drawn (with its tile's
/// margin, on a page with tiles) reaches another entry's swatch or text:
/// thick strokes and wide arrowheads never spill into the next row. A
/// swatch is centred on its row, its text's baseline at 0.62 of the row.
pub(in crate::compose) fn row_room(p: &Prepared, phases: &[&Phase]) -> ([f64; 4], f64) {
    let g = footer_geometry(p);
    let pn = p.power_name();
    let mut union = [0.0, 0.0, g.swatch_w, g.swatch_h];
    let Some(phase) = phases.first() else {
        return (union, 0.0);
    };
    let tiles = p.style.page.swatch_background.is_some();
    let margin = if tiles { TILE_PAD } else { 0.5 };
    for (_, _, layer, index) in legend_entries_of(p, phases) {
        let Some(f) = layer
            .source
            .as_deref()
            .and_then(|s| p.theatre.layer(s))
            .and_then(|tl| tl.features.get(index))
        else {
            continue;
        };
        // Sizes follow the feature, not the phase: any phase will do.
        let snapshot = phase.snapshot.to_string();
        let ctx = context(&f.properties, phase, &snapshot, &pn);
        let props = Props::new(&layer, &ctx, p.layout.scale);
        let b = drawn_box(&layer, &props, g.swatch_w, g.swatch_h);
        union = [
            union[0].min(b[0]),
            union[1].min(b[1]),
            union[2].max(b[2]),
            union[3].max(b[3]),
        ];
    }
    let (top, bottom) = (union[1] - margin, union[3] + margin);
    let (asc, desc) = text::ascent_descent(g.legend_size, PLAIN);
    let h = g.swatch_h;
    // Relative to a row's top, at row height r: a swatch covers
    // r/2 - h/2 + top .. r/2 - h/2 + bottom; a text r*0.62 - asc .. r*0.62 + desc.
    let need = [
        // A swatch clear of the next row's swatch (tiles 4 px apart),
        bottom - top + if tiles { p.layout.px(4.0) } else { 0.0 },
        // of the next row's text (r + 0.62r - asc >= r/2 - h/2 + bottom),
        (asc - h / 2.0 + bottom) / 1.12,
        // and of the previous row's text (r + r/2 - h/2 + top >= 0.62r + desc).
        (desc + h / 2.0 - top) / 0.88,
    ]
    .into_iter()
    .fold(0.0, f64::max);
    // Pages without tiles keep their rows: at full width no swatch of the
    // built-in styles reaches another entry there.
    // Not at article width either: the map keeps its share of the page
    // (the swatches' spill there is measured in tests/legend_swatches.rs).
    let grow = tiles && !p.layout.is_article();
    (union, if grow { need } else { 0.0 })
}

/// One row of a phase's legend as data, for a page that lays its legend
/// out itself (the interactive page): entries whose swatches look alike
/// merged as in the footer, each swatch drawn by the map's own symbol code
/// in a box of `size` at the origin (patterns from the scene's `<defs>`).
#[derive(Debug, Clone, PartialEq)]
pub struct LegendRow {
    /// Section heading.
    pub section: String,
    /// Text beside the swatch.
    pub label: String,
    /// The swatch's markup.
    pub swatch: Markup,
    /// Width and height of the swatch's box.
    pub size: [f64; 2],
}

/// The rows of `phase`'s legend (see [`LegendRow`]).
pub(in crate::compose) fn legend_rows(
    defs: &mut Defs,
    p: &Prepared,
    phase: &Phase,
    entries: &[Entry],
) -> Vec<LegendRow> {
    let g = footer_geometry(p);
    let snapshot = phase.snapshot.to_string();
    let pn = p.power_name();
    let shown = shown_entries(p, phase, entries);
    let mut rows = Vec::new();
    for (section, label, layer, index) in &shown {
        let Some(f) = layer
            .source
            .as_deref()
            .and_then(|s| p.theatre.layer(s))
            .and_then(|tl| tl.features.get(*index))
        else {
            continue;
        };
        let ctx = context(&f.properties, phase, &snapshot, &pn);
        let props = Props::new(layer, &ctx, p.layout.scale);
        let mut swatch = Markup::new();
        // The tile (of dark pages) and the box the page gives the swatch
        // cover it as drawn, wide strokes and heads included, and a margin.
        let own = drawn_box(layer, &props, g.swatch_w, g.swatch_h);
        let b = p.legend_box.map_or(own, |u| {
            [
                u[0].min(own[0]),
                u[1].min(own[1]),
                u[2].max(own[2]),
                u[3].max(own[3]),
            ]
        });
        let size = [b[2] - b[0] + 2.0 * TILE_PAD, b[3] - b[1] + 2.0 * TILE_PAD];
        if let Some(bg) = p.style.page.swatch_background {
            let _ = write!(
                swatch,
                "<rect width=\"{}\" height=\"{}\" fill=\"{}\"/>",
                num(size[0]),
                num(size[1]),
                bg.hex()
            );
        }
        let geometry = swatch_geometry(
            layer.kind,
            TILE_PAD - b[0],
            TILE_PAD - b[1],
            g.swatch_w,
            g.swatch_h,
        );
        symbols::draw(&mut swatch, defs, layer, &props, &geometry, "");
        rows.push(LegendRow {
            section: section.clone(),
            label: label.clone(),
            swatch,
            size,
        });
    }
    rows
}
