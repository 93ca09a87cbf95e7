//! Which way a front line's teeth point. One rule for every front of a
//! theatre: a front names the powers on its two sides (`left_power`,
//! `right_power`); its teeth belong to the one whose side the theatre lists
//! first (by the sides' order; between powers of one side or of none, to the
//! front's `power`) and face the other, its enemy. Compose finds on which
//! side of the drawn line the enemy stands (from the phase's control zones);
//! the legend states the rule in the engine's words ([`Theatre::teeth_rule`]).

use serde_json::{Map, Value};

use super::{words, Theatre};

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
        let rank = |code: &str| {
            self.side_of(code).map(|s| {
                let pos = self.sides.iter().position(|t| t.id == s.id);
                (s.order, pos.unwrap_or(usize::MAX))
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

    /// The name of the power on whose side of a front with these
    /// properties the teeth are drawn, and its side's name if it has one:
    /// what a style's legend template says the teeth face the enemy of.
    pub fn front_owner(&self, props: &Map<String, Value>) -> Option<(String, Option<String>)> {
        let sides = self.front_sides(props)?;
        Some((
            self.power_name(sides.owner).to_string(),
            self.side_of(sides.owner).map(|s| s.name.clone()),
        ))
    }

    /// The teeth rule for a front with these properties, in the engine's
    /// words in the theatre's language: "teeth face the enemy of the Reds side"
    /// (the owner's side, else the owner's name).
    pub fn teeth_rule(&self, props: &Map<String, Value>) -> Option<String> {
        let sides = self.front_sides(props)?;
        let w = words(&self.language);
        Some(match self.side_of(sides.owner) {
            Some(side) => format!("{}{}{}", w.teeth_of_side.0, side.name, w.teeth_of_side.1),
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
    fn teeth_belong_to_the_first_side_whatever_the_drawing_order() {
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
        assert_eq!(
            t.teeth_rule(&a).unwrap(),
            "teeth face the enemy of the Reds side"
        );
    }

    /// A side named with a proper noun takes no article of its own (review
    /// 2, finding 10: "the enemy of the Denmark").
    #[test]
    fn a_side_named_for_a_country_reads_without_an_article() {
        let mut t = theatre();
        t.sides[0].name = "Denmark".into();
        let a = props(json!({"left_power": "R", "right_power": "W"}));
        let rule = t.teeth_rule(&a).unwrap();
        assert!(!rule.ends_with("the Denmark"), "{rule}");
        assert_eq!(rule, "teeth face the enemy of the Denmark side");
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
