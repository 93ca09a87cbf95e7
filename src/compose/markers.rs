//! Event marker shapes.

use std::collections::BTreeMap;

use geo::Coord;

use super::svg::num;
use crate::model::Theatre;
use crate::style::{EvalContext, Powers, Style};

/// Marker kinds with a dedicated shape.
pub const MARKERS: &[&str] = &[
    "battle",
    "landing",
    "coup",
    "capture",
    "execution",
    "treaty",
    "withdrawal",
    "massacre",
    "founding",
    "square",
    "star",
];

/// Features whose marker (the style's `phasemap:marker`, e.g. the event's
/// `kind`) names no shape: they would be drawn as a plain square, so a
/// typo (`"siege"`, `"batle"`) is said, once per layer and marker, with
/// the features counted and the nearest known name.
pub fn unknown_markers(theatre: &Theatre, style: &Style) -> Vec<String> {
    let powers = Powers {
        theatre,
        palette: &style.palette,
    };
    let mut out = Vec::new();
    for sl in &style.layers {
        let (Some(cp), Some(layer)) = (
            sl.typed.circle(),
            sl.source.as_deref().and_then(|s| theatre.layer(s)),
        ) else {
            continue;
        };
        let mut unknown: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for f in &layer.features {
            let ctx = EvalContext {
                properties: &f.properties,
                phase: "",
                snapshot: "",
                powers: &powers,
            };
            let Some(kind) = cp.marker.get(&ctx) else {
                continue;
            };
            if !kind.is_empty() && kind != "circle" && !MARKERS.contains(&kind.as_str()) {
                let who = match &f.id {
                    Some(id) => format!("{} (id \"{id}\")", f.index),
                    None => f.index.to_string(),
                };
                unknown.entry(kind).or_default().push(who);
            }
        }
        for (kind, features) in unknown {
            out.push(format!(
                "{}: {} {}: marker \"{kind}\" (style \"{}\", layer \"{}\") has no shape of its own, so it is drawn as a plain square; the shapes are {}{}",
                layer.path.display(),
                if features.len() > 1 { "features" } else { "feature" },
                features.join(", "),
                style.name,
                sl.id,
                MARKERS.join(", "),
                crate::error::suggest(&kind, MARKERS)
            ));
        }
    }
    out
}

/// Path data of an event marker of `size` pixels centred on `c`; the flag says
/// whether it is line art (stroked) or a filled shape.
pub fn marker_path(kind: &str, c: Coord<f64>, size: f64) -> (String, bool) {
    let r = size / 2.0;
    let pt = |dx: f64, dy: f64| format!("{} {}", num(c.x + dx * r), num(c.y + dy * r));
    let poly = |pts: &[(f64, f64)]| {
        let mut d = String::new();
        for (i, (x, y)) in pts.iter().enumerate() {
            d.push(if i == 0 { 'M' } else { 'L' });
            d.push_str(&pt(*x, *y));
        }
        d.push('Z');
        d
    };
    match kind {
        // Crossed swords: two blades with short cross-guards.
        "battle" => (
            format!(
                "M{}L{}M{}L{}M{}L{}M{}L{}",
                pt(-0.9, -0.9),
                pt(0.9, 0.9),
                pt(0.9, -0.9),
                pt(-0.9, 0.9),
                pt(0.25, 0.75),
                pt(0.75, 0.25),
                pt(-0.25, 0.75),
                pt(-0.75, 0.25)
            ),
            true,
        ),
        "coup" | "star" => {
            let pts: Vec<(f64, f64)> = (0..10)
                .map(|i| {
                    let a =
                        std::f64::consts::PI * (f64::from(i) / 5.0) - std::f64::consts::FRAC_PI_2;
                    let rr = if i % 2 == 0 { 1.0 } else { 0.42 };
                    (rr * a.cos(), rr * a.sin())
                })
                .collect();
            (poly(&pts), false)
        }
        // Landing: a boat hull with an upward chevron.
        "landing" => (
            poly(&[
                (-1.0, 0.1),
                (1.0, 0.1),
                (0.6, 0.8),
                (-0.6, 0.8),
                (-1.0, 0.1),
                (-0.45, 0.1),
                (0.0, -0.9),
                (0.45, 0.1),
            ]),
            false,
        ),
        // Capture: a flag on a pole.
        "capture" => (
            poly(&[
                (-0.7, 1.0),
                (-0.7, -1.0),
                (0.9, -0.55),
                (-0.45, -0.1),
                (-0.45, 1.0),
            ]),
            false,
        ),
        // Execution: a Latin cross, the grave of one person.
        "execution" => (
            format!(
                "M{}L{}M{}L{}",
                pt(0.0, -1.0),
                pt(0.0, 1.0),
                pt(-0.6, -0.4),
                pt(0.6, -0.4)
            ),
            true,
        ),
        // Massacre: an asterisk of three strokes, many dead.
        "massacre" => (
            format!(
                "M{}L{}M{}L{}M{}L{}",
                pt(-0.8, -0.8),
                pt(0.8, 0.8),
                pt(0.8, -0.8),
                pt(-0.8, 0.8),
                pt(0.0, -1.0),
                pt(0.0, 1.0)
            ),
            true,
        ),
        "treaty" => (
            poly(&[(0.0, -1.0), (1.0, 0.0), (0.0, 1.0), (-1.0, 0.0)]),
            false,
        ),
        "withdrawal" => (poly(&[(-1.0, -0.6), (1.0, -0.6), (0.0, 0.9)]), false),
        "founding" | "square" => (
            poly(&[(-0.8, -0.8), (0.8, -0.8), (0.8, 0.8), (-0.8, 0.8)]),
            false,
        ),
        _ => (
            poly(&[(-0.7, -0.7), (0.7, -0.7), (0.7, 0.7), (-0.7, 0.7)]),
            false,
        ),
    }
}
