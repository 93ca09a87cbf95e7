//! What the live preview reads: files of the output folder it serves, and
//! fingerprints of the inputs it watches for changes.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher as _};

use super::open;
use crate::error::Result;

/// Largest output file the live preview serves.
pub const MAX_SERVED_BYTES: u64 = 512 * 1024 * 1024;

/// The bytes of the regular file `rel` inside `root` (for the live preview,
/// which serves the output folder): no symbolic link out of `root`, no
/// device or FIFO, at most [`MAX_SERVED_BYTES`].
pub fn read_inside(root: &Path, rel: &Path) -> Result<Vec<u8>> {
    open::read_regular(&root.join(rel), Some(root), MAX_SERVED_BYTES)
}

/// A fingerprint entry: path, size, modification time.
pub type Stamp = (PathBuf, u64, Option<std::time::SystemTime>);

/// Names, sizes and modification times of every file under `paths`
/// (folders walked recursively, in name order), leaving out everything
/// under `skip` (the preview's own output folder, which may lie inside the
/// theatre: its writes must not count as changes). Equal fingerprints mean
/// nothing changed, without reading the files. Symbolic links are not
/// followed into folders, so a link loop cannot make the walk endless.
pub fn fingerprint(paths: &[PathBuf], skip: &[PathBuf]) -> Vec<Stamp> {
    let skip: Vec<PathBuf> = skip.iter().filter_map(|p| p.canonicalize().ok()).collect();
    fn walk(p: &Path, skip: &[PathBuf], out: &mut Vec<Stamp>) {
        let Ok(meta) = std::fs::symlink_metadata(p) else {
            out.push((p.to_path_buf(), u64::MAX, None));
            return;
        };
        if meta.is_dir() {
            if p.canonicalize().is_ok_and(|c| skip.contains(&c)) {
                return;
            }
            let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
                .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
                .unwrap_or_default();
            entries.sort();
            for e in entries {
                walk(&e, skip, out);
            }
        } else {
            // A link's target may change without the link changing.
            let meta = std::fs::metadata(p).unwrap_or(meta);
            out.push((p.to_path_buf(), meta.len(), meta.modified().ok()));
        }
    }
    let mut out = Vec::new();
    for p in paths {
        // The roots themselves may be links (a theatre folder linked in).
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => {
                let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
                    .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
                    .unwrap_or_default();
                entries.sort();
                for e in entries {
                    walk(&e, &skip, &mut out);
                }
            }
            _ => walk(p, &skip, &mut out),
        }
    }
    out
}

/// How long a burst of file events may last before it counts as one change:
/// editors save in steps (write a temporary file, rename it over the old
/// one), and a rebuild between the steps would read a half-saved theatre.
const SETTLE: Duration = Duration::from_millis(15);
/// The longest a change waits for its burst of events to end.
const SETTLE_AT_MOST: Duration = Duration::from_millis(200);

/// How often the fallback watcher walks the inputs when the system gives
/// no file events (inotify watches exhausted, say).
const POLL: Duration = Duration::from_millis(250);

/// Tells when the watched inputs change. File events from the operating
/// system (inotify on Linux, through `notify`) make a save count within a
/// few milliseconds; where the system refuses them, fingerprints are
/// compared every 250 ms.
pub struct Watcher {
    how: How,
    /// As given, for the fingerprint walk.
    roots: Vec<PathBuf>,
    skip: Vec<PathBuf>,
}

enum How {
    Events {
        // Kept alive: dropping it stops the events.
        _watcher: notify::RecommendedWatcher,
        events: Receiver<notify::Result<notify::Event>>,
        /// Canonical, as the events name them.
        roots: Vec<PathBuf>,
        skip: Vec<PathBuf>,
    },
    Poll {
        last: Vec<Stamp>,
    },
}

impl Watcher {
    /// Watches `paths` (folders recursively, files through their folder),
    /// leaving out everything under `skip`.
    pub fn new(paths: &[PathBuf], skip: &[PathBuf]) -> Watcher {
        let how = Watcher::events(paths, skip).unwrap_or_else(|| How::Poll {
            last: fingerprint(paths, skip),
        });
        Watcher {
            how,
            roots: paths.to_vec(),
            skip: skip.to_vec(),
        }
    }

    fn events(paths: &[PathBuf], skip: &[PathBuf]) -> Option<How> {
        let roots: Vec<PathBuf> = paths.iter().map(|p| canonical(p)).collect();
        let (tx, events) = channel();
        let mut w = notify::recommended_watcher(tx).ok()?;
        for r in &roots {
            if r.is_dir() {
                w.watch(r, RecursiveMode::Recursive).ok()?;
            } else {
                // A file is watched through its folder: a save that renames
                // a new file over it would end a watch on the file itself.
                let dir = r.parent().filter(|d| !d.as_os_str().is_empty())?;
                w.watch(dir, RecursiveMode::NonRecursive).ok()?;
            }
        }
        Some(How::Events {
            _watcher: w,
            events,
            roots,
            skip: skip.iter().map(|p| canonical(p)).collect(),
        })
    }

    /// Whether the system's file events are used (rather than polling).
    pub fn uses_events(&self) -> bool {
        matches!(self.how, How::Events { .. })
    }

    /// Waits up to `timeout` for a change; `true` when one came. A burst
    /// of events is waited out until it has been quiet for 15 ms (at most 200 ms in all).
    pub fn changed(&mut self, timeout: Duration) -> bool {
        match &mut self.how {
            How::Events {
                events,
                roots,
                skip,
                ..
            } => {
                let deadline = Instant::now() + timeout;
                // When the first event of a change came: a folder written
                // to without pause must not put the rebuild off forever.
                let mut seen: Option<Instant> = None;
                loop {
                    let wait = match seen {
                        Some(t) if t.elapsed() >= SETTLE_AT_MOST => return true,
                        Some(_) => SETTLE,
                        None => deadline.saturating_duration_since(Instant::now()),
                    };
                    match events.recv_timeout(wait) {
                        Ok(Ok(e)) => {
                            if seen.is_none() && counts(&e, roots, skip) {
                                seen = Some(Instant::now());
                            }
                        }
                        // An overflowed queue or a watch error: something
                        // may have changed; rebuilding is the safe answer.
                        Ok(Err(_)) => seen = seen.or(Some(Instant::now())),
                        Err(RecvTimeoutError::Timeout) => {
                            if seen.is_some() || Instant::now() >= deadline {
                                return seen.is_some();
                            }
                        }
                        Err(RecvTimeoutError::Disconnected) => {
                            std::thread::sleep(wait);
                            return seen.is_some();
                        }
                    }
                }
            }
            How::Poll { last } => {
                std::thread::sleep(timeout.min(POLL));
                let now = fingerprint(&self.roots, &self.skip);
                if now != *last {
                    *last = now;
                    true
                } else {
                    false
                }
            }
        }
    }
}

/// The path with links resolved; made absolute where it does not exist
/// yet (an output folder about to be made).
fn canonical(p: &Path) -> PathBuf {
    p.canonicalize()
        .or_else(|_| std::path::absolute(p))
        .unwrap_or_else(|_| p.to_path_buf())
}

/// Whether an event is a change of a watched input: not a mere read, not
/// under a skipped folder, and (for a watched file's folder) that file.
fn counts(e: &notify::Event, roots: &[PathBuf], skip: &[PathBuf]) -> bool {
    use notify::event::{AccessKind, AccessMode, EventKind};
    match e.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => {}
        EventKind::Access(_) => return false,
        _ => {}
    }
    e.paths.iter().any(|p| {
        !skip.iter().any(|s| p.starts_with(s))
            && roots
                .iter()
                .any(|r| if r.is_dir() { p.starts_with(r) } else { p == r })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_save_is_heard_and_the_skipped_folder_is_not() {
        let tmp = tempfile::tempdir().unwrap();
        let theatre = tmp.path().join("theatre");
        let out = theatre.join("out");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(theatre.join("towns.geojson"), "{}").unwrap();
        let mut w = Watcher::new(std::slice::from_ref(&theatre), std::slice::from_ref(&out));
        assert!(
            !w.changed(Duration::from_millis(300)),
            "nothing changed yet"
        );
        // Writes into the output folder are not changes.
        std::fs::write(out.join("index.html"), "x").unwrap();
        assert!(
            !w.changed(Duration::from_millis(600)),
            "the output folder counted"
        );
        // An editor's save: a new file renamed over the old one.
        std::fs::write(theatre.join("towns.geojson.tmp"), "{ }").unwrap();
        std::fs::rename(
            theatre.join("towns.geojson.tmp"),
            theatre.join("towns.geojson"),
        )
        .unwrap();
        assert!(w.changed(Duration::from_secs(10)), "the save was not heard");
        assert!(
            !w.changed(Duration::from_millis(600)),
            "one save, one change"
        );
    }
}
