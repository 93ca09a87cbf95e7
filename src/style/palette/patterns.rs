//! Print patterns: how a greyscale theme tells powers apart. Zones of
//! control are hatched with lines, each power at its own angle and its own
//! spacing; troops (a power whose features are mostly presence, such as a
//! foreign intervention) get dots and cross-hatching instead, so a troop pattern drawn over a control hatch
//! differs from it in kind, not only in angle. Any two patterns handed out
//! differ in at least two of texture, angle and spacing.

use std::collections::BTreeMap;

use crate::model::{Pattern, Role, Texture, Theatre};

const fn p(angle: f64, spacing: f64, texture: Texture) -> Pattern {
    Pattern {
        angle,
        spacing,
        texture,
    }
}

/// Line hatches for zones of control: nine angles 20 degrees apart, the
/// most different first, and every spacing once.
const ZONES: [Pattern; 9] = [
    p(40.0, 8.0, Texture::Lines),
    p(-40.0, 13.0, Texture::Lines),
    p(0.0, 10.0, Texture::Lines),
    p(80.0, 16.0, Texture::Lines),
    p(20.0, 11.0, Texture::Lines),
    p(-60.0, 9.0, Texture::Lines),
    p(60.0, 14.0, Texture::Lines),
    p(-20.0, 12.0, Texture::Lines),
    p(-80.0, 15.0, Texture::Lines),
];

/// Dots and crosses for troops: textures alternate, and no two share an
/// angle and a spacing (dots at 0 degrees sit in a square grid, at 45 in a
/// staggered one).
const TROOPS: [Pattern; 5] = [
    p(0.0, 9.0, Texture::Dots),
    p(45.0, 14.0, Texture::Cross),
    p(45.0, 17.0, Texture::Dots),
    p(0.0, 11.0, Texture::Cross),
    p(22.5, 19.0, Texture::Cross),
];

/// Sparse hatches for neutral powers: the lightest texture on the map, as
/// a neutral's colour is the most muted (angles and spacings no other list
/// uses).
const MUTED: [Pattern; 2] = [
    p(90.0, 22.0, Texture::Lines),
    p(-10.0, 26.0, Texture::Lines),
];

/// Whether `code` is drawn as troops rather than as a zone of control.
fn is_troops(theatre: &Theatre, code: &str) -> bool {
    let (mut presence, mut control) = (0, 0);
    for layer in &theatre.layers {
        let n = layer
            .features
            .iter()
            .filter(|f| f.str_prop("power") == Some(code))
            .count();
        match layer.role {
            Some(Role::Presence) => presence += n,
            Some(Role::Control) => control += n,
            _ => {}
        }
    }
    presence > control
}

/// Every pattern there is, after the two lists: further angles and
/// spacings, for theatres with more powers.
fn more() -> impl Iterator<Item = Pattern> {
    let angles = [
        45.0, -45.0, 0.0, 90.0, 22.5, -67.5, 67.5, -22.5, 30.0, -30.0,
    ];
    [20.0, 24.0].into_iter().flat_map(move |spacing| {
        angles.into_iter().flat_map(move |angle| {
            [Texture::Lines, Texture::Cross, Texture::Dots]
                .into_iter()
                .map(move |t| p(angle, spacing, t))
        })
    })
}

/// Patterns of the powers `order` lists (given ones kept, the rest handed
/// out in turn from the list for their kind, then from what is left).
pub(super) fn assign(theatre: &Theatre, order: &[&String]) -> BTreeMap<String, Pattern> {
    let given: Vec<Pattern> = theatre.powers.values().filter_map(|p| p.pattern).collect();
    let mut used: Vec<Pattern> = given.clone();
    let mut out = BTreeMap::new();
    for code in order {
        let pattern = match theatre.powers.get(code.as_str()).and_then(|p| p.pattern) {
            Some(p) => p,
            None => {
                let neutral = theatre.side_of(code).is_some_and(|s| s.neutral);
                let (first, second) = if is_troops(theatre, code) {
                    (&TROOPS[..], &ZONES[..])
                } else {
                    (&ZONES[..], &TROOPS[..])
                };
                let muted = if neutral { &MUTED[..] } else { &[] };
                let next = muted
                    .iter()
                    .chain(first)
                    .chain(second)
                    .copied()
                    .chain(more())
                    .find(|p| !used.contains(p))
                    .unwrap_or(p(45.0, 9.0, Texture::Lines));
                used.push(next);
                next
            }
        };
        out.insert(code.to_string(), pattern);
    }
    out
}

/// In how many of texture, angle and spacing two patterns differ.
pub fn pattern_difference(a: &Pattern, b: &Pattern) -> usize {
    usize::from(a.texture != b.texture)
        + usize::from(a.angle != b.angle)
        + usize::from(a.spacing != b.spacing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lists_differ_pairwise_in_two_of_three() {
        let all: Vec<Pattern> = ZONES.iter().chain(&TROOPS).chain(&MUTED).copied().collect();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert!(pattern_difference(a, b) >= 2, "{a:?} {b:?}");
            }
        }
        assert!(ZONES.iter().all(|z| z.texture == Texture::Lines));
        // The neutrals' hatches are sparser than any zone's.
        let densest_muted = MUTED.iter().map(|m| m.spacing).fold(f64::MAX, f64::min);
        assert!(ZONES.iter().all(|z| z.spacing < densest_muted));
        assert!(TROOPS.iter().all(|z| z.texture != Texture::Lines));
    }
}
