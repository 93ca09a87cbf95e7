//! Where the built-in theatre and styles are found.

use std::path::{Path, PathBuf};

/// Where the built-in theatre and styles live: beside the current folder
/// when run from the repository, else where the crate was built.
pub fn builtin_dir(name: &str) -> PathBuf {
    let here = Path::new(name);
    if here.is_dir() {
        return here.to_path_buf();
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}
