//! Every command writes all of its outputs or none. Each test below makes
//! the command fail late: a folder stands where its last output would go,
//! so every earlier file has already been made when the failure comes.
//! Afterwards the output folder must hold no file at all (and no staging
//! folder or temporary file), and the error must name the file in the way.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::files_under;

fn tiny() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/theatres/tiny")
}

/// Runs `phasemap <args> --theatre tiny --out <out>` in `cwd`.
fn run(args: &[&str], out: &Path, cwd: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_phasemap"))
        .args(args)
        .arg("--theatre")
        .arg(tiny())
        .arg("--out")
        .arg(out)
        .current_dir(cwd)
        .output()
        .unwrap()
}

/// Runs `phasemap <args> --theatre tiny --out <tmp>/out` with a folder
/// named `last` in the output folder, and checks that nothing was written.
fn fails_late_and_leaves_nothing(args: &[&str], last: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let blocker = out.join(last);
    std::fs::create_dir_all(&blocker).unwrap();
    let output = run(args, &out, tmp.path());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{args:?} succeeded: {stderr}");
    assert!(
        stderr.contains(last) && stderr.contains("in the way"),
        "{args:?}: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        files_under(&out),
        Vec::<PathBuf>::new(),
        "{args:?} left files"
    );
    // Only the blocker remains: no staging folder.
    let names: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, [std::ffi::OsString::from(last)], "{args:?}");
}

#[test]
fn render() {
    // Phases are written in parallel; the PNG of the last phase is blocked.
    fails_late_and_leaves_nothing(
        &["render", "--width", "400", "--format", "svg,png,html"],
        "autumn.png",
    );
}

#[test]
fn html() {
    fails_late_and_leaves_nothing(&["html"], "index.html");
}

#[test]
fn sheet() {
    fails_late_and_leaves_nothing(&["sheet", "--width", "600"], "sheet.png");
}

#[test]
fn diff() {
    fails_late_and_leaves_nothing(
        &["diff", "spring", "autumn", "--width", "400"],
        "diff-spring-autumn.csv",
    );
}

#[test]
fn animate() {
    fails_late_and_leaves_nothing(&["animate", "--width", "300"], "animation.png");
}

#[test]
fn pdf() {
    fails_late_and_leaves_nothing(&["pdf", "--width", "400"], "autumn.pdf");
}

#[test]
fn pdf_sheet() {
    fails_late_and_leaves_nothing(&["pdf", "--sheet", "--width", "600"], "sheet.pdf");
}

#[test]
fn commons() {
    fails_late_and_leaves_nothing(&["commons", "--width", "400"], "animation.alt.txt");
}

#[test]
fn default_run() {
    // No subcommand: phase maps, page, sheet, change maps and animation.
    fails_late_and_leaves_nothing(&[], "animation.png");
}

/// The blocker names are real outputs: without it each command succeeds
/// and writes that file (so the tests above fail for the right reason).
#[test]
fn the_blocked_names_are_written_when_nothing_is_in_the_way() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    for (args, last) in [
        (
            &["diff", "spring", "autumn", "--width", "400"][..],
            "diff-spring-autumn.csv",
        ),
        (&["commons", "--width", "400"][..], "animation.alt.txt"),
        (
            &["render", "--width", "400", "--format", "svg,png"][..],
            "autumn.png",
        ),
    ] {
        let output = run(args, &out, tmp.path());
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(out.join(last).is_file(), "{args:?} did not write {last}");
    }
}
