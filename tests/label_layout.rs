//! One label layout for every output: a sheet's panels and an animation's
//! frames, drawn at widths of their own, keep the labels where the phase
//! maps put them (scaled): beside a town, on the same side of it; a sea's
//! or a river's name, near the same spot. Asserted over the built-in
//! theatre: 85-92% of the labels agree (the rest do not fit where the
//! phase map has them: text keeps a legible size, so it is relatively
//! larger on a smaller map); placed each at its own width, 74-75%.

mod common;

use std::collections::BTreeMap;

use common::{request, root, session};
use phasemap::compose::{LabelLayout, PlacedLabel, Scene};
use phasemap::CompareOptions;

/// One map's labels and symbol boxes by key, and its size.
struct Map<'a> {
    size: [f64; 2],
    labels: &'a [PlacedLabel],
    symbols: BTreeMap<&'a str, [f64; 4]>,
}

impl<'a> Map<'a> {
    fn new(size: [f64; 2], labels: &'a [PlacedLabel], symbols: &'a [(String, [f64; 4])]) -> Self {
        Map {
            size,
            labels,
            symbols: symbols.iter().map(|(k, b)| (k.as_str(), *b)).collect(),
        }
    }

    fn of_scene(s: &'a Scene) -> Self {
        let r = s.map_rect;
        Map::new([r[2] - r[0], r[3] - r[1]], &s.labels, &s.symbols)
    }
}

fn centre(b: [f64; 4]) -> (f64, f64) {
    ((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0)
}

/// Side of a label's box from its place's symbol: left/centre/right and
/// above/level/below, a quarter of the box's size counting as level.
fn side(label: [f64; 4], dot: [f64; 4]) -> (i8, i8) {
    let ((lx, ly), (dx, dy)) = (centre(label), centre(dot));
    let s = |d: f64, size: f64| {
        if d.abs() <= 0.25 * size {
            0
        } else {
            d.signum() as i8
        }
    };
    (
        s(lx - dx, label[2] - label[0]),
        s(ly - dy, label[3] - label[1]),
    )
}

/// (labels in both maps, labels placed alike): beside a symbol, on the
/// same side of it (the two directions from the symbol less than 90 degrees
/// apart: right and upper right agree, right and above do not); elsewhere,
/// centres within 4% of the map's width (scaled to one size).
fn agreement(reference: &Map, other: &Map) -> (usize, usize) {
    let (mut both, mut alike) = (0, 0);
    let by_key: BTreeMap<(&str, &str), &PlacedLabel> = other
        .labels
        .iter()
        .map(|l| ((l.layer.as_str(), l.key.as_str()), l))
        .collect();
    let (sx, sy) = (
        other.size[0] / reference.size[0],
        other.size[1] / reference.size[1],
    );
    for a in reference.labels {
        let Some(b) = by_key.get(&(a.layer.as_str(), a.key.as_str())) else {
            continue;
        };
        both += 1;
        let same = match (
            reference.symbols.get(a.key.as_str()),
            other.symbols.get(a.key.as_str()),
        ) {
            (Some(da), Some(db)) => {
                let (p, q) = (side(a.bbox, *da), side(b.bbox, *db));
                i16::from(p.0) * i16::from(q.0) + i16::from(p.1) * i16::from(q.1) > 0
            }
            _ => {
                let ((ax, ay), (bx, by)) = (centre(a.bbox), centre(b.bbox));
                (ax * sx - bx).hypot(ay * sy - by) <= 0.04 * other.size[0]
            }
        };
        alike += usize::from(same);
    }
    (both, alike)
}

/// Share of labels placed alike over all phases, and how many compared.
fn share(pairs: &[(Map, Map)], what: &str) -> f64 {
    let (mut both, mut alike) = (0, 0);
    for (a, b) in pairs {
        let (n, k) = agreement(a, b);
        both += n;
        alike += k;
    }
    let share = alike as f64 / both.max(1) as f64;
    println!(
        "{what}: {alike} of {both} labels placed alike ({:.1}%)",
        share * 100.0
    );
    assert!(both >= 100, "{what}: only {both} labels compared");
    share
}

#[test]
fn sheet_panels_and_animation_frames_keep_the_phase_maps_label_places() {
    let req = request(&root().join("geodata"), 2400.0);
    let maps = session(&req);
    let phases = maps.select_phases(&[]).unwrap();
    let scenes = maps.scenes(&phases, &|| {});
    let by_phase: BTreeMap<&str, &Scene> = scenes.iter().map(|s| (s.phase.as_str(), s)).collect();

    // The sheet (its own reference, as the `sheet` command makes it).
    let sheet = phasemap::sheet_scene(&req, None).unwrap();
    assert_eq!(sheet.panels.len(), scenes.len());
    let pairs: Vec<(Map, Map)> = sheet
        .panels
        .iter()
        .map(|p| {
            let r = p.rect;
            (
                Map::of_scene(by_phase[p.phase.as_str()]),
                Map::new([r[2] - r[0], r[3] - r[1]], &p.labels, &p.symbols),
            )
        })
        .collect();
    let sheet_share = share(&pairs, "sheet panels");

    // The animation, at its own width and at article width.
    let layout = LabelLayout::of(&scenes);
    let mut frame_shares = Vec::new();
    for width in [1000.0, 800.0] {
        let opts = CompareOptions {
            animation_width: width,
            ..CompareOptions::default()
        };
        let session =
            phasemap::animation_session(&maps.theatre, &maps.style, &req, &opts, Some(&layout))
                .unwrap();
        let frames = session.scenes(&phases, &|| {});
        let pairs: Vec<(Map, Map)> = frames
            .iter()
            .map(|f| (Map::of_scene(by_phase[f.phase.as_str()]), Map::of_scene(f)))
            .collect();
        frame_shares.push(share(&pairs, &format!("animation frames at {width} px")));
    }
    for (what, s) in [
        ("sheet panels", sheet_share),
        ("animation frames at 1000 px", frame_shares[0]),
        ("animation frames at 800 px", frame_shares[1]),
    ] {
        // 82.2% at 800 px before displaced event symbols kept nearer their
        // own place than any other town (their numbers follow them, and the
        // spot that does depends on the width): 81.3% since; 80.9% since a
        // town's name may no longer hug its dot beside another town's (the
        // place that is nearer its own dot than any other differs with the
        // width more often).
        assert!(
            s >= 0.80,
            "{what}: {:.1}% of the labels are placed as on the phase maps",
            s * 100.0
        );
    }
}
