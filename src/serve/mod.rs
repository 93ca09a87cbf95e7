//! Live preview: serves the interactive page over HTTP and rebuilds it when
//! the theatre's files or the style change (file events from the system,
//! see [`load::Watcher`]). Each rebuild bumps a build number; the page asks
//! [`VERSION_PATH`] for the build after its own, naming the phase it shows;
//! the server composes that phase first and answers with a page in which it
//! is new as soon as that is made, the page swaps in what changed (see
//! `page-live.js`), and the whole page follows as the next build. A broken
//! file turns the page into a readable error message (and a line on the
//! terminal, see [`Server::saying`]), and the server keeps running.
//!
//! Requests are parsed by `httparse` (hyper's own HTTP/1 parser: sync,
//! allocation-free, well kept) and answered here, one response per
//! connection. A server crate was weighed and not taken: tiny_http 0.12
//! reads the request line into memory without limit, spawns a thread per
//! connection without bound (and panics when a spawn fails), and stops
//! accepting after the first `accept` error, which are the very failures
//! this module must not have; hyper and its friends need an async
//! runtime, much more than one local reader needs. So the limits are ours:
//! a request head of at most `MAX_HEAD_BYTES` read within
//! `IO_TIMEOUT`, `WORKERS` threads fed by a queue of `QUEUE`
//! connections (more get 503), accept errors (out of file descriptors)
//! waited out rather than spun on, and a `Host` that must name the bound
//! loopback address (DNS rebinding gets 421).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::load;
use crate::render::html::{PAGE_FILE, VERSION_PATH};

mod build;
mod request;

use request::{after_version, content_type, viewed_phase};
pub use request::{host_allowed, safe_relative_path};

/// Page width the interactive page is composed for: `render`'s default.
pub const PAGE_WIDTH: u32 = crate::render::DEFAULT_WIDTH;

/// How long a page's request for the next build waits before it is
/// answered with the current one (and asks again).
const LONG_POLL: Duration = Duration::from_secs(20);
/// Most pages waiting for the next build at once; more are answered at once.
pub const MAX_WAITING: usize = 64;

/// Largest request head (request line and headers) read; longer gets 431.
pub const MAX_HEAD_BYTES: usize = 8 * 1024;
/// Most headers in a request; more gets 431.
const MAX_HEADERS: usize = 32;
/// Threads answering requests.
pub const WORKERS: usize = 4;
/// Connections waiting for a worker; more are answered 503 at once.
pub const QUEUE: usize = 32;
/// How long a client may take to send its request or read the answer.
const IO_TIMEOUT: Duration = Duration::from_secs(5);
/// Pause after a failed `accept` (out of file descriptors, say), so the
/// loop waits for resources instead of spinning.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

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
    /// The phase the page that last asked for the next build shows (its
    /// index): composed first in the next rebuild.
    viewed: Option<usize>,
    /// Connections asking for a build newer than `version`, answered when
    /// it is made (or after [`LONG_POLL`]): no worker is held meanwhile.
    waiting: Vec<Waiting>,
}

struct Waiting {
    stream: TcpStream,
    since: Instant,
    head_only: bool,
}

impl Built {
    /// Answers every waiting connection that asked before `older_than` (all
    /// of them for `None`) with the current build number.
    fn answer_waiting(&mut self, older_than: Option<Instant>) {
        let version = self.version.to_string();
        self.waiting.retain(|w| {
            if older_than.is_some_and(|t| w.since > t) {
                return true;
            }
            // A few bytes into an idle socket: this does not block, and a
            // client gone meanwhile is only an error to drop.
            let _ = w.stream.set_write_timeout(Some(Duration::from_millis(200)));
            let _ = Reply::text(200, &version).send(&w.stream, w.head_only);
            false
        });
    }
}

/// A bound preview server.
pub struct Server {
    listener: TcpListener,
    opts: ServeOptions,
    out: PathBuf,
    watcher: load::Watcher,
    cache: load::LayerCache,
    last: build::Last,
    built: Arc<Mutex<Built>>,
    say: Say,
}

/// Where each build's warnings and errors go (the terminal, for the CLI).
type Say = Box<dyn Fn(&str) + Send>;

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
    ///
    /// Fails at once when there is no theatre at all (a wrong path, as
    /// `render` would say); errors inside the theatre's files only show on
    /// the page, to be fixed while it is served.
    pub fn bind(opts: ServeOptions) -> Result<Server> {
        load::manifest_text(&opts.theatre)?;
        let out = opts
            .out
            .clone()
            .unwrap_or_else(|| default_out(&opts.theatre));
        crate::run::not_the_theatre_folder(&out, &opts.theatre)?;
        let watched = {
            let mut v = vec![opts.theatre.clone()];
            if let Ok(p) = load::style_path(&opts.style, &opts.styles_dir) {
                v.push(p);
            }
            v
        };
        // Watching starts before the first build, so no save is missed. The
        // output folder may lie inside the theatre folder: its writes are
        // not changes, or every build would start the next.
        let watcher = load::Watcher::new(&watched, std::slice::from_ref(&out));
        let cache = load::LayerCache::default();
        let mut last = build::Last::default();
        let mut page = String::new();
        build::rebuild(&opts, &out, 1, &cache, None, &mut last, &mut |_, p| {
            page = p
        });
        let listener = TcpListener::bind(opts.addr).map_err(|cause| Error::Serve {
            addr: opts.addr.to_string(),
            cause,
        })?;
        Ok(Server {
            listener,
            opts,
            out,
            watcher,
            cache,
            last,
            say: Box::new(|_| {}),
            built: Arc::new(Mutex::new(Built {
                version: 1,
                page,
                viewed: None,
                waiting: Vec::new(),
            })),
        })
    }

    /// What the first build had to say: the theatre's warnings, or why it
    /// could not be built, one line each.
    pub fn said(&self) -> &[String] {
        &self.last.said
    }

    /// Sends each later build's warnings or error to `say`, a line at a
    /// time, once per build (the page shows an error too, but whoever
    /// edits may be looking at the terminal).
    pub fn saying(mut self, say: impl Fn(&str) + Send + 'static) -> Server {
        self.say = Box::new(say);
        self
    }

    /// The address actually bound (useful with port 0).
    pub fn addr(&self) -> SocketAddr {
        self.listener.local_addr().unwrap_or(self.opts.addr)
    }

    /// Serves until the process ends; the watcher and the workers run on
    /// threads of their own.
    pub fn run(self) -> Result<()> {
        let addr = self.addr();
        let spawn_err = |cause| Error::Serve {
            addr: addr.to_string(),
            cause,
        };
        {
            let (built, opts, out) = (self.built.clone(), self.opts.clone(), self.out.clone());
            let (mut watcher, cache, mut last, say) =
                (self.watcher, self.cache, self.last, self.say);
            std::thread::Builder::new()
                .name("phasemap-watch".into())
                .spawn(move || loop {
                    if watcher.changed(Duration::from_secs(1)) {
                        // Only this thread changes the number.
                        let (next, viewed) = built
                            .lock()
                            .map(|b| (b.version + 1, b.viewed))
                            .unwrap_or((1, None));
                        let mut publish = |version, page| {
                            if let Ok(mut b) = built.lock() {
                                b.version = version;
                                b.page = page;
                                b.answer_waiting(None);
                            }
                        };
                        build::rebuild(&opts, &out, next, &cache, viewed, &mut last, &mut publish);
                        for line in &last.said {
                            say(line);
                        }
                    } else if let Some(t) = Instant::now().checked_sub(LONG_POLL) {
                        if let Ok(mut b) = built.lock() {
                            b.answer_waiting(Some(t));
                        }
                    }
                })
                .map_err(spawn_err)?;
        }
        let (tx, rx) = sync_channel::<TcpStream>(QUEUE);
        let rx = Arc::new(Mutex::new(rx));
        for i in 0..WORKERS {
            let (rx, site) = (
                rx.clone(),
                Site {
                    built: self.built.clone(),
                    out: self.out.clone(),
                    addr,
                },
            );
            std::thread::Builder::new()
                .name(format!("phasemap-serve-{i}"))
                .spawn(move || work(&rx, &site))
                .map_err(spawn_err)?;
        }
        loop {
            match self.listener.accept() {
                Ok((stream, _)) => match tx.try_send(stream) {
                    Ok(()) => {}
                    Err(TrySendError::Full(stream)) => {
                        let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
                        let _ = Reply::text(503, "busy, try again\n").send(&stream, false);
                    }
                    Err(TrySendError::Disconnected(_)) => {
                        return Err(Error::Serve {
                            addr: addr.to_string(),
                            cause: std::io::Error::other("every worker thread stopped"),
                        })
                    }
                },
                // Out of file descriptors, a connection reset before it was
                // accepted...: wait a little and go on serving.
                Err(_) => std::thread::sleep(ACCEPT_BACKOFF),
            }
        }
    }
}

/// What the workers serve.
struct Site {
    built: Arc<Mutex<Built>>,
    out: PathBuf,
    addr: SocketAddr,
}

fn work(rx: &Mutex<Receiver<TcpStream>>, site: &Site) {
    loop {
        let stream = match rx.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok(stream) = stream else { return };
        let _ = handle(stream, site);
    }
}

/// A response.
struct Reply {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
}

impl Reply {
    fn text(status: u16, body: &str) -> Reply {
        Reply {
            status,
            content_type: "text/plain; charset=utf-8",
            body: body.as_bytes().to_vec(),
        }
    }

    /// Writes the response; `head_only` (HEAD) leaves out the body but
    /// keeps its length.
    fn send(&self, mut s: &TcpStream, head_only: bool) -> std::io::Result<()> {
        let reason = match self.status {
            200 => "OK",
            400 => "Bad Request",
            403 => "Forbidden",
            404 => "Not Found",
            405 => "Method Not Allowed",
            421 => "Misdirected Request",
            431 => "Request Header Fields Too Large",
            503 => "Service Unavailable",
            _ => "Error",
        };
        let mut head = format!(
            "HTTP/1.1 {} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
             Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
            self.status,
            self.content_type,
            self.body.len()
        );
        if self.status == 405 {
            head.push_str("Allow: GET, HEAD\r\n");
        }
        head.push_str("\r\n");
        s.write_all(head.as_bytes())?;
        if !head_only {
            s.write_all(&self.body)?;
        }
        s.flush()
    }
}

/// Reads the request head: at most [`MAX_HEAD_BYTES`], until the blank
/// line. `Err(status)` for a head that is too long or malformed.
fn read_head(mut s: &TcpStream) -> std::io::Result<std::result::Result<Vec<u8>, u16>> {
    let mut buf = vec![0u8; MAX_HEAD_BYTES];
    let mut len = 0;
    loop {
        if len == buf.len() {
            return Ok(Err(431));
        }
        let n = s.read(&mut buf[len..])?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        len += n;
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        match httparse::Request::new(&mut headers).parse(&buf[..len]) {
            Ok(httparse::Status::Complete(_)) => {
                buf.truncate(len);
                return Ok(Ok(buf));
            }
            Ok(httparse::Status::Partial) => {}
            Err(httparse::Error::TooManyHeaders) => return Ok(Err(431)),
            Err(_) => return Ok(Err(400)),
        }
    }
}

fn handle(stream: TcpStream, site: &Site) -> std::io::Result<()> {
    let stream = &stream;
    stream.set_read_timeout(Some(IO_TIMEOUT))?;
    stream.set_write_timeout(Some(IO_TIMEOUT))?;
    let head = match read_head(stream)? {
        Ok(head) => head,
        Err(status) => {
            return Reply::text(status, "bad or oversized request\n").send(stream, false);
        }
    };
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut headers);
    if req.parse(&head).is_err() {
        return Reply::text(400, "bad request\n").send(stream, false);
    }
    let (method, target) = (req.method.unwrap_or(""), req.path.unwrap_or(""));
    let head_only = method == "HEAD";
    let reply = match answer(method, target, req.headers, site) {
        Answer::Now(reply) => reply,
        Answer::AfterBuild(after, viewed) => match site.built.lock() {
            Ok(mut b) if b.version == after && b.waiting.len() < MAX_WAITING => {
                if viewed.is_some() {
                    b.viewed = viewed;
                }
                let Ok(parked) = stream.try_clone() else {
                    return Reply::text(200, &b.version.to_string()).send(stream, head_only);
                };
                b.waiting.push(Waiting {
                    stream: parked,
                    since: Instant::now(),
                    head_only,
                });
                return Ok(());
            }
            Ok(b) => Reply::text(200, &b.version.to_string()),
            Err(_) => Reply::text(503, "the preview is broken\n"),
        },
    };
    reply.send(stream, head_only)
}

/// What a request gets: a reply now, or the next build's number once it
/// is made (`?after=<the build the page shows>&phase=<the phase on view>`).
enum Answer {
    Now(Reply),
    AfterBuild(u64, Option<usize>),
}

/// The response to one request.
fn answer(method: &str, target: &str, headers: &[httparse::Header], site: &Site) -> Answer {
    if method != "GET" && method != "HEAD" {
        return Answer::Now(Reply::text(405, "GET and HEAD only\n"));
    }
    let hosts: Vec<&[u8]> = headers
        .iter()
        .filter(|h| h.name.eq_ignore_ascii_case("host"))
        .map(|h| h.value)
        .collect();
    let host_ok = match hosts.as_slice() {
        [one] => std::str::from_utf8(one).is_ok_and(|h| host_allowed(h, site.addr)),
        _ => false,
    };
    if !host_ok {
        return Answer::Now(Reply::text(
            421,
            "this preview answers only requests for its own address\n",
        ));
    }
    let path = target.split(['?', '#']).next().unwrap_or("");
    if path == VERSION_PATH {
        if let Some(after) = after_version(target) {
            return Answer::AfterBuild(after, viewed_phase(target));
        }
        let v = site.built.lock().map(|b| b.version).unwrap_or(0);
        return Answer::Now(Reply::text(200, &v.to_string()));
    }
    let Some(rel) = safe_relative_path(path) else {
        return Answer::Now(Reply::text(403, "forbidden\n"));
    };
    if rel.as_os_str().is_empty() || rel == Path::new(PAGE_FILE) {
        let page = site
            .built
            .lock()
            .map(|b| b.page.clone())
            .unwrap_or_default();
        return Answer::Now(Reply {
            status: 200,
            content_type: "text/html; charset=utf-8",
            body: page.into_bytes(),
        });
    }
    Answer::Now(match load::read_inside(&site.out, &rel) {
        Ok(body) => Reply {
            status: 200,
            content_type: content_type(&rel),
            body,
        },
        Err(_) => Reply::text(404, "not found\n"),
    })
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
}
