//! The footer under a phase map: caption, footnotes, scale bar, legend and
//! sources line.

use super::furniture::{footer_geometry, write_text, FooterGeometry, BOLD, PLAIN};
use super::legend::{self, label_lines, legend_columns, row_height, Entry};
use super::markup::Markup;
use super::prepared::{context, is_visible_layer, Prepared};
use super::scale_bar::{write_scale_bar, MAIN_BAR};
use super::symbols::Defs;
use super::text;
use crate::model::Phase;

/// Footnoted labels of `phase` (`phasemap:footnote` symbol layers): the map
/// shows a number, the footer the full text. (style layer, feature, text).
pub(super) fn footnotes(p: &Prepared, phase: &Phase) -> Vec<(String, usize, String)> {
    let snapshot = phase.snapshot.to_string();
    let pn = p.power_name();
    let mut out = Vec::new();
    for layer in p.style.layers_for_phase(&phase.id) {
        let Some(sp) = layer.typed.symbol() else {
            continue;
        };
        let on = sp.footnote.constant().copied().unwrap_or(false);
        if !on || !is_visible_layer(&layer) {
            continue;
        }
        let Some(tl) = layer.source.as_deref().and_then(|s| p.theatre.layer(s)) else {
            continue;
        };
        let mut notes: Vec<(String, usize, String)> = Vec::new();
        for (i, _) in p.visible(&layer, phase) {
            let ctx = context(&tl.features[i].properties, phase, &snapshot, &pn);
            let sort = sp.footnote_sort.get_or_null(&ctx).unwrap_or_default();
            if let Some(text) = sp.field.get_or_null(&ctx) {
                notes.push((sort, i, text));
            }
        }
        // Stable: equal keys keep data order.
        notes.sort_by(|a, b| a.0.cmp(&b.0));
        out.extend(
            notes
                .into_iter()
                .map(|(_, i, text)| (layer.id.clone(), i, text)),
        );
    }
    out
}

type Note = (String, usize, String);

/// Columns of footnotes: two under a legend across the page, else one
/// (under the caption).
fn note_cols(p: &Prepared) -> usize {
    if p.legend_across() {
        2
    } else {
        1
    }
}

/// Footnote lines ("1 text"), wrapped to a column of the notes.
fn note_lines(p: &Prepared, notes: &[Note], g: &FooterGeometry) -> Vec<(Option<usize>, String)> {
    let mut out = Vec::new();
    let col_w = g.caption_w / note_cols(p) as f64;
    for (n, (_, _, text)) in notes.iter().enumerate() {
        let indent = g.legend_size * 1.8;
        for (k, line) in text::wrap(text, col_w - indent, g.legend_size, PLAIN)
            .into_iter()
            .enumerate()
        {
            out.push(((k == 0).then_some(n + 1), line));
        }
    }
    out
}

/// The caption paragraph: none where the legend runs across the page: at
/// article width, where the article prints it beside the map, and in an
/// animation's frames (see `Prepared::frames_of`).
fn caption_lines(p: &Prepared, phase: &Phase, g: &FooterGeometry) -> Vec<String> {
    if p.legend_across() {
        return Vec::new();
    }
    text::wrap(&phase.caption, g.caption_w, g.caption_size, PLAIN)
}

/// Lines per column when `lines` footnote lines go into `cols` columns (a
/// note's lines stay together).
fn note_split(lines: &[(Option<usize>, String)], cols: usize) -> usize {
    let mut per = lines.len().div_ceil(cols.max(1)).max(1);
    while per < lines.len() && lines[per].0.is_none() {
        per += 1;
    }
    per
}

/// Height of the legend of `entries` in its columns.
fn legend_height(p: &Prepared, g: &FooterGeometry, entries: &[Entry]) -> f64 {
    let col_w = g.legend_w / g.legend_cols as f64;
    legend_columns(entries, label_lines(p, g, col_w), g.legend_cols)
        .iter()
        .map(|col| col.iter().map(|(row, _)| row_height(row, g)).sum::<f64>())
        .fold(0.0, f64::max)
}

fn sources_lines(p: &Prepared) -> Vec<String> {
    let g = footer_geometry(p);
    let w = crate::model::words(&p.theatre.language);
    // The projection's name and parallels say what a map reader needs, at
    // any width; the PROJ string is for re-users and goes in the Commons
    // description (a projection the table does not name keeps it here).
    let projection = crate::model::describe_projection(&p.theatre.projection, w)
        .unwrap_or_else(|| p.theatre.projection.trim().to_string());
    let text = format!(
        "{} {} {} {}. {} {}{}{}.",
        w.sources.0,
        p.theatre.attribution.trim(),
        w.sources.1,
        projection,
        w.sources.2,
        w.quotes.0,
        p.style.name,
        w.quotes.1
    );
    text::wrap(
        &text,
        p.layout.width - 2.0 * p.layout.map_x,
        g.sources_size,
        PLAIN,
    )
}

/// Height of the footer for `phase` (the page uses the largest over all phases).
pub fn footer_height(p: &Prepared, phase: &Phase, entries: &[Entry], notes: &[Note]) -> f64 {
    let g = footer_geometry(p);
    let lines = note_lines(p, notes, &g);
    let notes_h = if p.legend_across() {
        note_split(&lines, note_cols(p)).min(lines.len())
    } else {
        lines.len()
    } as f64
        * g.legend_size
        * 1.35;
    let caption_h = caption_lines(p, phase, &g).len() as f64 * g.caption_size * 1.4
        + notes_h
        + if notes.is_empty() {
            0.0
        } else {
            g.caption_size
        };
    // At article width the legend as drawn (alike entries merged) sets the
    // height; elsewhere every entry, as before.
    let legend_h = if p.legend_across() {
        legend_height(p, &g, &legend::shown_entries(p, phase, entries))
    } else {
        legend_height(p, &g, entries)
    };
    let scale_h = if p.style.page.scale_bar {
        p.layout.px(70.0)
    } else {
        0.0
    };
    let sources_h = sources_lines(p).len() as f64 * g.sources_size * 1.4;
    let body = if p.legend_across() {
        legend_h + caption_h.max(scale_h)
    } else {
        (caption_h + scale_h).max(legend_h)
    };
    // At article width a tighter margin: the sources line's 8 px floor
    // (it was 7 px) would otherwise take the map under 55 % of the image.
    body + sources_h + p.layout.px(if p.layout.is_article() { 14.0 } else { 24.0 })
}

/// Caption, legend, scale bar and sources below the map; returns the legend
/// as (section, label) pairs.
pub fn write_footer(
    out: &mut String,
    defs: &mut Defs,
    p: &Prepared,
    phase: &Phase,
    entries: &[Entry],
    notes: &[Note],
    top: f64,
) -> Vec<(String, String)> {
    let g = footer_geometry(p);
    let page = &p.style.page;
    let article = p.legend_across();
    // At article width the legend comes first, the notes under it.
    let legend_top = top;
    let top = if article {
        top + legend_height(p, &g, &legend::shown_entries(p, phase, entries))
    } else {
        top
    };
    out.push_str("<g id=\"caption\">\n");
    let lines = caption_lines(p, phase, &g);
    for (i, line) in lines.iter().enumerate() {
        let y = top + g.caption_size + i as f64 * g.caption_size * 1.4;
        write_text(
            out,
            g.caption_x,
            y,
            g.caption_size,
            "start",
            page.text,
            PLAIN,
            line,
        );
    }
    out.push_str("</g>\n");
    let mut caption_bottom = top + lines.len() as f64 * g.caption_size * 1.4;
    if !notes.is_empty() {
        out.push_str("<g id=\"footnotes\">\n");
        let y0 = caption_bottom + g.caption_size;
        let lh = g.legend_size * 1.35;
        let note_lines = note_lines(p, notes, &g);
        let per = note_split(&note_lines, note_cols(p));
        let col_w = g.caption_w / note_cols(p) as f64;
        for (k, (number, line)) in note_lines.iter().enumerate() {
            let y = y0 + (k % per) as f64 * lh + g.legend_size;
            let x = g.caption_x + (k / per) as f64 * col_w;
            if let Some(n) = number {
                write_text(
                    out,
                    x,
                    y,
                    g.legend_size,
                    "start",
                    page.text,
                    BOLD,
                    &n.to_string(),
                );
            }
            write_text(
                out,
                x + g.legend_size * 1.8,
                y,
                g.legend_size,
                "start",
                page.text,
                PLAIN,
                line,
            );
        }
        out.push_str("</g>\n");
        caption_bottom = y0 + per.min(note_lines.len()) as f64 * lh;
    }
    if page.scale_bar {
        // Beside the notes at article width, under them otherwise.
        let (x, y) = if article {
            (g.caption_x + g.caption_w, top + p.layout.px(22.0))
        } else {
            (g.caption_x, caption_bottom + p.layout.px(22.0))
        };
        let mut bar = Markup::new();
        write_scale_bar(&mut bar, p, x, y, &MAIN_BAR);
        bar.write_svg(out);
    }

    legend::write_legend(out, defs, p, phase, entries, &g, legend_top);

    let lines = sources_lines(p);
    let bottom = legend_top + p.footer_height;
    out.push_str("<g id=\"sources\">\n");
    for (i, line) in lines.iter().enumerate() {
        let y = bottom
            - p.layout.px(if article { 8.0 } else { 14.0 })
            - (lines.len() - 1 - i) as f64 * g.sources_size * 1.4;
        write_text(
            out,
            g.caption_x,
            y,
            g.sources_size,
            "start",
            page.muted,
            PLAIN,
            line,
        );
    }
    out.push_str("</g>\n");
    entries
        .iter()
        .map(|(s, l, ..)| (s.clone(), l.clone()))
        .collect()
}

/// Sources lines across the page, the last one `bottom` from the top; returns their height.
pub fn write_sources(out: &mut String, p: &Prepared, bottom: f64) {
    let g = footer_geometry(p);
    let lines = sources_lines(p);
    out.push_str("<g id=\"sources\">\n");
    for (i, line) in lines.iter().enumerate() {
        let y = bottom - (lines.len() - 1 - i) as f64 * g.sources_size * 1.4;
        write_text(
            out,
            g.caption_x,
            y,
            g.sources_size,
            "start",
            p.style.page.muted,
            PLAIN,
            line,
        );
    }
    out.push_str("</g>\n");
}

/// Height of the sources lines.
pub fn sources_height(p: &Prepared) -> f64 {
    sources_lines(p).len() as f64 * footer_geometry(p).sources_size * 1.4
}
