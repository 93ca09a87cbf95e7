//! The range of every number a style may give. Checked when the style is
//! read (constants and the constant outputs of expressions: an error names
//! the JSON path and the range) and enforced again when a value is used
//! (values from feature properties are only known then): a non-finite
//! value falls back to the default and a value out of range is clamped, so
//! a zero spacing cannot loop forever nor a huge size exhaust memory.

use serde_json::Value;

/// How a number is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A plain number (opacity, angle, factor).
    Number,
    /// A size: a number of reference pixels or a string with a print unit
    /// (see [`super::size_value`]).
    Size,
}

/// Largest size a style may give, in reference pixels (a map 2400 px
/// wide): a tenth of a metre at 300 dpi, far beyond any symbol.
pub const MAX_SIZE: f64 = 1000.0;

/// Keys holding numbers: (key, unit, least, greatest).
pub const RANGES: &[(&str, Unit, f64, f64)] = &[
    ("background-opacity", Unit::Number, 0.0, 1.0),
    ("fill-opacity", Unit::Number, 0.0, 1.0),
    ("phasemap:outline-opacity", Unit::Number, 0.0, 1.0),
    ("phasemap:hatch-opacity", Unit::Number, 0.0, 1.0),
    ("line-opacity", Unit::Number, 0.0, 1.0),
    ("circle-opacity", Unit::Number, 0.0, 1.0),
    ("text-opacity", Unit::Number, 0.0, 1.0),
    ("phasemap:outline-width", Unit::Size, 0.0, MAX_SIZE),
    ("phasemap:hatch-width", Unit::Size, 0.0, MAX_SIZE),
    ("phasemap:hatch-spacing", Unit::Size, 1.0, MAX_SIZE),
    ("phasemap:hatch-angle", Unit::Number, -360.0, 360.0),
    ("line-width", Unit::Size, 0.0, MAX_SIZE),
    ("phasemap:casing-width", Unit::Size, 0.0, MAX_SIZE),
    // Each tooth and tie is drawn: a spacing near zero would draw millions.
    ("phasemap:teeth-size", Unit::Size, 0.5, MAX_SIZE),
    ("phasemap:teeth-spacing", Unit::Size, 1.0, 10.0 * MAX_SIZE),
    ("phasemap:ties-width", Unit::Size, 0.0, MAX_SIZE),
    ("phasemap:ties-length", Unit::Size, 0.0, MAX_SIZE),
    ("phasemap:ties-spacing", Unit::Size, 1.0, 10.0 * MAX_SIZE),
    ("phasemap:arrow-width", Unit::Size, 0.0, MAX_SIZE),
    ("phasemap:arrow-head-length", Unit::Size, 0.0, MAX_SIZE),
    ("phasemap:arrow-head-width", Unit::Size, 0.0, MAX_SIZE),
    ("phasemap:arrow-taper", Unit::Number, 0.0, 1.0),
    ("phasemap:arrow-smooth", Unit::Number, 0.0, 5.0),
    ("circle-radius", Unit::Size, 0.0, MAX_SIZE),
    ("circle-stroke-width", Unit::Size, 0.0, MAX_SIZE),
    ("phasemap:marker-size", Unit::Size, 0.0, MAX_SIZE),
    ("text-halo-width", Unit::Size, 0.0, MAX_SIZE),
    ("text-size", Unit::Size, 0.0, MAX_SIZE),
    ("text-letter-spacing", Unit::Number, -1.0, 10.0),
    ("text-padding", Unit::Size, 0.0, MAX_SIZE),
    ("symbol-sort-key", Unit::Number, -1e6, 1e6),
    (super::MIN_SIZE, Unit::Size, 0.0, 10.0 * MAX_SIZE),
    (super::MIN_PAGE_WIDTH, Unit::Number, 0.0, 1e5),
];

/// Dash lengths, in multiples of the line width.
const DASH: (f64, f64) = (0.0, MAX_SIZE);

/// The unit and range of `key`, when it holds a number.
pub fn range(key: &str) -> Option<(Unit, f64, f64)> {
    RANGES
        .iter()
        .find(|(k, ..)| *k == key)
        .map(|&(_, u, lo, hi)| (u, lo, hi))
}

/// A value of `key` ready to use: `None` (use the default) when it is not
/// a finite number, else clamped into the key's range.
pub fn clamp(key: &str, v: f64) -> Option<f64> {
    if !v.is_finite() {
        return None;
    }
    Some(match range(key) {
        Some((_, lo, hi)) => v.clamp(lo, hi),
        None => v,
    })
}

/// Dash lengths ready to use: finite, in range, and not all zero (an
/// all-zero dash array would draw nothing forever in some renderers).
pub fn clamp_dashes(d: Vec<f64>) -> Option<Vec<f64>> {
    let d: Vec<f64> = d
        .into_iter()
        .filter(|x| x.is_finite())
        .map(|x| x.clamp(DASH.0, DASH.1))
        .collect();
    (d.iter().any(|x| *x > 0.0)).then_some(d)
}

fn fmt(x: f64) -> String {
    if x.abs() >= 1e5 {
        format!("{x:e}")
    } else {
        x.to_string()
    }
}

/// Checks one constant `v` of `key`; a message when it is out of range.
fn check_constant(key: &str, unit: Unit, lo: f64, hi: f64, v: &Value) -> Result<(), String> {
    let n = match (unit, v) {
        (_, Value::Number(n)) => n.as_f64(),
        (Unit::Size, Value::String(_)) => match super::size_value(v) {
            Some(n) => Some(n),
            None => {
                return Err(format!(
                    "{v} is not a size; write a number of pixels or a string such as \"4px\", \"1.5pt\" or \"0.5mm\""
                ))
            }
        },
        (Unit::Number, Value::String(_)) => {
            return Err(format!("{v} is a string; write a number such as 0.5"))
        }
        // Null, booleans... are left to the evaluation (they use the default).
        _ => return Ok(()),
    };
    match n {
        Some(n) if n.is_finite() && (lo..=hi).contains(&n) => Ok(()),
        _ => Err(format!(
            "{v} is outside the range {} to {} of \"{key}\"",
            fmt(lo),
            fmt(hi)
        )),
    }
}

/// The values an expression can give: constants, and the outputs of
/// `match`, `case` and `coalesce` (not their labels or conditions).
fn outputs<'a>(v: &'a Value, out: &mut Vec<&'a Value>) {
    let Value::Array(items) = v else {
        out.push(v);
        return;
    };
    let Some(Value::String(op)) = items.first() else {
        return;
    };
    let a = &items[1..];
    match op.as_str() {
        "literal" => a.iter().for_each(|x| out.push(x)),
        "match" if a.len() >= 3 => {
            for (i, x) in a.iter().enumerate().skip(1) {
                // Outputs are every second item after the input, and the fallback.
                if i % 2 == 0 || i == a.len() - 1 {
                    outputs(x, out);
                }
            }
        }
        "case" if !a.is_empty() => {
            for (i, x) in a.iter().enumerate() {
                if i % 2 == 1 || i == a.len() - 1 {
                    outputs(x, out);
                }
            }
        }
        "coalesce" => a.iter().for_each(|x| outputs(x, out)),
        _ => {}
    }
}

/// Checks the value of a paint or layout key: every constant it can give
/// must be a finite number in the key's range. `Err` is the message.
pub fn check(key: &str, v: &Value) -> Result<(), String> {
    if key.ends_with("dasharray") {
        let Value::Array(items) = v else {
            return Ok(());
        };
        if items.first().is_some_and(Value::is_string) {
            return Ok(()); // an expression; clamped when used
        }
        for x in items {
            check_constant("dash length", Unit::Number, DASH.0, DASH.1, x)
                .map_err(|m| format!("{m} (dash lengths are multiples of the line width)"))?;
        }
        if !items.iter().any(|x| x.as_f64().is_some_and(|x| x > 0.0)) {
            return Err("a dash array needs at least one length above 0".into());
        }
        return Ok(());
    }
    let Some((unit, lo, hi)) = range(key) else {
        return Ok(());
    };
    let mut leaves = Vec::new();
    outputs(v, &mut leaves);
    leaves
        .into_iter()
        .try_for_each(|x| check_constant(key, unit, lo, hi, x))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn constants_and_expression_outputs_are_checked() {
        assert!(check("line-width", &json!(2)).is_ok());
        assert!(check("line-width", &json!("0.5mm")).is_ok());
        assert!(check("line-width", &json!(-1)).is_err());
        assert!(check("line-width", &json!("NaNpx")).is_err());
        assert!(check("line-width", &json!("infpx")).is_err());
        assert!(check("line-width", &json!("1e999")).is_err());
        assert!(check("line-width", &json!("wide")).is_err());
        assert!(check("fill-opacity", &json!(1.5)).is_err());
        assert!(check("fill-opacity", &json!("0.5")).is_err());
        assert!(check("phasemap:teeth-size", &json!(0)).is_err());
        assert!(check("phasemap:teeth-spacing", &json!(-24)).is_err());
        // Outputs of expressions, not their labels.
        let m = json!(["match", ["get", "rank"], -1, 3, 2, 8, 5]);
        assert!(check("circle-radius", &m).is_ok());
        let m = json!(["match", ["get", "rank"], 1, -3, 5]);
        let e = check("circle-radius", &m).unwrap_err();
        assert!(e.contains("-3") && e.contains("0 to 1000"), "{e}");
        let c = json!(["case", ["<", ["get", "r"], -5], 1, 1e9]);
        assert!(check("circle-radius", &c).is_err());
        assert!(check("circle-radius", &json!(["get", "r"])).is_ok());
        assert!(check("line-dasharray", &json!([4, 2])).is_ok());
        assert!(check("line-dasharray", &json!([0, 0])).is_err());
        assert!(check("line-dasharray", &json!([4, -2])).is_err());
    }

    #[test]
    fn values_in_use_are_finite_and_in_range() {
        assert_eq!(clamp("phasemap:teeth-spacing", 0.0), Some(1.0));
        assert_eq!(clamp("fill-opacity", 7.0), Some(1.0));
        assert_eq!(clamp("line-width", f64::NAN), None);
        assert_eq!(clamp("line-width", f64::INFINITY), None);
        assert_eq!(clamp_dashes(vec![0.0, f64::NAN]), None);
        assert_eq!(clamp_dashes(vec![4.0, -1.0]), Some(vec![4.0, 0.0]));
    }
}
