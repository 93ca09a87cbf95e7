//! What the interactive page's script reads, taken from the scenes as data:
//! the tooltip text of every feature, the map labels (placed again by the
//! script for each zoom level) and the layers a reader may switch off.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::compose::Scene;
use crate::model::{words, Date, Feature, PageWords, Role, Theatre, Words};
use crate::style::{LayerKind, Style};

/// Style layers a reader may switch off: those drawing dated data, plus
/// labels. (ids, label) in style order: the layers drawing from theatre
/// layers of one role are one switch, named in the page's words (a layer
/// of no role by its id); the ids are space-separated.
pub fn toggles(theatre: &Theatre, style: &Style, ui: &PageWords) -> Vec<(String, String)> {
    let mut out: Vec<(Option<Role>, String, String)> = Vec::new();
    for l in &style.layers {
        if l.kind == LayerKind::Symbol {
            continue;
        }
        let Some(tl) = l.source.as_deref().and_then(|s| theatre.layer(s)) else {
            continue;
        };
        if !tl
            .features
            .iter()
            .any(|f| f.start.is_some() || f.end.is_some())
        {
            continue;
        }
        match out.iter_mut().find(|(r, ..)| r.is_some() && *r == tl.role) {
            Some((_, ids, _)) => {
                ids.push(' ');
                ids.push_str(&l.id);
            }
            None => {
                let label = match tl.role {
                    Some(r) => ui.get(&format!("layer-{}", r.name())).to_string(),
                    None => l.id.clone(),
                };
                out.push((tl.role, l.id.clone(), label));
            }
        }
    }
    let mut out: Vec<(String, String)> = out.into_iter().map(|(_, i, l)| (i, l)).collect();
    if style.layers.iter().any(|l| l.kind == LayerKind::Symbol) {
        out.push(("labels".into(), ui.get("layer-labels").to_string()));
    }
    out
}

/// "capture" -> "Capture", "rail_line" -> "Rail line".
fn sentence_case(s: &str) -> String {
    let s = s.replace(['_', '-'], " ");
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The dates a reader wants: an event's own day (its `date`), otherwise the
/// span the feature held (start to the day before its end).
fn reader_dates(f: &Feature, w: &Words, ui: &PageWords) -> Option<String> {
    if let Some(d) = f.str_prop("date").and_then(|d| Date::parse(d).ok()) {
        return Some(w.date(d));
    }
    match (f.start, f.end) {
        (Some(s), Some(e)) => Some(w.range(s, e)),
        (Some(s), None) => Some(ui.fill("from", "date", &w.date(s))),
        (None, Some(e)) => Some(ui.fill("until", "date", &w.date(e))),
        (None, None) => None,
    }
}

/// A feature's `kind` code as the reader sees it ("rail_line" -> "Rail
/// line"): in a language the style translates, that word's translation in
/// its table, or nothing when it has none.
fn kind_word(code: &str, style: &Style, lang: &str) -> Option<String> {
    let word = sentence_case(code);
    if word.is_empty() {
        return None;
    }
    match style.translations.get(lang) {
        None => Some(word),
        Some(table) => table.get(&word).cloned(),
    }
}

/// Tooltip text of every named or dated feature drawn or labelled in some
/// phase, keyed `layer/index`: name, kind, dates, power and a short
/// description. Source notes, certainty codes and ids stay out.
pub fn features(
    theatre: &Theatre,
    style: &Style,
    scenes: &[Scene],
    ui: &PageWords,
) -> Map<String, Value> {
    let w = words(&theatre.language);
    let keys = scenes
        .iter()
        .flat_map(|s| s.drawn.iter().map(|d| (d.layer.clone(), d.index)))
        .chain(scenes.iter().flat_map(|s| {
            s.labels
                .iter()
                .chain(&s.parts.spare_labels)
                .filter_map(|l| {
                    let (layer, i) = l.key.rsplit_once('/')?;
                    Some((layer.to_string(), i.parse().ok()?))
                })
        }));
    let mut out = Map::new();
    for (layer, i) in keys {
        let key = format!("{layer}/{i}");
        if out.contains_key(&key) {
            continue;
        }
        let Some(f) = theatre.layer(&layer).and_then(|l| l.features.get(i)) else {
            continue;
        };
        let name = f.str_prop("name").or_else(|| f.str_prop("label"));
        let dated = f.start.is_some() || f.end.is_some();
        let Some(name) = name.or(dated.then(|| f.display_name())) else {
            continue;
        };
        let mut m = Map::new();
        m.insert("name".into(), json!(name));
        if let Some(k) = f
            .str_prop("kind")
            .and_then(|k| kind_word(k, style, &theatre.language))
        {
            m.insert("kind".into(), json!(k));
        }
        if let Some(d) = reader_dates(f, w, ui) {
            m.insert("dates".into(), json!(d));
        }
        if let Some(p) = f.str_prop("power") {
            m.insert("power".into(), json!(theatre.power_name(p)));
        }
        if let Some(d) = f.str_prop("description").filter(|d| !d.is_empty()) {
            m.insert("desc".into(), json!(d));
        }
        out.insert(key, Value::Object(m));
    }
    out
}

/// One decimal place: plenty for screen pixels, and a short page.
fn r1(v: f64) -> Value {
    json!((v * 10.0).round() / 10.0)
}

/// The map labels of every phase: each label once, then per phase the
/// labels it may show in placement order (the order the script gives them
/// room in: those the composer placed, then those it had no room for), and
/// the smallest label size. See page.js for a label's array.
/// A label beside a point symbol is kept as the symbol's centre plus an
/// offset, so the script can keep it beside the symbol as the map zooms.
pub fn labels(scenes: &[Scene]) -> (Vec<Value>, Vec<Vec<usize>>, f64) {
    let mut rows: Vec<Value> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let mut orders = Vec::new();
    let mut min_size = f64::INFINITY;
    for s in scenes {
        let centres: BTreeMap<&str, [f64; 2]> = s
            .symbols
            .iter()
            .map(|(key, b)| (key.as_str(), [(b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0]))
            .collect();
        let mut order = Vec::new();
        // The composer's labels first, then those it found no room for:
        // the script gives them room in this order, view by view.
        for l in s.labels.iter().chain(&s.parts.spare_labels) {
            min_size = min_size.min(l.size);
            let [cx, cy] = centres.get(l.key.as_str()).copied().unwrap_or([l.x, l.y]);
            let anchor = match l.text_anchor {
                "middle" => 1,
                "end" => 2,
                _ => 0,
            };
            let font = u8::from(l.font.bold) | (u8::from(l.font.italic) << 1);
            let row = json!([
                l.text,
                l.key,
                r1(cx),
                r1(cy),
                r1(l.x - cx),
                r1(l.y - cy),
                anchor,
                r1(l.angle),
                r1(l.size),
                [
                    r1(l.bbox[0] - l.x),
                    r1(l.bbox[1] - l.y),
                    r1(l.bbox[2] - l.x),
                    r1(l.bbox[3] - l.y)
                ],
                font,
                l.paint.0,
                l.paint.1,
                r1(l.halo),
                r1(l.paint.2),
            ]);
            let at = *index.entry(row.to_string()).or_insert_with(|| {
                rows.push(row);
                rows.len() - 1
            });
            order.push(at);
        }
        orders.push(order);
    }
    let min_size = if min_size.is_finite() { min_size } else { 12.0 };
    (rows, orders, min_size)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feature(props: Value, start: &str, end: &str) -> Feature {
        Feature {
            index: 0,
            id: Some("ev-1".into()),
            geometry: geo::Geometry::Point(geo::Point::new(0.0, 0.0)),
            properties: props.as_object().cloned().unwrap_or_default(),
            start: Date::parse(start).ok(),
            end: Date::parse(end).ok(),
        }
    }

    /// The dates a reader is shown in `lang` for an event (its day, though
    /// it is drawn for months), a zone held for a span, a zone held from a
    /// day on and a feature with no dates.
    fn shown_dates(lang: &str) -> Vec<Option<String>> {
        let event = feature(
            json!({"date": "1918-09-18", "kind": "capture"}),
            "1918-09-18",
            "1919-03-04",
        );
        let zone = feature(json!({}), "1918-08-02", "1920-01-05");
        let held = feature(json!({}), "1918-08-02", "");
        let undated = feature(json!({}), "", "");
        let ui = PageWords::new(lang, None);
        [event, zone, held, undated]
            .iter()
            .map(|f| reader_dates(f, words(lang), &ui))
            .collect()
    }

    #[test]
    fn an_event_shows_its_own_day_not_how_long_it_is_drawn() {
        for (lang, want) in [
            (
                "en",
                [
                    "18 September 1918",
                    "2 August 1918 \u{2013} 4 January 1920",
                    "from 2 August 1918",
                ],
            ),
            (
                "ru",
                [
                    "18 сентября 1918",
                    "2 августа 1918 \u{2013} 4 января 1920",
                    "с 2 августа 1918",
                ],
            ),
        ] {
            let want: Vec<Option<String>> = want
                .iter()
                .map(|d| Some(d.to_string()))
                .chain([None])
                .collect();
            assert_eq!(shown_dates(lang), want, "{lang}");
        }
    }

    #[test]
    fn kinds_read_as_words() {
        assert_eq!(sentence_case("capture"), "Capture");
        assert_eq!(sentence_case("rail_line"), "Rail line");
        assert_eq!(sentence_case(""), "");
    }
}
