//! MapLibre-style expressions: the subset phasemap evaluates, plus a few
//! `phasemap:` operators that test the current phase or name a power.
//!
//! An expression is a JSON array whose first element is an operator name;
//! anything else is a constant. `check` validates an expression when the
//! style is read, so `eval` never meets an unknown operator.

use serde_json::{Map, Value};

use super::Color;
use crate::model::Pattern;

/// What expressions can ask about a power code (names from the theatre,
/// colours and patterns from the palette).
pub trait PowerLookup {
    /// Legend name (the code itself when the theatre does not name it).
    fn name(&self, code: &str) -> String;
    /// Colour, if the code is a power of the theatre.
    fn color(&self, code: &str) -> Option<Color>;
    /// Its darker variant for lines drawn over fills.
    fn dark(&self, code: &str) -> Option<Color>;
    /// Print pattern, if the code is a power of the theatre.
    fn pattern(&self, code: &str) -> Option<Pattern>;
    /// Id of the power's side, if it has one.
    fn side(&self, code: &str) -> Option<String>;
    /// The power's mark: its place (from 0) in the order powers pick their
    /// colours, if the code is a power of the theatre.
    fn mark(&self, _code: &str) -> Option<usize> {
        None
    }
    /// The teeth rule of a front with these properties, in the engine's
    /// words ([`crate::model::Theatre::teeth_rule`]).
    fn teeth_rule(&self, _properties: &Map<String, Value>) -> Option<String> {
        None
    }
    /// The name of the power whose side of a front with these properties
    /// the teeth are on, and the names of its side if it has one
    /// ([`crate::model::Theatre::front_owner`]).
    fn front_owner(&self, _properties: &Map<String, Value>) -> Option<crate::model::FrontOwner> {
        None
    }
}

/// What an expression can look at while evaluating for one feature.
pub struct EvalContext<'a> {
    /// The feature's properties (empty for layers without a source).
    pub properties: &'a Map<String, Value>,
    /// Id of the phase being drawn.
    pub phase: &'a str,
    /// Snapshot date of the phase, ISO `YYYY-MM-DD`.
    pub snapshot: &'a str,
    /// Names, colours and patterns of power codes.
    pub powers: &'a dyn PowerLookup,
}

/// Operators accepted, with their minimum and maximum argument counts.
pub const OPERATORS: &[(&str, usize, usize)] = &[
    ("get", 1, 1),
    ("has", 1, 1),
    ("!has", 1, 1),
    ("literal", 1, 1),
    ("==", 2, 2),
    ("!=", 2, 2),
    ("<", 2, 2),
    ("<=", 2, 2),
    (">", 2, 2),
    (">=", 2, 2),
    ("all", 0, usize::MAX),
    ("any", 0, usize::MAX),
    ("!", 1, 1),
    ("in", 2, 2),
    ("match", 3, usize::MAX),
    ("case", 1, usize::MAX),
    ("coalesce", 1, usize::MAX),
    ("concat", 1, usize::MAX),
    ("upcase", 1, 1),
    ("downcase", 1, 1),
    ("to-string", 1, 1),
    ("to-number", 1, 2),
    ("phasemap:phase", 0, 0),
    ("phasemap:snapshot", 0, 0),
    ("phasemap:power-name", 1, 1),
    ("phasemap:power-color", 1, 2),
    ("phasemap:power-pattern", 2, 2),
    ("phasemap:power-side", 1, 1),
    ("phasemap:power-mark", 1, 1),
    ("phasemap:teeth-rule", 0, 0),
    ("phasemap:front-owner", 1, 1),
    ("phasemap:template", 1, usize::MAX),
];

/// The `{name}` placeholders of a template text, in order of appearance.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        if !name.is_empty() && !name.contains('{') {
            out.push(name);
        }
        rest = &after[close + 1..];
    }
    out
}

/// Checks an expression (recursively); returns a message naming the problem.
pub fn check(v: &Value) -> Result<(), String> {
    let Value::Array(items) = v else {
        return Ok(());
    };
    let Some(Value::String(op)) = items.first() else {
        // A plain array of constants, e.g. a dash array.
        return items.iter().try_for_each(check);
    };
    let Some(&(_, min, max)) = OPERATORS.iter().find(|(name, ..)| name == op) else {
        let names: Vec<&str> = OPERATORS.iter().map(|(n, ..)| *n).collect();
        return Err(format!(
            "unknown expression operator \"{op}\"{}",
            crate::error::suggest(op, &names)
        ));
    };
    let n = items.len() - 1;
    if n < min || n > max {
        return Err(format!(
            "\"{op}\" takes {} argument(s), found {n}",
            arity(min, max)
        ));
    }
    match op.as_str() {
        "literal" => Ok(()),
        "match" if n % 2 != 0 => {
            Err("\"match\" needs an input, label/output pairs and a fallback".into())
        }
        "case" if n % 2 != 1 => Err("\"case\" needs condition/output pairs and a fallback".into()),
        "phasemap:template" => check_template(&items[1..]),
        "phasemap:front-owner" => match &items[1] {
            Value::String(w) if w == "power" || w == "side" || w == "side-of" => Ok(()),
            other => Err(format!(
                "\"phasemap:front-owner\" takes \"power\", \"side\" or \"side-of\", found {other}"
            )),
        },
        // Match labels are literal values (or arrays of them), not expressions.
        "match" => items[1..]
            .iter()
            .enumerate()
            .filter(|(i, _)| *i == 0 || i % 2 == 0 || *i == n - 1)
            .try_for_each(|(_, e)| check(e)),
        _ => items[1..].iter().try_for_each(check),
    }
}

/// `["phasemap:template", TEXT, "name", VALUE, ...]`: the text (or an
/// expression giving it) and name/value pairs; each name a string that the
/// literal texts use as `{name}`, and every `{name}` they use given.
fn check_template(a: &[Value]) -> Result<(), String> {
    if a.len() % 2 != 1 {
        return Err("\"phasemap:template\" needs a text and name/value pairs".into());
    }
    let mut names = Vec::new();
    for pair in a[1..].chunks(2) {
        let Value::String(name) = &pair[0] else {
            return Err(format!(
                "\"phasemap:template\": a placeholder name must be a string, found {}",
                pair[0]
            ));
        };
        names.push(name.as_str());
        check(&pair[1])?;
    }
    check(&a[0])?;
    let mut texts = Vec::new();
    super::translate::template_texts(&a[0], &mut texts);
    for t in &texts {
        if let Some(p) = placeholders(t).into_iter().find(|p| !names.contains(p)) {
            return Err(format!(
                "\"phasemap:template\": {t:?} uses {{{p}}}, which it does not give (given: {})",
                names.join(", ")
            ));
        }
    }
    Ok(())
}

fn arity(min: usize, max: usize) -> String {
    match (min, max) {
        (a, b) if a == b => a.to_string(),
        (a, usize::MAX) => format!("at least {a}"),
        (a, b) => format!("{a} to {b}"),
    }
}

/// Evaluates `v` for one feature. Constants evaluate to themselves.
pub fn eval(v: &Value, ctx: &EvalContext) -> Value {
    let Value::Array(items) = v else {
        return v.clone();
    };
    let Some(Value::String(op)) = items.first() else {
        return v.clone();
    };
    if !OPERATORS.iter().any(|(name, ..)| name == op) {
        // A constant list of strings, such as MapLibre's `text-font`.
        return v.clone();
    }
    let a = &items[1..];
    let arg = |i: usize| eval(&a[i], ctx);
    match op.as_str() {
        "get" => match arg(0) {
            Value::String(k) => ctx.properties.get(&k).cloned().unwrap_or(Value::Null),
            _ => Value::Null,
        },
        "has" => Value::Bool(matches!(arg(0), Value::String(k) if ctx.properties.contains_key(&k))),
        "!has" => {
            Value::Bool(!matches!(arg(0), Value::String(k) if ctx.properties.contains_key(&k)))
        }
        "literal" => a[0].clone(),
        "==" => Value::Bool(arg(0) == arg(1)),
        "!=" => Value::Bool(arg(0) != arg(1)),
        "<" | "<=" | ">" | ">=" => {
            let ord = compare(&arg(0), &arg(1));
            Value::Bool(match (op.as_str(), ord) {
                (_, None) => false,
                ("<", Some(o)) => o.is_lt(),
                ("<=", Some(o)) => o.is_le(),
                (">", Some(o)) => o.is_gt(),
                (_, Some(o)) => o.is_ge(),
            })
        }
        "all" => Value::Bool(a.iter().all(|e| truthy(&eval(e, ctx)))),
        "any" => Value::Bool(a.iter().any(|e| truthy(&eval(e, ctx)))),
        "!" => Value::Bool(!truthy(&arg(0))),
        "in" => {
            let needle = arg(0);
            Value::Bool(match arg(1) {
                Value::Array(hay) => hay.contains(&needle),
                Value::String(hay) => needle.as_str().is_some_and(|n| hay.contains(n)),
                _ => false,
            })
        }
        "match" => {
            let input = arg(0);
            let pairs = &a[1..a.len() - 1];
            for pair in pairs.chunks(2) {
                let hit = match &pair[0] {
                    Value::Array(labels) => labels.contains(&input),
                    label => *label == input,
                };
                if hit {
                    return eval(&pair[1], ctx);
                }
            }
            eval(&a[a.len() - 1], ctx)
        }
        "case" => {
            for pair in a[..a.len() - 1].chunks(2) {
                if truthy(&eval(&pair[0], ctx)) {
                    return eval(&pair[1], ctx);
                }
            }
            eval(&a[a.len() - 1], ctx)
        }
        "coalesce" => a
            .iter()
            .map(|e| eval(e, ctx))
            .find(|v| !v.is_null())
            .unwrap_or(Value::Null),
        "concat" => Value::String(a.iter().map(|e| to_text(&eval(e, ctx))).collect()),
        "upcase" => Value::String(to_text(&arg(0)).to_uppercase()),
        "downcase" => Value::String(to_text(&arg(0)).to_lowercase()),
        "to-string" => Value::String(to_text(&arg(0))),
        "to-number" => {
            let n = match arg(0) {
                Value::Number(n) => n.as_f64(),
                Value::String(s) => s.trim().parse::<f64>().ok(),
                Value::Bool(b) => Some(f64::from(u8::from(b))),
                _ => None,
            };
            match n.or_else(|| a.get(1).and_then(|d| eval(d, ctx).as_f64())) {
                Some(n) => serde_json::Number::from_f64(n)
                    .map(Value::Number)
                    .unwrap_or(Value::Null),
                None => Value::Null,
            }
        }
        "phasemap:phase" => Value::String(ctx.phase.to_string()),
        "phasemap:snapshot" => Value::String(ctx.snapshot.to_string()),
        "phasemap:power-name" => Value::String(ctx.powers.name(&to_text(&arg(0)))),
        "phasemap:power-color" => {
            let code = to_text(&arg(0));
            let c = match a.get(1).map(|v| to_text(&eval(v, ctx))).as_deref() {
                Some("dark") => ctx.powers.dark(&code),
                _ => ctx.powers.color(&code),
            };
            c.map_or(Value::Null, |c| Value::String(c.hex()))
        }
        "phasemap:power-mark" => ctx
            .powers
            .mark(&to_text(&arg(0)))
            .map_or(Value::Null, Value::from),
        "phasemap:power-side" => ctx
            .powers
            .side(&to_text(&arg(0)))
            .map_or(Value::Null, Value::String),
        "phasemap:teeth-rule" => ctx
            .powers
            .teeth_rule(ctx.properties)
            .map_or(Value::Null, Value::String),
        "phasemap:front-owner" => {
            let owner = ctx.powers.front_owner(ctx.properties);
            let name = match (owner, to_text(&arg(0)).as_str()) {
                (Some(o), "power") => Some(o.power),
                (Some(o), "side") => o.side,
                (Some(o), "side-of") => o.side_of,
                _ => None,
            };
            name.map_or(Value::Null, Value::String)
        }
        "phasemap:template" => {
            let mut text = to_text(&arg(0));
            for pair in a[1..].chunks(2) {
                let name = to_text(&pair[0]);
                let value = to_text(&eval(&pair[1], ctx));
                text = text.replace(&format!("{{{name}}}"), &value);
            }
            Value::String(text)
        }
        "phasemap:power-pattern" => {
            let Some(p) = ctx.powers.pattern(&to_text(&arg(0))) else {
                return Value::Null;
            };
            match to_text(&arg(1)).as_str() {
                "angle" => Value::from(p.angle),
                "spacing" => Value::from(p.spacing),
                "texture" => Value::from(p.texture.name()),
                _ => Value::Null,
            }
        }
        _ => Value::Null,
    }
}

/// MapLibre truthiness for filters: only `true` passes.
pub fn truthy(v: &Value) -> bool {
    matches!(v, Value::Bool(true))
}

/// Text of a value as a label shows it.
pub fn to_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => other.to_string(),
    }
}

fn compare(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64()?.partial_cmp(&y.as_f64()?),
        (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    struct Fake;
    impl PowerLookup for Fake {
        fn name(&self, c: &str) -> String {
            format!("<{c}>")
        }
        fn color(&self, c: &str) -> Option<Color> {
            (c == "JP").then_some(Color::rgb(200, 0, 0))
        }
        fn dark(&self, c: &str) -> Option<Color> {
            (c == "JP").then_some(Color::rgb(100, 0, 0))
        }
        fn pattern(&self, c: &str) -> Option<Pattern> {
            (c == "JP").then_some(Pattern {
                angle: 45.0,
                spacing: 8.0,
                texture: crate::model::Texture::Dots,
            })
        }
        fn side(&self, c: &str) -> Option<String> {
            (c == "JP").then(|| "east".to_string())
        }
        fn front_owner(&self, p: &Map<String, Value>) -> Option<crate::model::FrontOwner> {
            let owner = p.get("left_power")?.as_str()?;
            Some(crate::model::FrontOwner {
                power: self.name(owner),
                side: (owner == "JP").then(|| "Allies".into()),
                side_of: (owner == "JP").then(|| "the Allies".into()),
            })
        }
    }

    fn ctx_eval(e: Value, props: Value) -> Value {
        let props = props.as_object().unwrap().clone();
        let ctx = EvalContext {
            properties: &props,
            phase: "1920-02",
            snapshot: "1920-02-10",
            powers: &Fake,
        };
        eval(&e, &ctx)
    }

    #[test]
    fn power_colours_patterns_and_sides_come_from_the_lookup() {
        let p = json!({"power": "JP"});
        let get = json!(["get", "power"]);
        assert_eq!(
            ctx_eval(json!(["phasemap:power-color", get]), p.clone()),
            json!("#c80000")
        );
        assert_eq!(
            ctx_eval(json!(["phasemap:power-pattern", get, "texture"]), p.clone()),
            json!("dots")
        );
        assert_eq!(
            ctx_eval(json!(["phasemap:power-pattern", get, "spacing"]), p.clone()),
            json!(8.0)
        );
        assert_eq!(
            ctx_eval(json!(["phasemap:power-side", get]), p.clone()),
            json!("east")
        );
        assert_eq!(
            ctx_eval(json!(["phasemap:power-color", get, "dark"]), p.clone()),
            json!("#640000")
        );
        assert_eq!(
            ctx_eval(json!(["phasemap:power-color", "XX"]), p),
            Value::Null
        );
    }

    #[test]
    fn evaluates_filters_and_matches() {
        let p = json!({"power": "JP", "rank": 2});
        assert_eq!(
            ctx_eval(json!(["==", ["get", "power"], "JP"]), p.clone()),
            json!(true)
        );
        assert_eq!(
            ctx_eval(
                json!(["in", ["get", "power"], ["literal", ["US", "JP"]]]),
                p.clone()
            ),
            json!(true)
        );
        assert_eq!(
            ctx_eval(
                json!(["all", ["has", "rank"], ["<=", ["get", "rank"], 2]]),
                p.clone()
            ),
            json!(true)
        );
        assert_eq!(
            ctx_eval(
                json!([
                    "match",
                    ["get", "power"],
                    ["US", "AL"],
                    "#00f",
                    "JP",
                    "#f00",
                    "#ccc"
                ]),
                p.clone()
            ),
            json!("#f00")
        );
        assert_eq!(
            ctx_eval(
                json!(["case", ["==", ["get", "x"], 1], "a", "b"]),
                p.clone()
            ),
            json!("b")
        );
        assert_eq!(
            ctx_eval(json!(["==", ["phasemap:phase"], "1920-02"]), p.clone()),
            json!(true)
        );
        assert_eq!(
            ctx_eval(json!(["phasemap:power-name", ["get", "power"]]), p),
            json!("<JP>")
        );
    }

    #[test]
    fn check_rejects_unknown_operators_with_a_suggestion() {
        let e = check(&json!(["==", ["gett", "power"], "JP"])).unwrap_err();
        assert!(
            e.contains("\"gett\"") && e.contains("did you mean \"get\""),
            "{e}"
        );
        assert!(check(&json!(["match", ["get", "p"], "a", "b"])).is_err());
        assert!(check(&json!([4, 2])).is_ok());
    }

    /// A template is one text with its placeholders filled in wherever the
    /// text puts them, so a translation may change the word order.
    #[test]
    fn templates_fill_their_placeholders_in_any_order() {
        let p = json!({"power": "JP", "kind": "retreat", "left_power": "JP", "right_power": "RED"});
        let name = json!(["phasemap:power-name", ["get", "power"]]);
        let moves = json!([
            "match",
            ["get", "kind"],
            "retreat",
            "{power} retreat",
            "{power} advance"
        ]);
        let e = json!(["phasemap:template", moves, "power", name]);
        assert!(check(&e).is_ok());
        assert_eq!(ctx_eval(e, p.clone()), json!("<JP> retreat"));
        let e = json!(["phasemap:template", "Rückzug: {power}", "power", name]);
        assert_eq!(ctx_eval(e, p.clone()), json!("Rückzug: <JP>"));
        let side = json!([
            "phasemap:template",
            "the enemy of {side}",
            "side",
            ["phasemap:front-owner", "side-of"]
        ]);
        assert_eq!(ctx_eval(side, p.clone()), json!("the enemy of the Allies"));
        assert_eq!(
            ctx_eval(json!(["phasemap:front-owner", "side"]), p.clone()),
            json!("Allies")
        );
        assert_eq!(
            ctx_eval(json!(["phasemap:front-owner", "power"]), p.clone()),
            json!("<JP>")
        );
        // A front of a power without a side: no side name.
        let q = json!({"left_power": "RED", "right_power": "JP"});
        assert_eq!(
            ctx_eval(json!(["phasemap:front-owner", "side"]), q),
            Value::Null
        );
    }

    #[test]
    fn check_refuses_a_template_that_uses_a_placeholder_it_does_not_give() {
        let e = check(&json!([
            "phasemap:template",
            "{power} advance",
            "powr",
            "x"
        ]))
        .unwrap_err();
        assert!(e.contains("{power}") && e.contains("given: powr"), "{e}");
        let e = check(&json!(["phasemap:template", "{a}", "a"])).unwrap_err();
        assert!(e.contains("name/value pairs"), "{e}");
        let e = check(&json!(["phasemap:template", "{a}", 3, "x"])).unwrap_err();
        assert!(e.contains("must be a string"), "{e}");
        let e = check(&json!(["phasemap:front-owner", "enemy"])).unwrap_err();
        assert!(e.contains("\"power\", \"side\" or \"side-of\""), "{e}");
        assert_eq!(placeholders("{a} and {b}, {a}"), ["a", "b", "a"]);
    }
}
