//! The legend of a sheet or change map: rows given as items (a swatch drawn
//! for given properties on a given phase) rather than taken from one phase.

use super::{keep_headings, split_columns, write_entry};
use crate::compose::furniture::{footer_geometry, write_text, BOLD};
use crate::compose::prepared::{context, Prepared};
use crate::compose::symbols::{Defs, Props};
use crate::model::Phase;
use crate::style::StyleLayer;

/// A legend row of a sheet or change map: the swatch is `layer` drawn for a
/// feature with `props` on `phase`.
#[derive(Debug, Clone)]
pub struct LegendItem {
    /// Section heading.
    pub section: String,
    /// Text beside the swatch.
    pub label: String,
    /// Style layer drawing the swatch.
    pub layer: StyleLayer,
    /// Feature properties the swatch is drawn for.
    pub props: serde_json::Map<String, serde_json::Value>,
    /// Phase the swatch is drawn for.
    pub phase: Phase,
}

/// Rows of `items` split into `cols` columns: (item or section heading).
fn item_columns(items: &[LegendItem], cols: usize) -> Vec<Vec<(Option<&LegendItem>, String)>> {
    let mut rows: Vec<(Option<&LegendItem>, String)> = Vec::new();
    let mut section: Option<&str> = None;
    for e in items {
        if section != Some(e.section.as_str()) && !e.section.is_empty() {
            rows.push((None, e.section.clone()));
        }
        section = Some(e.section.as_str());
        rows.push((Some(e), e.label.clone()));
    }
    // A short legend stays in one column rather than one row per column.
    let per_col = rows.len().div_ceil(cols.max(1)).max(rows.len().min(5));
    let split = split_columns(rows, (cols, per_col, true), |r| r.0.is_none(), |_| false);
    keep_headings(split, |r| match r.0 {
        Some(e) if !e.section.is_empty() => Some((None, e.section.clone())),
        _ => None,
    })
}

/// Height of the legend [`write_legend_items`] draws.
pub fn legend_items_height(p: &Prepared, items: &[LegendItem], cols: usize) -> f64 {
    let rows = item_columns(items, cols)
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(0);
    rows as f64 * footer_geometry(p).row_h
}

/// A legend of `items` in `cols` columns across `width` from (`x`, `top`).
pub fn write_legend_items(
    out: &mut String,
    defs: &mut Defs,
    p: &Prepared,
    items: &[LegendItem],
    (x, top, width): (f64, f64, f64),
    cols: usize,
) {
    let g = footer_geometry(p);
    let page = &p.style.page;
    let pn = p.power_name();
    let col_w = width / cols.max(1) as f64;
    out.push_str("<g id=\"legend\">\n");
    for (ci, col) in item_columns(items, cols).iter().enumerate() {
        let cx = x + ci as f64 * col_w;
        for (ri, (item, label)) in col.iter().enumerate() {
            let y = top + ri as f64 * g.row_h;
            let Some(item) = item else {
                write_text(
                    out,
                    cx,
                    y + g.row_h * 0.62,
                    g.legend_size,
                    "start",
                    page.text,
                    BOLD,
                    label,
                );
                continue;
            };
            let snapshot = item.phase.snapshot.to_string();
            let ctx = context(&item.props, &item.phase, &snapshot, &pn);
            let props = Props::new(&item.layer, &ctx, p.layout.scale);
            write_entry(out, defs, p, &g, &item.layer, &props, (cx, y), col_w, label);
        }
    }
    out.push_str("</g>\n");
}
