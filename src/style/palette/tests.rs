//! Tests of the palette: colours per power, side and vision.

use super::*;
use crate::model::{Power, Side};
use ::palette::{FromColor, Lch};
use proptest::prelude::*;

/// (code, index of its side, given colour).
type PowerSpec<'a> = (&'a str, Option<usize>, Option<[u8; 3]>);

fn theatre(sides: &[(&str, bool)], powers: &[PowerSpec]) -> Theatre {
    Theatre {
        sides: sides
            .iter()
            .enumerate()
            .map(|(i, (id, neutral))| Side {
                id: id.to_string(),
                name: id.to_string(),
                name_of: None,
                order: i as i64,
                neutral: *neutral,
                distinct: false,
            })
            .collect(),
        powers: powers
            .iter()
            .map(|(code, side, color)| {
                (
                    code.to_string(),
                    Power {
                        name: code.to_string(),
                        side: side.map(|s| sides[s].0.to_string()),
                        color: *color,
                        ..Power::default()
                    },
                )
            })
            .collect(),
        ..Theatre::empty()
    }
}

/// `t` with one phase per entry of `shown` (a phase a year from 1900)
/// and, in it, one feature of each power listed.
fn with_phases(mut t: Theatre, shown: &[Vec<&str>]) -> Theatre {
    use crate::model::{Date, Feature, Layer, Phase};
    let day = |y: usize| Date::parse(&format!("{}-01-01", 1900 + y)).unwrap();
    let mut features = Vec::new();
    for (k, codes) in shown.iter().enumerate() {
        t.phases.push(Phase {
            id: format!("p{k}"),
            title: format!("p{k}"),
            start: day(k),
            end: day(k + 1),
            snapshot: day(k),
            caption: String::new(),
        });
        for code in codes {
            let mut properties = serde_json::Map::new();
            properties.insert("power".into(), (*code).into());
            features.push(Feature {
                index: features.len(),
                id: None,
                geometry: geo::Geometry::Point(geo::Point::new(0.5, 0.5)),
                properties,
                start: Some(day(k)),
                end: Some(day(k + 1)),
            });
        }
    }
    t.layers.push(Layer {
        id: "control".into(),
        role: None,
        path: "control.geojson".into(),
        features,
        exclusive: false,
        covers: None,
    });
    t
}

const LAND: Color = Color::rgb(0xfe, 0xfe, 0xe9);
const WATER: Color = Color::rgb(0xc6, 0xec, 0xff);

pub(super) fn hue(c: Color) -> f64 {
    let lch: Lch<::palette::white_point::D65, f32> =
        Lch::from_color(srgb([c.r, c.g, c.b]).into_linear::<f32>());
    f64::from(lch.hue.into_positive_degrees())
}

pub(super) fn chroma(c: Color) -> f64 {
    let lch: Lch<::palette::white_point::D65, f32> =
        Lch::from_color(srgb([c.r, c.g, c.b]).into_linear::<f32>());
    f64::from(lch.chroma)
}

/// Checks the palette's promises; returns the smallest pair distance.
fn check_promises(t: &Theatre, p: &Palette) -> f64 {
    let looks: Vec<(&str, &PowerLook)> = p.iter().collect();
    let mut smallest = f64::INFINITY;
    for (i, (a, la)) in looks.iter().enumerate() {
        if !la.given {
            for g in [LAND, WATER] {
                let d = distance_all_visions(la.color, g);
                assert!(d >= MIN_GROUND_DISTANCE, "{a} {d} from ground");
            }
        }
        for (b, lb) in &looks[i + 1..] {
            let d = distance_all_visions(la.color, lb.color);
            if !(la.given && lb.given) {
                assert!(d >= MIN_POWER_DISTANCE, "{a} and {b}: {d}");
            }
            assert_ne!(la.pattern, lb.pattern, "{a} and {b} share a pattern");
            smallest = smallest.min(d);
        }
    }
    assert_eq!(looks.len(), t.powers.len());
    smallest
}

#[test]
fn sides_get_hue_families_and_neutrals_are_muted() {
    let t = theatre(
        &[("red", false), ("white", false), ("neutral", true)],
        &[
            ("R1", Some(0), None),
            ("R2", Some(0), None),
            ("R3", Some(0), None),
            ("W1", Some(1), None),
            ("W2", Some(1), None),
            ("W3", Some(1), None),
            ("N", Some(2), None),
        ],
    );
    let p = Palette::new(&t, &[LAND, WATER]);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    check_promises(&t, &p);
    let warm = |h: f64| !(80.0..=340.0).contains(&h);
    for code in ["R1", "R2", "R3"] {
        let h = hue(p.look(code).unwrap().color);
        assert!(warm(h), "{code} hue {h}");
    }
    for code in ["W1", "W2", "W3"] {
        let h = hue(p.look(code).unwrap().color);
        assert!((200.0..=310.0).contains(&h), "{code} hue {h}");
    }
    assert!(chroma(p.look("N").unwrap().color) < 20.0);
}

#[test]
fn a_shade_takes_its_power_s_hue_and_stays_apart() {
    // "Z" fights on the white side but is a shade of the red "R1" (the same
    // state's occupation zones, say): one state, one hue.
    let mut t = theatre(
        &[("red", false), ("white", false)],
        &[
            ("R1", Some(0), None),
            ("R2", Some(0), None),
            ("W1", Some(1), None),
            ("Z", Some(1), None),
        ],
    );
    let blue = hue(Palette::new(&t, &[LAND, WATER]).look("Z").unwrap().color);
    assert!((200.0..=310.0).contains(&blue), "Z without a shade: {blue}");
    t.powers.get_mut("Z").unwrap().shade_of = Some("R1".into());
    let p = Palette::new(&t, &[LAND, WATER]);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    check_promises(&t, &p);
    let (r1, z) = (p.look("R1").unwrap().color, p.look("Z").unwrap().color);
    let gap = (hue(r1) - hue(z)).rem_euclid(360.0);
    assert!(
        gap.min(360.0 - gap) <= 25.0,
        "R1 {r1:?} and its shade {z:?}"
    );
    assert!(distance_all_visions(r1, z) >= MIN_POWER_DISTANCE);
}

#[test]
fn same_theatre_same_colours() {
    let t = theatre(
        &[("a", false), ("b", false)],
        &[
            ("X", Some(0), None),
            ("Y", Some(1), None),
            ("Z", Some(1), None),
        ],
    );
    let a = Palette::new(&t, &[LAND, WATER]);
    let b = Palette::new(&t, &[LAND, WATER]);
    for ((ka, la), (kb, lb)) in a.iter().zip(b.iter()) {
        assert_eq!((ka, la), (kb, lb));
    }
}

#[test]
fn given_colours_are_kept_and_others_fit_around_them() {
    let red = [0xd7, 0x30, 0x27];
    let t = theatre(
        &[("a", false)],
        &[
            ("G", Some(0), Some(red)),
            ("X", Some(0), None),
            ("Y", Some(0), None),
        ],
    );
    let p = Palette::new(&t, &[LAND, WATER]);
    assert_eq!(
        p.look("G").unwrap().color,
        Color::rgb(red[0], red[1], red[2])
    );
    assert!(!p.look("X").unwrap().given && p.look("G").unwrap().given);
    check_promises(&t, &p);
}

#[test]
fn close_given_colours_are_reported() {
    let t = theatre(
        &[],
        &[
            ("A", None, Some([200, 0, 0])),
            ("B", None, Some([201, 2, 0])),
        ],
    );
    let p = Palette::new(&t, &[LAND, WATER]);
    assert!(
        p.warnings.iter().any(|w| w.contains("\"A\" and \"B\"")),
        "{:?}",
        p.warnings
    );
}

#[test]
fn given_colours_near_land_or_water_are_reported() {
    // #f0f0f0 is about 3 from the land colour: its zones read as land.
    let t = theatre(&[], &[("A", None, Some([0xf0, 0xf0, 0xf0]))]);
    let p = Palette::new(&t, &[LAND, WATER]);
    assert_eq!(p.warnings.len(), 1, "{:?}", p.warnings);
    assert!(
        p.warnings[0].contains("\"A\"") && p.warnings[0].contains("#fefee9"),
        "{:?}",
        p.warnings
    );
    // A strong red is far from both: no warning.
    let t = theatre(&[], &[("A", None, Some([200, 0, 0]))]);
    assert!(Palette::new(&t, &[LAND, WATER]).warnings.is_empty());
}

#[test]
fn sixteen_powers_on_one_side_stay_apart() {
    let codes: Vec<String> = (0..MAX_POWERS).map(|i| format!("P{i:02}")).collect();
    let powers: Vec<PowerSpec> = codes.iter().map(|c| (c.as_str(), Some(0), None)).collect();
    let t = theatre(&[("only", false)], &powers);
    let p = Palette::new(&t, &[LAND, WATER]);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    check_promises(&t, &p);
}

#[test]
fn powers_of_different_phases_stay_apart_too() {
    // Sixteen powers, each alone in its phase: no two share a map, yet
    // a sheet shows them all and a change map any two side by side.
    let codes: Vec<String> = (0..MAX_POWERS).map(|i| format!("P{i:02}")).collect();
    let powers: Vec<PowerSpec> = codes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), Some(i % 2), None))
        .collect();
    let shown: Vec<Vec<&str>> = codes.iter().map(|c| vec![c.as_str()]).collect();
    let t = with_phases(theatre(&[("a", false), ("b", false)], &powers), &shown);
    let refs: Vec<&String> = codes.iter().collect();
    let meet = together(&t, &refs);
    assert!(!meet[0][1], "the test needs powers that never meet");
    let p = Palette::new(&t, &[LAND, WATER]);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    check_promises(&t, &p);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Random power sets shown in random phases (some powers never
    /// together on one map): every pair still stays apart.
    #[test]
    fn random_phases_keep_every_pair_apart(
        n_sides in 1usize..=4,
        powers in proptest::collection::vec((0usize..4, 0usize..4), 2..=MAX_POWERS),
    ) {
        let side_names = ["s0", "s1", "s2", "s3"];
        let sides: Vec<(&str, bool)> = (0..n_sides).map(|i| (side_names[i], i == 3)).collect();
        let codes: Vec<String> = (0..powers.len()).map(|i| format!("P{i:02}")).collect();
        let list: Vec<PowerSpec> = powers
            .iter()
            .zip(&codes)
            .map(|((s, _), code)| (code.as_str(), Some(s % n_sides), None))
            .collect();
        let mut shown: Vec<Vec<&str>> = vec![Vec::new(); 4];
        for ((_, phase), code) in powers.iter().zip(&codes) {
            shown[*phase].push(code.as_str());
        }
        let t = with_phases(theatre(&sides, &list), &shown);
        let p = Palette::new(&t, &[LAND, WATER]);
        check_promises(&t, &p);
    }

    /// Any set of up to 16 powers over up to five sides (some neutral),
    /// a few with given colours that are themselves far enough apart.
    #[test]
    fn random_power_sets_keep_every_promise(
        n_sides in 0usize..=5,
        neutral in proptest::collection::vec(any::<bool>(), 5),
        powers in proptest::collection::vec((0usize..5, proptest::option::weighted(0.15, any::<[u8; 3]>())), 1..=MAX_POWERS),
    ) {
        let side_names = ["s0", "s1", "s2", "s3", "s4"];
        let sides: Vec<(&str, bool)> = (0..n_sides).map(|i| (side_names[i], neutral[i])).collect();
        let codes: Vec<String> = (0..powers.len()).map(|i| format!("P{i:02}")).collect();
        // Given colours that clash with each other or the ground are the
        // author's choice (reported, not moved): keep only fair ones.
        let mut given: Vec<Color> = Vec::new();
        let list: Vec<PowerSpec> = powers
            .iter()
            .zip(&codes)
            .map(|((s, c), code)| {
                let c = c.filter(|c| {
                    let col = Color::rgb(c[0], c[1], c[2]);
                    let fair = [LAND, WATER].iter().chain(&given).all(|g| distance_all_visions(col, *g) >= 2.0 * TARGET);
                    if fair { given.push(col); }
                    fair
                });
                (code.as_str(), (n_sides > 0).then(|| s % n_sides), c)
            })
            .collect();
        let t = theatre(&sides, &list);
        let p = Palette::new(&t, &[LAND, WATER]);
        check_promises(&t, &p);
    }
}

/// Review 3 finding 2: a river colour where a side's family lies pushes
/// the side's colours away (normal vision, the palette's 10), and a given
/// colour on the river's is reported.
#[test]
fn colours_keep_away_from_the_rivers() {
    let t = theatre(
        &[("a", false), ("b", false)],
        &[("X", Some(0), None), ("Y", Some(1), None)],
    );
    let plain = Palette::new(&t, &[LAND, WATER]);
    // A river in the blue side's own colour.
    let river = plain.look("Y").unwrap().color;
    let p = Palette::beside_water(&t, &[LAND, WATER], &[river], &[]);
    let seen = |c: Color| Seen::new(srgb([c.r, c.g, c.b]));
    for code in ["X", "Y"] {
        let d = seen(p.look(code).unwrap().color).normal_distance(&seen(river));
        assert!(d >= MIN_POWER_DISTANCE, "{code} is {d:.1} from the river");
    }
    check_promises(&t, &p);
    let given = theatre(&[], &[("G", None, Some([river.r, river.g, river.b]))]);
    let p = Palette::beside_water(&given, &[LAND, WATER], &[river], &[]);
    assert!(
        p.warnings
            .iter()
            .any(|w| w.contains("\"G\"") && w.contains("river")),
        "{:?}",
        p.warnings
    );
}
