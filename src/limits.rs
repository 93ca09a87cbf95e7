//! Limits on what phasemap reads and draws, in one place: inputs beyond them
//! are refused with a clear error instead of exhausting memory or time.

/// Largest input file phasemap reads. Bigger files are refused before
/// parsing, so a runaway input cannot exhaust memory.
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// Vertices one feature may have unless the manifest raises
/// `limits.feature_vertices`; larger features are refused with an error
/// rather than slowing every later stage down.
pub const MAX_FEATURE_VERTICES: usize = 500_000;

/// Largest page side phasemap rasterises, to bound memory (20,000 px a side
/// is 1.6 GB of pixels; this keeps a single PNG under about 400 MB).
pub const MAX_SIDE_PX: f64 = 10_000.0;

/// Smallest page width phasemap lays out.
pub const MIN_WIDTH: f64 = 300.0;

/// Smallest map height phasemap draws.
pub const MIN_MAP_HEIGHT_PX: f64 = 10.0;

/// How much geometry a theatre may hold. The defaults bound the work of
/// every later stage (projection, simplification, label placement); a
/// theatre that needs more raises them with the manifest's `"limits"` key
/// (`{"layer_features": N, "layer_vertices": N, "feature_vertices": N}`),
/// which the error messages name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GeometryLimits {
    /// Features in one layer file.
    pub layer_features: usize,
    /// Vertices (positions) in one layer file, all features together.
    pub layer_vertices: usize,
    /// Vertices in one feature.
    pub feature_vertices: usize,
}

impl Default for GeometryLimits {
    fn default() -> Self {
        GeometryLimits {
            layer_features: MAX_LAYER_FEATURES,
            layer_vertices: MAX_LAYER_VERTICES,
            feature_vertices: MAX_FEATURE_VERTICES,
        }
    }
}

/// Features one layer may have unless the manifest raises
/// `limits.layer_features` (100,000 labelled towns place in seconds).
pub const MAX_LAYER_FEATURES: usize = 200_000;

/// Vertices one layer may have unless the manifest raises
/// `limits.layer_vertices`.
pub const MAX_LAYER_VERTICES: usize = 5_000_000;

/// The manifest key a user raises a limit with, for error messages.
pub fn raise_hint(key: &str, needed: usize) -> String {
    format!(
        "simplify or split the data, or raise the limit in theatre.json with \
         \"limits\": {{\"{key}\": {needed}}}"
    )
}
