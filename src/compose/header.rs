//! The header above a map: theatre title, phase title and dates.

use super::furniture::{write_line, write_text, BOLD, PLAIN};
use super::prepared::Prepared;
use crate::model::{words, Phase};

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
        lay.px(if lay.is_article() { 78.0 } else { 82.0 }),
        lay.px(27.0),
        "start",
        page.text,
        PLAIN,
        &line2,
    );
    let w = words(&p.theatre.language);
    let dates = format!(
        "{} \u{b7} {} {} \u{b7} {}",
        w.range(phase.start, phase.end),
        w.situation_on,
        w.date(phase.snapshot),
        w.phase_of(n, p.theatre.phases.len())
    );
    write_text(
        out,
        lay.map_x,
        lay.px(if lay.is_article() { 106.0 } else { 112.0 }),
        lay.px(19.0),
        "start",
        page.muted,
        PLAIN,
        &dates,
    );
    out.push_str("</g>\n");
}
