//! Under a sheet's panels: one scale bar for all of them (every panel is
//! the same map body, one projection at one scale) and each panel's
//! numbered notes, under the column of its panel, so the event numbers on
//! the panels have a key.

use super::footer::footnotes;
use super::furniture::{footer_geometry, write_text, BOLD, PLAIN};
use super::markup::Markup;
use super::prepared::Prepared;
use super::scale_bar::{write_scale_bar, MAIN_BAR};
use super::text;
use crate::model::Phase;

/// Where the notes go: panels in `cols` columns from `left`, each `col_w`
/// wide with `gap` between them.
pub(super) struct NoteColumns {
    pub cols: usize,
    pub left: f64,
    pub col_w: f64,
    pub gap: f64,
}

/// Lines of one panel's notes, wrapped to `width`: its heading (no mark),
/// then each note's lines, the first with the note's number.
fn panel_lines(p: &Prepared, phase: &Phase, width: f64) -> Vec<(Option<String>, String)> {
    let g = footer_geometry(p);
    let notes = footnotes(p, phase);
    if notes.is_empty() {
        return Vec::new();
    }
    let n = p.theatre.phase_number(&phase.id);
    let mut out = vec![(None, format!("{n}. {}", phase.title))];
    let indent = g.legend_size * 1.8;
    for (k, (_, _, note)) in notes.iter().enumerate() {
        for (i, line) in text::wrap(note, width - indent, g.legend_size, PLAIN)
            .into_iter()
            .enumerate()
        {
            out.push(((i == 0).then(|| (k + 1).to_string()), line));
        }
    }
    out
}

/// Writes the scale bar and the notes from `top`; returns their height
/// (0 when the style has no scale bar and no panel has notes).
pub(super) fn write_sheet_notes(
    out: &mut String,
    p: &Prepared,
    phases: &[&Phase],
    at: &NoteColumns,
    top: f64,
) -> f64 {
    let g = footer_geometry(p);
    let page = &p.style.page;
    let lay = p.layout;
    let mut y0 = top;
    if page.scale_bar {
        let mut bar = Markup::new();
        write_scale_bar(&mut bar, p, at.left, top + lay.px(22.0), &MAIN_BAR);
        bar.write_svg(out);
        y0 += lay.px(70.0);
    }
    let lh = g.legend_size * 1.35;
    let indent = g.legend_size * 1.8;
    let mut bottom = y0;
    let mut notes = String::new();
    for c in 0..at.cols.max(1) {
        let x = at.left + c as f64 * (at.col_w + at.gap);
        let mut y = y0;
        for phase in phases.iter().skip(c).step_by(at.cols.max(1)) {
            let lines = panel_lines(p, phase, at.col_w);
            for (mark, line) in &lines {
                y += lh;
                match mark {
                    None => write_text(
                        &mut notes,
                        x,
                        y,
                        g.legend_size,
                        "start",
                        page.text,
                        BOLD,
                        line,
                    ),
                    Some(number) => {
                        write_text(
                            &mut notes,
                            x,
                            y,
                            g.legend_size,
                            "start",
                            page.text,
                            BOLD,
                            number,
                        );
                        write_text(
                            &mut notes,
                            x + indent,
                            y,
                            g.legend_size,
                            "start",
                            page.text,
                            PLAIN,
                            line,
                        );
                    }
                }
            }
            if !lines.is_empty() {
                y += lh * 0.6;
            }
        }
        bottom = bottom.max(y);
    }
    if !notes.is_empty() {
        out.push_str("<g id=\"footnotes\">\n");
        out.push_str(&notes);
        out.push_str("</g>\n");
        bottom += lay.px(10.0);
    }
    bottom - top
}
