//! What the live preview reads: files of the output folder it serves, and
//! fingerprints of the inputs it watches for changes.

use std::path::{Path, PathBuf};

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
