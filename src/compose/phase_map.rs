//! A phase map page: [`prepare`] does the work shared by all phases
//! (static label placement, graticule, footer height); [`compose`] builds a
//! phase's page (header, map, footer) from it.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::footer::{self, footnotes};
use super::graticule::Graticule;
use super::header::write_header;
use super::inset::{inset_layout, write_insets, write_locators, InsetMap, InsetTitle};
use super::label_layout::LabelLayout;
use super::label_requests::{
    dedupe_line_labels, label_bounds, label_request, left_out_at_width, symbol_boxes,
};
use super::labels::{self, Collider, LabelRequest};
use super::layout::Layout;
use super::legend::{legend_entries, legend_entries_of, legend_rows, Entry};
use super::map::{map_body, BodyOptions};
use super::markup::Markup;
use super::prepared::{context, is_static, is_visible_layer, Prepared};
use super::scene::{Scene, SceneParts};
use super::svg::{escape, num};
use super::symbols;
use super::text;
use crate::model::{Phase, Theatre};
use crate::project::ProjectedTheatre;
use crate::style::{LayerKind, Style};

/// Prepares `theatre` in `style` for pages laid out as `layout` (its map
/// width must be the one `projected` was made for).
pub fn prepare<'a>(
    theatre: &'a Theatre,
    projected: &'a ProjectedTheatre,
    style: &'a Style,
    layout: Layout,
) -> Prepared<'a> {
    prepare_following(theatre, projected, style, layout, None)
}

/// As [`prepare`], and every label of the main map keeps the place (scaled
/// to this width) it has in `follow`, the phase maps' label layout, where
/// it fits there; else it takes the nearest place that fits. A sheet's
/// panels and an animation's frames are prepared so: a reader comparing
/// them with the phase maps sees the same map.
pub fn prepare_following<'a>(
    theatre: &'a Theatre,
    projected: &'a ProjectedTheatre,
    style: &'a Style,
    layout: Layout,
    follow: Option<&LabelLayout>,
) -> Prepared<'a> {
    let insets = inset_maps(theatre, projected, style, layout, true);
    let follow = follow.filter(|f| !f.is_empty()).cloned();
    let mut p = prepare_map(theatre, projected, style, layout, insets, follow);
    let phases: Vec<&Phase> = theatre.phases.iter().collect();
    // The page's legend rows are tall enough for every phase's swatches.
    let (legend_box, row_h) = super::legend::row_room(&p, &phases);
    (p.legend_box, p.legend_row_h) = (Some(legend_box), row_h);
    if !style.page.furniture {
        return p;
    }
    p.footer_height = footer_height(&p, &phases);
    p
}

/// The theatre's insets at `layout`'s width, their maps prepared (their
/// labels placed only when `labelled`), their corners not yet chosen.
fn inset_maps<'a>(
    theatre: &'a Theatre,
    projected: &'a ProjectedTheatre,
    style: &'a Style,
    layout: Layout,
    labelled: bool,
) -> Vec<InsetMap<'a>> {
    theatre
        .insets
        .iter()
        .zip(&projected.insets)
        .map(|(inset, proj)| {
            let v = &proj.view;
            let lay = inset_layout(layout, v.width);
            InsetMap {
                inset,
                map: if labelled {
                    prepare_map(theatre, proj, style, lay, Vec::new(), None)
                } else {
                    bare_map(theatre, proj, style, lay, Vec::new(), None)
                },
                size: [v.width, v.height],
                band: InsetTitle::new(layout, inset, v.width).band(layout),
                rects: Vec::new(),
            }
        })
        .collect()
}

/// Warnings for the theatre's insets in a fixed corner that cover a town
/// dot or an event symbol of a phase that shows them, at `layout`'s width
/// (`check` and the drawing commands print them).
pub fn inset_warnings(
    theatre: &Theatre,
    projected: &ProjectedTheatre,
    style: &Style,
    layout: Layout,
) -> Vec<String> {
    if theatre.insets.iter().all(|i| i.corner.is_none()) {
        return Vec::new();
    }
    let insets = inset_maps(theatre, projected, style, layout, false);
    super::inset_corner::warnings(&bare_map(theatre, projected, style, layout, insets, None))
}

/// The footer height every page of `phases` fits in (the largest).
fn footer_height(p: &Prepared, phases: &[&Phase]) -> f64 {
    phases
        .iter()
        .map(|ph| footer::footer_height(p, ph, &page_legend(p, ph), &footnotes(p, ph)))
        .fold(0.0, f64::max)
}

/// The legend entries the page of `phase` lists: its own, or in an
/// animation's frames the one legend of all of them.
fn page_legend(p: &Prepared, phase: &Phase) -> Vec<Entry> {
    match &p.frames {
        Some(entries) => entries.clone(),
        None => legend_entries(p, phase),
    }
}

impl Prepared<'_> {
    /// These pages as the frames of an animation of `phases`: every frame
    /// lists the one legend of all of them, in the same place (an entry
    /// that came and went, or moved, between frames would read as a change
    /// on the map), and draws no caption (too long to read while the frame
    /// is held: the phases' titles stay, the captions go to the
    /// animation's description page, `commons::animation_wikitext`).
    pub fn frames_of(mut self, phases: &[&Phase]) -> Self {
        self.frames = Some(legend_entries_of(&self, phases));
        if self.style.page.furniture {
            self.footer_height = footer_height(&self, phases);
        }
        self
    }
}

/// [`prepare`] without the footer: a map with its static labels placed
/// around its undated symbols and its insets' boxes.
fn prepare_map<'a>(
    theatre: &'a Theatre,
    projected: &'a ProjectedTheatre,
    style: &'a Style,
    layout: Layout,
    insets: Vec<InsetMap<'a>>,
    follow: Option<LabelLayout>,
) -> Prepared<'a> {
    let p = bare_map(theatre, projected, style, layout, insets, follow);
    place_static_labels(p)
}

/// A map with nothing placed yet but its insets, each in its corner of
/// each phase.
fn bare_map<'a>(
    theatre: &'a Theatre,
    projected: &'a ProjectedTheatre,
    style: &'a Style,
    layout: Layout,
    insets: Vec<InsetMap<'a>>,
    follow: Option<LabelLayout>,
) -> Prepared<'a> {
    let hemispheres = &crate::model::words(&theatre.language).hemispheres;
    let graticule = Graticule::new(&projected.view, theatre.extent, hemispheres);
    let mut p = Prepared {
        theatre,
        projected,
        style,
        layout,
        graticule,
        static_labels: Vec::new(),
        static_dropped: Vec::new(),
        static_spares: Vec::new(),
        static_obstacles: Vec::new(),
        footer_height: 0.0,
        legend_row_h: 0.0,
        legend_box: None,
        insets,
        follow,
        frames: None,
    };
    // Each inset's corner in each phase, before anything is placed around it.
    let rects = super::inset_corner::choose(&p);
    for (m, rects) in p.insets.iter_mut().zip(rects) {
        m.rects = theatre
            .phases
            .iter()
            .zip(rects)
            .filter_map(|(ph, r)| Some((ph.id.clone(), r?)))
            .collect();
    }
    p
}

/// `p` with its undated labels placed around its undated symbols and its
/// insets' boxes.
fn place_static_labels<'a>(mut p: Prepared<'a>) -> Prepared<'a> {
    let (theatre, style, layout) = (p.theatre, p.style, p.layout);
    // Undated labels: requested if visible in any phase, placed once.
    let mut requests: Vec<LabelRequest> = Vec::new();
    let mut seen = BTreeSet::new();
    let mut obstacles = Vec::new();
    let mut heads = Vec::new();
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
            if layer.kind == LayerKind::Line {
                // Undated labels keep off every phase's arrowheads.
                let snapshot = phase.snapshot.to_string();
                let pn = p.power_name();
                let tl = layer.source.as_deref().and_then(|s| theatre.layer(s));
                for (i, g) in p.visible(&layer, phase) {
                    let Some(f) = tl.and_then(|l| l.features.get(i)) else {
                        continue;
                    };
                    let ctx = context(&f.properties, phase, &snapshot, &pn);
                    let props = symbols::Props::new(&layer, &ctx, layout.scale);
                    let g = super::beside::arrow_line(&p, phase, &props, g);
                    heads.extend(super::arrows::arrow_head_boxes(&props, &g));
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
    // Undated labels keep one place in every phase, so they stay clear of
    // an inset even in the phases that do not show it, and of every phase's
    // arrowheads where they can.
    let mut collider = Collider::new(label_bounds(&p));
    let mut inset_boxes: Vec<[f64; 4]> = Vec::new();
    for (_, r) in p.insets.iter().flat_map(|i| &i.rects) {
        if !inset_boxes.contains(r) {
            inset_boxes.push(*r);
        }
    }
    for b in obstacles.iter().map(|(_, b)| b).chain(&inset_boxes) {
        collider.insert(*b);
    }
    let mut avoid = Collider::new(label_bounds(&p));
    for b in &heads {
        avoid.insert(*b);
    }
    let mut requests = dedupe_line_labels(requests);
    if let Some(f) = &p.follow {
        let view = &p.projected.view;
        f.apply(&mut requests, None, [view.width, view.height]);
    }
    let mut spares = Vec::new();
    let (placed, dropped) =
        labels::place_avoiding(requests, &mut collider, &avoid, &obstacles, &mut spares);
    p.static_labels = placed;
    p.static_dropped = dropped;
    p.static_spares = spares;
    p.static_obstacles = obstacles;
    p
}

/// Composes the map of `phase` (which must be one of the theatre's).
pub fn compose(p: &Prepared, phase: &Phase) -> Scene {
    compose_pieces(p, phase).into_scene()
}

/// A phase map before it is put together: its texts and groups apart, so
/// that maps of one phase in several languages can share what they have
/// in common (see `multilingual`).
pub(super) struct Pieces {
    /// The scene, its `svg` still empty.
    pub scene: Scene,
    /// `<title>` and `<desc>` texts.
    pub title: String,
    pub desc: String,
    /// `<defs>` content (patterns).
    pub defs: String,
    /// Page background colour.
    pub background: String,
    /// Map size `[width, height]` (for the clip path).
    pub map_size: [f64; 2],
    /// The header group (empty on a bare map).
    pub header: String,
    /// The `<g id="map">` group.
    pub map: String,
}

impl Pieces {
    /// The single-language page.
    pub fn into_scene(self) -> Scene {
        let mut svg = page_head(
            self.scene.width,
            self.scene.height,
            &[(None, self.title.as_str(), self.desc.as_str())],
            self.map_size,
            &self.defs,
            &self.background,
        );
        svg.push_str(&self.header);
        svg.push_str(&self.map);
        svg.push_str(&self.scene.parts.footer);
        svg.push_str("</svg>\n");
        Scene { svg, ..self.scene }
    }
}

/// Composes the pieces of the map of `phase`.
pub(super) fn compose_pieces(p: &Prepared, phase: &Phase) -> Pieces {
    let lay = p.layout;
    let view = &p.projected.view;
    let mut defs = symbols::Defs::default();
    let mut locators = Markup::new();
    write_locators(&mut locators, p, phase, "");
    let opts = BodyOptions {
        overpaint: true,
        overlay: locators,
        ..Default::default()
    };
    let mut map = map_body(p, phase, &mut defs, &opts);
    // Insets go over the map and its frame, inside the page's map group; the
    // page shares them as part of the overlay.
    let mut insets = Markup::new();
    write_insets(&mut insets, p, phase, &mut defs, "");
    map.svg.append(&insets);
    map.overlay.append(&insets);
    let entries = page_legend(p, phase);
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
        footer::write_footer(
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
    // The legend as data for the interactive page. Its swatches reuse the
    // footer's patterns; a bare map draws no footer, so they go into a copy
    // of the defs, for the page only, and the SVG stays as it was.
    let notes = map.notes.iter().map(|n| n.2.clone()).collect();
    let mut page_defs = (!furnished).then(|| defs.clone());
    let legend_rows = legend_rows(page_defs.as_mut().unwrap_or(&mut defs), p, phase, &entries);

    let title = format!("{}: {}", p.theatre.title, phase.title);
    // The description a screen reader gives: the map's alternative text.
    let texts = super::commons::PhaseTexts::of(p.theatre, phase);
    let desc = super::commons::alt_text(p.theatre, phase, texts, &legend);
    let mut header = String::new();
    if furnished {
        write_header(&mut header, p, phase);
    }
    let mut map_group = String::new();
    let _ = writeln!(
        map_group,
        "<g id=\"map\" transform=\"translate({} {})\">",
        num(lay.map_x),
        num(lay.map_y)
    );
    map.svg.write_svg(&mut map_group);
    map_group.push_str("</g>\n");
    Pieces {
        title,
        desc,
        defs: defs.svg(),
        background: p.style.page.background.hex(),
        map_size: [view.width, map_h],
        header,
        map: map_group,
        scene: Scene {
            phase: phase.id.clone(),
            width: lay.width,
            height,
            svg: String::new(),
            map_rect,
            labels: map.labels,
            dropped: map.dropped,
            left_out: left_out_at_width(p, phase),
            legend,
            drawn: map.drawn,
            symbols: map.symbols,
            arrowheads: map.arrowheads,
            fronts: map.fronts,
            arrows: map.arrows,
            parts: SceneParts {
                defs: page_defs.unwrap_or(defs),
                layers: map.chunks,
                map_size: [view.width, map_h],
                overlay: map.overlay,
                footer,
                footer_top: footer_y,
                spare_labels: map.spare_labels,
                scale_grid: scale_grid(view),
                legend_rows,
                notes,
            },
            panels: Vec::new(),
            insets: p
                .insets
                .iter()
                .filter_map(|i| Some((i.inset.id.clone(), i.rect(&phase.id)?)))
                .collect(),
        },
    }
}

/// Columns of the scale grid the interactive page's scale bar reads (rows
/// follow the map's shape).
const SCALE_GRID_COLS: usize = 9;

fn scale_grid(view: &crate::project::MapView) -> Vec<Vec<Option<f64>>> {
    let rows = ((SCALE_GRID_COLS as f64 - 1.0) * view.height / view.width)
        .round()
        .clamp(1.0, 16.0) as usize
        + 1;
    let grid = view.metres_per_px_grid(SCALE_GRID_COLS, rows);
    if grid.iter().flatten().all(Option::is_none) {
        Vec::new()
    } else {
        grid
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
    page_head(
        width,
        height,
        &[(None, title, desc)],
        [view.width, view.height],
        &defs.svg(),
        &p.style.page.background.hex(),
    )
}

/// The SVG root, `<title>` and `<desc>` (one pair per language, each with
/// its `lang`, the fallback first; a single one without), `<defs>` and the
/// page background.
pub(super) fn page_head(
    width: f64,
    height: f64,
    texts: &[(Option<&str>, &str, &str)],
    map_size: [f64; 2],
    defs: &str,
    background: &str,
) -> String {
    let mut svg = String::with_capacity(256 * 1024);
    let _ = writeln!(
        svg,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" \
         width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"{font}\">",
        w = num(width),
        h = num(height),
        font = text::FONT_FAMILY,
    );
    for (lang, title, _) in texts {
        let attr = lang.map(|l| format!(" lang=\"{l}\"")).unwrap_or_default();
        let _ = writeln!(svg, "<title{attr}>{}</title>", escape(title));
    }
    for (lang, _, desc) in texts {
        let attr = lang.map(|l| format!(" lang=\"{l}\"")).unwrap_or_default();
        let _ = writeln!(svg, "<desc{attr}>{}</desc>", escape(desc));
    }
    let _ = write!(
        svg,
        "<defs>\n<clipPath id=\"map-clip\"><rect width=\"{}\" height=\"{}\"/></clipPath>\n{}</defs>\n",
        num(map_size[0]),
        num(map_size[1]),
        defs
    );
    let _ = writeln!(
        svg,
        "<rect width=\"{}\" height=\"{}\" fill=\"{}\"/>",
        num(width),
        num(height),
        background
    );
    svg
}
