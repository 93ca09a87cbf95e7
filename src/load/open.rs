//! Opening input files safely: only regular files, only inside the folder
//! they belong to, never more than a size limit. A layer path may be a
//! symbolic link into another file (its content would leak into the maps),
//! a device (`/dev/zero` never ends) or a FIFO (opening blocks forever);
//! each of these is refused with a message saying what the path is.

use std::fs::{File, Metadata};
use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};

/// What kind of file system object `meta` describes, in a user's words.
fn kind(meta: &Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
    }
    if meta.is_dir() {
        "a folder"
    } else if meta.is_file() {
        "a regular file"
    } else {
        "not a regular file"
    }
}

fn refuse(path: &Path, message: String) -> Error {
    Error::Read {
        path: path.to_path_buf(),
        cause: std::io::Error::other(message),
    }
}

/// Opens `path` for reading without blocking: a FIFO put in place after
/// the metadata check still cannot hang the open.
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    let mut o = std::fs::OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NONBLOCK);
    }
    o.open(path)
}

/// Reads the regular file `path`, at most `limit` bytes. When `root` is
/// given, `path` (after following every symbolic link) must lie inside it.
pub fn read_regular(path: &Path, root: Option<&Path>, limit: u64) -> Result<Vec<u8>> {
    let read_err = |cause| Error::Read {
        path: path.to_path_buf(),
        cause,
    };
    if let Some(root) = root {
        let inside = |p: &Path| -> std::io::Result<bool> {
            Ok(p.canonicalize()?.starts_with(root.canonicalize()?))
        };
        if !inside(path).map_err(read_err)? {
            return Err(refuse(
                path,
                format!(
                    "it is a symbolic link to a file outside the folder {}; \
                     copy the file into the folder instead",
                    root.display()
                ),
            ));
        }
    }
    // Checked before opening (a FIFO would block the open) and again on the
    // open file (the path may have been replaced in between).
    let check = |meta: &Metadata| -> Result<()> {
        if !meta.is_file() {
            return Err(refuse(
                path,
                format!("it is {}, expected a regular file", kind(meta)),
            ));
        }
        if meta.len() > limit {
            return Err(refuse(
                path,
                format!(
                    "the file is {} bytes; phasemap reads at most {limit} bytes ({} MiB) \
                     per file (split or simplify it)",
                    meta.len(),
                    limit >> 20
                ),
            ));
        }
        Ok(())
    };
    check(&std::fs::metadata(path).map_err(read_err)?)?;
    let file = open_nonblocking(path).map_err(read_err)?;
    check(&file.metadata().map_err(read_err)?)?;
    // The size may still grow while we read: never take more than the limit.
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(read_err)?;
    if bytes.len() as u64 > limit {
        return Err(refuse(
            path,
            format!("the file grew past {limit} bytes while it was read"),
        ));
    }
    Ok(bytes)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_inside_the_folder_are_read() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("theatre");
        std::fs::create_dir(&root).unwrap();
        std::fs::write(root.join("a.json"), "{}").unwrap();
        std::fs::write(tmp.path().join("secret"), "secret").unwrap();
        assert_eq!(
            read_regular(&root.join("a.json"), Some(&root), 100).unwrap(),
            b"{}"
        );
        // A link inside the folder to a file inside it is fine.
        std::os::unix::fs::symlink("a.json", root.join("b.json")).unwrap();
        assert!(read_regular(&root.join("b.json"), Some(&root), 100).is_ok());
        std::os::unix::fs::symlink("../secret", root.join("c.json")).unwrap();
        let e = read_regular(&root.join("c.json"), Some(&root), 100)
            .unwrap_err()
            .to_string();
        assert!(e.contains("outside the folder"), "{e}");
        std::os::unix::fs::symlink("/dev/zero", root.join("zero.json")).unwrap();
        let e = read_regular(&root.join("zero.json"), None, 100)
            .unwrap_err()
            .to_string();
        assert!(e.contains("a device"), "{e}");
        let e = read_regular(&root, None, 100).unwrap_err().to_string();
        assert!(e.contains("a folder"), "{e}");
        let e = read_regular(&root.join("a.json"), None, 1)
            .unwrap_err()
            .to_string();
        assert!(e.contains("at most 1 bytes"), "{e}");
    }

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let tmp = tempfile::tempdir().unwrap();
        let fifo = tmp.path().join("layer.geojson");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        let e = read_regular(&fifo, Some(tmp.path()), 100)
            .unwrap_err()
            .to_string();
        assert!(e.contains("FIFO"), "{e}");
    }
}
