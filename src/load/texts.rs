//! The manifest's texts split by language: the theatre's own language goes
//! into the model's fields, every other into [`Translations`].

use std::collections::BTreeMap;

use crate::model::texts::key;
use crate::model::{is_language_tag, is_page_word, page_word_keys, Translations};

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

/// The manifest's `page_words` (language -> word -> text) into
/// `translations`, each checked: a plain language tag, a word the page has.
pub(super) fn page_words(
    raw: &BTreeMap<String, BTreeMap<String, String>>,
    translations: &mut Translations,
) -> Result<(), String> {
    for (lang, words) in raw {
        if !is_language_tag(lang) {
            return Err(format!(
                "page_words: \"{}\" is not a plain language tag (two or three lower-case \
                 letters, such as \"en\" or \"ru\")",
                lang.escape_debug()
            ));
        }
        for (word, text) in words {
            if !is_page_word(word) {
                let known: Vec<&str> = page_word_keys().collect();
                return Err(format!(
                    "page_words.{lang}: \"{}\" is not a word of the page{}",
                    word.escape_debug(),
                    crate::error::suggest(word, &known)
                ));
            }
            translations
                .entry(lang.clone())
                .or_default()
                .insert(key::page_word(word), text.clone());
        }
    }
    Ok(())
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

    #[test]
    fn page_words_are_checked_and_kept_by_language() {
        let mut tr = Translations::new();
        let raw = |lang: &str, word: &str| -> BTreeMap<String, BTreeMap<String, String>> {
            [(
                lang.to_string(),
                [(word.to_string(), "x".to_string())].into(),
            )]
            .into()
        };
        page_words(&raw("fr", "play"), &mut tr).unwrap();
        assert_eq!(tr["fr"]["page.play"], "x");
        let e = page_words(&raw("fr", "plya"), &mut tr).unwrap_err();
        assert!(
            e.starts_with("page_words.fr: \"plya\" is not a word"),
            "{e}"
        );
        assert!(e.contains("play"), "no suggestion: {e}");
        let e = page_words(&raw("fr-FR", "play"), &mut tr).unwrap_err();
        assert!(e.contains("\"fr-FR\" is not a plain language tag"), "{e}");
    }
}
