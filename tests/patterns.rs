//! The print theme tells powers apart by pattern: every power's hatch as the
//! style draws it (control zones and troops present) differs from every
//! other power's in at least two of texture, angle and spacing, and the
//! troops' patterns differ in texture from every zone hatch they may be
//! drawn over. Checked for every theatre in the repository.

mod common;

use common::{bound_style, load_theatre, ALL_THEATRES};

use phasemap::model::{Role, Theatre};
use phasemap::style::{expr, EvalContext, Powers, Style, StyleLayer};

/// (texture, angle, spacing) `layer` hatches a feature of `power` with.
fn hatch(t: &Theatre, s: &Style, layer: &StyleLayer, power: &str) -> (String, String, String) {
    let props = serde_json::json!({ "power": power })
        .as_object()
        .unwrap()
        .clone();
    let powers = Powers {
        theatre: t,
        palette: &s.palette,
    };
    let ctx = EvalContext {
        properties: &props,
        phase: "",
        snapshot: "",
        powers: &powers,
    };
    let get = |k: &str| {
        layer
            .paint
            .get(k)
            .map(|v| expr::to_text(&expr::eval(v, &ctx)))
            .unwrap_or_default()
    };
    (
        get("phasemap:hatch-texture"),
        get("phasemap:hatch-angle"),
        get("phasemap:hatch-spacing"),
    )
}

/// Powers with a feature in a layer of `role`.
fn powers_in(t: &Theatre, role: Role) -> Vec<String> {
    let mut out: Vec<String> = t
        .layers
        .iter()
        .filter(|l| l.role == Some(role))
        .flat_map(|l| &l.features)
        .filter_map(|f| f.str_prop("power").map(String::from))
        .collect();
    out.sort();
    out.dedup();
    out
}

#[test]
fn print_patterns_differ_in_two_of_texture_angle_and_spacing() {
    for dir in ALL_THEATRES {
        let t = load_theatre(dir);
        let s = bound_style(&t, "print");
        let layer = |role| {
            s.layers
                .iter()
                .find(|l| l.role == Some(role) && l.paint.contains_key("phasemap:hatch-angle"))
        };
        let control = layer(Role::Control).expect("print: a hatched control layer");
        let zone_powers = powers_in(&t, Role::Control);
        let troop_powers = powers_in(&t, Role::Presence);
        // A theatre without troops has no presence layer bound.
        let presence = layer(Role::Presence);
        assert!(
            troop_powers.is_empty() || presence.is_some(),
            "{dir}: troops but no hatched presence layer"
        );
        let presence = presence.unwrap_or(control);
        let mut drawn: Vec<(String, (String, String, String))> = Vec::new();
        for p in &zone_powers {
            drawn.push((format!("{p} zone"), hatch(&t, &s, control, p)));
        }
        for p in &troop_powers {
            drawn.push((format!("{p} troops"), hatch(&t, &s, presence, p)));
        }
        for (i, (a, pa)) in drawn.iter().enumerate() {
            for (b, pb) in &drawn[i + 1..] {
                if a.split(' ').next() == b.split(' ').next() {
                    continue; // one power, one pattern
                }
                let differ = usize::from(pa.0 != pb.0)
                    + usize::from(pa.1 != pb.1)
                    + usize::from(pa.2 != pb.2);
                assert!(
                    differ >= 2,
                    "{dir}: {a} {pa:?} and {b} {pb:?} differ in {differ} of texture, angle, spacing"
                );
            }
        }
        // Troops of a power that holds (almost) no zone are drawn over other
        // powers' zones: a texture of their own.
        let zone_textures: Vec<&String> = zone_powers
            .iter()
            .filter(|z| !troop_powers.contains(z))
            .map(|z| {
                &drawn
                    .iter()
                    .find(|(n, _)| *n == format!("{z} zone"))
                    .unwrap()
                    .1
                     .0
            })
            .collect();
        for p in troop_powers.iter().filter(|p| !zone_powers.contains(p)) {
            let tex = &hatch(&t, &s, presence, p).0;
            assert!(
                !zone_textures.contains(&tex),
                "{dir}: troops of {p} are hatched with {tex}, as a zone is"
            );
        }
        assert!(drawn.len() >= 2, "{dir}: {drawn:?}");
    }
}
