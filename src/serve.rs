//! Live preview: serves the interactive page over HTTP and rebuilds it when
//! the theatre's files or the style change. A plain `std::net` server is
//! enough for one local reader, and keeps dependencies down. Each rebuild
//! bumps a build number; the page polls [`VERSION_PATH`] and reloads when
//! it changes. A broken file turns the page into a readable error message,
//! and the server keeps running.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::error::{Error, Result};
use crate::render::html::{error_page, write_page, PAGE_FILE, VERSION_PATH};
use crate::{load, render, Session};

/// Page width the interactive page is composed for: `render`'s default.
pub const PAGE_WIDTH: u32 = crate::render::DEFAULT_WIDTH;

/// How often the watcher looks at modification times.
const POLL: Duration = Duration::from_millis(300);

/// What to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Theatre folder.
    pub theatre: PathBuf,
    /// Style name or path.
    pub style: String,
    /// Folder of named styles.
    pub styles_dir: PathBuf,
    /// Output folder; `None` means `output/<theatre id>`, as `render` writes
    /// (the folder's name while the theatre does not load).
    pub out: Option<PathBuf>,
    /// Where to listen.
    pub addr: SocketAddr,
}

struct Built {
    version: u64,
    page: String,
}

/// A bound preview server.
pub struct Server {
    listener: TcpListener,
    opts: ServeOptions,
    out: PathBuf,
    built: Arc<Mutex<Built>>,
}

/// Builds the page; a failure becomes an error page rather than an error.
fn build(opts: &ServeOptions, out: &Path) -> String {
    let attempt = || -> Result<String> {
        let s = Session::open(
            &opts.theatre,
            &opts.style,
            &opts.styles_dir,
            f64::from(PAGE_WIDTH),
        )?;
        let phases = s.select_phases(&[])?;
        let scenes = s.scenes(&phases, &|| {});
        render::ensure_dir(out)?;
        write_page(&s.theatre, &s.style, &scenes, out)?;
        Ok(render::html::live_page(&s.theatre, &s.style, &scenes))
    };
    attempt().unwrap_or_else(|e| error_page(&e.to_string()))
}

/// `output/<theatre id>`, the folder `render` writes to; the theatre
/// folder's name while the theatre does not load (the page then shows why).
fn default_out(theatre: &Path) -> PathBuf {
    let name = load::load_theatre(theatre)
        .map(|t| t.id)
        .unwrap_or_else(|_| {
            theatre
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "theatre".into())
        });
    PathBuf::from("output").join(name)
}

impl Server {
    /// Builds the page once and binds the address.
    pub fn bind(opts: ServeOptions) -> Result<Server> {
        let out = opts
            .out
            .clone()
            .unwrap_or_else(|| default_out(&opts.theatre));
        let page = build(&opts, &out);
        let listener = TcpListener::bind(opts.addr).map_err(|cause| Error::Serve {
            addr: opts.addr.to_string(),
            cause,
        })?;
        Ok(Server {
            listener,
            opts,
            out,
            built: Arc::new(Mutex::new(Built { version: 1, page })),
        })
    }

    /// The address actually bound (useful with port 0).
    pub fn addr(&self) -> SocketAddr {
        self.listener.local_addr().unwrap_or(self.opts.addr)
    }

    /// Serves until the process ends; the watcher runs on its own thread.
    pub fn run(self) -> Result<()> {
        let watched = {
            let mut v = vec![self.opts.theatre.clone()];
            if let Ok(p) = load::style_path(&self.opts.style, &self.opts.styles_dir) {
                v.push(p);
            }
            v
        };
        {
            let (built, opts, out) = (self.built.clone(), self.opts.clone(), self.out.clone());
            std::thread::spawn(move || {
                let mut last = load::fingerprint(&watched);
                loop {
                    std::thread::sleep(POLL);
                    let now = load::fingerprint(&watched);
                    if now != last {
                        last = now;
                        let page = build(&opts, &out);
                        if let Ok(mut b) = built.lock() {
                            b.version += 1;
                            b.page = page;
                        }
                    }
                }
            });
        }
        for stream in self.listener.incoming() {
            let Ok(stream) = stream else { continue };
            let (built, out) = (self.built.clone(), self.out.clone());
            std::thread::spawn(move || {
                let _ = handle(stream, &built, &out);
            });
        }
        Ok(())
    }
}

fn respond(mut s: &TcpStream, status: &str, ctype: &str, body: &[u8]) -> std::io::Result<()> {
    write!(
        s,
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n\
         X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    s.write_all(body)?;
    s.flush()
}

fn handle(stream: TcpStream, built: &Mutex<Built>, out: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut reader = BufReader::new(&stream);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    // Drain the headers; nothing in them matters here.
    let mut h = String::new();
    while reader.read_line(&mut h)? > 2 {
        h.clear();
    }
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    if method != "GET" && method != "HEAD" {
        return respond(
            &stream,
            "405 Method Not Allowed",
            "text/plain",
            b"GET only\n",
        );
    }
    let path = target.split(['?', '#']).next().unwrap_or("");
    if path == VERSION_PATH {
        let v = built.lock().map(|b| b.version).unwrap_or(0);
        return respond(&stream, "200 OK", "text/plain", v.to_string().as_bytes());
    }
    let Some(rel) = safe_relative_path(path) else {
        return respond(&stream, "403 Forbidden", "text/plain", b"forbidden\n");
    };
    if rel.as_os_str().is_empty() || rel == Path::new(PAGE_FILE) {
        let page = built.lock().map(|b| b.page.clone()).unwrap_or_default();
        return respond(
            &stream,
            "200 OK",
            "text/html; charset=utf-8",
            page.as_bytes(),
        );
    }
    match load::read_bytes(&out.join(&rel)) {
        Ok(bytes) => respond(&stream, "200 OK", content_type(&rel), &bytes),
        Err(_) => respond(&stream, "404 Not Found", "text/plain", b"not found\n"),
    }
}

fn content_type(p: &Path) -> &'static str {
    match p.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}

/// The file a request path names, relative to the output folder, or `None`
/// when it could leave it: `..` (also percent-encoded), encoded slashes or
/// backslashes, absolute or drive paths, NUL.
pub fn safe_relative_path(path: &str) -> Option<PathBuf> {
    let rest = path.strip_prefix('/')?;
    if rest.starts_with('/') {
        return None;
    }
    let lower = rest.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") {
        return None;
    }
    let decoded = percent_decode(rest)?;
    if decoded.contains(['\\', '\0', ':']) {
        return None;
    }
    let mut out = PathBuf::new();
    for seg in decoded.split('/') {
        if seg.is_empty() {
            continue;
        }
        let mut c = Path::new(seg).components();
        match (c.next(), c.next()) {
            (Some(Component::Normal(n)), None) if !seg.starts_with('.') => out.push(n),
            _ => return None,
        }
    }
    Some(out)
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preview_writes_where_render_does() {
        // The built-in theatre's folder is "geodata", its id another name.
        let geodata = Path::new(env!("CARGO_MANIFEST_DIR")).join("geodata");
        assert_eq!(
            default_out(&geodata),
            Path::new("output").join("siberian-intervention")
        );
        let missing = Path::new("no-such-theatre");
        assert_eq!(
            default_out(missing),
            Path::new("output").join("no-such-theatre")
        );
    }

    #[test]
    fn request_paths_cannot_leave_the_output_folder() {
        assert_eq!(safe_relative_path("/"), Some(PathBuf::new()));
        assert_eq!(
            safe_relative_path("/index.html"),
            Some(PathBuf::from("index.html"))
        );
        assert_eq!(
            safe_relative_path("/maps/1918%2008.svg"),
            Some(PathBuf::from("maps/1918 08.svg"))
        );
        for bad in [
            "/../secret",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/etc/passwd",
            "/.%2e/x",
            "/a%2f..%2fb",
            "/a%5c..%5cb",
            "/..\\x",
            "//etc/passwd",
            "/C:/Windows",
            "etc/passwd",
            "http://example.com/",
            "/%00",
            "/%zz",
            "/.hidden",
        ] {
            assert_eq!(safe_relative_path(bad), None, "{bad}");
        }
    }
}
