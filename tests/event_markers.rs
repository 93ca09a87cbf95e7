//! Event symbols are not hidden under place names: a town's label is
//! painted over the events, so a symbol under it shows only its tips
//! (review of 2026-12-03, item 3: 15 markers half under a label at
//! 2400 px, 6 at 800 px). A symbol that would lie under a name moves
//! beside its place, with a leader, as it does off a town's dot.

mod common;

use common::builtin_session;

fn area(b: [f64; 4]) -> f64 {
    (b[2] - b[0]).max(0.0) * (b[3] - b[1]).max(0.0)
}

fn cut(a: [f64; 4], b: [f64; 4]) -> [f64; 4] {
    [
        a[0].max(b[0]),
        a[1].max(b[1]),
        a[2].min(b[2]),
        a[3].min(b[3]),
    ]
}

#[test]
fn no_event_symbol_lies_half_under_a_place_name() {
    let mut hidden = Vec::new();
    let mut seen = 0;
    for width in [800.0, 2400.0] {
        let s = builtin_session(width);
        let phases = s.select_phases(&[]).unwrap();
        for scene in s.scenes(&phases, &|| {}) {
            for (key, b) in scene
                .symbols
                .iter()
                .filter(|(k, _)| k.starts_with("event/"))
            {
                seen += 1;
                for l in scene.labels.iter().filter(|l| &l.key != key) {
                    let share = area(cut(*b, l.bbox)) / area(*b).max(1e-9);
                    if share >= 0.5 {
                        hidden.push(format!(
                            "{width} {} {key} {:.0}% under {:?}",
                            scene.phase,
                            share * 100.0,
                            l.text
                        ));
                    }
                }
            }
        }
    }
    println!("{seen} event symbols; hidden: {hidden:#?}");
    assert!(seen > 50, "only {seen} event symbols");
    assert!(hidden.is_empty(), "{} hidden: {hidden:#?}", hidden.len());
}
