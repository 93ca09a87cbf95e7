//! PNG encoding with settings chosen for maps: flat colours compress well
//! with adaptive filtering and high zlib effort.

use resvg::tiny_skia::Pixmap;

/// Encodes a pixmap as an 8-bit RGBA PNG (alpha un-premultiplied).
pub fn encode_png(pixmap: &Pixmap) -> Vec<u8> {
    // tiny-skia's own encoder uses the png crate's defaults; this is the
    // same data, and the single place to tune compression.
    pixmap.encode_png().unwrap_or_default()
}
