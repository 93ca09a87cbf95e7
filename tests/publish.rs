//! Publishing to wikis: the GIF a wiki animates and the description pages
//! of `phasemap commons`, made by the binary in a temporary folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn tiny() -> String {
    root().join("tests/theatres/tiny").display().to_string()
}

fn phasemap(args: &[&str], cwd: &Path) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_phasemap"))
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "phasemap {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// MediaWiki animates a GIF's thumbnail only under this many pixels
/// (width x height x frames).
const WIKI_BUDGET: u64 = 12_500_000;

/// (width, height, delays in hundredths of a second) of a GIF.
fn gif_frames(path: &Path) -> (u64, u64, Vec<u16>) {
    let mut opts = gif::DecodeOptions::new();
    opts.set_color_output(gif::ColorOutput::Indexed);
    let mut d = opts.read_info(std::fs::File::open(path).unwrap()).unwrap();
    let (w, h) = (u64::from(d.width()), u64::from(d.height()));
    let mut delays = Vec::new();
    while let Some(f) = d.read_next_frame().unwrap() {
        assert!(u64::from(f.left) + u64::from(f.width) <= w);
        assert!(u64::from(f.top) + u64::from(f.height) <= h);
        delays.push(f.delay);
    }
    (w, h, delays)
}

/// Words of a phase's title in the tiny theatre's manifest.
fn words(phase: usize) -> usize {
    let text = std::fs::read_to_string(root().join("tests/theatres/tiny/theatre.json")).unwrap();
    let m: serde_json::Value = serde_json::from_str(&text).unwrap();
    let p = &m["phases"][phase];
    let count = |s: &serde_json::Value| {
        s.as_str()
            .unwrap_or("")
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .count()
    };
    count(&p["title"])
}

#[test]
fn gif_has_a_frame_per_phase_held_long_enough_to_read() {
    let tmp = tempfile::tempdir().unwrap();
    let out = phasemap(
        &[
            "animate",
            "--format",
            "gif",
            "--theatre",
            &tiny(),
            "--out",
            "o",
            "--width",
            "1000",
        ],
        tmp.path(),
    );
    let table = String::from_utf8_lossy(&out.stdout);
    let (w, h, delays) = gif_frames(&tmp.path().join("o/animation.gif"));
    assert_eq!(w, 1000);
    assert!(table.contains(&format!("1000x{h} px, 2 frames")), "{table}");
    assert_eq!(delays.len(), 2, "one frame per phase");
    for (i, d) in delays.iter().enumerate() {
        // Four words a second of the title (the frame draws no caption),
        // at least three seconds.
        let want = (words(i) as u16 * 25).max(300);
        assert_eq!(*d, want, "phase {i}: {} words", words(i));
    }
    // So at article width too.
    phasemap(
        &[
            "animate",
            "--format",
            "gif",
            "--theatre",
            &tiny(),
            "--out",
            "a",
            "--width",
            "600",
        ],
        tmp.path(),
    );
    let (_, _, delays) = gif_frames(&tmp.path().join("a/animation.gif"));
    assert_eq!(delays, vec![300, 300]);
    // The APNG stays the default.
    phasemap(&["animate", "--theatre", &tiny(), "--out", "o"], tmp.path());
    assert!(tmp.path().join("o/animation.png").is_file());
}

#[test]
fn gif_width_keeps_within_the_pixels_a_wiki_animates() {
    let tmp = tempfile::tempdir().unwrap();
    let out = phasemap(
        &[
            "animate",
            "--format",
            "gif",
            "--theatre",
            &tiny(),
            "--out",
            "o",
            "--width",
            "4000",
            "--fade",
            "0.2",
        ],
        tmp.path(),
    );
    let (w, h, delays) = gif_frames(&tmp.path().join("o/animation.gif"));
    // Two phases and two fade frames between them.
    assert_eq!(delays.len(), 4);
    assert_eq!(&delays[1..3], [10, 10]);
    let area = w * h * delays.len() as u64;
    assert!(area <= WIKI_BUDGET, "{w}x{h}x{}", delays.len());
    // Narrowed, but not needlessly: within 2 % of the budget.
    assert!(
        w < 4000 && area as f64 > 0.98 * WIKI_BUDGET as f64,
        "{w}x{h}"
    );
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains(&format!("{w}x{h} px, 4 frames")), "{table}");
}

#[test]
fn commons_writes_a_description_page_and_alt_text_per_map() {
    let tmp = tempfile::tempdir().unwrap();
    phasemap(
        &[
            "commons",
            "--theatre",
            &tiny(),
            "--out",
            "o",
            "--width",
            "800",
        ],
        tmp.path(),
    );
    let read = |name: &str| std::fs::read_to_string(tmp.path().join("o").join(name)).unwrap();
    for (phase, day) in [("spring", "1900-06-15"), ("autumn", "1900-08-15")] {
        let page = read(&format!("{phase}.wikitext"));
        for field in [
            "=={{int:filedesc}}==\n{{Information\n|description={{en|1='''The Ardenna War, 1900: ",
            &format!("\n|date={day}\n"),
            "\n|source=\n* Made-up test data (CC0 1.0)\n* Drawn with phasemap ",
            // No author in the manifest: the uploader signs.
            "\n|author=~~~\n",
            "\n|permission=",
            &format!("{{{{Information field|name=Map date|value={day}}}}}"),
            "{{Information field|name=Location|value=9.5°E–14.5°E, 39.5°N–43.5°N}}",
            // The PROJ string that reproduces the map (the map itself names
            // the projection in words).
            "{{Information field|name=Projection|value=<code>+proj=lcc +lat_1=40 +lat_2=43 +lat_0=41.5 +lon_0=12 +datum=WGS84 +units=m +no_defs</code>}}",
            "{{Information field|name=Legend|value=",
            // CC0 data: the maps still ask for credit.
            "=={{int:license-header}}==\n{{cc-by-4.0}}\n",
            "[[Category:Maps of the Ardenna War]]\n",
        ] {
            assert!(page.contains(field), "{phase}: no {field:?} in\n{page}");
        }
        let alt = read(&format!("{phase}.alt.txt"));
        assert_eq!(alt.lines().count(), 1, "one paragraph: {alt}");
        assert!(alt.contains("The Ardenna War, 1900") && alt.contains("1900"));
    }
    let page = read("animation.wikitext");
    assert!(page.contains("|date={{other date|between|1900-06-15|1900-08-15}}"));
    assert!(
        read("animation.alt.txt").starts_with("Animated map of The Ardenna War, 1900 in 2 frames")
    );
}

#[test]
fn the_built_in_theatre_credits_geonames_under_cc_by() {
    let tmp = tempfile::tempdir().unwrap();
    let geodata = root().join("geodata").display().to_string();
    phasemap(
        &[
            "commons",
            "--theatre",
            &geodata,
            "--out",
            "o",
            "--width",
            "600",
        ],
        tmp.path(),
    );
    let page = std::fs::read_to_string(tmp.path().join("o/1920-02.wikitext")).unwrap();
    for field in [
        "Contains data from GeoNames (geonames.org), CC BY 4.0",
        "(public domain)",
        "{{cc-by-4.0}}",
        "|date=1920-02-10\n",
        "[[Category:",
        // A description per language the theatre has texts in.
        "|description={{en|1='''Siberian Intervention, 1918–1922: ",
        "\n{{ru|1='''Интервенция в Сибири, 1918–1922: ",
    ] {
        assert!(page.contains(field), "no {field:?} in\n{page}");
    }
    let alt = |name: &str| std::fs::read_to_string(tmp.path().join("o").join(name)).unwrap();
    assert!(alt("1920-02.alt.txt").starts_with("Map 5 of 9, Siberian Intervention"));
    let ru = alt("1920-02.ru.alt.txt");
    assert!(ru.starts_with("Карта 5 из 9, Интервенция в Сибири"), "{ru}");
    assert_eq!(ru.lines().count(), 1, "one paragraph: {ru}");
    // The animation's page and alt text in every language too.
    let page = alt("animation.wikitext");
    for field in [
        "|description={{en|1='''Siberian Intervention, 1918–1922''': animated map, 9 frames. 1. ",
        "\n{{ru|1='''Интервенция в Сибири, 1918–1922''': анимированная карта, кадров: 9. 1. ",
        // The captions, which the frames leave out.
        "9. Уход японцев (1922-10-31): ",
    ] {
        assert!(page.contains(field), "no {field:?} in\n{page}");
    }
    let ru = alt("animation.ru.alt.txt");
    assert!(
        ru.starts_with("Анимированная карта «Интервенция в Сибири"),
        "{ru}"
    );
    assert!(
        !ru.contains("Animated") && ru.contains("февраля 1920"),
        "{ru}"
    );
}
