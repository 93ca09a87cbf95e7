//! The library's error type: one enum whose variants name the stage and carry
//! the file, feature and position a user needs to find the problem; and the
//! helpers every stage uses to word its errors (JSON positions, suggestions).
//! The bottom of the module graph: it imports no other stage.

mod json;
mod suggest;

use std::path::PathBuf;

pub use json::{json_error, parse_json, parse_json_with_hint};
pub use suggest::suggest;

/// Everything that can go wrong between reading a theatre and writing maps.
///
/// Variants caused by the user's input (files, styles, arguments) report
/// [`Error::is_input_error`] so the binary can exit with code 2; the rest are
/// internal failures (exit code 1).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read (missing, unreadable, not UTF-8).
    #[error("cannot read {path}: {cause}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The OS error (shown in the message, not chained, so it prints once).
        cause: std::io::Error,
    },
    /// A JSON file (manifest, style, GeoJSON) is not well-formed or has the
    /// wrong shape. `pointer` is the JSON path, `line`/`column` the position.
    #[error("{}{message}{}", position(path, *line, *column), at_pointer(pointer))]
    Json {
        /// The file.
        path: PathBuf,
        /// Line of the offending token (1-based; 0 when unknown).
        line: usize,
        /// Column of the offending token (1-based; 0 when unknown).
        column: usize,
        /// JSON path such as `phases[3].snapshot`, when known.
        pointer: String,
        /// What was expected.
        message: String,
    },
    /// A GeoJSON feature is unusable: bad coordinates, invalid geometry,
    /// missing or malformed properties.
    #[error("{path}: feature {index}{}: {message}", feature_id(id))]
    Feature {
        /// The GeoJSON file.
        path: PathBuf,
        /// 0-based index of the feature in its FeatureCollection.
        index: usize,
        /// The feature's `id` property, if it has one.
        id: Option<String>,
        /// The reason.
        message: String,
    },
    /// The theatre manifest is well-formed JSON but its content is wrong
    /// (duplicate phase ids, bad dates, unknown layer, bad projection).
    #[error("{path}: {message}")]
    Manifest {
        /// The manifest file.
        path: PathBuf,
        /// The reason, naming the phase or layer.
        message: String,
    },
    /// A style file is well-formed JSON but uses an unknown key, a bad
    /// value or an expression phasemap does not support.
    #[error("{path}: {pointer}: {message}")]
    Style {
        /// The style file.
        path: PathBuf,
        /// JSON path of the offending value, e.g. `layers[4].paint.fill-color`.
        pointer: String,
        /// The reason, with a suggestion where there is one.
        message: String,
    },
    /// A request names something the theatre does not have (phase, style).
    #[error("{0}")]
    Request(String),
    /// `phasemap check` found problems; each line names file and feature.
    #[error("the theatre has {} problem(s):\n{}", .0.len(), .0.join("\n"))]
    Check(Vec<String>),
    /// The output folder could not be made.
    #[error("cannot create the output folder {path}: {reason}")]
    CreateDir {
        /// The folder asked for.
        path: PathBuf,
        /// Why: the OS error and where it happened.
        reason: String,
    },
    /// An output file could not be written.
    #[error("cannot write {path}: {cause}")]
    Write {
        /// The file.
        path: PathBuf,
        /// The OS error (shown in the message, not chained, so it prints once).
        cause: std::io::Error,
    },
    /// The live preview could not listen or serve.
    #[error("preview server on {addr}: {cause}")]
    Serve {
        /// The address.
        addr: String,
        /// The OS error (shown in the message, not chained, so it prints once).
        cause: std::io::Error,
    },
    /// The SVG we produced could not be rasterised (a bug in phasemap).
    #[error("internal error while rasterising {what}: {message}")]
    Rasterize {
        /// Which map.
        what: String,
        /// The reason.
        message: String,
    },
}

fn at_pointer(p: &str) -> String {
    if p.is_empty() || p == "." {
        String::new()
    } else {
        format!(" (at {p})")
    }
}

/// `path:line:column: `, or `path: ` when the position is unknown.
fn position(path: &std::path::Path, line: usize, column: usize) -> String {
    if line == 0 {
        format!("{}: ", path.display())
    } else {
        format!("{}:{line}:{column}: ", path.display())
    }
}

fn feature_id(id: &Option<String>) -> String {
    match id {
        Some(id) => format!(" (id \"{id}\")"),
        None => String::new(),
    }
}

impl Error {
    /// True when the error is the user's input, not a fault in phasemap.
    pub fn is_input_error(&self) -> bool {
        !matches!(self, Error::Rasterize { .. })
    }
}

/// Result alias used throughout the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;
