//! The map of one phase: the style's layers drawn in order, labels placed
//! around the symbols, the frame and graticule labels over them.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use geo::{Coord, Geometry};
use serde_json::Map;

use super::beside;
use super::displace;
use super::dissolve::dissolve;
use super::footer::footnotes;
use super::front_side;
use super::graticule_labels::write_graticule_labels;
use super::inset::shown_boxes;
use super::label_requests::{label_bounds, label_request, symbol_boxes};
use super::labels::{self, boxes_overlap, write_label, Collider, PlacedLabel};
use super::markup::Markup;
use super::prepared::{context, is_static, is_visible_layer, Prepared};
use super::scene::{close_chunk, DrawnFeature, FrontTeeth};
use super::svg::{escape, num, val};
use super::symbols;
use super::zones::Zones;
use crate::model::Phase;
use crate::style::{expr, LayerKind, GRATICULE_SOURCE};

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
    pub overlay: Markup,
    /// Leave out the graticule labels (sheet panels sit close together).
    pub no_graticule_labels: bool,
    /// Hide what overhangs the frame by painting the page colour around it
    /// instead of clipping (only alone on a page: a band would cover a
    /// neighbouring panel).
    pub overpaint: bool,
    /// Put before every `id` the body writes (a sheet's panels each get
    /// their own, so ids stay unique in the page).
    pub id_prefix: String,
    /// The clip path's id, when not the page's `map-clip` (an inset's map).
    pub clip_id: Option<String>,
    /// The footnote numbers to draw, when another map's footer holds the
    /// notes: an inset numbers its events as its main map does, so one event
    /// has one number on the page.
    pub notes: Option<Vec<(String, usize, String)>>,
}

/// How far clipped geometry and its strokes, markers and arrow heads may
/// reach beyond the frame, in reference pixels: the overpainted band's width.
const OVERHANG_PX: f64 = 24.0;

/// The map of one phase without page furniture, in map coordinates: the
/// content of `<g id="map">` (clipped data, frame, graticule labels).
pub(crate) struct MapBody {
    pub svg: Markup,
    pub labels: Vec<PlacedLabel>,
    pub dropped: Vec<String>,
    /// Labels that found no room, at their first choice of place.
    pub spare_labels: Vec<PlacedLabel>,
    pub drawn: Vec<DrawnFeature>,
    pub symbols: Vec<(String, [f64; 4])>,
    /// Boxes of the arrowheads drawn, with their feature keys.
    pub arrowheads: Vec<(String, [f64; 4])>,
    /// Fronts drawn with their teeth on the enemy's side.
    pub fronts: Vec<FrontTeeth>,
    /// Movement arrows as drawn (before smoothing), with their feature keys.
    pub arrows: Vec<(String, Vec<Vec<[f64; 2]>>)>,
    pub notes: Vec<(String, usize, String)>,
    /// Per style layer pieces (see [`SceneParts::layers`]).
    pub chunks: Vec<(String, Markup)>,
    /// Frame and graticule labels (see [`SceneParts::overlay`]).
    pub overlay: Markup,
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
    let mut body = Markup::new();
    let mut drawn = Vec::new();
    let mut requests = Vec::new();
    let mut collider = Collider::new(label_bounds(p));
    let mut symbol_boxes_drawn: Vec<(String, [f64; 4])> = Vec::new();
    let mut arrowheads: Vec<(String, [f64; 4])> = Vec::new();
    let mut fronts: Vec<FrontTeeth> = Vec::new();
    let mut arrows: Vec<(String, Vec<Vec<[f64; 2]>>)> = Vec::new();
    // Dated point symbols keep off the town dots and each other; their
    // labels follow them (feature key -> where the symbol went).
    let dots: Vec<[f64; 4]> = p.static_obstacles.iter().map(|(_, b)| *b).collect();
    // Event symbols keep off the place names too: the names are painted
    // over them, so a symbol under a name would show only its tips.
    let mut placed_symbols: Vec<[f64; 4]> = p.static_labels.iter().map(|l| l.bbox).collect();
    let mut heads_drawn: Vec<[f64; 4]> = Vec::new();
    let mut leaders: Vec<[Coord<f64>; 2]> = Vec::new();
    let zones = Zones::of(p, phase);
    let mut moved: BTreeMap<String, Coord<f64>> = BTreeMap::new();
    for (_, b) in &p.static_obstacles {
        collider.insert(*b);
    }
    for b in shown_boxes(p, phase) {
        collider.insert(b);
    }
    let layers = p.style.layers_for_phase(&phase.id);
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
    // Arrows give way to the labels drawn (labels keep one place in all phases).
    let label_boxes: Vec<[f64; 4]> = p
        .static_labels
        .iter()
        .filter(|l| visible_keys.contains(&(l.layer.clone(), l.key.clone())))
        .map(|l| l.bbox)
        .collect();
    let notes = opts.notes.clone().unwrap_or_else(|| footnotes(p, phase));
    let mut dissolved: Vec<(usize, Geometry<f64>)>;
    // Each layer's piece of `body` is closed when the next layer starts, so
    // the `continue`s below need no bookkeeping.
    let mut chunks: Vec<(String, Markup)> = Vec::new();
    let mut open = None;
    // The overlay (a change map's changed territory) goes right above the
    // faded territory, so water, railways and towns stay on top of it.
    let last_faded = layers
        .iter()
        .rposition(|l| l.source.as_ref().is_some_and(|s| opts.faded.contains(s)));
    let mut overlay_drawn = false;
    // The background (sea) colour, for ground with no data.
    let mut sea = None;
    for (k, layer) in layers.iter().enumerate() {
        if !overlay_drawn && last_faded.is_some_and(|f| k > f) {
            close_chunk(&mut chunks, &mut body, open.take());
            body.append(&opts.overlay);
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
        close_chunk(&mut chunks, &mut body, open.take());
        open = Some((layer.id.clone(), body.mark()));
        let no_props = Map::new();
        match layer.kind {
            LayerKind::Background => {
                let ctx = context(&no_props, phase, &snapshot, &pn);
                let props = symbols::Props::new(layer, &ctx, lay.scale);
                let paint = layer.typed.background();
                if let Some((bg, c)) = paint.and_then(|bg| Some((bg, props.color(&bg.color)?))) {
                    sea = Some(c);
                    let o = props.number(&bg.opacity, 1.0) * c.a;
                    body.push_str("<rect");
                    body.id(&format!("{}{}", opts.id_prefix, escape(&layer.id)));
                    let _ = write!(
                        body,
                        " width=\"{}\" height=\"{}\" fill=\"{}\"",
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
                    open_group(&mut body, &opts.id_prefix, &layer.id);
                    // Not a feature: the pointer reaches the area under a
                    // line (the page's tooltips), which a finer graticule
                    // on a small theatre would otherwise hide.
                    body.push_str(" pointer-events=\"none\">");
                    symbols::draw(&mut body, defs, layer, &props, &p.graticule.lines, "");
                    body.push_str("</g>\n");
                }
            }
            LayerKind::Symbol => {
                for (i, g) in p.visible(layer, phase) {
                    if !is_static(p.theatre, layer, i) {
                        let key = format!("{}/{i}", layer.source.as_deref().unwrap_or(""));
                        let moved_point = moved.get(&key).map(|c| Geometry::Point((*c).into()));
                        let g = moved_point.as_ref().unwrap_or(g);
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
                let beyond = p
                    .projected
                    .layers
                    .iter()
                    .find(|l| l.id == tl.id)
                    .and_then(|l| l.beyond.as_ref())
                    .filter(|_| layer.kind == LayerKind::Fill);
                if visible.is_empty() && beyond.is_none() {
                    continue;
                }
                let fade = if opts.faded.contains(&tl.id) {
                    opts.fade_opacity
                } else {
                    1.0
                };
                open_group(&mut body, &opts.id_prefix, &layer.id);
                body.push_str(">\n");
                if let Some(mp) = beyond {
                    // Where the land layer has no data (the corners of a
                    // conic page): neither land nor sea, no coastline.
                    let ctx = context(&no_props, phase, &snapshot, &pn);
                    let mut props = symbols::Props::new(layer, &ctx, lay.scale);
                    props.fade = fade;
                    let geom = Geometry::MultiPolygon(mp.clone());
                    symbols::draw_no_data(&mut body, &props, &geom, sea);
                }
                let visible = if layer.typed.fill().is_some_and(|f| f.dissolve.is_given()) {
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
                    let key = format!("{}/{i}", tl.id);
                    let line_paint = layer.typed.line();
                    if let Some(lp) = line_paint
                        .filter(|lp| props.text(&lp.teeth_side).as_deref() == Some("enemy"))
                    {
                        props.teeth_left = front_side::teeth_on_left(p, phase, &f.properties, g);
                        if let Some(s) = p.theatre.front_sides(&f.properties) {
                            fronts.push(FrontTeeth {
                                key: key.clone(),
                                owner: s.owner.to_string(),
                                enemy: s.enemy.to_string(),
                                teeth: symbols::teeth_triangles(&props, lp, g)
                                    .iter()
                                    .map(|t| t.map(|c| [c.x, c.y]))
                                    .collect(),
                            });
                        }
                    }
                    let moved_point;
                    let g = match (layer.kind, g) {
                        (LayerKind::Circle, Geometry::Point(pt))
                            if !is_static(p.theatre, layer, i) =>
                        {
                            let boxes = symbol_boxes(p, layer, phase, i, g);
                            let r = boxes.first().map_or(0.0, |b| (b[2] - b[0]) / 2.0);
                            let home_zone = zones.at(pt.0);
                            // A symbol whose centre is off its side but whose edge is on
                            // it is nearly as good as one on it.
                            let home = |q: Coord<f64>| {
                                let at = |dx: f64, dy: f64| {
                                    home_zone.cost(&zones.at(Coord {
                                        x: q.x + dx * r,
                                        y: q.y + dy * r,
                                    }))
                                };
                                let centre = at(0.0, 0.0);
                                if centre == 0 {
                                    return 0;
                                }
                                let edge = [(-1.0, 0.0), (1.0, 0.0), (0.0, -1.0), (0.0, 1.0)]
                                    .iter()
                                    .map(|(dx, dy)| at(*dx, *dy))
                                    .min()
                                    .unwrap_or(centre);
                                centre.min(edge + 1)
                            };
                            let around = displace::Around {
                                dots: &dots,
                                placed: &placed_symbols,
                                soft: &heads_drawn,
                                leaders: &leaders,
                                bounds: label_bounds(p),
                                gap: lay.px(3.0),
                                home: &home,
                            };
                            match displace::spot(pt.0, r, &around) {
                                Some(q) => {
                                    let dot = dots
                                        .iter()
                                        .filter(|d| {
                                            boxes_overlap(
                                                **d,
                                                [pt.x() - r, pt.y() - r, pt.x() + r, pt.y() + r],
                                            )
                                        })
                                        .map(|d| (d[2] - d[0]).max(d[3] - d[1]) / 2.0)
                                        .fold(0.0, f64::max);
                                    displace::write_leader(
                                        &mut body,
                                        pt.0,
                                        q,
                                        dot,
                                        r,
                                        p.style.page.text,
                                        lay.px(1.5),
                                    );
                                    leaders.push([pt.0, q]);
                                    moved.insert(key.clone(), q);
                                    moved_point = Geometry::Point(q.into());
                                    &moved_point
                                }
                                None => g,
                            }
                        }
                        _ => g,
                    };
                    // Arrows along a railway run beside it.
                    let beside_rail = beside::arrow_line(p, phase, &props, g);
                    let cleared = super::arrows::clear_of_boxes(
                        &props,
                        &beside_rail,
                        &label_boxes,
                        &dots,
                        label_bounds(p),
                        &beside::no_nearer_rails(p, phase, &props, &beside_rail),
                    );
                    let g: &Geometry<f64> = &cleared;
                    if props
                        .paint()
                        .line()
                        .is_some_and(|lp| props.is_set(&lp.arrow_width))
                    {
                        arrows.push((
                            key.clone(),
                            symbols::lines_of(g)
                                .iter()
                                .map(|l| l.0.iter().map(|c| [c.x, c.y]).collect())
                                .collect(),
                        ));
                    }
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
                                placed_symbols.push(b);
                            }
                            symbol_boxes_drawn.push((key.clone(), b));
                        }
                    }
                    for b in super::arrows::arrow_head_boxes(&props, g) {
                        collider.insert(b);
                        // Event symbols (drawn later) keep off arrowheads too.
                        heads_drawn.push(b);
                        arrowheads.push((key.clone(), b));
                    }
                }
                body.push_str("</g>\n");
            }
        }
    }
    close_chunk(&mut chunks, &mut body, open.take());
    if !overlay_drawn {
        // Its own piece, so the page shows it too (a phase map's locators).
        let start = body.mark();
        body.append(&opts.overlay);
        close_chunk(&mut chunks, &mut body, Some(("overlay".into(), start)));
    }
    let mut labels: Vec<PlacedLabel> = p
        .static_labels
        .iter()
        .filter(|l| visible_keys.contains(&(l.layer.clone(), l.key.clone())))
        .cloned()
        .collect();
    for l in &p.static_labels {
        collider.insert(l.bbox);
    }
    if let Some(f) = &p.follow {
        f.apply(&mut requests, Some(&phase.id), [view.width, view.height]);
    }
    let mut spare_labels = Vec::new();
    // Labels (an event's number) keep nearer their own symbol than the
    // town dots and the other events' symbols.
    let fixed: BTreeSet<&str> = p.static_obstacles.iter().map(|(k, _)| k.as_str()).collect();
    let point_symbols: Vec<(String, [f64; 4])> = p
        .static_obstacles
        .iter()
        .chain(
            symbol_boxes_drawn
                .iter()
                .filter(|(k, _)| !fixed.contains(k.as_str())),
        )
        .cloned()
        .collect();
    let (dynamic, mut dropped) =
        labels::place(requests, &mut collider, &point_symbols, &mut spare_labels);
    labels.extend(dynamic);
    dropped.extend(p.static_dropped.iter().cloned());
    spare_labels.extend(
        p.static_spares
            .iter()
            .filter(|l| visible_keys.contains(&(l.layer.clone(), l.key.clone())))
            .cloned(),
    );
    let labels_start = body.mark();
    let mut labels_svg = String::new();
    for l in &labels {
        write_label(&mut labels_svg, l);
    }
    open_group(&mut body, &opts.id_prefix, "labels");
    body.push_str(">\n");
    body.push_str(&labels_svg);
    body.push_str("</g>\n");
    close_chunk(
        &mut chunks,
        &mut body,
        Some(("labels".into(), labels_start)),
    );

    let furnished = p.style.page.furniture;
    let mut overlay = Markup::new();
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
        write_graticule_labels(&mut overlay, p, &p.graticule);
    }
    let mut svg = Markup::new();
    // A clip path costs resvg a mask the size of the map (a quarter of the
    // raster time); on an opaque page, a band of page colour around the
    // frame hides the overhang of clipped geometry and strokes the same way.
    let band = lay.px(OVERHANG_PX).min(lay.map_x).min(lay.map_y);
    let bg = p.style.page.background;
    // A bare map alone on its page is clipped by the page itself.
    let fills_page = opts.overpaint && !furnished && lay.map_x <= 0.0 && lay.map_y <= 0.0;
    if fills_page {
        svg.append(&body);
    } else if opts.overpaint && bg.a >= 1.0 && band >= lay.px(OVERHANG_PX) {
        svg.push_str("<g>\n");
        svg.append(&body);
        let (w, h, m) = (num(view.width), num(view.height), num(band));
        let _ = writeln!(
            svg,
            "<path fill=\"{}\" fill-rule=\"evenodd\" d=\"M-{m} -{m}H{w}h{m}V{h}v{m}H-{m}ZM0 0V{h}H{w}V0Z\"/>",
            bg.hex()
        );
        svg.push_str("</g>\n");
    } else {
        let _ = writeln!(
            svg,
            "<g clip-path=\"url(#{})\">",
            opts.clip_id.as_deref().unwrap_or("map-clip")
        );
        svg.append(&body);
        svg.push_str("</g>\n");
    }
    svg.append(&overlay);
    MapBody {
        svg,
        labels,
        dropped,
        spare_labels,
        drawn,
        symbols: symbol_boxes_drawn,
        arrowheads,
        fronts,
        arrows,
        notes,
        chunks,
        overlay,
    }
}

/// `<g id="…"` with the id as data (see [`Markup::id`]); the caller ends the tag.
pub(super) fn open_group(out: &mut Markup, prefix: &str, id: &str) {
    out.push_str("<g");
    out.id(&format!("{prefix}{}", escape(id)));
}
