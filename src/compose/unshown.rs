//! What a user supplied that the style will never show, said instead of
//! left out in silence: features of a theatre layer that no style layer
//! draws (every layer that draws the source filters them out), and names
//! of lakes and seas (areas of a water layer) when no style layer writes
//! them and the theatre names no water another way.

use crate::model::{Feature, Layer, Role, Theatre};
use crate::style::{expr, EvalContext, LayerKind, Powers, Style, StyleLayer};

/// Whether `sl`'s filter keeps `f` in some phase (or with no phase, for a
/// theatre without phases).
fn keeps(sl: &StyleLayer, f: &Feature, theatre: &Theatre, powers: &Powers) -> bool {
    let Some(filter) = &sl.filter else {
        return true;
    };
    let mut phases: Vec<(&str, String)> = theatre
        .phases
        .iter()
        .map(|p| (p.id.as_str(), p.snapshot.to_string()))
        .collect();
    if phases.is_empty() {
        phases.push(("", String::new()));
    }
    phases.iter().any(|(phase, snapshot)| {
        let ctx = EvalContext {
            properties: &f.properties,
            phase,
            snapshot,
            powers,
        };
        expr::truthy(&expr::eval(filter, &ctx))
    })
}

/// Up to three names of `features`, quoted, and "..." past them.
fn some_names(features: &[&Feature]) -> String {
    let mut names: Vec<String> = features
        .iter()
        .take(3)
        .map(|f| match f.str_prop("name").or(f.id.as_deref()) {
            Some(n) => format!("\"{n}\""),
            None => format!("feature {}", f.index),
        })
        .collect();
    if features.len() > 3 {
        names.push("...".into());
    }
    names.join(", ")
}

/// Whether the theatre names lakes or seas as points of a labels layer.
fn names_water_apart(theatre: &Theatre) -> bool {
    theatre
        .layers
        .iter()
        .filter(|l| l.role == Some(Role::Labels))
        .flat_map(|l| &l.features)
        .any(|f| matches!(f.str_prop("kind"), Some("lake" | "sea")))
}

/// The warnings: one per theatre layer with features no layer of `style`
/// draws, and one per water layer whose names are written by none.
pub fn unshown(theatre: &Theatre, style: &Style) -> Vec<String> {
    let powers = Powers {
        theatre,
        palette: &style.palette,
    };
    let mut out = Vec::new();
    for layer in &theatre.layers {
        let drawing: Vec<&StyleLayer> = style
            .layers
            .iter()
            .filter(|sl| sl.source.as_deref() == Some(layer.id.as_str()))
            .collect();
        if drawing.is_empty() {
            continue; // drawn with its role's default, and bind says so
        }
        let undrawn: Vec<&Feature> = layer
            .features
            .iter()
            // `offmap` features (a front or a march beyond the frame) are
            // kept for the record, not drawn: no surprise.
            .filter(|f| f.str_prop("kind") != Some("offmap"))
            .filter(|f| !drawing.iter().any(|sl| keeps(sl, f, theatre, &powers)))
            .collect();
        if !undrawn.is_empty() {
            out.push(format!(
                "{}: style \"{}\" draws none of {} of the {} features of layer \"{}\" ({}): its layers' filters leave them out{}",
                layer.path.display(),
                style.name,
                undrawn.len(),
                layer.features.len(),
                layer.id,
                some_names(&undrawn),
                rank_hint(&undrawn),
            ));
        }
        if layer.role == Some(Role::Water) && !names_water_apart(theatre) {
            out.extend(unwritten_water_names(
                layer, &drawing, style, theatre, &powers,
            ));
        }
    }
    out
}

/// " (rank N and over)" when every feature left out has a rank of at
/// least the smallest among them, as a filter on rank leaves.
fn rank_hint(features: &[&Feature]) -> String {
    let ranks: Vec<i64> = features
        .iter()
        .filter_map(|f| f.properties.get("rank").and_then(|r| r.as_i64()))
        .collect();
    match ranks.iter().min() {
        Some(m) if ranks.len() == features.len() => format!(" (rank {m} and over)"),
        _ => String::new(),
    }
}

/// The warning for a water layer whose named areas no symbol layer names.
fn unwritten_water_names(
    layer: &Layer,
    drawing: &[&StyleLayer],
    style: &Style,
    theatre: &Theatre,
    powers: &Powers,
) -> Option<String> {
    let named: Vec<&Feature> = layer
        .features
        .iter()
        .filter(|f| f.str_prop("name").is_some_and(|n| !n.trim().is_empty()))
        .filter(|f| {
            !drawing
                .iter()
                .any(|sl| sl.kind == LayerKind::Symbol && keeps(sl, f, theatre, powers))
        })
        .collect();
    (!named.is_empty()).then(|| {
        format!(
            "{}: style \"{}\" writes none of the names of the {} named features of layer \"{}\" ({}): the names of lakes and seas are written from a labels layer, a point of kind \"lake\" or \"sea\" where the name goes (docs/theatre.md)",
            layer.path.display(),
            style.name,
            named.len(),
            layer.id,
            some_names(&named),
        )
    })
}
