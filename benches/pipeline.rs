//! Per-stage timings of the built-in theatre at the default width (2400 px),
//! phase 1920-02 (the busiest): `cargo bench` (add `-- STAGE` to run one).

use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use phasemap::{compose, load, project, render};

const PHASE: &str = "1920-02";

fn stages(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let geodata = root.join("geodata");
    let styles = root.join("styles");
    let theatre = load::load_theatre(&geodata).expect("geodata loads");
    let mut style = load::load_style("wikipedia", &styles).expect("style loads");
    style.bind(&theatre);
    let layout = compose::Layout::new(2400.0);
    let projected = project::project_theatre(&theatre, layout.map_w).expect("projects");
    let phase = theatre.phase(PHASE).expect("phase exists");
    let prepared = compose::prepare(&theatre, &projected, &style, layout);
    let scene = compose::compose(&prepared, phase);
    let pixmap = render::rasterize(&scene.svg, PHASE).expect("rasterises");

    let mut g = c.benchmark_group("stage");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    g.bench_function("load", |b| b.iter(|| load::load_theatre(&geodata).unwrap()));
    g.bench_function("project", |b| {
        b.iter(|| project::project_theatre(&theatre, layout.map_w).unwrap())
    });
    g.bench_function("compose", |b| {
        b.iter(|| {
            let p = compose::prepare(&theatre, &projected, &style, layout);
            compose::compose(&p, phase)
        })
    });
    g.bench_function("rasterise", |b| {
        b.iter(|| render::rasterize(&scene.svg, PHASE).unwrap())
    });
    g.bench_function("png_encode", |b| b.iter(|| render::encode_png(&pixmap)));
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
