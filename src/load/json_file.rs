//! Reading a text file (a JSON manifest, style or layer) within the size limit.

use std::path::Path;

use crate::error::{Error, Result};
use crate::limits::MAX_INPUT_BYTES;

/// Reads a UTF-8 text file, refusing anything but a regular file of at
/// most [`MAX_INPUT_BYTES`]; with `root`, the file must lie inside that
/// folder (see [`super::open::read_regular`]). A leading byte order mark
/// (written by some Windows editors) is skipped. Built-in files come from
/// the binary.
pub fn read_text(path: &Path, root: Option<&Path>) -> Result<String> {
    if super::builtin::is_builtin(path) {
        return read_builtin(path);
    }
    let bytes = super::open::read_regular(path, root, MAX_INPUT_BYTES)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    String::from_utf8(bytes.to_vec()).map_err(|e| Error::Read {
        path: path.to_path_buf(),
        cause: std::io::Error::other(format!("not UTF-8 text ({e}); save the file as UTF-8")),
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
