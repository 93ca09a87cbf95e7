//! Finding a style by name (in the styles folder, built in or on disk) or
//! by path, and reading it.

use std::path::{Path, PathBuf};

use super::{builtin, json_file};
use crate::error::{Error, Result};
use crate::style::Style;

/// Finds and reads a style: `name_or_path` is a file path (anything with a
/// `.json` suffix or a path separator) or the name of a style in `styles_dir`.
pub fn load_style(name_or_path: &str, styles_dir: &Path) -> Result<Style> {
    let path = style_path(name_or_path, styles_dir)?;
    let text = json_file::read_text(&path, None)?;
    Style::parse(&path, &text)
}

/// Where the style `name_or_path` lives (see [`load_style`]).
pub fn style_path(name_or_path: &str, styles_dir: &Path) -> Result<PathBuf> {
    let as_path = Path::new(name_or_path);
    if name_or_path.ends_with(".json")
        || name_or_path.contains(std::path::MAIN_SEPARATOR)
        || name_or_path.contains('/')
    {
        return Ok(as_path.to_path_buf());
    }
    let path = styles_dir.join(format!("{name_or_path}.json"));
    if builtin::is_builtin(&path) {
        if builtin::file(&path).is_some() {
            return Ok(path);
        }
    } else if path.is_file() {
        return Ok(path);
    }
    let known: Vec<String> = if builtin::is_builtin(styles_dir) {
        builtin::json_stems(styles_dir)
    } else {
        std::fs::read_dir(styles_dir)
            .map(|rd| {
                let mut v: Vec<String> = rd
                    .filter_map(|e| e.ok())
                    .filter_map(|e| {
                        let p = e.path();
                        (p.extension()? == "json")
                            .then(|| p.file_stem()?.to_str().map(String::from))?
                    })
                    .collect();
                v.sort();
                v
            })
            .unwrap_or_default()
    };
    let known_refs: Vec<&str> = known.iter().map(String::as_str).collect();
    let place = if builtin::is_builtin(styles_dir) {
        "the built-in styles".to_string()
    } else {
        styles_dir.display().to_string()
    };
    Err(Error::Request(format!(
        "no style named \"{name_or_path}\" in {place}{} (known: {})",
        crate::error::suggest(name_or_path, &known_refs),
        if known.is_empty() {
            "none".into()
        } else {
            known.join(", ")
        }
    )))
}
