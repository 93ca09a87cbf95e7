//! The interactive page without a browser: escaping, and the preview
//! server's refusal to serve files outside its output folder.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;

#[test]
fn data_text_is_escaped_in_svg_and_json() {
    let out = tempfile::tempdir().unwrap();
    let page = std::fs::read_to_string(common::write_page(
        &common::mini_theatre(),
        "wikipedia",
        out.path(),
    ))
    .unwrap();
    // The town named `</text><script>alert(1)</script>` appears only escaped
    // (its label is data for the script, which writes it as text).
    assert!(!page.contains("<script>alert(1)"));
    assert!(page.contains("\\u003c/text\\u003e\\u003cscript\\u003ealert(1)"));
    assert_eq!(
        page.matches("<script").count(),
        3,
        "only the page's own scripts (the fitting flag, the data, the page script)"
    );
    // The theatre title holds `<for tests>`.
    assert!(page.contains("<title>Mini theatre &lt;for tests&gt;</title>"));
    // Self-contained: nothing to fetch, not even a favicon.
    assert_eq!(page.matches("<link").count(), 1);
    assert!(page.contains("<link rel=\"icon\" href=\"data:,\">"));
    for needle in ["src=\"http", "href=\"http", "@import", "url(http"] {
        assert!(!page.contains(needle), "{needle}");
    }
    // Published: no live-reload client.
    assert!(!page.contains(phasemap::render::html::VERSION_PATH));
    assert!(!page.contains("fetch("));
}

#[test]
fn only_the_served_page_reloads() {
    let out = tempfile::tempdir().unwrap();
    let server = phasemap::serve::Server::bind(phasemap::serve::ServeOptions {
        theatre: common::mini_theatre(),
        style: "wikipedia".into(),
        styles_dir: common::styles_dir(),
        out: Some(out.path().join("site")),
        addr: "127.0.0.1:0".parse().unwrap(),
    })
    .unwrap();
    let addr = server.addr();
    std::thread::spawn(move || server.run());
    let served = get(addr, "/");
    assert!(served.contains(phasemap::render::html::VERSION_PATH));
    // The copy written to the output folder is the published page.
    let written = std::fs::read_to_string(out.path().join("site/index.html")).unwrap();
    assert!(written.contains("id=\"map-a\""));
    assert!(!written.contains(phasemap::render::html::VERSION_PATH));
}

fn get(addr: std::net::SocketAddr, target: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(s, "GET {target} HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut r = String::new();
    s.read_to_string(&mut r).unwrap();
    r
}

#[test]
fn server_serves_only_the_output_folder() {
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("note.txt"), "inside").unwrap();
    let server = phasemap::serve::Server::bind(phasemap::serve::ServeOptions {
        theatre: common::mini_theatre(),
        style: "wikipedia".into(),
        styles_dir: common::styles_dir(),
        out: Some(out.path().join("site")),
        addr: "127.0.0.1:0".parse().unwrap(),
    })
    .unwrap();
    let addr = server.addr();
    std::fs::write(out.path().join("site/note.txt"), "inside").unwrap();
    std::thread::spawn(move || server.run());
    assert!(get(addr, "/").starts_with("HTTP/1.1 200"));
    assert!(get(addr, "/").contains("Vladivostok"));
    assert!(get(addr, "/note.txt").ends_with("inside"));
    assert!(get(addr, "/__phasemap/version").starts_with("HTTP/1.1 200"));
    assert!(get(addr, "/missing.svg").starts_with("HTTP/1.1 404"));
    for bad in [
        "/../note.txt",
        "/%2e%2e/note.txt",
        "/%2E%2e/Cargo.toml",
        "/..%2fnote.txt",
        "/..%5cnote.txt",
        "//etc/passwd",
        "/etc/../../passwd",
    ] {
        let r = get(addr, bad);
        assert!(r.starts_with("HTTP/1.1 403"), "{bad}: {r}");
    }
}

#[test]
fn the_page_draws_the_inset_with_its_clip_path_and_unique_ids() {
    // The built-in theatre's inset is a clipped map of its own: the page
    // must carry its clip path (else the inset's map spills over the main
    // map), and each phase's copy of it needs ids of its own.
    let out = tempfile::tempdir().unwrap();
    let geodata = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("geodata");
    let page = std::fs::read_to_string(common::write_page_at(
        &geodata,
        "wikipedia",
        out.path(),
        1200.0,
    ))
    .unwrap();
    let start = page.find("<svg id=\"map-a\"").expect("the map");
    let map = &page[start..start + page[start..].find("</svg>").unwrap()];
    let ids: Vec<&str> = map
        .split(" id=\"")
        .skip(1)
        .filter_map(|r| r.split('"').next())
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    for id in &ids {
        assert!(seen.insert(*id), "id \"{id}\" used twice in the page's map");
    }
    let mut clipped = 0;
    for target in map.split("url(#").skip(1) {
        let t = target.split(')').next().unwrap();
        assert!(seen.contains(t), "url(#{t}) names no id of the page's map");
        clipped += usize::from(t.starts_with("inset-"));
    }
    assert!(seen.contains("inset-primorye-clip"), "no inset clip path");
    assert!(clipped > 0, "the inset's map is not clipped");
    assert!(
        map.contains(">Vladivostok</text>"),
        "the inset's own labels"
    );
}
