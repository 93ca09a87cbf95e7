//! Pages that compare phases: change maps, sheet, animation, PDF.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::root;

fn theatre(name: &str) -> String {
    root()
        .join("tests/theatres")
        .join(name)
        .display()
        .to_string()
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

/// Area of the lon/lat box [lon0, lon0 + dlon] x [lat0, lat1] on the WGS84
/// ellipsoid, from the authalic-latitude formula (independent of geo).
fn box_km2(dlon_deg: f64, lat0: f64, lat1: f64) -> f64 {
    let a: f64 = 6_378_137.0;
    let f: f64 = 1.0 / 298.257_223_563;
    let e2 = f * (2.0 - f);
    let e = e2.sqrt();
    let q = |lat: f64| {
        let s = lat.to_radians().sin();
        (1.0 - e2)
            * (s / (1.0 - e2 * s * s) - 1.0 / (2.0 * e) * ((1.0 - e * s) / (1.0 + e * s)).ln())
    };
    a * a / 2.0 * dlon_deg.to_radians() * (q(lat1) - q(lat0)) / 1e6
}

#[test]
fn change_map_areas_match_the_ellipsoid() {
    let tmp = tempfile::tempdir().unwrap();
    phasemap(
        &[
            "diff",
            "a",
            "b",
            "--theatre",
            &theatre("squares"),
            "--out",
            "o",
            "--width",
            "600",
        ],
        tmp.path(),
    );
    let csv = std::fs::read_to_string(tmp.path().join("o/diff-a-b.csv")).unwrap();
    let rows: Vec<Vec<String>> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    assert_eq!(
        csv.lines().next(),
        Some("from_power,to_power,area_km2,from_name,to_name")
    );
    let expected = [
        ("", "WH", box_km2(1.0, 0.0, 1.0)),
        ("RED", "", box_km2(1.0, 1.0, 2.0)),
        ("WH", "RED", box_km2(1.0, 0.0, 1.0)),
    ];
    assert_eq!(rows.len(), expected.len(), "{csv}");
    for (row, (from, to, km2)) in rows.iter().zip(expected) {
        assert_eq!((row[0].as_str(), row[1].as_str()), (from, to), "{csv}");
        let got: f64 = row[2].parse().unwrap();
        assert!(
            (got - km2).abs() / km2 < 0.005,
            "{from}->{to}: {got} vs {km2}"
        );
    }
    // Names beside codes; ground no power held has no code and is named
    // "unclaimed", as on the change map.
    let names: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r[3].as_str(), r[4].as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("unclaimed", "Whites"),
            ("Reds", "unclaimed"),
            ("Whites", "Reds")
        ],
        "{csv}"
    );
    let svg = std::fs::read_to_string(tmp.path().join("o/diff-a-b.svg")).unwrap();
    assert!(
        svg.contains("held by Whites in a, by Reds in b"),
        "legend wording"
    );
    assert!(
        svg.contains("unclaimed in a, held by Whites in b")
            && svg.contains("held by Reds in a, unclaimed in b"),
        "legend wording for ground no power held"
    );
    assert!(tmp.path().join("o/diff-a-b.png").is_file());
}

fn request(theatre_name: &str, width: f64) -> phasemap::RenderRequest {
    phasemap::RenderRequest {
        formats: vec![phasemap::render::Format::Svg, phasemap::render::Format::Png],
        ..common::request(Path::new(&theatre(theatre_name)), width)
    }
}

#[test]
fn sheet_panels_share_one_extent_and_one_legend() {
    let scene = phasemap::sheet_scene(&request("tiny", 1600.0), Some(2)).unwrap();
    assert_eq!(scene.panels.len(), 2);
    let size = |r: [f64; 4]| (r[2] - r[0], r[3] - r[1]);
    assert!(scene
        .panels
        .iter()
        .all(|p| size(p.rect) == size(scene.panels[0].rect)));
    assert_eq!(scene.panels[0].rect[1], scene.panels[1].rect[1]);
    // One legend, each entry once.
    assert_eq!(scene.svg.matches("<g id=\"legend\">").count(), 1);
    let mut seen = scene.legend.clone();
    seen.dedup();
    assert_eq!(seen, scene.legend);
    // Static labels sit at the same map position in both panels.
    let first = &scene.labels[0];
    assert!(scene
        .labels
        .iter()
        .filter(|l| l.key == first.key)
        .all(|l| (l.x, l.y) == (first.x, first.y)));
    let tmp = tempfile::tempdir().unwrap();
    phasemap(
        &[
            "sheet",
            "--theatre",
            &theatre("tiny"),
            "--out",
            "o",
            "--width",
            "1200",
        ],
        tmp.path(),
    );
    assert!(tmp.path().join("o/sheet.png").is_file());
}

#[test]
fn animation_has_a_frame_per_phase_and_fades() {
    let tmp = tempfile::tempdir().unwrap();
    phasemap(
        &[
            "animate",
            "--theatre",
            &theatre("tiny"),
            "--out",
            "o",
            "--width",
            "500",
            "--fade",
            "0.3",
        ],
        tmp.path(),
    );
    let file = std::fs::File::open(tmp.path().join("o/animation.png")).unwrap();
    let reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .unwrap();
    let info = reader.info();
    assert_eq!(info.width, 500);
    // Two phases, three fade frames between them.
    assert_eq!(info.animation_control.unwrap().num_frames, 2 + 3);
}

#[test]
fn pdf_renders_and_shows_the_map() {
    let tmp = tempfile::tempdir().unwrap();
    phasemap(
        &[
            "pdf",
            "--theatre",
            &theatre("tiny"),
            "--out",
            "o",
            "--phase",
            "spring",
            "--width",
            "800",
        ],
        tmp.path(),
    );
    let pdf = tmp.path().join("o/spring.pdf");
    let ppm = Command::new("pdftoppm")
        .args(["-r", "20", "-singlefile"])
        .arg(&pdf)
        .arg(tmp.path().join("page"))
        .output();
    let Ok(ppm) = ppm else {
        if std::env::var_os("CI").is_some() {
            panic!("pdftoppm (poppler-utils) is missing");
        }
        eprintln!("skipped: pdftoppm not installed (apt-get install poppler-utils)");
        return;
    };
    assert!(
        ppm.status.success(),
        "{}",
        String::from_utf8_lossy(&ppm.stderr)
    );
    let bytes = std::fs::read(tmp.path().join("page.ppm")).unwrap();
    // P6 header: magic, width, height, maxval, then RGB bytes.
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..i]).to_string());
    }
    let pixels = &bytes[i + 1..];
    // The sea colour of the style (#c6ecff) covers much of the map.
    let sea = pixels
        .chunks(3)
        .filter(|p| p[0].abs_diff(0xc6) < 8 && p[1].abs_diff(0xec) < 8 && p[2].abs_diff(0xff) < 8)
        .count();
    assert!(
        sea * 20 > pixels.len() / 3,
        "little sea in the rendered PDF: {sea} px"
    );
    // The text is live text in an embedded font: town names can be copied.
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils, beside pdftoppm)");
    assert!(text.status.success());
    let text = String::from_utf8_lossy(&text.stdout);
    // (Doru, a rank-3 place, is left out at article width by the style.)
    for town in ["Porto Vale", "Mira", "Estel"] {
        assert!(
            text.contains(town),
            "{town} missing from the PDF text: {text}"
        );
    }
    let fonts = Command::new("pdffonts").arg(&pdf).output().unwrap();
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    // Name, type, encoding, then "emb sub uni": embedded and subset.
    assert!(
        fonts
            .lines()
            .filter(|l| l.contains("DejaVuSans"))
            .all(|l| l.contains(" yes yes ")),
        "{fonts}"
    );
    assert!(fonts.contains("DejaVuSans"), "{fonts}");
}

/// What `pdfinfo` says about `pdf`, or `None` (skipped) when poppler is
/// not installed outside CI.
fn pdfinfo(pdf: &Path) -> Option<String> {
    match Command::new("pdfinfo").arg(pdf).output() {
        Ok(out) => {
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            Some(String::from_utf8_lossy(&out.stdout).into_owned())
        }
        Err(_) if std::env::var_os("CI").is_some() => panic!("pdfinfo (poppler-utils) is missing"),
        Err(_) => {
            eprintln!("skipped: pdfinfo not installed (apt-get install poppler-utils)");
            None
        }
    }
}

/// The document title names the theatre and the phase (the sheet: the
/// theatre and "all phases compared"), the subject comes from the
/// manifest's publishing categories; `--paper` gives that paper, turned as
/// the map is unless `--orientation` says otherwise; without it the page is
/// the map at 150 px to the inch, as before.
#[test]
fn pdf_has_a_title_and_fits_the_paper_asked_for() {
    let tmp = tempfile::tempdir().unwrap();
    let tiny = theatre("tiny");
    let pdf = |out: &str, extra: &[&str]| {
        let mut args = vec!["pdf", "--theatre", &tiny, "--out", out];
        args.extend(extra);
        let run = phasemap(&args, tmp.path());
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
    };
    pdf("own", &["--phase", "spring", "--width", "800"]);
    let Some(own) = pdfinfo(&tmp.path().join("own/spring.pdf")) else {
        return;
    };
    let field = |info: &str, key: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(key))
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    assert_eq!(
        field(&own, "Title:"),
        "The Ardenna War, 1900 \u{2013} Spring"
    );
    assert_eq!(field(&own, "Subject:"), "Maps of the Ardenna War");
    // The manifest names no author: none is made up.
    assert_eq!(field(&own, "Author:"), "");
    // 800 px at 150 px to the inch: 384 pt wide.
    assert!(field(&own, "Page size:").starts_with("384 x "), "{own}");

    pdf("a4", &["--phase", "spring", "--paper", "a4"]);
    let a4 = pdfinfo(&tmp.path().join("a4/spring.pdf")).unwrap();
    let size = field(&a4, "Page size:");
    // The tiny theatre's page (map and key) is taller than wide: portrait.
    assert_eq!(size, "595.276 x 841.89 pts (A4)", "{a4}");
    assert_eq!(
        field(&a4, "Title:"),
        "The Ardenna War, 1900 \u{2013} Spring"
    );

    pdf(
        "a3",
        &["--sheet", "--paper", "a3", "--orientation", "landscape"],
    );
    let a3 = pdfinfo(&tmp.path().join("a3/sheet.pdf")).unwrap();
    assert_eq!(
        field(&a3, "Page size:"),
        "1190.55 x 841.89 pts (A3)",
        "{a3}"
    );
    assert_eq!(
        field(&a3, "Title:"),
        "The Ardenna War, 1900 \u{2013} all phases compared"
    );

    pdf(
        "letter",
        &["--phase", "autumn", "--paper", "letter", "--width", "600"],
    );
    let letter = pdfinfo(&tmp.path().join("letter/autumn.pdf")).unwrap();
    assert_eq!(
        field(&letter, "Page size:"),
        "612 x 792 pts (letter)",
        "{letter}"
    );
    // The text is still text on the fitted page.
    let text = Command::new("pdftotext")
        .arg(tmp.path().join("letter/autumn.pdf"))
        .arg("-")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains("Porto Vale"));

    // The built-in theatre's map is wider than tall: landscape, and its
    // publishing section names an author.
    let run = phasemap(
        &[
            "pdf", "--out", "wide", "--phase", "1918-08", "--paper", "a4",
        ],
        tmp.path(),
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let wide = pdfinfo(&tmp.path().join("wide/1918-08.pdf")).unwrap();
    assert_eq!(
        field(&wide, "Page size:"),
        "841.89 x 595.276 pts (A4)",
        "{wide}"
    );
    assert!(!field(&wide, "Author:").is_empty(), "{wide}");
}

/// `phasemap pdf` twice, each in a process of its own (hash maps are seeded
/// per process), for a phase and for the sheet: the same bytes.
#[test]
fn pdf_is_the_same_bytes_from_run_to_run() {
    let tmp = tempfile::tempdir().unwrap();
    let tiny = theatre("tiny");
    let run = |out: &str, sheet: bool| {
        let mut args = vec!["pdf", "--theatre", &tiny, "--out", out, "--width", "800"];
        args.extend(if sheet {
            ["--sheet"].as_slice()
        } else {
            ["--phase", "spring"].as_slice()
        });
        phasemap(&args, tmp.path());
    };
    for out in ["a", "b"] {
        run(out, false);
        run(out, true);
    }
    for name in ["spring.pdf", "sheet.pdf"] {
        let a = std::fs::read(tmp.path().join("a").join(name)).unwrap();
        let b = std::fs::read(tmp.path().join("b").join(name)).unwrap();
        assert!(a.starts_with(b"%PDF-"), "{name}");
        assert!(a == b, "{name} differs between two runs");
        // No clock in the file.
        let text = String::from_utf8_lossy(&a);
        assert!(!text.contains("/CreationDate") && !text.contains("/ModDate"));
    }
}

/// Every `id` in `svg` is unique, and every `url(#...)` and `href="#..."`
/// names one of them, either in `<defs>` or in the same sheet panel
/// (`<g id="panel-N">`) as the reference. Returns how many references it
/// checked.
fn assert_ids_unique_and_resolved(svg: &str, what: &str) -> usize {
    use resvg::usvg::roxmltree::{Document, Node};
    let doc = Document::parse(svg).unwrap_or_else(|e| panic!("{what}: {e}"));
    fn panel(n: Node) -> Option<resvg::usvg::roxmltree::NodeId> {
        n.ancestors()
            .find(|a| {
                a.attribute("id").is_some_and(|id| {
                    id.strip_prefix("panel-")
                        .is_some_and(|k| !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()))
                })
            })
            .map(|a| a.id())
    }
    let mut ids = std::collections::BTreeMap::new();
    for n in doc.descendants().filter(|n| n.is_element()) {
        if let Some(id) = n.attribute("id") {
            assert!(
                ids.insert(id, n).is_none(),
                "{what}: id \"{id}\" used twice"
            );
        }
    }
    let mut references = 0;
    for n in doc.descendants().filter(|n| n.is_element()) {
        for a in n.attributes() {
            let mut targets: Vec<&str> = a
                .value()
                .split("url(#")
                .skip(1)
                .map(|rest| rest.split(')').next().unwrap_or(""))
                .collect();
            if a.name() == "href" {
                targets.extend(a.value().strip_prefix('#'));
            }
            for t in targets {
                references += 1;
                let Some(target) = ids.get(t) else {
                    panic!("{what}: {}=\"{}\" names no id", a.name(), a.value());
                };
                let in_defs = target.ancestors().any(|x| x.has_tag_name("defs"));
                assert!(
                    in_defs || panel(*target) == panel(n),
                    "{what}: #{t} is in another panel than its reference"
                );
            }
        }
    }
    references
}

#[test]
fn svg_ids_are_unique_and_references_resolve() {
    let tmp = tempfile::tempdir().unwrap();
    let tiny = theatre("tiny");
    for style in ["wikipedia", "print", "projector"] {
        let out = format!("o-{style}");
        let common = ["--theatre", &tiny, "--out", &out, "--style", style];
        let with = |cmd: &[&str], width: &str| {
            let mut args = cmd.to_vec();
            args.extend(common);
            args.extend(["--width", width]);
            phasemap(&args, tmp.path());
        };
        with(&["render", "--format", "svg"], "800");
        with(&["sheet"], "1200");
        with(&["diff", "spring", "autumn"], "800");
        for name in [
            "spring.svg",
            "autumn.svg",
            "sheet.svg",
            "diff-spring-autumn.svg",
        ] {
            let path = tmp.path().join(&out).join(name);
            let svg = std::fs::read_to_string(&path).unwrap();
            let references = assert_ids_unique_and_resolved(&svg, &format!("{style}/{name}"));
            // The sheet's panels are clipped by the shared clip path.
            assert!(name != "sheet.svg" || references > 0, "{style}/{name}");
        }
        // A phase shown twice on a sheet still gets ids of its own.
        with(&["sheet", "--phases", "spring,spring"], "1200");
        let svg = std::fs::read_to_string(tmp.path().join(&out).join("sheet.svg")).unwrap();
        assert_ids_unique_and_resolved(&svg, &format!("{style}/sheet.svg (spring twice)"));
    }
}

#[test]
fn default_run_writes_sheet_changes_and_animation() {
    let tmp = tempfile::tempdir().unwrap();
    let mut req = request("tiny", 600.0);
    req.out = Some(tmp.path().to_path_buf());
    let opts = phasemap::CompareOptions {
        animation_width: 400.0,
        fade: 0.0,
        ..Default::default()
    };
    let report = phasemap::default_run(&req, &opts, &|_| {}).unwrap();
    let names: Vec<String> = report
        .written
        .iter()
        .map(|w| w.path.file_name().unwrap().to_string_lossy().to_string())
        .collect();
    for n in [
        "spring.svg",
        "autumn.png",
        "sheet.svg",
        "sheet.png",
        "diff-spring-autumn.csv",
        "animation.png",
    ] {
        assert!(names.iter().any(|x| x == n), "{n} missing from {names:?}");
    }
}

/// Text of the `<text>` elements under the element `id` of `svg`, numbers
/// (the notes' marks) left out, joined by spaces (so wrapping does not
/// matter).
fn words_under(svg: &str, id: &str) -> String {
    let doc = resvg::usvg::roxmltree::Document::parse(svg).unwrap();
    let Some(g) = doc.descendants().find(|n| n.attribute("id") == Some(id)) else {
        return String::new();
    };
    g.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .filter(|t| !t.chars().all(|c| c.is_ascii_digit()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Kilometres across the map's width by its scale bar (`id="scale-bar"`),
/// for a map `map_px` wide.
fn km_across(svg: &str, map_px: f64) -> f64 {
    let doc = resvg::usvg::roxmltree::Document::parse(svg).unwrap();
    let bars: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("id") == Some("scale-bar"))
        .collect();
    assert_eq!(bars.len(), 1, "one main scale bar");
    let at = |k: &str| bars[0].attribute(k).unwrap().parse::<f64>().unwrap();
    at("data-km") / at("data-px") * map_px
}

/// The sheet keys the event numbers on its panels: every note a phase map
/// lists is listed on the sheet too. Its one scale bar is the panels' main
/// maps' (the same ground across the map as the phase map's bar says), not
/// only the insets' bars.
#[test]
fn the_sheet_lists_each_panels_notes_and_has_a_main_scale_bar() {
    let req = common::request(&root().join("geodata"), 2400.0);
    let sheet = phasemap::sheet_scene(&req, None).unwrap();
    let notes = words_under(&sheet.svg, "footnotes");
    let session = common::session(&req);
    let phases = session.select_phases(&[]).unwrap();
    let scenes = session.scenes(&phases, &|| {});
    let mut with_notes = 0;
    for scene in &scenes {
        let theirs = words_under(&scene.svg, "footnotes");
        if theirs.is_empty() {
            continue;
        }
        with_notes += 1;
        assert!(
            notes.contains(&theirs),
            "{}'s notes are not on the sheet: {theirs}\nsheet: {notes}",
            scene.phase
        );
    }
    assert!(with_notes >= 3, "{with_notes} phases with notes");
    let r = sheet.panels[0].rect;
    let panel = km_across(&sheet.svg, r[2] - r[0]);
    let m = scenes[0].map_rect;
    let map = km_across(&scenes[0].svg, m[2] - m[0]);
    assert!(
        (panel / map - 1.0).abs() < 0.01,
        "the sheet's bar gives {panel:.0} km across a panel, the phase map's {map:.0} km"
    );
}
