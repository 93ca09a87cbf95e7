//! A town's name is not drawn across a front line (review 5): town labels
//! keep off every phase's fronts where one of their places allows, as they
//! keep off arrowheads. Counted on the built-in theatre's phase maps at
//! 2400 and 800 px.

mod common;

use phasemap::compose::Scene;

/// True when segment `a`-`b` passes through box `r`.
fn crosses(a: [f64; 2], b: [f64; 2], r: [f64; 4]) -> bool {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for (p, q) in [
        (-dx, a[0] - r[0]),
        (dx, r[2] - a[0]),
        (-dy, a[1] - r[1]),
        (dy, r[3] - a[1]),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else if p < 0.0 {
            t0 = t0.max(q / p);
        } else {
            t1 = t1.min(q / p);
        }
    }
    t1 > t0
}

/// The town labels of `scene` drawn across one of its fronts.
fn across(scene: &Scene) -> Vec<String> {
    let mut out = Vec::new();
    for l in scene.labels.iter().filter(|l| l.key.starts_with("towns/")) {
        let hit = scene.fronts.iter().any(|f| {
            f.lines
                .iter()
                .any(|line| line.windows(2).any(|s| crosses(s[0], s[1], l.bbox)))
        });
        if hit {
            out.push(format!("{} {}", scene.phase, l.text));
        }
    }
    out
}

#[test]
fn town_names_keep_off_the_fronts() {
    let mut over = Vec::new();
    // Bounds as measured (review 5): a town name keeps one place in every
    // phase while the fronts move, so a few cross one in some phase. Before
    // the fronts were obstacles: 16 at 2400 px, 12 at 800 px.
    for (width, bound) in [(2400.0, 11), (800.0, 10)] {
        let s = common::builtin_session(width);
        let scenes = s.scenes(&s.select_phases(&[]).unwrap(), &|| {});
        assert!(
            scenes.iter().any(|sc| !sc.fronts.is_empty()),
            "{width}: no front drawn"
        );
        let bad: Vec<String> = scenes.iter().flat_map(across).collect();
        eprintln!("{width}: {} town names across a front: {bad:?}", bad.len());
        if bad.len() > bound {
            over.push(format!("{width}: {} > {bound}: {bad:?}", bad.len()));
        }
    }
    assert!(over.is_empty(), "{over:?}");
}
