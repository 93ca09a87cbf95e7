//! Which corner of the main map each inset takes in each phase. An inset in
//! a fixed corner keeps it (and is reported when it covers a town dot or an
//! event symbol of a phase that shows it); an inset with `"corner": "auto"`
//! takes, phase by phase, the free corner whose box hides least of what the
//! phase's map shows: town dots and names (by rank), event symbols, arrows
//! and fronts. Water and land do not count: an inset over the sea or over
//! empty land hides nothing a reader needs.

use geo::Geometry;

use super::inset::inset_rect;
use super::label_requests::{label_request, symbol_boxes};
use super::labels::{boxes_overlap, Anchor};
use super::prepared::{context, is_static, is_visible_layer, Prepared};
use super::symbols;
use super::text::text_width;
use crate::model::{Corner, Phase, Role};
use crate::style::LayerKind;

/// What an inset could hide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A town's dot (a point of the theatre's places).
    Dot,
    /// A town's name, where it would be drawn first (right of its dot).
    Name,
    /// A dated point symbol: an event.
    Event,
    /// An arrowhead.
    Head,
    /// A movement arrow's line.
    Arrow,
    /// A front line.
    Front,
}

/// One thing the main map of a phase shows, in map pixels.
struct Item {
    kind: Kind,
    /// What a warning calls it: the feature's name, else its key.
    name: String,
    /// What hiding all of it costs.
    weight: f64,
    /// Its box (dots, names, symbols, heads).
    bbox: [f64; 4],
    /// Its line (arrows, fronts), polylines in map pixels.
    lines: Vec<Vec<[f64; 2]>>,
}

/// Cost of hiding a town's dot, by the town's rank (1 = the theatre's
/// main places); its name costs half as much, in the share the box hides.
fn dot_weight(rank: Option<f64>) -> f64 {
    match rank.map(|r| r.round() as i64) {
        Some(1) => 10.0,
        Some(2) => 6.0,
        Some(3) => 3.0,
        _ => 2.0,
    }
}
/// Cost of hiding an event's symbol, an arrowhead.
const EVENT: f64 = 8.0;
const HEAD: f64 = 6.0;
/// Cost of hiding 100 reference px of an arrow's line or a front.
const ARROW_PER_100: f64 = 4.0;
const FRONT_PER_100: f64 = 4.0;

/// The boxes of the insets in each phase: `rects[inset][phase]`, `None`
/// where the inset is not shown (phases in the theatre's order).
pub(super) fn choose(p: &Prepared) -> Vec<Vec<Option<[f64; 4]>>> {
    let phases = &p.theatre.phases;
    let mut rects = vec![vec![None; phases.len()]; p.insets.len()];
    for (k, phase) in phases.iter().enumerate() {
        let shown: Vec<usize> = (0..p.insets.len())
            .filter(|&i| p.insets[i].inset.shown_in(&phase.id))
            .collect();
        let mut taken: Vec<Corner> = shown
            .iter()
            .filter_map(|&i| p.insets[i].inset.corner)
            .collect();
        for &i in &shown {
            if let Some(c) = p.insets[i].inset.corner {
                rects[i][k] = Some(corner_rect(p, i, c));
            }
        }
        let auto: Vec<usize> = shown
            .iter()
            .copied()
            .filter(|&i| p.insets[i].inset.corner.is_none())
            .collect();
        if auto.is_empty() {
            continue;
        }
        let items = shown_items(p, phase, &all_corner_rects(p));
        for i in auto {
            let best = Corner::ALL
                .iter()
                .filter(|c| !taken.contains(c))
                .map(|&c| (c, hidden(&items, corner_rect(p, i, c), p.layout.px(100.0))))
                // Strictly less: equal costs keep the order of `Corner::ALL`.
                .fold(None::<(Corner, f64)>, |best, (c, cost)| match best {
                    Some((_, b)) if b <= cost => best,
                    _ => Some((c, cost)),
                });
            // The load step refuses a phase with more insets than corners.
            if let Some((c, _)) = best {
                taken.push(c);
                rects[i][k] = Some(corner_rect(p, i, c));
            }
        }
    }
    rects
}

/// Warnings for the insets in a fixed corner that cover a town dot or an
/// event symbol of a phase that shows them, one per inset and phase, naming
/// what they cover.
pub(super) fn warnings(p: &Prepared) -> Vec<String> {
    let mut out = Vec::new();
    for phase in &p.theatre.phases {
        let fixed: Vec<(usize, Corner)> = p
            .insets
            .iter()
            .enumerate()
            .filter(|(_, i)| i.inset.shown_in(&phase.id))
            .filter_map(|(k, i)| i.inset.corner.map(|c| (k, c)))
            .collect();
        if fixed.is_empty() {
            continue;
        }
        let boxes: Vec<[f64; 4]> = fixed.iter().map(|&(k, c)| corner_rect(p, k, c)).collect();
        let items = shown_items(p, phase, &boxes);
        for (&(k, c), rect) in fixed.iter().zip(&boxes) {
            let covered: Vec<String> = items
                .iter()
                .filter(|it| matches!(it.kind, Kind::Dot | Kind::Event))
                .filter(|it| boxes_overlap(it.bbox, *rect))
                .map(|it| match it.kind {
                    Kind::Dot => format!("the town dot of {}", it.name),
                    _ => format!("the event symbol of {}", it.name),
                })
                .collect();
            if covered.is_empty() {
                continue;
            }
            out.push(format!(
                "inset \"{}\" in the {} corner covers, in phase \"{}\", {}; \"corner\": \"auto\" puts it in the corner where it hides least",
                p.insets[k].inset.id,
                c.name(),
                phase.id,
                covered.join(", ")
            ));
        }
    }
    out
}

/// The box of inset `i` in corner `c` of the main map.
fn corner_rect(p: &Prepared, i: usize, c: Corner) -> [f64; 4] {
    let m = &p.insets[i];
    let view = &p.projected.view;
    inset_rect(p.layout, c, m.size, m.band, [view.width, view.height])
}

/// The boxes of every inset in every corner: only what lies under one of
/// them needs looking at.
fn all_corner_rects(p: &Prepared) -> Vec<[f64; 4]> {
    (0..p.insets.len())
        .flat_map(|i| Corner::ALL.map(|c| corner_rect(p, i, c)))
        .collect()
}

/// What box `rect` hides of `items`, weighted; `unit` is 100 reference px.
fn hidden(items: &[Item], rect: [f64; 4], unit: f64) -> f64 {
    items
        .iter()
        .map(|it| match it.kind {
            Kind::Arrow | Kind::Front => {
                let inside: f64 = it.lines.iter().map(|l| length_inside(l, rect)).sum();
                it.weight * inside / unit
            }
            _ => it.weight * share_inside(it.bbox, rect),
        })
        .sum()
}

/// The share of box `b`'s area inside `rect` (a point-sized box: 1 or 0).
fn share_inside(b: [f64; 4], rect: [f64; 4]) -> f64 {
    let w = (b[2].min(rect[2]) - b[0].max(rect[0])).max(0.0);
    let h = (b[3].min(rect[3]) - b[1].max(rect[1])).max(0.0);
    let area = (b[2] - b[0]) * (b[3] - b[1]);
    if area <= 0.0 {
        return f64::from(u8::from(boxes_overlap(b, rect)));
    }
    (w * h / area).min(1.0)
}

/// Length of polyline `l` inside `rect` (each segment clipped).
fn length_inside(l: &[[f64; 2]], rect: [f64; 4]) -> f64 {
    l.windows(2)
        .map(|s| {
            let (a, b) = (s[0], s[1]);
            let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
            // Liang-Barsky: the part of the segment (t in 0..1) inside.
            let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
            for (p, q) in [
                (-dx, a[0] - rect[0]),
                (dx, rect[2] - a[0]),
                (-dy, a[1] - rect[1]),
                (dy, rect[3] - a[1]),
            ] {
                if p == 0.0 {
                    if q < 0.0 {
                        return 0.0;
                    }
                } else {
                    let r = q / p;
                    if p < 0.0 {
                        t0 = t0.max(r);
                    } else {
                        t1 = t1.min(r);
                    }
                }
            }
            if t1 > t0 {
                (t1 - t0) * dx.hypot(dy)
            } else {
                0.0
            }
        })
        .sum()
}

/// What the main map of `phase` shows that an inset could hide, of what
/// lies under one of `near`.
fn shown_items(p: &Prepared, phase: &Phase, near: &[[f64; 4]]) -> Vec<Item> {
    let touches = |b: [f64; 4]| near.iter().any(|r| boxes_overlap(b, *r));
    let snapshot = phase.snapshot.to_string();
    let pn = p.power_name();
    let mut items = Vec::new();
    for layer in p.style.layers_for_phase(&phase.id) {
        if !is_visible_layer(&layer) {
            continue;
        }
        let Some(tl) = layer.source.as_deref().and_then(|s| p.theatre.layer(s)) else {
            continue;
        };
        let name_of = |i: usize| {
            tl.features
                .get(i)
                .and_then(|f| f.properties.get("name"))
                .and_then(|v| v.as_str())
                .map_or_else(
                    || format!("{}/{i}", tl.id),
                    |n| format!("{n} ({}/{i})", tl.id),
                )
        };
        let rank = |i: usize| {
            tl.features
                .get(i)
                .and_then(|f| f.properties.get("rank"))
                .and_then(|v| v.as_f64())
        };
        let places = tl.role == Some(Role::Places);
        match layer.kind {
            LayerKind::Circle => {
                for (i, g) in p.visible(&layer, phase) {
                    let event = !is_static(p.theatre, &layer, i);
                    if !event && !places {
                        continue;
                    }
                    for b in symbol_boxes(p, &layer, phase, i, g) {
                        if touches(b) {
                            items.push(Item {
                                kind: if event { Kind::Event } else { Kind::Dot },
                                name: name_of(i),
                                weight: if event { EVENT } else { dot_weight(rank(i)) },
                                bbox: b,
                                lines: Vec::new(),
                            });
                        }
                    }
                }
            }
            LayerKind::Symbol if places => {
                for (i, g) in p.visible(&layer, phase) {
                    let Geometry::Point(pt) = g else {
                        continue;
                    };
                    // A cheap test first: most towns are nowhere near.
                    let reach = p.layout.px(400.0);
                    let around = [
                        pt.x() - reach,
                        pt.y() - reach,
                        pt.x() + reach,
                        pt.y() + reach,
                    ];
                    if !touches(around) {
                        continue;
                    }
                    let Some(r) = label_request(p, &layer, phase, i, g, 0, None) else {
                        continue;
                    };
                    let Anchor::Point(c, radius) = r.anchor else {
                        continue;
                    };
                    let x = c.x + radius + r.size * 0.25;
                    let b = [
                        x,
                        c.y - r.size * 0.6,
                        x + text_width(&r.text, r.size, r.font),
                        c.y + r.size * 0.4,
                    ];
                    if touches(b) {
                        items.push(Item {
                            kind: Kind::Name,
                            name: name_of(i),
                            weight: dot_weight(rank(i)) / 2.0,
                            bbox: b,
                            lines: Vec::new(),
                        });
                    }
                }
            }
            LayerKind::Line => {
                for (i, g) in p.visible(&layer, phase) {
                    let Some(f) = tl.features.get(i) else {
                        continue;
                    };
                    let ctx = context(&f.properties, phase, &snapshot, &pn);
                    let props = symbols::Props::new(&layer, &ctx, p.layout.scale);
                    let Some(lp) = props.paint().line() else {
                        continue;
                    };
                    let arrow = props.is_set(&lp.arrow_width);
                    let front = props.text(&lp.teeth_side).is_some_and(|s| !s.is_empty());
                    if !arrow && !front {
                        continue;
                    }
                    let g = super::beside::arrow_line(p, phase, &props, g);
                    let lines: Vec<Vec<[f64; 2]>> = symbols::lines_of(&g)
                        .iter()
                        .map(|l| l.0.iter().map(|c| [c.x, c.y]).collect())
                        .collect();
                    items.push(Item {
                        kind: if arrow { Kind::Arrow } else { Kind::Front },
                        name: name_of(i),
                        weight: if arrow { ARROW_PER_100 } else { FRONT_PER_100 },
                        bbox: [0.0; 4],
                        lines,
                    });
                    for b in super::arrows::arrow_head_boxes(&props, &g) {
                        if touches(b) {
                            items.push(Item {
                                kind: Kind::Head,
                                name: name_of(i),
                                weight: HEAD,
                                bbox: b,
                                lines: Vec::new(),
                            });
                        }
                    }
                }
            }
            _ => {}
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_measured_inside_the_box_only() {
        let r = [0.0, 0.0, 10.0, 10.0];
        assert!((length_inside(&[[-5.0, 5.0], [15.0, 5.0]], r) - 10.0).abs() < 1e-9);
        assert!((length_inside(&[[2.0, 2.0], [2.0, 4.0], [20.0, 4.0]], r) - 10.0).abs() < 1e-9);
        assert_eq!(length_inside(&[[-5.0, -5.0], [-1.0, 20.0]], r), 0.0);
        // A vertical segment on the box's left side line, outside.
        assert_eq!(length_inside(&[[-1.0, 0.0], [-1.0, 10.0]], r), 0.0);
    }

    #[test]
    fn boxes_count_by_the_share_hidden() {
        let r = [0.0, 0.0, 10.0, 10.0];
        assert_eq!(share_inside([5.0, 0.0, 15.0, 10.0], r), 0.5);
        assert_eq!(share_inside([20.0, 0.0, 25.0, 10.0], r), 0.0);
        assert_eq!(share_inside([2.0, 2.0, 3.0, 3.0], r), 1.0);
    }
}
