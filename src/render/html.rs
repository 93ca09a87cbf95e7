//! The interactive page: one self-contained `index.html` per theatre, built
//! from the same composed scenes as the static maps. Layers whose SVG is the
//! same in every phase are embedded once; the rest once per phase, and a
//! style sheet made for the page shows the phase on view, so the first
//! paint shows one phase before any script runs. Caption and legend are
//! HTML that reflows; the map labels are data the script places for each
//! zoom level. Nothing is fetched: CSS, script and data are inline, so the
//! page works from `file://` and inside an iframe, and makes no request.

use std::fmt::Write;
use std::path::Path;

use serde_json::{json, Value};

use crate::compose::svg::{escape, num};
use crate::compose::Scene;
use crate::error::Result;
use crate::model::{words, PageWords, Theatre, Words};
use crate::style::Style;

use super::page_data;
use super::page_map::{map_svg, phase_rules, PageDefs};
use super::{write_atomic, Written};

const CSS: &str = include_str!("page.css");
const JS: &str = include_str!("page.js");
const LIVE_JS: &str = include_str!("page-live.js");

/// Name of the page file in the output folder.
pub const PAGE_FILE: &str = "index.html";

/// Path the live preview answers with its build number.
pub const VERSION_PATH: &str = "/__phasemap/version";

/// Writes `<out>/index.html` for `scenes` (one per phase, in phase order):
/// the page to publish, which never asks a server for anything.
pub fn write_page(
    theatre: &Theatre,
    style: &Style,
    scenes: &[Scene],
    out: &Path,
) -> Result<Written> {
    write_page_text(&page(theatre, style, scenes), out)
}

/// Writes `page` (made by [`page`]) as `<out>/index.html`.
pub fn write_page_text(page: &str, out: &Path) -> Result<Written> {
    write_atomic(&out.join(PAGE_FILE), page.as_bytes())
}

/// The page's file in `lang` when a map is in `langs` (the first: `index.html`).
pub fn page_file(langs: &[String], lang: &str) -> String {
    if langs.first().is_none_or(|f| f == lang) {
        PAGE_FILE.to_string()
    } else {
        format!("index.{lang}.html")
    }
}

/// Writes the page in one of several languages (`theatre` and `style`
/// localized to it, `scenes` that language's maps), with a picker linking
/// the pages of the others; [`page_file`] names it.
pub fn write_page_in(
    theatre: &Theatre,
    style: &Style,
    scenes: &[Scene],
    langs: &[String],
    out: &Path,
) -> Result<Written> {
    let picker: Vec<(String, String)> = langs
        .iter()
        .map(|l| (l.clone(), page_file(langs, l)))
        .collect();
    write_atomic(
        &out.join(page_file(langs, &theatre.language)),
        build(theatre, style, scenes, &picker).as_bytes(),
    )
}

/// Links to the page in each language (`nav#languages`), the current one
/// marked; empty for a page in one language.
fn language_picker(theatre: &Theatre, picker: &[(String, String)], ui: &PageWords) -> String {
    let current = theatre.language.as_str();
    if picker.len() < 2 {
        return String::new();
    }
    let links: Vec<String> = picker
        .iter()
        .map(|(lang, file)| {
            let cur = if lang == current {
                " aria-current=\"page\""
            } else {
                ""
            };
            format!(
                "<a href=\"{}\" hreflang=\"{l}\" lang=\"{l}\"{cur}>{}</a>",
                escape(file),
                escape(&theatre.language_name(lang)),
                l = escape(lang)
            )
        })
        .collect();
    format!(
        "<nav id=\"languages\" aria-label=\"{}\">{}</nav>",
        escape(ui.get("language")),
        links.join(" ")
    )
}

/// JSON for an inline `<script>`: `<`, `>` and `&` are escaped so data can
/// never close the script element, and U+2028/2029 so old parsers cope.
pub fn script_json(v: &Value) -> String {
    let s = v.to_string();
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// The phases a legend row or caption shows in, for `data-ph`.
fn phase_list(ks: &[usize]) -> String {
    ks.iter()
        .map(|k| k.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` with a word joiner after every dash between two digits, so a
/// title's "1918–1922" never breaks into "1918–" and "1922" on a narrow
/// screen (browsers may break after an en dash).
fn keep_ranges_whole(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 6);
    for (k, &c) in chars.iter().enumerate() {
        out.push(c);
        let between_digits = k > 0
            && chars[k - 1].is_ascii_digit()
            && chars.get(k + 1).is_some_and(|n| n.is_ascii_digit());
        if matches!(c, '\u{2013}' | '\u{2012}' | '-') && between_digits {
            out.push('\u{2060}');
        }
    }
    out
}

/// Captions of every phase (one shown at a time, two when comparing).
fn captions(theatre: &Theatre, scenes: &[Scene], w: &Words, ui: &PageWords) -> String {
    let mut html = format!(
        "<section id=\"captions\" aria-label=\"{}\">\n",
        escape(ui.get("caption"))
    );
    for (k, s) in scenes.iter().enumerate() {
        let Some(p) = theatre.phase(&s.phase) else {
            continue;
        };
        let _ = write!(
            html,
            "<div class=\"cap\" data-ph=\"{k}\"><h2>{}. {} <small>{}</small></h2><p>{}</p>",
            k + 1,
            escape(&p.title),
            escape(&w.range(p.start, p.end)),
            escape(&p.caption)
        );
        // The numbered notes the map's event markers refer to.
        if !s.parts.notes.is_empty() {
            html.push_str("<ol class=\"notes\">");
            for note in &s.parts.notes {
                let _ = write!(html, "<li>{}</li>", escape(note));
            }
            html.push_str("</ol>");
        }
        html.push_str("</div>\n");
    }
    html.push_str("</section>\n");
    html
}

/// The legend as HTML: every row once, shown in the phases that have it,
/// so a comparison shows every power on either side. Swatches are the
/// scene's own, drawn small (their patterns are in the map's `<defs>`).
fn legend(scenes: &[Scene], defs: &PageDefs, ui: &PageWords) -> String {
    // (section, label, swatch) -> phases, in first-seen order.
    type Row = ((String, String, String), [f64; 2], Vec<usize>);
    let mut rows: Vec<Row> = Vec::new();
    for (k, s) in scenes.iter().enumerate() {
        for row in &s.parts.legend_rows {
            let id = (
                row.section.clone(),
                row.label.clone(),
                defs.text(k, &row.swatch),
            );
            match rows.iter_mut().find(|(e, ..)| *e == id) {
                Some((.., ks)) => ks.push(k),
                None => rows.push((id, row.size, vec![k])),
            }
        }
    }
    let mut sections: Vec<(&str, Vec<usize>, Vec<&Row>)> = Vec::new();
    for row in &rows {
        let section = row.0 .0.as_str();
        match sections.iter_mut().find(|(s, ..)| *s == section) {
            Some((_, ks, rs)) => {
                ks.extend(&row.2);
                rs.push(row);
            }
            None => sections.push((section, row.2.clone(), vec![row])),
        }
    }
    let mut html = format!(
        "<section id=\"legend\" aria-labelledby=\"legend-h\">\n<h2 id=\"legend-h\">{}</h2>\n",
        escape(ui.get("legend"))
    );
    for (section, mut ks, rs) in sections {
        ks.sort_unstable();
        ks.dedup();
        if !section.is_empty() {
            let _ = writeln!(
                html,
                "<h3 data-ph=\"{}\">{}</h3>",
                phase_list(&ks),
                escape(section)
            );
        }
        html.push_str("<ul>\n");
        for ((_, label, swatch), [w, h], ks) in rs {
            let _ = writeln!(
                html,
                "<li data-ph=\"{}\"><svg viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" aria-hidden=\"true\">{swatch}</svg>{}</li>",
                phase_list(ks),
                num(*w),
                num(*h),
                SWATCH_WIDTH,
                num((SWATCH_WIDTH * h / w).round()),
                escape(label)
            );
        }
        html.push_str("</ul>\n");
    }
    html.push_str("</section>\n");
    html
}

/// Width of a legend swatch on the page, in CSS pixels, whatever width the
/// maps were composed for.
const SWATCH_WIDTH: f64 = 32.0;

/// The published page for `scenes` (one per phase of `theatre`, in order).
pub fn page(theatre: &Theatre, style: &Style, scenes: &[Scene]) -> String {
    build(theatre, style, scenes, &[])
}

/// The page as the live preview serves it as its build number `build_no`:
/// the published `page` (made by [`page`]) plus a small script that swaps
/// in each newer build the server makes. The page is built once and
/// both written and served.
pub fn live_page(page: &str, build_no: u64) -> String {
    let script = live_script(build_no);
    let mut live = String::with_capacity(page.len() + script.len());
    match page.rfind("</body>") {
        Some(end) => {
            live.push_str(&page[..end]);
            live.push_str(&script);
            live.push_str(&page[end..]);
        }
        None => {
            live.push_str(page);
            live.push_str(&script);
        }
    }
    live
}

/// The live preview's script, told which build the page shows.
fn live_script(build_no: u64) -> String {
    format!("<script data-build=\"{build_no}\">\n{LIVE_JS}</script>\n")
}

/// `picker`: (language, page file) of each language the page is in (none: no picker).
fn build(
    theatre: &Theatre,
    style: &Style,
    scenes: &[Scene],
    picker: &[(String, String)],
) -> String {
    let w = words(&theatre.language);
    let ui = theatre.page_words();
    let phases: Vec<_> = scenes
        .iter()
        .filter_map(|s| theatre.phase(&s.phase))
        .collect();
    let phase_data: Vec<Value> = phases
        .iter()
        .map(|p| {
            json!({
                "id": p.id, "title": p.title,
                "dates": w.range(p.start, p.end),
                "snapshot": w.date(p.snapshot),
                "situation": format!("{} {}", w.situation_on, w.date(p.snapshot)),
            })
        })
        .collect();
    let mut html = String::with_capacity(1 << 20);
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <link rel=\"icon\" href=\"data:,\">\n<title>{t}</title>\n<style>\n{CSS}{rules}</style>\n\
         <script>document.documentElement.classList.add(\"pm-fitting\");\
         try {{ if (window.self !== window.top) document.documentElement.classList.add(\"pm-framed\") }} \
         catch (e) {{ document.documentElement.classList.add(\"pm-framed\") }}</script>\n</head>\n<body style=\"--page-bg:{bg}\">\n",
        t = escape(&theatre.title),
        lang = escape(&theatre.language),
        bg = style.page.background.hex(),
        rules = phase_rules(scenes.len()),
    );
    let Some(first) = phases.first() else {
        let _ = write!(
            html,
            "<h1>{}</h1>\n<p>{}</p>\n</body>\n</html>\n",
            escape(&theatre.title),
            escape(ui.get("no-phases"))
        );
        return html;
    };
    let [mw, mh] = scenes[0].parts.map_size;
    let _ = writeln!(
        html,
        "<div id=\"app\" data-a=\"0\" style=\"--ar:{ar:.4}\">\n<header>{nav}<h1>{t}</h1>\
         <p><span id=\"phase-title\">1. {pt}</span> <span id=\"phase-dates\">{pd} \u{b7} {situation} {snap}</span></p></header>",
        ar = mw / mh,
        nav = language_picker(theatre, picker, &ui),
        t = escape(&keep_ranges_whole(&theatre.title)),
        pt = escape(&first.title),
        pd = escape(&w.range(first.start, first.end)),
        situation = escape(w.situation_on),
        snap = escape(&w.date(first.snapshot)),
    );
    let ticks: String = phases
        .iter()
        .enumerate()
        .map(|(k, p)| {
            format!(
                "<li><button type=\"button\" data-goto=\"{k}\" aria-label=\"{}: {}\" aria-current=\"{}\">{}</button></li>",
                escape(&p.id),
                escape(&p.title),
                k == 0,
                escape(&p.id)
            )
        })
        .collect();
    let options: String = phases
        .iter()
        .enumerate()
        .map(|(k, p)| {
            format!(
                "<option value=\"{k}\">{} {}</option>",
                escape(&p.id),
                escape(&p.title)
            )
        })
        .collect();
    let toggles: String = page_data::toggles(theatre, style, &ui)
        .iter()
        .map(|(id, label)| {
            format!(
                "<label><input type=\"checkbox\" checked data-layer=\"{}\"> {}</label>",
                escape(id),
                escape(label)
            )
        })
        .collect();
    let last = scenes.len().saturating_sub(1).to_string();
    html.push_str(&ui.fill_template(
        include_str!("page-controls.html"),
        &[
            ("last", &last),
            ("ticks", &ticks),
            ("options", &options),
            ("toggles", &toggles),
        ],
        escape,
    ));
    let defs = PageDefs::of(scenes);
    let _ = write!(
        html,
        "<div id=\"layout\">\n<div id=\"stage\" tabindex=\"0\" role=\"group\" aria-roledescription=\"{}\" \
         aria-label=\"{}\">\n<div id=\"maps\">\n",
        escape(&ui.get("map").to_lowercase()),
        escape(ui.get("map-help"))
    );
    let _ = writeln!(
        html,
        "<span id=\"title-a\" class=\"vh\">{}: {} \u{b7} {}</span><span id=\"title-b\" class=\"vh\"></span>",
        escape(ui.get("map")),
        escape(&first.id),
        escape(&first.title)
    );
    html.push_str(&map_svg(scenes, &defs));
    let _ = write!(
        html,
        "<div id=\"divider\" role=\"slider\" tabindex=\"0\" aria-label=\"{}\" \
         aria-valuemin=\"0\" aria-valuemax=\"100\" aria-valuenow=\"50\" hidden></div>\n\
         <div id=\"hint\" aria-live=\"polite\" hidden></div>\n\
         <div id=\"scale\" hidden><span class=\"vh\">{}: </span><span class=\"bar\"></span><span class=\"len\"></span></div>\n\
         <div id=\"inset-buttons\"></div>\n</div>\n</div>\n\
         <div id=\"inset-view\" role=\"dialog\" aria-modal=\"true\" hidden><button type=\"button\" class=\"close\" aria-label=\"{}\">\u{d7}</button><div class=\"view\"></div></div>\n",
        escape(ui.get("divider")),
        escape(ui.get("scale")),
        escape(ui.get("close"))
    );
    // Captions beside the map, legend and sources under it on wide screens
    // (the stylesheet's grid areas); one column in this order on phones.
    // Inside a frame they make one panel of their own (`#extras`), so the
    // framed page is exactly the frame's height and never scrolls itself.
    html.push_str("<div id=\"extras\">\n<aside id=\"side\">\n");
    html.push_str(&captions(theatre, scenes, w, &ui));
    html.push_str("</aside>\n");
    html.push_str(&legend(scenes, &defs, &ui));
    let _ = writeln!(
        html,
        "<p class=\"sources\">{}</p>\n</div>\n</div>\n</div>",
        escape(&theatre.attribution)
    );
    html.push_str("<div id=\"tooltip\" role=\"status\" hidden></div>\n");
    let (labels, label_order, min_label) = page_data::labels(scenes);
    let data = json!({
        "title": theatre.title,
        "size": [mw, mh],
        "phases": phase_data,
        "features": page_data::features(theatre, style, scenes, &ui),
        "labels": labels,
        "labelOrder": label_order,
        "minLabel": min_label,
        // Per phase, the boxes of its insets (map px): names placed by the
        // script keep out of them, and so does the scale bar.
        "insets": scenes.iter().map(|s| s.insets.iter().map(|(_, b)| b.map(|v| v.round())).collect::<Vec<_>>()).collect::<Vec<_>>(),
        // The page's own words, for what the script writes.
        "words": ui.to_json(),
        "km": w.km,
        "scale": scenes[0].parts.scale_grid.iter().map(|row| row.iter().map(|v| v.map(|m| (m * 1000.0).round() / 1000.0)).collect::<Vec<_>>()).collect::<Vec<_>>(),
    });
    let _ = write!(
        html,
        "<script type=\"application/json\" id=\"phasemap-data\">{}</script>\n<script>\n{JS}</script>\n",
        script_json(&data)
    );
    html.push_str("</body>\n</html>\n");
    html
}

/// A page showing only `message`, for the live preview when the data is
/// wrong (build number `build_no`); it reloads once the data is fixed.
pub fn error_page(message: &str, build_no: u64) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>phasemap: error</title>\n\
         <style>\n{CSS}</style>\n</head>\n<body>\n<main id=\"error\" role=\"alert\"><h1>The map could not be built</h1>\
         <pre>{}</pre><p>Fix the file and save: this page reloads by itself.</p></main>\n\
         {}</body>\n</html>\n",
        escape(message),
        live_script(build_no)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_script() {
        let v = json!({"name": "</script><script>alert(1)</script>"});
        let s = script_json(&v);
        assert!(!s.contains('<'));
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn the_live_page_is_the_published_page_and_its_script() {
        let page = "<!DOCTYPE html>\n<html>\n<body>\n<p>map</p>\n</body>\n</html>\n";
        let live = live_page(page, 7);
        assert_eq!(
            live,
            format!(
                "<!DOCTYPE html>\n<html>\n<body>\n<p>map</p>\n{}</body>\n</html>\n",
                live_script(7)
            )
        );
    }

    #[test]
    fn error_page_escapes_the_message() {
        let p = error_page("bad <script>alert(1)</script>", 1);
        assert!(p.contains("bad &lt;script&gt;alert(1)&lt;/script&gt;"));
    }

    #[test]
    fn every_word_the_page_uses_is_in_the_catalogue() {
        let ui = PageWords::new("ru", None);
        let controls = ui.fill_template(
            include_str!("page-controls.html"),
            &[
                ("last", "1"),
                ("ticks", ""),
                ("options", ""),
                ("toggles", ""),
            ],
            escape,
        );
        assert!(!controls.contains('{'), "a word is missing: {controls}");
        // The script reads the words as T.name or T["name"].
        let known: Vec<&str> = crate::model::page_word_keys().collect();
        let mut used = 0;
        for (i, _) in JS.match_indices("T.").chain(JS.match_indices("T[\"")) {
            if JS[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let rest = JS[i..].trim_start_matches("T.").trim_start_matches("T[\"");
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            assert!(
                known.contains(&name.as_str()),
                "page.js reads T.{name}, which is no page word"
            );
            used += 1;
        }
        assert!(used >= 8, "only {used} words found in page.js");
    }

    #[test]
    fn phase_rules_show_one_phase_per_map() {
        let css = phase_rules(2);
        assert!(css.contains("#app[data-a=\"1\"] #map-a g[data-ph=\"1\"]"));
        assert!(css.contains("#app[data-b=\"0\"] #map-b g[data-ph=\"0\"]"));
        assert!(!css.contains("data-a=\"2\""));
    }
}
