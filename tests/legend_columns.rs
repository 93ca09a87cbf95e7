//! A legend heading keeps with its first entry: when the legend flows into
//! columns, no heading is the last row of a column (review of 2026-12-03,
//! item 5: "Lines and movements" ended a column with its entries in the
//! next). Checked on the phase maps of every theatre in tests and the
//! built-in one, at 800, 1000 and 2400 px, and on their sheets.

mod common;

use common::{request, root, session};
use resvg::usvg::roxmltree::Document;

/// The headings of `svg`'s legend that end a column: the text drawn after
/// a heading (the legend is written column by column, top down) must be
/// just below it, not at the top of the next column or missing.
fn stranded_headings(svg: &str) -> (usize, Vec<String>) {
    let doc = Document::parse(svg).unwrap();
    let Some(legend) = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("legend"))
    else {
        return (0, Vec::new());
    };
    let texts: Vec<_> = legend
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .collect();
    let num = |n: &resvg::usvg::roxmltree::Node, a: &str| -> f64 {
        n.attribute(a).unwrap().parse().unwrap()
    };
    let mut headings = 0;
    let mut bad = Vec::new();
    for (k, t) in texts.iter().enumerate() {
        if t.attribute("font-weight") != Some("bold") {
            continue;
        }
        headings += 1;
        let (y, size) = (num(t, "y"), num(t, "font-size"));
        let below = texts
            .get(k + 1)
            .is_some_and(|n| num(n, "y") > y && num(n, "y") < y + 4.0 * size);
        if !below {
            bad.push(t.text().unwrap_or("").to_string());
        }
    }
    (headings, bad)
}

#[test]
fn no_legend_heading_ends_a_column_on_any_map_or_sheet() {
    let theatres = [
        root().join("geodata"),
        root().join("tests/theatres/aleutians"),
        root().join("tests/theatres/mini"),
        root().join("examples/russo-japanese-war"),
    ];
    let mut headings = 0;
    for theatre in &theatres {
        for width in [800.0, 1000.0, 2400.0] {
            let req = request(theatre, width);
            let s = session(&req);
            let phases = s.select_phases(&[]).unwrap();
            for scene in s.scenes(&phases, &|| {}) {
                let (n, bad) = stranded_headings(&scene.svg);
                headings += n;
                assert!(
                    bad.is_empty(),
                    "{} {width} {}: headings ending a legend column: {bad:?}",
                    theatre.display(),
                    scene.phase
                );
            }
            let sheet = phasemap::sheet_scene(&req, None).unwrap();
            let (n, bad) = stranded_headings(&sheet.svg);
            headings += n;
            assert!(
                bad.is_empty(),
                "{} sheet at {width}: headings ending a legend column: {bad:?}",
                theatre.display()
            );
        }
    }
    assert!(headings > 100, "only {headings} legend headings seen");
}
