//! Helpers shared by the integration tests: the small test theatre, and a
//! minimal WebDriver client for chromedriver (plain HTTP/1.1 over std::net,
//! so the tests need no async runtime).

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The repository's root folder.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn mini_theatre() -> PathBuf {
    root().join("tests/theatres/mini")
}

/// What `render` is asked for by default: the wikipedia style, every phase,
/// SVG only, written nowhere (`out: None`), `width` pixels wide. Tests
/// change what they need with `RenderRequest { .., ..request(..) }`.
pub fn request(theatre: &Path, width: f64) -> phasemap::RenderRequest {
    phasemap::RenderRequest {
        theatre: theatre.to_path_buf(),
        style: "wikipedia".into(),
        styles_dir: styles_dir(),
        out: None,
        phases: Vec::new(),
        width,
        formats: vec![phasemap::render::Format::Svg],
        outline_text: false,
        langs: Vec::new(),
    }
}

/// A session on the built-in theatre with the wikipedia style, composing
/// maps `width` pixels wide.
pub fn builtin_session(width: f64) -> phasemap::Session {
    session(&request(&root().join("geodata"), width))
}

/// The session `req` asks for (its theatre, style and width).
pub fn session(req: &phasemap::RenderRequest) -> phasemap::Session {
    phasemap::Session::open(&req.theatre, &req.style, &req.styles_dir, req.width)
        .unwrap_or_else(|e| panic!("{}: {e}", req.theatre.display()))
}

/// Every file (not folder) under `dir`, recursively; none if `dir` is
/// missing.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(files_under(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

pub fn styles_dir() -> PathBuf {
    root().join("styles")
}

/// Every theatre in the repository, for the checks that must hold for each.
pub const ALL_THEATRES: [&str; 7] = [
    "geodata",
    "tests/theatres/tiny",
    "tests/theatres/mini",
    "tests/theatres/squares",
    "tests/theatres/aleutians",
    "tests/theatres/spain",
    "examples/russo-japanese-war",
];

/// The theatre in `dir` (relative to the repository), loaded as `render` loads it.
pub fn load_theatre(dir: &str) -> phasemap::model::Theatre {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    phasemap::load::load_theatre(&root.join(dir)).unwrap()
}

/// The built-in style `name`, bound to `t` as `render` binds it.
pub fn bound_style(t: &phasemap::model::Theatre, name: &str) -> phasemap::style::Style {
    let path = styles_dir().join(format!("{name}.json"));
    let mut s =
        phasemap::style::Style::parse(&path, &std::fs::read_to_string(&path).unwrap()).unwrap();
    s.bind(t);
    s
}

/// Writes the interactive page of `theatre` into `out` and returns its path.
pub fn write_page(theatre: &Path, style: &str, out: &Path) -> PathBuf {
    write_page_at(theatre, style, out, 1200.0)
}

/// [`write_page`] composed for a page `width` pixels wide.
pub fn write_page_at(theatre: &Path, style: &str, out: &Path, width: f64) -> PathBuf {
    let req = phasemap::RenderRequest {
        style: style.to_string(),
        out: Some(out.to_path_buf()),
        formats: vec![phasemap::render::Format::Html],
        ..request(theatre, width)
    };
    phasemap::render_phases(&req, &|| {}).expect("page renders");
    out.join("index.html")
}

/// The built-in theatre's page at the default width, written once per test
/// binary for the tests that need it.
pub fn builtin_page() -> &'static Path {
    static PAGE: std::sync::OnceLock<(tempfile::TempDir, PathBuf)> = std::sync::OnceLock::new();
    &PAGE
        .get_or_init(|| {
            let out = tempfile::tempdir().unwrap();
            let theatre = Path::new(env!("CARGO_MANIFEST_DIR")).join("geodata");
            let t0 = Instant::now();
            let page = write_page_at(&theatre, "wikipedia", out.path(), BUILTIN_PAGE_WIDTH);
            eprintln!("built-in page written in {:?}", t0.elapsed());
            (out, page)
        })
        .1
}

/// The width the built-in theatre's page is composed for.
pub const BUILTIN_PAGE_WIDTH: f64 = 2400.0;

/// Saves a screenshot to $PHASEMAP_SCREENSHOTS/<name> when that is set.
pub fn screenshot(b: &Browser, name: &str) {
    if let Some(dir) = std::env::var_os("PHASEMAP_SCREENSHOTS") {
        std::fs::write(Path::new(&dir).join(name), b.screenshot()).unwrap();
    }
}

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A chromedriver process with one headless Chromium session.
pub struct Browser {
    driver: Child,
    port: u16,
    session: String,
    _profile: tempfile::TempDir,
}

fn find(names: &[&str]) -> Option<PathBuf> {
    names.iter().map(PathBuf::from).find(|p| p.is_file())
}

/// Starts headless Chromium; `Err` says which program is missing. Once both
/// are installed, any failure to start them panics: that is a real failure.
pub fn browser() -> Result<Browser, String> {
    browser_as(None)
}

/// A phone's screen: width and height in CSS pixels, with touch.
pub const PHONE: (u32, u32) = (390, 844);

/// Starts headless Chromium emulating a touch screen of `phone` CSS pixels,
/// or a 1400 x 1000 desktop window for `None`.
pub fn browser_as(phone: Option<(u32, u32)>) -> Result<Browser, String> {
    let driver_bin = find(&["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"])
        .ok_or("chromedriver not found (apt-get install chromium-driver)")?;
    let chromium = find(&["/usr/bin/chromium", "/usr/bin/chromium-browser"])
        .ok_or("chromium not found (apt-get install chromium)")?;
    Ok(start(&driver_bin, &chromium, phone, None)
        .unwrap_or_else(|e| panic!("cannot start Chromium: {e}")))
}

/// A desktop Chromium whose user prefers `lang` (`--lang`, `--accept-lang`
/// and the accept-languages preference), so SVG `<switch>` picks it; skips
/// as [`browser_or_skip`] does.
pub fn browser_in_language_or_skip(test: &str, lang: &str) -> Option<Browser> {
    let found = find(&["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"])
        .zip(find(&["/usr/bin/chromium", "/usr/bin/chromium-browser"]));
    match found {
        Some((driver, chromium)) => Some(
            start(&driver, &chromium, None, Some(lang))
                .unwrap_or_else(|e| panic!("cannot start Chromium: {e}")),
        ),
        None if std::env::var_os("CI").is_some() => panic!("{test}: Chromium not found"),
        None => {
            eprintln!("skipping {test}: chromium or chromedriver not found");
            None
        }
    }
}

fn start(
    driver_bin: &Path,
    chromium: &Path,
    phone: Option<(u32, u32)>,
    lang: Option<&str>,
) -> Result<Browser, String> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| e.to_string())?
        .port();
    let driver = Command::new(driver_bin)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start chromedriver: {e}"))?;
    let profile = tempfile::tempdir().map_err(|e| e.to_string())?;
    let mut b = Browser {
        driver,
        port,
        session: String::new(),
        _profile: profile,
    };
    let t0 = Instant::now();
    while b.call("GET", "/status", None).is_err() {
        if t0.elapsed() > Duration::from_secs(20) {
            return Err("chromedriver did not start".into());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let mut options = json!({
        "binary": chromium,
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage", "--window-size=1400,1000",
                 format!("--user-data-dir={}", b._profile.path().display())]
    });
    if let Some(lang) = lang {
        if let Some(args) = options["args"].as_array_mut() {
            args.push(json!(format!("--lang={lang}")));
            args.push(json!(format!("--accept-lang={lang}")));
        }
        options["prefs"] = json!({"intl.accept_languages": lang});
    }
    if let Some((w, h)) = phone {
        options["mobileEmulation"] = json!({
            "deviceMetrics": {"width": w, "height": h, "pixelRatio": 3.0, "touch": true},
            "userAgent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
        });
    }
    let caps = json!({"capabilities": {"alwaysMatch": {
        "browserName": "chrome",
        "goog:loggingPrefs": {"browser": "ALL"},
        "goog:chromeOptions": options
    }}});
    let v = b.call("POST", "/session", Some(caps))?;
    b.session = v["value"]["sessionId"]
        .as_str()
        .ok_or(format!("no session: {v}"))?
        .to_string();
    Ok(b)
}

impl Browser {
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).map_err(|e| e.to_string())?;
        s.set_read_timeout(Some(Duration::from_secs(60)))
            .map_err(|e| e.to_string())?;
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .map_err(|e| e.to_string())?;
        // chromedriver keeps connections open: read exactly Content-Length bytes.
        let mut raw = Vec::new();
        let mut buf = [0u8; 65536];
        let payload = loop {
            let n = s.read(&mut buf).map_err(|e| e.to_string())?;
            if n == 0 {
                return Err("connection closed".into());
            }
            raw.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&raw).into_owned();
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let len: usize = head
                    .lines()
                    .find_map(|l| {
                        let (k, v) = l.split_once(':')?;
                        k.eq_ignore_ascii_case("content-length")
                            .then(|| v.trim().parse().ok())?
                    })
                    .ok_or("no Content-Length")?;
                if body.len() >= len {
                    break body.to_string();
                }
            }
        };
        let payload = payload.as_str();
        let v: Value = serde_json::from_str(payload).map_err(|e| format!("{e}: {payload}"))?;
        if v["value"]["error"].is_string() {
            return Err(format!(
                "{}: {}",
                v["value"]["error"], v["value"]["message"]
            ));
        }
        Ok(v)
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let p = format!("/session/{}{path}", self.session);
        self.call(method, &p, body).map(|v| v["value"].clone())
    }

    pub fn goto(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({ "url": url })))
            .expect("navigate");
    }

    /// Runs `body` (a function body; `arguments` holds `args`) and returns its value.
    pub fn js(&self, body: &str) -> Value {
        self.try_js(body)
            .unwrap_or_else(|e| panic!("script failed: {e}\n{body}"))
    }

    pub fn try_js(&self, body: &str) -> Result<Value, String> {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({"script": body, "args": []})),
        )
    }

    /// Runs `body`, which must call `arguments[0](result)`.
    pub fn js_async(&self, body: &str) -> Value {
        self.cmd(
            "POST",
            "/execute/async",
            Some(json!({"script": body, "args": []})),
        )
        .unwrap_or_else(|e| panic!("script failed: {e}\n{body}"))
    }

    /// Polls `cond` (a JS expression) until true or `secs` pass.
    pub fn wait_for(&self, cond: &str, secs: u64) -> bool {
        let t0 = Instant::now();
        while t0.elapsed() < Duration::from_secs(secs) {
            if self.try_js(&format!("return !!({cond});")) == Ok(Value::Bool(true)) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        false
    }

    pub fn element(&self, css: &str) -> String {
        let v = self
            .cmd(
                "POST",
                "/element",
                Some(json!({"using": "css selector", "value": css})),
            )
            .unwrap_or_else(|e| panic!("no element {css}: {e}"));
        v[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element id for {css}: {v}"))
            .to_string()
    }

    pub fn click(&self, css: &str) {
        let id = self.element(css);
        self.cmd("POST", &format!("/element/{id}/click"), Some(json!({})))
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    /// Moves the mouse over the middle of the element.
    pub fn hover(&self, css: &str) {
        let id = self.element(css);
        let actions = json!({"actions": [{"type": "pointer", "id": "mouse",
            "parameters": {"pointerType": "mouse"},
            "actions": [{"type": "pointerMove", "duration": 0, "x": 0, "y": 0,
                          "origin": {ELEMENT: id}}]}]});
        self.cmd("POST", "/actions", Some(actions))
            .unwrap_or_else(|e| panic!("hover {css}: {e}"));
    }

    /// Runs a Chrome DevTools Protocol command (chromedriver's extension).
    pub fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.cmd(
            "POST",
            "/goog/cdp/execute",
            Some(json!({"cmd": cmd, "params": params})),
        )
        .unwrap_or_else(|e| panic!("{cmd}: {e}"))
    }

    /// Performs W3C WebDriver input actions (`{"actions": [...]}`).
    pub fn perform(&self, actions: Value) {
        self.cmd("POST", "/actions", Some(actions))
            .unwrap_or_else(|e| panic!("actions: {e}"));
    }

    /// One wheel notch of `dy` pixels at viewport point (`x`, `y`).
    pub fn wheel(&self, x: f64, y: f64, dy: i64) {
        self.perform(
            json!({"actions": [{"type": "wheel", "id": "wheel", "actions": [
            {"type": "scroll", "x": x as i64, "y": y as i64, "deltaX": 0, "deltaY": dy,
             "duration": 0, "origin": "viewport"}]}]}),
        );
    }

    /// Presses a key (a WebDriver key code such as "\u{E014}" for ArrowRight).
    pub fn key(&self, key: &str) {
        let actions = json!({"actions": [{"type": "key", "id": "kb",
            "actions": [{"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}]}]});
        self.cmd("POST", "/actions", Some(actions)).expect("key");
    }

    /// Browser console entries since the last call, every level (the page
    /// should log nothing at all). A driver that cannot say fails the test:
    /// "could not ask" is not "no messages".
    pub fn console(&self) -> Vec<(String, String)> {
        let v = self
            .cmd("POST", "/se/log", Some(json!({"type": "browser"})))
            .unwrap_or_else(|e| panic!("cannot read the browser's console: {e}"));
        v.as_array()
            .unwrap_or_else(|| panic!("the browser's console is not a list: {v}"))
            .iter()
            .map(|e| {
                let text = |k: &str| e[k].as_str().unwrap_or_default().to_string();
                (text("level"), text("message"))
            })
            .collect()
    }

    /// Browser console entries at level SEVERE (errors, failed loads).
    pub fn console_errors(&self) -> Vec<String> {
        self.console()
            .into_iter()
            .filter(|(level, _)| level == "SEVERE")
            .map(|(_, m)| m)
            .collect()
    }

    /// Sends the next commands into the `<iframe>` matching `css`.
    pub fn enter_frame(&self, css: &str) {
        let id = self.element(css);
        self.cmd("POST", "/frame", Some(json!({"id": {ELEMENT: id}})))
            .unwrap_or_else(|e| panic!("enter frame {css}: {e}"));
    }

    /// Back to the top-level document.
    pub fn leave_frames(&self) {
        self.cmd("POST", "/frame", Some(json!({"id": null})))
            .expect("leave frames");
    }

    /// A PNG of the window.
    pub fn screenshot(&self) -> Vec<u8> {
        let v = self.cmd("GET", "/screenshot", None).expect("screenshot");
        base64_decode(v.as_str().expect("base64 text"))
    }

    /// True when a JavaScript dialog (alert) is open.
    pub fn alert_open(&self) -> bool {
        self.cmd("GET", "/alert/text", None).is_ok()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let p = format!("/session/{}", self.session);
            let _ = self.call("DELETE", &p, None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// [x, y, width] of map A's view on the page in `b`.
pub fn view(b: &Browser) -> Vec<f64> {
    b.js("const v = document.getElementById('map-a').viewBox.baseVal; return [v.x, v.y, v.width];")
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect()
}

/// The browser, or `None` after printing why the test is skipped. With CI
/// set, a missing browser fails the test instead.
pub fn browser_or_skip(test: &str) -> Option<Browser> {
    browser_as_or_skip(test, None)
}

/// [`browser_or_skip`] emulating a phone's touch screen of `phone` CSS pixels.
pub fn phone_or_skip(test: &str, phone: (u32, u32)) -> Option<Browser> {
    browser_as_or_skip(test, Some(phone))
}

fn browser_as_or_skip(test: &str, phone: Option<(u32, u32)>) -> Option<Browser> {
    match browser_as(phone) {
        Ok(b) => Some(b),
        Err(why) if std::env::var_os("CI").is_some() => panic!("{test}: {why}"),
        Err(why) => {
            eprintln!("skipping {test}: {why}");
            None
        }
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let bytes: Vec<u8> = s
        .bytes()
        .filter(|c| *c != b'=' && !c.is_ascii_whitespace())
        .collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            n |= u32::from(val(*c)) << (18 - 6 * i);
        }
        let k = chunk.len().saturating_sub(1);
        out.extend_from_slice(&n.to_be_bytes()[1..1 + k]);
    }
    out
}
