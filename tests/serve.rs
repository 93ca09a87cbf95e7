//! The preview server against hostile clients: foreign `Host`s (DNS
//! rebinding), HEAD, oversized and malformed requests, more connections
//! than workers, links out of the output folder, and an output folder
//! inside the theatre folder (which must not rebuild forever); pages
//! waiting for the next build, answered when it is made without holding
//! the workers.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::Duration;

fn start(theatre: &Path, out: &Path) -> SocketAddr {
    let server = phasemap::serve::Server::bind(phasemap::serve::ServeOptions {
        theatre: theatre.to_path_buf(),
        style: "wikipedia".into(),
        styles_dir: common::styles_dir(),
        out: Some(out.to_path_buf()),
        addr: "127.0.0.1:0".parse().unwrap(),
    })
    .unwrap();
    let addr = server.addr();
    std::thread::spawn(move || server.run());
    addr
}

fn send(addr: SocketAddr, request: &[u8]) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    // The server may answer (and close) before reading all of a long request.
    let _ = s.write_all(request);
    let mut r = Vec::new();
    let _ = s.read_to_end(&mut r);
    String::from_utf8_lossy(&r).into_owned()
}

fn get(addr: SocketAddr, method: &str, target: &str, host: &str) -> String {
    send(
        addr,
        format!("{method} {target} HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes(),
    )
}

#[test]
fn only_requests_for_the_bound_address_are_answered() {
    let out = tempfile::tempdir().unwrap();
    let addr = start(&common::mini_theatre(), &out.path().join("site"));
    let own = addr.to_string();
    assert!(get(addr, "GET", "/", &own).starts_with("HTTP/1.1 200"));
    let local = format!("localhost:{}", addr.port());
    assert!(get(addr, "GET", "/", &local).starts_with("HTTP/1.1 200"));
    for host in [
        "evil.example",
        &format!("evil.example:{}", addr.port()),
        "127.0.0.1:1",
    ] {
        let r = get(addr, "GET", "/", host);
        assert!(r.starts_with("HTTP/1.1 421"), "{host}: {r}");
        assert!(!r.contains("<html"), "{host}: the page leaked");
    }
    // No Host at all (HTTP/1.0 style), or two of them.
    let r = send(addr, b"GET / HTTP/1.0\r\n\r\n");
    assert!(r.starts_with("HTTP/1.1 421"), "{r}");
    let two = format!("GET / HTTP/1.1\r\nHost: {own}\r\nHost: evil.example\r\n\r\n");
    assert!(send(addr, two.as_bytes()).starts_with("HTTP/1.1 421"));
}

#[test]
fn head_has_headers_and_no_body() {
    let out = tempfile::tempdir().unwrap();
    let addr = start(&common::mini_theatre(), &out.path().join("site"));
    let r = get(addr, "HEAD", "/", &addr.to_string());
    let (head, body) = r.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("Content-Length: "))
        .unwrap()
        .parse()
        .unwrap();
    assert!(length > 1000, "HEAD gives the length of the page");
    assert_eq!(body, "", "HEAD has no body");
    let r = get(addr, "POST", "/", &addr.to_string());
    assert!(r.starts_with("HTTP/1.1 405"), "{r}");
}

#[test]
fn oversized_and_malformed_requests_are_refused() {
    let out = tempfile::tempdir().unwrap();
    let addr = start(&common::mini_theatre(), &out.path().join("site"));
    // A request line of 1 MB: refused after the first 8 KiB, not read whole.
    let long = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(1 << 20));
    let r = send(addr, long.as_bytes());
    assert!(r.starts_with("HTTP/1.1 431"), "{}", &r[..r.len().min(200)]);
    let many: String = (0..100).map(|i| format!("X-{i}: y\r\n")).collect();
    let r = send(
        addr,
        format!("GET / HTTP/1.1\r\nHost: {addr}\r\n{many}\r\n").as_bytes(),
    );
    assert!(r.starts_with("HTTP/1.1 431"), "{r}");
    let r = send(addr, b"\x00\x01\x02 garbage\r\n\r\n");
    assert!(r.starts_with("HTTP/1.1 400"), "{r}");
    // Still serving.
    assert!(get(addr, "GET", "/", &addr.to_string()).starts_with("HTTP/1.1 200"));
}

#[test]
fn idle_connections_do_not_stop_the_server() {
    let out = tempfile::tempdir().unwrap();
    let addr = start(&common::mini_theatre(), &out.path().join("site"));
    // More silent connections than workers and queue together.
    let idle: Vec<TcpStream> = (0..phasemap::serve::WORKERS + phasemap::serve::QUEUE + 8)
        .map(|_| TcpStream::connect(addr).unwrap())
        .collect();
    // The queue is full: at once a 503, or (once the workers have timed
    // the idle ones out) a 200; never a hang.
    let r = get(addr, "GET", "/__phasemap/version", &addr.to_string());
    assert!(
        r.starts_with("HTTP/1.1 503") || r.starts_with("HTTP/1.1 200"),
        "{r}"
    );
    drop(idle);
    // Once they are gone, requests are answered again.
    let mut ok = false;
    for _ in 0..100 {
        if get(addr, "GET", "/__phasemap/version", &addr.to_string()).starts_with("HTTP/1.1 200") {
            ok = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(ok, "the server recovered");
}

#[cfg(unix)]
#[test]
fn links_out_of_the_output_folder_are_not_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let addr = start(&common::mini_theatre(), &site);
    std::fs::write(tmp.path().join("secret.txt"), "secret").unwrap();
    std::os::unix::fs::symlink(tmp.path().join("secret.txt"), site.join("leak.txt")).unwrap();
    std::os::unix::fs::symlink(tmp.path(), site.join("up")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", site.join("zero.png")).unwrap();
    std::fs::write(site.join("fine.txt"), "fine").unwrap();
    let own = addr.to_string();
    assert!(get(addr, "GET", "/fine.txt", &own).ends_with("fine"));
    for target in [
        "/leak.txt",
        "/up/secret.txt",
        "/zero.png",
        "/%2e%2e/secret.txt",
    ] {
        let r = get(addr, "GET", target, &own);
        assert!(
            !r.contains("secret") || r.starts_with("HTTP/1.1 4"),
            "{target}: {r}"
        );
        assert!(
            r.starts_with("HTTP/1.1 404") || r.starts_with("HTTP/1.1 403"),
            "{target}: {r}"
        );
    }
}

#[test]
fn an_output_folder_inside_the_theatre_does_not_rebuild_forever() {
    let tmp = tempfile::tempdir().unwrap();
    let theatre = editable_theatre(tmp.path());
    let addr = start(&theatre, &theatre.join("out"));
    let version = || {
        let r = get(addr, "GET", "/__phasemap/version", &addr.to_string());
        r.rsplit("\r\n\r\n").next().unwrap().to_string()
    };
    let first = version();
    // A loop would have rebuilt many times in three seconds.
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(version(), first, "rebuilt though nothing changed");
    // A real change is still noticed.
    let manifest = theatre.join("theatre.json");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, format!("{text}\n")).unwrap();
    let mut changed = false;
    for _ in 0..100 {
        if version() != first {
            changed = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(changed, "the edit was noticed");
}

/// A copy of the mini theatre that the test may edit.
fn editable_theatre(tmp: &Path) -> std::path::PathBuf {
    let theatre = tmp.join("theatre");
    std::fs::create_dir(&theatre).unwrap();
    for e in std::fs::read_dir(common::mini_theatre()).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), theatre.join(e.file_name())).unwrap();
    }
    theatre
}

#[test]
fn pages_waiting_for_the_next_build_get_it_when_it_is_made() {
    let tmp = tempfile::tempdir().unwrap();
    let theatre = editable_theatre(tmp.path());
    let addr = start(&theatre, &tmp.path().join("out"));
    let host = addr.to_string();
    let body = |r: &str| r.rsplit("\r\n\r\n").next().unwrap().trim().to_string();
    let first: u64 = body(&get(addr, "GET", "/__phasemap/version", &host))
        .parse()
        .unwrap();
    // A page showing an older build is answered at once.
    let old = get(
        addr,
        "GET",
        &format!("/__phasemap/version?after={}", first - 1),
        &host,
    );
    assert_eq!(body(&old), first.to_string(), "{old}");
    // More waiting pages than workers: none may hold a worker.
    let waiting: Vec<TcpStream> = (0..2 * phasemap::serve::WORKERS)
        .map(|_| {
            let mut s = TcpStream::connect(addr).unwrap();
            s.write_all(
                format!("GET /__phasemap/version?after={first} HTTP/1.1\r\nHost: {host}\r\n\r\n")
                    .as_bytes(),
            )
            .unwrap();
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    for mut s in &waiting {
        s.set_read_timeout(Some(Duration::from_millis(50))).unwrap();
        let mut b = [0u8; 1];
        let r = s.read(&mut b);
        assert!(
            r.as_ref()
                .is_err_and(|e| e.kind() == std::io::ErrorKind::WouldBlock
                    || e.kind() == std::io::ErrorKind::TimedOut),
            "answered before anything changed: {r:?}"
        );
    }
    assert!(
        get(addr, "GET", "/", &host).starts_with("HTTP/1.1 200"),
        "the page is still served while pages wait"
    );
    // An edit: every waiting page hears of the new build.
    let manifest = theatre.join("theatre.json");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, format!("{text}\n")).unwrap();
    for mut s in waiting {
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let mut r = String::new();
        let _ = s.read_to_string(&mut r);
        assert!(r.starts_with("HTTP/1.1 200"), "{r}");
        assert_eq!(body(&r), (first + 1).to_string(), "{r}");
    }
    // The page served now is that build and asks for the one after it.
    let page = get(addr, "GET", "/", &host);
    assert!(
        page.contains(&format!("data-build=\"{}\"", first + 1)),
        "the page names its build"
    );
}
