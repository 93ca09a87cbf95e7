//! The interactive page in headless Chromium, driven over WebDriver: on a
//! desktop, on a phone (390 x 844, touch) and in `serve` (the page inside an
//! article is in embedded.rs). Skips (passing) when Chromium is not installed, unless the CI
//! variable is set.

mod common;

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};

const ARROW_RIGHT: &str = "\u{E014}";
const TAB: &str = "\u{E004}";

fn visible(b: &common::Browser, css: &str) -> bool {
    b.js(&format!(
        "const e = document.querySelector('{css}'); return !!e && e.getClientRects().length > 0;"
    ))
    .as_bool()
    .unwrap()
}

/// Opens the mini theatre's page (written into the returned folder) and
/// waits for its script.
fn open_mini_page(b: &common::Browser) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let page = common::write_page(&common::mini_theatre(), "wikipedia", out.path());
    b.goto(&format!("file://{}", page.display()));
    assert!(b.wait_for("window.phasemapReady", 10), "page script ran");
    out
}

/// axe-core's script, from tests/axe (`npm ci --prefix tests/axe`); `None`
/// (skip) when it is not installed, unless the CI variable is set.
fn axe_source() -> Option<String> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/axe/node_modules/axe-core/axe.min.js");
    match std::fs::read_to_string(&path) {
        Ok(s) => Some(s),
        Err(e) if std::env::var_os("CI").is_some() => panic!("{}: {e}", path.display()),
        Err(_) => {
            eprintln!("skipping the axe-core checks: run `npm ci --prefix tests/axe`");
            None
        }
    }
}

/// Runs axe-core inside the page; returns its serious and critical
/// violations, one line each.
fn axe_violations(b: &common::Browser) -> Option<Vec<String>> {
    let src = axe_source()?;
    let v = b.js_async(&format!(
        "const done = arguments[0];\n{src}\n;axe.run(document, {{resultTypes: ['violations']}}).then(r => done(\
         r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => \
         v.impact + ' ' + v.id + ' (' + v.nodes.length + '): ' + v.help + ' at ' + \
         v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))), e => done(['axe failed: ' + e]));"
    ));
    Some(
        v.as_array()
            .expect("axe's list")
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect(),
    )
}

/// Sum of the page's layout shifts so far (as Core Web Vitals count them).
fn layout_shift(b: &common::Browser) -> LayoutShift {
    let v = b.js_async(
        "const done = arguments[0]; let cls = 0; const what = [];\
         new PerformanceObserver(l => { for (const e of l.getEntries()) if (!e.hadRecentInput) { cls += e.value;\
           what.push(Math.round(e.startTime) + ' ms ' + e.value.toFixed(3) + ': ' + (e.sources || []).map(s => s.node ? (s.node.id || s.node.nodeName) : '?').join(',')); } })\
         .observe({type: 'layout-shift', buffered: true});\
         setTimeout(() => done([cls, what.join('; ')]), 300);",
    );
    LayoutShift {
        score: v[0].as_f64().unwrap(),
        shifts: v[1].as_str().unwrap_or_default().to_string(),
    }
}

/// The page's cumulative layout shift without recent input, and each
/// shift (time, value, the elements that moved) to say what moved when it
/// fails.
struct LayoutShift {
    score: f64,
    shifts: String,
}

impl LayoutShift {
    fn assert_at_most(&self, limit: f64) {
        eprintln!("layout shift: {:.3}", self.score);
        assert!(
            self.score <= limit,
            "layout shift {} ({})",
            self.score,
            self.shifts
        );
    }
}

/// Elements the Tab key stops at.
const TAB_STOPS: &str =
    "return [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]\
    .filter(e => e.tabIndex >= 0 && !e.disabled && e.checkVisibility()).length;";

/// Contrast ratio (WCAG) of the focused element's outline against the page.
const FOCUS_CONTRAST: &str = "const lum = (c) => { const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(v => { v /= 255; \
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };\
    const e = document.activeElement; const s = getComputedStyle(e); if (s.outlineStyle === 'none') return 0;\
    const a = lum(s.outlineColor), b = lum(getComputedStyle(document.body).backgroundColor);\
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);";

#[test]
fn page_timeline_compare_and_tooltips() {
    let Some(b) = common::browser_or_skip("page_timeline_compare_and_tooltips") else {
        return;
    };
    let _out = open_mini_page(&b);
    assert_eq!(
        b.console(),
        Vec::<(String, String)>::new(),
        "the page logs nothing"
    );
    assert_eq!(
        b.js("return performance.getEntriesByType('resource').length;"),
        0,
        "no requests"
    );
    // Before any input: one phase's caption, the first.
    assert!(visible(&b, ".cap[data-ph=\"0\"]"));
    assert!(!visible(&b, ".cap[data-ph=\"1\"]"));

    // Timeline: the first phase shows its own feature only.
    assert!(visible(&b, "#map-a [data-f=\"control/0\"]"));
    assert!(!visible(&b, "#map-a [data-f=\"control/1\"]"));
    // Keyboard: ArrowRight on the page moves to 1920-02.
    b.js("document.activeElement && document.activeElement.blur(); document.body.focus();");
    b.key(ARROW_RIGHT);
    assert!(b.wait_for(
        "document.getElementById('phase-title').textContent.includes('Reds return')",
        5
    ));
    assert!(visible(&b, ".cap[data-ph=\"1\"]"));
    assert!(!visible(&b, ".cap[data-ph=\"0\"]"));
    assert!(b
        .js("return document.getElementById('captions').innerText;")
        .as_str()
        .unwrap()
        .contains("Second phase caption."));
    assert!(visible(&b, "#map-a [data-f=\"control/1\"]"));
    assert!(!visible(&b, "#map-a [data-f=\"control/0\"]"));
    assert!(
        b.wait_for("location.hash === '#1920-02'", 3),
        "the fragment names the phase"
    );
    let ms = b.js_async(
        "const done = arguments[0]; const t0 = performance.now();\
         document.querySelector('[data-goto=\"0\"]').click();\
         requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0)));",
    );
    eprintln!("phase switch to next frame: {ms} ms");
    assert!(b.js("return document.getElementById('slider').value;") == "0");
    b.click("#next");
    assert!(b.wait_for("document.getElementById('slider').value === '1'", 3));

    // Compare: the reader picks both phases; both captions and both
    // phases' legend rows show.
    b.click("#compare");
    b.js("const a = document.getElementById('cmp-a'); a.value = '0'; a.dispatchEvent(new Event('change'));\
          const c = document.getElementById('cmp-b'); c.value = '1'; c.dispatchEvent(new Event('change'));");
    assert!(visible(&b, "#map-a [data-f=\"control/0\"]"));
    assert!(visible(&b, "#map-b [data-f=\"control/1\"]"));
    assert!(visible(&b, "#divider"));
    assert!(visible(&b, ".cap[data-ph=\"0\"]") && visible(&b, ".cap[data-ph=\"1\"]"));
    let legend = b.js("return document.getElementById('legend').innerText;");
    for power in ["Japan", "Soviet / Red Army"] {
        assert!(
            legend.as_str().unwrap().contains(power),
            "{power} in {legend}"
        );
    }
    assert!(b
        .js("return getComputedStyle(document.getElementById('map-b')).clipPath;")
        .as_str()
        .unwrap()
        .contains("inset"));
    assert!(b.wait_for("location.hash === '#compare=1918-08,1920-02'", 3));
    // Side by side: two maps next to each other, no divider.
    b.js("const m = document.getElementById('cmp-mode'); m.value = 'side'; m.dispatchEvent(new Event('change'));");
    assert!(!visible(&b, "#divider"));
    let side = b.js("const a = document.getElementById('map-a').getBoundingClientRect(), \
                     c = document.getElementById('map-b').getBoundingClientRect(); return c.left >= a.right - 1 && Math.abs(a.top - c.top) < 1;");
    assert_eq!(side, true, "side by side");
    assert!(b.wait_for("location.hash === '#compare=1918-08,1920-02&side'", 3));
    // A link to a comparison opens it.
    b.js("location.hash = '#compare=1920-02,1918-08';");
    assert!(b.wait_for("document.getElementById('cmp-a').value === '1' && document.getElementById('cmp-b').value === '0'", 3));
    b.click("#compare");
    assert!(!visible(&b, "#map-b"));

    // Hover a town: its tooltip, for readers: no source or certainty.
    b.hover("#map-a [data-f=\"towns/0\"]");
    assert!(
        b.wait_for("!document.getElementById('tooltip').hidden", 3),
        "tooltip shows"
    );
    let tip = b.js("return document.getElementById('tooltip').textContent;");
    assert!(tip.as_str().unwrap().contains("Vladivostok"), "{tip}");
    for hidden in ["GeoNames", "high", "vladivostok"] {
        assert!(!tip.as_str().unwrap().contains(hidden), "{hidden} in {tip}");
    }
    // A control area: name, dates as its own, power.
    b.js("document.querySelector('[data-goto=\"0\"]').click();");
    b.hover("#map-a [data-f=\"control/0\"]");
    assert!(b.wait_for(
        "document.getElementById('tooltip').textContent.includes('Japanese zone')",
        3
    ));
    let tip = b.js("return document.getElementById('tooltip').textContent;");
    let tip = tip.as_str().unwrap();
    assert!(
        tip.contains("Japan") && tip.contains("2 August 1918"),
        "{tip}"
    );
    assert!(!tip.contains("first phase only"), "no source notes: {tip}");

    // A hostile name is text, not markup.
    b.hover("#map-a [data-f=\"towns/1\"]");
    assert!(b.wait_for("document.getElementById('tooltip').textContent.includes('</text><script>alert(1)</script>')", 3));
    assert!(!b.alert_open());
    // The page's own: the fitting flag, the data, the page script.
    assert_eq!(b.js("return document.scripts.length;"), Value::from(3));

    // Layer toggles come from the style: the layers drawing one role of
    // the theatre are one switch, named in the page's words.
    let toggles = b.js("return [...document.querySelectorAll('#toggles input')].map(i => i.dataset.layer + '=' + i.parentNode.textContent.trim()).join(',');");
    assert_eq!(
        toggles,
        "control control-uncertain=Who governs,labels=Names"
    );
    b.click("#layers summary");
    b.click("#toggles input[data-layer~=\"control\"]");
    assert!(!visible(&b, "#map-a [data-f=\"control/0\"]"));
    assert_eq!(
        b.js("return [...document.querySelectorAll('#map-a g[data-layer=\"control-uncertain\"]')].map(g => g.style.display).join(',');"),
        Value::from("none"),
        "the switch leaves the uncertain extent drawn"
    );

    // Zoom buttons change the view and the fragment; reset restores it.
    b.click("#zoom-in");
    assert!(b.wait_for("location.hash.includes('view=')", 3));
    b.click("#zoom-reset");
    assert!(b.wait_for("!location.hash.includes('view=')", 3));
    assert!(b.console_errors().is_empty());
}

/// [client x, client y, map x, map y, view width] for a point 40 % across
/// and 45 % down the map: the map point under it in the current view.
const PROBE: &str =
    "const m = document.getElementById('map-a'); const r = m.getBoundingClientRect(); \
    const vb = m.viewBox.baseVal; const s = vb.width / r.width; \
    const px = Math.round(r.left + r.width * 0.4), py = Math.round(r.top + r.height * 0.45); \
    return [px, py, vb.x + (px - r.left) * s, vb.y + (py - r.top) * s, vb.width];";

fn probe(b: &common::Browser) -> Vec<f64> {
    b.js(PROBE)
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect()
}

#[test]
fn wheel_and_pinch_zoom_at_the_pointer() {
    let Some(b) = common::browser_or_skip("wheel_and_pinch_zoom_at_the_pointer") else {
        return;
    };
    let _out = open_mini_page(&b);
    let before = probe(&b);
    let (px, py, full) = (before[0], before[1], before[4]);

    // A plain wheel is the reader scrolling the page: no zoom, a hint.
    b.wheel(px, py, -300);
    assert!(
        b.wait_for("!document.getElementById('hint').hidden", 3),
        "hint"
    );
    assert!(b
        .js("return document.getElementById('hint').textContent;")
        .as_str()
        .unwrap()
        .contains("scroll to zoom"));
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(probe(&b)[4], full, "the wheel alone does not zoom");

    // After a click into the map the wheel zooms about the pointer: the
    // map point under it stays.
    b.perform(json!({"actions": [{"type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"},
        "actions": [{"type": "pointerMove", "duration": 0, "x": px as i64, "y": py as i64, "origin": "viewport"},
                    {"type": "pointerDown", "button": 0}, {"type": "pointerUp", "button": 0}]}]}));
    b.wheel(px, py, -300);
    assert!(
        b.wait_for("location.hash.includes('view=')", 3),
        "the view goes into the URL"
    );
    let after = probe(&b);
    assert!(
        after[4] < 0.8 * full,
        "zoomed in: view {} of {full}",
        after[4]
    );
    for k in [2, 3] {
        assert!(
            (after[k] - before[k]).abs() < 0.005 * full,
            "the point under the pointer moved: {before:?} -> {after:?}"
        );
    }
    // Keyboard on the focused map: 0 resets, + zooms, arrows pan.
    b.js("document.getElementById('stage').focus();");
    b.key("0");
    assert!(b.wait_for("!location.hash.includes('view=')", 3));
    assert_eq!(common::view(&b)[2], full);
    b.key("+");
    let zoomed = common::view(&b);
    assert!(zoomed[2] < full * 0.7, "{zoomed:?}");
    b.key(ARROW_RIGHT);
    let panned = common::view(&b);
    assert!(
        panned[0] > zoomed[0] && panned[2] == zoomed[2],
        "{zoomed:?} -> {panned:?}"
    );
    assert!(
        b.js("return document.getElementById('phase-title').textContent;")
            .as_str()
            .unwrap()
            .starts_with("1."),
        "arrows on the map pan; they do not change the phase"
    );
    b.key("0");
    assert!(b.wait_for("!location.hash.includes('view=')", 3));

    // Two fingers moving apart zoom in about their midpoint, by about the
    // ratio of their distances (80 px to 240 px).
    let finger = |id: &str, dx: i64| {
        json!({"type": "pointer", "id": id, "parameters": {"pointerType": "touch"}, "actions": [
            {"type": "pointerMove", "duration": 0, "x": px as i64 + dx, "y": py as i64, "origin": "viewport"},
            {"type": "pointerDown", "button": 0},
            {"type": "pointerMove", "duration": 300, "x": px as i64 + 3 * dx, "y": py as i64, "origin": "viewport"},
            {"type": "pointerUp", "button": 0}]})
    };
    b.perform(json!({"actions": [finger("f1", -40), finger("f2", 40)]}));
    assert!(
        b.wait_for("location.hash.includes('view=')", 3),
        "the pinch changes the view"
    );
    let pinched = probe(&b);
    let zoom = full / pinched[4];
    assert!((2.7..=3.3).contains(&zoom), "pinch zoom {zoom:.2}");
    for k in [2, 3] {
        assert!(
            (pinched[k] - before[k]).abs() < 0.02 * full,
            "the midpoint moved: {before:?} -> {pinched:?}"
        );
    }
    assert!(b.console_errors().is_empty());
}

#[test]
fn accessible_on_the_desktop() {
    let Some(b) = common::browser_or_skip("accessible_on_the_desktop") else {
        return;
    };
    let _out = open_mini_page(&b);
    let stops = b.js(TAB_STOPS).as_u64().unwrap();
    eprintln!("tab stops: {stops}");
    assert!(stops <= 40, "{stops} tab stops");
    // The map: a name, and the caption as its description.
    assert_eq!(
        b.js("const m = document.getElementById('map-a'); return document.getElementById(m.getAttribute('aria-describedby')).innerText.includes('First phase caption.');"),
        true
    );
    assert!(b
        .js("return document.getElementById(document.getElementById('map-a').getAttribute('aria-labelledby')).textContent;")
        .as_str()
        .unwrap()
        .contains("Landings"));
    // Visible focus, 3:1 at least.
    b.js("document.body.focus();");
    b.key(TAB);
    let contrast = b.js(FOCUS_CONTRAST).as_f64().unwrap();
    assert!(contrast >= 3.0, "focus ring contrast {contrast:.2}");
    // The page as loaded must not shift; switching to the comparison is a
    // change the reader asked for, so it is measured before that click.
    layout_shift(&b).assert_at_most(0.1);
    if let Some(v) = axe_violations(&b) {
        assert!(v.is_empty(), "axe: {v:#?}");
        b.click("#compare");
        let v = axe_violations(&b).unwrap();
        assert!(v.is_empty(), "axe, comparing: {v:#?}");
    }
    assert!(b.console_errors().is_empty());
}

#[test]
fn on_a_phone() {
    let Some(b) = common::phone_or_skip("on_a_phone", common::PHONE) else {
        return;
    };
    let _out = open_mini_page(&b);
    assert_eq!(b.js("return innerWidth;"), 390);
    // Everything fits the width, and every control is touch-sized.
    assert_eq!(
        b.js("return document.documentElement.scrollWidth <= innerWidth;"),
        true,
        "no sideways scrolling"
    );
    let small = b.js("return [...document.querySelectorAll('#controls button, #controls select, #slider, #controls label')]\
        .filter(e => e.checkVisibility()).map(e => [e.id || e.textContent.trim(), e.getBoundingClientRect()])\
        .filter(([, r]) => r.width < 44 || r.height < 44 || r.right > innerWidth).map(([n, r]) => n + ' ' + r.width + 'x' + r.height);");
    assert_eq!(small, json!([]), "controls under 44 px or off screen");
    // Legend and caption below the map.
    assert_eq!(
        b.js("return document.getElementById('side').getBoundingClientRect().top >= document.getElementById('maps').getBoundingClientRect().bottom;"),
        true
    );
    // Labels drawn at 9 CSS px or more.
    let sizes = b.js("const m = document.getElementById('map-a'); const k = m.getBoundingClientRect().width / m.viewBox.baseVal.width;\
        return [...m.querySelectorAll('g[data-layer=labels] text')].map(t => Number(t.getAttribute('font-size')) * k);");
    let sizes: Vec<f64> = sizes
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert!(!sizes.is_empty(), "some labels");
    assert!(sizes.iter().all(|s| *s >= 8.99), "label sizes {sizes:?}");

    // A tap on a feature opens its panel; a tap elsewhere closes it.
    let tap = |css: &str| {
        let r = b.js(&format!("const r = document.querySelector('{css}').getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2];"));
        let (x, y) = (r[0].as_f64().unwrap() as i64, r[1].as_f64().unwrap() as i64);
        b.perform(json!({"actions": [{"type": "pointer", "id": "finger", "parameters": {"pointerType": "touch"},
            "actions": [{"type": "pointerMove", "duration": 0, "x": x, "y": y, "origin": "viewport"},
                        {"type": "pointerDown", "button": 0}, {"type": "pointerUp", "button": 0}]}]}));
    };
    tap("#map-a [data-f=\"towns/0\"]");
    assert!(b.wait_for("!document.getElementById('tooltip').hidden && document.getElementById('tooltip').classList.contains('pinned')", 3), "tap opens the panel");
    assert!(b
        .js("return document.getElementById('tooltip').textContent;")
        .as_str()
        .unwrap()
        .contains("Vladivostok"));
    b.click("#tooltip .close");
    assert!(b.wait_for("document.getElementById('tooltip').hidden", 3));

    // One finger on the map scrolls the page, not the map: touch events
    // through the browser's own input pipeline, on a page that goes on
    // below the map as an article would.
    b.js("document.body.insertAdjacentHTML('beforeend', '<div style=\"height:2000px\"></div>');");
    let full = common::view(&b)[2];
    let r = b.js("const r = document.getElementById('map-a').getBoundingClientRect(); return [r.left + r.width / 2, r.bottom - 10];");
    let (x, y) = (r[0].as_f64().unwrap(), r[1].as_f64().unwrap());
    let touch = |kind: &str, y: Option<f64>| {
        let points = y.map_or(json!([]), |y| json!([{"x": x, "y": y}]));
        b.cdp(
            "Input.dispatchTouchEvent",
            json!({"type": kind, "touchPoints": points}),
        );
    };
    touch("touchStart", Some(y));
    for i in 1..=10 {
        touch("touchMove", Some(y - 15.0 * f64::from(i)));
    }
    touch("touchEnd", None);
    // A fling may scroll on for a while (longer on a loaded machine): wait
    // until the page is still before measuring where the map is.
    let mut scrolled = f64::NAN;
    for _ in 0..30 {
        std::thread::sleep(Duration::from_millis(150));
        let now = b.js("return scrollY;").as_f64().unwrap();
        if now == scrolled {
            break;
        }
        scrolled = now;
    }
    assert_eq!(common::view(&b)[2], full, "one finger does not zoom");
    eprintln!("one-finger drag scrolled the page by {scrolled} px");
    assert!(scrolled > 20.0, "the page scrolled: {scrolled}");

    // Two fingers spreading apart zoom the map, and the page stays put
    // (the map brought back into view first: the fling may have taken it
    // off the screen).
    b.js(
        "document.getElementById('map-a').scrollIntoView({block: 'center', behavior: 'instant'});",
    );
    std::thread::sleep(Duration::from_millis(150));
    let scrolled = b.js("return scrollY;").as_f64().unwrap();
    let r = b.js("const r = document.getElementById('map-a').getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2];");
    let (x, y) = (r[0].as_f64().unwrap(), r[1].as_f64().unwrap());
    let two = |kind: &str, d: f64| {
        b.cdp(
            "Input.dispatchTouchEvent",
            json!({"type": kind, "touchPoints": [{"x": x - d, "y": y, "id": 1}, {"x": x + d, "y": y, "id": 2}]}),
        );
    };
    two("touchStart", 20.0);
    for i in 1..=10 {
        two("touchMove", 20.0 + 4.0 * f64::from(i));
    }
    b.cdp(
        "Input.dispatchTouchEvent",
        json!({"type": "touchEnd", "touchPoints": []}),
    );
    std::thread::sleep(Duration::from_millis(300));
    let pinched = full / common::view(&b)[2];
    assert!(
        (2.5..=3.5).contains(&pinched),
        "two-finger zoom {pinched:.2}"
    );
    assert_eq!(
        b.js("return scrollY;").as_f64().unwrap(),
        scrolled,
        "the page did not move"
    );
    b.js("document.getElementById('zoom-reset').click();");

    if let Some(v) = axe_violations(&b) {
        assert!(v.is_empty(), "axe on a phone: {v:#?}");
    }
    layout_shift(&b).assert_at_most(0.1);
    assert!(b.console_errors().is_empty());
}

#[test]
fn serve_reloads_when_the_style_changes() {
    let Some(b) = common::browser_or_skip("serve_reloads_when_the_style_changes") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let style = dir.path().join("style.json");
    let original = std::fs::read_to_string(common::styles_dir().join("wikipedia.json")).unwrap();
    std::fs::write(&style, &original).unwrap();
    let server = phasemap::serve::Server::bind(phasemap::serve::ServeOptions {
        theatre: common::mini_theatre(),
        style: style.display().to_string(),
        styles_dir: common::styles_dir(),
        out: Some(dir.path().join("out")),
        addr: "127.0.0.1:0".parse().unwrap(),
    })
    .unwrap();
    let addr = server.addr();
    std::thread::spawn(move || server.run());
    b.goto(&format!("http://{addr}/"));
    assert!(b.wait_for("window.phasemapReady", 10));
    let sea = "document.querySelector('#map-a #sea').getAttribute('fill')";
    assert_eq!(b.js(&format!("return {sea};")), "#c6ecff");

    let edited = original.replacen(
        "\"background-color\": \"#c6ecff\"",
        "\"background-color\": \"#123456\"",
        1,
    );
    assert_ne!(edited, original);
    std::fs::write(&style, &edited).unwrap();
    assert!(
        b.wait_for(&format!("window.phasemapReady && {sea} === '#123456'"), 10),
        "page reloaded with the new style"
    );

    // A mistake shows as a message; the server keeps going.
    std::fs::write(&style, "{ not json").unwrap();
    assert!(b.wait_for(
        "document.getElementById('error') && document.body.textContent.includes('style.json')",
        10
    ));
    std::thread::sleep(Duration::from_millis(100));
    std::fs::write(&style, &original).unwrap();
    assert!(
        b.wait_for(&format!("window.phasemapReady && {sea} === '#c6ecff'"), 10),
        "page recovered"
    );
}

/// After a save the preview swaps the new build into the open page (no
/// reload): the phase on view stays, the new text shows, and the controls
/// still answer, once.
#[test]
fn serve_swaps_a_new_build_into_the_open_page() {
    let Some(b) = common::browser_or_skip("serve_swaps_a_new_build_into_the_open_page") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let theatre = dir.path().join("theatre");
    std::fs::create_dir(&theatre).unwrap();
    for e in std::fs::read_dir(common::mini_theatre()).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), theatre.join(e.file_name())).unwrap();
    }
    let server = phasemap::serve::Server::bind(phasemap::serve::ServeOptions {
        theatre: theatre.clone(),
        style: "wikipedia".into(),
        styles_dir: common::styles_dir(),
        out: Some(dir.path().join("out")),
        addr: "127.0.0.1:0".parse().unwrap(),
    })
    .unwrap();
    let addr = server.addr();
    std::thread::spawn(move || server.run());
    b.goto(&format!("http://{addr}/"));
    assert!(b.wait_for("window.phasemapReady", 10));
    b.click("#next");
    assert!(b.wait_for("document.getElementById('app').dataset.a === '1'", 5));
    b.js("window.phasemapKept = true; return 0;");
    let towns = theatre.join("towns.geojson");
    let text = std::fs::read_to_string(&towns).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    let old = v["features"][0]["properties"]["name"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!text.contains("Swaptown"));
    std::fs::write(&towns, text.replace(&old, "Swaptown")).unwrap();
    let label = |name: &str| {
        format!(
            "Array.from(document.querySelectorAll('#map-a text')).filter((t) => t.textContent === '{name}').length"
        )
    };
    assert!(
        b.wait_for(
            &format!("window.phasemapSwapped && {} === 1", label("Swaptown")),
            10
        ),
        "the new name is drawn once"
    );
    assert_eq!(
        b.js("return window.phasemapKept === true;"),
        json!(true),
        "swapped, not reloaded"
    );
    assert_eq!(
        b.js("return document.getElementById('app').dataset.a;"),
        json!("1"),
        "the phase on view stays"
    );
    assert_eq!(b.js(&format!("return {};", label(&old))), json!(0));
    // The whole page follows; the controls answer (one run of the script).
    std::thread::sleep(Duration::from_millis(500));
    b.click("#prev");
    assert!(b.wait_for("document.getElementById('app').dataset.a === '0'", 5));
    assert!(
        b.wait_for(&format!("{} === 1", label("Swaptown")), 5),
        "phase 0 has the new name too"
    );
    assert_eq!(b.js("return window.phasemapKept === true;"), json!(true));
    assert!(b.console_errors().is_empty(), "{:?}", b.console_errors());
}

/// The built-in theatre's page: size, first paint, phase switches, and the
/// comparison view.
#[test]
fn builtin_theatre_page() {
    let Some(b) = common::browser_or_skip("builtin_theatre_page") else {
        return;
    };
    let page = common::builtin_page();
    let bytes = std::fs::read(page).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&bytes).unwrap();
    let gzipped = gz.finish().unwrap().len();
    eprintln!("page size: {} bytes, {gzipped} gzipped", bytes.len());
    assert!(bytes.len() <= 600_000, "{} bytes", bytes.len());
    assert!(gzipped <= 150_000, "{gzipped} bytes gzipped");
    b.goto(&format!("file://{}", page.display()));
    assert!(b.wait_for("window.phasemapReady", 20));
    b.wait_for(
        "performance.getEntriesByName('first-contentful-paint').length",
        5,
    );
    eprintln!(
        "first contentful paint: {} ms; script ready: {} ms",
        b.js("const e = performance.getEntriesByName('first-contentful-paint')[0]; return e ? e.startTime : null;"),
        b.js("return window.phasemapReady;")
    );
    layout_shift(&b).assert_at_most(0.1);
    for k in [4, 5, 0] {
        let ms = b.js_async(&format!(
            "const done = arguments[0]; const t0 = performance.now();\
             document.querySelector('[data-goto=\"{k}\"]').click();\
             requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0)));"
        ));
        eprintln!("switch to phase {k}, to the next frame: {ms} ms");
    }
    assert!(b.console_errors().is_empty());
    b.click("[data-goto=\"4\"]");
    b.js("[...document.querySelectorAll('#map-a [data-label^=\"towns/\"]')].find(e => e.textContent.includes('Vladivostok')).setAttribute('data-test', 'vladivostok');");
    b.hover("#map-a [data-test=\"vladivostok\"]");
    assert!(b.wait_for(
        "document.querySelector('#tooltip b').textContent === 'Vladivostok'",
        3
    ));
    if let Some(v) = axe_violations(&b) {
        assert!(v.is_empty(), "axe: {v:#?}");
    }
    b.js("location.hash = '#compare=1918-11,1921-06';");
    assert!(b.wait_for("document.getElementById('map-b') && document.querySelectorAll('#map-b g[data-layer=labels] text').length > 0", 5));
    b.js("document.activeElement.blur(); window.scrollTo(0, 0); document.getElementById('tooltip').hidden = true;");
    common::screenshot(&b, "page-compare.png");
}

/// The built-in theatre's page on a phone: legible labels only, and more
/// places named as the reader zooms in.
#[test]
fn builtin_theatre_page_on_a_phone() {
    let Some(b) = common::phone_or_skip("builtin_theatre_page_on_a_phone", common::PHONE) else {
        return;
    };
    b.goto(&format!(
        "file://{}#1919-04",
        common::builtin_page().display()
    ));
    assert!(b.wait_for("window.phasemapReady", 20));
    // Labels on show, with their on-screen size, and those left out.
    const SHOWN: &str = "const m = document.getElementById('map-a'); const k = m.getBoundingClientRect().width / m.viewBox.baseVal.width;\
        return [...m.querySelectorAll('g[data-layer=labels] text')].map(t => [t.getAttribute('data-label'), Number(t.getAttribute('font-size')) * k]);";
    let shown = |b: &common::Browser| -> Vec<(String, f64)> {
        b.js(SHOWN)
            .as_array()
            .unwrap()
            .iter()
            .map(|v| (v[0].as_str().unwrap().to_string(), v[1].as_f64().unwrap()))
            .collect()
    };
    b.wait_for(
        "document.querySelectorAll('#map-a g[data-layer=labels] text').length > 0",
        3,
    );
    let full = shown(&b);
    eprintln!("labels on a phone's whole map: {}", full.len());
    assert!(!full.is_empty());
    assert!(full.iter().all(|(_, s)| *s >= 8.99), "{full:?}");
    common::screenshot(&b, "page-phone.png");
    // Zoom in 4x about Vladivostok: its neighbours get their names, and
    // labels keep their size on screen.
    let v = b.js("const d = JSON.parse(document.getElementById('phasemap-data').textContent); \
        const L = d.labels.find(l => l[0] === 'Vladivostok'); const w = d.size[0] / 4, h = w * d.size[1] / d.size[0]; \
        return [L[2] - w / 2, L[3] - h / 2, w];");
    let v: Vec<i64> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap() as i64)
        .collect();
    b.js(&format!(
        "location.hash = '#1919-04&view={},{},{}';",
        v[0], v[1], v[2]
    ));
    assert!(b.wait_for("location.hash.includes('view=')", 3));
    std::thread::sleep(Duration::from_millis(300));
    let zoomed = shown(&b);
    let new: Vec<&String> = zoomed
        .iter()
        .map(|(k, _)| k)
        .filter(|k| !full.iter().any(|(f, _)| f == *k))
        .collect();
    eprintln!(
        "zoomed 4x: {} labels, {} new: {new:?}",
        zoomed.len(),
        new.len()
    );
    assert!(!new.is_empty(), "zooming in names more places");
    for (k, s) in &zoomed {
        if let Some((_, s0)) = full.iter().find(|(f, _)| f == k) {
            assert!((s - s0).abs() < 0.05, "{k}: {s0} px became {s} px");
        }
    }
    b.js("location.hash = '#1919-04';");
    std::thread::sleep(Duration::from_millis(300));
    if let Some(v) = axe_violations(&b) {
        assert!(v.is_empty(), "axe on a phone: {v:#?}");
    }
}
