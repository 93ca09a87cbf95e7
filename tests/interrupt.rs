//! An interrupted render never leaves a half-written map: every output file
//! is complete or absent. After Ctrl-C (SIGINT) no temporary file remains
//! either; after SIGKILL, which cannot be caught, a staging folder or a
//! `.phasemap-*.part` file may remain, never under a map's name, and the next
//! command writing to that folder removes it.
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The small test theatre with `n` phases, so a render takes a while.
fn theatre_with_phases(dir: &Path, n: usize) -> PathBuf {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad/_base/theatre");
    let theatre = dir.join("theatre");
    std::fs::create_dir(&theatre).unwrap();
    for f in ["land.geojson", "towns.geojson"] {
        std::fs::copy(base.join(f), theatre.join(f)).unwrap();
    }
    let mut manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(base.join("theatre.json")).unwrap()).unwrap();
    let phases: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let year = 1900 + i;
            serde_json::json!({
                "id": format!("p{i}"), "title": format!("Phase {i}"),
                "start_date": format!("{year}-01-01"), "end_date": format!("{}-01-01", year + 1),
                "snapshot": format!("{year}-06-01"), "caption": "Caption",
            })
        })
        .collect();
    manifest["phases"] = serde_json::Value::Array(phases);
    std::fs::write(theatre.join("theatre.json"), manifest.to_string()).unwrap();
    theatre
}

fn spawn_render(tmp: &Path, theatre: &Path, out: &Path) -> Child {
    let style = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad/_base/style.json");
    Command::new(env!("CARGO_BIN_EXE_phasemap"))
        .arg("render")
        .arg("--theatre")
        .arg(theatre)
        .arg("--style")
        .arg(style)
        .arg("--out")
        .arg(out)
        .args(["--width", "6000", "--format", "svg,png"])
        .current_dir(tmp)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits until something appears in `out` (a temporary or a finished file).
fn wait_for_first_file(child: &mut Child, out: &Path) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(300) {
        if std::fs::read_dir(out).is_ok_and(|mut rd| rd.next().is_some()) {
            return;
        }
        if child.try_wait().unwrap().is_some() {
            return;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    panic!("the render wrote nothing in 300 s");
}

/// Every map in `out` is complete; returns the names of leftover temporaries.
fn check_outputs(out: &Path) -> Vec<String> {
    let mut parts = Vec::new();
    for e in std::fs::read_dir(out).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        // A command's staging folder: nothing in it is published yet.
        if p.is_dir() && name.starts_with(".phasemap-") && name.ends_with(".staging") {
            parts.push(name);
            continue;
        }
        let bytes = std::fs::read(&p).unwrap();
        if name.ends_with(".svg") {
            let text = String::from_utf8(bytes).unwrap();
            assert!(text.trim_end().ends_with("</svg>"), "{name} is incomplete");
        } else if name.ends_with(".png") {
            assert!(
                bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
                "{name}: no PNG signature"
            );
            assert!(
                bytes.ends_with(b"IEND\xae\x42\x60\x82"),
                "{name} is incomplete ({} bytes)",
                bytes.len()
            );
        } else if name.starts_with(".phasemap-") && name.ends_with(".part") {
            parts.push(name);
        } else {
            panic!("unexpected file {name}");
        }
    }
    parts
}

#[test]
fn ctrl_c_leaves_only_complete_files() {
    let tmp = tempfile::tempdir().unwrap();
    // Many large phases: the render is far from done when the first file
    // appears, so the signal always finds it running.
    let theatre = theatre_with_phases(tmp.path(), 16);
    let out = tmp.path().join("out");
    let mut child = spawn_render(tmp.path(), &theatre, &out);
    wait_for_first_file(&mut child, &out);
    assert!(
        child.try_wait().unwrap().is_none(),
        "the render ended before it could be interrupted"
    );
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    // The documented exit code after Ctrl-C: 128 + SIGINT.
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    let parts = check_outputs(&out);
    assert!(parts.is_empty(), "temporary files left: {parts:?}");
}

#[test]
fn sigkill_leaves_no_partial_map() {
    let tmp = tempfile::tempdir().unwrap();
    let theatre = theatre_with_phases(tmp.path(), 4);
    let out = tmp.path().join("out");
    let mut child = spawn_render(tmp.path(), &theatre, &out);
    wait_for_first_file(&mut child, &out);
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    // Temporaries may remain after SIGKILL, but no map is partial.
    check_outputs(&out);
    // The next command removes them (the killed one holds no lock now).
    let again = spawn_render(tmp.path(), &theatre, &out)
        .wait_with_output()
        .unwrap();
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let left = check_outputs(&out);
    assert!(left.is_empty(), "left after the next run: {left:?}");
}
