//! PNG encoding with settings chosen for maps. Lossless in every case: the
//! decoded pixels equal the rasterised (un-premultiplied) pixels.
//!
//! * An image with at most 256 distinct colours is written as an 8-bit
//!   palette image (palette sorted by colour value, so output is
//!   deterministic); that is exact, not a quantisation.
//! * Otherwise an opaque image is written as RGB (a map page is opaque, so
//!   the alpha channel would be a quarter of the data for nothing), else RGBA.
//! * Rows use the Sub filter (each byte minus the one a pixel to its left)
//!   and zlib level [`ZLIB_LEVEL`]. Encoding the same 2400x1910 phase map
//!   (RGB), best of three:
//!
//!   | filter   | level 1            | level 2            | level 3          | level 6          |
//!   |----------|--------------------|--------------------|------------------|------------------|
//!   | Sub      | 12.7 ms, 1,218 kB  | 19.2 ms, 1,015 kB  | 22.9 ms, 985 kB  | 41.1 ms, 958 kB  |
//!   | Up       | 12.7 ms, 1,263 kB  | 19.9 ms, 1,064 kB  | 23.5 ms, 1,042 kB| 40.6 ms, 1,022 kB|
//!   | Adaptive | 16.6 ms, 1,273 kB  | 23.8 ms, 1,062 kB  | 27.8 ms, 1,043 kB| 44.9 ms, 1,024 kB|
//!
//!   Sub suits the long flat runs of map colour. Level 2 is 3 % larger than
//!   level 3 for a sixth less time; a default run encodes 18 pages, a sheet
//!   and an animation, so that is 0.1 s of CPU. Level 1 costs a fifth more
//!   bytes, level 6 twice the time for 3 % less.

use std::collections::HashMap;

use resvg::tiny_skia::Pixmap;

/// zlib level of the image data.
pub const ZLIB_LEVEL: u8 = 2;

/// Encodes a pixmap as an 8-bit PNG (palette, RGB or RGBA; alpha
/// un-premultiplied).
pub fn encode_png(pixmap: &Pixmap) -> Vec<u8> {
    let (w, h) = (pixmap.width(), pixmap.height());
    let pixels = pixmap.pixels();
    let opaque = pixels.iter().all(|p| p.alpha() == 255);
    let demultiplied = |p: &resvg::tiny_skia::PremultipliedColorU8| {
        let c = p.demultiply();
        [c.red(), c.green(), c.blue(), c.alpha()]
    };
    // No copy of the whole image beyond the one the encoder needs.
    let mut out = Vec::new();
    let result = match palette(pixels.iter().map(demultiplied)) {
        Some((colours, index)) => {
            let plte: Vec<u8> = colours.iter().flat_map(|c| [c[0], c[1], c[2]]).collect();
            let trns: Vec<u8> = colours.iter().map(|c| c[3]).collect();
            // Flat map colours come in long runs: look a pixel up only when
            // it differs from the one before.
            let mut last = None;
            let data: Vec<u8> = pixels
                .iter()
                .map(|p| match last {
                    Some((q, i)) if q == *p => i,
                    _ => {
                        let i = index[&u32::from_be_bytes(demultiplied(p))];
                        last = Some((*p, i));
                        i
                    }
                })
                .collect();
            write(&mut out, w, h, png::ColorType::Indexed, &data, |e| {
                e.set_palette(plte);
                if !opaque {
                    e.set_trns(trns);
                }
            })
        }
        // Opaque pixels are the same premultiplied or not. Rows are
        // streamed to the encoder: no second copy of the image.
        None if opaque => write_rows(
            &mut out,
            w,
            h,
            png::ColorType::Rgb,
            |row, buf| buf.extend(row.iter().flat_map(|p| [p.red(), p.green(), p.blue()])),
            pixels,
        ),
        None => write_rows(
            &mut out,
            w,
            h,
            png::ColorType::Rgba,
            |row, buf| buf.extend(row.iter().flat_map(demultiplied)),
            pixels,
        ),
    };
    // Writing to a Vec fails only on a size mismatch, which cannot happen here.
    result.map(|_| out).unwrap_or_default()
}

/// The colours of an image with at most 256 of them, sorted, with each
/// colour's index; `None` if it has more.
#[allow(clippy::type_complexity)]
fn palette(colours: impl Iterator<Item = [u8; 4]>) -> Option<(Vec<[u8; 4]>, HashMap<u32, u8>)> {
    let mut seen: HashMap<u32, u8> = HashMap::new();
    let mut last = None;
    for c in colours {
        let key = u32::from_be_bytes(c);
        if last == Some(key) {
            continue;
        }
        last = Some(key);
        if !seen.contains_key(&key) {
            if seen.len() == 256 {
                return None;
            }
            seen.insert(key, 0);
        }
    }
    let mut keys: Vec<u32> = seen.keys().copied().collect();
    keys.sort_unstable();
    let index = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (*k, i as u8))
        .collect();
    Some((keys.iter().map(|k| k.to_be_bytes()).collect(), index))
}

fn write_rows(
    out: &mut Vec<u8>,
    w: u32,
    h: u32,
    color: png::ColorType,
    row_bytes: impl Fn(&[resvg::tiny_skia::PremultipliedColorU8], &mut Vec<u8>),
    pixels: &[resvg::tiny_skia::PremultipliedColorU8],
) -> Result<(), png::EncodingError> {
    use std::io::Write;
    let mut writer = encoder(out, w, h, color).write_header()?;
    let mut stream = writer.stream_writer()?;
    let mut buf = Vec::with_capacity(w as usize * 4);
    for row in pixels.chunks_exact(w as usize) {
        buf.clear();
        row_bytes(row, &mut buf);
        stream.write_all(&buf)?;
    }
    stream.finish()?;
    writer.finish()
}

fn encoder(
    out: &mut Vec<u8>,
    w: u32,
    h: u32,
    color: png::ColorType,
) -> png::Encoder<'_, &mut Vec<u8>> {
    let mut e = png::Encoder::new(out, w, h);
    e.set_color(color);
    e.set_depth(png::BitDepth::Eight);
    e.set_deflate_compression(png::DeflateCompression::Level(ZLIB_LEVEL));
    e.set_filter(png::Filter::Sub);
    e
}

fn write<'a>(
    out: &'a mut Vec<u8>,
    w: u32,
    h: u32,
    color: png::ColorType,
    data: &[u8],
    extra: impl FnOnce(&mut png::Encoder<'a, &mut Vec<u8>>),
) -> Result<(), png::EncodingError> {
    let mut e = encoder(out, w, h, color);
    extra(&mut e);
    let mut writer = e.write_header()?;
    writer.write_image_data(data)?;
    writer.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use resvg::tiny_skia::{Color, Paint, Transform};

    fn decode(bytes: &[u8]) -> (png::ColorType, Vec<u8>) {
        let mut d = png::Decoder::new(std::io::Cursor::new(bytes));
        d.set_transformations(png::Transformations::EXPAND | png::Transformations::ALPHA);
        let mut r = d.read_info().unwrap();
        let ct = r.info().color_type;
        let mut buf = vec![0; r.output_buffer_size().unwrap()];
        let info = r.next_frame(&mut buf).unwrap();
        buf.truncate(info.buffer_size());
        (ct, buf)
    }

    fn expected(p: &Pixmap) -> Vec<u8> {
        p.pixels()
            .iter()
            .flat_map(|p| {
                let c = p.demultiply();
                [c.red(), c.green(), c.blue(), c.alpha()]
            })
            .collect()
    }

    #[test]
    fn few_colours_become_an_exact_palette() {
        let mut p = Pixmap::new(40, 30).unwrap();
        p.fill(Color::from_rgba8(200, 220, 240, 255));
        p.fill_rect(
            resvg::tiny_skia::Rect::from_xywh(5.0, 5.0, 10.0, 10.0).unwrap(),
            &Paint::default(),
            Transform::identity(),
            None,
        );
        let png = encode_png(&p);
        let (ct, px) = decode(&png);
        assert_eq!(ct, png::ColorType::Indexed);
        assert_eq!(px, expected(&p));
        assert_eq!(png, encode_png(&p), "deterministic");
    }

    #[test]
    fn many_colours_stay_exact() {
        let mut p = Pixmap::new(64, 64).unwrap();
        for (i, px) in p.pixels_mut().iter_mut().enumerate() {
            *px = resvg::tiny_skia::ColorU8::from_rgba((i % 256) as u8, (i / 256) as u8, 7, 255)
                .premultiply();
        }
        let (ct, px) = decode(&encode_png(&p));
        assert_eq!(ct, png::ColorType::Rgb);
        assert_eq!(px, expected(&p));
        // Translucent pixels keep their alpha.
        let mut t = Pixmap::new(300, 2).unwrap();
        for (i, px) in t.pixels_mut().iter_mut().enumerate() {
            let a = (i % 200 + 50) as u8;
            let r = (i / 200 * 100) as u8;
            *px = resvg::tiny_skia::ColorU8::from_rgba(r, 255 - a, 7, a).premultiply();
        }
        let (ct, px) = decode(&encode_png(&t));
        assert_eq!(ct, png::ColorType::Rgba);
        assert_eq!(px, expected(&t));
    }
}
