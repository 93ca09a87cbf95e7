//! `"corner": "auto"`: each phase's map puts an inset in the free corner
//! where it hides least; an inset in a fixed corner over a town dot or an
//! event symbol is named in a warning (review 5, issue 20).

mod common;

use phasemap::compose::{boxes_overlap, Scene};
use phasemap::model::{Corner, Inset, Theatre};
use phasemap::Session;

use common::{load_theatre, root};

/// An inset over the tiny theatre's battle, big enough that some corners
/// of the map hold a town or the battle under it.
fn big_inset(corner: Option<Corner>) -> Inset {
    Inset {
        id: "mira".into(),
        title: "Mira (4 × scale)".into(),
        area: [12.4, 41.0, 13.0, 41.5],
        zoom: 4.0,
        corner,
        phases: Vec::new(),
    }
}

fn session(theatre: Theatre, style: &str, width: f64) -> Session {
    let style = phasemap::load::load_style(style, &root().join("styles")).unwrap();
    Session::new(theatre, style, width).unwrap()
}

fn scenes(s: &Session) -> Vec<Scene> {
    s.scenes(&s.select_phases(&[]).unwrap(), &|| {})
}

/// The town dots and event symbols the insets of `scene` cover.
fn covered(scene: &Scene) -> Vec<String> {
    let mut out = Vec::new();
    for (id, b) in &scene.insets {
        for (key, sym) in &scene.symbols {
            if boxes_overlap(*b, *sym) {
                out.push(format!("{id}: {key}"));
            }
        }
    }
    out
}

#[test]
fn an_auto_inset_takes_a_corner_that_hides_no_town_or_event() {
    for width in [2400.0, 800.0] {
        // What each fixed corner covers, phase by phase.
        let mut free_somewhere = [false; 2];
        let mut covering = Vec::new();
        for c in Corner::ALL {
            let mut t = load_theatre("tests/theatres/tiny");
            t.insets = vec![big_inset(Some(c))];
            let s = session(t, "wikipedia", width);
            let warned: Vec<&String> = s
                .theatre
                .warnings
                .iter()
                .filter(|w| w.starts_with("inset \"mira\""))
                .collect();
            for (k, scene) in scenes(&s).iter().enumerate() {
                let hidden = covered(scene);
                if hidden.is_empty() {
                    free_somewhere[k] = true;
                } else {
                    covering.push((c, scene.phase.clone()));
                    // The warning names the inset, its corner, the phase
                    // and what it covers.
                    let w = warned
                        .iter()
                        .find(|w| w.contains(&format!("phase \"{}\"", scene.phase)))
                        .unwrap_or_else(|| {
                            panic!("{width} {c:?} {}: no warning for {hidden:?}", scene.phase)
                        });
                    assert!(
                        w.contains(&format!("in the {} corner", c.name()))
                            && (w.contains("the town dot of") || w.contains("the event symbol of")),
                        "{w}"
                    );
                }
            }
            // And no warning where nothing is covered.
            assert!(
                warned.len() == covering.iter().filter(|(cc, _)| *cc == c).count(),
                "{width} {c:?}: {warned:?}"
            );
        }
        assert!(
            !covering.is_empty(),
            "{width}: the test inset covers nothing in any corner; make it bigger"
        );
        let mut t = load_theatre("tests/theatres/tiny");
        t.insets = vec![big_inset(None)];
        let s = session(t, "wikipedia", width);
        assert!(
            !s.theatre.warnings.iter().any(|w| w.starts_with("inset ")),
            "{:?}",
            s.theatre.warnings
        );
        for (k, scene) in scenes(&s).iter().enumerate() {
            assert_eq!(scene.insets.len(), 1, "{width} {}", scene.phase);
            if free_somewhere[k] {
                assert_eq!(
                    covered(scene),
                    Vec::<String>::new(),
                    "{width} {}: auto covers what a free corner would not",
                    scene.phase
                );
            }
            // Labels keep clear of the corner it took.
            for l in &scene.labels {
                assert!(
                    !boxes_overlap(l.bbox, scene.insets[0].1),
                    "{width} {}: {} under the inset",
                    scene.phase,
                    l.text
                );
            }
        }
    }
}

/// Several `auto` insets in one phase take different corners, the fixed
/// ones keep theirs, and the choice is the same from run to run.
#[test]
fn auto_insets_share_the_corners_left_and_choose_the_same_every_time() {
    let make = || {
        let mut t = load_theatre("tests/theatres/tiny");
        let mut a = big_inset(None);
        a.zoom = 2.0;
        let mut b = big_inset(None);
        b.id = "b".into();
        b.zoom = 2.0;
        let mut c = big_inset(Some(Corner::BottomRight));
        c.id = "c".into();
        c.zoom = 2.0;
        t.insets = vec![a, b, c];
        session(t, "print", 2400.0)
    };
    let (one, two) = (scenes(&make()), scenes(&make()));
    for (x, y) in one.iter().zip(&two) {
        assert_eq!(x.svg, y.svg, "{}: not deterministic", x.phase);
        assert_eq!(x.insets.len(), 3);
        for (i, (ia, ra)) in x.insets.iter().enumerate() {
            for (ib, rb) in &x.insets[i + 1..] {
                assert!(!boxes_overlap(*ra, *rb), "{}: {ia} over {ib}", x.phase);
            }
        }
        let c = &x.insets[2].1;
        let w = make().projected.view.width;
        assert!(c[2] > w / 2.0 && c[0] > w / 2.0, "c left its corner");
    }
}

/// The built-in theatre's insets keep their fixed corners: its maps draw no
/// inset warning (they cover no town dot and no event symbol).
#[test]
fn the_builtin_insets_cover_no_town_or_event() {
    let s = common::builtin_session(2400.0);
    let warned: Vec<&String> = s
        .theatre
        .warnings
        .iter()
        .filter(|w| w.starts_with("inset "))
        .collect();
    assert!(warned.is_empty(), "{warned:?}");
    for scene in scenes(&s) {
        assert_eq!(covered(&scene), Vec::<String>::new(), "{}", scene.phase);
    }
}
