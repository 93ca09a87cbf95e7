//! Every output of a command, or none: each command writes its files into a
//! staging folder inside the output folder (so renames stay on one file
//! system) and moves them into place only once all of them exist. A failure
//! part-way (a map too large to rasterise, a full disk, a folder in the way)
//! or an interrupt leaves no new file behind; earlier outputs of the same
//! names stay as they were.
//!
//! A process killed outright (SIGKILL, power loss) cannot clean up, so each
//! staging folder holds a lock file locked for the command's lifetime; the
//! next command writing to the same folder removes the staging folders and
//! temporary files whose lock the kernel has released.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use super::{ensure_dir, in_flight, Written, INTERRUPTED};
use crate::error::{Error, Result};

/// The staging folder of one command's outputs; removed, with whatever it
/// holds, when dropped unpublished.
pub struct Staging {
    out: PathBuf,
    dir: tempfile::TempDir,
    /// Locked while this process lives: tells other commands the folder
    /// is in use.
    _lock: std::fs::File,
}

/// The lock file inside a staging folder.
const LOCK: &str = ".lock";

impl Staging {
    /// Creates `out` if need be, and a hidden staging folder inside it
    /// (registered so an interrupt removes it).
    pub fn new(out: &Path) -> Result<Staging> {
        ensure_dir(out)?;
        let werr = |cause| Error::Write {
            path: out.to_path_buf(),
            cause,
        };
        remove_abandoned(out);
        let mut registry = in_flight();
        if INTERRUPTED.load(Ordering::SeqCst) {
            return Err(werr(std::io::Error::new(
                std::io::ErrorKind::Interrupted,
                "interrupted",
            )));
        }
        let dir = tempfile::Builder::new()
            .prefix(".phasemap-")
            .suffix(".staging")
            .tempdir_in(out)
            .map_err(werr)?;
        let lock = std::fs::File::create(dir.path().join(LOCK)).map_err(werr)?;
        lock.try_lock().map_err(|e| werr(e.into()))?;
        registry.insert(dir.path().to_path_buf());
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
            _lock: lock,
        })
    }

    /// Where the command writes its files.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Moves every file of `written` (written into [`Staging::dir`]) to the
    /// output folder, or none: every destination is checked first, and
    /// should a rename still fail, the files already moved are removed
    /// again (the folder then lacks those names rather than mixing two
    /// runs' outputs).
    /// Returns `written` with the paths they now have.
    pub fn publish(self, written: Vec<Written>) -> Result<Vec<Written>> {
        let staging = self.dir.path().to_path_buf();
        let mut moves = Vec::with_capacity(written.len());
        for mut w in written {
            let from = w.path.clone();
            let name = from.strip_prefix(&staging).map_err(|_| Error::Write {
                path: from.clone(),
                cause: std::io::Error::other("an output was written outside the staging folder"),
            })?;
            w.path = self.out.join(name);
            moves.push((from, w));
        }
        for (_, w) in &moves {
            if std::fs::symlink_metadata(&w.path).is_ok_and(|m| m.is_dir()) {
                return Err(Error::Write {
                    path: w.path.clone(),
                    cause: std::io::Error::other(
                        "a folder of that name is in the way; no output was written \
                         (remove or rename the folder)",
                    ),
                });
            }
        }
        {
            // Held while moving: an interrupt waits until every file is in
            // place, so it never leaves some outputs published and not others.
            let mut registry = in_flight();
            let mut moved: Vec<&Path> = Vec::with_capacity(moves.len());
            for (from, w) in &moves {
                if let Err(cause) = std::fs::rename(from, &w.path) {
                    for p in moved {
                        let _ = std::fs::remove_file(p);
                    }
                    return Err(Error::Write {
                        path: w.path.clone(),
                        cause,
                    });
                }
                moved.push(&w.path);
            }
            registry.remove(&staging);
        }
        Ok(moves.into_iter().map(|(_, w)| w).collect())
    }
}

/// Removes what killed commands left in `out`: staging folders whose lock
/// file is no longer locked, and temporary files (locked by
/// [`super::write_atomic`] while written) that no process holds. Anything
/// still locked belongs to a running command and stays; so does anything
/// whose lock cannot be read.
fn remove_abandoned(out: &Path) {
    let Ok(entries) = std::fs::read_dir(out) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !name.starts_with(".phasemap-") {
            continue;
        }
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() && name.ends_with(".staging") {
            if unlocked(&path.join(LOCK)) {
                let _ = std::fs::remove_dir_all(&path);
            }
        } else if kind.is_file() && name.ends_with(".part") && unlocked(&path) {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// Whether `path` is a file no process holds a lock on.
fn unlocked(path: &Path) -> bool {
    std::fs::File::open(path).is_ok_and(|f| f.try_lock().is_ok())
}

impl Drop for Staging {
    fn drop(&mut self) {
        // The folder itself goes with `self.dir`.
        in_flight().remove(self.dir.path());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(stage: &Staging, name: &str) -> Written {
        super::super::write_atomic(&stage.dir().join(name), name.as_bytes()).unwrap()
    }

    #[test]
    fn published_files_appear_together_and_the_staging_folder_goes() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let stage = Staging::new(&out).unwrap();
        let written = vec![write(&stage, "a.svg"), write(&stage, "a.png")];
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1, "only staging");
        let published = stage.publish(written).unwrap();
        assert_eq!(published[0].path, out.join("a.svg"));
        let mut names: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["a.png", "a.svg"]);
        assert_eq!(std::fs::read(out.join("a.png")).unwrap(), b"a.png");
    }

    #[test]
    fn what_a_killed_command_left_goes_and_a_running_one_keeps() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        // A killed command's staging folder and temporary file: nothing
        // holds their locks.
        let dead = out.join(".phasemap-dead.staging");
        std::fs::create_dir_all(&dead).unwrap();
        std::fs::write(dead.join(LOCK), "").unwrap();
        std::fs::write(dead.join("map.svg"), "half").unwrap();
        std::fs::write(out.join(".phasemap-dead.part"), "half").unwrap();
        // A running command's, and a file of the user's.
        let running = Staging::new(&out).unwrap();
        std::fs::write(out.join(".phasemap-notes.txt"), "mine").unwrap();
        let part = out.join(".phasemap-live.part");
        let held = std::fs::File::create(&part).unwrap();
        held.lock().unwrap();

        let second = Staging::new(&out).unwrap();
        assert!(!dead.exists());
        assert!(!out.join(".phasemap-dead.part").exists());
        assert!(running.dir().exists() && second.dir().exists());
        assert!(part.exists() && out.join(".phasemap-notes.txt").exists());
        drop(held);
    }

    #[test]
    fn a_failure_before_publishing_leaves_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        {
            let stage = Staging::new(&out).unwrap();
            write(&stage, "a.svg");
            // Dropped unpublished, as on an error.
        }
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0);
    }

    #[test]
    fn a_folder_in_the_way_publishes_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        std::fs::create_dir_all(out.join("b.png")).unwrap();
        std::fs::write(out.join("a.svg"), "old").unwrap();
        let stage = Staging::new(&out).unwrap();
        let written = vec![write(&stage, "a.svg"), write(&stage, "b.png")];
        let e = stage.publish(written).unwrap_err().to_string();
        assert!(e.contains("b.png") && e.contains("in the way"), "{e}");
        // The earlier a.svg is untouched and nothing else appeared.
        assert_eq!(std::fs::read(out.join("a.svg")).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 2);
    }
}
