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

use rayon::prelude::*;
use resvg::tiny_skia::{Pixmap, PixmapRef, PremultipliedColorU8};

/// zlib level of the image data.
pub const ZLIB_LEVEL: u8 = 2;

/// Encodes a pixmap as an 8-bit PNG (palette, RGB or RGBA; alpha
/// un-premultiplied).
pub fn encode_png(pixmap: &Pixmap) -> Vec<u8> {
    encode_pixmap(pixmap.as_ref())
}

/// [`encode_png`] of pixels tiny-skia drew anywhere (a [`super::Raster`]).
pub fn encode_pixmap(pixmap: PixmapRef<'_>) -> Vec<u8> {
    let (w, h) = (pixmap.width(), pixmap.height());
    let pixels = pixmap.pixels();
    let opaque = pixels.iter().all(|p| p.alpha() == 255);
    let demultiplied = |p: &PremultipliedColorU8| {
        let c = p.demultiply();
        [c.red(), c.green(), c.blue(), c.alpha()]
    };
    match palette(pixels.iter().map(demultiplied)) {
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
            let rows = |y: usize, buf: &mut Vec<u8>| {
                buf.extend_from_slice(&data[y * w as usize..(y + 1) * w as usize]);
            };
            let trns = (!opaque).then_some(&trns[..]);
            assemble(
                (w, h),
                png::ColorType::Indexed,
                1,
                Some((&plte, trns)),
                rows,
            )
        }
        // Opaque pixels are the same premultiplied or not.
        None if opaque => assemble((w, h), png::ColorType::Rgb, 3, None, |y, buf| {
            let row = &pixels[y * w as usize..(y + 1) * w as usize];
            buf.extend(row.iter().flat_map(|p| [p.red(), p.green(), p.blue()]));
        }),
        None => assemble((w, h), png::ColorType::Rgba, 4, None, |y, buf| {
            let row = &pixels[y * w as usize..(y + 1) * w as usize];
            buf.extend(row.iter().flat_map(demultiplied));
        }),
    }
}

/// Rows compressed as one piece of the image data. Pieces are deflated on
/// as many cores as are free and joined into one zlib stream (each ends
/// with a sync flush, as pigz does): a phase map alone encodes in 14.5 ms
/// on two cores instead of 22.9 ms. The split depends on the image only,
/// never on the cores, so the bytes are the same on every machine; starting
/// each piece without the previous one's history costs under 0.1 % of the
/// size. Smaller pieces spend more on setting up each deflater.
const ROWS_PER_PIECE: usize = 256;

/// The PNG file: signature, IHDR, PLTE and tRNS for a palette image, the
/// Sub-filtered rows (`row(y, buf)` appends row `y`'s bytes, `bpp` bytes a
/// pixel) as zlib data in IDAT chunks, and IEND.
///
/// The png crate frames the chunks (signature, IHDR, PLTE, tRNS, CRCs,
/// IEND), but the image data is compressed here, not by its
/// `write_image_data`: that deflates the whole image as one stream on one
/// core, while the pieces below are deflated on every free core (see
/// [`ROWS_PER_PIECE`]) and joined into one zlib stream, written as raw
/// IDAT chunks through `write_chunk`.
fn assemble(
    (w, h): (u32, u32),
    colour_type: png::ColorType,
    bpp: usize,
    palette: Option<(&[u8], Option<&[u8]>)>,
    row: impl Fn(usize, &mut Vec<u8>) + Sync,
) -> Vec<u8> {
    let pieces: Vec<(Vec<u8>, u32, usize)> = (0..(h as usize).div_ceil(ROWS_PER_PIECE))
        .into_par_iter()
        .map(|k| {
            let rows = k * ROWS_PER_PIECE..((k + 1) * ROWS_PER_PIECE).min(h as usize);
            let last = rows.end == h as usize;
            let mut raw = Vec::with_capacity(rows.len() * (1 + w as usize * bpp));
            let mut line = Vec::with_capacity(w as usize * bpp);
            for y in rows {
                line.clear();
                row(y, &mut line);
                raw.push(1); // the Sub filter
                push_sub(&mut raw, &line, bpp);
            }
            let mut adler = simd_adler32::Adler32::new();
            adler.write(&raw);
            (deflate_piece(&raw, last), adler.finish(), raw.len())
        })
        .collect();
    let mut out = Vec::with_capacity(pieces.iter().map(|p| p.0.len() + 12).sum::<usize>() + 128);
    // Writing into a Vec fails only for a zero-sized image or a chunk over
    // 2 GiB, neither of which a rasterised page can have; an empty result
    // then makes a file that decoders reject loudly.
    if write_chunks(&mut out, (w, h), colour_type, palette, &pieces).is_err() {
        return Vec::new();
    }
    out
}

/// Writes the file around the deflated `pieces` (data, Adler-32, length
/// of the raw bytes) with the png crate's encoder.
fn write_chunks(
    out: &mut Vec<u8>,
    (w, h): (u32, u32),
    colour_type: png::ColorType,
    palette: Option<(&[u8], Option<&[u8]>)>,
    pieces: &[(Vec<u8>, u32, usize)],
) -> Result<(), png::EncodingError> {
    let mut encoder = png::Encoder::new(out, w, h);
    encoder.set_color(colour_type);
    encoder.set_depth(png::BitDepth::Eight);
    if let Some((plte, trns)) = palette {
        encoder.set_palette(plte);
        if let Some(trns) = trns {
            encoder.set_trns(trns);
        }
    }
    let mut writer = encoder.write_header()?;
    // zlib header: deflate, 32 KiB window, "fast" level; (CMF*256+FLG) % 31 == 0.
    let header = [0x78u8, 0x5e];
    let mut adler = 1u32;
    let mut idat = Vec::new();
    for (k, (data, a, len)) in pieces.iter().enumerate() {
        adler = adler32_combine(adler, *a, *len);
        idat.clear();
        if k == 0 {
            idat.extend_from_slice(&header);
        }
        idat.extend_from_slice(data);
        if k + 1 == pieces.len() {
            idat.extend_from_slice(&adler.to_be_bytes());
        }
        writer.write_chunk(png::chunk::IDAT, &idat)?;
    }
    writer.finish()
}

/// Appends the Sub filter of one row: each byte minus the byte `bpp`
/// before it.
fn push_sub(raw: &mut Vec<u8>, line: &[u8], bpp: usize) {
    raw.extend_from_slice(&line[..bpp.min(line.len())]);
    raw.extend(
        line.iter()
            .skip(bpp)
            .zip(line)
            .map(|(b, left)| b.wrapping_sub(*left)),
    );
}

/// Raw deflate of one piece: ended by a sync flush (byte-aligned, not
/// final) unless it is the last piece, which finishes the stream.
fn deflate_piece(raw: &[u8], last: bool) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress, Status};
    let mut c = Compress::new(Compression::new(u32::from(ZLIB_LEVEL)), false);
    let mut out = Vec::with_capacity(raw.len() / 4 + 1024);
    let flush = if last {
        FlushCompress::Finish
    } else {
        FlushCompress::Sync
    };
    loop {
        let done = c.total_in() as usize;
        // Compressing into a Vec cannot fail but for a bug in the deflater;
        // an empty result then makes a PNG that decoders reject loudly.
        let Ok(status) = c.compress_vec(&raw[done..], &mut out, flush) else {
            return Vec::new();
        };
        let all_in = c.total_in() as usize == raw.len();
        // A flush is complete once it leaves room in the output.
        if all_in && (status == Status::StreamEnd || (!last && out.len() < out.capacity())) {
            return out;
        }
        out.reserve(out.capacity().max(4096));
    }
}

/// The Adler-32 of two pieces of data joined, from the first's checksum,
/// the second's and the second's length.
fn adler32_combine(first: u32, second: u32, second_len: usize) -> u32 {
    const BASE: u64 = 65521;
    let (a1, b1) = (u64::from(first & 0xffff), u64::from(first >> 16));
    let (a2, b2) = (u64::from(second & 0xffff), u64::from(second >> 16));
    let n = second_len as u64 % BASE;
    // a = 1 + every byte; b = the sum of the running a after each byte.
    let a = (a1 + a2 + BASE - 1) % BASE;
    let b = (b1 + b2 + n * ((a1 + BASE - 1) % BASE)) % BASE;
    ((b << 16) | a) as u32
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

    #[test]
    fn pieces_join_into_one_exact_stream() {
        // Taller than several pieces, with a last piece of odd height, in
        // all three colour types.
        let h = (3 * ROWS_PER_PIECE + 7) as u32;
        let mut rgb = Pixmap::new(50, h).unwrap();
        for (i, px) in rgb.pixels_mut().iter_mut().enumerate() {
            *px =
                resvg::tiny_skia::ColorU8::from_rgba((i % 251) as u8, (i / 50 % 256) as u8, 9, 255)
                    .premultiply();
        }
        let mut rgba = rgb.clone();
        for (i, px) in rgba.pixels_mut().iter_mut().enumerate() {
            *px = resvg::tiny_skia::ColorU8::from_rgba((i % 7) as u8 * 30, 40, 50, (i % 200) as u8)
                .premultiply();
        }
        let mut indexed = Pixmap::new(30, h).unwrap();
        for (i, px) in indexed.pixels_mut().iter_mut().enumerate() {
            *px = resvg::tiny_skia::ColorU8::from_rgba((i / 40 % 5) as u8 * 50, 0, 0, 255)
                .premultiply();
        }
        for (p, want) in [
            (&rgb, png::ColorType::Rgb),
            (&rgba, png::ColorType::Rgba),
            (&indexed, png::ColorType::Indexed),
        ] {
            let bytes = encode_png(p);
            let (ct, px) = decode(&bytes);
            assert_eq!(ct, want);
            assert_eq!(px, expected(p));
        }
    }

    #[test]
    fn adler_of_joined_pieces() {
        let data: Vec<u8> = (0..200_000u32).map(|i| (i * 7 % 256) as u8).collect();
        let adler = |d: &[u8]| {
            let mut a = simd_adler32::Adler32::new();
            a.write(d);
            a.finish()
        };
        for cut in [0, 1, 5552, 100_000, 199_999] {
            let (x, y) = data.split_at(cut);
            assert_eq!(adler32_combine(adler(x), adler(y), y.len()), adler(&data));
        }
    }
}
