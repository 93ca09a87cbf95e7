//! The guide's example theatre (examples/russo-japanese-war) passes `check`,
//! renders with every built-in style, draws its powers in colours a reader
//! can tell apart, names each power drawn in the legend, and shows nothing
//! of the built-in theatre.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use phasemap::style::palette::{distance_all_visions, MIN_POWER_DISTANCE};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn example() -> PathBuf {
    root().join("examples/russo-japanese-war")
}

fn phasemap(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_phasemap"))
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap()
}

#[test]
fn check_accepts_the_example() {
    let dir = tempfile::tempdir().unwrap();
    let ex = example().display().to_string();
    let out = phasemap(&["check", "--theatre", &ex], dir.path());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("ok (5 phases"), "{stdout}");
}

#[test]
fn every_style_renders_the_example_without_the_built_in_theatre() {
    let dir = tempfile::tempdir().unwrap();
    let ex = example().display().to_string();
    for style in ["wikipedia", "projector", "print"] {
        let out_dir = dir.path().join(style);
        let o = out_dir.display().to_string();
        let out = phasemap(
            &[
                "render",
                "--theatre",
                &ex,
                "--style",
                style,
                "--out",
                &o,
                "--format",
                "svg",
                "--width",
                "1200",
            ],
            dir.path(),
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{style}: {stderr}");
        // Every layer has a role the built-in styles draw: no defaults needed.
        assert!(
            !stderr.contains("drawn with the role's default"),
            "{stderr}"
        );
        for phase in ["1904-02", "1904-05", "1904-09", "1905-01", "1905-03"] {
            let svg = std::fs::read_to_string(out_dir.join(format!("{phase}.svg"))).unwrap();
            for leak in [
                "Siberia",
                "Kolchak",
                "1918",
                "Vladivostok held",
                "Red partisans",
            ] {
                assert!(!svg.contains(leak), "{style} {phase}: \"{leak}\" leaked");
            }
            // The two belligerents are on every map and in its legend.
            assert!(svg.contains("Russian Empire"), "{style} {phase}");
            assert!(svg.contains("Empire of Japan"), "{style} {phase}");
        }
    }
}

#[test]
fn every_two_powers_differ_for_colour_blind_readers_and_each_has_a_legend_entry() {
    let s =
        phasemap::Session::open(&example(), "wikipedia", &root().join("styles"), 1200.0).unwrap();
    let codes: Vec<String> = s.theatre.powers.keys().cloned().collect();
    // Every pair: a sheet shows all phases, a change map any two.
    for (i, a) in codes.iter().enumerate() {
        for b in codes.iter().skip(i + 1) {
            let (ca, cb) = (
                s.style.palette.look(a).unwrap().color,
                s.style.palette.look(b).unwrap().color,
            );
            let d = distance_all_visions(ca, cb);
            assert!(d >= MIN_POWER_DISTANCE, "{a} and {b}: {d:.1}");
        }
    }
    let phases: Vec<&phasemap::model::Phase> = s.theatre.phases.iter().collect();
    for scene in s.scenes(&phases, &|| {}) {
        // Each power with a control zone drawn has its own legend entry.
        let drawn: std::collections::BTreeSet<&str> = scene
            .drawn
            .iter()
            .filter(|d| d.layer == "control")
            .filter_map(|d| s.theatre.layer("control").unwrap().features[d.index].str_prop("power"))
            .collect();
        for code in drawn {
            let name = s.theatre.power_name(code);
            assert!(
                scene.legend.iter().any(|(_, l)| l == name),
                "{}: no legend entry for {name}: {:?}",
                scene.phase,
                scene.legend
            );
        }
    }
}
