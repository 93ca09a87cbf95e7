//! What each symbol-layer feature asks of label placement: its text,
//! font, anchor and paint, and the symbol boxes labels must avoid.

use std::collections::{BTreeMap, BTreeSet};

use geo::{Coord, Geometry, InteriorPoint};

use super::labels::{Anchor, LabelRequest};
use super::layout::MIN_TEXT_PX;
use super::prepared::{context, is_visible_layer, Prepared};
use super::symbols;
use super::text::{self, FontStyle};
use crate::model::{Phase, Role};
use crate::style::{LayerKind, StyleLayer};

pub(super) fn label_bounds(p: &Prepared) -> [f64; 4] {
    let inset = p.layout.px(3.0);
    [
        inset,
        inset,
        p.projected.view.width - inset,
        p.projected.view.height - inset,
    ]
}

/// Boxes covered by the point symbols of a circle layer's feature.
pub(super) fn symbol_boxes(
    p: &Prepared,
    layer: &StyleLayer,
    phase: &Phase,
    i: usize,
    g: &Geometry<f64>,
) -> Vec<[f64; 4]> {
    let r = point_radius(p, layer, phase, i);
    points(g)
        .into_iter()
        .map(|c| [c.x - r, c.y - r, c.x + r, c.y + r])
        .collect()
}

fn points(g: &Geometry<f64>) -> Vec<Coord<f64>> {
    match g {
        Geometry::Point(pt) => vec![pt.0],
        Geometry::MultiPoint(mp) => mp.iter().map(|pt| pt.0).collect(),
        _ => Vec::new(),
    }
}

/// Radius of the symbol a circle layer draws for feature `i`.
fn point_radius(p: &Prepared, layer: &StyleLayer, phase: &Phase, i: usize) -> f64 {
    let Some(f) = layer
        .source
        .as_deref()
        .and_then(|s| p.theatre.layer(s))
        .and_then(|l| l.features.get(i))
    else {
        return 0.0;
    };
    let snapshot = phase.snapshot.to_string();
    let pn = p.power_name();
    let ctx = context(&f.properties, phase, &snapshot, &pn);
    let props = symbols::Props::new(layer, &ctx, p.layout.scale);
    let Some(cp) = layer.typed.circle() else {
        return 0.0;
    };
    let marker = props
        .text(&cp.marker)
        .filter(|m| !m.is_empty() && m != "circle");
    let stroke = props.size(&cp.stroke_width, 0.0);
    match marker {
        Some(_) => props.size(&cp.marker_size, 16.0) / 2.0 + stroke,
        None => props.size(&cp.radius, 5.0) + stroke,
    }
}

/// The smallest text of a main place's label (a rank-1 place): legible at
/// article width.
pub const MAIN_PLACE_PX: f64 = 10.0;

/// How far ahead of every other label a main place's label is placed (in
/// priority units: sort keys count 1e6 each).
const MAIN_PLACE_FIRST: f64 = 1e15;

/// The label request of symbol-layer feature `i`, if it has text.
pub(super) fn label_request(
    p: &Prepared,
    layer: &StyleLayer,
    phase: &Phase,
    i: usize,
    g: &Geometry<f64>,
    order: usize,
    number: Option<usize>,
) -> Option<LabelRequest> {
    let source = layer.source.as_deref()?;
    let f = p.theatre.layer(source)?.features.get(i)?;
    let snapshot = phase.snapshot.to_string();
    let pn = p.power_name();
    let ctx = context(&f.properties, phase, &snapshot, &pn);
    let props = symbols::Props::new(layer, &ctx, p.layout.scale);
    let sp = layer.typed.symbol()?;
    let transform = props.text(&sp.transform);
    let spacing = props.number(&sp.letter_spacing, 0.0);
    let finish = |text: String| {
        let text = match transform.as_deref() {
            Some("uppercase") => text.to_uppercase(),
            Some("lowercase") => text.to_lowercase(),
            _ => text,
        };
        text::letter_space(&text, (spacing / 0.1).round().clamp(0.0, 6.0) as usize)
    };
    let text = finish(match number {
        Some(n) => n.to_string(),
        None => props.text(&sp.field)?,
    });
    let short = match number {
        Some(_) => None,
        None => short_text(f, layer, phase, &snapshot, &pn, p.layout.scale).map(finish),
    }
    .filter(|s| *s != text);
    let font = props
        .get(&sp.font)
        .map(|name| FontStyle::from_font_name(&name))
        .unwrap_or_default();
    // The theatre's main places (rank 1) are named first, and never below
    // MAIN_PLACE_PX, whatever the width.
    let main_place = p.theatre.layer(source).and_then(|l| l.role) == Some(Role::Places)
        && matches!(g, Geometry::Point(_))
        && f.properties.get("rank").and_then(|v| v.as_f64()) == Some(1.0);
    // The theatre's towns of the first two ranks (its main towns and the
    // next) are never under MAIN_PLACE_PX; every other label never under
    // the page's smallest text.
    let rank = f.properties.get("rank").and_then(|v| v.as_f64());
    let named_place = p.theatre.layer(source).and_then(|l| l.role) == Some(Role::Places)
        && matches!(g, Geometry::Point(_))
        && rank.is_some_and(|r| r <= 2.0);
    let size = props.size(&sp.size, 16.0).max(MIN_TEXT_PX);
    let size = if named_place {
        size.max(MAIN_PLACE_PX)
    } else {
        size
    };
    let placement = props.text(&sp.placement);
    let anchor = match (g, placement.as_deref()) {
        (Geometry::Point(pt), Some("center")) => Anchor::Center(pt.0),
        (Geometry::Point(pt), _) => {
            // Offset from the symbol a circle layer draws for the same feature.
            let radius = p
                .style
                .layers_for_phase(&phase.id)
                .iter()
                .filter(|l| l.kind == LayerKind::Circle && l.source.as_deref() == Some(source))
                .filter(|l| p.visible_feature(l, phase, i).is_some())
                .map(|l| point_radius(p, l, phase, i))
                .fold(0.0, f64::max);
            Anchor::Point(pt.0, radius.max(p.layout.px(2.0)))
        }
        (Geometry::LineString(l), _) => Anchor::Line(vec![l.clone()]),
        (Geometry::MultiLineString(ml), _) => Anchor::Line(ml.0.clone()),
        (Geometry::Polygon(_) | Geometry::MultiPolygon(_), _) => {
            Anchor::Center(g.interior_point()?.0)
        }
        _ => return None,
    };
    let color = props
        .color(&sp.color)
        .unwrap_or(crate::style::Color::rgb(0, 0, 0));
    let halo_color = props.color(&sp.halo_color);
    let halo = if halo_color.is_some() {
        props.size(&sp.halo_width, 1.5)
    } else {
        0.0
    };
    let priority = props.number(&sp.sort_key, 0.0) * 1e6 + order as f64
        - if main_place { MAIN_PLACE_FIRST } else { 0.0 };
    Some(LabelRequest {
        text,
        short,
        anchor,
        size,
        font,
        halo,
        padding: props.size(&sp.padding, 0.0),
        priority,
        layer: layer.id.clone(),
        key: format!("{source}/{i}"),
        paint: (
            color.hex(),
            halo_color.map(|c| c.hex()),
            props.number(&sp.opacity, 1.0),
        ),
        class: props.number(&sp.sort_key, 0.0),
        make_room: named_place,
        main: main_place,
        prefer: None,
        tied: number.is_some(),
    })
}

/// The texts of the labels `phase`'s map leaves out on purpose at this page
/// width (a symbol layer's `phasemap:min-width`: the minor places of a
/// thumbnail), each feature once: what the summary reports apart from the
/// labels that found no room.
pub(super) fn left_out_at_width(p: &Prepared, phase: &Phase) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut texts = Vec::new();
    for layer in p.style.layers_for_phase(&phase.id) {
        if layer.kind != LayerKind::Symbol || !is_visible_layer(&layer) {
            continue;
        }
        let source = layer.source.as_deref().unwrap_or("");
        for (i, g) in p.left_out_at_width(&layer, phase) {
            if let Some(r) = label_request(p, &layer, phase, i, g, 0, None) {
                if seen.insert(format!("{source}/{i}")) {
                    texts.push(r.text);
                }
            }
        }
    }
    texts
}

/// The feature's text with its `short_name` for its `name` (OpenStreetMap's
/// and OpenHistoricalMap's key: "Mittelstadt" for Mittelstadt-an-der-Aue), if it
/// has one: what the placer tries where the full name finds no room. The
/// layer's own text expression makes it, so a style that writes more than
/// the name keeps the rest.
fn short_text(
    f: &crate::model::Feature,
    layer: &StyleLayer,
    phase: &Phase,
    snapshot: &str,
    powers: &dyn crate::style::expr::PowerLookup,
    scale: f64,
) -> Option<String> {
    let short = f.properties.get("short_name")?.as_str()?.trim();
    if short.is_empty() {
        return None;
    }
    let mut props = f.properties.clone();
    props.insert("name".into(), short.into());
    let ctx = context(&props, phase, snapshot, powers);
    let sp = layer.typed.symbol()?;
    symbols::Props::new(layer, &ctx, scale)
        .text(&sp.field)
        .filter(|t| !t.trim().is_empty())
}

/// A river often comes in several pieces with one name: label it once, on
/// its longest piece.
pub(super) fn dedupe_line_labels(requests: Vec<LabelRequest>) -> Vec<LabelRequest> {
    let mut best: BTreeMap<(String, String), (f64, usize)> = BTreeMap::new();
    for (i, r) in requests.iter().enumerate() {
        if let Anchor::Line(lines) = &r.anchor {
            let len: f64 = lines
                .iter()
                .map(|l| {
                    l.0.windows(2)
                        .map(|w| ((w[1].x - w[0].x).powi(2) + (w[1].y - w[0].y).powi(2)).sqrt())
                        .sum::<f64>()
                })
                .sum();
            let e = best
                .entry((r.layer.clone(), r.text.clone()))
                .or_insert((len, i));
            if len > e.0 {
                *e = (len, i);
            }
        }
    }
    let keep: BTreeSet<usize> = best.values().map(|(_, i)| *i).collect();
    requests
        .into_iter()
        .enumerate()
        .filter(|(i, r)| !matches!(r.anchor, Anchor::Line(_)) || keep.contains(i))
        .map(|(_, r)| r)
        .collect()
}
