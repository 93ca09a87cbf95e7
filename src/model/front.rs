//! Which way a front line's teeth point. One rule for every front of a
//! theatre: a front names the powers on its two sides (`left_power`,
//! `right_power`); its teeth belong to the one whose side draws most of
//! the theatre's fronts (is the `power` of most front features; on a tie,
//! the side whose id sorts first; never the order the manifest lists the
//! sides in; between powers of one side or of none, to the front's `power`)
//! and face the other, its enemy. Compose finds on which
//! side of the drawn line the enemy stands (from the phase's control zones);
//! the legend states the rule in the engine's words ([`Theatre::teeth_rule`]).

use serde_json::{Map, Value};

use super::{words, Theatre};

/// Whose teeth a front line has, in the words a legend names them with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontOwner {
    /// The owner power's name.
    pub power: String,
    /// Its side's name, if it has a side.
    pub side: Option<String>,
    /// Its side named after "of" (`name_of`), if the theatre gives it.
    pub side_of: Option<String>,
}

/// The two powers of a front line, as the teeth rule sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontSides<'a> {
    /// The power the teeth belong to.
    pub owner: &'a str,
    /// The power they face.
    pub enemy: &'a str,
    /// The feature declares the enemy as `right_power` (the right of the
    /// drawing direction): where the teeth go when the zones do not tell.
    pub enemy_declared_right: bool,
}

impl Theatre {
    /// The owner and enemy of a front with these properties; `None` unless
    /// it names two different powers.
    pub fn front_sides<'a>(&self, props: &'a Map<String, Value>) -> Option<FrontSides<'a>> {
        let left = props.get("left_power")?.as_str()?;
        let right = props.get("right_power")?.as_str()?;
        if left == right {
            return None;
        }
        // The side whose fronts the theatre draws most (the `power` of most
        // front features) owns the teeth, then the side whose id sorts
        // first: the same owner in every phase, whatever order the
        // manifest lists the sides in.
        let fronts = self.fronts_by_side();
        let rank = |code: &str| {
            self.side_of(code).map(|s| {
                let n = fronts.get(s.id.as_str()).copied().unwrap_or(0);
                (std::cmp::Reverse(n), s.id.as_str())
            })
        };
        let left_owns = match (rank(left), rank(right)) {
            (Some(a), Some(b)) if a != b => a < b,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            _ => props.get("power").and_then(Value::as_str) != Some(right),
        };
        Some(if left_owns {
            FrontSides {
                owner: left,
                enemy: right,
                enemy_declared_right: true,
            }
        } else {
            FrontSides {
                owner: right,
                enemy: left,
                enemy_declared_right: false,
            }
        })
    }

    /// How many front features (`kind` front, in layers of role front)
    /// each side is the `power` of.
    fn fronts_by_side(&self) -> std::collections::BTreeMap<&str, usize> {
        let mut out = std::collections::BTreeMap::new();
        let fronts = self
            .layers
            .iter()
            .filter(|l| l.role == Some(super::Role::Front))
            .flat_map(|l| &l.features);
        for f in fronts {
            if let Some(side) = f.str_prop("power").and_then(|p| self.side_of(p)) {
                *out.entry(side.id.as_str()).or_default() += 1;
            }
        }
        out
    }

    /// The name of the power on whose side of a front with these
    /// properties the teeth are drawn, and its side's name if it has one:
    /// what a style's legend template says the teeth face the enemy of.
    pub fn front_owner(&self, props: &Map<String, Value>) -> Option<FrontOwner> {
        let sides = self.front_sides(props)?;
        let side = self.side_of(sides.owner);
        Some(FrontOwner {
            power: self.power_name(sides.owner).to_string(),
            side: side.map(|s| s.name.clone()),
            side_of: side.and_then(|s| s.name_of.clone()),
        })
    }

    /// The teeth rule for a front with these properties, in the engine's
    /// words in the theatre's language: "teeth face the enemy of the Reds"
    /// (the owner's side named after "of", as the theatre gives it), else
    /// "teeth face away from Reds" (the side's name, plural or singular),
    /// else "teeth face the enemy of Japan" (the owner's name).
    pub fn teeth_rule(&self, props: &Map<String, Value>) -> Option<String> {
        let sides = self.front_sides(props)?;
        let w = words(&self.language);
        Some(match self.side_of(sides.owner) {
            Some(side) => match &side.name_of {
                Some(of) => format!("{}{of}{}", w.teeth_of_side.0, w.teeth_of_side.1),
                None => format!(
                    "{}{}{}",
                    w.teeth_of_side_name.0, side.name, w.teeth_of_side_name.1
                ),
            },
            None => format!(
                "{}{}{}",
                w.teeth_of_power.0,
                self.power_name(sides.owner),
                w.teeth_of_power.1
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::model::{Power, Side, Theatre};

    fn theatre() -> Theatre {
        let mut t = Theatre {
            extent: [0.0, 0.0, 20.0, 20.0],
            ..Theatre::empty()
        };
        let side = |id: &str, order| Side {
            id: id.into(),
            name: format!("{id}s"),
            name_of: None,
            order,
            neutral: false,
            distinct: false,
        };
        t.sides = vec![side("Red", 0), side("White", 1)];
        for (code, s) in [("R", Some("Red")), ("W", Some("White")), ("X", None)] {
            t.powers.insert(
                code.into(),
                Power {
                    name: format!("Power {code}"),
                    side: s.map(Into::into),
                    color: None,
                    pattern: None,
                    short: None,
                    shade_of: None,
                },
            );
        }
        t
    }

    fn props(v: serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn teeth_belong_to_one_side_whatever_the_drawing_order() {
        let t = theatre();
        let a = props(json!({"left_power": "R", "right_power": "W", "power": "W"}));
        let b = props(json!({"left_power": "W", "right_power": "R", "power": "W"}));
        let sa = t.front_sides(&a).unwrap();
        let sb = t.front_sides(&b).unwrap();
        assert_eq!(
            (sa.owner, sa.enemy, sa.enemy_declared_right),
            ("R", "W", true)
        );
        assert_eq!(
            (sb.owner, sb.enemy, sb.enemy_declared_right),
            ("R", "W", false)
        );
        assert_eq!(t.teeth_rule(&a).unwrap(), "teeth face away from Reds");
    }

    /// Review 5 (issue 20): a plural side name pasted into "the {side}
    /// side" read "the Republicans side". A side's `name_of` names it
    /// after "of"; without it the rule is worded for any name.
    #[test]
    fn a_plural_side_name_reads_right() {
        let mut t = theatre();
        t.sides[0].name = "Republicans".into();
        let a = props(json!({"left_power": "R", "right_power": "W"}));
        let plain = t.teeth_rule(&a).unwrap();
        assert_eq!(plain, "teeth face away from Republicans");
        t.sides[0].name_of = Some("the Republicans".into());
        assert_eq!(
            t.teeth_rule(&a).unwrap(),
            "teeth face the enemy of the Republicans"
        );
        let owner = t.front_owner(&a).unwrap();
        assert_eq!(owner.side.as_deref(), Some("Republicans"));
        assert_eq!(owner.side_of.as_deref(), Some("the Republicans"));
        t.language = "ru".into();
        t.sides[0].name_of = Some("республиканцев".into());
        assert_eq!(
            t.teeth_rule(&a).unwrap(),
            "зубцы обращены к противнику республиканцев"
        );
    }

    /// Review 5 finding 4: the teeth's owner does not follow the order the
    /// manifest lists the sides in; it follows the fronts' powers.
    #[test]
    fn teeth_do_not_follow_the_order_sides_are_listed_in() {
        let a = props(json!({"left_power": "R", "right_power": "W", "power": "W"}));
        let mut t = theatre();
        let listed = t.front_sides(&a).unwrap().owner.to_string();
        t.sides.reverse();
        for (k, s) in t.sides.iter_mut().enumerate() {
            s.order = k as i64;
        }
        assert_eq!(t.front_sides(&a).unwrap().owner, listed);
        // A theatre whose fronts are mostly W's side's has that side own the teeth.
        let mut front = crate::model::Feature {
            index: 0,
            id: None,
            geometry: geo::Geometry::Point(geo::Point::new(1.0, 1.0)),
            properties: a.clone(),
            start: None,
            end: None,
        };
        front.properties.insert("kind".into(), "front".into());
        t.layers.push(crate::model::Layer {
            id: "front".into(),
            role: Some(crate::model::Role::Front),
            path: "front.geojson".into(),
            features: vec![front],
            exclusive: false,
            covers: None,
        });
        assert_eq!(t.front_sides(&a).unwrap().owner, "W");
        let side_of_w = t.side_of("W").unwrap().name.clone();
        assert!(t.teeth_rule(&a).unwrap().contains(&side_of_w));
    }

    /// A side named with a proper noun takes no article of its own (review
    /// 2, finding 10: "the enemy of the Denmark").
    #[test]
    fn a_side_named_for_a_country_reads_without_an_article() {
        let mut t = theatre();
        t.sides[0].name = "Denmark".into();
        let a = props(json!({"left_power": "R", "right_power": "W"}));
        let rule = t.teeth_rule(&a).unwrap();
        assert!(!rule.contains("the Denmark"), "{rule}");
        assert_eq!(rule, "teeth face away from Denmark");
    }

    #[test]
    fn without_sides_the_front_power_owns_the_teeth() {
        let t = theatre();
        let a = props(json!({"left_power": "X", "right_power": "Y", "power": "Y"}));
        let s = t.front_sides(&a).unwrap();
        assert_eq!((s.owner, s.enemy), ("Y", "X"));
        let b = props(json!({"left_power": "X", "right_power": "Y"}));
        assert_eq!(t.front_sides(&b).unwrap().owner, "X");
        assert_eq!(t.teeth_rule(&b).unwrap(), "teeth face the enemy of Power X");
        // A side beats no side.
        let c = props(json!({"left_power": "X", "right_power": "W", "power": "X"}));
        assert_eq!(t.front_sides(&c).unwrap().owner, "W");
        assert!(t
            .front_sides(&props(json!({"left_power": "R", "right_power": "R"})))
            .is_none());
        assert!(t.front_sides(&props(json!({"left_power": "R"}))).is_none());
    }
}
