//! Golden images of the tiny made-up theatre (tests/theatres/tiny): SVG
//! compared as text, PNG compared per channel with a small tolerance.
//! `PHASEMAP_BLESS=1 cargo test --test golden` writes the references (CI
//! never sets it): without it a missing reference fails like a wrong one.
//! A failing PNG comparison writes expected | diff | actual to tests/diffs/,
//! a failing or missing SVG the actual SVG.

use std::path::{Path, PathBuf};

use phasemap::render::{encode_png, rasterize};
use phasemap::Session;

/// Largest allowed difference of one channel of one pixel.
const CHANNEL_TOLERANCE: u8 = 8;
/// Share of pixels allowed to differ by more than the tolerance.
const PIXEL_SHARE: f64 = 0.001;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bless() -> bool {
    std::env::var_os("PHASEMAP_BLESS").is_some()
}

/// Where a failing comparison leaves what it saw.
fn diffs_dir() -> PathBuf {
    let dir = root().join("tests/diffs");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Fails for a missing reference, leaving the actual output in tests/diffs/.
fn missing(path: &Path, name: &str, actual: &[u8]) -> ! {
    let out = diffs_dir().join(name);
    std::fs::write(&out, actual).unwrap();
    panic!(
        "no golden file {} (actual output written to {}); \
         check it, then run PHASEMAP_BLESS=1 cargo test --test golden to keep it",
        path.display(),
        out.display()
    );
}

fn compare_png(name: &str, actual: &resvg::tiny_skia::Pixmap) {
    let path = root().join("tests/golden").join(format!("{name}.png"));
    if bless() {
        std::fs::write(&path, encode_png(actual)).unwrap();
        return;
    }
    if !path.exists() {
        missing(&path, &format!("{name}.actual.png"), &encode_png(actual));
    }
    let expected = resvg::tiny_skia::Pixmap::load_png(&path).unwrap();
    let same_size = expected.width() == actual.width() && expected.height() == actual.height();
    let mut bad = 0usize;
    if same_size {
        for (e, a) in expected.data().iter().zip(actual.data()) {
            if e.abs_diff(*a) > CHANNEL_TOLERANCE {
                bad += 1;
            }
        }
    }
    let share = bad as f64 / actual.data().len() as f64;
    if !same_size || share > PIXEL_SHARE {
        let diff_path = write_diff(name, &expected, actual);
        panic!(
            "{name}.png differs from the golden image ({}x{} vs {}x{}, {:.3}% channels off); see {}",
            expected.width(),
            expected.height(),
            actual.width(),
            actual.height(),
            share * 100.0,
            diff_path.display()
        );
    }
}

/// expected | diff (red where channels differ) | actual, side by side.
fn write_diff(name: &str, e: &resvg::tiny_skia::Pixmap, a: &resvg::tiny_skia::Pixmap) -> PathBuf {
    let (w, h) = (e.width().max(a.width()), e.height().max(a.height()));
    let mut out = resvg::tiny_skia::Pixmap::new(w * 3, h).unwrap();
    let px = |p: &resvg::tiny_skia::Pixmap, x: u32, y: u32| {
        (x < p.width() && y < p.height()).then(|| p.pixel(x, y).unwrap().demultiply())
    };
    for y in 0..h {
        for x in 0..w {
            let (pe, pa) = (px(e, x, y), px(a, x, y));
            let put = |out: &mut resvg::tiny_skia::Pixmap,
                       ox: u32,
                       c: Option<resvg::tiny_skia::ColorU8>| {
                let c = c.unwrap_or(resvg::tiny_skia::ColorU8::from_rgba(255, 0, 255, 255));
                let i = ((y * w * 3 + ox + x) * 4) as usize;
                out.data_mut()[i..i + 4].copy_from_slice(&[c.red(), c.green(), c.blue(), 255]);
            };
            put(&mut out, 0, pe);
            put(&mut out, 2 * w, pa);
            let differs = match (pe, pa) {
                (Some(a), Some(b)) => {
                    a.red()
                        .abs_diff(b.red())
                        .max(a.green().abs_diff(b.green()))
                        .max(a.blue().abs_diff(b.blue()))
                        > CHANNEL_TOLERANCE
                }
                _ => true,
            };
            let d = if differs {
                resvg::tiny_skia::ColorU8::from_rgba(255, 0, 0, 255)
            } else {
                resvg::tiny_skia::ColorU8::from_rgba(235, 235, 235, 255)
            };
            put(&mut out, w, Some(d));
        }
    }
    let dir = root().join("tests/diffs");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}-expected-diff-actual.png"));
    out.save_png(&path).unwrap();
    path
}

fn compare_svg(name: &str, actual: &str) {
    let path = root().join("tests/golden").join(format!("{name}.svg"));
    if bless() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    if !path.exists() {
        missing(&path, &format!("{name}.actual.svg"), actual.as_bytes());
    }
    let expected = std::fs::read_to_string(&path).unwrap();
    if expected != actual {
        let out = diffs_dir().join(format!("{name}.actual.svg"));
        std::fs::write(&out, actual).unwrap();
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .map_or(0, |i| i + 1);
        panic!(
            "{name}.svg differs from the golden SVG (first at line {line}); actual written to {}",
            out.display()
        );
    }
}

fn session(width: f64) -> Session {
    Session::open(
        &root().join("tests/theatres/tiny"),
        "wikipedia",
        &root().join("styles"),
        width,
    )
    .unwrap()
}

#[test]
fn tiny_theatre_matches_golden_images() {
    let s = session(800.0);
    let phases = s.select_phases(&[]).unwrap();
    for scene in s.scenes(&phases, &|| {}) {
        let name = format!("tiny-{}-800px", scene.phase);
        compare_svg(&name, &scene.svg);
        compare_png(&name, &rasterize(&scene.svg, &name).unwrap());
    }
}

#[test]
#[should_panic(expected = "no golden file")]
fn a_missing_golden_fails() {
    if bless() {
        // Blessing would write the reference; this test is about not blessing.
        panic!("no golden file: (not checked while blessing)");
    }
    compare_svg("missing-on-purpose", "<svg/>");
}

#[test]
fn golden_files_are_small() {
    for entry in std::fs::read_dir(root().join("tests/golden")).unwrap() {
        let p = entry.unwrap().path();
        let len = std::fs::metadata(&p).unwrap().len();
        assert!(len < 200_000, "{} is {len} bytes", p.display());
    }
    let _ = Path::new(".");
}
