//! The last palette made, kept for the next one asked for with the same
//! inputs: `serve` binds its style again on every save (about 20 ms of
//! the time from a save to the screen, for a palette that changes only
//! when the powers do), and a default run binds it once for each of its
//! sessions (the phase maps, the sheet, the animation).

use std::collections::BTreeMap;
use std::sync::Mutex;

use super::{Palette, POWER_KEYS};
use crate::model::{Power, Role, Side, Theatre};
use crate::style::Color;

/// Everything of a theatre and style that [`Palette::beside_water`] reads:
/// two equal keys give equal palettes. The features enter only through
/// the power codes they name and how many features name each, and where.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Key {
    ground: Vec<Color>,
    lines: Vec<Color>,
    water: Vec<Color>,
    powers: BTreeMap<String, Power>,
    sides: Vec<Side>,
    /// Per power code named by a feature (under any of [`POWER_KEYS`]):
    /// features naming it as `power` in any layer, in presence layers, in
    /// control layers and in movement layers.
    named: BTreeMap<String, [usize; 4]>,
}

impl Key {
    pub(super) fn of(theatre: &Theatre, ground: &[Color], lines: &[Color], water: &[Color]) -> Key {
        let mut named: BTreeMap<String, [usize; 4]> = BTreeMap::new();
        for layer in &theatre.layers {
            for f in &layer.features {
                for key in POWER_KEYS {
                    let Some(code) = f.str_prop(key) else {
                        continue;
                    };
                    if !named.contains_key(code) {
                        named.insert(code.to_string(), [0; 4]);
                    }
                    if key != "power" {
                        continue;
                    }
                    if let Some(n) = named.get_mut(code) {
                        n[0] += 1;
                        match layer.role {
                            Some(Role::Presence) => n[1] += 1,
                            Some(Role::Control) => n[2] += 1,
                            Some(Role::Movement) => n[3] += 1,
                            _ => {}
                        }
                    }
                }
            }
        }
        Key {
            ground: ground.to_vec(),
            lines: lines.to_vec(),
            water: water.to_vec(),
            powers: theatre.powers.clone(),
            sides: theatre.sides.clone(),
            named,
        }
    }
}

/// The last key and its palette.
static LAST: Mutex<Option<(Key, Palette)>> = Mutex::new(None);

/// The palette of `key`: the last one made if its key is equal, else
/// `make()`, which is then kept. The lock is not held while `make` runs.
pub(super) fn palette(key: Key, make: impl FnOnce() -> Palette) -> Palette {
    // A poisoned lock only means a panic elsewhere: the value is whole.
    let lock = || LAST.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, p)) = lock().as_ref().filter(|(k, _)| *k == key) {
        return p.clone();
    }
    let made = make();
    *lock() = Some((key, made.clone()));
    made
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Feature, Layer, Power, Side};

    fn feature(key: &str, code: &str) -> Feature {
        let mut properties = serde_json::Map::new();
        properties.insert(key.into(), code.into());
        Feature {
            index: 0,
            id: None,
            geometry: geo::Geometry::Point(geo::Point::new(0.0, 0.0)),
            properties,
            start: None,
            end: None,
        }
    }

    fn layer(id: &str, role: Role, features: Vec<Feature>) -> Layer {
        Layer {
            id: id.into(),
            role: Some(role),
            path: format!("{id}.geojson").into(),
            features,
            exclusive: false,
            covers: None,
        }
    }

    fn power(side: &str) -> Power {
        Power {
            name: "x".into(),
            side: Some(side.into()),
            ..Power::default()
        }
    }

    /// Two sides; `a1` and `a2` on the first, `b1` on the second; `a1`
    /// has two control zones, `a2` one, `b1` one.
    fn base() -> Theatre {
        let side = |id: &str, order| Side {
            id: id.into(),
            name: id.into(),
            name_of: None,
            order,
            neutral: false,
            distinct: false,
        };
        Theatre {
            sides: vec![side("a", 0), side("b", 1)],
            powers: [("a1", "a"), ("a2", "a"), ("b1", "b")]
                .into_iter()
                .map(|(c, s)| (c.to_string(), power(s)))
                .collect(),
            layers: vec![layer(
                "control",
                Role::Control,
                vec![
                    feature("power", "a1"),
                    feature("power", "a1"),
                    feature("power", "a2"),
                    feature("power", "b1"),
                ],
            )],
            ..Theatre::empty()
        }
    }

    /// Each theatre and style below changes one input of the palette, and
    /// its palette differs from the one before: the palette taken through
    /// the memo must be the one made afresh every time (a key that missed
    /// the change would hand back the previous palette).
    #[test]
    fn a_palette_is_reused_only_when_nothing_it_reads_changed() {
        let land = Color::rgb(0xfe, 0xfe, 0xe9);
        let water = Color::rgb(0xc6, 0xec, 0xff);
        let mut cases: Vec<(&str, Theatre, Vec<Color>)> = Vec::new();
        let t = base();
        cases.push(("base", t.clone(), vec![land, water]));
        let mut more = t.clone();
        for _ in 0..3 {
            more.layers[0].features.push(feature("power", "a2"));
        }
        cases.push(("a2 has the most zones", more, vec![land, water]));
        let mut given = t.clone();
        if let Some(p) = given.powers.get_mut("b1") {
            p.color = Some([40, 160, 40]);
        }
        cases.push(("b1's colour given", given, vec![land, water]));
        let mut side = t.clone();
        if let Some(p) = side.powers.get_mut("b1") {
            p.side = Some("a".into());
        }
        cases.push(("b1 changes sides", side, vec![land, water]));
        let mut named = t.clone();
        named.layers[0].features.push(feature("left_power", "c9"));
        cases.push(("an undeclared code named", named, vec![land, water]));
        let mut troops = t.clone();
        troops.layers.push(layer(
            "presence",
            Role::Presence,
            vec![feature("power", "b1"); 2],
        ));
        cases.push(("b1 drawn as troops", troops, vec![land, water]));
        let mut shade = t.clone();
        if let Some(p) = shade.powers.get_mut("a2") {
            p.shade_of = Some("b1".into());
        }
        cases.push(("a2 a shade of b1", shade, vec![land, water]));
        cases.push((
            "a land colour in a1's place",
            t.clone(),
            vec![Color::rgb(0xca, 0x74, 0x6c), water],
        ));
        cases.push(("base again", t, vec![land, water]));
        let mut before: Option<Palette> = None;
        for (what, theatre, ground) in &cases {
            let fresh = Palette::made_beside_water(theatre, ground, &[], &ground[1..]);
            if let Some(b) = &before {
                assert_ne!(b, &fresh, "{what}: the case changes nothing");
            }
            let memo = Palette::beside_water(theatre, ground, &[], &ground[1..]);
            assert_eq!(memo, fresh, "{what}");
            // Asked again with the same inputs: the kept one, still equal.
            assert_eq!(
                Palette::beside_water(theatre, ground, &[], &ground[1..]),
                fresh
            );
            before = Some(fresh);
        }
    }
}
