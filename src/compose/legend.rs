//! The legend: which entries a phase shows, and how they are laid out and
//! drawn (swatches by the map's own symbol code).

use std::fmt::Write;

use geo::{Geometry, LineString, Point, Polygon};

use super::furniture::{write_text, FooterGeometry, BOLD, PLAIN};
use super::markup::Markup;
use super::prepared::{context, is_visible_layer, Prepared};
use super::svg::num;
use super::symbols::{self, Defs, Props};
use super::text;
use crate::model::Phase;
use crate::style::{expr, LayerKind, StyleLayer};
use swatch::TILE_PAD;

mod items;
mod swatch;
pub use items::{legend_items_height, write_legend_items, LegendItem};
pub use swatch::LegendRow;
pub(super) use swatch::{legend_rows, row_room};

/// Legend entries visible in `phase`: (section, label, style layer, feature index).
pub(super) fn legend_entries(p: &Prepared, phase: &Phase) -> Vec<Entry> {
    legend_entries_of(p, &[phase])
}

/// Legend entries visible in any of `phases`, each once (an animation's
/// one legend for all its frames), grouped as a phase's are.
pub(super) fn legend_entries_of(p: &Prepared, phases: &[&Phase]) -> Vec<Entry> {
    let pn = p.power_name();
    let mut out: Vec<Entry> = Vec::new();
    for (phase, layer) in phases.iter().flat_map(|ph| {
        p.style
            .layers_for_phase(&ph.id)
            .into_iter()
            .map(move |l| (*ph, l))
    }) {
        let snapshot = phase.snapshot.to_string();
        let Some((label_expr, section)) = layer.legend.clone() else {
            continue;
        };
        if !is_visible_layer(&layer) {
            continue;
        }
        let section = section.unwrap_or_default();
        let Some(tl) = layer.source.as_deref().and_then(|s| p.theatre.layer(s)) else {
            continue;
        };
        for (i, _) in p.visible(&layer, phase) {
            let ctx = context(&tl.features[i].properties, phase, &snapshot, &pn);
            let label = expr::to_text(&expr::eval(&label_expr, &ctx));
            if label.is_empty() || out.iter().any(|(s, l, ..)| *s == section && *l == label) {
                continue;
            }
            out.push((section.clone(), label, layer.clone(), i));
        }
    }
    // Entries of one section stay together, sections in order of first appearance.
    let mut sections: Vec<String> = Vec::new();
    for (s, ..) in &out {
        if !sections.contains(s) {
            sections.push(s.clone());
        }
    }
    // Within a section, powers grouped by side in the sides' order (stable:
    // entries keep data order within a side; entries of no power last).
    let side_rank = |e: &Entry| {
        let power =
            e.2.source
                .as_deref()
                .and_then(|s| p.theatre.layer(s))
                .and_then(|l| l.features.get(e.3))
                .and_then(|f| f.str_prop("power"));
        side_rank(p, power, &e.1)
    };
    let mut grouped = Vec::with_capacity(out.len());
    for s in sections {
        let mut section: Vec<Entry> = out.iter().filter(|e| e.0 == s).cloned().collect();
        section.sort_by_key(side_rank);
        grouped.extend(section);
    }
    grouped
}

/// Where a legend entry for `power` labelled `label` goes within its
/// section: its power's side's place in the theatre's side order; a power
/// of no side after every side; an entry that does not name its power
/// ("extent uncertain") last.
pub(super) fn side_rank(p: &Prepared, power: Option<&str>, label: &str) -> usize {
    match power.filter(|c| label.contains(p.theatre.power_name(c))) {
        None => usize::MAX,
        Some(code) => p
            .theatre
            .side_of(code)
            .and_then(|s| p.theatre.sides.iter().position(|t| t.id == s.id))
            .unwrap_or(usize::MAX - 1),
    }
}

pub(super) type Entry = (String, String, StyleLayer, usize);

/// A row of the legend.
#[derive(Clone, Copy)]
pub(super) enum Row<'a> {
    Heading,
    Entry(&'a Entry),
    /// A further line of the entry above, whose label was too long.
    More,
}

/// Legend rows: section headings and entries, an entry's label broken into
/// as many lines as `lines` makes of it, split into `cols` columns of about
/// equal height.
pub(super) fn legend_columns<'a>(
    entries: &'a [Entry],
    lines: impl Fn(&str) -> Vec<String>,
    cols: usize,
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
    let per_col = rows.len().div_ceil(cols.max(1));
    // A map's legend is short of room (the map's share of the page at
    // article width): a section continued in the next column repeats no
    // heading there, but columns break at sections where that is no taller.
    split_columns(
        rows,
        (cols, per_col, false),
        |r| matches!(r.0, Row::Heading),
        |r| matches!(r.0, Row::More),
    )
}

/// `cols` with the heading of a section repeated at the top of a column
/// the section continues in, so no entry stands under another section's
/// heading or under none; `heading_of` gives the heading row of a row
/// that belongs to a section.
pub(super) fn keep_headings<T: Clone>(
    cols: Vec<Vec<T>>,
    heading_of: impl Fn(&T) -> Option<T>,
) -> Vec<Vec<T>> {
    let mut out: Vec<Vec<T>> = Vec::with_capacity(cols.len());
    for mut col in cols {
        if !out.is_empty() {
            if let Some(h) = col.first().and_then(&heading_of) {
                col.insert(0, h);
            }
        }
        out.push(col);
    }
    out
}

/// `rows` split into at most `cols` columns: a heading never ends a column
/// (it keeps with its first entry) and a further line never starts one (an
/// entry's lines stay together). Of the splits that keep these, the one
/// whose tallest column is lowest (with `repeat`, counting the heading a
/// column repeats when it starts inside a section, see [`keep_headings`]; no lower than
/// `per_col`, so a short legend stays in few columns), then with fewest
/// sections broken across columns, then with fewest columns.
fn split_columns<T: Clone>(
    rows: Vec<T>,
    (cols, per_col, repeat): (usize, usize, bool),
    heading: impl Fn(&T) -> bool,
    more: impl Fn(&T) -> bool,
) -> Vec<Vec<T>> {
    let n = rows.len();
    let cols = cols.max(1);
    if n == 0 {
        return Vec::new();
    }
    // A column may end before row j (j == n: at the end).
    let can_end = |j: usize| j == n || (!heading(&rows[j - 1]) && !more(&rows[j]));
    // Rows of a column from i to j, with the heading it repeats.
    let height = |i: usize, j: usize| j - i + usize::from(repeat && i > 0 && !heading(&rows[i]));
    // best[k][i]: (key, end of the first column) for rows i.. in at most
    // k columns; key = (tallest over the floor, broken sections, columns, tallest).
    type Key = (usize, usize, usize, usize);
    let mut best: Vec<Vec<Option<(Key, usize)>>> = vec![vec![None; n + 1]; cols + 1];
    for k in 1..=cols {
        best[k][n] = Some(((0, 0, 0, 0), n));
        for i in (0..n).rev() {
            let mut pick: Option<(Key, usize)> = None;
            for j in (i + 1..=n).rev() {
                if !can_end(j) {
                    continue;
                }
                let rest = if j == n {
                    (0, 0, 0, 0)
                } else if k == 1 {
                    continue;
                } else {
                    match best[k - 1][j] {
                        Some((key, _)) => key,
                        None => continue,
                    }
                };
                let tallest = height(i, j).max(rest.3);
                let broken = rest.1 + usize::from(j < n && !heading(&rows[j]));
                let key = (tallest.max(per_col), broken, rest.2 + 1, tallest);
                if pick.is_none_or(|(b, _)| key < b) {
                    pick = Some((key, j));
                }
            }
            best[k][i] = pick;
        }
    }
    let mut out = Vec::new();
    let (mut i, mut k) = (0, cols);
    while i < n {
        let Some((_, j)) = best[k][i] else {
            // No split keeps the rules (a legend of one heading): one column.
            out.push(rows[i..].to_vec());
            break;
        };
        out.push(rows[i..j].to_vec());
        i = j;
        k -= 1;
    }
    out
}

/// Line height (in font sizes) of a legend label's further lines: closer
/// than the rows, so they read as one entry.
const MORE_LINE: f64 = 1.25;

/// Height of a legend row.
pub(super) fn row_height(row: &Row, g: &FooterGeometry) -> f64 {
    match row {
        Row::More => g.legend_size * MORE_LINE,
        _ => g.row_h,
    }
}

/// The lines of a legend label in a column `col_w` wide: wrapped at word
/// breaks (a 1000 px animation frame has narrow columns), each line then
/// fitted with an ellipsis if a single word is still too long.
pub(super) fn label_lines(
    p: &Prepared,
    g: &FooterGeometry,
    col_w: f64,
) -> impl Fn(&str) -> Vec<String> {
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
pub(super) fn label_width(p: &Prepared, g: &FooterGeometry, col_w: f64) -> f64 {
    col_w - g.text_dx - p.layout.px(8.0)
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
        e.1 = text::join_labels(&labels);
        out.push(e);
    }
    out
}

/// The entries a phase's legend shows, in the footer and on the page alike:
/// entries drawn alike merged, but two powers never share an entry, even if
/// a style draws them alike.
pub(super) fn shown_entries(p: &Prepared, phase: &Phase, entries: &[Entry]) -> Vec<Entry> {
    let snapshot = phase.snapshot.to_string();
    let pn = p.power_name();
    merge_same_symbols(entries, |layer, index| {
        let tl = layer.source.as_deref().and_then(|s| p.theatre.layer(s))?;
        let f = tl.features.get(index)?;
        let ctx = context(&f.properties, phase, &snapshot, &pn);
        Some(format!(
            "{}|{}",
            f.str_prop("power").unwrap_or(""),
            symbol_key(layer, &ctx)
        ))
    })
}

/// The legend of a phase map's footer: entries in two columns from `top`,
/// entries whose swatches look alike merged.
pub(super) fn write_legend(
    out: &mut String,
    defs: &mut Defs,
    p: &Prepared,
    phase: &Phase,
    entries: &[Entry],
    g: &FooterGeometry,
    top: f64,
) {
    let page = &p.style.page;
    out.push_str("<g id=\"legend\">\n");
    let snapshot = phase.snapshot.to_string();
    let pn = p.power_name();
    let col_w = g.legend_w / g.legend_cols as f64;
    let shown = shown_entries(p, phase, entries);
    for (ci, col) in legend_columns(&shown, label_lines(p, g, col_w), g.legend_cols)
        .iter()
        .enumerate()
    {
        let x = g.legend_x + ci as f64 * col_w;
        let (mut next, mut baseline) = (top, top);
        for (row, label) in col {
            let y = next;
            next += row_height(row, g);
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
                    x + g.text_dx,
                    baseline,
                    g.legend_size,
                    "start",
                    page.text,
                    PLAIN,
                    &fit(label, label_width(p, g, col_w), g.legend_size),
                ),
                Row::Entry((_, _, layer, index)) => {
                    let Some(tl) = layer.source.as_deref().and_then(|s| p.theatre.layer(s)) else {
                        continue;
                    };
                    let f = &tl.features[*index];
                    let ctx = context(&f.properties, phase, &snapshot, &pn);
                    let props = Props::new(layer, &ctx, p.layout.scale);
                    write_entry(out, defs, p, g, layer, &props, (x, y), col_w, label);
                }
            }
        }
    }
    out.push_str("</g>\n");
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
        // The tile covers the swatch as drawn, strokes and heads included;
        // every tile of the legend alike, as big as the biggest needs.
        let own = swatch::drawn_box(layer, props, g.swatch_w, g.swatch_h);
        let b = p.legend_box.map_or(own, |u| {
            [
                u[0].min(own[0]),
                u[1].min(own[1]),
                u[2].max(own[2]),
                u[3].max(own[3]),
            ]
        });
        let _ = write!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>",
            num(x + b[0] - TILE_PAD),
            num(sy + b[1] - TILE_PAD),
            num(b[2] - b[0] + 2.0 * TILE_PAD),
            num(b[3] - b[1] + 2.0 * TILE_PAD),
            bg.hex()
        );
    }
    let swatch = swatch_geometry(layer.kind, x, sy, g.swatch_w, g.swatch_h);
    let mut m = Markup::new();
    symbols::draw(&mut m, defs, layer, props, &swatch, "");
    m.write_svg(out);
    let max_w = label_width(p, g, col_w);
    write_text(
        out,
        x + g.text_dx,
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

#[cfg(test)]
mod tests {
    use super::{keep_headings, split_columns};

    /// Rows as text: "#X" a heading of section X, "X1" an entry of X.
    fn columns(rows: &[&str], cols: usize, per_col: usize) -> Vec<Vec<String>> {
        let rows: Vec<String> = rows.iter().map(|r| r.to_string()).collect();
        let split = split_columns(
            rows,
            (cols, per_col, true),
            |r| r.starts_with('#'),
            |_| false,
        );
        keep_headings(split, |r| {
            (!r.starts_with('#')).then(|| format!("#{}", &r[..1]))
        })
    }

    /// Review 3 finding 8: a column break left "Bolivia retreat / Bolivia
    /// advance" at the top of a column without their heading.
    #[test]
    fn a_column_a_section_continues_in_starts_with_its_heading() {
        let rows = ["#A", "A1", "A2", "A3", "A4", "A5", "#B", "B1"];
        let cols = columns(&rows, 2, 4);
        assert_eq!(cols[1][0], "#A", "{cols:?}");
        for col in &cols {
            for r in col.iter().filter(|r| !r.starts_with('#')) {
                let heading = col
                    .iter()
                    .rev()
                    .skip_while(|x| *x != r)
                    .find(|x| x.starts_with('#'));
                assert_eq!(heading, Some(&format!("#{}", &r[..1])), "{cols:?}");
            }
        }
    }

    /// The Chaco sheet's legend (review 3 finding 8): four sections in four
    /// columns, each whole, rather than "Event" alone in the last column.
    #[test]
    fn columns_break_at_sections_when_that_is_no_taller() {
        let rows = [
            "#W", "W1", "W2", "W3", "#B", "B1", "#L", "L1", "L2", "L3", "L4", "#E", "E1", "E2",
            "E3",
        ];
        let cols = columns(&rows, 4, 5);
        let firsts: Vec<&str> = cols.iter().map(|c| c[0].as_str()).collect();
        assert_eq!(firsts, ["#W", "#B", "#L", "#E"], "{cols:?}");
        // Lower wins over whole sections: two columns of four, not 5 and 2.
        let rows = ["#A", "A1", "A2", "A3", "A4", "#B", "B1"];
        let cols = columns(&rows, 2, 4);
        assert_eq!(cols.iter().map(Vec::len).max(), Some(4), "{cols:?}");
    }
}
