//! Runs the binary on every case of the bad-input corpus in `tests/bad/`.
//!
//! A case is a folder `tests/bad/<case>/` holding:
//! - `expected.txt`: fragments, one per line, that stderr must contain;
//!   `{tmp}` and `{theatre}` stand for the temporary folder and the theatre;
//! - `theatre/` (optional): files laid over the small theatre in `_base/theatre`;
//! - `style.json` (optional): replaces `_base/style.json`;
//! - `args` (optional): the command line, with `{theatre}`, `{style}`,
//!   `{out}` and `{tmp}`; default: render both phases as SVG at 400 px;
//! - `exit` (optional): the expected exit code, default 2 (bad input);
//! - `setup` (optional): a generator for inputs too big to commit
//!   (`million-vertices`, `deep-collections`, `very-deep-collections`,
//!   `huge-file`, `zigzag`, `retracing-line`, `huge-caption`), `a-file` (a regular file at `{tmp}/a-file`),
//!   files that are not what they seem (`symlink-outside`, `dev-zero`,
//!   `fifo`: the land layer) or `bom` (a byte order mark before the manifest).
//!
//! Every case must exit with its code within [`TIMEOUT`] (a hang fails),
//! print its fragments, print no panic and, unless it succeeds, leave
//! nothing in the output folder.

mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A case still running after this is a hang (every case takes well under a
/// second in a release build; this is not a speed test).
const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

const DEFAULT_ARGS: &str =
    "render --theatre {theatre} --style {style} --out {out} --width 400 --format svg";

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

fn feature_collection(id: &str, geometry: &str) -> String {
    format!(
        r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"id":"{id}"}},"geometry":{geometry}}}]}}"#
    )
}

/// A polygon ring of `n` positions (a closed circle) as GeoJSON.
fn big_polygon(n: usize) -> String {
    let mut s = String::with_capacity(n * 40);
    s.push_str(r#"{"type":"Polygon","coordinates":[["#);
    for i in 0..n {
        let a = if i + 1 == n {
            0.0
        } else {
            std::f64::consts::TAU * i as f64 / (n - 1) as f64
        };
        if i > 0 {
            s.push(',');
        }
        let _ = write!(
            s,
            "[{:.7},{:.7}]",
            100.0 + 5.0 * a.cos(),
            50.0 + 3.0 * a.sin()
        );
    }
    s.push_str("]]}");
    s
}

/// A point inside `depth` nested GeometryCollections.
fn nested_collections(depth: usize) -> String {
    let open = r#"{"type":"GeometryCollection","geometries":["#;
    let mut s = open.repeat(depth);
    s.push_str(r#"{"type":"Point","coordinates":[100,50]}"#);
    s.push_str(&"]}".repeat(depth));
    s
}

fn setup(kind: &str, tmp: &Path, theatre: &Path) {
    let land = theatre.join("land.geojson");
    match kind {
        "a-file" => std::fs::write(tmp.join("a-file"), "not a folder").unwrap(),
        "million-vertices" => {
            std::fs::write(land, feature_collection("big", &big_polygon(1_000_000))).unwrap()
        }
        "deep-collections" => {
            std::fs::write(land, feature_collection("deep", &nested_collections(6))).unwrap()
        }
        "very-deep-collections" => std::fs::write(
            land,
            feature_collection("deep", &nested_collections(100_000)),
        )
        .unwrap(),
        // A control polygon whose top edge zigzags: every vertex is kept
        // by simplification, which must not recurse once per vertex.
        "zigzag" => {
            let n = 20_000;
            let mut s = String::from(r#"{"type":"Polygon","coordinates":[["#);
            for i in 0..n {
                let x = 92.0 + 16.0 * i as f64 / (n - 1) as f64;
                let y = if i % 2 == 0 { 53.0 } else { 54.0 };
                let _ = write!(s, "[{x:.7},{y}],");
            }
            s.push_str("[108,46],[92,46],[92,53]]]}");
            std::fs::write(land, feature_collection("zigzag", &s)).unwrap()
        }
        // A line that retraces one edge 50,000 times: densified by the
        // projection it is a curve drawn back and forth, on which plain
        // Douglas-Peucker peels one arc per split (minutes of work).
        "retracing-line" => {
            let mut s = String::from(r#"{"type":"LineString","coordinates":["#);
            for i in 0..100_000 {
                s.push_str(if i % 2 == 0 { "[92,46]," } else { "[108,54]," });
            }
            s.pop();
            s.push_str("]}");
            std::fs::write(land, feature_collection("retrace", &s)).unwrap()
        }
        "symlink-outside" => {
            let secret = tmp.join("secret.geojson");
            std::fs::write(
                &secret,
                feature_collection("secret", r#"{"type":"Point","coordinates":[100,50]}"#),
            )
            .unwrap();
            std::fs::remove_file(&land).unwrap();
            std::os::unix::fs::symlink(&secret, land).unwrap()
        }
        "dev-zero" => {
            std::fs::remove_file(&land).unwrap();
            std::os::unix::fs::symlink("/dev/zero", land).unwrap()
        }
        "fifo" => {
            std::fs::remove_file(&land).unwrap();
            let ok = Command::new("mkfifo").arg(&land).status().unwrap();
            assert!(ok.success(), "mkfifo failed");
        }
        // A caption of 100 KB makes a page too tall to rasterise.
        "huge-caption" => {
            let manifest = theatre.join("theatre.json");
            let text = std::fs::read_to_string(&manifest).unwrap();
            let words: Vec<String> = (0..15_000).map(|i| format!("word{i}")).collect();
            let text = text.replacen(
                r#""caption": "One""#,
                &format!(r#""caption": "{}""#, words.join(" ")),
                1,
            );
            std::fs::write(manifest, text).unwrap()
        }
        "bom" => {
            let manifest = theatre.join("theatre.json");
            let text = std::fs::read_to_string(&manifest).unwrap();
            std::fs::write(manifest, format!("\u{feff}{text}")).unwrap()
        }
        // Sparse: one byte over phasemap's limit without writing 256 MiB.
        "huge-file" => std::fs::File::create(land)
            .unwrap()
            .set_len(phasemap::limits::MAX_INPUT_BYTES + 1)
            .unwrap(),
        other => panic!("unknown setup {other:?}"),
    }
}

/// Runs `cmd` to the end, or kills it after [`TIMEOUT`] and returns `None`.
fn run_with_timeout(cmd: &mut Command) -> Option<std::process::Output> {
    use std::process::Stdio;
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let id = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(TIMEOUT) {
        Ok(out) => Some(out.unwrap()),
        Err(_) => {
            // Only the child this test started, by its id.
            let _ = Command::new("kill").arg("-9").arg(id.to_string()).status();
            None
        }
    }
}

/// Runs one case; returns a description of what went wrong.
fn run_case(case: &Path, base: &Path) -> Result<(), String> {
    let name = case.file_name().unwrap().to_string_lossy().to_string();
    let tmp = tempfile::tempdir().unwrap();
    let tmp_path = tmp.path();
    let theatre = tmp_path.join("theatre");
    copy_dir(&base.join("theatre"), &theatre);
    if case.join("theatre").is_dir() {
        copy_dir(&case.join("theatre"), &theatre);
    }
    let style = tmp_path.join("style.json");
    let style_src = if case.join("style.json").is_file() {
        case.join("style.json")
    } else {
        base.join("style.json")
    };
    std::fs::copy(style_src, &style).unwrap();
    let out = tmp_path.join("out");
    if let Ok(kind) = std::fs::read_to_string(case.join("setup")) {
        setup(kind.trim(), tmp_path, &theatre);
    }
    let fill = |s: &str| {
        s.replace("{theatre}", &theatre.display().to_string())
            .replace("{style}", &style.display().to_string())
            .replace("{out}", &out.display().to_string())
            .replace("{tmp}", &tmp_path.display().to_string())
    };
    let args = std::fs::read_to_string(case.join("args")).unwrap_or_else(|_| DEFAULT_ARGS.into());
    let args: Vec<String> = args.split_whitespace().map(fill).collect();
    let expected_code: i32 = std::fs::read_to_string(case.join("exit"))
        .map(|s| s.trim().parse().unwrap())
        .unwrap_or(2);
    let expected = std::fs::read_to_string(case.join("expected.txt"))
        .map_err(|e| format!("{name}: no expected.txt: {e}"))?;

    let Some(output) = run_with_timeout(
        Command::new(env!("CARGO_BIN_EXE_phasemap"))
            .args(&args)
            .current_dir(tmp_path)
            .env("RUST_BACKTRACE", "1"),
    ) else {
        return Err(format!(
            "case {name} ({}): still running after {TIMEOUT:?} (a hang)",
            args.join(" ")
        ));
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut problems = Vec::new();
    if output.status.code() != Some(expected_code) {
        problems.push(format!(
            "exit code {:?}, expected {expected_code}",
            output.status.code()
        ));
    }
    for fragment in expected.lines().filter(|l| !l.trim().is_empty()) {
        let fragment = fill(fragment);
        if !stderr.contains(&fragment) {
            problems.push(format!("stderr lacks {fragment:?}"));
        }
    }
    if stderr.contains("panicked") || stderr.contains("stack backtrace") {
        problems.push("stderr shows a panic".into());
    }
    let written = common::files_under(&out);
    if expected_code == 0 {
        for f in &written {
            if f.extension().is_some_and(|e| e == "svg") {
                let text = std::fs::read_to_string(f).unwrap();
                if !text.trim_end().ends_with("</svg>") {
                    problems.push(format!("{} is incomplete", f.display()));
                }
                // Well-formed XML, and no number JavaScript would write but
                // SVG does not read.
                let opts = resvg::usvg::Options::default();
                if let Err(e) = resvg::usvg::Tree::from_str(&text, &opts) {
                    problems.push(format!("{} does not parse: {e}", f.display()));
                }
                for bad in ["NaN", "\"inf", "-inf", " inf", ",inf", "(inf"] {
                    if text.contains(bad) {
                        problems.push(format!("{} contains {bad}", f.display()));
                    }
                }
            }
        }
        if written.is_empty() && args.first().is_some_and(|a| a == "render") {
            problems.push("a successful render wrote nothing".into());
        }
    } else if !written.is_empty() {
        problems.push(format!("output left behind: {written:?}"));
    }
    let parts: Vec<PathBuf> = common::files_under(tmp_path)
        .into_iter()
        .filter(|p| p.to_string_lossy().contains(".phasemap-"))
        .collect();
    if !parts.is_empty() {
        problems.push(format!("temporary files left behind: {parts:?}"));
    }
    if problems.is_empty() {
        // Shown with `cargo test --test bad_input -- --nocapture`.
        println!("{name}: exit {expected_code}: {}", stderr.trim());
        Ok(())
    } else {
        Err(format!(
            "case {name} ({}):\n  {}\n--- stderr ---\n{}",
            args.join(" "),
            problems.join("\n  "),
            stderr.chars().take(2000).collect::<String>()
        ))
    }
}

#[test]
fn every_bad_input_gets_a_clear_error() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad");
    let base = root.join("_base");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && !p.file_name().unwrap().to_string_lossy().starts_with('_'))
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 30,
        "the corpus shrank: {} cases",
        cases.len()
    );
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| run_case(c, &base).err())
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// The base theatre itself renders cleanly: otherwise every case above
/// could pass for the wrong reason.
#[test]
fn the_base_theatre_is_good() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad/_base");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let output = Command::new(env!("CARGO_BIN_EXE_phasemap"))
        .arg("render")
        .arg("--theatre")
        .arg(base.join("theatre"))
        .arg("--style")
        .arg(base.join("style.json"))
        .arg("--out")
        .arg(&out)
        .args(["--width", "400", "--format", "svg"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    assert!(out.join("p1.svg").is_file() && out.join("p2.svg").is_file());
}

/// A zone stored as a GeometryCollection (a polygon and the point where a
/// clip touched the coast) is drawn from its polygon and counted by the
/// change map: the ground passes from the Whites to the Reds, it is not
/// "lost" (the warning is checked by the case `collection-zone-warns`).
#[test]
fn a_zone_given_as_a_geometry_collection_is_counted_by_the_change_map() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad");
    let tmp = tempfile::tempdir().unwrap();
    let theatre = tmp.path().join("theatre");
    copy_dir(&root.join("_base/theatre"), &theatre);
    copy_dir(&root.join("collection-zone-warns/theatre"), &theatre);
    let out = tmp.path().join("out");
    let output = Command::new(env!("CARGO_BIN_EXE_phasemap"))
        .args(["diff", "p1", "p2", "--width", "400", "--theatre"])
        .arg(&theatre)
        .arg("--style")
        .arg(root.join("_base/style.json"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let csv = std::fs::read_to_string(out.join("diff-p1-p2.csv")).unwrap();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 1, "{csv}");
    assert!(rows[0].starts_with("WH,RED,"), "{csv}");
}
