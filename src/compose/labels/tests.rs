//! Tests of label placement.

use super::dots::box_gap;
use super::*;

fn req(text: &str, x: f64, y: f64, priority: f64) -> LabelRequest {
    LabelRequest {
        text: text.into(),
        short: None,
        anchor: Anchor::Point(Coord { x, y }, 3.0),
        size: 14.0,
        font: FontStyle::default(),
        halo: 1.5,
        padding: 0.0,
        priority,
        layer: "towns".into(),
        key: format!("towns/{text}"),
        paint: ("#000000".into(), None, 1.0),
        class: 0.0,
        make_room: false,
        main: false,
        prefer: None,
        tied: false,
    }
}

#[test]
fn a_label_avoids_soft_boxes_where_it_can_and_is_not_dropped_for_them() {
    let first = candidates(&req("A", 200.0, 150.0, 0.0))[0].bbox;
    let mut avoid = Collider::new([0.0, 0.0, 400.0, 300.0]);
    avoid.insert(first);
    let mut col = Collider::new([0.0, 0.0, 400.0, 300.0]);
    let (p, _) = place_avoiding(
        vec![req("A", 200.0, 150.0, 0.0)],
        &mut col,
        &avoid,
        &[],
        &mut Vec::new(),
    );
    assert!(!boxes_overlap(p[0].bbox, first), "took the avoided place");
    // Every place avoided: the label still gets its best one.
    let mut all = Collider::new([0.0, 0.0, 400.0, 300.0]);
    all.insert([0.0, 0.0, 400.0, 300.0]);
    let mut col = Collider::new([0.0, 0.0, 400.0, 300.0]);
    let (p, d) = place_avoiding(
        vec![req("A", 200.0, 150.0, 0.0)],
        &mut col,
        &all,
        &[],
        &mut Vec::new(),
    );
    assert!(d.is_empty());
    assert_eq!(p[0].bbox, first);
}

#[test]
fn crowded_points_never_overlap_and_priorities_win() {
    let mut col = Collider::new([0.0, 0.0, 400.0, 300.0]);
    let reqs: Vec<_> = (0..40)
        .map(|i| {
            req(
                &format!("Town{i}"),
                100.0 + f64::from(i % 5) * 12.0,
                100.0 + f64::from(i / 5) * 9.0,
                f64::from(i),
            )
        })
        .collect();
    let (placed, dropped) = place(reqs, &mut col, &[], &mut Vec::new());
    assert!(!dropped.is_empty());
    assert_eq!(placed[0].text, "Town0");
    for (i, a) in placed.iter().enumerate() {
        assert!(a.bbox[0] >= 0.0 && a.bbox[2] <= 400.0);
        for b in &placed[i + 1..] {
            assert!(!boxes_overlap(a.bbox, b.bbox), "{} / {}", a.text, b.text);
        }
    }
}

#[test]
fn labels_stay_inside_the_frame() {
    let mut col = Collider::new([0.0, 0.0, 200.0, 100.0]);
    let (placed, _) = place(
        vec![req("Eastmost", 195.0, 50.0, 0.0)],
        &mut col,
        &[],
        &mut Vec::new(),
    );
    assert_eq!(placed[0].text_anchor, "end");
}

#[test]
fn a_label_set_away_is_never_nearer_another_dot_than_its_own() {
    // A's first ring is taken (a box all round it), so its label goes to
    // the second ring; there, the spot right of A is nearer B's dot.
    let dots = vec![
        ("towns/A".to_string(), [97.0, 97.0, 103.0, 103.0]),
        ("towns/B".to_string(), [130.0, 97.0, 136.0, 103.0]),
    ];
    let mut col = Collider::new([0.0, 0.0, 400.0, 300.0]);
    col.insert([88.0, 88.0, 112.0, 112.0]);
    let (placed, _) = place(
        vec![req("A", 100.0, 100.0, 0.0)],
        &mut col,
        &dots,
        &mut Vec::new(),
    );
    let b = placed[0].bbox;
    let own = box_point_distance(b, Coord { x: 100.0, y: 100.0 });
    let other = box_point_distance(b, Coord { x: 133.0, y: 100.0 });
    assert!(own > 10.0, "{b:?} is not in the second ring");
    assert!(own <= other, "{b:?}: {own} to its own dot, {other} to B's");
    // Without B, the first choice (right of A) is taken.
    let mut col = Collider::new([0.0, 0.0, 400.0, 300.0]);
    col.insert([88.0, 88.0, 112.0, 112.0]);
    let (alone, _) = place(
        vec![req("A", 100.0, 100.0, 0.0)],
        &mut col,
        &dots[..1],
        &mut Vec::new(),
    );
    assert_ne!(alone[0].bbox, b);
}

mod prop {
    use super::*;
    use proptest::prelude::*;

    fn anchor() -> impl Strategy<Value = Anchor> {
        let coord = (-50.0..450.0f64, -50.0..350.0f64).prop_map(|(x, y)| Coord { x, y });
        prop_oneof![
            (coord.clone(), 0.0..10.0f64).prop_map(|(c, r)| Anchor::Point(c, r)),
            coord.clone().prop_map(Anchor::Center),
            // Lines, including repeated and collinear vertices.
            proptest::collection::vec(coord, 2..8)
                .prop_map(|pts| Anchor::Line(vec![LineString::from(pts)])),
        ]
    }

    fn request() -> impl Strategy<Value = LabelRequest> {
        (
            "[A-Za-z ]{0,14}",
            anchor(),
            4.0..40.0f64,
            any::<(bool, bool)>(),
            0.0..4.0f64,
            0.0..10.0f64,
        )
            .prop_map(|(text, anchor, size, (bold, italic), halo, priority)| {
                LabelRequest {
                    key: format!("t/{text}"),
                    short: None,
                    text,
                    anchor,
                    size,
                    font: FontStyle { bold, italic },
                    halo,
                    padding: 0.0,
                    priority,
                    // Some labels make room by moving others: the rules
                    // below hold after every move.
                    class: priority.floor(),
                    make_room: halo > 2.0,
                    layer: "t".into(),
                    paint: ("#000000".into(), None, 1.0),
                    main: bold,
                    // Sometimes a preferred place (another map's), which
                    // changes the order of candidates, never the rules.
                    prefer: italic.then_some([40.0, 60.0, 140.0, 80.0]),
                    tied: false,
                }
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Whatever is asked, placed labels never overlap one another,
        /// never cover an obstacle and never leave the bounds.
        #[test]
        fn placed_labels_never_overlap_or_leave_the_bounds(
            reqs in proptest::collection::vec(request(), 0..60),
            w in 50.0..500.0f64,
            h in 50.0..400.0f64,
            obstacle in (0.0..400.0f64, 0.0..300.0f64),
        ) {
            let bounds = [0.0, 0.0, w, h];
            let mut col = Collider::new(bounds);
            let ob = [obstacle.0, obstacle.1, obstacle.0 + 8.0, obstacle.1 + 8.0];
            col.insert(ob);
            let n = reqs.len();
            let (placed, dropped) = place(reqs, &mut col, &[], &mut Vec::new());
            prop_assert!(placed.len() + dropped.len() <= n);
            for (i, a) in placed.iter().enumerate() {
                prop_assert!(a.bbox.iter().all(|v| v.is_finite()), "{:?}", a.bbox);
                prop_assert!(
                    a.bbox[0] >= 0.0 && a.bbox[1] >= 0.0 && a.bbox[2] <= w && a.bbox[3] <= h,
                    "{} at {:?} outside {:?}", a.text, a.bbox, bounds
                );
                prop_assert!(!boxes_overlap(a.bbox, ob), "{} covers the obstacle", a.text);
                for b in &placed[i + 1..] {
                    prop_assert!(!boxes_overlap(a.bbox, b.bbox), "{} / {}", a.text, b.text);
                }
            }
        }
    }
}

/// `text-padding` keeps that much more room free around every candidate box.
#[test]
fn padding_widens_every_candidate_box() {
    let plain = req("Town", 100.0, 100.0, 0.0);
    let padded = LabelRequest {
        padding: 4.0,
        ..req("Town", 100.0, 100.0, 0.0)
    };
    let (a, b) = (candidates(&plain), candidates(&padded));
    assert_eq!(a.len(), b.len());
    for (a, b) in a.iter().zip(&b) {
        let (wa, wb) = (a.bbox[2] - a.bbox[0], b.bbox[2] - b.bbox[0]);
        let (ha, hb) = (a.bbox[3] - a.bbox[1], b.bbox[3] - b.bbox[1]);
        assert!((wb - wa - 8.0).abs() < 1e-9, "{:?} vs {:?}", a.bbox, b.bbox);
        assert!((hb - ha - 8.0).abs() < 1e-9, "{:?} vs {:?}", a.bbox, b.bbox);
    }
}

#[test]
fn a_label_keeps_the_side_another_map_gave_it_unless_it_does_not_fit_there() {
    let bounds = [0.0, 0.0, 400.0, 300.0];
    // Where it goes on its own: right of its town.
    let alone = candidates(&req("Town", 200.0, 150.0, 0.0))[0].bbox;
    assert!(alone[0] > 200.0, "{alone:?}");
    // Another map, a third the size, put it to the left, with smaller
    // text: scaled, the box is left of the town and narrower.
    let other = [60.0, 45.0, 66.0, 51.0].map(|v| v * 3.0);
    let mut col = Collider::new(bounds);
    let (p, _) = place(
        vec![LabelRequest {
            prefer: Some(other),
            ..req("Town", 200.0, 150.0, 0.0)
        }],
        &mut col,
        &[],
        &mut Vec::new(),
    );
    assert!(p[0].bbox[2] < 200.0, "not on the left: {:?}", p[0].bbox);
    assert!(
        (p[0].bbox[1] + p[0].bbox[3]) / 2.0 - 150.0 < 8.0,
        "{:?}",
        p[0].bbox
    );
    // The left taken: the nearest place that fits, not the end of the list.
    let mut col = Collider::new(bounds);
    col.insert([100.0, 120.0, 199.0, 180.0]);
    let (p, d) = place(
        vec![LabelRequest {
            prefer: Some(other),
            ..req("Town", 200.0, 150.0, 0.0)
        }],
        &mut col,
        &[],
        &mut Vec::new(),
    );
    assert!(d.is_empty());
    assert!(p[0].bbox[0] >= 199.0, "{:?}", p[0].bbox);
}

#[test]
fn any_point_label_slides_along_below_its_dot_where_nothing_else_fits() {
    // A long name (not a main place's) between two walls just wider than
    // it, and nothing free above: only a place below the dot, slid a
    // little to the left, is left.
    let r = req("Longname-Townsend", 200.0, 150.0, 0.0);
    assert!(!r.main);
    let cands = candidates(&r);
    let slid = cands
        .iter()
        .find(|c| c.y > 150.0 && (c.bbox[0] + c.bbox[2]) / 2.0 < 199.0 && c.text_anchor == "middle")
        .expect("a place below the dot, slid left")
        .bbox;
    let mut col = Collider::new([0.0, 0.0, 400.0, 300.0]);
    col.insert([0.0, 0.0, 400.0, 146.0]);
    col.insert([0.0, 146.0, slid[0] - 0.01, 300.0]);
    col.insert([slid[2] + 0.01, 146.0, 400.0, 300.0]);
    // Every place of the two rings around the dot is walled in.
    assert!(cands[..16].iter().all(|c| !col.fits(c.bbox)));
    let (p, d) = place(vec![r], &mut col, &[], &mut Vec::new());
    assert!(d.is_empty(), "dropped");
    assert_eq!(p[0].bbox, slid);
}

#[test]
fn a_short_name_is_used_only_where_the_full_name_finds_no_room() {
    let long = || LabelRequest {
        short: Some("Mitte".into()),
        ..req("Mittelstadt-an-der-Aue", 60.0, 40.0, 0.0)
    };
    // Room enough: the full name.
    let mut col = Collider::new([0.0, 0.0, 400.0, 300.0]);
    let (p, d) = place(vec![long()], &mut col, &[], &mut Vec::new());
    assert_eq!((p[0].text.as_str(), d.len()), ("Mittelstadt-an-der-Aue", 0));
    // A narrow box (an inset): only the short name fits.
    let mut col = Collider::new([30.0, 10.0, 120.0, 70.0]);
    let (p, d) = place(vec![long()], &mut col, &[], &mut Vec::new());
    assert_eq!(d.len(), 0);
    assert_eq!(p[0].text, "Mitte");
    assert_eq!(p[0].key, "towns/Mittelstadt-an-der-Aue");
    // Not even that: dropped under its full name.
    let mut col = Collider::new([50.0, 30.0, 70.0, 50.0]);
    let (p, d) = place(vec![long()], &mut col, &[], &mut Vec::new());
    assert!(p.is_empty());
    assert_eq!(d, ["Mittelstadt-an-der-Aue"]);
}

#[test]
fn a_tied_number_sits_against_its_symbol_and_nearer_it_than_any_other() {
    let number = |text: &str| LabelRequest {
        key: "events/1".into(),
        tied: true,
        ..req(text, 200.0, 150.0, 5.0)
    };
    // Another symbol just right of the place: the number keeps off its side.
    let dots = vec![
        ("events/1".to_string(), [197.0, 147.0, 203.0, 153.0]),
        ("events/2".to_string(), [212.0, 140.0, 224.0, 160.0]),
    ];
    let mut col = Collider::new([0.0, 0.0, 400.0, 300.0]);
    let (p, d) = place(vec![number("7")], &mut col, &dots, &mut Vec::new());
    assert!(d.is_empty());
    let b = p[0].bbox;
    assert!(box_gap(b, dots[0].1) <= box_gap(b, dots[1].1), "{b:?}");
    assert!(box_gap(b, dots[0].1) < 5.0, "{b:?}");
    // The first ring taken: placed further out, still nearer its symbol.
    let mut full = Collider::new([0.0, 0.0, 400.0, 300.0]);
    full.insert([186.0, 136.0, 212.0, 164.0]);
    let (p, d) = place(vec![number("7")], &mut full, &dots, &mut Vec::new());
    assert!(d.is_empty() && p.len() == 1);
    let b = p[0].bbox;
    assert!(box_gap(b, dots[0].1) <= box_gap(b, dots[1].1), "{b:?}");
}
