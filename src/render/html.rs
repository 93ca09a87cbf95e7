//! The interactive page: one self-contained `index.html` per theatre, built
//! from the same composed scenes as the static maps. Layers whose SVG is the
//! same in every phase are embedded once; the rest once per phase, shown or
//! hidden by the script. Nothing is fetched: CSS, script and data are inline,
//! so the page works from `file://` and inside an iframe.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use serde_json::{json, Map, Value};

use crate::compose::svg::{escape, num};
use crate::compose::Scene;
use crate::error::Result;
use crate::model::{format_range, Theatre};
use crate::style::{LayerKind, Style};

use super::{write_atomic, Written};

const CSS: &str = include_str!("page.css");
const JS: &str = include_str!("page.js");

/// Name of the page file in the output folder.
pub const PAGE_FILE: &str = "index.html";

/// Path the live preview answers with its build number.
pub const VERSION_PATH: &str = "/__phasemap/version";

/// Writes `<out>/index.html` for `scenes` (one per phase, in phase order).
pub fn write_page(
    theatre: &Theatre,
    style: &Style,
    scenes: &[Scene],
    out: &Path,
) -> Result<Written> {
    write_atomic(
        &out.join(PAGE_FILE),
        page(theatre, style, scenes).as_bytes(),
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

/// Each scene numbers its hatch patterns from 1, so the same id can mean
/// different patterns in two phases. Renames them by content to ids shared
/// by the whole page; returns the shared `<defs>` content and, per scene,
/// the renaming (old id, new id).
fn unify_patterns(scenes: &[Scene]) -> (String, Vec<Vec<(String, String)>>) {
    let mut by_content: BTreeMap<String, String> = BTreeMap::new();
    let mut defs = String::new();
    let mut renames = Vec::new();
    for s in scenes {
        let mut r = Vec::new();
        for line in s
            .parts
            .defs
            .lines()
            .filter(|l| l.starts_with("<pattern id=\""))
        {
            let rest = &line["<pattern id=\"".len()..];
            let Some(end) = rest.find('"') else { continue };
            let (old, body) = (&rest[..end], &rest[end..]);
            let n = by_content.len() + 1;
            let new = by_content
                .entry(body.to_string())
                .or_insert_with(|| {
                    let id = format!("pm-hatch{n}");
                    let _ = writeln!(defs, "<pattern id=\"{id}{body}");
                    id
                })
                .clone();
            r.push((old.to_string(), new));
        }
        renames.push(r);
    }
    (defs, renames)
}

fn rename(svg: &str, renames: &[(String, String)]) -> String {
    let mut s = svg.to_string();
    for (old, new) in renames {
        s = s.replace(&format!("url(#{old})"), &format!("url(#{new})"));
    }
    s
}

/// Style layers a reader may switch off: those drawing dated data, plus labels.
fn toggles(theatre: &Theatre, style: &Style) -> Vec<Value> {
    let mut out: Vec<Value> = style
        .layers
        .iter()
        .filter(|l| l.kind != LayerKind::Symbol)
        .filter(|l| {
            l.source
                .as_deref()
                .and_then(|s| theatre.layer(s))
                .is_some_and(|tl| {
                    tl.features
                        .iter()
                        .any(|f| f.start.is_some() || f.end.is_some())
                })
        })
        .map(|l| json!({"id": l.id, "label": l.id}))
        .collect();
    if style.layers.iter().any(|l| l.kind == LayerKind::Symbol) {
        out.push(json!({"id": "labels", "label": "labels"}));
    }
    out
}

/// Tooltip data of every named or dated feature drawn in some phase, keyed `layer/index`.
fn features(theatre: &Theatre, scenes: &[Scene]) -> Map<String, Value> {
    let mut out = Map::new();
    let mut keys: Vec<(String, usize, Option<String>)> = scenes
        .iter()
        .flat_map(|s| s.drawn.iter())
        .map(|d| (d.layer.clone(), d.index, d.legend.clone()))
        .collect();
    // Labels of features no symbol draws (seas, regions) get tooltips too.
    for s in scenes {
        for l in &s.labels {
            if let Some((layer, i)) = l.key.rsplit_once('/') {
                if let Ok(i) = i.parse() {
                    keys.push((layer.to_string(), i, None));
                }
            }
        }
    }
    for (layer, i, legend) in keys {
        let key = format!("{layer}/{i}");
        if out.contains_key(&key) {
            continue;
        }
        let Some(f) = theatre.layer(&layer).and_then(|l| l.features.get(i)) else {
            continue;
        };
        let dated = f.start.is_some() || f.end.is_some();
        let name = f.str_prop("name").or_else(|| f.str_prop("label"));
        if name.is_none() && !dated {
            continue;
        }
        let mut m = Map::new();
        m.insert("name".into(), json!(f.display_name()));
        if let Some(p) = f.str_prop("power") {
            m.insert("power".into(), json!(theatre.power_name(p)));
        }
        if let Some(l) = legend.filter(|l| !l.is_empty()) {
            m.insert("legend".into(), json!(l));
        }
        match (f.start, f.end) {
            (Some(s), Some(e)) => m.insert("dates".into(), json!(format_range(s, e))),
            (Some(s), None) => m.insert("dates".into(), json!(format!("from {s}"))),
            (None, Some(e)) => m.insert("dates".into(), json!(format!("until {e}"))),
            (None, None) => None,
        };
        for k in ["certainty", "source", "source_note"] {
            if let Some(v) = f.properties.get(k).filter(|v| !v.is_null()) {
                let t = match v {
                    Value::String(s) => s.clone(),
                    v => v.to_string(),
                };
                if !t.is_empty() {
                    m.insert(k.into(), json!(t));
                }
            }
        }
        out.insert(key, Value::Object(m));
    }
    out
}

/// The map `<svg>`: shared layers once, dated layers once per phase.
fn map_svg(scenes: &[Scene], defs: &str, renames: &[Vec<(String, String)>]) -> String {
    let [w, h] = scenes[0].parts.map_size;
    let mut order: Vec<String> = Vec::new();
    for s in scenes {
        for (id, _) in &s.parts.layers {
            if !order.contains(id) {
                order.push(id.clone());
            }
        }
    }
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg id=\"map-a\" class=\"map\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" \
         font-family=\"DejaVu Sans, Verdana, sans-serif\" role=\"img\" aria-label=\"Map\">\n<defs>\n\
         <clipPath id=\"map-clip\"><rect width=\"{w}\" height=\"{h}\"/></clipPath>\n{defs}</defs>\n\
         <g clip-path=\"url(#map-clip)\">\n",
        w = num(w),
        h = num(h)
    );
    let slot = |svg: &mut String, id: &str, chunks: Vec<Option<String>>| {
        let _ = writeln!(svg, "<g data-layer=\"{}\">", escape(id));
        let first = chunks[0].clone();
        if first.is_some() && chunks.iter().all(|c| *c == first) {
            svg.push_str(first.as_deref().unwrap_or_default());
        } else {
            for (k, c) in chunks.iter().enumerate() {
                if let Some(c) = c {
                    let _ = write!(svg, "<g data-ph=\"{k}\">\n{c}</g>\n");
                }
            }
        }
        svg.push_str("</g>\n");
    };
    for id in &order {
        let chunks = scenes
            .iter()
            .zip(renames)
            .map(|(s, r)| {
                s.parts
                    .layers
                    .iter()
                    .find(|(l, _)| l == id)
                    .map(|(_, c)| rename(c, r))
            })
            .collect();
        slot(&mut svg, id, chunks);
    }
    svg.push_str("</g>\n");
    let overlays = scenes
        .iter()
        .map(|s| Some(s.parts.overlay.clone()))
        .collect();
    slot(&mut svg, "frame", overlays);
    svg.push_str("</svg>\n");
    share_paths(&svg)
}

/// Shortest path data worth sharing: below this a `<use>` saves little.
const SHARE_MIN: usize = 120;

/// Splits a self-closing `<path d="…" …/>` at the start of `s` into (d,
/// other attributes, length of the tag); `None` for any other shape.
fn path_tag(s: &str) -> Option<(&str, &str, usize)> {
    let rest = s.strip_prefix("<path d=\"")?;
    let d_end = rest.find('"')?;
    let after = &rest[d_end + 1..];
    let close = after.find("/>")?;
    let attrs = &after[..close];
    if attrs.contains(['<', '>']) {
        return None;
    }
    Some((
        &rest[..d_end],
        attrs,
        "<path d=\"".len() + d_end + 1 + close + 2,
    ))
}

/// A polygon is often drawn twice (fill, then outline), and a territory that
/// did not change is drawn again in every phase. Long path data that occurs
/// more than once is kept once in `<defs>` and drawn with `<use>`, whose
/// attributes the bare path inherits, so the picture is the same.
fn share_paths(svg: &str) -> String {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    let mut i = 0;
    while let Some(k) = svg[i..].find("<path d=\"") {
        let at = i + k;
        match path_tag(&svg[at..]) {
            Some((d, _, len)) => {
                if d.len() >= SHARE_MIN {
                    *count.entry(d).or_default() += 1;
                }
                i = at + len;
            }
            None => i = at + 1,
        }
    }
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    let mut defs = String::new();
    let mut out = String::with_capacity(svg.len());
    let mut i = 0;
    while let Some(k) = svg[i..].find("<path d=\"") {
        let at = i + k;
        out.push_str(&svg[i..at]);
        match path_tag(&svg[at..]) {
            Some((d, attrs, len)) if count.get(d).is_some_and(|n| *n > 1) => {
                let n = ids.len();
                let id = *ids.entry(d).or_insert_with(|| {
                    let _ = writeln!(defs, "<path id=\"pm-p{n}\" d=\"{d}\"/>");
                    n
                });
                let _ = write!(out, "<use href=\"#pm-p{id}\"{attrs}/>");
                i = at + len;
            }
            _ => {
                out.push_str("<path d=\"");
                i = at + "<path d=\"".len();
            }
        }
    }
    out.push_str(&svg[i..]);
    // The shared paths go first in <defs>.
    out.replacen("<defs>\n", &format!("<defs>\n{defs}"), 1)
}

/// The complete page for `scenes` (one per phase of `theatre`, in order).
pub fn page(theatre: &Theatre, style: &Style, scenes: &[Scene]) -> String {
    let phases: Vec<Value> = scenes
        .iter()
        .filter_map(|s| theatre.phase(&s.phase))
        .map(|p| {
            json!({
                "id": p.id, "title": p.title, "caption": p.caption,
                "dates": format_range(p.start, p.end),
                "snapshot": p.snapshot.to_string(),
            })
        })
        .collect();
    let data = json!({
        "title": theatre.title,
        "phases": phases,
        "toggles": toggles(theatre, style),
        "features": features(theatre, scenes),
    });
    let mut html = String::with_capacity(1 << 20);
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{t}</title>\n<style>\n{CSS}</style>\n</head>\n<body style=\"--page-bg:{bg}\">\n",
        t = escape(&theatre.title),
        bg = style.page.background.hex(),
    );
    let _ = writeln!(
        html,
        "<header><h1>{}</h1><p><span id=\"phase-title\"></span> <span id=\"phase-dates\"></span></p></header>",
        escape(&theatre.title)
    );
    let ticks: String = scenes
        .iter()
        .enumerate()
        .filter_map(|(k, s)| theatre.phase(&s.phase).map(|p| (k, p)))
        .map(|(k, p)| {
            format!(
                "<li><button type=\"button\" data-goto=\"{k}\" aria-label=\"Phase {}: {}\">{}</button></li>",
                escape(&p.id),
                escape(&p.title),
                escape(&p.id)
            )
        })
        .collect();
    let options: String = scenes
        .iter()
        .enumerate()
        .map(|(k, s)| format!("<option value=\"{k}\">{}</option>", escape(&s.phase)))
        .collect();
    let _ = write!(
        html,
        include_str!("page-controls.html"),
        last = scenes.len().saturating_sub(1),
        ticks = ticks,
        options = options,
    );
    if scenes.is_empty() {
        html.push_str("<p>No phases.</p></body></html>\n");
        return html;
    }
    let (defs, renames) = unify_patterns(scenes);
    html.push_str("<main id=\"stage\" tabindex=\"-1\">\n<div id=\"maps\">\n");
    html.push_str(&map_svg(scenes, &defs, &renames));
    html.push_str("</div>\n<div id=\"divider\" role=\"slider\" tabindex=\"0\" aria-label=\"Comparison divider\" aria-valuemin=\"0\" aria-valuemax=\"100\" aria-valuenow=\"50\" hidden></div>\n</main>\n");
    html.push_str("<div id=\"tooltip\" role=\"tooltip\" hidden></div>\n");
    html.push_str("<section id=\"legend\" aria-label=\"Caption and legend\">\n");
    for (k, (s, r)) in scenes.iter().zip(&renames).enumerate() {
        let top = s.parts.footer_top - 8.0;
        let _ = write!(
            html,
            "<svg data-legend=\"{k}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 {} {} {}\" \
             font-family=\"DejaVu Sans, Verdana, sans-serif\" role=\"img\" aria-label=\"Legend\" hidden>\n\
             <defs>{defs}</defs>\n{}</svg>\n",
            num(top),
            num(s.width),
            num(s.height - top),
            rename(&s.parts.footer, r)
        );
    }
    html.push_str("</section>\n");
    let _ = write!(
        html,
        "<script type=\"application/json\" id=\"phasemap-data\">{}</script>\n<script>\n{JS}</script>\n</body>\n</html>\n",
        script_json(&data)
    );
    html
}

/// A page showing only `message`, for the live preview when the data is
/// wrong; it keeps polling and reloads once the data is fixed.
pub fn error_page(message: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>phasemap: error</title>\n\
         <style>\n{CSS}</style>\n</head>\n<body>\n<main id=\"error\" role=\"alert\"><h1>The map could not be built</h1>\
         <pre>{}</pre><p>Fix the file and save: this page reloads by itself.</p></main>\n\
         <script>\n{JS}</script>\n</body>\n</html>\n",
        escape(message)
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
    fn error_page_escapes_the_message() {
        let p = error_page("bad <script>alert(1)</script>");
        assert!(p.contains("bad &lt;script&gt;alert(1)&lt;/script&gt;"));
    }
}
