//! A style in another language: the literal texts of its legend (labels
//! and section headings) replaced by their `phasemap:translations`.
//! Whole strings only: a literal that is not in the table stays as it is,
//! so match keys such as `"battle"` are never touched.

use std::collections::BTreeMap;

use serde_json::Value;

use super::Style;

impl Style {
    /// The style with its legend texts in `lang` where it has them.
    pub fn localized(&self, lang: &str) -> Style {
        let mut s = self.clone();
        let Some(table) = self.translations.get(lang) else {
            return s;
        };
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

    /// English legend literals of this style with no `lang` translation.
    pub fn missing_translations(&self, lang: &str) -> Vec<String> {
        let table = self.translations.get(lang);
        let mut out = std::collections::BTreeSet::new();
        for layer in &self.layers {
            let Some((label, section)) = &layer.legend else {
                continue;
            };
            let mut texts = Vec::new();
            legend_literals(label, &mut texts);
            texts.extend(section.iter().cloned());
            for t in texts {
                if !t.trim().is_empty() && !table.is_some_and(|tb| tb.contains_key(&t)) {
                    out.insert(t);
                }
            }
        }
        out.into_iter().collect()
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
                _ => {}
            }
        }
        _ => {}
    }
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
}
