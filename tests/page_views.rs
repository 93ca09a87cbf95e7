//! What the reader sees of the built-in theatre's interactive page as the
//! view changes, in headless Chromium on a desktop and on a phone (390 x
//! 844, touch): zooming names the places the composer had no room for, with
//! every label legible; the scale bar stays true; the swipe comparison cuts
//! no name in two; names and the scale bar keep off the insets; the legend
//! goes where the map leaves room; the title's year range stays whole. Skips (passing) when Chromium is not installed, unless
//! the CI variable is set.

mod common;

use serde_json::json;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use phasemap::compose::Scene;
use phasemap::Session;

fn session() -> (Session, Vec<Scene>) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let s = Session::open(
        &root.join("geodata"),
        "wikipedia",
        &root.join("styles"),
        common::BUILTIN_PAGE_WIDTH,
    )
    .unwrap();
    let phases = s.select_phases(&[]).unwrap();
    let scenes = s.scenes(&phases, &|| {});
    (s, scenes)
}

/// Opens the built-in theatre's page at `fragment` and waits for its labels.
fn open(b: &common::Browser, fragment: &str) {
    b.goto(&format!(
        "file://{}#{fragment}",
        common::builtin_page().display()
    ));
    assert!(b.wait_for("window.phasemapReady", 20), "page script ran");
    assert!(b.wait_for(
        "document.querySelectorAll('#map-a g[data-layer=labels] text').length > 0",
        5
    ));
}

/// Sets the fragment and gives the page a moment to place its labels.
fn go(b: &common::Browser, fragment: &str) {
    b.js(&format!("location.hash = '{fragment}';"));
    std::thread::sleep(Duration::from_millis(400));
}

/// Labels on show in map `svg` (`map-a`, `map-b`): key, text, size in CSS
/// pixels, and the box on screen.
fn shown(b: &common::Browser, svg: &str) -> Vec<(String, String, f64, [f64; 4])> {
    let v = b.js(&format!(
        "const m = document.getElementById('{svg}'); const k = m.getBoundingClientRect().width / m.viewBox.baseVal.width;\
         return [...m.querySelectorAll('g[data-layer=labels] text')].map(t => {{ const r = t.getBoundingClientRect(); \
         return [t.getAttribute('data-label'), t.textContent, Number(t.getAttribute('font-size')) * k, [r.left, r.top, r.right, r.bottom]]; }});"
    ));
    v.as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let r: Vec<f64> = l[3]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_f64().unwrap())
                .collect();
            (
                l[0].as_str().unwrap().to_string(),
                l[1].as_str().unwrap().to_string(),
                l[2].as_f64().unwrap(),
                [r[0], r[1], r[2], r[3]],
            )
        })
        .collect()
}

/// A view `zoom` times closer about map point (x, y), as the fragment has it.
fn view_about(x: f64, y: f64, zoom: f64, size: [f64; 2]) -> String {
    let w = size[0] / zoom;
    let h = w * size[1] / size[0];
    format!(
        "{},{},{}",
        (x - w / 2.0).round(),
        (y - h / 2.0).round(),
        w.round()
    )
}

/// Zooming in names places the composer had no room for at the whole map's
/// scale, and every label keeps a legible size (9 CSS px at least on a phone).
fn zoom_reveals(b: &common::Browser, phone: bool) {
    let (session, scenes) = session();
    let size = [session.projected.view.width, session.projected.view.height];
    let k = 2; // 1919-04
    let scene = &scenes[k];
    assert_eq!(scene.phase, "1919-04");
    let composed: BTreeSet<&str> = scene.labels.iter().map(|l| l.key.as_str()).collect();
    let spares: Vec<_> = scene
        .parts
        .spare_labels
        .iter()
        .filter(|l| !composed.contains(l.key.as_str()) && l.key.starts_with("towns/"))
        .collect();
    assert!(
        !spares.is_empty(),
        "the composer had room for every town at this width"
    );
    open(b, "1919-04");
    let full = shown(b, "map-a");
    let min = if phone { 8.99 } else { 0.0 };
    assert!(
        full.iter().all(|l| l.2 >= min),
        "whole map: labels under 9 px: {:?}",
        full.iter().filter(|l| l.2 < min).collect::<Vec<_>>()
    );
    // Zoom in 8x about each of a few of those places in turn: most of them
    // get their names, at the size labels have on the whole map.
    let tried: Vec<_> = spares.iter().step_by(spares.len().div_ceil(6)).collect();
    let mut named = Vec::new();
    for l in &tried {
        let [x0, y0, x1, y1] = l.bbox;
        go(
            b,
            &format!(
                "#1919-04&view={}",
                view_about((x0 + x1) / 2.0, (y0 + y1) / 2.0, 8.0, size)
            ),
        );
        let zoomed = shown(b, "map-a");
        assert!(
            zoomed.iter().all(|z| z.2 >= min),
            "zoomed: labels under 9 px"
        );
        for z in &zoomed {
            if let Some(f) = full.iter().find(|f| f.0 == z.0) {
                assert!(
                    (z.2 - f.2).abs() < 0.05,
                    "{}: {} px became {} px",
                    z.1,
                    f.2,
                    z.2
                );
            }
        }
        if zoomed.iter().any(|z| z.0 == l.key) {
            named.push(l.text.clone());
        }
    }
    eprintln!(
        "zoomed 8x about {} places the composer had no room for: named {named:?}",
        tried.len()
    );
    assert!(
        2 * named.len() >= tried.len(),
        "only {} of {} unnamed places named when zoomed in",
        named.len(),
        tried.len()
    );
    assert!(b.console_errors().is_empty());
}

#[test]
fn zooming_in_names_more_places_on_a_desktop() {
    let Some(b) = common::browser_or_skip("zooming_in_names_more_places_on_a_desktop") else {
        return;
    };
    zoom_reveals(&b, false);
}

#[test]
fn zooming_in_names_more_places_on_a_phone() {
    let Some(b) = common::phone_or_skip("zooming_in_names_more_places_on_a_phone", common::PHONE)
    else {
        return;
    };
    zoom_reveals(&b, true);
}

/// The scale bar's length against the ground distance the projection gives
/// at the centre of the view, for the whole map and zoomed in on corners of
/// it, where the scale differs.
fn scale_bar_is_true(b: &common::Browser) {
    let (session, _) = session();
    let view = &session.projected.view;
    let size = [view.width, view.height];
    open(b, "1919-04");
    let views = [
        None,
        Some((0.2, 0.2, 6.0)),
        Some((0.85, 0.8, 6.0)),
        Some((0.5, 0.5, 20.0)),
    ];
    let (mut lengths, mut truths) = (Vec::new(), Vec::new());
    for v in views {
        if let Some((fx, fy, zoom)) = v {
            go(
                b,
                &format!(
                    "#1919-04&view={}",
                    view_about(fx * size[0], fy * size[1], zoom, size)
                ),
            );
        }
        let r = b.js(
            "const s = document.getElementById('scale'); const m = document.getElementById('map-a'); \
             const v = m.viewBox.baseVal; const bar = s.querySelector('.bar').getBoundingClientRect(); \
             const mr = m.getBoundingClientRect(); const sr = s.getBoundingClientRect(); \
             return [s.hidden ? 0 : 1, Number(s.dataset.km), bar.width, v.x, v.y, v.width, v.height, mr.width, \
             sr.left >= mr.left && sr.right <= mr.right && sr.top >= mr.top && sr.bottom <= mr.bottom ? 1 : 0, \
             s.textContent];",
        );
        let n = |i: usize| r[i].as_f64().unwrap();
        assert_eq!(n(0), 1.0, "the scale bar shows");
        assert_eq!(n(8), 1.0, "the scale bar lies on the map");
        let (km, bar_px) = (n(1), n(2));
        let text = r[9].as_str().unwrap().to_string();
        assert!(text.contains(" km"), "{text}");
        assert!((30.0..=140.0).contains(&bar_px), "bar {bar_px} CSS px long");
        let (cx, cy) = (n(3) + n(5) / 2.0, n(4) + n(6) / 2.0);
        let truth = view.metres_per_px_at(cx, cy, n(5) / 40.0).unwrap() * n(5) / n(7);
        let shown = km * 1000.0 / bar_px;
        eprintln!("view {v:?}: bar {bar_px:.1} px = {text}; {shown:.0} m per CSS px, the projection {truth:.0}");
        // The grid is bilinear between 9 x 9 points: well within 0.5 %.
        assert!(
            (shown / truth - 1.0).abs() < 0.005,
            "{text} over {bar_px:.1} px is {shown:.0} m per px; the projection gives {truth:.0} at the view's centre"
        );
        lengths.push(shown);
        truths.push(truth);
    }
    // The two corners' scales differ by more than the tolerance, so a bar
    // measured anywhere but at the view's centre fails.
    assert!(
        (truths[1] / truths[2] - 1.0).abs() > 0.01,
        "the corners differ in scale: {truths:?}"
    );
    assert!(
        lengths[3] < lengths[0] / 10.0,
        "zoomed 20x, a CSS px covers much less ground: {lengths:?}"
    );
}

#[test]
fn the_scale_bar_stays_true_on_a_desktop() {
    let Some(b) = common::browser_or_skip("the_scale_bar_stays_true_on_a_desktop") else {
        return;
    };
    scale_bar_is_true(&b);
}

#[test]
fn the_scale_bar_stays_true_on_a_phone() {
    let Some(b) = common::phone_or_skip("the_scale_bar_stays_true_on_a_phone", common::PHONE)
    else {
        return;
    };
    scale_bar_is_true(&b);
}

/// In a swipe comparison, the left map's names end left of the divider and
/// the right map's begin right of it, wherever the divider is.
fn swipe_cuts_no_name(b: &common::Browser, screenshot: Option<&str>) {
    open(b, "compare=1918-11,1921-06");
    assert!(b.wait_for(
        "document.getElementById('map-b') && document.querySelectorAll('#map-b g[data-layer=labels] text').length > 0",
        5
    ));
    for split in [30, 50, 70] {
        go(b, &format!("#compare=1918-11,1921-06&split={split}"));
        let cut = b
            .js("const d = document.getElementById('divider').getBoundingClientRect(); return (d.left + d.right) / 2;")
            .as_f64()
            .unwrap();
        let (a, right) = (shown(b, "map-a"), shown(b, "map-b"));
        assert!(!a.is_empty() && !right.is_empty(), "names on both sides");
        // A name's halo may reach a pixel past its box.
        let cut_a: Vec<_> = a
            .iter()
            .filter(|l| l.3[2] > cut + 1.5)
            .map(|l| &l.1)
            .collect();
        let cut_b: Vec<_> = right
            .iter()
            .filter(|l| l.3[0] < cut - 1.5)
            .map(|l| &l.1)
            .collect();
        assert!(
            cut_a.is_empty(),
            "split {split}%: left map's names cut at {cut}: {cut_a:?}"
        );
        assert!(
            cut_b.is_empty(),
            "split {split}%: right map's names cut at {cut}: {cut_b:?}"
        );
        eprintln!(
            "split {split}%: {} names left of the divider, {} right of it",
            a.len(),
            right.len()
        );
    }
    // Map B does not cover the divider's knob nor the scale bar.
    let on_top = b.js(
        "const d = document.getElementById('divider'); const r = d.getBoundingClientRect(); \
         const e = document.elementFromPoint(r.left + r.width / 2 + 12, r.top + r.height / 2); \
         const s = document.getElementById('scale'); const m = document.getElementById('map-b'); \
         return [d.contains(e), !!(m.compareDocumentPosition(s) & Node.DOCUMENT_POSITION_FOLLOWING)];",
    );
    assert_eq!(
        on_top,
        serde_json::json!([true, true]),
        "knob, scale bar above map B"
    );
    if let Some(name) = screenshot {
        go(b, "#compare=1918-11,1921-06");
        b.js("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);");
        common::screenshot(b, name);
    }
    assert!(b.console_errors().is_empty());
}

#[test]
fn swipe_comparison_cuts_no_name_on_a_desktop() {
    let Some(b) = common::browser_or_skip("swipe_comparison_cuts_no_name_on_a_desktop") else {
        return;
    };
    swipe_cuts_no_name(&b, None);
}

#[test]
fn swipe_comparison_cuts_no_name_on_a_phone() {
    let Some(b) = common::phone_or_skip("swipe_comparison_cuts_no_name_on_a_phone", common::PHONE)
    else {
        return;
    };
    swipe_cuts_no_name(&b, Some("page-compare-phone.png"));
}

/// The screen box of map box `b` (map px) in map `svg`'s current view.
fn on_screen(b: &common::Browser, svg: &str, m: [f64; 4]) -> [f64; 4] {
    let r = b.js(&format!(
        "const m = document.getElementById('{svg}'); const v = m.viewBox.baseVal; const r = m.getBoundingClientRect(); \
         return [r.left, r.top, r.width / v.width, v.x, v.y];"
    ));
    let n = |i: usize| r[i].as_f64().unwrap();
    let (x, y, k, vx, vy) = (n(0), n(1), n(2), n(3), n(4));
    [
        x + (m[0] - vx) * k,
        y + (m[1] - vy) * k,
        x + (m[2] - vx) * k,
        y + (m[3] - vy) * k,
    ]
}

fn overlap(a: [f64; 4], b: [f64; 4]) -> bool {
    // A name's halo may reach a pixel past its box.
    a[0] < b[2] - 1.0 && b[0] < a[2] - 1.0 && a[1] < b[3] - 1.0 && b[1] < a[3] - 1.0
}

/// In every phase that shows an inset, at the whole map and zoomed in by
/// it, no name the script places and not the scale bar lie over the inset
/// (the inset names its own places).
fn insets_stay_clear(b: &common::Browser) {
    let (session, scenes) = session();
    let size = [session.projected.view.width, session.projected.view.height];
    let with_insets: Vec<_> = scenes.iter().filter(|s| !s.insets.is_empty()).collect();
    assert!(!with_insets.is_empty(), "the built-in theatre has an inset");
    open(b, &with_insets[0].phase);
    let mut checked = 0;
    for s in with_insets {
        let [x0, y0, x1, y1] = s.insets[0].1;
        // Zoomed 2x about the inset's inner corner: half of it on view.
        let corner = (
            if x0 < size[0] / 2.0 { x1 } else { x0 },
            if y0 < size[1] / 2.0 { y1 } else { y0 },
        );
        for view in [
            String::new(),
            format!("&view={}", view_about(corner.0, corner.1, 2.0, size)),
        ] {
            go(b, &format!("#{}{view}", s.phase));
            let labels = shown(b, "map-a");
            assert!(!labels.is_empty(), "{}{view}: names on show", s.phase);
            for (_, r) in &s.insets {
                let inset = on_screen(b, "map-a", *r);
                let under: Vec<_> = labels
                    .iter()
                    .filter(|l| overlap(l.3, inset))
                    .map(|l| &l.1)
                    .collect();
                assert!(
                    under.is_empty(),
                    "{}{view}: names over the inset {inset:?}: {under:?}",
                    s.phase
                );
                let bar = b.js("const s = document.getElementById('scale').getBoundingClientRect(); return [s.left, s.top, s.right, s.bottom];");
                let bar: Vec<f64> = bar
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_f64().unwrap())
                    .collect();
                assert!(
                    !overlap([bar[0], bar[1], bar[2], bar[3]], inset),
                    "{}{view}: the scale bar {bar:?} over the inset {inset:?}",
                    s.phase
                );
                checked += 1;
            }
        }
    }
    eprintln!("{checked} views of an inset checked");
    assert!(b.console_errors().is_empty());
}

#[test]
fn names_and_the_scale_bar_keep_off_the_insets_on_a_desktop() {
    let Some(b) =
        common::browser_or_skip("names_and_the_scale_bar_keep_off_the_insets_on_a_desktop")
    else {
        return;
    };
    insets_stay_clear(&b);
}

/// On a phone (review 5, F10) no text on the map is drawn under 9 CSS px
/// (the insets, drawn at a third of that, give way to buttons that open them
/// full width; graticule degrees go), every event whose symbol is on the map
/// has its number there, event symbols are at least 9 px across, and no name
/// lies under an inset's button. Every phase, measured on screen.
#[test]
fn a_phone_map_has_no_tiny_text_and_numbers_every_event() {
    let Some(b) = common::phone_or_skip(
        "a_phone_map_has_no_tiny_text_and_numbers_every_event",
        common::PHONE,
    ) else {
        return;
    };
    let (_, scenes) = session();
    open(&b, &scenes[0].phase);
    let mut insets = 0;
    for (k, s) in scenes.iter().enumerate() {
        go(&b, &format!("#{}", s.phase));
        let v = b.js(&format!(
            "const map = document.getElementById('map-a'); const small = []; \
             for (const t of map.querySelectorAll('text')) {{ const r = t.getBoundingClientRect(); \
               if (r.width > 0 && r.height > 0 && r.height < 9) small.push(t.textContent + ' ' + r.height.toFixed(1)); }} \
             const d = JSON.parse(document.getElementById('phasemap-data').textContent); \
             const keys = d.labelOrder[{k}].map((i) => d.labels[i][1]).filter((x) => x.startsWith('event/')); \
             const missing = [], tiny = []; \
             for (const key of keys) {{ \
               const g = map.querySelector('g[data-ph=\"{k}\"] g[data-f=\"' + key + '\"]'); \
               if (!g || g.closest('.pm-inset')) continue; const r = g.getBoundingClientRect(); \
               if (r.width === 0) continue; \
               if (Math.max(r.width, r.height) < 8.5) tiny.push(key + ' ' + r.width.toFixed(1) + 'x' + r.height.toFixed(1)); \
               if (!map.querySelector('g[data-layer=labels] text[data-label=\"' + key + '\"]')) missing.push(key); }} \
             const buttons = Array.from(document.querySelectorAll('.inset-open')).map((b) => {{ const r = b.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }}); \
             const under = []; for (const t of map.querySelectorAll('g[data-layer=labels] text')) {{ const r = t.getBoundingClientRect(); \
               if (buttons.some((o) => r.left < o[2] && o[0] < r.right && r.top < o[3] && o[1] < r.bottom)) under.push(t.textContent); }} \
             return [small, keys.length, missing, tiny, buttons.length, under];"
        ));
        assert_eq!(v[0], json!([]), "{}: texts under 9 CSS px", s.phase);
        assert_eq!(
            v[2],
            json!([]),
            "{}: events on the map without their number",
            s.phase
        );
        assert_eq!(
            v[3],
            json!([]),
            "{}: event symbols under 9 px across",
            s.phase
        );
        assert_eq!(
            v[4].as_u64().unwrap() as usize,
            s.insets.len(),
            "{}: one button per inset",
            s.phase
        );
        assert_eq!(
            v[5],
            json!([]),
            "{}: names under an inset's button",
            s.phase
        );
        if !s.insets.is_empty() && insets == 0 {
            // The button opens the inset full width, legible; Escape closes it.
            b.click(".inset-open");
            assert!(b.wait_for("!document.getElementById('inset-view').hidden", 5));
            let t = b.js(
                "const out = []; let n = 0; for (const t of document.querySelectorAll('#inset-view text')) { \
                 const r = t.getBoundingClientRect(); if (r.height > 0) { n++; if (r.height < 9) out.push(t.textContent); } } \
                 return [n, out, document.getElementById('inset-view').getBoundingClientRect().width];",
            );
            assert!(
                t[0].as_u64().unwrap() > 2,
                "{}: the inset's names are shown",
                s.phase
            );
            assert_eq!(t[1], json!([]), "{}: inset texts under 9 px", s.phase);
            assert!(
                t[2].as_f64().unwrap() >= 380.0,
                "the inset opens full width"
            );
            b.key("\u{E00C}");
            assert!(
                b.wait_for("document.getElementById('inset-view').hidden", 5),
                "Escape closes the inset"
            );
        }
        insets += s.insets.len();
    }
    assert!(insets > 0, "the built-in theatre has an inset");
    assert!(b.console_errors().is_empty());
}

/// Boxes on screen of the map, the legend and the captions, and the window's
/// size: `[left, top, right, bottom]` each.
fn layout_boxes(b: &common::Browser) -> [[f64; 4]; 4] {
    let v = b.js(
        "const r = (s) => { const b = document.querySelector(s).getBoundingClientRect(); \
         return [b.left, b.top, b.right, b.bottom]; }; \
         return [r('#maps'), r('#legend'), r('#side'), [0, 0, innerWidth, innerHeight]];",
    );
    let num = |x: &serde_json::Value| x.as_f64().unwrap();
    let arr = v.as_array().unwrap();
    std::array::from_fn(|k| {
        let a = arr[k].as_array().unwrap();
        [num(&a[0]), num(&a[1]), num(&a[2]), num(&a[3])]
    })
}

/// The legend fills the room the map leaves: under a map as wide as its
/// column (1400 x 1000, where 280 px under the map stood empty while the
/// legend ran off the foot of the side column), beside a map that the
/// window's height holds down (1900 x 700), under the captions there.
#[test]
fn the_legend_goes_where_the_map_leaves_room() {
    let Some(b) = common::browser_or_skip("the_legend_goes_where_the_map_leaves_room") else {
        return;
    };
    open(&b, "");
    let [map, legend, side, _] = layout_boxes(&b);
    assert!(
        legend[1] >= map[3] && legend[1] - map[3] < 40.0 && legend[0] < map[2],
        "1400 x 1000: the legend starts right under the map (map {map:?}, legend {legend:?})"
    );
    assert!(side[0] >= map[2], "the captions stay beside the map");
    b.cdp(
        "Emulation.setDeviceMetricsOverride",
        serde_json::json!({"width": 1900, "height": 700, "deviceScaleFactor": 1, "mobile": false}),
    );
    assert!(
        b.wait_for(
            "document.getElementById('app').dataset.legend === 'side'",
            5
        ),
        "a short wide window puts the legend beside the map"
    );
    let [map, legend, side, window] = layout_boxes(&b);
    assert!(
        legend[0] >= map[2] && legend[1] >= side[3] - 1.0 && legend[1] < window[3],
        "1900 x 700: the legend is beside the map, under the captions, on screen \
         (map {map:?}, legend {legend:?}, captions {side:?})"
    );
}

/// On a phone the title's year range stays on one line ("1918–1922", not
/// "1918–" and "1922" on two).
#[test]
fn a_year_range_in_the_title_stays_whole_on_a_phone() {
    let Some(b) = common::phone_or_skip(
        "a_year_range_in_the_title_stays_whole_on_a_phone",
        common::PHONE,
    ) else {
        return;
    };
    open(&b, "");
    let v = b.js(
        "const h = document.querySelector('header h1'); const t = h.firstChild; const s = t.textContent; \
         const m = /(\\d{4})\\D{1,2}(\\d{4})/.exec(s); if (!m) return null; \
         const top = (i, n) => { const r = document.createRange(); r.setStart(t, i); r.setEnd(t, i + n); \
         return r.getBoundingClientRect().top; }; \
         return [top(m.index, 4), top(m.index + m[0].length - 4, 4)];",
    );
    let v = v.as_array().expect("the title holds a year range");
    let (first, last) = (v[0].as_f64().unwrap(), v[1].as_f64().unwrap());
    assert!(
        (first - last).abs() < 1.0,
        "the two years of the title's range are on different lines ({first} vs {last})"
    );
}

/// In an article's 800 x 600 iframe the controls take one row (the phase
/// buttons go; the slider and the title tell the phase), and the legend,
/// below the frame's bottom, has a visible cue that scrolls to it.
#[test]
fn a_short_frame_keeps_the_controls_to_one_row_and_points_to_the_legend() {
    let Some(b) = common::browser_or_skip(
        "a_short_frame_keeps_the_controls_to_one_row_and_points_to_the_legend",
    ) else {
        return;
    };
    b.cdp(
        "Emulation.setDeviceMetricsOverride",
        serde_json::json!({"width": 800, "height": 600, "deviceScaleFactor": 1, "mobile": false}),
    );
    open(&b, "");
    assert!(b.wait_for("innerHeight === 600", 5));
    let v = b.js(
        "const r = (id) => document.getElementById(id).getBoundingClientRect(); \
         const cue = document.getElementById('to-legend'); \
         return [r('controls').height, r('maps').width, cue.hidden, r('to-legend').bottom, r('maps').bottom, \
         document.getElementById('maps').parentElement.clientWidth];",
    );
    let (controls, map) = (v[0].as_f64().unwrap(), v[1].as_f64().unwrap());
    // One row of 44 px targets and the padding (three rows took 215 px).
    assert!(controls < 60.0, "the controls take {controls} px");
    // The map is as wide as the frame (less its padding) and all on screen:
    // the height no longer holds it down.
    let column = v[5].as_f64().unwrap();
    assert!(map >= column - 1.0, "the map is {map} px wide of {column}");
    assert!(
        v[4].as_f64().unwrap() <= 600.0,
        "the map runs off the frame"
    );
    assert_eq!(v[2], serde_json::json!(false), "no cue to the legend below");
    assert!(v[3].as_f64().unwrap() <= 600.0, "the cue is off screen");
    b.click("#to-legend");
    assert!(
        b.wait_for(
            "document.getElementById('legend').getBoundingClientRect().top < innerHeight - 100",
            5
        ),
        "the cue scrolls the legend into view"
    );
    assert!(
        b.wait_for("document.getElementById('to-legend').hidden", 5),
        "the cue goes once the legend is on screen"
    );
}
