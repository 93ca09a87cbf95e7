//! Texts for publishing a map: the description page Wikimedia Commons asks
//! for on upload (wikitext: `{{Information}}`, licence, categories) and a
//! one-paragraph alternative text for articles. Plain strings built from
//! the theatre and the composed scene; render writes them.

use std::fmt::Write;

use crate::model::{Phase, Theatre};

/// A phase's texts in one language.
#[derive(Debug, Clone, Copy)]
pub struct PhaseTexts<'a> {
    /// Plain language tag (`en`).
    pub lang: &'a str,
    /// The theatre's title.
    pub theatre_title: &'a str,
    /// The phase's title.
    pub title: &'a str,
    /// The phase's caption.
    pub caption: &'a str,
}

impl<'a> PhaseTexts<'a> {
    /// The manifest's own texts, in the theatre's language.
    pub fn of(theatre: &'a Theatre, phase: &'a Phase) -> PhaseTexts<'a> {
        PhaseTexts {
            lang: &theatre.language,
            theatre_title: &theatre.title,
            title: &phase.title,
            caption: &phase.caption,
        }
    }
}

/// Escapes text for a template argument: `|`, braces and brackets would
/// end or start markup, `''` starts italics and `~~~` a signature; line
/// breaks would end a list item.
fn wiki_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = '\0';
    for c in text.chars() {
        match c {
            '|' => out.push_str("&#124;"),
            '{' => out.push_str("&#123;"),
            '}' => out.push_str("&#125;"),
            '[' => out.push_str("&#91;"),
            ']' => out.push_str("&#93;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '~' => out.push_str("&#126;"),
            '\'' if last == '\'' => out.push_str("&#39;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
        last = c;
    }
    out
}

/// The legend by section, in legend order: (section, labels).
fn legend_sections(legend: &[(String, String)]) -> Vec<(&str, Vec<&str>)> {
    let mut sections: Vec<(&str, Vec<&str>)> = Vec::new();
    for (section, label) in legend {
        match sections.iter_mut().find(|s| s.0 == section) {
            Some(s) => s.1.push(label),
            None => sections.push((section, vec![label])),
        }
    }
    sections
}

/// "Who governs: A; B; C." for each legend section (labels may hold
/// commas, so semicolons part them).
fn legend_sentences(legend: &[(String, String)], w: &crate::model::Words) -> Vec<String> {
    legend_sections(legend)
        .into_iter()
        .map(|(section, labels)| {
            let section = if section.is_empty() {
                w.alt[3]
            } else {
                section
            };
            format!("{section}: {}.", labels.join("; "))
        })
        .collect()
}

/// A one-paragraph alternative text: what the map is and the day it
/// shows, the caption, then the key's first section in full (the style's
/// main theme, such as who governs) and the names of the others. The full
/// key is on the description page.
pub fn alt_text(
    theatre: &Theatre,
    phase: &Phase,
    texts: PhaseTexts,
    legend: &[(String, String)],
) -> String {
    let w = crate::model::words(texts.lang);
    let mut alt = format!(
        "{} {} {} {}, {}: {}. {} {}.",
        w.alt[0],
        theatre.phase_number(&phase.id),
        w.alt[1],
        theatre.phases.len(),
        texts.theatre_title.trim(),
        texts.title.trim(),
        w.alt[2],
        w.date(phase.snapshot),
    );
    if !texts.caption.trim().is_empty() {
        alt.push(' ');
        alt.push_str(texts.caption.trim());
    }
    let sections = legend_sections(legend);
    if let Some((first, rest)) = sections.split_first() {
        let name = if first.0.is_empty() {
            w.alt[3]
        } else {
            first.0
        };
        let _ = write!(alt, " {name}: {}.", first.1.join("; "));
        let others: Vec<&str> = rest.iter().map(|s| s.0).filter(|s| !s.is_empty()).collect();
        if !others.is_empty() {
            let _ = write!(alt, " {} {}.", w.alt[4], others.join("; "));
        }
    }
    alt.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `[[Category:…]]` lines of the theatre's categories.
fn categories(theatre: &Theatre) -> String {
    theatre
        .publishing
        .categories
        .iter()
        .map(|c| format!("[[Category:{c}]]\n"))
        .collect()
}

/// "40°E–160°E, 30°N–72°N" (the hemispheres' letters in `w`'s language).
fn extent_text(e: [f64; 4], w: &crate::model::Words) -> String {
    let [north, south, east, west] = w.hemispheres;
    // Across the antimeridian the model's east edge lies past 180.
    let lon = |v: f64| {
        let v = crate::model::antimeridian::wrap(v);
        format!("{}°{}", v.abs(), if v < 0.0 { west } else { east })
    };
    let lat = |v: f64| format!("{}°{}", v.abs(), if v < 0.0 { south } else { north });
    format!("{}–{}, {}–{}", lon(e[0]), lon(e[2]), lat(e[1]), lat(e[3]))
}

/// The `|source=` list: every data source with its licence and credit,
/// then the program that drew the map.
fn sources(theatre: &Theatre, version: &str, w: &crate::model::Words) -> String {
    let mut out = String::new();
    for s in &theatre.publishing.sources {
        let name = match &s.url {
            Some(url) => format!("[{} {}]", url.replace(' ', "%20"), wiki_escape(&s.name)),
            None => wiki_escape(&s.name),
        };
        let _ = write!(out, "\n* {name} ({})", s.licence.title());
        if let Some(credit) = &s.credit {
            let _ = write!(out, ": {}", wiki_escape(credit));
        }
    }
    let _ = write!(out, "\n* {} {version}", w.commons[5]);
    out
}

/// The description page of one phase map, ready for the upload form of
/// Wikimedia Commons: `{{Information}}` (a description per language, the
/// day shown, sources, author, licence, map fields), the licence template
/// and the theatre's categories. `texts` holds the phase's texts, one per
/// language, the theatre's own first; `legend` is the scene's key.
/// An error says which source the manifest's licence does not allow.
pub fn wikitext(
    theatre: &Theatre,
    phase: &Phase,
    texts: &[PhaseTexts],
    legend: &[(String, String)],
    version: &str,
) -> Result<String, String> {
    let descriptions: Vec<(&str, String)> = texts
        .iter()
        .map(|t| {
            let text = format!(
                "'''{}: {}''' ({}). {}",
                wiki_escape(t.theatre_title.trim()),
                wiki_escape(t.title.trim()),
                phase.snapshot,
                wiki_escape(t.caption.trim()),
            );
            (t.lang, text)
        })
        .collect();
    page(
        theatre,
        &descriptions,
        &phase.snapshot.to_string(),
        legend,
        version,
    )
}

/// The description page of the animation of `phases` (in order): the
/// phases' titles, days and captions (the frames show titles only: a
/// caption is too long to read while a frame is held), the span of days
/// shown; a description in the
/// language of each of `localized` (the theatre in each language, the
/// first language first).
pub fn animation_wikitext(
    theatre: &Theatre,
    localized: &[Theatre],
    phases: &[&Phase],
    legend: &[(String, String)],
    version: &str,
) -> Result<String, String> {
    let (Some(first), Some(last)) = (phases.first(), phases.last()) else {
        return Err("an animation needs at least one phase".into());
    };
    let descriptions: Vec<(&str, String)> = localized
        .iter()
        .map(|t| {
            let w = crate::model::words(&t.language);
            let text = format!(
                "'''{}''': {}. {}",
                wiki_escape(t.title.trim()),
                w.animated.replace("{n}", &phases.len().to_string()),
                phases
                    .iter()
                    .map(|p| {
                        let own = t.phase(&p.id).unwrap_or(p);
                        let head = format!(
                            "{}. {} ({})",
                            t.phase_number(&p.id),
                            wiki_escape(own.title.trim()),
                            p.snapshot
                        );
                        match own.caption.trim() {
                            "" => format!("{head}."),
                            caption => format!("{head}: {}", wiki_escape(caption)),
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            );
            (t.language.as_str(), text)
        })
        .collect();
    let date = if first.snapshot == last.snapshot {
        first.snapshot.to_string()
    } else {
        format!(
            "{{{{other date|between|{}|{}}}}}",
            first.snapshot, last.snapshot
        )
    };
    page(theatre, &descriptions, &date, legend, version)
}

/// A one-paragraph alternative text for the animation, in the language of
/// `theatre` (localized to it).
pub fn animation_alt_text(theatre: &Theatre, phases: &[&Phase]) -> String {
    let w = crate::model::words(&theatre.language);
    let steps: Vec<String> = phases
        .iter()
        .map(|p| {
            let title = theatre.phase(&p.id).unwrap_or(p).title.trim();
            format!("{title} ({})", w.date(p.snapshot))
        })
        .collect();
    w.animated_alt
        .replace("{title}", theatre.title.trim())
        .replace("{n}", &phases.len().to_string())
        .replace("{steps}", &steps.join("; "))
}

/// A whole description page; `descriptions` are (language, wikitext).
fn page(
    theatre: &Theatre,
    descriptions: &[(&str, String)],
    date: &str,
    legend: &[(String, String)],
    version: &str,
) -> Result<String, String> {
    let licence = theatre.publishing.licence()?;
    // The page's own words in its first language, as its key is.
    let words = crate::model::words(descriptions.first().map_or("en", |d| d.0));
    let mut w = String::from("=={{int:filedesc}}==\n{{Information\n|description=");
    for (lang, text) in descriptions {
        let _ = writeln!(w, "{{{{{lang}|1={text}}}}}");
    }
    // Commons' `date` is when the work was made; a historical map is
    // described by the day it shows (and build dates would make the output
    // differ from run to run).
    let _ = writeln!(w, "|date={date}");
    let _ = writeln!(w, "|source={}", sources(theatre, version, words));
    let author = match &theatre.publishing.author {
        Some(a) => wiki_escape(a),
        // Three tildes become the uploader's user name when the page is saved.
        None => "~~~".into(),
    };
    let _ = writeln!(w, "|author={author}");
    let every = theatre
        .publishing
        .sources
        .iter()
        .map(|s| format!("{} {}", wiki_escape(&s.name), s.licence.title()))
        .collect::<Vec<_>>()
        .join(", ");
    let _ = writeln!(
        w,
        "|permission={}",
        words.commons[4]
            .replace("{licence}", licence.title())
            .replace("{sources}", &every)
    );
    w.push_str("|other fields=");
    let field = |w: &mut String, name: &str, value: &str| {
        let _ = writeln!(w, "{{{{Information field|name={name}|value={value}}}}}");
    };
    field(&mut w, words.commons[0], date);
    field(
        &mut w,
        words.commons[1],
        &extent_text(theatre.extent, words),
    );
    field(
        &mut w,
        words.commons[2],
        &format!("<code>{}</code>", wiki_escape(&theatre.projection)),
    );
    let key = legend_sentences(legend, words)
        .iter()
        .map(|s| wiki_escape(s))
        .collect::<Vec<_>>()
        .join(" ");
    if !key.is_empty() {
        field(&mut w, words.commons[3], &key);
    }
    let _ = write!(
        w,
        "}}}}\n\n=={{{{int:license-header}}}}==\n{{{{{}}}}}\n\n{}",
        licence.commons_template(),
        categories(theatre)
    );
    Ok(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DataSource, Date, Licence, Publishing};

    fn theatre() -> Theatre {
        let phase = Phase {
            id: "p1".into(),
            title: "The | war's ''start''".into(),
            start: Date::parse("1900-01-01").unwrap(),
            end: Date::parse("1900-07-01").unwrap(),
            snapshot: Date::parse("1900-06-15").unwrap(),
            caption: "Blue holds {{the}} [[coast]].\nRed ~~~ waits.".into(),
        };
        Theatre {
            title: "The Ardenna War, 1900".into(),
            projection: "+proj=lcc +lat_1=40".into(),
            extent: [9.5, 39.5, 14.5, 43.5],
            phases: vec![phase],
            publishing: Publishing {
                author: Some("Jane Doe".into()),
                licence: None,
                categories: vec!["Maps of Ardenna".into(), "1900 maps".into()],
                sources: vec![
                    DataSource {
                        name: "Natural Earth".into(),
                        url: Some("https://www.naturalearthdata.com/".into()),
                        licence: Licence::PublicDomain,
                        credit: None,
                    },
                    DataSource {
                        name: "GeoNames".into(),
                        url: None,
                        licence: Licence::CcBy4,
                        credit: Some(
                            "Contains data from GeoNames (geonames.org), CC BY 4.0".into(),
                        ),
                    },
                ],
            },
            ..Theatre::empty()
        }
    }

    fn legend() -> Vec<(String, String)> {
        [
            ("Who governs", "Blue"),
            ("Who governs", "Red"),
            ("Events", "Battle"),
        ]
        .iter()
        .map(|(s, l)| (s.to_string(), l.to_string()))
        .collect()
    }

    #[test]
    fn wikitext_has_every_field_the_upload_form_needs() {
        let t = theatre();
        let p = &t.phases[0];
        let ru = PhaseTexts {
            lang: "ru",
            theatre_title: "Арденнская война",
            title: "Начало",
            caption: "Синие держат берег.",
        };
        let w = wikitext(&t, p, &[PhaseTexts::of(&t, p), ru], &legend(), "9.9.9").unwrap();
        for needle in [
            "=={{int:filedesc}}==\n{{Information\n|description={{en|1='''The Ardenna War, 1900: ",
            "\n{{ru|1='''Арденнская война: Начало''' (1900-06-15). Синие держат берег.}}\n",
            "\n|date=1900-06-15\n",
            "\n|source=\n* [https://www.naturalearthdata.com/ Natural Earth] (public domain)\n",
            "\n* GeoNames (CC BY 4.0): Contains data from GeoNames (geonames.org), CC BY 4.0\n",
            "\n* Drawn with phasemap 9.9.9\n",
            "\n|author=Jane Doe\n",
            "\n|permission=Published under CC BY 4.0",
            "{{Information field|name=Map date|value=1900-06-15}}",
            "{{Information field|name=Location|value=9.5°E–14.5°E, 39.5°N–43.5°N}}",
            "{{Information field|name=Legend|value=Who governs: Blue; Red. Events: Battle.}}",
            "}}\n\n=={{int:license-header}}==\n{{cc-by-4.0}}\n",
            "\n[[Category:Maps of Ardenna]]\n[[Category:1900 maps]]\n",
        ] {
            assert!(w.contains(needle), "missing {needle:?} in\n{w}");
        }
        // Markup in the data is escaped, so the template stays whole.
        assert!(w.contains("The &#124; war's '&#39;start'&#39;"), "{w}");
        assert!(w.contains("Blue holds &#123;&#123;the&#125;&#125; &#91;&#91;coast&#93;&#93;. Red &#126;&#126;&#126; waits."));
        assert_eq!(w.matches("{{").count(), w.matches("}}").count());
        assert_eq!(w.matches("~~~").count(), 0);
    }

    #[test]
    fn the_animation_page_spans_its_phases() {
        let mut t = theatre();
        let mut second = t.phases[0].clone();
        second.id = "p2".into();
        second.title = "Peace".into();
        second.snapshot = Date::parse("1900-09-01").unwrap();
        t.phases.push(second);
        let phases: Vec<&Phase> = t.phases.iter().collect();
        let w = animation_wikitext(&t, std::slice::from_ref(&t), &phases, &legend(), "1").unwrap();
        assert!(
            w.contains("|description={{en|1='''The Ardenna War, 1900''': animated map, 2 frames. 1. The &#124; war's '&#39;start'&#39; (1900-06-15): Blue holds &#123;&#123;the&#125;&#125; &#91;&#91;coast&#93;&#93;. Red &#126;&#126;&#126; waits. 2. Peace (1900-09-01): Blue holds &#123;&#123;the&#125;&#125; &#91;&#91;coast&#93;&#93;. Red &#126;&#126;&#126; waits.}}\n"),
            "{w}"
        );
        assert!(w.contains("\n|date={{other date|between|1900-06-15|1900-09-01}}\n"));
        assert!(w.contains("{{cc-by-4.0}}") && w.contains("[[Category:Maps of Ardenna]]"));
        let alt = animation_alt_text(&t, &phases);
        assert!(alt.starts_with("Animated map of The Ardenna War, 1900 in 2 frames"));
        assert!(alt.ends_with("Peace (1 September 1900)."));

        // In every language: a description each, the alt text in its own.
        let mut ru = t.clone();
        ru.language = "ru".into();
        ru.title = "Арденнская война, 1900".into();
        ru.phases[1].title = "Мир".into();
        let w = animation_wikitext(&t, &[t.clone(), ru.clone()], &phases, &legend(), "1").unwrap();
        assert!(
            w.contains("{{en|1='''The Ardenna War, 1900''': animated map, 2 frames."),
            "{w}"
        );
        assert!(
            w.contains("{{ru|1='''Арденнская война, 1900''': анимированная карта, кадров: 2. 1. The &#124; war's '&#39;start'&#39; (1900-06-15): Blue holds &#123;&#123;the&#125;&#125; &#91;&#91;coast&#93;&#93;. Red &#126;&#126;&#126; waits. 2. Мир (1900-09-01): Blue holds &#123;&#123;the&#125;&#125; &#91;&#91;coast&#93;&#93;. Red &#126;&#126;&#126; waits.}}\n"),
            "{w}"
        );
        let alt = animation_alt_text(&ru, &phases);
        assert!(
            alt.starts_with("Анимированная карта «Арденнская война, 1900», кадров: 2"),
            "{alt}"
        );
        assert!(alt.ends_with("Мир (1 сентября 1900)."), "{alt}");
    }

    #[test]
    fn an_unnamed_author_is_the_uploader() {
        let mut t = theatre();
        t.publishing.author = None;
        let p = &t.phases[0];
        let w = wikitext(&t, p, &[PhaseTexts::of(&t, p)], &[], "1").unwrap();
        assert!(w.contains("\n|author=~~~\n"));
        assert!(!w.contains("name=Legend"));
    }

    #[test]
    fn a_licence_the_sources_forbid_is_an_error() {
        let mut t = theatre();
        t.publishing.licence = Some(Licence::Cc0);
        let p = &t.phases[0];
        let e = wikitext(&t, p, &[PhaseTexts::of(&t, p)], &[], "1").unwrap_err();
        assert!(e.contains("GeoNames"), "{e}");
    }

    #[test]
    fn alt_text_is_one_paragraph_with_day_key_and_caption() {
        let t = theatre();
        let p = &t.phases[0];
        let alt = alt_text(&t, p, PhaseTexts::of(&t, p), &legend());
        assert_eq!(
            alt,
            "Map 1 of 1, The Ardenna War, 1900: The | war's ''start''. The situation on \
             15 June 1900. Blue holds {{the}} [[coast]]. Red ~~~ waits. \
             Who governs: Blue; Red. The key also has: Events."
        );
    }
}
