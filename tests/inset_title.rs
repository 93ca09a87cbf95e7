//! An inset's title stays inside the inset's white frame in every language
//! and at every width: a title hanging out over the map is printed on the
//! map's fills with no halo (review of 2026-12-03, item 6).

mod common;

use common::builtin_session;
use phasemap::compose::text::{text_width, FontStyle};
use resvg::usvg::roxmltree::{Document, Node};

fn num(n: &Node, attr: &str) -> f64 {
    n.attribute(attr)
        .unwrap_or_else(|| panic!("no {attr} on {n:?}"))
        .parse()
        .unwrap()
}

#[test]
fn the_inset_title_fits_its_frame_in_english_and_russian_at_800_and_2400_px() {
    let langs = vec!["en".to_string(), "ru".to_string()];
    for width in [800.0, 2400.0] {
        let s = builtin_session(width);
        let phases = s.select_phases(&["1920-02".to_string()]).unwrap();
        for (_, singles) in s.scenes_in(&phases, &langs) {
            for (lang, scene) in langs.iter().zip(&singles) {
                let doc = Document::parse(&scene.svg).unwrap();
                let inset = doc
                    .descendants()
                    .find(|n| n.attribute("id") == Some("inset-primorye"))
                    .unwrap_or_else(|| panic!("{lang} {width}: no inset"));
                let frame = inset
                    .children()
                    .find(|n| n.has_tag_name("rect"))
                    .expect("the inset's frame");
                let (fw, fh) = (num(&frame, "width"), num(&frame, "height"));
                // The title: the inset group's own text lines (its map and
                // scale bar are in groups of their own).
                let lines: Vec<Node> = inset
                    .children()
                    .filter(|n| n.has_tag_name("text"))
                    .collect();
                assert!(!lines.is_empty(), "{lang} {width}: no inset title");
                let mut words = String::new();
                for t in &lines {
                    let text = t.text().unwrap_or("");
                    words.push_str(text);
                    words.push(' ');
                    let size = num(t, "font-size");
                    let style = FontStyle {
                        bold: t.attribute("font-weight") == Some("bold"),
                        italic: false,
                    };
                    let (x, y) = (num(t, "x"), num(t, "y"));
                    let right = x + text_width(text, size, style);
                    assert!(
                        x > 0.0 && right < fw,
                        "{lang} {width}: title line {text:?} spans {x:.1}..{right:.1}, \
                         the frame is {fw:.1} wide"
                    );
                    assert!(
                        size >= 9.0,
                        "{lang} {width}: title {text:?} at {size:.2} px"
                    );
                    assert!(y > 0.0 && y < fh, "{lang} {width}: {text:?} at y {y}");
                }
                // Wrapping loses no word of the title.
                let want = if lang == "en" {
                    "Primorye"
                } else {
                    "Приморье"
                };
                assert!(words.contains(want), "{lang} {width}: title {words:?}");
                // The title lines sit above the inset's map, not on it.
                let map = inset
                    .children()
                    .find(|n| {
                        n.has_tag_name("g")
                            && n.attribute("transform")
                                .is_some_and(|t| t.starts_with("translate"))
                    })
                    .expect("the inset's map group");
                let map_top: f64 = map.attribute("transform").unwrap()["translate(".len()..]
                    .trim_end_matches(')')
                    .split(' ')
                    .nth(1)
                    .unwrap()
                    .parse()
                    .unwrap();
                for t in &lines {
                    let (_, desc) = phasemap::compose::text::ascent_descent(
                        num(t, "font-size"),
                        FontStyle::default(),
                    );
                    assert!(
                        num(t, "y") + desc <= map_top,
                        "{lang} {width}: title line {:?} runs into the inset's map (top {map_top})",
                        t.text()
                    );
                }
            }
        }
    }
}
