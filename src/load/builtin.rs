//! The built-in theatre (`geodata/`) and styles (`styles/`), embedded in
//! the binary so an installed `phasemap` renders them in any folder. They
//! are addressed by virtual paths under [`BUILTIN_ROOT`] (from
//! [`builtin_dir`]), which load resolves here and never on disk: a
//! `./styles` or `./geodata` folder where phasemap runs changes nothing.

use std::path::{Component, Path, PathBuf};

use include_dir::{include_dir, Dir};

static GEODATA: Dir = include_dir!("$CARGO_MANIFEST_DIR/geodata");
static STYLES: Dir = include_dir!("$CARGO_MANIFEST_DIR/styles");

/// First component of every built-in path, as it appears in messages.
pub const BUILTIN_ROOT: &str = "(built-in)";

/// The built-in folder `name` (`"geodata"`: the theatre, `"styles"`: the
/// named styles) as a virtual path that [`super::load_theatre`] and
/// [`super::load_style`] read from the binary.
pub fn builtin_dir(name: &str) -> PathBuf {
    Path::new(BUILTIN_ROOT).join(name)
}

/// Whether `path` names a built-in file or folder.
pub(super) fn is_builtin(path: &Path) -> bool {
    path.components().next() == Some(Component::Normal(BUILTIN_ROOT.as_ref()))
}

/// The embedded folder and the path inside it that `path` names.
fn locate(path: &Path) -> Option<(&'static Dir<'static>, PathBuf)> {
    let mut parts = path.components();
    if parts.next() != Some(Component::Normal(BUILTIN_ROOT.as_ref())) {
        return None;
    }
    let dir = match parts.next()? {
        Component::Normal(n) if n == "geodata" => &GEODATA,
        Component::Normal(n) if n == "styles" => &STYLES,
        _ => return None,
    };
    // Layer paths are checked to stay inside the theatre; `.` is dropped.
    let rest: PathBuf = parts.filter(|c| !matches!(c, Component::CurDir)).collect();
    Some((dir, rest))
}

/// The contents of the built-in file `path`, if there is one.
pub(super) fn file(path: &Path) -> Option<&'static [u8]> {
    let (dir, rest) = locate(path)?;
    dir.get_file(&rest).map(|f| f.contents())
}

/// Stems of the `.json` files directly in the built-in folder `path`, sorted.
pub(super) fn json_stems(path: &Path) -> Vec<String> {
    let Some((dir, rest)) = locate(path) else {
        return Vec::new();
    };
    let dir = if rest.as_os_str().is_empty() {
        Some(dir)
    } else {
        dir.get_dir(&rest)
    };
    let mut stems: Vec<String> = dir
        .map(|d| {
            d.files()
                .filter(|f| f.path().extension().is_some_and(|e| e == "json"))
                .filter_map(|f| f.path().file_stem()?.to_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    stems.sort();
    stems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_theatre_and_styles_are_embedded() {
        assert!(file(&builtin_dir("geodata").join("theatre.json")).is_some());
        assert!(file(&builtin_dir("geodata").join("./theatre.json")).is_some());
        assert!(file(&builtin_dir("geodata").join("missing.json")).is_none());
        assert!(file(Path::new("geodata/theatre.json")).is_none());
        let stems = json_stems(&builtin_dir("styles"));
        assert!(stems.contains(&"wikipedia".to_string()), "{stems:?}");
    }
}
