//! Maps in several languages (`render --lang en,ru`): one SVG per phase
//! with every text in each language, a PNG per language, and what
//! `check` reports as untranslated.

use std::path::Path;

use rayon::prelude::*;

use super::Session;
use crate::compose;
use crate::error::{Error, Result};
use crate::model::{is_language_tag, Phase, Theatre, Words};
use crate::render::{self, Format, Written};
use crate::style::Style;

/// The languages of `--lang`, checked: plain tags (`ru`, not `ru-RU`, which
/// Wikimedia Commons shows no text for), none twice.
pub fn check_languages(langs: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::with_capacity(langs.len());
    for l in langs {
        let l = l.trim();
        if !is_language_tag(l) {
            return Err(Error::Request(format!(
                "--lang: \"{}\" is not a plain language tag (two or three lower-case letters, such as \"en\" or \"ru\"; no region such as \"ru-RU\")",
                l.escape_debug()
            )));
        }
        if out.iter().any(|o| o == l) {
            return Err(Error::Request(format!("--lang: \"{l}\" is listed twice")));
        }
        out.push(l.to_string());
    }
    Ok(out)
}

/// What has no `lang` text, as lines to print, each with how many texts
/// it stands for: the theatre's texts and names (a layer's names on one
/// line), the style's legend texts, and the engine's own words (dates,
/// scale bar).
pub fn missing_translations(theatre: &Theatre, style: &Style, lang: &str) -> Vec<(String, usize)> {
    let mut out = theatre.missing_translations(lang);
    let page = theatre.missing_page_words(lang);
    if !page.is_empty() {
        out.push((
            format!(
                "the interactive page's words, shown in English (give them as page_words.{lang}): {}",
                page.join(", ")
            ),
            page.len(),
        ));
    }
    if lang == theatre.language {
        return out;
    }
    out.extend(style.missing_translations(lang).into_iter().map(|t| {
        (
            format!("style \"{}\" phasemap:translations: \"{t}\"", style.name),
            1,
        )
    }));
    if !Words::knows(lang) {
        out.push((
            format!("phasemap's own words (dates, scale bar, sources line): none in \"{lang}\""),
            1,
        ));
    }
    out
}

/// The one warning a map in `lang` needs when parts of it stay in English
/// (the style's legend words, phasemap's dates, scale bar and sources
/// line), naming the language and the texts with no words in it; `None`
/// when every part has `lang` words. Said once per language and command,
/// however many maps are drawn.
pub fn english_parts_warning(style: &Style, lang: &str) -> Option<String> {
    if lang == "en" {
        return None;
    }
    const SHOWN: usize = 4;
    let mut parts = Vec::new();
    if !Words::knows(lang) {
        parts.push(format!(
            "phasemap has no \"{lang}\" words for its dates, scale bar, sources line and graticule"
        ));
    }
    let legend = style.missing_translations(lang);
    if !legend.is_empty() {
        let quoted: Vec<String> = legend
            .iter()
            .take(SHOWN)
            .map(|t| format!("\"{t}\""))
            .collect();
        let more = match legend.len().saturating_sub(SHOWN) {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        parts.push(format!(
            "style \"{}\" has no \"{lang}\" words for {} legend texts ({}{more})",
            style.name,
            legend.len(),
            quoted.join(", ")
        ));
    }
    if parts.is_empty() {
        return None;
    }
    Some(format!(
        "--lang {lang}: {}; they stay in English on the \"{lang}\" maps (`phasemap check --lang {lang}` lists every missing text)",
        parts.join("; ")
    ))
}

impl Session {
    /// The maps of `phases` in `langs` (the fallback first): per phase, the
    /// multilingual scene and each language's own.
    pub fn scenes_in(
        &self,
        phases: &[&Phase],
        langs: &[String],
    ) -> Vec<(compose::Scene, Vec<compose::Scene>)> {
        let localized: Vec<(Theatre, Style)> = langs
            .iter()
            .map(|l| (self.theatre.localized(l), self.style.localized(l)))
            .collect();
        let prepared: Vec<compose::Prepared> = localized
            .iter()
            .map(|(t, s)| compose::prepare(t, &self.projected, s, self.layout))
            .collect();
        let refs: Vec<(&str, &compose::Prepared)> = langs
            .iter()
            .map(String::as_str)
            .zip(prepared.iter())
            .collect();
        phases
            .par_iter()
            .map(|p| compose::compose_languages(&refs, p))
            .collect()
    }
}

/// Writes one phase in several languages: `<phase>.svg` (every language),
/// `<phase>.png` in the first and `<phase>.<lang>.png` in each other.
pub fn write_languages(
    merged: &compose::Scene,
    singles: &[compose::Scene],
    langs: &[String],
    out: &Path,
    formats: &[Format],
    outline: bool,
) -> Result<Vec<Written>> {
    let mut jobs: Vec<(&compose::Scene, String, Format, bool)> = Vec::new();
    if formats.contains(&Format::Svg) {
        jobs.push((merged, merged.phase.clone(), Format::Svg, outline));
    }
    if formats.contains(&Format::Png) {
        for (i, (s, lang)) in singles.iter().zip(langs).enumerate() {
            let stem = if i == 0 {
                s.phase.clone()
            } else {
                format!("{}.{lang}", s.phase)
            };
            jobs.push((s, stem, Format::Png, false));
        }
    }
    let mut written = Vec::new();
    for (scene, stem, format, outline) in jobs {
        match render::write_scene(scene, out, &stem, &[format], outline) {
            Ok(w) => written.extend(w),
            Err(e) => {
                for w in &written {
                    let _ = std::fs::remove_file(&w.path);
                }
                return Err(e);
            }
        }
    }
    Ok(written)
}
