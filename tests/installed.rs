//! The binary as `cargo install` leaves it: copied away from the source
//! folder and run elsewhere, it renders the built-in theatre and styles
//! embedded in it. Folders named like the built-in ones where it runs
//! (`./styles`, `./geodata`) change nothing; only flags choose others.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A copy of the binary in `dir`, as an installed one would be.
fn install(dir: &Path) -> PathBuf {
    let bin = dir.join("phasemap");
    std::fs::copy(env!("CARGO_BIN_EXE_phasemap"), &bin).unwrap();
    bin
}

/// Runs the copied binary, whatever its exit status.
fn spawn(bin: &Path, args: &[&str], cwd: &Path) -> Output {
    // A binary just copied can be "busy" for a moment: another test thread
    // that forks meanwhile holds the copy's write handle until it execs.
    let mut tries = 0;
    loop {
        match Command::new(bin).args(args).current_dir(cwd).output() {
            Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy && tries < 50 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            other => break other.unwrap(),
        }
    }
}

fn run(bin: &Path, args: &[&str], cwd: &Path) -> Output {
    let out = spawn(bin, args, cwd);
    assert!(
        out.status.success(),
        "phasemap {args:?} in {}: {}",
        cwd.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The SVG files of `dir`, by name.
fn svgs(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "svg"))
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn an_installed_binary_draws_the_built_in_theatre_anywhere_and_ignores_decoys() {
    let clean = tempfile::tempdir().unwrap();
    let decoyed = tempfile::tempdir().unwrap();
    // Decoys: a style and a theatre under the built-in names, which would
    // change the maps (or fail the run) if phasemap read them.
    std::fs::create_dir_all(decoyed.path().join("styles")).unwrap();
    std::fs::write(
        decoyed.path().join("styles/wikipedia.json"),
        r##"{"version": 8, "name": "decoy", "layers": [{"id": "bg", "type": "background", "paint": {"background-color": "#ff0000"}}]}"##,
    )
    .unwrap();
    std::fs::create_dir_all(decoyed.path().join("geodata")).unwrap();
    std::fs::write(decoyed.path().join("geodata/theatre.json"), "not a theatre").unwrap();

    let args = [
        "render", "--format", "svg", "--width", "600", "--out", "maps",
    ];
    run(&install(clean.path()), &args, clean.path());
    run(&install(decoyed.path()), &args, decoyed.path());
    let (a, b) = (
        svgs(&clean.path().join("maps")),
        svgs(&decoyed.path().join("maps")),
    );
    assert!(!a.is_empty(), "no map written");
    assert_eq!(a.len(), b.len());
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{name} differs with ./styles and ./geodata present");
    }
}

#[test]
fn the_default_run_takes_theatre_style_and_out() {
    let tmp = tempfile::tempdir().unwrap();
    let bin = install(tmp.path());
    let mini = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/theatres/mini");
    run(
        &bin,
        &[
            "--theatre",
            &mini.display().to_string(),
            "--style",
            "print",
            "--out",
            "all",
        ],
        tmp.path(),
    );
    let out = tmp.path().join("all");
    for f in ["sheet.svg", "animation.png", "index.html"] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    assert!(!svgs(&out).is_empty());
    let svg = String::from_utf8(std::fs::read(out.join("sheet.svg")).unwrap()).unwrap();
    assert!(
        svg.contains("style \u{201c}print\u{201d}"),
        "not drawn in print"
    );
    // Nothing went to the default place.
    assert!(!tmp.path().join("output").exists());
}

#[test]
fn an_unknown_built_in_style_lists_the_embedded_ones() {
    let tmp = tempfile::tempdir().unwrap();
    let bin = install(tmp.path());
    let out = spawn(
        &bin,
        &["render", "--style", "nope", "--out", "x"],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("wikipedia") && err.contains("print"), "{err}");
}
