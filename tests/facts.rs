//! The checkable facts of the historical brief (`/work/shared/history/BRIEF.md`,
//! section 4) asserted against the built-in theatre in `geodata/`.
//!
//! Facts are evaluated at the phase snapshot dates read from
//! `geodata/theatre.json` (a feature shows when `start_date <= snapshot <
//! end_date`). Town positions come from the theatre's `towns` layer by id.
//! The interpretation and tolerances follow `tools/check_history.py`; where
//! a test reads a fact more narrowly than its wording, a comment says so.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use geo::line_intersection::{line_intersection, LineIntersection};
use geo::{
    Area, BooleanOps, BoundingRect, Closest, ClosestPoint, Contains, CoordsIter, Distance,
    Geodesic, GeodesicArea, Geometry, Intersects, LineString, MultiPolygon, Point,
};
use phasemap::model::{check_theatre, Date, Feature, Theatre};

/// The history layers the brief's facts are about.
const HISTORY: [&str; 5] = ["control", "presence", "front", "movement", "event"];

/// The nine phase ids of BRIEF section 1, in order.
const PHASE_IDS: [&str; 9] = [
    "1918-08", "1918-11", "1919-04", "1919-11", "1920-02", "1920-07", "1921-06", "1922-02",
    "1922-10",
];

/// Overlap between control polygons below this is rounding (as the checker: 1 km2).
const OVERLAP_TOLERANCE_M2: f64 = 1e6;

/// How far a northern-Sakhalin polygon may stray off the basemap's (simplified)
/// Sakhalin coastline.
const COAST_TOLERANCE_M: f64 = 5_000.0;

fn geodata() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("geodata")
}

fn theatre() -> &'static Theatre {
    static T: OnceLock<Theatre> = OnceLock::new();
    T.get_or_init(|| {
        phasemap::load::load_theatre(&geodata())
            .unwrap_or_else(|e| panic!("loading {}: {e}", geodata().display()))
    })
}

fn snap(id: &str) -> Date {
    theatre()
        .phase(id)
        .unwrap_or_else(|| panic!("no phase {id} in theatre.json"))
        .snapshot
}

fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

/// Phase ids from `from` to `to`, both inclusive, in theatre order.
fn phases_between(from: &str, to: &str) -> Vec<&'static str> {
    let ids: Vec<&str> = theatre().phases.iter().map(|p| p.id.as_str()).collect();
    let a = ids.iter().position(|i| *i == from).unwrap();
    let b = ids.iter().position(|i| *i == to).unwrap();
    ids[a..=b].to_vec()
}

fn all_phases() -> Vec<&'static str> {
    theatre().phases.iter().map(|p| p.id.as_str()).collect()
}

fn layer(id: &str) -> &'static [Feature] {
    &theatre()
        .layer(id)
        .unwrap_or_else(|| panic!("no layer {id} in theatre.json"))
        .features
}

fn fid(f: &Feature) -> &str {
    f.id.as_deref().unwrap_or("?")
}

fn power(f: &Feature) -> &str {
    f.str_prop("power").unwrap_or("")
}

/// Every history feature, with its layer id.
fn history() -> impl Iterator<Item = (&'static str, &'static Feature)> {
    HISTORY
        .iter()
        .flat_map(|l| layer(l).iter().map(move |f| (*l, f)))
}

/// History features of `power` (any layer) active on `day`, as "layer/id".
fn active_of(power_code: &str, day: Date) -> Vec<String> {
    history()
        .filter(|(_, f)| power(f) == power_code && f.is_active(day))
        .map(|(l, f)| format!("{l}/{}", fid(f)))
        .collect()
}

/// Position of a town of the `towns` layer.
fn town(id: &str) -> Point<f64> {
    let f = layer("towns")
        .iter()
        .find(|f| f.id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("no town {id} in towns.geojson"));
    match &f.geometry {
        Geometry::Point(p) => *p,
        g => panic!("town {id} is not a point: {g:?}"),
    }
}

/// Active control features containing `pt` on `day`: (power, id).
fn control_at(pt: Point<f64>, day: Date) -> Vec<(String, String)> {
    layer("control")
        .iter()
        .filter(|f| f.is_active(day) && f.geometry.contains(&pt))
        .map(|f| (power(f).to_string(), fid(f).to_string()))
        .collect()
}

/// Asserts that `town_id` is controlled by exactly `want` on `day` (`when` names the phase).
fn assert_control(town_id: &str, when: &str, day: Date, want: &str) {
    let got = control_at(town(town_id), day);
    let powers: BTreeSet<&str> = got.iter().map(|(p, _)| p.as_str()).collect();
    assert!(
        powers.len() == 1 && powers.contains(want),
        "{town_id} at {when} ({day}): expected {want} control, found control features {got:?}"
    );
}

/// Active presence features of `power_code` containing `pt` on `day`.
fn presence_at(power_code: &str, pt: Point<f64>, day: Date) -> Vec<String> {
    layer("presence")
        .iter()
        .filter(|f| power(f) == power_code && f.is_active(day) && f.geometry.contains(&pt))
        .map(|f| fid(f).to_string())
        .collect()
}

/// The land polygon of the basemap that contains `pt`.
fn land_containing(pt: Point<f64>) -> &'static Feature {
    layer("land")
        .iter()
        .find(|f| f.geometry.contains(&pt))
        .unwrap_or_else(|| panic!("no land polygon contains {pt:?}"))
}

fn polygons(g: &Geometry<f64>) -> Option<MultiPolygon<f64>> {
    match g {
        Geometry::Polygon(p) => Some(MultiPolygon(vec![p.clone()])),
        Geometry::MultiPolygon(m) => Some(m.clone()),
        _ => None,
    }
}

fn line_string(g: &Geometry<f64>) -> &LineString<f64> {
    match g {
        Geometry::LineString(l) => l,
        g => panic!("expected a LineString, found {g:?}"),
    }
}

/// Points where two line strings cross.
fn crossings(a: &LineString<f64>, b: &LineString<f64>) -> Vec<Point<f64>> {
    let mut out = Vec::new();
    for sa in a.lines() {
        for sb in b.lines() {
            match line_intersection(sa, sb) {
                Some(LineIntersection::SinglePoint { intersection, .. }) => {
                    out.push(intersection.into())
                }
                Some(LineIntersection::Collinear { intersection }) => {
                    out.push(intersection.start.into())
                }
                None => {}
            }
        }
    }
    out
}

/// Geodesic distance in metres from `pt` to the nearest point of `shape`'s
/// boundary (0 when `shape` contains `pt`).
fn distance_outside(shape: &Geometry<f64>, pt: Point<f64>) -> f64 {
    if shape.contains(&pt) {
        return 0.0;
    }
    match shape.closest_point(&pt) {
        Closest::Intersection(_) => 0.0,
        Closest::SinglePoint(q) => Geodesic.distance(pt, q),
        Closest::Indeterminate => f64::INFINITY,
    }
}

// Fact 1 [BRIEF §1 phase table]: exactly nine phase ids; ranges contiguous and
// non-overlapping from 1918-08-02 to 1922-11-15 (inclusive, so the last
// exclusive end is 1922-11-16); each snapshot inside its range.
#[test]
fn fact_01_nine_contiguous_phases() {
    let t = theatre();
    let ids: Vec<&str> = t.phases.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, PHASE_IDS, "phase ids of theatre.json");
    assert_eq!(
        t.phases[0].start,
        date("1918-08-02"),
        "phase {} starts {}, expected 1918-08-02",
        t.phases[0].id,
        t.phases[0].start
    );
    let last = t.phases.last().unwrap();
    assert_eq!(
        last.end,
        date("1922-11-15").next_day(),
        "phase {} ends {} (exclusive), expected 1922-11-15 as the last day",
        last.id,
        last.end
    );
    for w in t.phases.windows(2) {
        assert_eq!(
            w[0].end, w[1].start,
            "phases {} and {} are not contiguous: {} ends {} (exclusive), {} starts {}",
            w[0].id, w[1].id, w[0].id, w[0].end, w[1].id, w[1].start
        );
    }
    for p in &t.phases {
        assert!(
            p.start < p.end,
            "phase {}: empty range {}..{}",
            p.id,
            p.start,
            p.end
        );
        assert!(
            p.start <= p.snapshot && p.snapshot < p.end,
            "phase {}: snapshot {} outside [{}, {})",
            p.id,
            p.snapshot,
            p.start,
            p.end
        );
    }
}

// Fact 2 [seed+general]: Vladivostok is inside a JP presence feature in every
// phase from 1918-08 to 1922-02, and in none at 1922-10.
#[test]
fn fact_02_japanese_in_vladivostok_until_1922() {
    let v = town("vladivostok");
    for pid in phases_between("1918-08", "1922-02") {
        assert!(
            !presence_at("JP", v, snap(pid)).is_empty(),
            "vladivostok at {pid}: in no active JP presence feature"
        );
    }
    let left = presence_at("JP", v, snap("1922-10"));
    assert!(
        left.is_empty(),
        "vladivostok at 1922-10: still inside JP presence {left:?}"
    );
}

// Fact 3 [seed: withdrawal Oct 1922; general: Sakhalin until 1925]: at 1922-10
// no JP feature intersects the Asian mainland, and JP features lie on northern
// Sakhalin (on the island, north of 50°N).
// As in the checker, the "on northern Sakhalin" part is asserted for the area
// features (control, presence); the withdrawal arrow and event point of 1922-10
// are at sea off Vladivostok and are held only to "off the mainland". JP
// control is northern-Sakhalin-only at every date (BRIEF §3).
#[test]
fn fact_03_japan_only_on_northern_sakhalin_at_1922_10() {
    let day = snap("1922-10");
    let mainland = land_containing(town("chita"));
    let sakhalin = land_containing(town("aleksandrovsk-sakhalinsky"));
    assert_ne!(
        fid(mainland),
        fid(sakhalin),
        "the basemap joins Sakhalin to the mainland"
    );
    let on_northern_sakhalin = |l: &str, f: &Feature, when: &str| {
        let r = f.geometry.bounding_rect().unwrap();
        assert!(
            r.min().y >= 49.999,
            "{l}/{} at {when}: reaches {:.3}°N, south of 50°N",
            fid(f),
            r.min().y
        );
        for c in f.geometry.coords_iter() {
            let d = distance_outside(&sakhalin.geometry, c.into());
            assert!(
                d <= COAST_TOLERANCE_M,
                "{l}/{} at {when}: vertex {c:?} is {:.1} km off Sakhalin (land/{})",
                fid(f),
                d / 1000.0,
                fid(sakhalin)
            );
        }
    };
    let mut seen = 0;
    for (l, f) in history().filter(|(_, f)| power(f) == "JP" && f.is_active(day)) {
        seen += 1;
        assert!(
            !f.geometry.intersects(&mainland.geometry),
            "{l}/{} at 1922-10: intersects the Asian mainland (land/{})",
            fid(f),
            fid(mainland)
        );
        if l == "control" || l == "presence" {
            on_northern_sakhalin(l, f, "1922-10");
        }
    }
    assert!(
        seen > 0,
        "no JP feature at all at 1922-10 (northern Sakhalin expected)"
    );
    for f in layer("control").iter().filter(|f| power(f) == "JP") {
        on_northern_sakhalin("control", f, "any date");
    }
}

// Fact 4 [general]: Omsk is WH at 1918-11 and 1919-04, RED at 1919-11 (fell
// 14 Nov 1919) and in every later phase.
#[test]
fn fact_04_omsk() {
    for pid in ["1918-11", "1919-04"] {
        assert_control("omsk", pid, snap(pid), "WH");
    }
    for pid in phases_between("1919-11", "1922-10") {
        assert_control("omsk", pid, snap(pid), "RED");
    }
}

// Fact 5 [seed: end of Semyonov Oct 1920; general: dates]: Chita is RED at
// 1918-08, SEM from 1918-11 to 1920-07, FER at 1921-06 and later.
#[test]
fn fact_05_chita() {
    assert_control("chita", "1918-08", snap("1918-08"), "RED");
    for pid in phases_between("1918-11", "1920-07") {
        assert_control("chita", pid, snap(pid), "SEM");
    }
    for pid in phases_between("1921-06", "1922-10") {
        assert_control("chita", pid, snap(pid), "FER");
    }
}

// Fact 6 [general]: Khabarovsk is RED at 1918-08; KAL control with JP presence
// at 1918-11, 1919-04 and 1919-11; PRI at the 1922-02 snapshot (10 Feb); FER on
// 1922-02-15 and at 1922-10.
#[test]
fn fact_06_khabarovsk() {
    let k = town("khabarovsk");
    assert_control("khabarovsk", "1918-08", snap("1918-08"), "RED");
    for pid in ["1918-11", "1919-04", "1919-11"] {
        assert_control("khabarovsk", pid, snap(pid), "KAL");
        assert!(
            !presence_at("JP", k, snap(pid)).is_empty(),
            "khabarovsk at {pid}: in no active JP presence feature"
        );
    }
    assert_control("khabarovsk", "1922-02", snap("1922-02"), "PRI");
    assert_eq!(
        snap("1922-02"),
        date("1922-02-10"),
        "snapshot of phase 1922-02"
    );
    assert_control("khabarovsk", "1922-02-15", date("1922-02-15"), "FER");
    assert_control("khabarovsk", "1922-10", snap("1922-10"), "FER");
}

// Fact 7 [general; seed image caption]: Blagoveshchensk is RED at 1918-08 and
// inside JP presence at 1918-11 and 1919-04.
#[test]
fn fact_07_blagoveshchensk() {
    let b = town("blagoveshchensk");
    assert_control("blagoveshchensk", "1918-08", snap("1918-08"), "RED");
    for pid in ["1918-11", "1919-04"] {
        assert!(
            !presence_at("JP", b, snap(pid)).is_empty(),
            "blagoveshchensk at {pid}: in no active JP presence feature"
        );
    }
}

// Fact 8 [general]: Irkutsk is WH from 1918-11 to 1919-11, RED from 1920-02
// on, and never FER.
#[test]
fn fact_08_irkutsk() {
    for pid in phases_between("1918-11", "1919-11") {
        assert_control("irkutsk", pid, snap(pid), "WH");
    }
    for pid in phases_between("1920-02", "1922-10") {
        assert_control("irkutsk", pid, snap(pid), "RED");
    }
    for pid in all_phases() {
        let fer: Vec<_> = control_at(town("irkutsk"), snap(pid))
            .into_iter()
            .filter(|(p, _)| p == "FER")
            .collect();
        assert!(fer.is_empty(), "irkutsk at {pid}: FER control {fer:?}");
    }
}

// Fact 9 [seed]: no JP feature extends west of 103.5°E (Lake Baikal) in any
// phase (checked for every JP feature of every history layer, whatever its dates).
#[test]
fn fact_09_japan_never_west_of_baikal() {
    for (l, f) in history().filter(|(_, f)| power(f) == "JP") {
        let west = f.geometry.bounding_rect().unwrap().min().x;
        assert!(
            west >= 103.5,
            "{l}/{} (phases {:?}): reaches {west:.3}°E, west of 103.5°E",
            fid(f),
            phases_of(f)
        );
    }
}

fn phases_of(f: &Feature) -> Vec<&'static str> {
    theatre()
        .phases
        .iter()
        .filter(|p| f.is_active(p.snapshot))
        .map(|p| p.id.as_str())
        .collect()
}

// Fact 10 [general; seed]: US features exist only in phases 1918-08 to
// 1920-02 (and, as the checker reads it, US presence exists in each of them);
// no AL feature exists from 1920-07 on; AL features with contingent CA end by
// 1919-07-01.
#[test]
fn fact_10_us_and_allies_leave() {
    let gone = theatre().phase("1920-07").unwrap().start;
    for pid in phases_between("1918-08", "1920-02") {
        assert!(
            layer("presence")
                .iter()
                .any(|f| power(f) == "US" && f.is_active(snap(pid))),
            "phase {pid}: no US presence feature"
        );
    }
    for pid in phases_between("1920-07", "1922-10") {
        let us = active_of("US", snap(pid));
        assert!(us.is_empty(), "phase {pid}: US features {us:?}");
        let al = active_of("AL", snap(pid));
        assert!(al.is_empty(), "phase {pid}: AL features {al:?}");
    }
    for (l, f) in history() {
        let p = power(f);
        if (p == "US" || p == "AL") && f.end.is_none_or(|e| e > gone) {
            panic!(
                "{l}/{}: {p} feature lasts until {:?}, past the start of phase 1920-07 ({gone})",
                fid(f),
                f.end
            );
        }
        if p == "AL" && f.str_prop("contingent") == Some("CA") {
            assert!(
                f.end.is_some_and(|e| e <= date("1919-07-01")),
                "{l}/{} (phases {:?}): Canadian feature ends {:?}, after 1919-07-01",
                fid(f),
                phases_of(f),
                f.end
            );
        }
    }
}

// Fact 11 [general]: CZ features exist from 1918-08 to 1920-07; at 1920-07
// every CZ feature lies within about 150 km of Vladivostok (every vertex,
// geodesic); none exist from 1921-06 on.
#[test]
fn fact_11_czechoslovaks() {
    for pid in phases_between("1918-08", "1920-07") {
        assert!(
            layer("presence")
                .iter()
                .any(|f| power(f) == "CZ" && f.is_active(snap(pid))),
            "phase {pid}: no CZ presence feature"
        );
    }
    let v = town("vladivostok");
    for (l, f) in history().filter(|(_, f)| power(f) == "CZ" && f.is_active(snap("1920-07"))) {
        for c in f.geometry.coords_iter() {
            let d = Geodesic.distance(v, c.into());
            assert!(
                d <= 150_000.0,
                "{l}/{} at 1920-07: vertex {c:?} is {:.0} km from vladivostok",
                fid(f),
                d / 1000.0
            );
        }
    }
    for pid in phases_between("1921-06", "1922-10") {
        let cz = active_of("CZ", snap(pid));
        assert!(cz.is_empty(), "phase {pid}: CZ features {cz:?}");
    }
}

// Fact 12 [general]: FER features exist only from 1920-07 to 1922-10 (FER
// control in each of those phases), and Verkhneudinsk is FER at 1920-07.
#[test]
fn fact_12_far_eastern_republic() {
    let from = all_phases().iter().position(|p| *p == "1920-07").unwrap();
    for (i, pid) in all_phases().into_iter().enumerate() {
        let fer = active_of("FER", snap(pid));
        if i < from {
            assert!(fer.is_empty(), "phase {pid}: FER features {fer:?}");
        } else {
            assert!(
                layer("control")
                    .iter()
                    .any(|f| power(f) == "FER" && f.is_active(snap(pid))),
                "phase {pid}: no FER control feature"
            );
        }
    }
    assert_control("verkhneudinsk", "1920-07", snap("1920-07"), "FER");
}

// Fact 13 [seed+general]: PRI features exist only in 1921-06 and 1922-02, and
// Vladivostok is PRI control at 1921-06.
// Departure from the brief (see geodata/SOURCES.md): the 1922-10 caption says
// "the Whites evacuate by sea", so the Priamur forces' evacuation arrow
// (a PRI movement of kind evacuation, ending with the period) is shown at
// 1922-10. The government itself (control) and its troops (presence) follow
// the fact strictly.
#[test]
fn fact_13_priamur() {
    for pid in all_phases() {
        let pri = active_of("PRI", snap(pid));
        if pid == "1921-06" || pid == "1922-02" {
            assert!(
                layer("control")
                    .iter()
                    .any(|f| power(f) == "PRI" && f.is_active(snap(pid))),
                "phase {pid}: no PRI control feature"
            );
        } else {
            let evacuation = |id: &String| {
                id.starts_with("movement/")
                    && layer("movement").iter().any(|f| {
                        format!("movement/{}", fid(f)) == *id
                            && f.str_prop("kind") == Some("evacuation")
                            && pid == "1922-10"
                    })
            };
            let rest: Vec<&String> = pri.iter().filter(|id| !evacuation(id)).collect();
            assert!(rest.is_empty(), "phase {pid}: PRI features {rest:?}");
        }
    }
    assert_control("vladivostok", "1921-06", snap("1921-06"), "PRI");
}

// Fact 14 [general]: Harbin is CN control in every phase, never RED, FER or WH.
#[test]
fn fact_14_harbin_is_chinese() {
    for pid in all_phases() {
        assert_control("harbin", pid, snap(pid), "CN");
        let bad: Vec<_> = control_at(town("harbin"), snap(pid))
            .into_iter()
            .filter(|(p, _)| ["RED", "FER", "WH"].contains(&p.as_str()))
            .collect();
        assert!(bad.is_empty(), "harbin at {pid}: control {bad:?}");
    }
}

// Fact 15 [general]: the RED/WH front crosses the Trans-Siberian between Omsk
// and Novonikolayevsk at 1919-11 (with RED control just west of the crossing
// and WH just east, as the checker reads it). At 1919-04 the front lies west
// of Ufa: where a RED/WH front crosses Ufa's parallel, it is west of Ufa, and
// an off-map indicator exists.
#[test]
fn fact_15_fronts() {
    let is_red_wh = |f: &Feature| {
        f.str_prop("kind") == Some("front")
            && [f.str_prop("left_power"), f.str_prop("right_power")]
                .iter()
                .collect::<BTreeSet<_>>()
                == [Some("RED"), Some("WH")].iter().collect::<BTreeSet<_>>()
    };
    let rail = layer("railways")
        .iter()
        .find(|f| fid(f) == "transsib-chelyabinsk-irkutsk")
        .expect("railway transsib-chelyabinsk-irkutsk");
    let (omsk, novo) = (town("omsk").x(), town("novonikolayevsk").x());
    let day = snap("1919-11");
    let mut crossed = Vec::new();
    for f in layer("front")
        .iter()
        .filter(|f| f.is_active(day) && is_red_wh(f))
    {
        for x in crossings(line_string(&f.geometry), line_string(&rail.geometry)) {
            if omsk < x.x() && x.x() < novo {
                let west = control_at(Point::new(x.x() - 0.4, x.y()), day);
                let east = control_at(Point::new(x.x() + 0.4, x.y()), day);
                assert!(
                    powers_of(&west) == BTreeSet::from(["RED"])
                        && powers_of(&east) == BTreeSet::from(["WH"]),
                    "front/{} at 1919-11 crosses the railway at {:.2}°E but control west is {west:?}, east {east:?}",
                    fid(f),
                    x.x()
                );
                crossed.push(fid(f).to_string());
            }
        }
    }
    assert!(
        !crossed.is_empty(),
        "1919-11: no RED/WH front crosses railway {} between omsk ({omsk}°E) and novonikolayevsk ({novo}°E)",
        fid(rail)
    );

    let ufa = town("ufa");
    let parallel = LineString::from(vec![(40.0, ufa.y()), (70.0, ufa.y())]);
    let day = snap("1919-04");
    let mut seen = 0;
    for f in layer("front")
        .iter()
        .filter(|f| f.is_active(day) && is_red_wh(f))
    {
        for x in crossings(line_string(&f.geometry), &parallel) {
            seen += 1;
            assert!(
                x.x() < ufa.x(),
                "front/{} at 1919-04 crosses Ufa's parallel at {:.2}°E, not west of ufa ({:.2}°E)",
                fid(f),
                x.x(),
                ufa.x()
            );
        }
    }
    assert!(
        seen > 0,
        "1919-04: no RED/WH front crosses the parallel of ufa"
    );
    assert!(
        layer("front")
            .iter()
            .any(|f| f.is_active(day) && f.str_prop("kind") == Some("offmap")),
        "1919-04: no off-map front indicator"
    );
}

fn powers_of(v: &[(String, String)]) -> BTreeSet<&str> {
    v.iter().map(|(p, _)| p.as_str()).collect()
}

fn iso_day(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && Date::parse(s).is_ok()
}

// Fact 16 [BRIEF §3 schema]: every history feature has source in {seed,
// general, seed+general}, certainty in {high, medium, low}, and start_date <
// end_date as ISO dates (the data uses OpenHistoricalMap's start_date/end_date
// for the brief's valid_from/valid_to). Control polygons do not overlap at any
// snapshot (1 km2 tolerance), and `check_theatre` finds no problem.
#[test]
fn fact_16_schema_and_exclusive_control() {
    for (l, f) in history() {
        let id = fid(f);
        let phases = phases_of(f);
        let source = f.str_prop("source");
        assert!(
            matches!(source, Some("seed" | "general" | "seed+general")),
            "{l}/{id} (phases {phases:?}): source {source:?}"
        );
        let certainty = f.str_prop("certainty");
        assert!(
            matches!(certainty, Some("high" | "medium" | "low")),
            "{l}/{id} (phases {phases:?}): certainty {certainty:?}"
        );
        let (s, e) = (
            f.str_prop("start_date").unwrap_or(""),
            f.str_prop("end_date").unwrap_or(""),
        );
        assert!(
            iso_day(s) && iso_day(e),
            "{l}/{id} (phases {phases:?}): dates {s:?}..{e:?} are not YYYY-MM-DD"
        );
        assert!(
            date(s) < date(e) && f.start.is_some_and(|a| f.end.is_some_and(|b| a < b)),
            "{l}/{id} (phases {phases:?}): start_date {s} is not before end_date {e}"
        );
    }

    for p in &theatre().phases {
        let active: Vec<(&Feature, MultiPolygon<f64>)> = layer("control")
            .iter()
            .filter(|f| f.is_active(p.snapshot))
            .filter_map(|f| polygons(&f.geometry).map(|g| (f, g)))
            .collect();
        for (i, (fa, a)) in active.iter().enumerate() {
            let ra = a.bounding_rect().unwrap();
            for (fb, b) in &active[i + 1..] {
                let rb = b.bounding_rect().unwrap();
                if ra.max().x < rb.min().x
                    || rb.max().x < ra.min().x
                    || ra.max().y < rb.min().y
                    || rb.max().y < ra.min().y
                {
                    continue;
                }
                let m2 = a.intersection(b).geodesic_area_unsigned();
                assert!(
                    m2 <= OVERLAP_TOLERANCE_M2,
                    "phase {}: control/{} and control/{} overlap by {:.1} km2",
                    p.id,
                    fid(fa),
                    fid(fb),
                    m2 / 1e6
                );
            }
        }
    }

    let problems = check_theatre(theatre());
    assert!(
        problems.is_empty(),
        "check_theatre found {} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

// `phasemap check` on the built-in theatre exits 0.
#[test]
fn phasemap_check_accepts_the_builtin_theatre() {
    let out = Command::new(env!("CARGO_BIN_EXE_phasemap"))
        .args(["check", "--theatre"])
        .arg(geodata())
        .output()
        .expect("running phasemap check");
    assert!(
        out.status.success(),
        "phasemap check --theatre {} exited {:?}\nstdout:\n{}\nstderr:\n{}",
        geodata().display(),
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Which power holds which town in which phase (issue 15): the regimes'
/// towns at each snapshot, by standard references (see geodata/SOURCES.md,
/// "Checked against").  Each row: town id, phase, power.
const PLACE_FACTS: [(&str, &str, &str); 53] = [
    // Tobolsk: White from June 1918, Red from 22 Oct 1919
    ("tobolsk", "1918-08", "WH"),
    ("tobolsk", "1919-04", "WH"),
    ("tobolsk", "1919-11", "RED"),
    ("tobolsk", "1922-02", "RED"),
    // Vyatka: Soviet throughout; Kolchak's spring offensive stopped short of it
    ("vyatka", "1918-08", "RED"),
    ("vyatka", "1919-04", "RED"),
    ("vyatka", "1920-02", "RED"),
    // Perm: White 25 Dec 1918 - 1 Jul 1919
    ("perm", "1918-08", "RED"),
    ("perm", "1919-04", "WH"),
    ("perm", "1919-11", "RED"),
    // Yekaterinburg: White 25 Jul 1918 - 14 Jul 1919
    ("yekaterinburg", "1918-08", "WH"),
    ("yekaterinburg", "1919-04", "WH"),
    ("yekaterinburg", "1919-11", "RED"),
    // Ufa: White Jul-Dec 1918 and 14 Mar - 9 Jun 1919
    ("ufa", "1918-08", "WH"),
    ("ufa", "1919-04", "WH"),
    ("ufa", "1919-11", "RED"),
    // the Tobol and Ishim: Tyumen Red 8 Aug 1919, Kurgan Aug 1919
    ("tyumen", "1919-04", "WH"),
    ("tyumen", "1919-11", "RED"),
    ("kurgan", "1919-11", "RED"),
    ("petropavlovsk", "1919-04", "WH"),
    // Novonikolayevsk Red 14 Dec 1919, Krasnoyarsk early Jan 1920
    ("novonikolayevsk", "1919-11", "WH"),
    ("novonikolayevsk", "1920-02", "RED"),
    ("krasnoyarsk", "1919-11", "WH"),
    ("krasnoyarsk", "1920-02", "RED"),
    ("tomsk", "1919-11", "WH"),
    ("barnaul", "1919-04", "WH"),
    ("semipalatinsk", "1922-02", "RED"),
    // the Volga: Kazan White 7 Aug - 10 Sep 1918, Samara (Komuch) to 7 Oct 1918
    ("kazan", "1918-08", "WH"),
    ("kazan", "1918-11", "RED"),
    ("samara", "1918-08", "WH"),
    ("samara", "1918-11", "RED"),
    // Orenburg: Dutov's Cossacks until 22 Jan 1919
    ("orenburg", "1918-11", "WH"),
    ("orenburg", "1919-04", "RED"),
    // Transbaikalia: Semyonov from Sep 1918; his 'Chita plug' in 1920
    ("verkhneudinsk", "1918-11", "SEM"),
    ("sretensk", "1920-07", "SEM"),
    ("nerchinsk", "1920-07", "SEM"),
    ("olovyannaya", "1920-07", "SEM"),
    ("kyakhta", "1921-06", "FER"),
    ("gongota", "1921-06", "FER"),
    // Amur oblast: Whites under Japanese occupation, partisans Feb 1920, FER
    ("blagoveshchensk", "1918-11", "WH"),
    ("blagoveshchensk", "1920-02", "RED"),
    ("blagoveshchensk", "1921-06", "FER"),
    // Primorye: Czech-protected Whites, the zemstvo (31 Jan 1920), Priamur
    // (26 May 1921), the FER (25 Oct 1922)
    ("vladivostok", "1918-08", "WH"),
    ("vladivostok", "1920-02", "ZEMSTVO"),
    ("vladivostok", "1922-10", "FER"),
    ("nikolsk-ussuriysky", "1920-07", "ZEMSTVO"),
    ("suchan", "1920-02", "ZEMSTVO"),
    // the Priamur salient along the Ussuri line at 10 Feb 1922
    ("spassk", "1922-02", "PRI"),
    ("iman", "1922-02", "PRI"),
    ("volochayevka", "1922-10", "FER"),
    // northern Sakhalin under Japanese occupation from Apr 1920
    ("aleksandrovsk-sakhalinsky", "1921-06", "JP"),
    // Manchuria is Chinese in every phase
    ("kirin", "1919-04", "CN"),
    ("mukden", "1922-10", "CN"),
];

#[test]
fn place_facts_which_power_holds_which_town() {
    let towns: BTreeSet<&str> = PLACE_FACTS.iter().map(|(t, _, _)| *t).collect();
    assert!(towns.contains("tobolsk") && towns.contains("vyatka"));
    assert!(PLACE_FACTS.len() >= 25);
    for (town_id, pid, want) in PLACE_FACTS {
        assert_control(town_id, pid, snap(pid), want);
    }
}

/// A control polygon may stray off the basemap's land by rounding only: both
/// come from Natural Earth land, simplified separately at 500 m.
const OFF_LAND_FRACTION: f64 = 0.01;

// No zone of control lies over the sea (issue 15).
#[test]
fn control_lies_on_land() {
    let land: MultiPolygon<f64> = MultiPolygon(
        layer("land")
            .iter()
            .filter_map(|f| polygons(&f.geometry))
            .flat_map(|m| m.0)
            .collect(),
    );
    for f in layer("control") {
        let Some(g) = polygons(&f.geometry) else {
            panic!("control/{} is not a polygon", fid(f));
        };
        // a fraction, so planar areas in degrees do (geodesic area misreads
        // the ring order of some overlay results as the rest of the globe)
        let all = g.unsigned_area();
        let on_land = g.intersection(&land).unsigned_area();
        let off = (all - on_land) / all;
        assert!(
            off <= OFF_LAND_FRACTION,
            "control/{} lies {:.2} % over the sea",
            fid(f),
            off * 100.0
        );
    }
}

// Korea and Karafuto are Japanese territory with their own legend entry
// (issue 15), apart from Japan's occupation power JP (fact 3 holds for JP).
#[test]
fn korea_and_karafuto_are_japanese_territory() {
    let name = &theatre()
        .powers
        .get("JPE")
        .expect("power JPE in theatre.json")
        .name;
    assert!(
        name.contains("Korea") && name.contains("Karafuto"),
        "{name}"
    );
    for (pt, what) in [
        (Point::new(127.0, 40.0), "Korea"),
        (Point::new(142.7, 47.5), "Karafuto"),
    ] {
        for pid in PHASE_IDS {
            let got = control_at(pt, snap(pid));
            let powers: BTreeSet<&str> = got.iter().map(|(p, _)| p.as_str()).collect();
            assert!(
                powers.len() == 1 && powers.contains("JPE"),
                "{what} at {pid}: {got:?}"
            );
        }
    }
}
