//! Maps in several languages (issue 18): the built-in theatre rendered with
//! `--lang en,ru`. One SVG per phase with every text inside `<switch>`,
//! under the 256,000 bytes Wikimedia Commons keeps translations for;
//! labels placed per language without overlaps and in the same place in
//! every phase; librsvg and Chromium pick the reader's language.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use common::root;
use phasemap::compose::{boxes_overlap, Scene};
use phasemap::Session;
use resvg::usvg::roxmltree::Document;

/// Commons drops the translations of larger SVGs (phab T270889).
const COMMONS_LIMIT: usize = 256_000;

fn langs() -> Vec<String> {
    vec!["en".into(), "ru".into()]
}

/// Every phase of the built-in theatre at the default width, in English and Russian.
fn all() -> &'static Vec<(Scene, Vec<Scene>)> {
    static ALL: OnceLock<Vec<(Scene, Vec<Scene>)>> = OnceLock::new();
    ALL.get_or_init(|| {
        let s = Session::open(
            &root().join("geodata"),
            "wikipedia",
            &root().join("styles"),
            2400.0,
        )
        .unwrap();
        let phases = s.select_phases(&[]).unwrap();
        s.scenes_in(&phases, &langs())
    })
}

#[test]
fn every_text_is_switched_and_every_svg_fits_commons() {
    for (merged, _) in all() {
        let id = &merged.phase;
        assert!(
            merged.svg.len() < COMMONS_LIMIT,
            "{id}.svg is {} bytes, over the {COMMONS_LIMIT} Commons keeps translations for",
            merged.svg.len()
        );
        let doc = Document::parse(&merged.svg).unwrap_or_else(|e| panic!("{id}: {e}"));
        // Part of the margin: the rivers' paint is written once, on their
        // group, not on each of their hundred-odd paths.
        let rivers = doc
            .descendants()
            .find(|n| n.attribute("id") == Some("rivers"))
            .unwrap_or_else(|| panic!("{id}: no rivers"));
        assert!(
            rivers.attribute("stroke").is_some(),
            "{id}: rivers' group has no stroke"
        );
        // A river drawn over its casing (the casing takes the group's
        // paint) writes the line's paint on the second path: that pair is
        // one river, not a river with paint of its own. Path data drawn
        // twice is written once and used twice (`<use>`).
        let drawn =
            |n: &resvg::usvg::roxmltree::Node| n.has_tag_name("path") || n.has_tag_name("use");
        let over_casing = |n: &resvg::usvg::roxmltree::Node| {
            n.prev_sibling_element()
                .is_some_and(|c| drawn(&c) && c.attribute("stroke").is_none())
        };
        let own = rivers
            .descendants()
            .filter(|n| drawn(n) && n.attribute("stroke").is_some() && !over_casing(n))
            .count();
        let paths = rivers.descendants().filter(drawn).count();
        assert!(
            paths > 50 && own * 4 < paths,
            "{id}: {own} of {paths} river paths write their own stroke"
        );
        let texts: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .collect();
        assert!(texts.len() > 50, "{id}: only {} texts", texts.len());
        // Words are switched; a number ("1", "0") reads alike in every
        // language and is written once.
        let worded = texts
            .iter()
            .filter(|t| t.text().unwrap_or("").chars().any(char::is_alphabetic));
        for t in worded {
            assert!(
                t.ancestors().any(|a| a.has_tag_name("switch")),
                "{id}: text {:?} is outside every <switch>",
                t.text()
            );
        }
        let switched = texts
            .iter()
            .filter(|t| t.ancestors().any(|a| a.has_tag_name("switch")))
            .count();
        assert!(switched > 50, "{id}: only {switched} texts switched");
        for sw in doc.descendants().filter(|n| n.has_tag_name("switch")) {
            let kids: Vec<_> = sw.children().filter(|n| n.is_element()).collect();
            let tags: Vec<Option<&str>> =
                kids.iter().map(|k| k.attribute("systemLanguage")).collect();
            assert_eq!(tags, [Some("ru"), None], "{id}: a switch's branches");
        }
        let titles: Vec<Option<&str>> = doc
            .root_element()
            .children()
            .filter(|n| n.has_tag_name("title"))
            .map(|n| n.attribute("lang"))
            .collect();
        assert_eq!(
            titles,
            [Some("en"), Some("ru")],
            "{id}: <title> per language"
        );
        let descs = doc
            .root_element()
            .children()
            .filter(|n| n.has_tag_name("desc"))
            .count();
        assert_eq!(descs, 2, "{id}: <desc> per language");
        // ids stay unique although each branch holds the same groups
        let mut ids = std::collections::BTreeSet::new();
        for n in doc.descendants() {
            if let Some(i) = n.attribute("id") {
                assert!(ids.insert(i), "{id}: id \"{i}\" twice");
            }
        }
    }
    // Period names in both languages, the Russian in its 1918 form.
    let (m, _) = &all()[0];
    for name in [
        "Novonikolayevsk",
        "Новониколаевск",
        "Verkhneudinsk",
        "Верхнеудинск",
    ] {
        assert!(m.svg.contains(name), "{} lacks {name}", m.phase);
    }
    assert!(
        !m.svg.contains("Новосибирск"),
        "a modern name in a 1918 map"
    );
}

#[test]
fn russian_texts_reach_every_part_of_the_page() {
    let (_, singles) = &all()[4];
    let (en, ru) = (&singles[0].svg, &singles[1].svg);
    for (text, in_ru) in [
        ("Интервенция в Сибири, 1918–1922", true), // title
        ("обстановка на 10 февраля 1920", true),   // header
        ("Кто правит", true),                      // legend section
        ("Семёнов (Забайкалье)", true),            // a power in the legend
        ("Южное Приморье", true),                  // the inset's title
        ("120°\u{a0}в.\u{a0}д.", true),            // graticule
        ("Источники:", true),                      // sources line
        (" км<", true),                            // scale bar
        ("Иркутск", true),                         // a town
        ("situation on", false),
        ("Who governs", false),
    ] {
        assert_eq!(ru.contains(text), in_ru, "{text:?} in the Russian map");
    }
    assert!(en.contains("Who governs") && !en.contains("Кто правит"));
}

#[test]
fn labels_never_overlap_and_keep_their_place_in_each_language() {
    for (k, lang) in langs().iter().enumerate() {
        let mut places: BTreeMap<&str, [f64; 4]> = BTreeMap::new();
        for (merged, singles) in all() {
            let s = &singles[k];
            assert!(!s.labels.is_empty(), "{lang} {}: no labels", merged.phase);
            for (i, a) in s.labels.iter().enumerate() {
                for b in &s.labels[i + 1..] {
                    assert!(
                        !boxes_overlap(a.bbox, b.bbox),
                        "{lang} {}: \"{}\" overlaps \"{}\"",
                        merged.phase,
                        a.text,
                        b.text
                    );
                }
                // Undated places (towns, seas) sit where they sat in the last phase.
                if a.key.starts_with("towns/") || a.key.starts_with("labels/") {
                    let old = places.insert(&a.key, a.bbox);
                    assert!(
                        old.is_none_or(|o| o == a.bbox),
                        "{lang} {}: \"{}\" moved",
                        merged.phase,
                        a.text
                    );
                }
            }
        }
    }
    // The Russian labels are the Russian names.
    let ru = &all()[0].1[1];
    assert!(ru.labels.iter().any(|l| l.text == "Омск"));
    assert!(!ru.labels.iter().any(|l| l.text == "Omsk"));
}

/// Renders phase 1920-02 with `--lang en,ru` into `dir`.
fn render_1920_02(dir: &Path) {
    let req = phasemap::RenderRequest {
        out: Some(dir.to_path_buf()),
        phases: vec!["1920-02".into()],
        formats: vec![
            phasemap::render::Format::Svg,
            phasemap::render::Format::Png,
            phasemap::render::Format::Html,
        ],
        langs: langs(),
        ..common::request(&root().join("geodata"), 1200.0)
    };
    phasemap::render_phases(&req, &|| {}).unwrap();
}

fn pixels(path: &Path) -> resvg::tiny_skia::Pixmap {
    resvg::tiny_skia::Pixmap::load_png(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Share of pixels that differ between two pictures of one size.
fn difference(a: &resvg::tiny_skia::Pixmap, b: &resvg::tiny_skia::Pixmap) -> f64 {
    assert_eq!((a.width(), a.height()), (b.width(), b.height()));
    let differ = a
        .pixels()
        .iter()
        .zip(b.pixels())
        .filter(|(p, q)| {
            let d = |x: u8, y: u8| x.abs_diff(y) > 24;
            d(p.red(), q.red()) || d(p.green(), q.green()) || d(p.blue(), q.blue())
        })
        .count();
    differ as f64 / a.pixels().len() as f64
}

#[test]
fn a_png_per_language_a_page_per_language_and_librsvg_picks_russian() {
    let tmp = tempfile::tempdir().unwrap();
    render_1920_02(tmp.path());
    let en = pixels(&tmp.path().join("1920-02.png"));
    let ru = pixels(&tmp.path().join("1920-02.ru.png"));
    assert!(
        difference(&en, &ru) > 0.002,
        "the Russian PNG looks English"
    );
    let ru_page = std::fs::read_to_string(tmp.path().join("index.ru.html")).unwrap();
    let en_page = std::fs::read_to_string(tmp.path().join("index.html")).unwrap();
    assert!(ru_page.contains("<html lang=\"ru\">") && ru_page.contains("Иркутск"));
    for page in [&ru_page, &en_page] {
        assert!(page.contains("<nav id=\"languages\""), "no language picker");
        assert!(page.contains("href=\"index.ru.html\"") && page.contains("href=\"index.html\""));
    }

    if Command::new("rsvg-convert")
        .arg("--version")
        .output()
        .is_err()
    {
        assert!(
            std::env::var_os("CI").is_none(),
            "rsvg-convert missing in CI"
        );
        eprintln!("skipped: rsvg-convert (librsvg2-bin) is not installed");
        return;
    }
    let convert = |lang: &str, out: &str| {
        let o = Command::new("rsvg-convert")
            .env("LANGUAGE", lang)
            .env("LC_ALL", "C.UTF-8")
            .arg(tmp.path().join("1920-02.svg"))
            .arg("-o")
            .arg(tmp.path().join(out))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        pixels(&tmp.path().join(out))
    };
    let by_rsvg_ru = convert("ru", "rsvg-ru.png");
    let by_rsvg_en = convert("en", "rsvg-en.png");
    // librsvg's own rasterisation differs a little from resvg's, so the
    // Russian one is judged by which of the two PNGs it is nearer.
    let (to_ru, to_en) = (difference(&by_rsvg_ru, &ru), difference(&by_rsvg_ru, &en));
    assert!(
        to_ru < to_en,
        "LANGUAGE=ru rsvg-convert: {to_ru:.4} of the pixels differ from the Russian PNG, {to_en:.4} from the English"
    );
    let (en_to_en, en_to_ru) = (difference(&by_rsvg_en, &en), difference(&by_rsvg_en, &ru));
    assert!(
        en_to_en < en_to_ru,
        "LANGUAGE=en rsvg-convert is not English"
    );
}

#[test]
fn chromium_in_russian_shows_the_russian_labels_without_overlaps() {
    let Some(b) = common::browser_in_language_or_skip("chromium_in_russian", "ru") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    render_1920_02(tmp.path());
    b.goto(&format!(
        "file://{}",
        tmp.path().join("1920-02.svg").display()
    ));
    let languages = b.js("return navigator.languages;");
    assert_eq!(languages[0], "ru", "{languages}");
    // Boxes of the labels Chromium draws: a switch's unchosen branch has none.
    let boxes = |css: &str| {
        b.js(&format!(
            "return [...document.querySelectorAll('{css}')].map(t => {{ const r = t.getBoundingClientRect(); \
             return [t.textContent, r.left, r.top, r.right, r.bottom]; }}).filter(x => x[3] > x[1]);"
        ))
    };
    let ru = boxes("#labels-ru text");
    let en = boxes("#labels text");
    let ru = ru.as_array().unwrap();
    assert!(ru.len() > 30, "Chromium draws {} Russian labels", ru.len());
    assert!(
        en.as_array().unwrap().is_empty(),
        "Chromium draws English labels too: {en}"
    );
    let rect = |v: &serde_json::Value| -> [f64; 4] { [1, 2, 3, 4].map(|i| v[i].as_f64().unwrap()) };
    // Glyph boxes, shrunk by half a pixel for the browser's rounding.
    let shrink = |r: [f64; 4]| [r[0] + 0.5, r[1] + 0.5, r[2] - 0.5, r[3] - 0.5];
    for (i, a) in ru.iter().enumerate() {
        for c in &ru[i + 1..] {
            assert!(
                !boxes_overlap(shrink(rect(a)), shrink(rect(c))),
                "Chromium (ru): {} overlaps {}",
                a[0],
                c[0]
            );
        }
    }
    assert!(
        ru.iter().any(|l| l[0] == "Иркутск"),
        "no Иркутск among {ru:?}"
    );
}

/// The page's chrome as a reader or a screen reader meets it: the text
/// outside the maps, scripts and styles, and the attributes that speak
/// (`aria-label`, `title`, `aria-roledescription`). The language picker's
/// tags and the sources line (names of data sets) are left out.
fn page_chrome(page: &str) -> Vec<String> {
    let mut rest = page.to_string();
    for (open, close) in [
        ("<svg", "</svg>"),
        ("<script", "</script>"),
        ("<style", "</style>"),
        ("<nav id=\"languages\"", "</nav>"),
        ("<p class=\"sources\"", "</p>"),
    ] {
        while let Some(a) = rest.find(open) {
            let b = rest[a..].find(close).map(|b| a + b + close.len());
            let b = b.unwrap_or_else(|| panic!("{open} is never closed"));
            rest.replace_range(a..b, " ");
        }
    }
    let mut out = Vec::new();
    let mut s = rest.as_str();
    while let Some(lt) = s.find('<') {
        out.push(s[..lt].trim().to_string());
        let gt = s[lt..]
            .find('>')
            .map(|g| lt + g)
            .expect("a tag is never closed");
        let tag = &s[lt..gt];
        for attr in ["aria-label=\"", "title=\"", "aria-roledescription=\""] {
            if let Some(i) = tag.find(attr) {
                let v = &tag[i + attr.len()..];
                out.push(v[..v.find('"').unwrap()].to_string());
            }
        }
        s = &s[gt + 1..];
    }
    // Character references (`&#9664;`, `&minus;`) are symbols, not words.
    for t in &mut out {
        while let Some(a) = t.find('&') {
            let Some(b) = t[a..].find(';') else { break };
            t.replace_range(a..a + b + 1, " ");
        }
        *t = t.trim().to_string();
    }
    out.retain(|t| !t.is_empty());
    out
}

/// Runs of two or more Latin letters in `text`: English left in a Russian page.
fn latin_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2)
        .map(str::to_string)
        .collect()
}

/// The page's data for its script.
fn page_data(page: &str) -> serde_json::Value {
    let open = "<script type=\"application/json\" id=\"phasemap-data\">";
    let a = page.find(open).expect("no page data") + open.len();
    let b = a + page[a..].find("</script>").unwrap();
    serde_json::from_str(&page[a..b]).unwrap()
}

#[test]
fn the_russian_page_has_no_english_ui_left_and_the_english_page_keeps_its_words() {
    let tmp = tempfile::tempdir().unwrap();
    let req = phasemap::RenderRequest {
        out: Some(tmp.path().to_path_buf()),
        phases: vec!["1918-08".into(), "1920-02".into()],
        formats: vec![phasemap::render::Format::Html],
        langs: langs(),
        ..common::request(&root().join("geodata"), 600.0)
    };
    phasemap::render_phases(&req, &|| {}).unwrap();
    let ru = std::fs::read_to_string(tmp.path().join("index.ru.html")).unwrap();
    let en = std::fs::read_to_string(tmp.path().join("index.html")).unwrap();
    // The picker names each language in itself and marks the page's own.
    for (page, current) in [(&en, "en"), (&ru, "ru")] {
        let nav = &page[page.find("<nav id=\"languages\"").unwrap()..];
        let nav = &nav[..nav.find("</nav>").unwrap()];
        assert!(
            nav.contains(">English</a>") && nav.contains(">Русский</a>"),
            "{nav}"
        );
        assert!(
            nav.contains(&format!("lang=\"{current}\" aria-current=\"page\"")),
            "{nav}"
        );
    }

    let chrome = page_chrome(&ru);
    assert!(chrome.len() > 40, "only {} texts found", chrome.len());
    for t in &chrome {
        assert!(latin_words(t).is_empty(), "English in index.ru.html: {t:?}");
    }
    for must in [
        "Условные обозначения",
        "Пуск",
        "Слои",
        "Кто правит",
        "Названия",
    ] {
        assert!(chrome.iter().any(|t| t.contains(must)), "no {must:?}");
    }
    // What the script writes: its words, the scale bar's unit, tooltips.
    let data = page_data(&ru);
    for (k, v) in data["words"].as_object().unwrap() {
        let v = v.as_str().unwrap();
        let text = v.replace("{date}", "").replace("{key}", "");
        assert!(latin_words(&text).is_empty(), "page word {k}: {v:?}");
    }
    assert_eq!(data["km"], "км");
    let features = data["features"].as_object().unwrap();
    assert!(features.len() > 50);
    for (k, f) in features {
        for field in ["kind", "dates"] {
            if let Some(v) = f[field].as_str() {
                assert!(latin_words(v).is_empty(), "{k} {field}: {v:?}");
            }
        }
    }

    // The English page: the same chrome in English.
    let chrome = page_chrome(&en);
    for must in [
        "Legend",
        "Map controls",
        "Previous phase (Left arrow)",
        "Zoom in",
        "Reset",
        "Compare",
        "Side by side",
        "Layers",
        "Who governs",
        "Names",
        "Map. Arrow keys pan, plus and minus zoom, 0 shows the whole map.",
    ] {
        assert!(
            chrome.iter().any(|t| t == must || t.ends_with(must)),
            "English page: no {must:?}"
        );
    }
    assert!(!chrome
        .iter()
        .any(|t| t.chars().any(|c| ('а'..='я').contains(&c))));
    let data = page_data(&en);
    assert_eq!(data["words"]["pause"], "Pause");
    assert_eq!(data["km"], "km");
}

/// Review 3 finding 12: `render --lang en,es` drew Spanish titles over an
/// English legend, dates and scale bar without a word. It now warns once
/// for a language with no words ("fr"; phasemap and the built-in styles
/// have Spanish words since review 5), naming what stays in English; "en"
/// (and "ru" and "es", which the built-in style and phasemap have words
/// for) get no warning.
#[test]
fn a_language_without_words_is_named_once_with_what_stays_english() {
    let tmp = tempfile::tempdir().unwrap();
    let req = phasemap::RenderRequest {
        out: Some(tmp.path().to_path_buf()),
        phases: vec!["spring".into()],
        langs: vec!["en".into(), "fr".into()],
        ..common::request(&root().join("tests/theatres/tiny"), 800.0)
    };
    let report = phasemap::render_phases(&req, &|| {}).unwrap();
    let about: Vec<&String> = report
        .warnings
        .iter()
        .filter(|w| w.contains("--lang"))
        .collect();
    assert_eq!(about.len(), 1, "{:?}", report.warnings);
    for part in ["\"fr\"", "legend", "dates", "scale bar", "English"] {
        assert!(about[0].contains(part), "{part}: {}", about[0]);
    }
    let style = phasemap::load::load_style("wikipedia", &common::styles_dir()).unwrap();
    assert_eq!(phasemap::run::english_parts_warning(&style, "ru"), None);
    assert_eq!(phasemap::run::english_parts_warning(&style, "es"), None);
    assert_eq!(phasemap::run::english_parts_warning(&style, "en"), None);
}
