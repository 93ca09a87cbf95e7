//! The rasteriser's floor under the default run: `cargo bench --bench floor`.
//!
//! Writes the default run of the built-in theatre into a temporary folder,
//! then only parses, rasterises and encodes the SVG of every PNG it wrote
//! beside one (phase maps, change maps, sheet) with resvg, on all cores,
//! as the run itself does. Nothing of phasemap's own work is in it (no
//! loading, projecting, composing, labels, change areas, animation), so
//! the default run can never be faster than this while each PNG is what
//! its SVG renders to. Prints the median wall time of RUNS passes (5 by
//! default), the CPU time per step summed over files, and the default
//! run's own wall time beside it. Then the same for the peer reference
//! scene of `bench/run.sh` (one 2400x1600 PNG), to set beside Mapnik's
//! time there.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use phasemap::render::{self, Format};
use rayon::prelude::*;

fn main() {
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().expect("temporary folder");
    let req = phasemap::RenderRequest {
        theatre: root.join("geodata"),
        style: "wikipedia".into(),
        styles_dir: root.join("styles"),
        out: Some(tmp.path().join("out")),
        phases: Vec::new(),
        width: 2400.0,
        formats: vec![Format::Svg, Format::Png, Format::Html],
        outline_text: false,
        langs: Vec::new(),
    };
    let opts = phasemap::CompareOptions::default();
    let mut whole = Vec::new();
    for _ in 0..runs {
        let _ = std::fs::remove_dir_all(tmp.path().join("out"));
        let t = Instant::now();
        phasemap::default_run(&req, &opts, &|_| {}).expect("the default run");
        whole.push(t.elapsed());
    }
    let svgs: Vec<(PathBuf, String)> = std::fs::read_dir(tmp.path().join("out"))
        .expect("output folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "svg") && p.with_extension("png").exists())
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("SVG text");
            (p, text)
        })
        .collect();
    let (wall, steps) = floor(&svgs, runs);
    println!(
        "{} SVG+PNG pairs of the default run, {} threads, median of {runs}:",
        svgs.len(),
        rayon::current_num_threads()
    );
    report(wall, steps);
    println!("  the default run itself: {:.3} s wall", median(&mut whole));

    let scene = phasemap::RenderRequest {
        theatre: root.join("bench/scene"),
        style: root.join("bench/scene-style.json").display().to_string(),
        out: Some(tmp.path().join("scene")),
        formats: vec![Format::Svg],
        ..req
    };
    phasemap::render_phases(&scene, &|| {}).expect("the peer scene renders");
    let path = tmp.path().join("scene/scene.svg");
    let text = std::fs::read_to_string(&path).expect("scene.svg");
    let (wall, steps) = floor(&[(path, text)], runs.max(10));
    println!("the peer scene (bench/run.sh), one 2400x1600 PNG:");
    report(wall, steps);
}

/// Parses, rasterises and encodes every SVG on all cores, `runs` times:
/// the median wall time and the mean CPU time of each step summed over
/// the files.
fn floor(svgs: &[(PathBuf, String)], runs: usize) -> (f64, [Duration; 3]) {
    let mut walls = Vec::new();
    let mut steps = [Duration::ZERO; 3];
    for _ in 0..runs {
        let t = Instant::now();
        let per_file: Vec<[Duration; 3]> = svgs
            .par_iter()
            .map(|(p, svg)| {
                let what = p.display().to_string();
                let t0 = Instant::now();
                let tree = render::parse_svg(svg, &what).expect("parses");
                let t1 = Instant::now();
                let size = tree.size().to_int_size();
                let mut pixmap =
                    resvg::tiny_skia::Pixmap::new(size.width(), size.height()).expect("a page");
                resvg::render(
                    &tree,
                    resvg::tiny_skia::Transform::identity(),
                    &mut pixmap.as_mut(),
                );
                let t2 = Instant::now();
                std::hint::black_box(render::encode_png(&pixmap));
                [t1 - t0, t2 - t1, t2.elapsed()]
            })
            .collect();
        walls.push(t.elapsed());
        for f in per_file {
            for k in 0..3 {
                steps[k] += f[k] / runs as u32;
            }
        }
    }
    (median(&mut walls), steps)
}

fn median(v: &mut [Duration]) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64()
}

fn report(wall: f64, steps: [Duration; 3]) {
    println!("  resvg alone (parse, rasterise, encode): {wall:.3} s wall");
    println!(
        "    CPU summed over files: parse {:.3} s, rasterise {:.3} s, encode {:.3} s",
        steps[0].as_secs_f64(),
        steps[1].as_secs_f64(),
        steps[2].as_secs_f64()
    );
}
