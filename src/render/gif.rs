//! Animated GIF of the phase maps, for wikis.
//!
//! MediaWiki animates the thumbnails of GIFs only (an APNG shows there as
//! its first frame), and only while width x height x frames stays within
//! [`MAX_ANIMATED_PIXELS`]. A GIF frame has at most 256 colours. A map is
//! flat fills plus anti-aliased edges and text, so the colours that cover
//! areas go into the palette exactly (no banding and no dither speckle on
//! the control fills) and NeuQuant chooses the rest of the palette for the
//! edges; a frame with 256 colours or fewer keeps every colour exactly.
//! Frames after the first store only the rectangle that changed, with the
//! unchanged pixels transparent over the frame before.

use std::collections::HashMap;

use resvg::tiny_skia::Pixmap;

use super::animate::changed_rect;
use crate::error::{Error, Result};

/// MediaWiki's limit on width x height x frames of a GIF whose thumbnail
/// it animates (`$wgMaxAnimatedGifArea`).
pub const MAX_ANIMATED_PIXELS: u64 = 12_500_000;

/// A colour covering at least this share of a frame's pixels is a fill and
/// is kept exactly (1/4000: a 14 px square on a 1000 x 800 frame).
const FILL_SHARE: usize = 4000;

/// Palette entries always left to NeuQuant for edges and text (its network
/// needs a few dozen neurons to learn well).
const LEARNED_MIN: usize = 64;

/// NeuQuant's sampling factor: 1 learns from every pixel (best, slowest),
/// 10 is its authors' compromise; the learned pixels are only edges and
/// text, a small share of a map.
const NEUQUANT_SAMPLE: i32 = 3;

fn gif_error(e: gif::EncodingError) -> Error {
    Error::Rasterize {
        what: "animation.gif".into(),
        message: e.to_string(),
    }
}

/// A pixel as opaque RGB: GIF has no partial transparency, so a translucent
/// page is shown over white.
fn rgb(p: resvg::tiny_skia::PremultipliedColorU8) -> [u8; 3] {
    let white = 255 - p.alpha();
    [p.red() + white, p.green() + white, p.blue() + white]
}

/// A set of colours reduced to a palette: `palette[index[i]]` stands for
/// the i-th pixel.
struct Quantised {
    palette: Vec<[u8; 3]>,
    index: Vec<u8>,
}

/// Squared distance, weighted for the eye's greater sensitivity to green
/// than red than blue (the usual 2-4-3 weights).
fn distance(a: [u8; 3], b: [u8; 3]) -> u32 {
    let d = |i: usize| u32::from(a[i].abs_diff(b[i])).pow(2);
    2 * d(0) + 4 * d(1) + 3 * d(2)
}

/// Reduces `pixels` to at most `max` (<= 256) colours: exactly when there
/// are no more, else the fills exactly and NeuQuant's choice for the rest,
/// each pixel mapped to its nearest palette colour (no dithering: only
/// edges and text are approximated, and speckle there reads worse).
fn quantise(pixels: &[[u8; 3]], max: usize) -> Quantised {
    let mut counts: HashMap<[u8; 3], u32> = HashMap::new();
    for p in pixels {
        *counts.entry(*p).or_default() += 1;
    }
    // Most frequent first; ties by colour, so the palette is deterministic.
    let mut colours: Vec<([u8; 3], u32)> = counts.into_iter().collect();
    colours.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let palette: Vec<[u8; 3]> = if colours.len() <= max {
        colours.iter().map(|c| c.0).collect()
    } else {
        let min_fill = (pixels.len() / FILL_SHARE).max(2) as u32;
        let mut palette: Vec<[u8; 3]> = colours
            .iter()
            .take_while(|c| c.1 >= min_fill)
            .take(max.saturating_sub(LEARNED_MIN))
            .map(|c| c.0)
            .collect();
        let fills: std::collections::HashSet<[u8; 3]> = palette.iter().copied().collect();
        let rest: Vec<u8> = pixels
            .iter()
            .filter(|p| !fills.contains(*p))
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect();
        let nq = color_quant::NeuQuant::new(NEUQUANT_SAMPLE, max - palette.len(), &rest);
        let fixed = palette.len();
        for c in nq.color_map_rgb().chunks_exact(3) {
            let c = [c[0], c[1], c[2]];
            if !fills.contains(&c) && !palette.contains(&c) {
                palette.push(c);
            }
        }
        let rest: Vec<([u8; 3], u32)> = colours
            .iter()
            .filter(|c| !fills.contains(&c.0))
            .copied()
            .collect();
        refine(&mut palette, fixed, &rest);
        palette
    };
    let nearest: HashMap<[u8; 3], u8> = colours
        .iter()
        .map(|&(c, _)| (c, nearest(c, &palette) as u8))
        .collect();
    let index = pixels.iter().map(|p| nearest[p]).collect();
    Quantised { palette, index }
}

/// Rounds of k-means that move the learned palette entries (from `fixed`
/// on) to the mean of the colours nearest each: NeuQuant samples, so on a
/// map's few thousand edge colours its entries can sit between the colours
/// actually used. The fills never move.
const REFINE_ROUNDS: usize = 4;

fn nearest(c: [u8; 3], palette: &[[u8; 3]]) -> usize {
    (0..palette.len())
        .min_by_key(|&i| distance(c, palette[i]))
        .unwrap_or(0)
}

fn refine(palette: &mut [[u8; 3]], fixed: usize, colours: &[([u8; 3], u32)]) {
    for _ in 0..REFINE_ROUNDS {
        let mut sums = vec![[0u64; 4]; palette.len()];
        for &(c, n) in colours {
            let s = &mut sums[nearest(c, palette)];
            for k in 0..3 {
                s[k] += u64::from(c[k]) * u64::from(n);
            }
            s[3] += u64::from(n);
        }
        let mut moved = false;
        for (entry, s) in palette.iter_mut().zip(&sums).skip(fixed) {
            if s[3] > 0 {
                let mean = |k: usize| ((s[k] + s[3] / 2) / s[3]) as u8;
                let m = [mean(0), mean(1), mean(2)];
                moved |= m != *entry;
                *entry = m;
            }
        }
        if !moved {
            break;
        }
    }
}

/// An animated GIF written a frame at a time, looping forever.
pub struct GifEncoder<'a> {
    encoder: gif::Encoder<&'a mut Vec<u8>>,
    size: (u32, u32),
    /// The previous frame as rasterised (before quantising).
    previous: Option<Pixmap>,
}

impl<'a> GifEncoder<'a> {
    /// Starts an animation of frames of `size` pixels (each side at most
    /// 65,535, GIF's limit).
    pub fn new(out: &'a mut Vec<u8>, size: (u32, u32)) -> Result<Self> {
        let side = |v: u32| {
            u16::try_from(v).map_err(|_| {
                Error::Request(format!(
                    "a GIF is at most 65535 px a side; {}x{} asked",
                    size.0, size.1
                ))
            })
        };
        let (w, h) = (side(size.0)?, side(size.1)?);
        let mut encoder = gif::Encoder::new(out, w, h, &[]).map_err(gif_error)?;
        encoder
            .set_repeat(gif::Repeat::Infinite)
            .map_err(gif_error)?;
        Ok(GifEncoder {
            encoder,
            size,
            previous: None,
        })
    }

    /// Adds the next frame, shown for `delay_ms` (GIF counts hundredths of
    /// a second; rounded to the nearest, at least one).
    pub fn push(&mut self, pixmap: &Pixmap, delay_ms: u32) -> Result<()> {
        if (pixmap.width(), pixmap.height()) != self.size {
            return Err(Error::Request(format!(
                "GIF frames must all be {}x{} px; one is {}x{}",
                self.size.0,
                self.size.1,
                pixmap.width(),
                pixmap.height()
            )));
        }
        let delay = ((delay_ms + 5) / 10).clamp(1, u32::from(u16::MAX)) as u16;
        let w = pixmap.width() as usize;
        let now = pixmap.pixels();
        let frame = match &self.previous {
            None => {
                let pixels: Vec<[u8; 3]> = now.iter().map(|p| rgb(*p)).collect();
                let q = quantise(&pixels, 256);
                gif::Frame {
                    width: self.size.0 as u16,
                    height: self.size.1 as u16,
                    palette: Some(q.palette.concat()),
                    buffer: q.index.into(),
                    delay,
                    ..gif::Frame::default()
                }
            }
            Some(prev) => {
                let (x, y, fw, fh) = changed_rect(prev, pixmap).unwrap_or((0, 0, 1, 1));
                let (x, y, fw, fh) = (x as usize, y as usize, fw as usize, fh as usize);
                let before = prev.pixels();
                // Changed pixels are quantised on their own; the palette's
                // last entry is kept for "unchanged" (transparent).
                let mut changed = Vec::new();
                let mut is_changed = Vec::with_capacity(fw * fh);
                for row in y..y + fh {
                    let span = row * w + x..row * w + x + fw;
                    for (p, q) in now[span.clone()].iter().zip(&before[span]) {
                        is_changed.push(p != q);
                        if p != q {
                            changed.push(rgb(*p));
                        }
                    }
                }
                let q = quantise(&changed, 255);
                let clear = q.palette.len() as u8;
                let mut indices = q.index.into_iter();
                let buffer: Vec<u8> = is_changed
                    .iter()
                    .map(|&c| {
                        if c {
                            indices.next().unwrap_or(clear)
                        } else {
                            clear
                        }
                    })
                    .collect();
                let mut palette = q.palette.concat();
                palette.extend([0, 0, 0]);
                gif::Frame {
                    left: x as u16,
                    top: y as u16,
                    width: fw as u16,
                    height: fh as u16,
                    palette: Some(palette),
                    transparent: Some(clear),
                    buffer: buffer.into(),
                    delay,
                    ..gif::Frame::default()
                }
            }
        };
        self.encoder.write_frame(&frame).map_err(gif_error)?;
        // Into the last frame's pixels: no second copy, even for a moment.
        match &mut self.previous {
            Some(p) if p.width() == pixmap.width() && p.height() == pixmap.height() => {
                p.data_mut().copy_from_slice(pixmap.data())
            }
            slot => *slot = Some(pixmap.clone()),
        }
        Ok(())
    }

    /// Ends the file.
    pub fn finish(self) -> Result<()> {
        self.encoder.into_inner().map(drop).map_err(gif_error)
    }
}

/// The widest frame, at most `width`, for which `frames` frames stay
/// within [`MAX_ANIMATED_PIXELS`], given the page height at a width
/// (`height_at`, which need not be proportional: text scales more gently
/// than the map). `None` if even `min_width` is too large.
pub fn width_within_budget(
    width: u32,
    min_width: u32,
    frames: usize,
    height_at: &mut dyn FnMut(u32) -> Result<u32>,
) -> Result<Option<u32>> {
    let area = |w: u32, h: u32| u64::from(w) * u64::from(h) * frames as u64;
    let mut w = width;
    // A few proportional steps reach the budget; a last one-pixel walk
    // makes sure of it when heights are not proportional.
    for _ in 0..8 {
        let h = height_at(w)?;
        if area(w, h) <= MAX_ANIMATED_PIXELS {
            return Ok(Some(w));
        }
        let scale = (MAX_ANIMATED_PIXELS as f64 / area(w, h) as f64).sqrt();
        let next = ((f64::from(w) * scale).floor() as u32).min(w - 1);
        if next < min_width {
            let h = height_at(min_width)?;
            return Ok((area(min_width, h) <= MAX_ANIMATED_PIXELS).then_some(min_width));
        }
        w = next;
    }
    while w >= min_width {
        if area(w, height_at(w)?) <= MAX_ANIMATED_PIXELS {
            return Ok(Some(w));
        }
        w -= 1;
    }
    Ok(None)
}

/// Milliseconds a frame with `words` words of text to read is shown:
/// about four words a second, and never under three seconds.
pub fn reading_ms(words: usize) -> u32 {
    (words as u32 * 250).max(3000)
}

/// Words in `text`, as a reader counts them (runs of letters or digits).
pub fn word_count(text: &str) -> usize {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use resvg::tiny_skia::{Color, Paint, Rect, Transform};

    /// Width, height, and the canvas after each frame (RGB) with its delay.
    type Played = (u32, u32, Vec<(Vec<[u8; 3]>, u16)>);

    /// Decodes a GIF and composes its frames as a player does (frame
    /// rectangles, transparent index, "keep" disposal).
    fn play(bytes: &[u8]) -> Played {
        let mut opts = gif::DecodeOptions::new();
        opts.set_color_output(gif::ColorOutput::Indexed);
        let mut d = opts.read_info(bytes).unwrap();
        let (w, h) = (u32::from(d.width()), u32::from(d.height()));
        let mut canvas = vec![[0u8; 3]; (w * h) as usize];
        let mut out = Vec::new();
        while let Some(f) = d.read_next_frame().unwrap() {
            let pal = f.palette.as_ref().expect("local palette");
            for y in 0..usize::from(f.height) {
                for x in 0..usize::from(f.width) {
                    let i = f.buffer[y * usize::from(f.width) + x];
                    if Some(i) == f.transparent {
                        continue;
                    }
                    let c = &pal[usize::from(i) * 3..][..3];
                    let at = (usize::from(f.top) + y) * w as usize + usize::from(f.left) + x;
                    canvas[at] = [c[0], c[1], c[2]];
                }
            }
            out.push((canvas.clone(), f.delay));
        }
        (w, h, out)
    }

    fn rgb_of(p: &Pixmap) -> Vec<[u8; 3]> {
        p.pixels().iter().map(|c| rgb(*c)).collect()
    }

    fn page(r: u8, g: u8, b: u8) -> Pixmap {
        let mut p = Pixmap::new(60, 40).unwrap();
        p.fill(Color::from_rgba8(r, g, b, 255));
        p
    }

    fn rect(p: &mut Pixmap, x: f32, y: f32, w: f32, h: f32, c: [u8; 3]) {
        let mut paint = Paint::default();
        paint.set_color_rgba8(c[0], c[1], c[2], 255);
        paint.anti_alias = false;
        let r = Rect::from_xywh(x, y, w, h).unwrap();
        p.fill_rect(r, &paint, Transform::identity(), None);
    }

    fn encode(frames: &[(&Pixmap, u32)]) -> Vec<u8> {
        let mut buf = Vec::new();
        let size = (frames[0].0.width(), frames[0].0.height());
        let mut enc = GifEncoder::new(&mut buf, size).unwrap();
        for (p, ms) in frames {
            enc.push(p, *ms).unwrap();
        }
        enc.finish().unwrap();
        buf
    }

    #[test]
    fn few_colours_play_back_exactly_with_their_delays() {
        let a = page(240, 235, 220);
        let mut b = a.clone();
        rect(&mut b, 10.0, 5.0, 7.0, 4.0, [200, 30, 40]);
        let mut c = b.clone();
        rect(&mut c, 59.0, 39.0, 1.0, 1.0, [1, 2, 3]);
        let bytes = encode(&[(&a, 3000), (&b, 25_000), (&b, 4000), (&c, 3333), (&a, 10)]);
        let (w, h, played) = play(&bytes);
        assert_eq!((w, h), (60, 40));
        assert_eq!(played.len(), 5, "one GIF frame per frame pushed");
        let delays: Vec<u16> = played.iter().map(|f| f.1).collect();
        assert_eq!(delays, [300, 2500, 400, 333, 1]);
        for (want, got) in [&a, &b, &b, &c, &a].iter().zip(&played) {
            assert_eq!(rgb_of(want), got.0);
        }
    }

    #[test]
    fn later_frames_store_only_the_changed_rectangle() {
        let a = page(240, 235, 220);
        let mut b = a.clone();
        rect(&mut b, 10.0, 5.0, 7.0, 4.0, [200, 30, 40]);
        let bytes = encode(&[(&a, 3000), (&b, 3000)]);
        let mut opts = gif::DecodeOptions::new();
        opts.set_color_output(gif::ColorOutput::Indexed);
        let mut d = opts.read_info(bytes.as_slice()).unwrap();
        let f = d.read_next_frame().unwrap().unwrap();
        assert_eq!((f.left, f.top, f.width, f.height), (0, 0, 60, 40));
        let f = d.read_next_frame().unwrap().unwrap();
        assert_eq!((f.left, f.top, f.width, f.height), (10, 5, 7, 4));
    }

    /// A page of flat fills with more than 256 colours in small spots (as
    /// anti-aliased edges are): every fill pixel plays back exactly.
    #[test]
    fn fills_stay_exact_when_colours_must_be_reduced() {
        let mut p = Pixmap::new(400, 300).unwrap();
        p.fill(Color::from_rgba8(238, 232, 213, 255));
        let fills = [[190, 210, 240], [240, 200, 190], [205, 225, 190]];
        for (i, c) in fills.iter().enumerate() {
            rect(&mut p, 20.0 + 120.0 * i as f32, 20.0, 100.0, 120.0, *c);
        }
        // 1200 single pixels blending fills with each other and with dark
        // text, as anti-aliased edges do: more than 256 colours.
        let ink = [40u8, 40, 40];
        let mix = |a: [u8; 3], b: [u8; 3], t: f32| {
            let m = |i: usize| (f32::from(a[i]) * (1.0 - t) + f32::from(b[i]) * t).round() as u8;
            [m(0), m(1), m(2)]
        };
        for k in 0..1200u32 {
            let a = fills[(k % 3) as usize];
            let b = if k % 2 == 0 {
                ink
            } else {
                fills[((k + 1) % 3) as usize]
            };
            let c = mix(a, b, (k / 6 % 200) as f32 / 200.0);
            rect(
                &mut p,
                (k % 400) as f32,
                200.0 + (k / 400) as f32,
                1.0,
                1.0,
                c,
            );
        }
        let (_, _, played) = play(&encode(&[(&p, 3000)]));
        let want = rgb_of(&p);
        let got = &played[0].0;
        let mut fill_pixels = 0;
        for (i, c) in want.iter().enumerate() {
            if fills.contains(c) || *c == [238, 232, 213] {
                fill_pixels += 1;
                assert_eq!(got[i], *c, "fill pixel {i} changed colour");
            }
        }
        assert!(fill_pixels > 100_000);
        // The spots are approximated, not lost: each within a small distance.
        let worst = want
            .iter()
            .zip(got)
            .map(|(a, b)| distance(*a, *b))
            .max()
            .unwrap();
        assert!(worst < 9 * 10 * 10, "worst weighted distance {worst}");
    }

    #[test]
    fn translucent_pages_are_shown_over_white() {
        let mut p = Pixmap::new(4, 4).unwrap();
        p.fill(Color::from_rgba8(0, 0, 0, 128));
        let (_, _, played) = play(&encode(&[(&p, 3000)]));
        assert_eq!(played[0].0[0], [127, 127, 127]);
    }

    #[test]
    fn widths_keep_within_the_pixel_budget() {
        // Height about 0.8 of the width plus a 150 px footer.
        let mut height = |w: u32| Ok(w * 4 / 5 + 150);
        let w = width_within_budget(1000, 300, 20, &mut height)
            .unwrap()
            .unwrap();
        let area = |w: u32| u64::from(w) * u64::from(w * 4 / 5 + 150) * 20;
        assert!(area(w) <= MAX_ANIMATED_PIXELS);
        assert!(area(w + 1) > MAX_ANIMATED_PIXELS, "{w} is not the widest");
        // Nine frames fit at the width asked.
        assert_eq!(
            width_within_budget(1000, 300, 9, &mut height).unwrap(),
            Some(1000)
        );
        // Too many frames even at the narrowest width.
        assert_eq!(
            width_within_budget(1000, 300, 200, &mut height).unwrap(),
            None
        );
    }

    #[test]
    fn reading_time_is_four_words_a_second_and_at_least_three() {
        assert_eq!(word_count("Winter 1905. Lines hold – 10 Mar."), 6);
        assert_eq!(reading_ms(4), 3000);
        assert_eq!(reading_ms(100), 25_000);
    }
}
