//! A style in another language: the literal texts of its legend (labels
//! and section headings) replaced by their `phasemap:translations`.
//! Whole strings only: a literal that is not in the table stays as it is,
//! so match keys such as `"battle"` are never touched.

use std::collections::BTreeMap;

use serde_json::Value;

use super::Style;

impl Style {
    /// The style with its legend texts in `lang` where it has them (from
    /// its English texts, also when this style is itself localized).
    pub fn localized(&self, lang: &str) -> Style {
        let base = self.english.as_deref().unwrap_or(self);
        let mut s = base.clone();
        let Some(table) = base.translations.get(lang) else {
            return s;
        };
        s.english = Some(Box::new(base.clone()));
        for layer in &mut s.layers {
            if let Some((label, section)) = &mut layer.legend {
                translate_value(label, table);
                if let Some(t) = section.as_ref().and_then(|sec| table.get(sec)) {
                    *section = Some(t.clone());
                }
            }
        }
        s
    }

    /// English legend literals of this style with no `lang` translation,
    /// in the order of the style's layers (each once).
    pub fn missing_translations(&self, lang: &str) -> Vec<String> {
        let base = self.english.as_deref().unwrap_or(self);
        let table = base.translations.get(lang);
        let mut out: Vec<String> = Vec::new();
        for layer in &base.layers {
            let Some((label, section)) = &layer.legend else {
                continue;
            };
            let mut texts = Vec::new();
            legend_literals(label, &mut texts);
            texts.extend(section.iter().cloned());
            for t in texts {
                if !t.trim().is_empty()
                    && !table.is_some_and(|tb| tb.contains_key(&t))
                    && !out.contains(&t)
                {
                    out.push(t);
                }
            }
        }
        out
    }
}

/// Replaces every string of `v` found in `table` (an expression's operator,
/// the first element of an array, is left alone).
fn translate_value(v: &mut Value, table: &BTreeMap<String, String>) {
    match v {
        Value::String(s) => {
            if let Some(t) = table.get(s.as_str()) {
                *s = t.clone();
            }
        }
        Value::Array(items) => {
            let skip = usize::from(matches!(items.first(), Some(Value::String(_))));
            if matches!(items.first(), Some(Value::String(op)) if op == "get" || op == "has") {
                return;
            }
            if matches!(items.first(), Some(Value::String(op)) if op == "phasemap:template") {
                // The text and the values; never the placeholder names.
                for (i, item) in items.iter_mut().enumerate().skip(1) {
                    if i % 2 == 1 {
                        translate_value(item, table);
                    }
                }
                return;
            }
            for item in items.iter_mut().skip(skip) {
                translate_value(item, table);
            }
        }
        _ => {}
    }
}

/// The texts a legend label expression can print: the outputs of `match`
/// and `case`, the parts of `concat`, plain literals.
fn legend_literals(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => {
            let op = items.first().and_then(Value::as_str).unwrap_or("");
            match op {
                // ["match", input, key, out, key, out, ..., default]
                "match" => {
                    for (i, item) in items.iter().enumerate().skip(2) {
                        if (i % 2 == 1) || i == items.len() - 1 {
                            legend_literals(item, out);
                        }
                    }
                }
                // ["case", cond, out, cond, out, ..., default]
                "case" => {
                    for (i, item) in items.iter().enumerate().skip(1) {
                        if i % 2 == 0 || i == items.len() - 1 {
                            legend_literals(item, out);
                        }
                    }
                }
                "concat" | "coalesce" => {
                    for item in &items[1..] {
                        legend_literals(item, out);
                    }
                }
                // ["phasemap:template", text, name, value, ...]: the whole
                // text (placeholders and all) and the values, not the names.
                "phasemap:template" => {
                    for (i, item) in items.iter().enumerate().skip(1) {
                        if i % 2 == 1 {
                            legend_literals(item, out);
                        }
                    }
                }
                _ => {}
            }
        }
        _ => {}
    }
}

/// The literal texts a template's text expression can give (a string, the
/// outputs of `match` and `case`).
pub(super) fn template_texts(v: &Value, out: &mut Vec<String>) {
    legend_literals(v, out);
}

/// Problems of a translation table: a translation of a template text must
/// use the same `{placeholders}` (in any order), or the legend would print
/// a `{name}` or lose a value.
pub(super) fn check_placeholders(
    translations: &BTreeMap<String, BTreeMap<String, String>>,
) -> Result<(), (String, String)> {
    use super::expr::placeholders;
    for (lang, table) in translations {
        for (text, translated) in table {
            let mut want = placeholders(text);
            let mut got = placeholders(translated);
            want.sort_unstable();
            got.sort_unstable();
            if want != got {
                return Err((
                    format!("phasemap:translations.{lang}.{text}"),
                    format!(
                        "the translation {translated:?} must use the placeholders of the text ({}), found ({})",
                        want.iter().map(|p| format!("{{{p}}}")).collect::<Vec<_>>().join(", "),
                        got.iter().map(|p| format!("{{{p}}}")).collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn translates_whole_literals_but_not_match_keys_or_properties() {
        let table: BTreeMap<String, String> = [
            ("Battle".to_string(), "Сражение".to_string()),
            (" advance".into(), " — наступление".into()),
            ("name".into(), "WRONG".into()),
        ]
        .into();
        let mut v = json!([
            "concat",
            ["match", ["get", "kind"], "battle", "Battle", "Event"],
            " advance",
            ["get", "name"]
        ]);
        translate_value(&mut v, &table);
        assert_eq!(
            v,
            json!([
                "concat",
                ["match", ["get", "kind"], "battle", "Сражение", "Event"],
                " — наступление",
                ["get", "name"]
            ])
        );
        let mut lits = Vec::new();
        legend_literals(
            &json!(["match", ["get", "kind"], "battle", "Battle", "Event"]),
            &mut lits,
        );
        assert_eq!(lits, ["Battle", "Event"]);
    }

    /// A template is translated and listed as one whole text, its
    /// placeholder names never: what `check` asks a translator for.
    #[test]
    fn templates_are_whole_texts_to_translate() {
        let table: BTreeMap<String, String> = [
            (
                "{power} advance".to_string(),
                "Fremrykning: {power}".to_string(),
            ),
            ("power".into(), "WRONG".into()),
        ]
        .into();
        let mut v = json!([
            "phasemap:template",
            [
                "match",
                ["get", "kind"],
                "retreat",
                "{power} retreat",
                "{power} advance"
            ],
            "power",
            ["phasemap:power-name", ["get", "power"]]
        ]);
        let mut lits = Vec::new();
        legend_literals(&v, &mut lits);
        assert_eq!(lits, ["{power} retreat", "{power} advance"]);
        translate_value(&mut v, &table);
        assert_eq!(v[1][4], json!("Fremrykning: {power}"));
        assert_eq!(v[2], json!("power"));
    }

    #[test]
    fn a_translation_must_keep_the_placeholders() {
        let tables = |text: &str, tr: &str| -> BTreeMap<String, BTreeMap<String, String>> {
            [(
                "da".to_string(),
                [(text.to_string(), tr.to_string())].into(),
            )]
            .into()
        };
        assert!(check_placeholders(&tables("{power} advance", "{power} rykker frem")).is_ok());
        let (at, m) =
            check_placeholders(&tables("{power} advance", "{magt} rykker frem")).unwrap_err();
        assert_eq!(at, "phasemap:translations.da.{power} advance");
        assert!(m.contains("({power})") && m.contains("({magt})"), "{m}");
    }
}
