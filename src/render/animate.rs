//! Animated PNG of the phase maps.
//!
//! APNG rather than GIF: GIF has 256 colours per frame, so the translucent
//! territory fills (and every cross-fade frame) would be dithered into
//! speckle; APNG keeps full 8-bit RGBA, and flat map colours deflate so well
//! that the file is smaller than a dithered GIF. Browsers play it; viewers
//! without APNG support show the first frame, itself a complete map. Wikis
//! animate GIFs only: [`super::gif`] writes those.

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
///
/// On an opaque page each frame after the first stores only what changed:
/// the rectangle around the changed pixels, with unchanged pixels
/// transparent and blended over the previous frame. Phases share the
/// basemap, so that is mostly runs of zeros, which deflate in a fraction of
/// the time and bytes of a whole frame; the decoded frames are exactly the
/// rasterised pages.
pub struct ApngEncoder<'a> {
    writer: png::Writer<&'a mut Vec<u8>>,
    opaque: bool,
    /// The previous frame (opaque animations only).
    previous: Option<Pixmap>,
}

fn apng_error(e: png::EncodingError) -> Error {
    Error::Rasterize {
        what: "animation.png".into(),
        message: e.to_string(),
    }
}

/// The smallest rectangle (x, y, width, height) holding every pixel in
/// which `a` and `b` (the same size) differ; `None` if they are equal.
pub(crate) fn changed_rect(a: &Pixmap, b: &Pixmap) -> Option<(u32, u32, u32, u32)> {
    let w = a.width() as usize;
    let (pa, pb) = (a.pixels(), b.pixels());
    let rows_differ = |y: usize| pa[y * w..(y + 1) * w] != pb[y * w..(y + 1) * w];
    let h = a.height() as usize;
    let top = (0..h).find(|&y| rows_differ(y))?;
    let bottom = (top..h).rev().find(|&y| rows_differ(y))?;
    let (mut left, mut right) = (w, 0);
    for y in top..=bottom {
        let (ra, rb) = (&pa[y * w..(y + 1) * w], &pb[y * w..(y + 1) * w]);
        if let Some(l) = (0..left).find(|&x| ra[x] != rb[x]) {
            left = l;
        }
        if let Some(r) = (right..w).rev().find(|&x| ra[x] != rb[x]) {
            right = r;
        }
    }
    Some((
        left as u32,
        top as u32,
        (right.max(left) - left + 1) as u32,
        (bottom - top + 1) as u32,
    ))
}

impl<'a> ApngEncoder<'a> {
    /// Starts an animation of `frames` frames of `size` pixels that loops
    /// forever. `opaque`: every frame is opaque (a map page), so frames
    /// after the first can store only their changes.
    pub fn new(
        out: &'a mut Vec<u8>,
        size: (u32, u32),
        frames: usize,
        opaque: bool,
    ) -> Result<Self> {
        let mut enc = png::Encoder::new(out, size.0, size.1);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        // The same choice as the still maps (see png.rs).
        enc.set_deflate_compression(png::DeflateCompression::Level(super::png::ZLIB_LEVEL));
        enc.set_filter(png::Filter::Sub);
        enc.set_animated(frames as u32, 0).map_err(apng_error)?;
        Ok(ApngEncoder {
            writer: enc.write_header().map_err(apng_error)?,
            opaque,
            previous: None,
        })
    }

    /// Adds the next frame, shown for `delay_ms`.
    pub fn push(&mut self, pixmap: &Pixmap, delay_ms: u32) -> Result<()> {
        // Delays in hundredths of a second, the unit GIF-era players expect.
        let cs = (delay_ms / 10).clamp(1, u32::from(u16::MAX)) as u16;
        let w = self.writer.set_frame_delay(cs, 100);
        w.map_err(apng_error)?;
        let rgba = |p: &resvg::tiny_skia::PremultipliedColorU8| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        };
        let delta = match &self.previous {
            Some(prev) if self.opaque => Some(changed_rect(prev, pixmap).unwrap_or((0, 0, 1, 1))),
            _ => None,
        };
        let data: Vec<u8> = match (delta, &self.previous) {
            (Some((x, y, fw, fh)), Some(prev)) => {
                let w = pixmap.width() as usize;
                let (x, y, fw, fh) = (x as usize, y as usize, fw as usize, fh as usize);
                let (now, before) = (pixmap.pixels(), prev.pixels());
                let mut data = Vec::with_capacity(fw * fh * 4);
                for row in y..y + fh {
                    let span = row * w + x..row * w + x + fw;
                    for (p, q) in now[span.clone()].iter().zip(&before[span]) {
                        data.extend(if p == q { [0; 4] } else { rgba(p) });
                    }
                }
                self.writer.reset_frame_position().map_err(apng_error)?;
                let wr = &mut self.writer;
                wr.set_frame_dimension(fw as u32, fh as u32)
                    .map_err(apng_error)?;
                wr.set_frame_position(x as u32, y as u32)
                    .map_err(apng_error)?;
                wr.set_blend_op(png::BlendOp::Over).map_err(apng_error)?;
                data
            }
            _ => pixmap.pixels().iter().flat_map(rgba).collect(),
        };
        self.writer.write_image_data(&data).map_err(apng_error)?;
        if self.opaque {
            // Into the last frame's pixels: no second copy, even for a moment.
            match &mut self.previous {
                Some(p) if p.width() == pixmap.width() && p.height() == pixmap.height() => {
                    p.data_mut().copy_from_slice(pixmap.data())
                }
                slot => *slot = Some(pixmap.clone()),
            }
        }
        Ok(())
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

    /// Decodes an APNG and composes its frames as a player does (frame
    /// rectangles, "source" or "over" blending, no disposal).
    fn play(bytes: &[u8]) -> Vec<Vec<u8>> {
        let mut r = png::Decoder::new(std::io::Cursor::new(bytes.to_vec()))
            .read_info()
            .unwrap();
        let (w, h) = (r.info().width as usize, r.info().height as usize);
        let n = r.info().animation_control.unwrap().num_frames;
        let mut canvas = vec![0u8; w * h * 4];
        let mut out = Vec::new();
        for _ in 0..n {
            let mut buf = vec![0; r.output_buffer_size().unwrap()];
            r.next_frame(&mut buf).unwrap();
            let fc = r.info().frame_control.unwrap();
            let (fx, fy) = (fc.x_offset as usize, fc.y_offset as usize);
            for y in 0..fc.height as usize {
                for x in 0..fc.width as usize {
                    let src = &buf[(y * fc.width as usize + x) * 4..][..4];
                    let dst = ((fy + y) * w + fx + x) * 4;
                    if fc.blend_op == png::BlendOp::Source || src[3] == 255 {
                        canvas[dst..dst + 4].copy_from_slice(src);
                    } else {
                        assert_eq!(src, [0; 4], "only whole pixels are replaced");
                    }
                }
            }
            out.push(canvas.clone());
        }
        out
    }

    #[test]
    fn opaque_frames_store_only_changes_and_play_back_exactly() {
        let colour = |r, g, b| resvg::tiny_skia::Color::from_rgba8(r, g, b, 255);
        let mut a = Pixmap::new(40, 30).unwrap();
        a.fill(colour(240, 235, 220));
        let mut b = a.clone();
        b.fill_rect(
            resvg::tiny_skia::Rect::from_xywh(10.0, 5.0, 7.0, 4.0).unwrap(),
            &resvg::tiny_skia::Paint::default(),
            resvg::tiny_skia::Transform::identity(),
            None,
        );
        let mut c = b.clone();
        c.pixels_mut()[29 * 40 + 39] = colour(1, 2, 3).premultiply().to_color_u8();
        let frames: Vec<Frame> = [&a, &b, &b, &c, &a]
            .iter()
            .map(|p| Frame {
                pixmap: (*p).clone(),
                delay_ms: 100,
            })
            .collect();
        let bytes = encode_apng(&frames).unwrap();
        let played = play(&bytes);
        for (f, got) in frames.iter().zip(&played) {
            let want: Vec<u8> = f.pixmap.data().to_vec();
            assert_eq!(got, &want);
        }
        // The second frame is the changed rectangle only.
        let mut r = png::Decoder::new(std::io::Cursor::new(bytes))
            .read_info()
            .unwrap();
        let mut buf = vec![0; r.output_buffer_size().unwrap()];
        r.next_frame(&mut buf).unwrap();
        r.next_frame(&mut buf).unwrap();
        let fc = r.info().frame_control.unwrap();
        assert_eq!(
            (fc.x_offset, fc.y_offset, fc.width, fc.height),
            (10, 5, 7, 4)
        );
    }
}
