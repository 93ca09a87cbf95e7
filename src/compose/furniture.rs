//! Page furniture generated from the data and the style: header, labels,
//! graticule labels, caption, legend (swatches drawn by the map's own symbol
//! code), scale bar and sources line.

use std::fmt::Write;

use geo::{Geometry, LineString, Point, Polygon};

use super::labels::PlacedLabel;
use super::svg::{escape, num, val};
use super::symbols::{self, Defs, Props};
use super::text::{self, FontStyle};
use super::{context, graticule::Graticule, Prepared};
use crate::model::{format_range, Phase};
use crate::style::{Color, LayerKind, StyleLayer};

const BOLD: FontStyle = FontStyle {
    bold: true,
    italic: false,
};
const PLAIN: FontStyle = FontStyle {
    bold: false,
    italic: false,
};

#[allow(clippy::too_many_arguments)]
fn write_text(
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

/// A map label: one `<text>`, its halo a stroke painted beneath the fill
/// (`paint-order`).
pub fn write_label(out: &mut String, l: &PlacedLabel) {
    let transform = if l.angle.abs() > 0.05 {
        format!(
            " transform=\"rotate({} {} {})\"",
            val(l.angle),
            num(l.x),
            num(l.y)
        )
    } else {
        String::new()
    };
    let anchor = if l.text_anchor == "start" {
        String::new()
    } else {
        format!(" text-anchor=\"{}\"", l.text_anchor)
    };
    let common = format!(
        "x=\"{}\" y=\"{}\" font-size=\"{}\"{anchor}{}{transform}",
        num(l.x),
        num(l.y),
        val(l.size),
        l.font.svg_attrs()
    );
    let opacity = if l.paint.2 < 1.0 {
        format!(" opacity=\"{}\"", val(l.paint.2))
    } else {
        String::new()
    };
    let _ = write!(out, "<g data-label=\"{}\"{opacity}>", escape(&l.key));
    // One text element, its halo stroked beneath the fill (paint-order):
    // half the text layout of a separate halo copy, for resvg, librsvg 2.50+
    // and browsers alike. Mitred joins (bevelled past twice the half-width)
    // look the same as round ones at 200 % and cost resvg a sixth less:
    // halos are most of a page's text time.
    let halo = l.paint.1.as_ref().map_or(String::new(), |halo| {
        format!(
            " stroke=\"{halo}\" stroke-width=\"{}\" stroke-linejoin=\"miter\" stroke-miterlimit=\"2\" paint-order=\"stroke\"",
            val(l.halo * 2.0)
        )
    });
    let _ = writeln!(
        out,
        "<text {common} fill=\"{}\"{halo}>{}</text></g>",
        l.paint.0,
        escape(&l.text)
    );
}

/// The theatre's title at the top left of a comparison page (sheet, change map).
pub fn write_page_title(out: &mut String, p: &Prepared) {
    let lay = p.layout;
    write_line(
        out,
        p,
        (lay.map_x, lay.px(44.0)),
        34.0,
        true,
        false,
        &p.theatre.title,
    );
}

/// Title, phase title and dates above the map.
pub fn write_header(out: &mut String, p: &Prepared, phase: &Phase) {
    let lay = p.layout;
    let page = &p.style.page;
    let n = p.theatre.phase_number(&phase.id);
    out.push_str("<g id=\"header\">\n");
    write_text(
        out,
        lay.map_x,
        lay.px(44.0),
        lay.px(34.0),
        "start",
        page.text,
        BOLD,
        &p.theatre.title,
    );
    let line2 = format!("{}. {}", n, phase.title);
    write_text(
        out,
        lay.map_x,
        lay.px(82.0),
        lay.px(27.0),
        "start",
        page.text,
        PLAIN,
        &line2,
    );
    let dates = format!(
        "{} \u{b7} situation on {} \u{b7} phase {} of {}",
        format_range(phase.start, phase.end),
        phase.snapshot.long(),
        n,
        p.theatre.phases.len()
    );
    write_text(
        out,
        lay.map_x,
        lay.px(112.0),
        lay.px(19.0),
        "start",
        page.muted,
        PLAIN,
        &dates,
    );
    out.push_str("</g>\n");
}

/// Graticule labels just outside the frame (map coordinates).
pub fn write_graticule_labels(out: &mut String, p: &Prepared, g: &Graticule) {
    let lay = p.layout;
    let size = lay.px(15.0);
    let c = p.style.page.muted;
    let (w, h) = (p.projected.view.width, p.projected.view.height);
    out.push_str("<g id=\"graticule-labels\">\n");
    for (x, t) in &g.bottom {
        write_text(out, *x, h + lay.px(19.0), size, "middle", c, PLAIN, t);
    }
    for (x, t) in &g.top {
        write_text(out, *x, -lay.px(7.0), size, "middle", c, PLAIN, t);
    }
    for (y, t) in &g.left {
        write_text(out, -lay.px(5.0), y + size * 0.35, size, "end", c, PLAIN, t);
    }
    for (y, t) in &g.right {
        write_text(
            out,
            w + lay.px(5.0),
            y + size * 0.35,
            size,
            "start",
            c,
            PLAIN,
            t,
        );
    }
    out.push_str("</g>\n");
}

struct FooterGeometry {
    caption_x: f64,
    caption_w: f64,
    legend_x: f64,
    legend_w: f64,
    caption_size: f64,
    row_h: f64,
    swatch_w: f64,
    swatch_h: f64,
    legend_size: f64,
    sources_size: f64,
}

fn footer_geometry(p: &Prepared) -> FooterGeometry {
    let lay = p.layout;
    let right = lay.width - lay.map_x;
    let legend_x = lay.map_x + (right - lay.map_x) * 0.5;
    FooterGeometry {
        caption_x: lay.map_x,
        caption_w: legend_x - lay.map_x - lay.px(40.0),
        legend_x,
        legend_w: right - legend_x,
        caption_size: lay.px(19.0),
        row_h: lay.px(30.0),
        swatch_w: lay.px(46.0),
        swatch_h: lay.px(22.0),
        legend_size: lay.px(16.0),
        sources_size: lay.px(13.5),
    }
}

type Entry = (String, String, StyleLayer, usize);
type Note = (String, usize, String);

/// Footnote lines ("1 text"), wrapped to the caption column.
fn note_lines(notes: &[Note], g: &FooterGeometry) -> Vec<(Option<usize>, String)> {
    let mut out = Vec::new();
    for (n, (_, _, text)) in notes.iter().enumerate() {
        let indent = g.legend_size * 1.8;
        for (k, line) in text::wrap(text, g.caption_w - indent, g.legend_size, PLAIN)
            .into_iter()
            .enumerate()
        {
            out.push(((k == 0).then_some(n + 1), line));
        }
    }
    out
}

/// A row of the legend.
#[derive(Clone, Copy)]
enum Row<'a> {
    Heading,
    Entry(&'a Entry),
    /// A further line of the entry above, whose label was too long.
    More,
}

/// Legend rows: section headings and entries, an entry's label broken into
/// as many lines as `lines` makes of it, split into two columns.
fn legend_columns<'a>(
    entries: &'a [Entry],
    lines: impl Fn(&str) -> Vec<String>,
) -> Vec<Vec<(Row<'a>, String)>> {
    let mut rows: Vec<(Row, String)> = Vec::new();
    let mut section: Option<&str> = None;
    for e in entries {
        if section != Some(e.0.as_str()) && !e.0.is_empty() {
            rows.push((Row::Heading, e.0.clone()));
        }
        section = Some(e.0.as_str());
        for (k, line) in lines(&e.1).into_iter().enumerate() {
            rows.push((if k == 0 { Row::Entry(e) } else { Row::More }, line));
        }
    }
    // Split into two columns; a heading never ends a column on its own, and
    // an entry's lines stay together.
    let mut split = rows.len().div_ceil(2).max(1).min(rows.len());
    while split > 1
        && split < rows.len()
        && (matches!(rows[split - 1].0, Row::Heading) || matches!(rows[split].0, Row::More))
    {
        split -= 1;
    }
    let (a, b) = rows.split_at(split);
    [a.to_vec(), b.to_vec()]
        .into_iter()
        .filter(|c| !c.is_empty())
        .collect()
}

/// Line height (in font sizes) of a legend label's further lines: closer
/// than the rows, so they read as one entry.
const MORE_LINE: f64 = 1.25;

/// Height of a legend row.
fn row_height(row: &Row, g: &FooterGeometry) -> f64 {
    match row {
        Row::More => g.legend_size * MORE_LINE,
        _ => g.row_h,
    }
}

/// The lines of a legend label in a column `col_w` wide: wrapped at word
/// breaks (a 1000 px animation frame has narrow columns), each line then
/// fitted with an ellipsis if a single word is still too long.
fn label_lines(p: &Prepared, g: &FooterGeometry, col_w: f64) -> impl Fn(&str) -> Vec<String> {
    let max_w = label_width(p, g, col_w);
    let size = g.legend_size;
    move |label| {
        let lines = text::wrap(label, max_w, size, PLAIN);
        if lines.is_empty() {
            vec![String::new()]
        } else {
            lines
        }
    }
}

/// Room for an entry's label beside its swatch.
fn label_width(p: &Prepared, g: &FooterGeometry, col_w: f64) -> f64 {
    col_w - g.swatch_w - p.layout.px(18.0)
}

/// What a legend swatch looks like for a feature: the style layer and every
/// paint and layout value evaluated for it.
fn symbol_key(layer: &StyleLayer, ctx: &crate::style::EvalContext) -> String {
    let mut key = layer.id.clone();
    let mut props: Vec<(&String, &serde_json::Value)> =
        layer.paint.iter().chain(layer.layout.iter()).collect();
    props.sort_by(|a, b| a.0.cmp(b.0));
    for (k, v) in props {
        key.push_str(&format!("|{k}={}", crate::style::expr::eval(v, ctx)));
    }
    key
}

/// Entries of one section whose swatches look alike (and that show the
/// same power) become one entry: a legend showing the same symbol twice
/// under two names cannot tell the reader which is which. The labels are joined, a common last word once
/// ("British, Canadian troops").
fn merge_same_symbols(
    entries: &[Entry],
    key: impl Fn(&StyleLayer, usize) -> Option<String>,
) -> Vec<Entry> {
    let keys: Vec<Option<String>> = entries.iter().map(|e| key(&e.2, e.3)).collect();
    let mut out: Vec<Entry> = Vec::new();
    let mut done = vec![false; entries.len()];
    for i in 0..entries.len() {
        if done[i] {
            continue;
        }
        let mut labels = vec![entries[i].1.clone()];
        if keys[i].is_some() {
            for j in i + 1..entries.len() {
                if !done[j] && entries[j].0 == entries[i].0 && keys[j] == keys[i] {
                    done[j] = true;
                    labels.push(entries[j].1.clone());
                }
            }
        }
        let mut e = entries[i].clone();
        e.1 = join_labels(&labels);
        out.push(e);
    }
    out
}

/// "British troops", "Canadian troops" -> "British, Canadian troops".
fn join_labels(labels: &[String]) -> String {
    if labels.len() < 2 {
        return labels.first().cloned().unwrap_or_default();
    }
    let words: Vec<Vec<&str>> = labels
        .iter()
        .map(|l| l.split_whitespace().collect())
        .collect();
    let shortest = words.iter().map(Vec::len).min().unwrap_or(0);
    // The common trailing words, leaving each label at least one of its own.
    let mut common = 0;
    while common + 1 < shortest
        && words
            .iter()
            .all(|w| w[w.len() - 1 - common] == words[0][words[0].len() - 1 - common])
    {
        common += 1;
    }
    let heads: Vec<String> = words
        .iter()
        .map(|w| w[..w.len() - common].join(" "))
        .collect();
    let tail = words[0][words[0].len() - common..].join(" ");
    if tail.is_empty() {
        heads.join(", ")
    } else {
        format!("{} {tail}", heads.join(", "))
    }
}

fn caption_lines(_p: &Prepared, phase: &Phase, g: &FooterGeometry) -> Vec<String> {
    text::wrap(&phase.caption, g.caption_w, g.caption_size, PLAIN)
}

fn sources_lines(p: &Prepared) -> Vec<String> {
    let g = footer_geometry(p);
    let text = format!(
        "Sources: {} Projection: {}. Made with phasemap, style \u{201c}{}\u{201d}.",
        p.theatre.attribution.trim(),
        p.theatre.projection.trim(),
        p.style.name
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
    let caption_h = caption_lines(p, phase, &g).len() as f64 * g.caption_size * 1.4
        + note_lines(notes, &g).len() as f64 * g.legend_size * 1.35
        + if notes.is_empty() {
            0.0
        } else {
            g.caption_size
        };
    let legend_h = legend_columns(entries, label_lines(p, &g, g.legend_w / 2.0))
        .iter()
        .map(|col| col.iter().map(|(row, _)| row_height(row, &g)).sum::<f64>())
        .fold(0.0, f64::max);
    let scale_h = if p.style.page.scale_bar {
        p.layout.px(70.0)
    } else {
        0.0
    };
    let sources_h = sources_lines(p).len() as f64 * g.sources_size * 1.4;
    (caption_h + scale_h).max(legend_h) + sources_h + p.layout.px(24.0)
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
        let note_lines = note_lines(notes, &g);
        for (k, (number, line)) in note_lines.iter().enumerate() {
            let y = y0 + k as f64 * lh + g.legend_size;
            if let Some(n) = number {
                write_text(
                    out,
                    g.caption_x,
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
                g.caption_x + g.legend_size * 1.8,
                y,
                g.legend_size,
                "start",
                page.text,
                PLAIN,
                line,
            );
        }
        out.push_str("</g>\n");
        caption_bottom = y0 + note_lines.len() as f64 * lh;
    }
    if page.scale_bar {
        write_scale_bar(out, p, g.caption_x, caption_bottom + p.layout.px(22.0));
    }

    out.push_str("<g id=\"legend\">\n");
    let snapshot = phase.snapshot.to_string();
    let pn = p.power_name();
    let col_w = g.legend_w / 2.0;
    let shown = merge_same_symbols(entries, |layer, index| {
        let tl = layer.source.as_deref().and_then(|s| p.theatre.layer(s))?;
        let f = tl.features.get(index)?;
        let ctx = context(&f.properties, phase, &snapshot, &pn);
        // Two powers never share an entry, even if a style draws them alike.
        Some(format!(
            "{}|{}",
            f.str_prop("power").unwrap_or(""),
            symbol_key(layer, &ctx)
        ))
    });
    for (ci, col) in legend_columns(&shown, label_lines(p, &g, col_w))
        .iter()
        .enumerate()
    {
        let x = g.legend_x + ci as f64 * col_w;
        let (mut next, mut baseline) = (top, top);
        for (row, label) in col {
            let y = next;
            next += row_height(row, &g);
            baseline = match row {
                Row::More => baseline + g.legend_size * MORE_LINE,
                _ => y + g.row_h * 0.62,
            };
            match row {
                Row::Heading => write_text(
                    out,
                    x,
                    y + g.row_h * 0.62,
                    g.legend_size,
                    "start",
                    page.text,
                    BOLD,
                    label,
                ),
                Row::More => write_text(
                    out,
                    x + g.swatch_w + p.layout.px(10.0),
                    baseline,
                    g.legend_size,
                    "start",
                    page.text,
                    PLAIN,
                    &fit(label, label_width(p, &g, col_w), g.legend_size),
                ),
                Row::Entry((_, _, layer, index)) => {
                    let Some(tl) = layer.source.as_deref().and_then(|s| p.theatre.layer(s)) else {
                        continue;
                    };
                    let f = &tl.features[*index];
                    let ctx = context(&f.properties, phase, &snapshot, &pn);
                    let props = Props::new(layer, &ctx, p.layout.scale);
                    write_entry(out, defs, p, &g, layer, &props, (x, y), col_w, label);
                }
            }
        }
    }
    out.push_str("</g>\n");

    let lines = sources_lines(p);
    let bottom = top + p.footer_height;
    out.push_str("<g id=\"sources\">\n");
    for (i, line) in lines.iter().enumerate() {
        let y = bottom - p.layout.px(14.0) - (lines.len() - 1 - i) as f64 * g.sources_size * 1.4;
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
    let per_col = rows
        .len()
        .div_ceil(cols.max(1))
        .max(rows.len().min(5))
        .max(1);
    rows.chunks(per_col).map(|c| c.to_vec()).collect()
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
        p.layout.px(size),
        "start",
        fill,
        if bold { BOLD } else { PLAIN },
        content,
    );
}

/// One legend entry: the swatch (drawn by the map's own symbol code, on a
/// tile when the page asks for one) and its label, fitted to the column.
#[allow(clippy::too_many_arguments)]
fn write_entry(
    out: &mut String,
    defs: &mut Defs,
    p: &Prepared,
    g: &FooterGeometry,
    layer: &StyleLayer,
    props: &Props,
    (x, y): (f64, f64),
    col_w: f64,
    label: &str,
) {
    let page = &p.style.page;
    let sy = y + (g.row_h - g.swatch_h) / 2.0;
    if let Some(bg) = page.swatch_background {
        let _ = write!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>",
            num(x - 3.0),
            num(sy - 3.0),
            num(g.swatch_w + 6.0),
            num(g.swatch_h + 6.0),
            bg.hex()
        );
    }
    let swatch = swatch_geometry(layer.kind, x, sy, g.swatch_w, g.swatch_h);
    symbols::draw(out, defs, layer, props, &swatch, "");
    let max_w = label_width(p, g, col_w);
    write_text(
        out,
        x + g.swatch_w + p.layout.px(10.0),
        y + g.row_h * 0.62,
        g.legend_size,
        "start",
        page.text,
        PLAIN,
        &fit(label, max_w, g.legend_size),
    );
}

/// Shortens `label` with an ellipsis until it fits `max_w`.
fn fit(label: &str, max_w: f64, size: f64) -> String {
    if text::text_width(label, size, PLAIN) <= max_w {
        return label.to_string();
    }
    let mut chars: Vec<char> = label.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let s: String = chars.iter().collect::<String>().trim_end().to_string() + "\u{2026}";
        if text::text_width(&s, size, PLAIN) <= max_w {
            return s;
        }
    }
    String::new()
}

/// The sample geometry a legend swatch draws: a box, a line or a point.
fn swatch_geometry(kind: LayerKind, x: f64, y: f64, w: f64, h: f64) -> Geometry<f64> {
    match kind {
        LayerKind::Fill => Geometry::Polygon(Polygon::new(
            LineString::from(vec![(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)]),
            vec![],
        )),
        LayerKind::Line => Geometry::LineString(LineString::from(vec![
            (x + 2.0, y + h * 0.62),
            (x + w - 2.0, y + h * 0.62),
        ])),
        _ => Geometry::Point(Point::new(x + w / 2.0, y + h / 2.0)),
    }
}

/// A round length (1, 2, 2.5 or 5 times a power of ten) not above `v`.
pub fn nice_length(v: f64) -> f64 {
    let p = 10f64.powf(v.log10().floor());
    [5.0, 2.5, 2.0, 1.0]
        .iter()
        .map(|m| m * p)
        .find(|&c| c <= v)
        .unwrap_or(p)
}

fn write_scale_bar(out: &mut String, p: &Prepared, x: f64, y: f64) {
    let Some(m_per_px) = p.projected.view.metres_per_px_at_centre() else {
        return;
    };
    let lay = p.layout;
    let target_px = p.projected.view.width * 0.16;
    let km = nice_length(target_px * m_per_px / 1000.0);
    let bar = km * 1000.0 / m_per_px;
    let h = lay.px(9.0);
    let page = &p.style.page;
    let size = lay.px(15.0);
    let _ = write!(
        out,
        "<g id=\"scale-bar\" data-km=\"{}\" data-px=\"{}\">",
        val(km),
        val(bar)
    );
    for i in 0..4 {
        let fill = if i % 2 == 0 {
            page.text.hex()
        } else {
            page.background.hex()
        };
        let _ = write!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\" stroke=\"{}\" stroke-width=\"{}\"/>",
            num(x + bar * f64::from(i) / 4.0),
            num(y),
            num(bar / 4.0),
            num(h),
            page.text.hex(),
            val(lay.px(1.0))
        );
    }
    out.push('\n');
    let fmt = |v: f64| {
        if v.fract() == 0.0 {
            format!("{v:.0}")
        } else {
            format!("{v}")
        }
    };
    write_text(
        out,
        x,
        y + h + size * 1.2,
        size,
        "middle",
        page.text,
        PLAIN,
        "0",
    );
    write_text(
        out,
        x + bar / 2.0,
        y + h + size * 1.2,
        size,
        "middle",
        page.text,
        PLAIN,
        &fmt(km / 2.0),
    );
    write_text(
        out,
        x + bar,
        y + h + size * 1.2,
        size,
        "middle",
        page.text,
        PLAIN,
        &format!("{} km", fmt(km)),
    );
    write_text(
        out,
        x + bar + lay.px(40.0),
        y + h,
        lay.px(13.5),
        "start",
        page.muted,
        PLAIN,
        "true to scale at the map centre",
    );
    out.push_str("</g>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_lengths_are_round() {
        assert_eq!(nice_length(730.0), 500.0);
        assert_eq!(nice_length(260.0), 250.0);
        assert_eq!(nice_length(1999.0), 1000.0);
        assert_eq!(nice_length(2.1), 2.0);
    }

    #[test]
    fn labels_of_one_symbol_are_joined() {
        let j = |l: &[&str]| join_labels(&l.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            j(&["British troops", "Canadian troops", "French troops"]),
            "British, Canadian, French troops"
        );
        assert_eq!(j(&["Execution", "Massacre"]), "Execution, Massacre");
        assert_eq!(j(&["Japan"]), "Japan");
        assert_eq!(
            j(&["Red partisans", "partisans"]),
            "Red partisans, partisans"
        );
    }
}
