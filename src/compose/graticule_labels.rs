//! Graticule labels just outside the map frame.

use super::furniture::{write_text, PLAIN};
use super::graticule::Graticule;
use super::markup::Markup;
use super::prepared::Prepared;

/// Graticule labels just outside the frame (map coordinates).
pub fn write_graticule_labels(markup: &mut Markup, p: &Prepared, g: &Graticule) {
    let lay = p.layout;
    let size = lay.text_px(15.0);
    let c = p.style.page.muted;
    let (w, h) = (p.projected.view.width, p.projected.view.height);
    markup.push_str("<g");
    markup.id("graticule-labels");
    markup.push_str(">\n");
    let mut text = String::new();
    let out = &mut text;
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
    text.push_str("</g>\n");
    markup.push_str(&text);
}
