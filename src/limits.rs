//! Limits on what phasemap reads and draws, in one place: inputs beyond them
//! are refused with a clear error instead of exhausting memory or time.

/// Largest input file phasemap reads. Bigger files are refused before
/// parsing, so a runaway input cannot exhaust memory.
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// Vertices one feature may have; larger features are refused with an error
/// rather than slowing every later stage down.
pub const MAX_FEATURE_VERTICES: usize = 500_000;

/// Largest page side phasemap rasterises, to bound memory (20,000 px a side
/// is 1.6 GB of pixels; this keeps a single PNG under about 400 MB).
pub const MAX_SIDE_PX: f64 = 10_000.0;

/// Smallest page width phasemap lays out.
pub const MIN_WIDTH: f64 = 300.0;

/// Smallest map height phasemap draws.
pub const MIN_MAP_HEIGHT_PX: f64 = 10.0;
