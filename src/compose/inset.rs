//! Insets: a small, crowded area of the theatre drawn again at a larger
//! scale, framed in a corner of the main map, with its own labels and scale
//! bar, and a locator rectangle on the main map where the area lies.

use std::fmt::Write;

use super::footer::footnotes;
use super::furniture::{write_text, BOLD};
use super::layout::Layout;
use super::map::{map_body, BodyOptions};
use super::markup::Markup;
use super::prepared::Prepared;
use super::scale_bar::{write_scale_bar, BarStyle};
use super::svg::{escape, num, val};
use super::symbols;
use super::text::{text_width, wrap};
use crate::model::{Corner, Inset, Phase};

/// Gap between the inset and the main map's frame, padding inside the
/// inset's frame, the title band and the scale-bar band, in reference px.
const MARGIN: f64 = 14.0;
const PAD: f64 = 6.0;
const TITLE: f64 = 30.0;
const BAR: f64 = 40.0;
const TITLE_SIZE: f64 = 18.0;
/// Baseline step of a title that takes two lines, in reference px.
const TITLE_LINE: f64 = 22.0;

/// An inset prepared for one width: its map and its box on the main map.
pub struct InsetMap<'a> {
    pub(super) inset: &'a Inset,
    pub(super) map: Prepared<'a>,
    /// Size of its map and height of its title band, in map pixels.
    pub(super) size: [f64; 2],
    pub(super) band: f64,
    /// Its box on the main map `[x0, y0, x1, y1]` (map coordinates, frame
    /// included) in each phase that shows it, by phase id: an inset with
    /// `"corner": "auto"` may take another corner in another phase (see
    /// `inset_corner`).
    pub(super) rects: Vec<(String, [f64; 4])>,
}

impl InsetMap<'_> {
    /// Its box on the main map of phase `id`, if that phase shows it.
    pub(super) fn rect(&self, id: &str) -> Option<[f64; 4]> {
        self.rects.iter().find(|(p, _)| p == id).map(|(_, r)| *r)
    }
}

/// The layout of an inset's own map: the main layout's text and symbol
/// sizes, a bare map as wide as the inset's view.
pub(super) fn inset_layout(main: Layout, width: f64) -> Layout {
    Layout {
        map_x: 0.0,
        map_y: 0.0,
        map_w: width,
        ..main
    }
}

/// An inset's title as drawn over a map `width` px wide: its lines and
/// their size in px. A title wider than the map breaks before its
/// parenthesis (the scale note goes to a line of its own), then between
/// words, as a printed inset's title does; the size stays that of the
/// main map's furniture, so the title is as legible in every language.
/// Only a single word wider than the inset makes the type smaller.
pub(super) struct InsetTitle {
    pub(super) lines: Vec<String>,
    pub(super) size: f64,
}

impl InsetTitle {
    pub(super) fn new(lay: Layout, inset: &Inset, width: f64) -> InsetTitle {
        let text = if inset.title.is_empty() {
            inset.id.as_str()
        } else {
            inset.title.as_str()
        };
        let size = lay.text_px(TITLE_SIZE);
        let lines = if text_width(text, size, BOLD) <= width {
            vec![text.to_string()]
        } else {
            let (head, note) = match text.find(" (") {
                Some(k) if k > 0 => (&text[..k], Some(text[k..].trim_start())),
                _ => (text, None),
            };
            let mut lines = wrap(head, width, size, BOLD);
            if let Some(note) = note {
                lines.extend(wrap(note, width, size, BOLD));
            }
            lines
        };
        let widest = lines
            .iter()
            .map(|l| text_width(l, size, BOLD))
            .fold(0.0, f64::max);
        let size = if widest > width {
            size * width / widest
        } else {
            size
        };
        InsetTitle { lines, size }
    }

    /// Height of the title band above the inset's map.
    pub(super) fn band(&self, lay: Layout) -> f64 {
        lay.px(TITLE) + lay.px(TITLE_LINE) * self.lines.len().saturating_sub(1) as f64
    }
}

/// Where an inset of `size` (map pixels) with a title band `title` px high
/// goes on a main map `map` big.
pub(super) fn inset_rect(
    lay: Layout,
    corner: Corner,
    size: [f64; 2],
    title: f64,
    map: [f64; 2],
) -> [f64; 4] {
    let (w, h) = (size[0] + 2.0 * lay.px(PAD), size[1] + title + lay.px(BAR));
    let m = lay.px(MARGIN);
    let x = match corner {
        Corner::TopLeft | Corner::BottomLeft => m,
        Corner::TopRight | Corner::BottomRight => map[0] - m - w,
    };
    let y = match corner {
        Corner::TopLeft | Corner::TopRight => m,
        Corner::BottomLeft | Corner::BottomRight => map[1] - m - h,
    };
    [x.round(), y.round(), (x + w).round(), (y + h).round()]
}

/// The boxes on the main map of the insets `phase` shows.
pub(super) fn shown_boxes(p: &Prepared, phase: &Phase) -> Vec<[f64; 4]> {
    p.insets.iter().filter_map(|i| i.rect(&phase.id)).collect()
}

/// Locator rectangles on the main map: the outline of each inset's area
/// (curved as the projection bends it), drawn above the data, below labels.
pub(super) fn write_locators(out: &mut Markup, p: &Prepared, phase: &Phase, id_prefix: &str) {
    let view = &p.projected.view;
    for i in p.insets.iter().filter(|i| i.inset.shown_in(&phase.id)) {
        let a = i.inset.area;
        let n = 16;
        let mut pts = Vec::with_capacity(4 * n);
        for k in 0..n {
            let t = k as f64 / n as f64;
            pts.push((a[0] + (a[2] - a[0]) * t, a[1]));
        }
        for k in 0..n {
            let t = k as f64 / n as f64;
            pts.push((a[2], a[1] + (a[3] - a[1]) * t));
        }
        for k in 0..n {
            let t = k as f64 / n as f64;
            pts.push((a[2] - (a[2] - a[0]) * t, a[3]));
        }
        for k in 0..n {
            let t = k as f64 / n as f64;
            pts.push((a[0], a[3] - (a[3] - a[1]) * t));
        }
        let mut d = String::new();
        for (k, (lon, lat)) in pts.iter().enumerate() {
            let Some((x, y)) = view.to_px(*lon, *lat) else {
                continue;
            };
            let _ = write!(d, "{}{} {}", if k == 0 { "M" } else { "L" }, num(x), num(y));
        }
        d.push('Z');
        out.push_str("<path");
        out.id(&format!("{id_prefix}locator-{}", escape(&i.inset.id)));
        out.push_str(" d=\"");
        out.data(&d);
        let _ = writeln!(
            out,
            "\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\"/>",
            p.style.page.text.hex(),
            val(p.layout.px(2.0))
        );
    }
}

/// Draws the insets `phase` shows (map coordinates of the main map); their
/// clip paths and hatch patterns go to `defs`.
pub(super) fn write_insets(
    out: &mut Markup,
    p: &Prepared,
    phase: &Phase,
    defs: &mut symbols::Defs,
    id_prefix: &str,
) {
    let lay = p.layout;
    let page = &p.style.page;
    let notes = footnotes(p, phase);
    for i in &p.insets {
        let Some([x0, y0, x1, y1]) = i.rect(&phase.id) else {
            continue;
        };
        let id = format!("{id_prefix}inset-{}", i.inset.id);
        let view = &i.map.projected.view;
        let clip = format!("{id}-clip");
        defs.push_other(format!(
            "<clipPath id=\"{clip}\"><rect width=\"{}\" height=\"{}\"/></clipPath>",
            num(view.width),
            num(view.height)
        ));
        let opts = BodyOptions {
            no_graticule_labels: true,
            id_prefix: format!("{id}-"),
            clip_id: Some(clip),
            notes: Some(notes.clone()),
            ..Default::default()
        };
        let body = map_body(&i.map, phase, defs, &opts);
        out.push_str("<g");
        out.id(&escape(&id));
        let _ = writeln!(out, " transform=\"translate({} {})\">", num(x0), num(y0));
        // The frame's white band and outline separate the inset from the
        // map beneath, as a printed inset's border does.
        let _ = writeln!(
            out,
            "<rect width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\"/>",
            num(x1 - x0),
            num(y1 - y0),
            page.background.hex(),
            page.frame.hex(),
            val(lay.px(2.0))
        );
        let title = InsetTitle::new(lay, i.inset, view.width);
        let band = title.band(lay);
        let mut title_svg = String::new();
        for (k, line) in title.lines.iter().enumerate() {
            write_text(
                &mut title_svg,
                lay.px(PAD),
                lay.px(TITLE) * 0.72 + lay.px(TITLE_LINE) * k as f64,
                title.size,
                "start",
                page.text,
                BOLD,
                line,
            );
        }
        out.push_str(&title_svg);
        let _ = writeln!(
            out,
            "<g transform=\"translate({} {})\">",
            num(lay.px(PAD)),
            num(band)
        );
        out.append(&body.svg);
        out.push_str("</g>\n");
        let bar_id = format!("{id}-scale-bar");
        write_scale_bar(
            out,
            &i.map,
            lay.px(PAD) + lay.px(4.0),
            band + view.height + lay.px(8.0),
            &BarStyle {
                id: &bar_id,
                share: 0.45,
                centre_note: false,
            },
        );
        out.push_str("</g>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corners_keep_the_margin() {
        let lay = Layout::new(2400.0);
        let m = lay.px(MARGIN);
        let r = inset_rect(
            lay,
            Corner::BottomRight,
            [300.0, 400.0],
            30.0,
            [2300.0, 1200.0],
        );
        assert!((2300.0 - r[2] - m).abs() <= 1.0 && (1200.0 - r[3] - m).abs() <= 1.0);
        let r = inset_rect(lay, Corner::TopLeft, [300.0, 400.0], 30.0, [2300.0, 1200.0]);
        assert!((r[0] - m).abs() <= 1.0 && (r[1] - m).abs() <= 1.0);
        assert!(r[2] - r[0] > 300.0 && r[3] - r[1] > 400.0);
    }
}
