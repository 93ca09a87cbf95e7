//! Errors of JSON files (manifest, style, GeoJSON): the typed value or an
//! [`Error::Json`] with the file, the line and column, and the JSON path of
//! the offending value.

use std::path::Path;

use serde::de::DeserializeOwned;

use super::{suggest, Error, Result};

/// Parses `text` (the contents of `path`) as `T`, reporting the JSON path and
/// line:column of the first problem.
pub fn parse_json<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let pointer = e.path().to_string();
        let inner = e.into_inner();
        json_error(path, text, &inner, pointer)
    })?;
    de.end()
        .map_err(|e| json_error(path, text, &e, String::new()))?;
    Ok(value)
}

/// Converts a serde_json error into [`Error::Json`], trimming serde_json's
/// own " at line X column Y" suffix (we print the position up front).
/// `text` is the document, used to explain tokens JSON does not allow.
pub fn json_error(path: &Path, text: &str, e: &serde_json::Error, pointer: String) -> Error {
    let mut message = e.to_string();
    if let Some(i) = message.rfind(" at line ") {
        message.truncate(i);
    }
    if message == "recursion limit exceeded" {
        message.push_str(" (JSON nested more than 128 levels deep)");
    }
    if e.is_syntax() {
        if let Some(token) = non_json_number(text, e.line(), e.column()) {
            message = format!(
                "{message}: {token} is not valid JSON (JSON numbers must be finite; \
                 write null or leave the value out)"
            );
        }
    }
    Error::Json {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column(),
        pointer,
        message,
    }
}

/// `NaN`, `Infinity` or `-Infinity` near line:column (1-based), if the
/// parser stopped there: JavaScript writes them, JSON does not allow them.
fn non_json_number(text: &str, line: usize, column: usize) -> Option<&'static str> {
    let l = text.lines().nth(line.checked_sub(1)?)?;
    // serde_json reports the column of the last character it read.
    let start = column.saturating_sub(2);
    let near: String = l.chars().skip(start).take(12).collect();
    ["-Infinity", "Infinity", "NaN"]
        .into_iter()
        .find(|t| near.contains(t))
}

/// Like [`parse_json`], but an "unknown field" error gets the closest known
/// key as a suggestion instead of serde's full list of expected keys.
pub fn parse_json_with_hint<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T> {
    parse_json(path, text).map_err(|e| match e {
        Error::Json {
            path,
            line,
            column,
            pointer,
            message,
        } => {
            let message = hint_unknown_field(&message);
            Error::Json {
                path,
                line,
                column,
                pointer,
                message,
            }
        }
        other => other,
    })
}

fn hint_unknown_field(message: &str) -> String {
    let Some(rest) = message.strip_prefix("unknown field `") else {
        return message.to_string();
    };
    let Some((field, expected)) = rest.split_once('`') else {
        return message.to_string();
    };
    let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    format!("unknown key \"{field}\"{}", suggest(field, &known))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        items: Vec<Item>,
    }
    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        n: u32,
    }

    #[test]
    fn errors_carry_path_and_position() {
        let text = "{\n  \"items\": [{\"n\": 1},\n {\"n\": \"two\"}]\n}";
        let err = parse_json::<Doc>(Path::new("x.json"), text)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("x.json:3:"), "{err}");
        assert!(err.contains("items[1].n"), "{err}");
    }

    #[test]
    fn nan_and_infinity_are_explained() {
        for bad in ["NaN", "Infinity", "-Infinity"] {
            let text = format!("{{\"items\": [{{\"n\": {bad}}}]}}");
            let err = parse_json::<Doc>(Path::new("x.json"), &text)
                .unwrap_err()
                .to_string();
            assert!(err.contains("not valid JSON"), "{bad}: {err}");
            assert!(err.starts_with("x.json:1:"), "{err}");
        }
    }

    #[test]
    fn truncated_json_names_the_line() {
        let err = parse_json::<Doc>(Path::new("x.json"), "{\"items\": [").unwrap_err();
        assert!(err.to_string().contains("x.json:1:"), "{err}");
    }
}
