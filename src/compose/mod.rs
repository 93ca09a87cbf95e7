//! Stage 5, **compose**: one phase of a theatre, styled, as one SVG scene
//! (page furniture included). [`prepare`] does the work shared by all phases
//! (static label placement, graticule, footer height); [`compose`] builds a
//! phase's scene from it. Scenes are plain data; `render` writes them.

pub mod commons;
mod compare;
mod furniture;
mod graticule;
mod labels;
mod layout;
pub mod svg;
mod symbols;
pub mod text;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use geo::{Coord, Geometry, InteriorPoint};
use serde_json::{Map, Value};

pub use compare::{compose_diff, compose_sheet, panel_width};
pub use labels::{boxes_overlap, PlacedLabel};
pub use layout::{Layout, REFERENCE_WIDTH};
pub use symbols::MARKERS;

use crate::model::{Phase, Theatre};
use crate::project::ProjectedTheatre;
use crate::style::{expr, EvalContext, LayerKind, Style, StyleLayer, GRATICULE_SOURCE, MIN_SIZE};
use labels::{Anchor, Collider, LabelRequest};
use svg::{escape, num, val};
use text::FontStyle;

/// One composed map: the SVG text and what tests and the HTML page need to
/// know about it.
#[derive(Debug, Clone)]
pub struct Scene {
    /// Phase id.
    pub phase: String,
    /// Page width in pixels.
    pub width: f64,
    /// Page height in pixels.
    pub height: f64,
    /// The complete SVG document.
    pub svg: String,
    /// Map rectangle on the page `[x0, y0, x1, y1]`.
    pub map_rect: [f64; 4],
    /// Labels drawn on the map (map coordinates; add the map origin for page coordinates).
    pub labels: Vec<PlacedLabel>,
    /// Labels that found no room.
    pub dropped: Vec<String>,
    /// Legend entries in order: (section, label).
    pub legend: Vec<(String, String)>,
    /// Every feature drawn, as `layer/index`, with its style layer's legend label if any.
    pub drawn: Vec<DrawnFeature>,
    /// Boxes of the point symbols drawn (map coordinates), with their feature keys.
    pub symbols: Vec<(String, [f64; 4])>,
    /// The same map cut into pieces, so the HTML page can share what does
    /// not change between phases instead of repeating it.
    pub parts: SceneParts,
    /// Map panels of a sheet (empty for a single map).
    pub panels: Vec<Panel>,
}

/// One map panel of a sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    /// Phase id.
    pub phase: String,
    /// Map rectangle on the page `[x0, y0, x1, y1]`.
    pub rect: [f64; 4],
}

/// The pieces of a [`Scene`]'s SVG, in drawing order. Concatenated inside
/// the page furniture they are exactly [`Scene::svg`].
#[derive(Debug, Clone, Default)]
pub struct SceneParts {
    /// `<pattern>` elements the map and footer refer to (ids `hatch1`, ... numbered per scene).
    pub defs: String,
    /// Map contents, one piece per style layer that drew something:
    /// (style layer id, SVG in map coordinates). The last piece is `labels`.
    pub layers: Vec<(String, String)>,
    /// Map size in pixels `[width, height]`.
    pub map_size: [f64; 2],
    /// Frame and graticule labels drawn over the map (map coordinates).
    pub overlay: String,
    /// Caption, scale bar and legend under the map (page coordinates).
    pub footer: String,
    /// Top of the footer on the page.
    pub footer_top: f64,
}

/// Closes the piece of `body` a style layer began at `start` (see [`SceneParts::layers`]).
fn close_chunk(chunks: &mut Vec<(String, String)>, body: &str, open: Option<(String, usize)>) {
    if let Some((id, start)) = open {
        if body.len() > start {
            chunks.push((id, body[start..].to_string()));
        }
    }
}

/// A feature drawn on a map.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawnFeature {
    /// Theatre layer id.
    pub layer: String,
    /// Feature index in its layer.
    pub index: usize,
    /// Style layer that drew it.
    pub style_layer: String,
    /// Its legend label, when the style layer has a legend.
    pub legend: Option<String>,
}

/// Work shared by every phase of one theatre, style and width.
pub struct Prepared<'a> {
    theatre: &'a Theatre,
    projected: &'a ProjectedTheatre,
    style: &'a Style,
    layout: Layout,
    graticule: graticule::Graticule,
    /// Labels of undated features, placed once so they sit in the same place in every phase.
    static_labels: Vec<PlacedLabel>,
    static_dropped: Vec<String>,
    /// Boxes of undated point symbols, which no label may cover, with feature keys.
    static_obstacles: Vec<(String, [f64; 4])>,
    footer_height: f64,
}

/// Evaluation context for a feature (or for no feature).
fn context<'a>(
    props: &'a Map<String, Value>,
    phase: &'a Phase,
    snapshot: &'a str,
    power_name: &'a dyn Fn(&str) -> String,
) -> EvalContext<'a> {
    EvalContext {
        properties: props,
        phase: &phase.id,
        snapshot,
        power_name,
    }
}

impl<'a> Prepared<'a> {
    fn power_name(&self) -> impl Fn(&str) -> String + '_ {
        move |c: &str| self.theatre.power_name(c).to_string()
    }

    /// Features of `layer` (style) visible in `phase`: (feature index, map geometry).
    fn visible(&self, layer: &StyleLayer, phase: &Phase) -> Vec<(usize, &'a Geometry<f64>)> {
        let Some(source) = layer.source.as_deref() else {
            return Vec::new();
        };
        let Some(li) = self.theatre.layers.iter().position(|l| l.id == source) else {
            return Vec::new();
        };
        let (tl, pl) = (&self.theatre.layers[li], &self.projected.layers[li]);
        let snapshot = phase.snapshot.to_string();
        let pn = self.power_name();
        let min_size = layer
            .layout
            .get(MIN_SIZE)
            .and_then(crate::style::size_value)
            .map(|s| s * self.layout.scale);
        tl.features
            .iter()
            .zip(&pl.geometries)
            .enumerate()
            .filter(|(_, (f, g))| g.is_some() && f.is_active(phase.snapshot))
            .filter(|(_, (_, g))| {
                min_size.is_none_or(|m| g.as_ref().is_some_and(|g| at_least(g, m)))
            })
            .filter(|(_, (f, _))| {
                layer.filter.as_ref().is_none_or(|flt| {
                    let ctx = context(&f.properties, phase, &snapshot, &pn);
                    expr::truthy(&expr::eval(flt, &ctx))
                })
            })
            .filter_map(|(i, (_, g))| g.as_ref().map(|g| (i, g)))
            .collect()
    }
}

/// Whether `g` (map pixels) is at least `side` big: a polygon's area at
/// least `side`², a line's length at least `side`; points always are.
fn at_least(g: &Geometry<f64>, side: f64) -> bool {
    use geo::{Area, Euclidean, Length};
    fn size(g: &Geometry<f64>) -> (f64, f64) {
        match g {
            Geometry::Polygon(p) => (p.unsigned_area(), 0.0),
            Geometry::MultiPolygon(p) => (p.unsigned_area(), 0.0),
            Geometry::Rect(r) => (r.unsigned_area(), 0.0),
            Geometry::Triangle(t) => (t.unsigned_area(), 0.0),
            Geometry::Line(l) => (0.0, Euclidean.length(l)),
            Geometry::LineString(l) => (0.0, Euclidean.length(l)),
            Geometry::MultiLineString(l) => (0.0, Euclidean.length(l)),
            Geometry::Point(_) | Geometry::MultiPoint(_) => (f64::INFINITY, f64::INFINITY),
            Geometry::GeometryCollection(c) => c
                .iter()
                .map(size)
                .fold((0.0, 0.0), |a, b| (a.0 + b.0, a.1 + b.1)),
        }
    }
    let (area, length) = size(g);
    area >= side * side || length >= side
}

/// Prepares `theatre` in `style` for pages laid out as `layout` (its map
/// width must be the one `projected` was made for).
pub fn prepare<'a>(
    theatre: &'a Theatre,
    projected: &'a ProjectedTheatre,
    style: &'a Style,
    layout: Layout,
) -> Prepared<'a> {
    let graticule = graticule::Graticule::new(&projected.view, theatre.extent);
    let mut p = Prepared {
        theatre,
        projected,
        style,
        layout,
        graticule,
        static_labels: Vec::new(),
        static_dropped: Vec::new(),
        static_obstacles: Vec::new(),
        footer_height: 0.0,
    };
    // Undated labels: requested if visible in any phase, placed once.
    let mut requests: Vec<LabelRequest> = Vec::new();
    let mut seen = BTreeSet::new();
    let mut obstacles = Vec::new();
    for phase in &theatre.phases {
        for layer in style.layers_for_phase(&phase.id) {
            if !is_visible_layer(&layer) {
                continue;
            }
            if layer.kind == LayerKind::Circle {
                for (i, g) in p.visible(&layer, phase) {
                    if is_static(theatre, &layer, i) && seen.insert(format!("o:{}:{i}", layer.id)) {
                        let key = format!("{}/{i}", layer.source.as_deref().unwrap_or(""));
                        obstacles.extend(
                            symbol_boxes(&p, &layer, phase, i, g)
                                .into_iter()
                                .map(|b| (key.clone(), b)),
                        );
                    }
                }
            }
            if layer.kind == LayerKind::Symbol {
                for (i, g) in p.visible(&layer, phase) {
                    if is_static(theatre, &layer, i) && seen.insert(format!("l:{}:{i}", layer.id)) {
                        requests.extend(label_request(
                            &p,
                            &layer,
                            phase,
                            i,
                            g,
                            requests.len(),
                            None,
                        ));
                    }
                }
            }
        }
    }
    let mut collider = Collider::new(label_bounds(&p));
    for (_, b) in &obstacles {
        collider.insert(*b);
    }
    let (placed, dropped) = labels::place(dedupe_line_labels(requests), &mut collider, &obstacles);
    p.static_labels = placed;
    p.static_dropped = dropped;
    p.static_obstacles = obstacles;
    if !style.page.furniture {
        return p;
    }
    p.footer_height = theatre
        .phases
        .iter()
        .map(|ph| furniture::footer_height(&p, ph, &legend_entries(&p, ph), &footnotes(&p, ph)))
        .fold(0.0, f64::max);
    p
}

fn is_visible_layer(layer: &StyleLayer) -> bool {
    layer.layout.get("visibility").and_then(Value::as_str) != Some("none")
}

fn is_static(theatre: &Theatre, layer: &StyleLayer, i: usize) -> bool {
    let Some(src) = layer.source.as_deref() else {
        return true;
    };
    theatre
        .layer(src)
        .and_then(|l| l.features.get(i))
        .is_some_and(|f| f.start.is_none() && f.end.is_none())
}

fn label_bounds(p: &Prepared) -> [f64; 4] {
    let inset = p.layout.px(3.0);
    [
        inset,
        inset,
        p.projected.view.width - inset,
        p.projected.view.height - inset,
    ]
}

/// Boxes covered by the point symbols of a circle layer's feature.
fn symbol_boxes(
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
    let marker = props
        .text("phasemap:marker")
        .filter(|m| !m.is_empty() && m != "circle");
    let stroke = props.size("circle-stroke-width", 0.0);
    match marker {
        Some(_) => props.size("phasemap:marker-size", 16.0) / 2.0 + stroke,
        None => props.size("circle-radius", 5.0) + stroke,
    }
}

/// The label request of symbol-layer feature `i`, if it has text.
fn label_request(
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
    let mut text = match number {
        Some(n) => n.to_string(),
        None => props.text("text-field")?,
    };
    match props.text("text-transform").as_deref() {
        Some("uppercase") => text = text.to_uppercase(),
        Some("lowercase") => text = text.to_lowercase(),
        _ => {}
    }
    let spacing = props.number("text-letter-spacing", 0.0);
    text = text::letter_space(&text, (spacing / 0.1).round().clamp(0.0, 6.0) as usize);
    let font = layer
        .layout
        .get("text-font")
        .map(|v| expr::eval(v, &ctx))
        .and_then(|v| v.as_array().and_then(|a| a.first().cloned()).or(Some(v)))
        .and_then(|v| v.as_str().map(FontStyle::from_font_name))
        .unwrap_or_default();
    let size = props.size("text-size", 16.0);
    let placement = props.text("phasemap:placement");
    let anchor = match (g, placement.as_deref()) {
        (Geometry::Point(pt), Some("center")) => Anchor::Center(pt.0),
        (Geometry::Point(pt), _) => {
            // Offset from the symbol a circle layer draws for the same feature.
            let radius = p
                .style
                .layers_for_phase(&phase.id)
                .iter()
                .filter(|l| l.kind == LayerKind::Circle && l.source.as_deref() == Some(source))
                .filter(|l| p.visible(l, phase).iter().any(|(j, _)| *j == i))
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
        .color("text-color")
        .unwrap_or(crate::style::Color::rgb(0, 0, 0));
    let halo_color = props.color("text-halo-color");
    let halo = if halo_color.is_some() {
        props.size("text-halo-width", 1.5)
    } else {
        0.0
    };
    let priority = props.number("symbol-sort-key", 0.0) * 1e6 + order as f64;
    Some(LabelRequest {
        text,
        anchor,
        size,
        font,
        halo,
        priority,
        layer: layer.id.clone(),
        key: format!("{source}/{i}"),
        paint: (
            color.hex(),
            halo_color.map(|c| c.hex()),
            props.number("text-opacity", 1.0),
        ),
    })
}

/// A river often comes in several pieces with one name: label it once, on
/// its longest piece.
fn dedupe_line_labels(requests: Vec<LabelRequest>) -> Vec<LabelRequest> {
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

/// Legend entries visible in `phase`: (section, label, style layer, feature index).
fn legend_entries(p: &Prepared, phase: &Phase) -> Vec<(String, String, StyleLayer, usize)> {
    let snapshot = phase.snapshot.to_string();
    let pn = p.power_name();
    let mut out: Vec<(String, String, StyleLayer, usize)> = Vec::new();
    for layer in p.style.layers_for_phase(&phase.id) {
        let Some((label_expr, section)) = layer.legend.clone() else {
            continue;
        };
        if !is_visible_layer(&layer) {
            continue;
        }
        let section = section.unwrap_or_default();
        let Some(tl) = layer.source.as_deref().and_then(|s| p.theatre.layer(s)) else {
            continue;
        };
        for (i, _) in p.visible(&layer, phase) {
            let ctx = context(&tl.features[i].properties, phase, &snapshot, &pn);
            let label = expr::to_text(&expr::eval(&label_expr, &ctx));
            if label.is_empty() || out.iter().any(|(s, l, ..)| *s == section && *l == label) {
                continue;
            }
            out.push((section.clone(), label, layer.clone(), i));
        }
    }
    // Entries of one section stay together, sections in order of first appearance.
    let mut sections: Vec<String> = Vec::new();
    for (s, ..) in &out {
        if !sections.contains(s) {
            sections.push(s.clone());
        }
    }
    let mut grouped = Vec::with_capacity(out.len());
    for s in sections {
        grouped.extend(out.iter().filter(|e| e.0 == s).cloned());
    }
    grouped
}

/// Footnoted labels of `phase` (`phasemap:footnote` symbol layers): the map
/// shows a number, the footer the full text. (style layer, feature, text).
fn footnotes(p: &Prepared, phase: &Phase) -> Vec<(String, usize, String)> {
    let snapshot = phase.snapshot.to_string();
    let pn = p.power_name();
    let mut out = Vec::new();
    for layer in p.style.layers_for_phase(&phase.id) {
        let on = layer
            .layout
            .get("phasemap:footnote")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        if layer.kind != LayerKind::Symbol || !on || !is_visible_layer(&layer) {
            continue;
        }
        let Some(tl) = layer.source.as_deref().and_then(|s| p.theatre.layer(s)) else {
            continue;
        };
        let mut notes: Vec<(String, usize, String)> = Vec::new();
        for (i, _) in p.visible(&layer, phase) {
            let ctx = context(&tl.features[i].properties, phase, &snapshot, &pn);
            let sort = layer
                .layout
                .get("phasemap:footnote-sort")
                .map(|e| expr::to_text(&expr::eval(e, &ctx)))
                .unwrap_or_default();
            if let Some(text) = layer
                .layout
                .get("text-field")
                .map(|e| expr::to_text(&expr::eval(e, &ctx)))
            {
                notes.push((sort, i, text));
            }
        }
        // Stable: equal keys keep data order.
        notes.sort_by(|a, b| a.0.cmp(&b.0));
        out.extend(
            notes
                .into_iter()
                .map(|(_, i, text)| (layer.id.clone(), i, text)),
        );
    }
    out
}

/// `phasemap:dissolve`: features with the same key are merged into one shape
/// (drawn with the first one's paint), so pieces of one power's territory
/// show no seams. Keys keep the order of their first feature.
fn dissolve(
    p: &Prepared,
    layer: &StyleLayer,
    phase: &Phase,
    visible: Vec<(usize, &Geometry<f64>)>,
) -> Vec<(usize, Geometry<f64>)> {
    use geo::BooleanOps;
    let Some(tl) = layer.source.as_deref().and_then(|s| p.theatre.layer(s)) else {
        return Vec::new();
    };
    let snapshot = phase.snapshot.to_string();
    let pn = p.power_name();
    let mut groups: Vec<(String, usize, geo::MultiPolygon<f64>)> = Vec::new();
    let li = p.theatre.layers.iter().position(|l| l.id == tl.id);
    for (i, _) in visible {
        let ctx = context(&tl.features[i].properties, phase, &snapshot, &pn);
        let key = expr::to_text(&expr::eval(&layer.layout["phasemap:dissolve"], &ctx));
        // Merged at full detail, simplified once merged: see
        // ProjectedTheatre::unsimplified.
        let Some(mp) = li.and_then(|li| p.projected.unsimplified(li, i, &tl.features[i].geometry))
        else {
            continue;
        };
        let mp = mp.clone();
        match groups.iter_mut().find(|(k, ..)| *k == key) {
            Some((_, _, acc)) => *acc = acc.union(&mp),
            None => groups.push((key, i, mp)),
        }
    }
    groups
        .into_iter()
        .map(|(_, i, mp)| {
            let merged = p.projected.finish_merged(mp);
            (i, Geometry::MultiPolygon(drop_sliver_holes(merged)))
        })
        .collect()
}

/// Neighbouring pieces simplified separately leave hairline gaps, which a
/// union turns into long thin holes; a hole narrower than about 3 px on
/// average (area below 1.5 x perimeter) is such a gap, not an enclave.
fn drop_sliver_holes(mp: geo::MultiPolygon<f64>) -> geo::MultiPolygon<f64> {
    use geo::{Area, Euclidean, Length};
    let keep = |ring: &geo::LineString<f64>| {
        let area = geo::Polygon::new(ring.clone(), vec![]).unsigned_area();
        area >= 1.5 * Euclidean.length(ring)
    };
    geo::MultiPolygon(
        mp.0.into_iter()
            .map(|p| {
                let (ext, holes) = p.into_inner();
                geo::Polygon::new(ext, holes.into_iter().filter(|h| keep(h)).collect())
            })
            .collect(),
    )
}

/// What a map body shows beyond the plain phase map (change maps fade and
/// leave out layers, and draw their own symbols above the data).
#[derive(Debug, Default, Clone)]
pub(crate) struct BodyOptions {
    /// Theatre layers drawn at `fade_opacity` (background for a change map).
    pub faded: BTreeSet<String>,
    /// Opacity of the faded layers.
    pub fade_opacity: f64,
    /// Theatre layers left out.
    pub skipped: BTreeSet<String>,
    /// SVG drawn right above the last faded layer (else above all data
    /// layers), always below the labels.
    pub overlay: String,
    /// Leave out the graticule labels (sheet panels sit close together).
    pub no_graticule_labels: bool,
    /// Hide what overhangs the frame by painting the page colour around it
    /// instead of clipping (only alone on a page: a band would cover a
    /// neighbouring panel).
    pub overpaint: bool,
    /// Put before every `id` the body writes (a sheet's panels each get
    /// their own, so ids stay unique in the page).
    pub id_prefix: String,
}

/// How far clipped geometry and its strokes, markers and arrow heads may
/// reach beyond the frame, in reference pixels: the overpainted band's width.
const OVERHANG_PX: f64 = 24.0;

/// The map of one phase without page furniture, in map coordinates: the
/// content of `<g id="map">` (clipped data, frame, graticule labels).
pub(crate) struct MapBody {
    pub svg: String,
    pub labels: Vec<PlacedLabel>,
    pub dropped: Vec<String>,
    pub drawn: Vec<DrawnFeature>,
    pub symbols: Vec<(String, [f64; 4])>,
    pub notes: Vec<(String, usize, String)>,
    /// Per style layer pieces (see [`SceneParts::layers`]).
    pub chunks: Vec<(String, String)>,
    /// Frame and graticule labels (see [`SceneParts::overlay`]).
    pub overlay: String,
}

/// Composes the map of `phase` (which must be one of the theatre's).
pub fn compose(p: &Prepared, phase: &Phase) -> Scene {
    let lay = p.layout;
    let view = &p.projected.view;
    let mut defs = symbols::Defs::default();
    let opts = BodyOptions {
        overpaint: true,
        ..Default::default()
    };
    let map = map_body(p, phase, &mut defs, &opts);
    let entries = legend_entries(p, phase);
    let map_h = view.height;
    let map_rect = [
        lay.map_x,
        lay.map_y,
        lay.map_x + view.width,
        lay.map_y + map_h,
    ];
    let furnished = p.style.page.furniture;
    let footer_y = map_rect[3] + lay.px(34.0);
    let height = if furnished {
        (footer_y + p.footer_height).round()
    } else {
        map_h.round()
    };

    // The footer's legend swatches may add hatch patterns: build it before <defs> is written.
    let mut footer = String::new();
    let legend = if furnished {
        furniture::write_footer(
            &mut footer,
            &mut defs,
            p,
            phase,
            &entries,
            &map.notes,
            footer_y,
        )
    } else {
        entries.iter().map(|e| (e.0.clone(), e.1.clone())).collect()
    };

    let title = format!("{}: {}", p.theatre.title, phase.title);
    let mut svg = page_start(p, lay.width, height, &title, &phase.caption, &defs);
    if furnished {
        furniture::write_header(&mut svg, p, phase);
    }
    let _ = writeln!(
        svg,
        "<g id=\"map\" transform=\"translate({} {})\">",
        num(lay.map_x),
        num(lay.map_y)
    );
    svg.push_str(&map.svg);
    svg.push_str("</g>\n");
    svg.push_str(&footer);
    svg.push_str("</svg>\n");
    Scene {
        phase: phase.id.clone(),
        width: lay.width,
        height,
        svg,
        map_rect,
        labels: map.labels,
        dropped: map.dropped,
        legend,
        drawn: map.drawn,
        symbols: map.symbols,
        parts: SceneParts {
            defs: defs.svg,
            layers: map.chunks,
            map_size: [view.width, map_h],
            overlay: map.overlay,
            footer,
            footer_top: footer_y,
        },
        panels: Vec::new(),
    }
}

/// The SVG root, title, `<defs>` (map clip and `defs`) and page background.
pub(crate) fn page_start(
    p: &Prepared,
    width: f64,
    height: f64,
    title: &str,
    desc: &str,
    defs: &symbols::Defs,
) -> String {
    let view = &p.projected.view;
    let mut svg = String::with_capacity(256 * 1024);
    let _ = write!(
        svg,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" \
         width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"{font}\">\n<title>{t}</title>\n<desc>{d}</desc>\n",
        w = num(width),
        h = num(height),
        font = text::FONT_FAMILY,
        t = escape(title),
        d = escape(desc),
    );
    let _ = write!(
        svg,
        "<defs>\n<clipPath id=\"map-clip\"><rect width=\"{}\" height=\"{}\"/></clipPath>\n{}</defs>\n",
        num(view.width),
        num(view.height),
        defs.svg
    );
    let _ = writeln!(
        svg,
        "<rect width=\"{}\" height=\"{}\" fill=\"{}\"/>",
        num(width),
        num(height),
        p.style.page.background.hex()
    );
    svg
}

/// Draws the map of `phase` (data, labels, frame, graticule labels) in map
/// coordinates; hatch patterns go to `defs`, which a sheet shares between panels.
pub(crate) fn map_body(
    p: &Prepared,
    phase: &Phase,
    defs: &mut symbols::Defs,
    opts: &BodyOptions,
) -> MapBody {
    let lay = p.layout;
    let view = &p.projected.view;
    let snapshot = phase.snapshot.to_string();
    let pn = p.power_name();
    let mut body = String::new();
    let mut drawn = Vec::new();
    let mut requests = Vec::new();
    let mut collider = Collider::new(label_bounds(p));
    let mut symbol_boxes_drawn: Vec<(String, [f64; 4])> = Vec::new();
    for (_, b) in &p.static_obstacles {
        collider.insert(*b);
    }
    let layers = p.style.layers_for_phase(&phase.id);
    let notes = footnotes(p, phase);
    let mut dissolved: Vec<(usize, Geometry<f64>)>;
    // Each layer's piece of `body` is closed when the next layer starts, so
    // the `continue`s below need no bookkeeping.
    let mut chunks: Vec<(String, String)> = Vec::new();
    let mut open: Option<(String, usize)> = None;
    // The overlay (a change map's changed territory) goes right above the
    // faded territory, so water, railways and towns stay on top of it.
    let last_faded = layers
        .iter()
        .rposition(|l| l.source.as_ref().is_some_and(|s| opts.faded.contains(s)));
    let mut overlay_drawn = false;
    for (k, layer) in layers.iter().enumerate() {
        if !overlay_drawn && last_faded.is_some_and(|f| k > f) {
            close_chunk(&mut chunks, &body, open.take());
            body.push_str(&opts.overlay);
            overlay_drawn = true;
        }
        if !is_visible_layer(layer)
            || layer
                .source
                .as_ref()
                .is_some_and(|s| opts.skipped.contains(s))
        {
            continue;
        }
        close_chunk(&mut chunks, &body, open.take());
        open = Some((layer.id.clone(), body.len()));
        let no_props = Map::new();
        match layer.kind {
            LayerKind::Background => {
                let ctx = context(&no_props, phase, &snapshot, &pn);
                let props = symbols::Props::new(layer, &ctx, lay.scale);
                if let Some(c) = props.color("background-color") {
                    let o = props.number("background-opacity", 1.0) * c.a;
                    let _ = write!(
                        body,
                        "<rect id=\"{}{}\" width=\"{}\" height=\"{}\" fill=\"{}\"",
                        opts.id_prefix,
                        escape(&layer.id),
                        num(view.width),
                        num(view.height),
                        c.hex()
                    );
                    if o < 1.0 {
                        let _ = write!(body, " fill-opacity=\"{}\"", val(o));
                    }
                    body.push_str("/>\n");
                }
            }
            _ if layer.source.as_deref() == Some(GRATICULE_SOURCE) => {
                if layer.kind == LayerKind::Line {
                    let ctx = context(&no_props, phase, &snapshot, &pn);
                    let props = symbols::Props::new(layer, &ctx, lay.scale);
                    let _ = write!(body, "<g id=\"{}{}\">", opts.id_prefix, escape(&layer.id));
                    symbols::draw(&mut body, defs, layer, &props, &p.graticule.lines, "");
                    body.push_str("</g>\n");
                }
            }
            LayerKind::Symbol => {
                for (i, g) in p.visible(layer, phase) {
                    if !is_static(p.theatre, layer, i) {
                        let number = notes
                            .iter()
                            .position(|n| n.0 == layer.id && n.1 == i)
                            .map(|k| k + 1);
                        requests.extend(label_request(
                            p,
                            layer,
                            phase,
                            i,
                            g,
                            requests.len(),
                            number,
                        ));
                    }
                }
            }
            _ => {
                let Some(tl) = layer.source.as_deref().and_then(|s| p.theatre.layer(s)) else {
                    continue;
                };
                let visible = p.visible(layer, phase);
                if visible.is_empty() {
                    continue;
                }
                let fade = if opts.faded.contains(&tl.id) {
                    opts.fade_opacity
                } else {
                    1.0
                };
                let _ = writeln!(body, "<g id=\"{}{}\">", opts.id_prefix, escape(&layer.id));
                let visible = if layer.kind == LayerKind::Fill
                    && layer.layout.contains_key("phasemap:dissolve")
                {
                    dissolved = dissolve(p, layer, phase, visible);
                    dissolved.iter().map(|(i, g)| (*i, g)).collect()
                } else {
                    visible
                };
                for (i, g) in visible {
                    let f = &tl.features[i];
                    let ctx = context(&f.properties, phase, &snapshot, &pn);
                    let mut props = symbols::Props::new(layer, &ctx, lay.scale);
                    props.fade = fade;
                    symbols::draw(
                        &mut body,
                        defs,
                        layer,
                        &props,
                        g,
                        &symbols::feature_attrs(&tl.id, i),
                    );
                    let legend = layer
                        .legend
                        .as_ref()
                        .map(|(e, _)| expr::to_text(&expr::eval(e, &ctx)));
                    drawn.push(DrawnFeature {
                        layer: tl.id.clone(),
                        index: i,
                        style_layer: layer.id.clone(),
                        legend,
                    });
                    if layer.kind == LayerKind::Circle {
                        for b in symbol_boxes(p, layer, phase, i, g) {
                            if !is_static(p.theatre, layer, i) {
                                collider.insert(b);
                            }
                            symbol_boxes_drawn.push((format!("{}/{i}", tl.id), b));
                        }
                    }
                }
                body.push_str("</g>\n");
            }
        }
    }
    close_chunk(&mut chunks, &body, open.take());
    if !overlay_drawn {
        body.push_str(&opts.overlay);
    }
    // Static labels keep their places; only those visible in this phase are drawn.
    let visible_keys: BTreeSet<(String, String)> = layers
        .iter()
        .filter(|l| l.kind == LayerKind::Symbol && is_visible_layer(l))
        .flat_map(|l| {
            let src = l.source.clone().unwrap_or_default();
            p.visible(l, phase)
                .into_iter()
                .map(move |(i, _)| (l.id.clone(), format!("{src}/{i}")))
        })
        .collect();
    let mut labels: Vec<PlacedLabel> = p
        .static_labels
        .iter()
        .filter(|l| visible_keys.contains(&(l.layer.clone(), l.key.clone())))
        .cloned()
        .collect();
    for l in &p.static_labels {
        collider.insert(l.bbox);
    }
    let (dynamic, mut dropped) = labels::place(requests, &mut collider, &p.static_obstacles);
    labels.extend(dynamic);
    dropped.extend(p.static_dropped.iter().cloned());
    let labels_start = body.len();
    let _ = writeln!(body, "<g id=\"{}labels\">", opts.id_prefix);
    for l in &labels {
        furniture::write_label(&mut body, l);
    }
    body.push_str("</g>\n");
    close_chunk(&mut chunks, &body, Some(("labels".into(), labels_start)));

    let furnished = p.style.page.furniture;
    let mut overlay = String::new();
    if furnished {
        let _ = writeln!(
            overlay,
            "<rect width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\"/>",
            num(view.width),
            num(view.height),
            p.style.page.frame.hex(),
            val(lay.px(1.5))
        );
    }
    if furnished
        && p.style.page.graticule_labels
        && !opts.no_graticule_labels
        && p.style
            .layers
            .iter()
            .any(|l| l.source.as_deref() == Some(GRATICULE_SOURCE))
    {
        furniture::write_graticule_labels(&mut overlay, p, &p.graticule);
    }
    let mut svg = String::with_capacity(body.len() + overlay.len() + 256);
    // A clip path costs resvg a mask the size of the map (a quarter of the
    // raster time); on an opaque page, a band of page colour around the
    // frame hides the overhang of clipped geometry and strokes the same way.
    let band = lay.px(OVERHANG_PX).min(lay.map_x).min(lay.map_y);
    let bg = p.style.page.background;
    // A bare map alone on its page is clipped by the page itself.
    let fills_page = opts.overpaint && !furnished && lay.map_x <= 0.0 && lay.map_y <= 0.0;
    if fills_page {
        svg.push_str(&body);
    } else if opts.overpaint && bg.a >= 1.0 && band >= lay.px(OVERHANG_PX) {
        svg.push_str("<g>\n");
        svg.push_str(&body);
        let (w, h, m) = (num(view.width), num(view.height), num(band));
        let _ = writeln!(
            svg,
            "<path fill=\"{}\" fill-rule=\"evenodd\" d=\"M-{m} -{m}H{w}h{m}V{h}v{m}H-{m}ZM0 0V{h}H{w}V0Z\"/>",
            bg.hex()
        );
        svg.push_str("</g>\n");
    } else {
        let _ = writeln!(svg, "<g clip-path=\"url(#map-clip)\">");
        svg.push_str(&body);
        svg.push_str("</g>\n");
    }
    svg.push_str(&overlay);
    MapBody {
        svg,
        labels,
        dropped,
        drawn,
        symbols: symbol_boxes_drawn,
        notes,
        chunks,
        overlay,
    }
}
