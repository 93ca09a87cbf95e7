//! Pages that compare phases: a sheet of phase maps side by side, and a
//! change map of the territory that changed hands between two phases.

use std::fmt::Write;

use geo::Geometry;
use serde_json::{Map, Value};

use super::footer::{sources_height, write_sources};
use super::furniture::write_line;
use super::header::write_page_title;
use super::inset::{write_insets, write_locators};
use super::layout::Layout;
use super::legend::{
    legend_entries, legend_items_height, side_rank, write_legend_items, LegendItem,
};
use super::map::{map_body, BodyOptions};
use super::markup::Markup;
use super::phase_map::page_start;
use super::prepared::Prepared;
use super::scene::{Panel, Scene, SceneParts};
use super::sheet_notes::{write_sheet_notes, NoteColumns};
use super::svg::{escape, num};
use super::symbols;
use crate::model::change::{Change, PresenceChange};
use crate::model::{words, Phase, Words};
use crate::style::paint::{AsColor, FillPaint, Prop};
use crate::style::{Color, EvalContext, LayerKind, StyleLayer};

/// Space between panels and the height of a panel's title, in reference px.
const GAP: f64 = 30.0;
const PANEL_TITLE: f64 = 64.0;
/// Opacity of the territory that did not change hands on a change map.
const FADED: f64 = 0.28;

/// Page width of each panel's own layout that makes `cols` panels fill a
/// sheet `sheet_width` wide (panel text is sized for the panel, as on a map
/// that width, so it stays legible).
pub fn panel_width(sheet_width: f64, cols: usize) -> f64 {
    let cols = cols.max(1) as f64;
    let mut pw = sheet_width / cols;
    for _ in 0..4 {
        let lay = Layout::new(pw);
        let map_w = (sheet_width - 2.0 * lay.map_x - (cols - 1.0) * lay.px(GAP)) / cols;
        pw = map_w + 2.0 * lay.map_x;
    }
    pw.round()
}

/// A sheet of the maps of `phases` in `cols` columns. Every panel is the
/// same map body (one projection, frame and static label placement), so
/// extent and label positions are identical; one legend lists every entry
/// visible in any of the phases.
///
/// The page is `sheet_width` wide when that leaves room for the panels (the
/// panels' whole-pixel layout leaves a pixel or two over, shared by the
/// margins), else as wide as the panels need.
pub fn compose_sheet(p: &Prepared, phases: &[&Phase], cols: usize, sheet_width: f64) -> Scene {
    let lay = p.layout;
    let view = &p.projected.view;
    let cols = cols.clamp(1, phases.len().max(1));
    let rows = phases.len().div_ceil(cols).max(1);
    let (gap, title_h) = (lay.px(GAP), lay.px(PANEL_TITLE));
    let content = 2.0 * lay.map_x + cols as f64 * view.width + (cols - 1) as f64 * gap;
    let width = sheet_width.round().max(content.ceil());
    let left = lay.map_x + ((width - content) / 2.0).max(0.0);
    let header_h = lay.px(70.0);
    let w = words(&p.theatre.language);
    let mut defs = symbols::Defs::default();
    let mut panels_svg = String::new();
    let mut panels = Vec::new();
    let mut labels = Vec::new();
    let mut drawn = Vec::new();
    for (k, phase) in phases.iter().enumerate() {
        let (r, c) = (k / cols, k % cols);
        let x = left + c as f64 * (view.width + gap);
        let y = header_h + r as f64 * (title_h + view.height + gap) + title_h;
        let n = p.theatre.phase_number(&phase.id);
        // Panels repeat the same layers: each panel's ids get the panel's
        // place on the sheet as a prefix ("panel-2-towns"), so every id in
        // the page is unique even when a phase is shown twice. The map clip
        // and hatch patterns are shared, in the page's one <defs>.
        let prefix = format!("panel-{}", k + 1);
        let _ = writeln!(
            panels_svg,
            "<g id=\"{prefix}\" data-phase=\"{}\">",
            escape(&phase.id)
        );
        let mut locators = Markup::new();
        write_locators(&mut locators, p, phase, &format!("{prefix}-"));
        let opts = BodyOptions {
            no_graticule_labels: true,
            id_prefix: format!("{prefix}-"),
            overlay: locators,
            ..Default::default()
        };
        write_line(
            &mut panels_svg,
            p,
            (x, y - lay.px(36.0)),
            22.0,
            true,
            false,
            &format!("{n}. {}", phase.title),
        );
        write_line(
            &mut panels_svg,
            p,
            (x, y - lay.px(12.0)),
            16.0,
            false,
            true,
            &format!(
                "{} \u{b7} {} {}",
                w.range(phase.start, phase.end),
                w.situation_on,
                w.date(phase.snapshot)
            ),
        );
        let body = map_body(p, phase, &mut defs, &opts);
        let _ = writeln!(
            panels_svg,
            "<g class=\"map\" transform=\"translate({} {})\">",
            num(x),
            num(y)
        );
        body.svg.write_svg(&mut panels_svg);
        let mut insets = Markup::new();
        write_insets(&mut insets, p, phase, &mut defs, &format!("{prefix}-"));
        insets.write_svg(&mut panels_svg);
        panels_svg.push_str("</g>\n</g>\n");
        panels.push(Panel {
            phase: phase.id.clone(),
            rect: [x, y, x + view.width, y + view.height],
            labels: body.labels.clone(),
            symbols: body.symbols.clone(),
        });
        labels.extend(body.labels);
        drawn.extend(body.drawn);
    }
    let items = union_legend(p, phases);
    let legend_cols = if lay.width * cols as f64 > 2000.0 {
        4
    } else {
        3
    };
    let notes_top = header_h + rows as f64 * (title_h + view.height + gap);
    let mut footer = String::new();
    let at = NoteColumns {
        cols,
        left,
        col_w: view.width,
        gap,
    };
    let legend_top = notes_top + write_sheet_notes(&mut footer, p, phases, &at, notes_top);
    let inner = (lay.map_x, legend_top, width - 2.0 * lay.map_x);
    write_legend_items(&mut footer, &mut defs, p, &items, inner, legend_cols);
    let legend_h = legend_items_height(p, &items, legend_cols);
    let sources_top = legend_top + legend_h + lay.px(24.0);
    let height = (sources_top + sources_height(p) + lay.px(14.0)).round();
    write_sources(&mut footer, p, height - lay.px(14.0));

    let title = format!("{}: {} phases", p.theatre.title, phases.len());
    let mut svg = page_start(p, width, height, &title, "", &defs);
    write_page_title(&mut svg, p);
    svg.push_str(&panels_svg);
    svg.push_str(&footer);
    svg.push_str("</svg>\n");
    Scene {
        phase: "sheet".into(),
        width,
        height,
        svg,
        map_rect: panels.first().map_or([0.0; 4], |p| p.rect),
        labels,
        dropped: Vec::new(),
        left_out: Vec::new(),
        legend: items
            .iter()
            .map(|i| (i.section.clone(), i.label.clone()))
            .collect(),
        drawn,
        symbols: Vec::new(),
        arrowheads: Vec::new(),
        fronts: Vec::new(),
        arrows: Vec::new(),
        parts: SceneParts::default(),
        panels,
        insets: Vec::new(),
    }
}

/// Legend entries visible in any of `phases`, each once, grouped by section
/// in order of first appearance and, within a section, by side in the
/// theatre's side order as on the phase maps (entries that name no power,
/// such as the uncertain extent, last).
fn union_legend(p: &Prepared, phases: &[&Phase]) -> Vec<LegendItem> {
    let mut items: Vec<LegendItem> = Vec::new();
    for phase in phases {
        for (section, label, layer, i) in legend_entries(p, phase) {
            if items
                .iter()
                .any(|e| e.section == section && e.label == label)
            {
                continue;
            }
            let props = layer
                .source
                .as_deref()
                .and_then(|s| p.theatre.layer(s))
                .map(|l| l.features[i].properties.clone())
                .unwrap_or_default();
            items.push(LegendItem {
                section,
                label,
                layer,
                props,
                phase: (*phase).clone(),
            });
        }
    }
    let order: Vec<String> = items.iter().fold(Vec::new(), |mut v, e| {
        if !v.contains(&e.section) {
            v.push(e.section.clone());
        }
        v
    });
    items.sort_by_key(|e| {
        let power = e.props.get("power").and_then(Value::as_str);
        (
            order.iter().position(|s| *s == e.section),
            side_rank(p, power, &e.label),
        )
    });
    items
}

/// The style layer that draws the first exclusive theatre layer as a fill.
fn territory_layer(p: &Prepared, phase: &Phase) -> Option<StyleLayer> {
    p.style.layers_for_phase(&phase.id).into_iter().find(|l| {
        l.kind == LayerKind::Fill
            && l.source
                .as_deref()
                .and_then(|s| p.theatre.layer(s))
                .is_some_and(|t| t.exclusive)
    })
}

/// The fill colour the map gives `power`'s territory.
fn power_color(
    p: &Prepared,
    layer: Option<&StyleLayer>,
    phase: &Phase,
    power: &str,
) -> Option<Color> {
    paint_color(p, layer?, phase, power, |f| vec![&f.color])
}

/// The first of the colours `pick` chooses that fill `layer` paints for a feature of `power`, as a colour.
fn paint_color(
    p: &Prepared,
    layer: &StyleLayer,
    phase: &Phase,
    power: &str,
    pick: fn(&FillPaint) -> Vec<&Prop<AsColor>>,
) -> Option<Color> {
    let fill = layer.typed.fill()?;
    let mut props = Map::new();
    props.insert("power".into(), Value::from(power));
    let snapshot = phase.snapshot.to_string();
    let pn = p.power_name();
    let ctx = EvalContext {
        properties: &props,
        phase: &phase.id,
        snapshot: &snapshot,
        powers: &pn,
    };
    pick(fill).into_iter().find_map(|c| c.get(&ctx))
}

/// Darker, so a hatch stays visible over a fill of a similar colour.
fn darker(c: Color) -> Color {
    let f = |v: u8| (f64::from(v) * 0.62).round() as u8;
    Color::rgb(f(c.r), f(c.g), f(c.b))
}

/// The symbol of a change: filled in the gaining power's colour, hatched in
/// the losing power's, so both sides read at a glance.
fn change_layer(gain: Option<Color>, loss: Option<Color>, scale_outline: &str) -> StyleLayer {
    let mut paint = Map::new();
    let fill = gain.map_or("#ffffff".to_string(), |c| c.hex());
    paint.insert("fill-color".into(), Value::from(fill));
    paint.insert("fill-opacity".into(), Value::from(0.92));
    if let Some(c) = loss {
        paint.insert("phasemap:hatch-color".into(), Value::from(darker(c).hex()));
        paint.insert("phasemap:hatch-width".into(), Value::from(2.2));
        paint.insert("phasemap:hatch-spacing".into(), Value::from(11.0));
        paint.insert("phasemap:hatch-angle".into(), Value::from(45.0));
    }
    paint.insert("fill-outline-color".into(), Value::from(scale_outline));
    paint.insert("phasemap:outline-width".into(), Value::from(1.4));
    StyleLayer::engine_fill("changes", paint)
}

/// The colour the map gives `power`'s troops: the hatch (else the outline,
/// else the fill) of the first fill layer drawing a non-exclusive dated layer.
fn presence_color(p: &Prepared, phase: &Phase, power: &str) -> Option<Color> {
    let layer = p.style.layers_for_phase(&phase.id).into_iter().find(|l| {
        l.kind == LayerKind::Fill
            && l.source
                .as_deref()
                .and_then(|s| p.theatre.layer(s))
                .is_some_and(|t| !t.exclusive && t.features.iter().any(|f| f.start.is_some()))
    })?;
    paint_color(p, &layer, phase, power, |f| {
        vec![&f.hatch_color, &f.outline_color, &f.color]
    })
}

/// The symbol of troops arriving (hatched and outlined in the power's colour)
/// or leaving (a dashed outline only), drawn over the changes of hands.
fn presence_layer(color: Color, arrived: bool) -> StyleLayer {
    let mut paint = Map::new();
    paint.insert("fill-color".into(), Value::from(color.hex()));
    paint.insert("fill-opacity".into(), Value::from(0.0));
    paint.insert(
        "fill-outline-color".into(),
        Value::from(darker(color).hex()),
    );
    paint.insert("phasemap:outline-width".into(), Value::from(2.2));
    if arrived {
        paint.insert("phasemap:hatch-color".into(), Value::from(color.hex()));
        paint.insert("phasemap:hatch-width".into(), Value::from(1.6));
        paint.insert("phasemap:hatch-spacing".into(), Value::from(9.0));
        paint.insert("phasemap:hatch-angle".into(), Value::from(-45.0));
    } else {
        paint.insert(
            "phasemap:outline-dasharray".into(),
            serde_json::json!(["literal", [3, 2]]),
        );
    }
    StyleLayer::engine_fill("presence-changes", paint)
}

/// "Japan: troops arrived by 1920-02: 12,345 km2".
fn presence_label(p: &Prepared, c: &PresenceChange, a: &Phase, b: &Phase) -> String {
    let w = words(&p.theatre.language);
    let what = match c.arrived {
        true => Words::fill(w.change[0], &[("phase", &b.id)]),
        false => Words::fill(w.change[1], &[("phase", &a.id)]),
    };
    let (power, km2) = (
        p.theatre.power_name(&c.power),
        thousands(c.area_km2, w.digit_group),
    );
    format!("{power}: {what}: {km2} {}\u{b2}", w.km)
}

/// "held by Greens in 1900-04, by Reds in 1900-08: 1,234 km2", or
/// "unclaimed in 1900-04, held by Reds in 1900-08: ..." for ground no power
/// on the map held (phase ids keep it short enough for a legend column; the
/// header gives the full dates).
fn change_label(p: &Prepared, c: &Change, a: &Phase, b: &Phase) -> String {
    let w = words(&p.theatre.language);
    let name = |x: &Option<String>| x.as_deref().map(|c| p.theatre.power_name(c).to_string());
    let (from, to) = (name(&c.from), name(&c.to));
    let template = match (&from, &to) {
        (Some(_), Some(_)) => w.change[2],
        (None, Some(_)) => w.change[3],
        (Some(_), None) => w.change[4],
        (None, None) => w.change[5],
    };
    let (x, y) = (from.unwrap_or_default(), to.unwrap_or_default());
    let held = Words::fill(
        template,
        &[("x", &x), ("y", &y), ("a", &a.id), ("b", &b.id)],
    );
    format!(
        "{held}: {} {}\u{b2}",
        thousands(c.area_km2, w.digit_group),
        w.km
    )
}

/// `v` rounded, its digits grouped by three with `group`. Languages that
/// group with a space (Russian, Spanish) leave a four-digit number whole,
/// as their typography does ("2500", "12 308").
fn thousands(v: f64, group: &str) -> String {
    let s = format!("{:.0}", v.round());
    if group.trim().is_empty() && s.trim_start_matches('-').len() <= 4 {
        return s;
    }
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push_str(group);
        }
        out.push(ch);
    }
    out
}

/// The change map from phase `a` to phase `b`: `b`'s territory faded, each
/// change of hands in `changes` drawn on top, a legend of them in words.
pub fn compose_diff(
    p: &Prepared,
    a: &Phase,
    b: &Phase,
    changes: &[Change],
    presence: &[PresenceChange],
) -> Scene {
    let lay = p.layout;
    let view = &p.projected.view;
    let mut defs = symbols::Defs::default();
    let territory = territory_layer(p, b);
    let outline = p.style.page.text.hex();
    let mut overlay = Markup::from(String::from("<g id=\"changes\">\n"));
    let mut items = Vec::new();
    let no_props = Map::new();
    let snapshot = b.snapshot.to_string();
    let pn = p.power_name();
    let ctx = EvalContext {
        properties: &no_props,
        phase: &b.id,
        snapshot: &snapshot,
        powers: &pn,
    };
    for (k, c) in changes.iter().enumerate() {
        let color = |x: &Option<String>| {
            x.as_deref()
                .and_then(|x| power_color(p, territory.as_ref(), b, x))
        };
        let layer = change_layer(color(&c.to), color(&c.from), &outline);
        let props = symbols::Props::new(&layer, &ctx, lay.scale);
        if let Some(g) = view.geometry(&Geometry::MultiPolygon(c.area.clone())) {
            symbols::draw(
                &mut overlay,
                &mut defs,
                &layer,
                &props,
                &g,
                &format!(" data-change=\"{k}\""),
            );
        }
        items.push(LegendItem {
            section: words(&p.theatre.language).change[6].into(),
            label: change_label(p, c, a, b),
            layer,
            props: Map::new(),
            phase: b.clone(),
        });
    }
    overlay.push_str("</g>\n<g id=\"presence-changes\">\n");
    for (k, c) in presence.iter().enumerate() {
        let Some(color) = presence_color(p, b, &c.power) else {
            continue;
        };
        let layer = presence_layer(color, c.arrived);
        let props = symbols::Props::new(&layer, &ctx, lay.scale);
        if let Some(g) = view.geometry(&Geometry::MultiPolygon(c.area.clone())) {
            symbols::draw(
                &mut overlay,
                &mut defs,
                &layer,
                &props,
                &g,
                &format!(" data-presence-change=\"{k}\""),
            );
        }
        items.push(LegendItem {
            section: words(&p.theatre.language).change[7].into(),
            label: presence_label(p, c, a, b),
            layer,
            props: Map::new(),
            phase: b.clone(),
        });
    }
    overlay.push_str("</g>\n");
    // The other dated layers (fronts, movements) belong to one phase only and
    // would hide the change; the exclusive layers stay as faded context.
    let mut opts = BodyOptions {
        fade_opacity: FADED,
        overlay,
        overpaint: true,
        ..Default::default()
    };
    for l in &p.theatre.layers {
        if l.exclusive {
            opts.faded.insert(l.id.clone());
        } else if l
            .features
            .iter()
            .any(|f| f.start.is_some() || f.end.is_some())
        {
            opts.skipped.insert(l.id.clone());
        }
    }
    let body = map_body(p, b, &mut defs, &opts);
    let map_rect = [
        lay.map_x,
        lay.map_y,
        lay.map_x + view.width,
        lay.map_y + view.height,
    ];
    let legend_top = map_rect[3] + lay.px(34.0);
    let mut footer = String::new();
    if items.is_empty() {
        write_line(
            &mut footer,
            p,
            (lay.map_x, legend_top + lay.px(20.0)),
            18.0,
            false,
            false,
            words(&p.theatre.language).change[8],
        );
    }
    let inner = (lay.map_x, legend_top, lay.width - 2.0 * lay.map_x);
    write_legend_items(&mut footer, &mut defs, p, &items, inner, 2);
    let legend_h = legend_items_height(p, &items, 2).max(lay.px(30.0));
    let height = (legend_top + legend_h + lay.px(24.0) + sources_height(p) + lay.px(14.0)).round();
    write_sources(&mut footer, p, height - lay.px(14.0));

    let w = words(&p.theatre.language);
    let titles = [("a", a.title.as_str()), ("b", b.title.as_str())];
    let title = Words::fill(
        w.change[9],
        &[("title", &p.theatre.title), titles[0], titles[1]],
    );
    let mut svg = page_start(p, lay.width, height, &title, "", &defs);
    write_page_title(&mut svg, p);
    write_line(
        &mut svg,
        p,
        (lay.map_x, lay.px(82.0)),
        27.0,
        false,
        false,
        &Words::fill(w.change[10], &titles),
    );
    write_line(
        &mut svg,
        p,
        (lay.map_x, lay.px(112.0)),
        19.0,
        false,
        true,
        &Words::fill(
            w.change[11],
            &[("a", &w.date(a.snapshot)), ("b", &w.date(b.snapshot))],
        ),
    );
    let _ = writeln!(
        svg,
        "<g id=\"map\" transform=\"translate({} {})\">",
        num(lay.map_x),
        num(lay.map_y)
    );
    body.svg.write_svg(&mut svg);
    svg.push_str("</g>\n");
    svg.push_str(&footer);
    svg.push_str("</svg>\n");
    Scene {
        phase: format!("diff-{}-{}", a.id, b.id),
        width: lay.width,
        height,
        svg,
        map_rect,
        labels: body.labels,
        dropped: body.dropped,
        left_out: Vec::new(),
        legend: items
            .iter()
            .map(|i| (i.section.clone(), i.label.clone()))
            .collect(),
        drawn: body.drawn,
        symbols: body.symbols,
        arrowheads: body.arrowheads,
        fronts: body.fronts,
        arrows: body.arrows,
        parts: SceneParts::default(),
        panels: Vec::new(),
        insets: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(1234567.4, ","), "1,234,567");
        assert_eq!(thousands(999.0, ","), "999");
        assert_eq!(thousands(12308.0, "\u{a0}"), "12\u{a0}308");
        assert_eq!(thousands(2500.0, "\u{a0}"), "2500");
        assert_eq!(thousands(2500.0, ","), "2,500");
    }
}
