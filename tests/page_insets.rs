//! The interactive page's insets on a small screen (issue 20, review 5,
//! item 4): where a map is drawn under 600 CSS px wide its insets give way
//! to buttons, in the single view and, since this review, in both
//! comparison views (swipe and side by side); each button is a compact
//! chip with a touch target of 44 px, and opens the inset of both compared
//! phases. On the Spanish test theatre (an inset of Madrid in every
//! phase), on a phone (390 x 844) and a small tablet (800 x 600). Skips
//! (passing) when Chromium is not installed, unless CI is set.

mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use serde_json::Value;

/// The Spanish theatre's page, written once.
fn page() -> &'static PathBuf {
    static PAGE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &PAGE
        .get_or_init(|| {
            let out = tempfile::tempdir().unwrap();
            let theatre = common::root().join("tests/theatres/spain");
            let page = common::write_page(&theatre, "wikipedia", out.path());
            (out, page)
        })
        .1
}

fn open(b: &common::Browser, fragment: &str) {
    b.goto(&format!("file://{}#{fragment}", page().display()));
    assert!(b.wait_for("window.phasemapReady", 20), "page script ran");
    std::thread::sleep(std::time::Duration::from_millis(500));
}

/// The inset buttons on show: their box, their chip's box, and the box of
/// the map they lie on (`[left, top, right, bottom]`, CSS px).
fn buttons(b: &common::Browser) -> Vec<[[f64; 4]; 3]> {
    let v = b.js(
        "const box = (e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }; \
         const maps = ['map-a', 'map-b'].map((id) => document.getElementById(id)).filter((m) => m && m.getBoundingClientRect().width > 0); \
         return Array.from(document.querySelectorAll('.inset-open')).map((btn) => { \
           const r = btn.getBoundingClientRect(); \
           const on = maps.find((m) => { const q = m.getBoundingClientRect(); return r.left >= q.left - 1 && r.right <= q.right + 1 && r.top >= q.top - 1 && r.bottom <= q.bottom + 1; }); \
           return [box(btn), box(btn.querySelector('.chip')), on ? box(on) : [0, 0, 0, 0]]; });",
    );
    let num = |x: &Value| -> [f64; 4] {
        let a = x.as_array().unwrap();
        [0, 1, 2, 3].map(|i| a[i].as_f64().unwrap())
    };
    v.as_array()
        .unwrap()
        .iter()
        .map(|e| [num(&e[0]), num(&e[1]), num(&e[2])])
        .collect()
}

/// Opens the first inset button's view and returns how many maps it
/// shows and the phases it names; Escape closes it.
fn open_first(b: &common::Browser) -> (u64, Vec<String>) {
    b.click(".inset-open");
    assert!(b.wait_for("!document.getElementById('inset-view').hidden", 5));
    let v = b.js(
        "const v = document.querySelector('#inset-view .view'); \
         return [v.querySelectorAll('svg').length, Array.from(v.querySelectorAll('.inset-phase')).map((p) => p.textContent)];",
    );
    b.key("\u{E00C}");
    assert!(b.wait_for("document.getElementById('inset-view').hidden", 5));
    let names = v[1]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    (v[0].as_u64().unwrap(), names)
}

fn check_sizes(view: &str, found: &[[[f64; 4]; 3]]) {
    for [btn, chip, map] in found {
        let (w, h) = (btn[2] - btn[0], btn[3] - btn[1]);
        assert!(w >= 44.0 && h >= 44.0, "{view}: touch target {w} x {h}");
        let (cw, ch) = (chip[2] - chip[0], chip[3] - chip[1]);
        let mw = map[2] - map[0];
        eprintln!("{view}: button {w:.0} x {h:.0}, chip {cw:.0} x {ch:.0}, map {mw:.0} wide");
        assert!(mw > 0.0, "{view}: a button off its map: {btn:?}");
        // Compact: a chip under 30 px high and at most 40 % of its map's
        // width (the old button was 44 px high and up to 45 %).
        assert!(
            ch <= 30.0 && cw <= 0.4 * mw + 0.5,
            "{view}: chip {cw:.0} x {ch:.0} on a map {mw:.0} wide"
        );
    }
}

fn compare_views(b: &common::Browser, screen: &str) {
    open(b, "1936-09");
    let single = buttons(b);
    assert_eq!(single.len(), 1, "{screen}: one button in the single view");
    check_sizes(&format!("{screen} single"), &single);
    common::screenshot(b, &format!("insets-{screen}-single.png"));
    assert_eq!(open_first(b), (1, Vec::new()));

    // Swipe: the inset both phases have in one place gets one button,
    // which opens it in both phases.
    open(b, "compare=1936-09,1938-07");
    let swipe = buttons(b);
    assert_eq!(swipe.len(), 1, "{screen}: one button when swiping");
    check_sizes(&format!("{screen} swipe"), &swipe);
    b.js("document.getElementById('maps').scrollIntoView();");
    common::screenshot(b, &format!("insets-{screen}-swipe.png"));
    let (maps, phases) = open_first(b);
    assert_eq!(maps, 2, "{screen}: the swipe button opens both phases");
    assert!(
        phases[0].starts_with("1936-09") && phases[1].starts_with("1938-07"),
        "{phases:?}"
    );

    // Side by side: each map its own button, on that map.
    open(b, "compare=1936-09,1938-07&side");
    let side = buttons(b);
    assert_eq!(side.len(), 2, "{screen}: a button on each map side by side");
    check_sizes(&format!("{screen} side"), &side);
    assert_ne!(side[0][2], side[1][2], "{screen}: both buttons on one map");
    b.js("document.getElementById('maps').scrollIntoView();");
    common::screenshot(b, &format!("insets-{screen}-side.png"));
    assert_eq!(open_first(b).0, 2);
    assert!(b.console_errors().is_empty());
}

#[test]
fn compare_mode_has_inset_buttons_on_a_phone() {
    let Some(b) = common::phone_or_skip("compare_mode_has_inset_buttons_on_a_phone", common::PHONE)
    else {
        return;
    };
    compare_views(&b, "phone");
}

#[test]
fn compare_mode_has_inset_buttons_on_a_small_tablet() {
    let Some(b) = common::phone_or_skip(
        "compare_mode_has_inset_buttons_on_a_small_tablet",
        (800, 600),
    ) else {
        return;
    };
    // 800 px wide: the single map is wider than 600 px and draws its
    // inset; side by side, each map is under 600 px and gets a button.
    open(&b, "1936-09");
    assert!(buttons(&b).is_empty(), "a map over 600 px draws its inset");
    open(&b, "compare=1936-09,1938-07&side");
    let side = buttons(&b);
    assert_eq!(side.len(), 2, "a button on each map side by side");
    check_sizes("tablet side", &side);
    common::screenshot(&b, "insets-tablet-side.png");
    assert_eq!(open_first(&b).0, 2);
}
