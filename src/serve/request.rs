//! Reading a request: which build a page shows, whether its `Host` is the
//! preview's own, which file of the output folder a path names, and what
//! type that file is. Pure functions, tested without a socket.

use std::net::{IpAddr, SocketAddr};
use std::path::{Component, Path, PathBuf};

/// The build number a page already shows, from `after=<n>` in the query.
pub(super) fn after_version(target: &str) -> Option<u64> {
    query_number(target, "after=")
}

/// The phase a page shows (its index), from `phase=<k>` in the query.
pub(super) fn viewed_phase(target: &str) -> Option<usize> {
    query_number(target, "phase=")
}

fn query_number<T: std::str::FromStr>(target: &str, key: &str) -> Option<T> {
    let query = target.split_once('?')?.1;
    let query = query.split('#').next().unwrap_or("");
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix(key))
        .and_then(|v| v.parse().ok())
}

/// Whether a `Host` header names the address the server is bound to: its
/// IP (any port given must be the bound one), or `localhost` when bound to
/// a loopback address. Any other name may be a DNS-rebinding page's.
pub fn host_allowed(host: &str, bound: SocketAddr) -> bool {
    let host = host.trim();
    let (name, port) = match host.rsplit_once(':') {
        // "[::1]:8000" or "127.0.0.1:8000", not the bare "::1".
        Some((n, p)) if !n.contains(':') || n.ends_with(']') => (n, Some(p)),
        _ => (host, None),
    };
    if let Some(p) = port {
        if p.parse::<u16>() != Ok(bound.port()) {
            return false;
        }
    }
    let name = name
        .strip_prefix('[')
        .and_then(|n| n.strip_suffix(']'))
        .unwrap_or(name);
    match name.parse::<IpAddr>() {
        Ok(ip) => ip == bound.ip() || (bound.ip().is_unspecified() && ip.is_loopback()),
        Err(_) => {
            name.eq_ignore_ascii_case("localhost")
                && (bound.ip().is_loopback() || bound.ip().is_unspecified())
        }
    }
}

pub(super) fn content_type(p: &Path) -> &'static str {
    match p.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("json") => "application/json",
        Some("csv") => "text/csv; charset=utf-8",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// The file a request path names, relative to the output folder, or `None`
/// when it could leave it: `..` (also percent-encoded), encoded slashes or
/// backslashes, absolute or drive paths, NUL, hidden files.
pub fn safe_relative_path(path: &str) -> Option<PathBuf> {
    let rest = path.strip_prefix('/')?;
    if rest.starts_with('/') {
        return None;
    }
    let lower = rest.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") {
        return None;
    }
    // A '%' not followed by two hex digits is malformed, not literal.
    let b = rest.as_bytes();
    let malformed = b.iter().enumerate().any(|(i, &c)| {
        c == b'%'
            && !b
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
    });
    if malformed {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(rest)
        .decode_utf8()
        .ok()?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_long_poll_names_the_build_and_the_phase_on_view() {
        let t = "/__phasemap/version?after=12&phase=3";
        assert_eq!(after_version(t), Some(12));
        assert_eq!(viewed_phase(t), Some(3));
        assert_eq!(viewed_phase("/__phasemap/version?after=12"), None);
        assert_eq!(viewed_phase("/__phasemap/version?after=1&phase=-1"), None);
        assert_eq!(
            after_version("/__phasemap/version?phase=2&after=5#x"),
            Some(5)
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
            "/%",
            "/%ff",
            "/.hidden",
        ] {
            assert_eq!(safe_relative_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn only_the_bound_address_is_a_host() {
        let v4: SocketAddr = "127.0.0.1:8000".parse().unwrap();
        for good in ["127.0.0.1:8000", "127.0.0.1", "localhost:8000", "LOCALHOST"] {
            assert!(host_allowed(good, v4), "{good}");
        }
        for bad in [
            "evil.example:8000",
            "evil.example",
            "127.0.0.1:8001",
            "127.0.0.2:8000",
            "localhost.evil.example",
            "",
            "127.0.0.1:",
            "[::1]:8000",
        ] {
            assert!(!host_allowed(bad, v4), "{bad}");
        }
        let v6: SocketAddr = "[::1]:8000".parse().unwrap();
        for good in ["[::1]:8000", "[::1]", "::1", "localhost:8000"] {
            assert!(host_allowed(good, v6), "{good}");
        }
        assert!(!host_allowed("127.0.0.1:8000", v6));
    }
}
