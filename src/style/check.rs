//! The checks a layer's paint and layout pass when the style is read: keys
//! the layer kind draws, values of the right form and range.

use serde_json::{Map, Value};

use super::{expr, numbers, paint, size_value, Color, KeyError, LayerKind, MIN_SIZE};
use crate::error::suggest;

/// Checks the paint and layout of a layer of `kind` (or of a phase override).
pub(super) fn check_props(
    kind: LayerKind,
    paint: &Map<String, Value>,
    layout: &Map<String, Value>,
) -> std::result::Result<(), KeyError> {
    for (k, v) in paint {
        if !kind.paint_prefixes().iter().any(|p| k.starts_with(p)) {
            return Err((
                format!(".paint.{k}"),
                format!("\"{k}\" does not apply to a {kind:?} layer").to_lowercase(),
            ));
        }
        if !paint::applies(kind, k) {
            return Err((
                format!(".paint.{k}"),
                format!("\"{k}\" does not apply to a {kind:?} layer (it would not be drawn)")
                    .to_lowercase(),
            ));
        }
        expr::check(v).map_err(|m| (format!(".paint.{k}"), m))?;
        if k.ends_with("-color") {
            if let Value::String(s) = v {
                Color::parse(s).map_err(|m| (format!(".paint.{k}"), m))?;
            }
        }
        if k.ends_with("dasharray") && !v.is_array() {
            return Err((
                format!(".paint.{k}"),
                "expected an array of numbers such as [4, 2]".into(),
            ));
        }
        numbers::check(k, v).map_err(|m| (format!(".paint.{k}"), m))?;
    }
    for (k, v) in layout {
        if k == "text-max-width" {
            return Err((
                format!(".layout.{k}"),
                "not supported: labels are drawn on one line (phasemap does not wrap them); \
                 shorten the text or give the data a shorter name"
                    .into(),
            ));
        }
        if k.starts_with("line-") && kind != LayerKind::Line {
            return Err((
                format!(".layout.{k}"),
                format!("\"{k}\" applies only to line layers"),
            ));
        }
        if let Some(allowed) = ENUM_KEYS
            .iter()
            .find(|(key, _)| *key == k.as_str())
            .map(|(_, a)| a)
        {
            if let Value::String(s) = v {
                if !allowed.contains(&s.as_str()) {
                    return Err((
                        format!(".layout.{k}"),
                        format!(
                            "\"{s}\" is not one of {}{}",
                            allowed.join(", "),
                            suggest(s, allowed)
                        ),
                    ));
                }
            }
        }
        if k.starts_with("text-") && kind != LayerKind::Symbol {
            return Err((
                format!(".layout.{k}"),
                format!("\"{k}\" applies only to symbol layers"),
            ));
        }
        if !paint::applies(kind, k) {
            return Err((
                format!(".layout.{k}"),
                format!("\"{k}\" does not apply to a {kind:?} layer (it would not be drawn)")
                    .to_lowercase(),
            ));
        }
        if k == MIN_SIZE && !size_value(v).is_some_and(|s| s.is_finite() && s >= 0.0) {
            return Err((
                format!(".layout.{k}"),
                "expected a size such as 4, \"4px\" or \"0.5mm\" (a constant, not an expression)"
                    .into(),
            ));
        }
        let font_list =
            k == "text-font" && v.as_array().is_some_and(|a| a.iter().all(Value::is_string));
        if !font_list {
            expr::check(v).map_err(|m| (format!(".layout.{k}"), m))?;
        }
        numbers::check(k, v).map_err(|m| (format!(".layout.{k}"), m))?;
    }
    Ok(())
}

/// Layout keys whose constant values must be one of a few words (an
/// expression is checked when it is evaluated, and falls back to the default).
const ENUM_KEYS: &[(&str, &[&str])] = &[
    ("line-cap", &["butt", "round", "square"]),
    ("line-join", &["bevel", "round", "miter"]),
    ("text-transform", &["none", "uppercase", "lowercase"]),
    ("visibility", &["visible", "none"]),
];
