//! A theatre's texts in other languages: the manifest's translations (keyed
//! by where the text sits, such as `phases.1920-02.caption`) and the
//! features' `name:<lang>` properties (the OpenStreetMap convention). A
//! theatre [`localized`](Theatre::localized) to a language is the same
//! theatre with those texts in place, so every later stage draws it as it
//! draws any theatre.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::{page_word_keys, PageWords, Theatre, Words};

/// Language -> text key -> text. The theatre's own language is in it only
/// for the page's words ([`key::page_word`]), which may override the
/// engine's in any language.
pub type Translations = BTreeMap<String, BTreeMap<String, String>>;

/// Feature properties whose text a map prints, checked for translations.
pub const TEXT_PROPERTIES: [&str; 2] = ["name", "label"];

/// Text keys of the manifest's texts, in [`Theatre::localized`]'s spelling.
pub mod key {
    /// The theatre's title.
    pub const TITLE: &str = "title";
    /// The sources line.
    pub const ATTRIBUTION: &str = "attribution";
    /// A phase's title.
    pub fn phase_title(id: &str) -> String {
        format!("phases.{id}.title")
    }
    /// A phase's caption.
    pub fn phase_caption(id: &str) -> String {
        format!("phases.{id}.caption")
    }
    /// A side's name.
    pub fn side_name(id: &str) -> String {
        format!("sides.{id}.name")
    }
    /// A side's name after "of" (`sides[].name_of`).
    pub fn side_name_of(id: &str) -> String {
        format!("sides.{id}.name_of")
    }
    /// A power's name.
    pub fn power_name(code: &str) -> String {
        format!("powers.{code}.name")
    }
    /// A power's short name.
    pub fn power_short(code: &str) -> String {
        format!("powers.{code}.short")
    }
    /// An inset's title.
    pub fn inset_title(id: &str) -> String {
        format!("insets.{id}.title")
    }
    /// A word of the interactive page (see [`crate::model::PageWords`]).
    pub fn page_word(word: &str) -> String {
        format!("page.{word}")
    }
    /// The label of the `i`th troop figure.
    pub fn troop_label(i: usize) -> String {
        format!("troops[{i}].label")
    }
}

impl Theatre {
    /// The interactive page's words in the theatre's language: the
    /// engine's, with the manifest's `page_words` over them.
    pub fn page_words(&self) -> PageWords {
        self.page_words_in(&self.language)
    }

    /// The page's words in `lang`: the engine's, with the manifest's
    /// `page_words` for `lang` over them.
    pub fn page_words_in(&self, lang: &str) -> PageWords {
        let overrides: BTreeMap<String, String> = self
            .translations
            .get(lang)
            .into_iter()
            .flatten()
            .filter_map(|(k, v)| Some((k.strip_prefix("page.")?.to_string(), v.clone())))
            .collect();
        PageWords::new(lang, Some(&overrides))
    }

    /// `lang`'s own name (English, Русский) for a language picker: the
    /// manifest's `language-name` page word, else the engine's, else the
    /// language's own name (Español for es) from phasemap's short list,
    /// else the tag.
    pub fn language_name(&self, lang: &str) -> String {
        let given = self
            .translations
            .get(lang)
            .is_some_and(|t| t.contains_key(&key::page_word("language-name")));
        if given || Words::knows(lang) {
            self.page_words_in(lang).get("language-name").to_string()
        } else {
            super::words::endonym(lang).unwrap_or(lang).to_string()
        }
    }

    /// The page's words with neither a built-in nor a manifest text in
    /// `lang` (all of them for a language the engine does not know).
    pub fn missing_page_words(&self, lang: &str) -> Vec<&'static str> {
        if Words::knows(lang) {
            return Vec::new();
        }
        let have = self.translations.get(lang);
        page_word_keys()
            .filter(|w| !have.is_some_and(|h| h.contains_key(&key::page_word(w))))
            .collect()
    }

    /// Every language the theatre has texts in: its own first, then the
    /// others in tag order (from the manifest and from `name:<lang>`).
    pub fn languages(&self) -> Vec<String> {
        let mut others: BTreeSet<String> = self.translations.keys().cloned().collect();
        for f in self.layers.iter().flat_map(|l| &l.features) {
            for k in f.properties.keys() {
                if let Some((base, lang)) = k.split_once(':') {
                    if TEXT_PROPERTIES.contains(&base) && super::is_language_tag(lang) {
                        others.insert(lang.to_string());
                    }
                }
            }
        }
        others.remove(&self.language);
        std::iter::once(self.language.clone())
            .chain(others)
            .collect()
    }

    /// The texts that have no `lang` version, as lines to print, each with
    /// how many texts it stands for: one line per manifest text (`title`),
    /// and one per layer for its features' names, with the first few
    /// features (`towns.geojson: 7 features have no name:es: feature 0
    /// (id "burgos", "Burgos"), ... and 4 more`): a theatre that gives
    /// some names in one language only is not told once per feature.
    /// Empty for the theatre's own language.
    pub fn missing_translations(&self, lang: &str) -> Vec<(String, usize)> {
        if lang == self.language {
            return Vec::new();
        }
        let have = self.translations.get(lang);
        let mut out: Vec<(String, usize)> = self
            .text_keys()
            .into_iter()
            .filter(|(_, text)| !text.trim().is_empty())
            .filter(|(k, _)| !have.is_some_and(|h| h.contains_key(k)))
            .map(|(k, _)| (k, 1))
            .collect();
        const SHOWN: usize = 3;
        for layer in &self.layers {
            let file = layer
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| layer.id.clone());
            let mut keys: Vec<&str> = Vec::new();
            let mut named: Vec<String> = Vec::new();
            let (mut features, mut count) = (0, 0);
            for f in &layer.features {
                let mut first = None;
                for p in TEXT_PROPERTIES {
                    let Some(Value::String(text)) = f.properties.get(p) else {
                        continue;
                    };
                    if !text.trim().is_empty() && !f.properties.contains_key(&format!("{p}:{lang}"))
                    {
                        count += 1;
                        if !keys.contains(&p) {
                            keys.push(p);
                        }
                        first.get_or_insert(text);
                    }
                }
                let Some(text) = first else { continue };
                features += 1;
                if named.len() <= SHOWN {
                    named.push(match &f.id {
                        Some(id) => format!("feature {} (id \"{id}\", \"{text}\")", f.index),
                        None => format!("feature {} (\"{text}\")", f.index),
                    });
                }
            }
            if features == 0 {
                continue;
            }
            let which = keys
                .iter()
                .map(|k| format!("{k}:{lang}"))
                .collect::<Vec<_>>()
                .join(" or ");
            let list = if features > SHOWN + 1 {
                format!(
                    "{} and {} more",
                    named[..SHOWN].join(", "),
                    features - SHOWN
                )
            } else {
                named.join(", ")
            };
            let noun = if features == 1 {
                "feature has"
            } else {
                "features have"
            };
            out.push((
                format!("{file}: {features} {noun} no {which}: {list}"),
                count,
            ));
        }
        out
    }

    /// The manifest's texts in the theatre's language, by key.
    fn text_keys(&self) -> Vec<(String, String)> {
        let mut out = vec![
            (key::TITLE.to_string(), self.title.clone()),
            (key::ATTRIBUTION.to_string(), self.attribution.clone()),
        ];
        for p in &self.phases {
            out.push((key::phase_title(&p.id), p.title.clone()));
            out.push((key::phase_caption(&p.id), p.caption.clone()));
        }
        for s in &self.sides {
            out.push((key::side_name(&s.id), s.name.clone()));
            if let Some(n) = &s.name_of {
                out.push((key::side_name_of(&s.id), n.clone()));
            }
        }
        for (code, p) in &self.powers {
            out.push((key::power_name(code), p.name.clone()));
            if let Some(s) = &p.short {
                out.push((key::power_short(code), s.clone()));
            }
        }
        for (i, t) in self.troops.iter().enumerate() {
            out.push((key::troop_label(i), t.label.clone()));
        }
        for i in &self.insets {
            out.push((key::inset_title(&i.id), i.title.clone()));
        }
        out
    }

    /// The theatre with its texts in `lang` where it has them (the
    /// manifest's translations, and `<property>:<lang>` over `<property>`
    /// on every feature); other texts stay in the theatre's language.
    pub fn localized(&self, lang: &str) -> Theatre {
        let mut t = self.clone();
        if lang == self.language {
            return t;
        }
        t.language = lang.to_string();
        let empty = BTreeMap::new();
        let tr = self.translations.get(lang).unwrap_or(&empty);
        let set = |target: &mut String, k: &str| {
            if let Some(v) = tr.get(k) {
                target.clone_from(v);
            }
        };
        set(&mut t.title, key::TITLE);
        set(&mut t.attribution, key::ATTRIBUTION);
        for p in &mut t.phases {
            set(&mut p.title, &key::phase_title(&p.id));
            set(&mut p.caption, &key::phase_caption(&p.id));
        }
        for s in &mut t.sides {
            set(&mut s.name, &key::side_name(&s.id));
            if let Some(n) = &mut s.name_of {
                set(n, &key::side_name_of(&s.id));
            }
        }
        for (code, p) in &mut t.powers {
            set(&mut p.name, &key::power_name(code));
            if let Some(s) = &mut p.short {
                set(s, &key::power_short(code));
            }
        }
        for (i, tf) in t.troops.iter_mut().enumerate() {
            set(&mut tf.label, &key::troop_label(i));
        }
        for i in &mut t.insets {
            set(&mut i.title, &key::inset_title(&i.id));
        }
        let suffix = format!(":{lang}");
        for f in t.layers.iter_mut().flat_map(|l| &mut l.features) {
            let local: Vec<(String, Value)> = f
                .properties
                .iter()
                .filter_map(|(k, v)| {
                    k.strip_suffix(&suffix)
                        .filter(|base| !base.is_empty())
                        .map(|base| (base.to_string(), v.clone()))
                })
                .collect();
            // A short name goes with its name: a feature named in `lang`
            // whose short name is not keeps none (rather than a short name
            // in another language beside its translated name).
            let named = local.iter().any(|(k, _)| k == "name");
            let short = local.iter().any(|(k, _)| k == "short_name");
            if named && !short {
                f.properties.remove("short_name");
            }
            for (k, v) in local {
                f.properties.insert(k, v);
            }
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Feature, Layer};

    fn town(props: serde_json::Value) -> Theatre {
        let mut t = Theatre::empty();
        t.layers.push(Layer {
            id: "towns".into(),
            role: None,
            path: "towns.geojson".into(),
            features: vec![Feature {
                index: 0,
                id: None,
                geometry: geo::Geometry::Point(geo::Point::new(0.0, 0.0)),
                properties: props.as_object().unwrap().clone(),
                start: None,
                end: None,
            }],
            exclusive: false,
            covers: None,
        });
        t
    }

    fn prop(t: &Theatre, key: &str) -> Option<String> {
        let f = &t.layers[0].features[0];
        f.properties
            .get(key)
            .and_then(|v| v.as_str())
            .map(String::from)
    }

    #[test]
    fn a_short_name_goes_with_its_name_language() {
        let both = town(serde_json::json!({
            "name": "Mittelstadt-an-der-Aue", "name:ru": "Миттельштадт-на-Ауэ",
            "short_name": "Mittelstadt", "short_name:ru": "Миттельштадт"
        }));
        let ru = both.localized("ru");
        assert_eq!(prop(&ru, "short_name").as_deref(), Some("Миттельштадт"));
        // Named in Russian, no Russian short name: none, not the English one.
        let en_only = town(serde_json::json!({
            "name": "Mittelstadt-an-der-Aue", "name:ru": "Миттельштадт-на-Ауэ",
            "short_name": "Mittelstadt"
        }));
        let ru = en_only.localized("ru");
        assert_eq!(prop(&ru, "name").as_deref(), Some("Миттельштадт-на-Ауэ"));
        assert_eq!(prop(&ru, "short_name"), None);
        // Not named in Russian either: the name and its short name stay.
        let plain = town(serde_json::json!({ "name": "Mira", "short_name": "M." }));
        assert_eq!(
            prop(&plain.localized("ru"), "short_name").as_deref(),
            Some("M.")
        );
    }

    /// Review 3 finding 12: the page's language button read "es".
    #[test]
    fn a_language_button_names_the_language_in_itself() {
        let t = Theatre::empty();
        assert_eq!(t.language_name("es"), "Español");
        assert_eq!(t.language_name("ru"), "Русский");
        assert_eq!(t.language_name("en"), "English");
        assert_eq!(t.language_name("xx"), "xx");
    }
}
