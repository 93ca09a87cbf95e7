//! The scale bar under the map.

use std::fmt::Write;

use super::furniture::{write_text, PLAIN};
use super::markup::Markup;
use super::prepared::Prepared;
use super::svg::{num, val};
use crate::model::words;

/// A round length (1, 2, 2.5 or 5 times a power of ten) not above `v`.
pub fn nice_length(v: f64) -> f64 {
    let p = 10f64.powf(v.log10().floor());
    [5.0, 2.5, 2.0, 1.0]
        .iter()
        .map(|m| m * p)
        .find(|&c| c <= v)
        .unwrap_or(p)
}

/// How a scale bar is drawn: its SVG id, its length as a share of the map
/// width at most, and whether it is the main map's full bar (numbered half
/// mark, and a note that it is true only at the map's centre) or an inset's
/// short one (an inset covers too little ground for the note to matter).
pub(super) struct BarStyle<'a> {
    pub id: &'a str,
    pub share: f64,
    pub centre_note: bool,
}

/// The main map's bar under the map.
pub(super) const MAIN_BAR: BarStyle<'static> = BarStyle {
    id: "scale-bar",
    share: 0.16,
    centre_note: true,
};

pub(super) fn write_scale_bar(
    out: &mut Markup,
    p: &Prepared,
    x: f64,
    y: f64,
    bar_style: &BarStyle,
) {
    let Some(m_per_px) = p.projected.view.metres_per_px_at_centre() else {
        return;
    };
    let target_px = p.projected.view.width * bar_style.share;
    let km = nice_length(target_px * m_per_px / 1000.0);
    let bar = km * 1000.0 / m_per_px;
    out.push_str("<g");
    out.id(bar_style.id);
    let _ = write!(out, " data-km=\"{}\" data-px=\"{}\">", val(km), val(bar));
    let mut inner = String::new();
    write_bar(&mut inner, p, x, y, km, bar, bar_style);
    out.push_str(&inner);
    out.push_str("</g>\n");
}

/// The bar's blocks and numbers, `bar` px long for `km`.
fn write_bar(
    out: &mut String,
    p: &Prepared,
    x: f64,
    y: f64,
    km: f64,
    bar: f64,
    bar_style: &BarStyle,
) {
    let lay = p.layout;
    let page = &p.style.page;
    let h = lay.px(9.0);
    let size = lay.text_px(15.0);
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
    // A short bar has no room for the half mark's number beside the end's.
    if bar_style.centre_note {
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
    }
    write_text(
        out,
        x + bar,
        y + h + size * 1.2,
        size,
        "middle",
        page.text,
        PLAIN,
        &format!("{} {}", fmt(km), words(&p.theatre.language).km),
    );
    if !bar_style.centre_note {
        return;
    }
    write_text(
        out,
        x + bar + lay.px(40.0),
        y + h,
        lay.text_px(13.5),
        "start",
        page.muted,
        PLAIN,
        words(&p.theatre.language).true_scale,
    );
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
}
