//! Animated PNG of the phase maps.
//!
//! APNG rather than GIF: GIF has 256 colours per frame, so the translucent
//! territory fills (and every cross-fade frame) would be dithered into
//! speckle; APNG keeps full 8-bit RGBA, and flat map colours deflate so well
//! that the file is smaller than a dithered GIF. Browsers play it; viewers
//! without APNG support show the first frame, itself a complete map.

use resvg::tiny_skia::Pixmap;

use crate::error::{Error, Result};

/// One frame and how long it shows.
pub struct Frame {
    /// The image; every frame of an animation has the same size.
    pub pixmap: Pixmap,
    /// Display time in milliseconds.
    pub delay_ms: u32,
}

/// `a` blended towards `b` by `t` (0..1); both the same size. Premultiplied
/// channels blend linearly, so this is a true cross-fade.
pub fn blend(a: &Pixmap, b: &Pixmap, t: f64) -> Pixmap {
    let mut out = a.clone();
    let t = t.clamp(0.0, 1.0);
    for (o, q) in out.data_mut().iter_mut().zip(b.data()) {
        *o = (f64::from(*o) * (1.0 - t) + f64::from(*q) * t).round() as u8;
    }
    out
}

/// Encodes `frames` as an APNG that loops forever.
pub fn encode_apng(frames: &[Frame]) -> Result<Vec<u8>> {
    let first = frames
        .first()
        .ok_or_else(|| Error::Request("an animation needs at least one frame".into()))?;
    let opaque = frames
        .iter()
        .all(|f| f.pixmap.pixels().iter().all(|p| p.alpha() == 255));
    let mut buf = Vec::new();
    let mut enc = ApngEncoder::new(
        &mut buf,
        (first.pixmap.width(), first.pixmap.height()),
        frames.len(),
        opaque,
    )?;
    for f in frames {
        enc.push(&f.pixmap, f.delay_ms)?;
    }
    enc.finish()?;
    Ok(buf)
}

/// An APNG written a frame at a time, so that an animation never holds
/// more than the frames being made.
pub struct ApngEncoder<'a> {
    writer: png::Writer<&'a mut Vec<u8>>,
    opaque: bool,
}

fn apng_error(e: png::EncodingError) -> Error {
    Error::Rasterize {
        what: "animation.png".into(),
        message: e.to_string(),
    }
}

impl<'a> ApngEncoder<'a> {
    /// Starts an animation of `frames` frames of `size` pixels that loops
    /// forever. `opaque`: every frame is opaque (a map page), so it is
    /// stored as RGB, a quarter less data than RGBA.
    pub fn new(
        out: &'a mut Vec<u8>,
        size: (u32, u32),
        frames: usize,
        opaque: bool,
    ) -> Result<Self> {
        let mut enc = png::Encoder::new(out, size.0, size.1);
        enc.set_color(if opaque {
            png::ColorType::Rgb
        } else {
            png::ColorType::Rgba
        });
        enc.set_depth(png::BitDepth::Eight);
        // The same choice as the still maps (see png.rs).
        enc.set_deflate_compression(png::DeflateCompression::Level(super::png::ZLIB_LEVEL));
        enc.set_filter(png::Filter::Sub);
        enc.set_animated(frames as u32, 0).map_err(apng_error)?;
        Ok(ApngEncoder {
            writer: enc.write_header().map_err(apng_error)?,
            opaque,
        })
    }

    /// Adds the next frame, shown for `delay_ms`.
    pub fn push(&mut self, pixmap: &Pixmap, delay_ms: u32) -> Result<()> {
        // Delays in hundredths of a second, the unit GIF-era players expect.
        let cs = (delay_ms / 10).clamp(1, u32::from(u16::MAX)) as u16;
        self.writer.set_frame_delay(cs, 100).map_err(apng_error)?;
        let data: Vec<u8> = if self.opaque {
            pixmap
                .pixels()
                .iter()
                .flat_map(|p| [p.red(), p.green(), p.blue()])
                .collect()
        } else {
            pixmap
                .pixels()
                .iter()
                .flat_map(|p| {
                    let c = p.demultiply();
                    [c.red(), c.green(), c.blue(), c.alpha()]
                })
                .collect()
        };
        self.writer.write_image_data(&data).map_err(apng_error)
    }

    /// Ends the file; fails if fewer frames came than announced.
    pub fn finish(self) -> Result<()> {
        self.writer.finish().map_err(apng_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blend_is_halfway() {
        let mut a = Pixmap::new(2, 2).unwrap();
        a.fill(resvg::tiny_skia::Color::from_rgba8(0, 0, 0, 255));
        let mut b = Pixmap::new(2, 2).unwrap();
        b.fill(resvg::tiny_skia::Color::from_rgba8(200, 100, 50, 255));
        let m = blend(&a, &b, 0.5);
        assert_eq!(&m.data()[..4], &[100, 50, 25, 255]);
    }

    #[test]
    fn frames_are_counted() {
        let p = Pixmap::new(3, 2).unwrap();
        let frames: Vec<Frame> = (0..3)
            .map(|_| Frame {
                pixmap: p.clone(),
                delay_ms: 500,
            })
            .collect();
        let bytes = encode_apng(&frames).unwrap();
        let dec = png::Decoder::new(std::io::Cursor::new(bytes));
        let reader = dec.read_info().unwrap();
        let ac = reader.info().animation_control.unwrap();
        assert_eq!(ac.num_frames, 3);
    }
}
