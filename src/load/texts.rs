//! The manifest's texts split by language: the theatre's own language goes
//! into the model's fields, every other into [`Translations`].

use crate::model::{is_language_tag, Translations};

use super::manifest::TextEntry;

/// Collects the translations while the manifest is read.
pub(super) struct Texts<'a> {
    /// The theatre's language.
    pub lang: &'a str,
    pub translations: Translations,
}

impl<'a> Texts<'a> {
    pub fn new(lang: &'a str) -> Self {
        Texts {
            lang,
            translations: Translations::new(),
        }
    }

    /// The text at `key` in the theatre's language; its other languages are
    /// kept. An error names `key`.
    pub fn take(&mut self, key: &str, entry: &TextEntry) -> Result<String, String> {
        let map = match entry {
            TextEntry::Plain(s) => return Ok(s.clone()),
            TextEntry::ByLanguage(m) => m,
        };
        for (lang, text) in map {
            if !is_language_tag(lang) {
                return Err(format!(
                    "{key}: \"{}\" is not a plain language tag (two or three lower-case \
                     letters, such as \"en\" or \"ru\")",
                    lang.escape_debug()
                ));
            }
            if lang != self.lang {
                self.translations
                    .entry(lang.clone())
                    .or_default()
                    .insert(key.to_string(), text.clone());
            }
        }
        map.get(self.lang).cloned().ok_or_else(|| {
            format!(
                "{key}: no \"{}\" text (the theatre's language, which the other languages fall back to)",
                self.lang
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_languages_and_names_the_key() {
        let mut t = Texts::new("en");
        assert_eq!(t.take("title", &TextEntry::Plain("A".into())).unwrap(), "A");
        let m = TextEntry::ByLanguage(
            [
                ("en".to_string(), "Reds".to_string()),
                ("ru".into(), "Красные".into()),
            ]
            .into(),
        );
        assert_eq!(t.take("sides.red.name", &m).unwrap(), "Reds");
        assert_eq!(t.translations["ru"]["sides.red.name"], "Красные");
        let only_ru = TextEntry::ByLanguage([("ru".to_string(), "Б".to_string())].into());
        let e = t.take("title", &only_ru).unwrap_err();
        assert!(e.starts_with("title: no \"en\" text"), "{e}");
        let bad = TextEntry::ByLanguage([("ru-RU".to_string(), "Б".to_string())].into());
        let e = t.take("title", &bad).unwrap_err();
        assert!(e.contains("\"ru-RU\" is not a plain language tag"), "{e}");
    }
}
