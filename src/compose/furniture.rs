//! What all page furniture shares: its two fonts, one way to write a line
//! of text, and the footer's measures.

use std::fmt::Write;

use super::prepared::Prepared;
use super::svg::{escape, num, val};
use super::text::FontStyle;
use crate::style::Color;

pub(super) const BOLD: FontStyle = FontStyle {
    bold: true,
    italic: false,
};
pub(super) const PLAIN: FontStyle = FontStyle {
    bold: false,
    italic: false,
};

#[allow(clippy::too_many_arguments)]
pub(super) fn write_text(
    out: &mut String,
    x: f64,
    y: f64,
    size: f64,
    anchor: &str,
    fill: Color,
    font: FontStyle,
    content: &str,
) {
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" font-size=\"{}\"{}{} fill=\"{}\">{}</text>",
        num(x),
        num(y),
        val(size),
        if anchor == "start" {
            String::new()
        } else {
            format!(" text-anchor=\"{anchor}\"")
        },
        font.svg_attrs(),
        fill.hex(),
        escape(content)
    );
}

/// A text line (for sheet and change-map headers).
pub fn write_line(
    out: &mut String,
    p: &Prepared,
    (x, y): (f64, f64),
    size: f64,
    bold: bool,
    muted: bool,
    content: &str,
) {
    let page = &p.style.page;
    let fill = if muted { page.muted } else { page.text };
    write_text(
        out,
        x,
        y,
        p.layout.text_px(size),
        "start",
        fill,
        if bold { BOLD } else { PLAIN },
        content,
    );
}

pub(super) struct FooterGeometry {
    pub(super) caption_x: f64,
    pub(super) caption_w: f64,
    pub(super) legend_x: f64,
    pub(super) legend_w: f64,
    /// Columns of the phase map's legend.
    pub(super) legend_cols: usize,
    pub(super) caption_size: f64,
    pub(super) row_h: f64,
    pub(super) swatch_w: f64,
    pub(super) swatch_h: f64,
    /// From a legend entry's left edge to its text: past the swatch, or
    /// past its tile where the swatches as drawn reach further.
    pub(super) text_dx: f64,
    pub(super) legend_size: f64,
    pub(super) sources_size: f64,
}

pub(super) fn footer_geometry(p: &Prepared) -> FooterGeometry {
    let lay = p.layout;
    let right = lay.width - lay.map_x;
    // At article width and in an animation's frames (no caption) the
    // legend spans the page in as many columns as fit, above the footnotes;
    // else the caption is left, the legend right.
    let (legend_x, legend_cols) = if p.legend_across() {
        let cols = ((right - lay.map_x) / lay.px(360.0)).floor();
        (lay.map_x, cols.clamp(2.0, 4.0) as usize)
    } else {
        (lay.map_x + (right - lay.map_x) * 0.5, 2)
    };
    FooterGeometry {
        caption_x: lay.map_x,
        caption_w: if p.legend_across() {
            (right - lay.map_x) * 0.66
        } else {
            legend_x - lay.map_x - lay.px(40.0)
        },
        legend_x,
        legend_w: right - legend_x,
        legend_cols,
        caption_size: lay.text_px(19.0),
        // Rows closer at article width, where every line of the page counts.
        // At least what the widest swatch needs (see `legend::row_room`).
        row_h: lay
            .px(if lay.is_article() { 23.0 } else { 30.0 })
            .max(p.legend_row_h),
        swatch_w: lay.px(46.0),
        text_dx: p
            .legend_box
            .map_or(0.0, |b| {
                let tile = if p.style.page.swatch_background.is_some() {
                    3.0
                } else {
                    0.0
                };
                b[2] + tile + lay.px(6.0)
            })
            .max(lay.px(46.0) + lay.px(10.0)),
        swatch_h: lay.px(if lay.is_article() { 17.0 } else { 22.0 }),
        legend_size: lay.text_px(16.0),
        sources_size: lay.text_px(13.5),
    }
}
