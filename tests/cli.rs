//! The binary, run in a temporary folder as a user would run it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn phasemap(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_phasemap"))
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap()
}

fn tiny() -> String {
    root().join("tests/theatres/tiny").display().to_string()
}

#[test]
fn help_lists_the_subcommands() {
    let tmp = tempfile::tempdir().unwrap();
    let out = phasemap(&["--help"], tmp.path());
    let text = String::from_utf8_lossy(&out.stdout);
    for sub in ["render", "check", "list"] {
        assert!(text.contains(sub), "{text}");
    }
}

#[test]
fn render_writes_svg_and_png_per_phase_and_is_deterministic() {
    let tmp = tempfile::tempdir().unwrap();
    let run = |dir: &str| {
        let out = phasemap(
            &[
                "render",
                "--theatre",
                &tiny(),
                "--out",
                dir,
                "--width",
                "700",
            ],
            tmp.path(),
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let table = run("a");
    run("b");
    assert!(
        table.contains("spring.svg") && table.contains("index.html") && table.contains("5 files"),
        "{table}"
    );
    for f in [
        "spring.svg",
        "spring.png",
        "autumn.svg",
        "autumn.png",
        "index.html",
    ] {
        let a = std::fs::read(tmp.path().join("a").join(f)).unwrap();
        let b = std::fs::read(tmp.path().join("b").join(f)).unwrap();
        assert!(a == b, "{f} differs between two runs");
    }
    let svg = std::fs::read_to_string(tmp.path().join("a/spring.svg")).unwrap();
    assert!(roxmltree_ok(&svg), "not well-formed XML");
    // Commons rules: no textPath/flowRoot, dash arrays comma-separated, ASCII ids, no HSL.
    assert!(!svg.contains("textPath") && !svg.contains("flowRoot") && !svg.contains("hsl("));
    assert!(svg
        .split("id=\"")
        .skip(1)
        .all(|s| s.split('"').next().unwrap().is_ascii()));
    assert!(svg.split("stroke-dasharray=\"").skip(1).all(|s| !s
        .split('"')
        .next()
        .unwrap()
        .contains(' ')));
}

fn roxmltree_ok(svg: &str) -> bool {
    resvg::usvg::roxmltree::Document::parse(svg).is_ok()
}

#[test]
fn phase_selection_and_formats() {
    let tmp = tempfile::tempdir().unwrap();
    let out = phasemap(
        &[
            "render",
            "--theatre",
            &tiny(),
            "--out",
            "o",
            "--phase",
            "autumn",
            "--format",
            "svg",
            "--width",
            "600",
        ],
        tmp.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let names: Vec<String> = std::fs::read_dir(tmp.path().join("o"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into())
        .collect();
    assert_eq!(names, vec!["autumn.svg".to_string()]);
    let bad = phasemap(
        &[
            "render",
            "--theatre",
            &tiny(),
            "--out",
            "o",
            "--phase",
            "winter",
        ],
        tmp.path(),
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no phase \"winter\""));
}

#[test]
fn check_passes_on_both_theatres() {
    let tmp = tempfile::tempdir().unwrap();
    for dir in [tiny(), root().join("geodata").display().to_string()] {
        let out = phasemap(&["check", "--theatre", &dir], tmp.path());
        assert!(
            out.status.success(),
            "{dir}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn list_json_describes_phases_and_layers() {
    let tmp = tempfile::tempdir().unwrap();
    let out = phasemap(&["list", "--json", "--theatre", &tiny()], tmp.path());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["phases"].as_array().unwrap().len(), 2);
    assert_eq!(v["phases"][0]["snapshot"], "1900-06-15");
    assert!(v["layers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["id"] == "control" && l["exclusive"] == true));
}

#[test]
fn svg_renders_in_librsvg_too() {
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
    let tmp = tempfile::tempdir().unwrap();
    let out = phasemap(
        &[
            "render",
            "--theatre",
            &tiny(),
            "--out",
            "o",
            "--format",
            "svg",
            "--width",
            "600",
        ],
        tmp.path(),
    );
    assert!(out.status.success());
    let conv = Command::new("rsvg-convert")
        .arg(tmp.path().join("o/spring.svg"))
        .arg("-o")
        .arg(tmp.path().join("r.png"))
        .output()
        .unwrap();
    assert!(
        conv.status.success(),
        "{}",
        String::from_utf8_lossy(&conv.stderr)
    );
    assert!(std::fs::metadata(tmp.path().join("r.png")).unwrap().len() > 10_000);
}

/// `animate` refuses numbers it cannot honour before any work, naming the
/// flag and the range; nothing is written.
#[test]
fn animate_flags_are_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let out_arg = out.display().to_string();
    for (flag, value, says) in [
        ("--seconds-per-phase", "nan", "from 0.1 to 600"),
        ("--seconds-per-phase", "inf", "from 0.1 to 600"),
        ("--seconds-per-phase", "0", "from 0.1 to 600"),
        ("--seconds-per-phase", "-3", "from 0.1 to 600"),
        ("--seconds-per-phase", "1e9", "from 0.1 to 600"),
        ("--seconds-per-phase", "two", "not a number"),
        ("--fade", "NaN", "from 0 to 2"),
        ("--fade", "-0.5", "from 0 to 2"),
        ("--fade", "30", "from 0 to 2"),
        ("--width", "100", "300..=4000"),
        ("--width", "99999", "300..=4000"),
        ("--format", "webp", "apng"),
    ] {
        let arg = format!("{flag}={value}");
        let o = phasemap(
            &["animate", "--theatre", &tiny(), "--out", &out_arg, &arg],
            tmp.path(),
        );
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{arg}: {stderr}");
        assert!(
            stderr.contains(flag) && stderr.contains(says),
            "{arg}: {stderr}"
        );
        assert!(!out.exists(), "{arg} created the output folder");
    }
}

/// A copy of the tiny theatre with its manifest changed by `edit`.
fn tiny_copy(dir: &Path, edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let src = root().join("tests/theatres/tiny");
    for e in std::fs::read_dir(&src).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.join(e.file_name())).unwrap();
    }
    let path = dir.join("theatre.json");
    let mut m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    edit(&mut m);
    std::fs::write(&path, m.to_string()).unwrap();
    dir.display().to_string()
}

#[test]
fn check_lists_the_page_words_a_language_lacks_and_refuses_unknown_ones() {
    let tmp = tempfile::tempdir().unwrap();
    let fr = tmp.path().join("fr");
    std::fs::create_dir(&fr).unwrap();
    let dir = tiny_copy(&fr, |m| {
        m["language"] = "fr".into();
        m["page_words"] = serde_json::json!({"fr": {"play": "Lecture"}});
    });
    let out = phasemap(&["check", "--theatre", &dir], tmp.path());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    let line = text
        .lines()
        .find(|l| l.contains("page_words.fr"))
        .unwrap_or_else(|| panic!("no page words reported:\n{text}"));
    assert!(line.contains("pause") && line.contains("legend"), "{line}");
    assert!(!line.contains(" play,"), "play is given: {line}");
    // The page takes the theatre's word; the others come in English.
    let out = phasemap(&["html", "--theatre", &dir, "--out", "page"], tmp.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = std::fs::read_to_string(tmp.path().join("page/index.html")).unwrap();
    assert!(page.contains("<html lang=\"fr\">"));
    assert!(
        page.contains("&#9654;&#xFE0E; Lecture</button>"),
        "no Lecture"
    );
    assert!(page.contains("\"play\":\"Lecture\"") && page.contains("\"pause\":\"Pause\""));

    let bad = tmp.path().join("bad");
    std::fs::create_dir(&bad).unwrap();
    let dir = tiny_copy(&bad, |m| {
        m["page_words"] = serde_json::json!({"fr": {"plya": "Lecture"}});
    });
    let out = phasemap(&["check", "--theatre", &dir], tmp.path());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("page_words.fr: \"plya\" is not a word of the page") && err.contains("play"),
        "{err}"
    );
}

/// `serve` on a theatre folder that is not there fails at once, as `render`
/// does (exit 2, naming the file), instead of serving an error page; its
/// help names the default output folder it really uses.
#[test]
fn serve_refuses_a_missing_theatre_and_its_help_is_true() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("no-such-theatre");
    let mut child = Command::new(env!("CARGO_BIN_EXE_phasemap"))
        .args(["serve", "--port", "0", "--theatre"])
        .arg(&missing)
        .current_dir(tmp.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // A server that started would run until stopped: give it a while, then
    // stop it and fail.
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > std::time::Duration::from_secs(60) {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("serve started on a missing theatre folder");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(status.code(), Some(2), "{err}");
    assert!(
        err.contains("no-such-theatre") && err.contains("theatre.json"),
        "{err}"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("serving"));

    let help = phasemap(&["serve", "--help"], tmp.path());
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(text.contains("output/<theatre id>"), "{text}");
    assert!(!text.contains("folder name"), "{text}");
}

/// Options written before the subcommand (git's habit) are refused by the
/// parser, with the line to type instead.
#[test]
fn options_before_the_subcommand_get_the_line_to_type() {
    let tmp = tempfile::tempdir().unwrap();
    let out = phasemap(&["--style", "print", "--out", "x", "render"], tmp.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "hint: options go after the subcommand: phasemap render --style print --out x"
        ),
        "{stderr}"
    );
    assert!(!tmp.path().join("x").exists());
}

/// The summary tells labels left out on purpose at a small width (the
/// style's `phasemap:min-width`: Doru, a rank-3 place, on an article-sized
/// map) from labels that found no room, with the width it was drawn at.
#[test]
fn the_summary_counts_labels_left_out_at_this_width_apart_from_dropped_ones() {
    let tmp = tempfile::tempdir().unwrap();
    let summary = |width: &str| {
        let out = phasemap(
            &[
                "render",
                "--theatre",
                &tiny(),
                "--out",
                width,
                "--width",
                width,
                "--format",
                "svg",
                "--phase",
                "spring",
            ],
            tmp.path(),
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.lines()
            .find(|l| l.starts_with("labels spring:"))
            .unwrap_or_else(|| panic!("no label line: {text}"))
            .to_string()
    };
    let wide = summary("2400");
    assert_eq!(
        wide,
        "labels spring: 8 placed, 0 left out at 2400 px, 0 dropped for lack of room"
    );
    let narrow = summary("800");
    assert_eq!(
        narrow,
        "labels spring: 7 placed, 1 left out at 800 px, 0 dropped for lack of room"
    );
    let drawn = |w: &str| {
        std::fs::read_to_string(tmp.path().join(w).join("spring.svg"))
            .unwrap()
            .contains(">Doru<")
    };
    assert!(drawn("2400") && !drawn("800"));
}

/// `check` asks a translator for whole sentences: the legend texts with a
/// name in them are templates ("{power} advance"), never the pieces they
/// were once glued from (" advance", "Front line (", ")").
#[test]
fn check_lists_whole_legend_sentences_to_translate() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tiny_copy(tmp.path(), |m| {
        let title = m["title"].clone();
        m["title"] = serde_json::json!({"en": title, "da": "Ardenna-krigen, 1900"});
    });
    let out = phasemap(&["check", "--theatre", &dir, "--lang", "da"], tmp.path());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    let listed: Vec<&str> = text
        .lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix("style \"wikipedia\" phasemap:translations: ")
        })
        .collect();
    for whole in [
        "\"{power} advance\"",
        "\"{power} retreat\"",
        "\"Front line (teeth face away from {side})\"",
        "\"Front line (teeth face the enemy of {side})\"",
        "\"Front line (teeth face the enemy of {power})\"",
    ] {
        assert!(listed.contains(&whole), "{whole} not listed:\n{text}");
    }
    for piece in [
        "\")\"",
        "\"Front line (\"",
        "\" advance\"",
        "\" (partisans)\"",
    ] {
        assert!(!listed.contains(&piece), "{piece} listed:\n{text}");
    }
}
