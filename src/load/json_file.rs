//! Reading a text file (a JSON manifest, style or layer) within the size limit.

use std::path::Path;

use crate::error::{Error, Result};
use crate::limits::MAX_INPUT_BYTES;

/// Reads a UTF-8 text file, refusing files above [`MAX_INPUT_BYTES`].
pub fn read_text(path: &Path) -> Result<String> {
    if super::builtin::is_builtin(path) {
        return read_builtin(path);
    }
    let read_err = |source| Error::Read {
        path: path.to_path_buf(),
        cause: source,
    };
    let meta = std::fs::metadata(path).map_err(read_err)?;
    if meta.is_dir() {
        return Err(Error::Read {
            path: path.to_path_buf(),
            cause: std::io::Error::other("is a folder, expected a file"),
        });
    }
    if meta.len() > MAX_INPUT_BYTES {
        return Err(Error::Read {
            path: path.to_path_buf(),
            cause: std::io::Error::other(format!(
                "the file is {} bytes; phasemap reads at most {MAX_INPUT_BYTES} bytes \
                 ({} MiB) per file (split or simplify it)",
                meta.len(),
                MAX_INPUT_BYTES >> 20
            )),
        });
    }
    let bytes = std::fs::read(path).map_err(read_err)?;
    String::from_utf8(bytes).map_err(|e| Error::Read {
        path: path.to_path_buf(),
        cause: std::io::Error::other(format!("not UTF-8 text ({e})")),
    })
}

/// A built-in file (see [`super::builtin`]), from the binary.
fn read_builtin(path: &Path) -> Result<String> {
    let bytes = super::builtin::file(path).ok_or_else(|| Error::Read {
        path: path.to_path_buf(),
        cause: std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "no such file among the built-in ones",
        ),
    })?;
    String::from_utf8(bytes.to_vec()).map_err(|e| Error::Read {
        path: path.to_path_buf(),
        cause: std::io::Error::other(format!("not UTF-8 text ({e})")),
    })
}
