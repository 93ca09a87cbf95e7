//! The `animate` command: an APNG (or, for wikis, a GIF) of the phase maps.

use std::path::Path;

use rayon::prelude::*;
use resvg::tiny_skia::Pixmap;

use super::session::{load_request, out_dir};
use super::{AnimationFormat, CompareOptions, RenderRequest, Session};
use crate::error::{Error, Result};
use crate::render::{animate::ApngEncoder, gif::GifEncoder};
use crate::{compose, limits, model, render, style};

/// Either encoder, fed a frame at a time.
enum Encoder<'a> {
    Apng(ApngEncoder<'a>),
    Gif(GifEncoder<'a>),
}

impl Encoder<'_> {
    fn push(&mut self, pixmap: &Pixmap, delay_ms: u32) -> Result<()> {
        match self {
            Encoder::Apng(e) => e.push(pixmap, delay_ms),
            Encoder::Gif(e) => e.push(pixmap, delay_ms),
        }
    }

    fn finish(self) -> Result<()> {
        match self {
            Encoder::Apng(e) => e.finish(),
            Encoder::Gif(e) => e.finish(),
        }
    }
}

/// Cross-fade steps between two phases: a tenth of a second each is smooth
/// enough for a slide change.
fn fade_steps(opts: &CompareOptions) -> usize {
    (opts.fade * 10.0).round().clamp(0.0, 20.0) as usize
}

/// Frames of an animation of `phases` phases.
fn frame_count(phases: usize, opts: &CompareOptions) -> usize {
    phases + fade_steps(opts) * phases.saturating_sub(1)
}

/// How long each phase is held, in milliseconds: `seconds_per_phase`, and
/// at least long enough to read the phase's title and the caption when the
/// frame draws it (about four words a second, at least three seconds): an
/// animation in an article or on a slide cannot be paused. The frames of
/// an animation session ([`Session::frames`]) and any frame at article
/// width draw no caption (the description page carries it), so they are
/// held for their title.
fn hold_ms(phase: &model::Phase, opts: &CompareOptions, caption_drawn: bool) -> u32 {
    let hold = (opts.seconds_per_phase.max(0.1) * 1000.0).round() as u32;
    let caption = if caption_drawn {
        render::gif::word_count(&phase.caption)
    } else {
        0
    };
    let words = render::gif::word_count(&phase.title) + caption;
    hold.max(render::gif::reading_ms(words))
}

/// The animation as APNG or GIF bytes (`opts.format`): each phase map held
/// as `hold_ms` says, with cross-fade frames between phases when `fade`
/// is above 0. Maps are rasterised as many at a time as there are cores
/// and each frame is encoded as soon as it exists, so memory holds a few
/// frames, not all.
pub fn animation_bytes(
    session: &Session,
    phases: &[&model::Phase],
    opts: &CompareOptions,
) -> Result<Animation> {
    animation_bytes_in(session, phases, opts, rayon::current_num_threads())
}

/// [`animation_bytes`], rasterising `at_once` maps at a time (one in the
/// default run, whose other jobs keep the other cores busy: a frame less
/// in memory).
fn animation_bytes_in(
    session: &Session,
    phases: &[&model::Phase],
    opts: &CompareOptions,
    at_once: usize,
) -> Result<Animation> {
    encode_frames(maps_of(session, phases, opts), opts, at_once)
}

/// What an animation's frames are made of, without the session they were
/// composed in: its theatre, projection and shared map parts can be let go
/// before the first frame is rasterised.
struct Maps {
    /// One composed map a phase, in order.
    scenes: Vec<compose::Scene>,
    /// How long each is held (see [`hold_ms`]).
    holds: Vec<u32>,
    /// Whether the page is opaque (frames after the first store only
    /// their changes).
    opaque: bool,
}

fn maps_of(session: &Session, phases: &[&model::Phase], opts: &CompareOptions) -> Maps {
    let caption_drawn = !session.frames && !session.layout.is_article();
    Maps {
        scenes: session.scenes(phases, &|| {}),
        holds: phases
            .iter()
            .map(|p| hold_ms(p, opts, caption_drawn))
            .collect(),
        opaque: session.style.page.background.a >= 1.0,
    }
}

/// Rasterises `maps` (`at_once` at a time, each map let go once drawn) and
/// encodes each frame as soon as it exists.
fn encode_frames(maps: Maps, opts: &CompareOptions, at_once: usize) -> Result<Animation> {
    let steps = fade_steps(opts);
    let step_ms = (opts.fade * 1000.0 / steps.max(1) as f64).round() as u32;
    let count = frame_count(maps.scenes.len(), opts);
    let mut scenes = maps.scenes.into_iter();
    let mut batches = std::iter::from_fn(|| {
        let batch: Vec<compose::Scene> = scenes.by_ref().take(at_once.max(1)).collect();
        (!batch.is_empty()).then(|| -> Result<Vec<Pixmap>> {
            batch
                .par_iter()
                .map(|s| render::rasterize(&s.svg, &format!("{}.svg", s.phase)))
                .collect()
        })
    });
    let first = batches
        .next()
        .ok_or_else(|| Error::Request("an animation needs at least one phase".into()))??;
    let size = first
        .first()
        .map(|pm| (pm.width(), pm.height()))
        .ok_or_else(|| Error::Request("an animation needs at least one phase".into()))?;
    let mut buf = Vec::new();
    let mut enc = match opts.format {
        AnimationFormat::Apng => {
            Encoder::Apng(ApngEncoder::new(&mut buf, size, count, maps.opaque)?)
        }
        AnimationFormat::Gif => Encoder::Gif(GifEncoder::new(&mut buf, size)?),
    };
    let mut holds = maps.holds.into_iter();
    let mut previous: Option<Pixmap> = None;
    for pixmaps in std::iter::once(Ok(first)).chain(batches) {
        for pm in pixmaps? {
            if let Some(prev) = previous.take() {
                enc.push(&prev, holds.next().unwrap_or(step_ms))?;
                for k in 1..=steps {
                    let t = k as f64 / (steps + 1) as f64;
                    enc.push(&render::animate::blend(&prev, &pm, t), step_ms)?;
                }
            }
            previous = Some(pm);
        }
    }
    if let Some(last) = previous {
        enc.push(&last, holds.next().unwrap_or(step_ms))?;
    }
    enc.finish()?;
    Ok(Animation {
        bytes: buf,
        size,
        frames: count,
    })
}

/// An encoded animation.
pub struct Animation {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Frame size in pixels.
    pub size: (u32, u32),
    /// Number of frames.
    pub frames: usize,
}

/// The animation as APNG bytes (see [`animation_bytes`]).
pub fn animation_png(
    session: &Session,
    phases: &[&model::Phase],
    opts: &CompareOptions,
) -> Result<Vec<u8>> {
    let opts = CompareOptions {
        format: AnimationFormat::Apng,
        ..opts.clone()
    };
    Ok(animation_bytes(session, phases, &opts)?.bytes)
}

/// Writes `animation.png` (an APNG) or `animation.gif` of the request's phases.
pub fn write_animation(req: &RenderRequest, opts: &CompareOptions) -> Result<render::Written> {
    opts.check()?;
    let (theatre, style) = load_request(req)?;
    let out = out_dir(req, &theatre)?;
    let stage = render::Staging::new(&out)?;
    let written = write_animation_of(
        &theatre,
        &style,
        req,
        opts,
        stage.dir(),
        None,
        rayon::current_num_threads(),
    )?;
    Ok(stage.publish(vec![written])?.remove(0))
}

/// The session a GIF is drawn in: the widest page up to the width asked
/// whose frames stay within the pixels a wiki animates.
fn gif_session(
    theatre: &model::Theatre,
    style: &style::Style,
    req: &RenderRequest,
    opts: &CompareOptions,
) -> Result<Session> {
    let phase_count = if req.phases.is_empty() {
        theatre.phases.len()
    } else {
        req.phases.len()
    };
    let frames = frame_count(phase_count, opts);
    let mut last: Option<(u32, Session)> = None;
    let mut height_at = |w: u32| -> Result<u32> {
        let mut session = Session::new(theatre.clone(), style.clone(), f64::from(w))?;
        session.frames = true;
        let phases = session.select_phases(&req.phases)?;
        let first = phases
            .first()
            .ok_or_else(|| Error::Request("an animation needs at least one phase".into()))?;
        // Every frame is as high (one legend for all, no caption).
        let height = compose::compose(&session.prepare_for(&phases), first)
            .height
            .round() as u32;
        last = Some((w, session));
        Ok(height)
    };
    let asked = opts.animation_width.round() as u32;
    let width =
        render::gif::width_within_budget(asked, limits::MIN_WIDTH as u32, frames, &mut height_at)?
            .ok_or_else(|| {
                Error::Request(format!(
                    "{frames} GIF frames exceed the {} pixels a wiki animates even at {} px wide: \
             select fewer phases or drop --fade",
                    render::gif::MAX_ANIMATED_PIXELS,
                    limits::MIN_WIDTH
                ))
            })?;
    match last {
        Some((w, session)) if w == width => Ok(session),
        _ => Session::new(theatre.clone(), style.clone(), f64::from(width)),
    }
}

/// The session an animation of `req` is drawn in: at its own width, its
/// labels where the phase maps (`phase_maps`, or those of `req` when
/// `None`) put them, scaled, wherever they fit there.
pub fn animation_session(
    theatre: &model::Theatre,
    style: &style::Style,
    req: &RenderRequest,
    opts: &CompareOptions,
    phase_maps: Option<&compose::LabelLayout>,
) -> Result<Session> {
    opts.check()?;
    let mut session = match opts.format {
        AnimationFormat::Apng => {
            Session::new(theatre.clone(), style.clone(), opts.animation_width)?
        }
        AnimationFormat::Gif => gif_session(theatre, style, req, opts)?,
    };
    session.frames = true;
    session.follow = Some(match phase_maps {
        Some(l) => l.clone(),
        None => Session::phase_map_labels(theatre, style, req)?,
    });
    Ok(session)
}

pub(crate) fn write_animation_of(
    theatre: &model::Theatre,
    style: &style::Style,
    req: &RenderRequest,
    opts: &CompareOptions,
    out: &Path,
    phase_maps: Option<&compose::LabelLayout>,
    at_once: usize,
) -> Result<render::Written> {
    let session = animation_session(theatre, style, req, opts, phase_maps)?;
    let maps = maps_of(&session, &session.select_phases(&req.phases)?, opts);
    // The session (a copy of the theatre, projected at the animation's
    // width) is not needed for rasterising: let it go first.
    drop(session);
    let animation = encode_frames(maps, opts, at_once)?;
    let name = match opts.format {
        AnimationFormat::Apng => "animation.png",
        AnimationFormat::Gif => "animation.gif",
    };
    let mut written = render::write_atomic(&out.join(name), &animation.bytes)?;
    let (w, h) = animation.size;
    let area = u64::from(w) * u64::from(h) * animation.frames as u64;
    written.note = format!("{w}x{h} px, {} frames", animation.frames);
    if opts.format == AnimationFormat::Gif {
        written.note += &format!(
            ", {:.1} of {:.1} million px a wiki animates",
            area as f64 / 1e6,
            render::gif::MAX_ANIMATED_PIXELS as f64 / 1e6
        );
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phase(title: &str, caption: &str) -> model::Phase {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/theatres/tiny");
        let mut p = crate::load::load_theatre(&dir)
            .expect("the tiny theatre")
            .phases[0]
            .clone();
        p.title = title.into();
        p.caption = caption.into();
        p
    }

    #[test]
    fn a_frame_is_held_long_enough_to_read_what_it_shows() {
        let opts = CompareOptions::default();
        let words = |n: usize| vec!["word"; n].join(" ");
        // 60 words of caption and 4 of title: 16 s at four words a second,
        // in either format.
        for format in [AnimationFormat::Apng, AnimationFormat::Gif] {
            let o = CompareOptions {
                format,
                ..opts.clone()
            };
            assert_eq!(hold_ms(&phase(&words(4), &words(60)), &o, true), 16_000);
        }
        // A short text: three seconds at least, more if asked for.
        assert_eq!(hold_ms(&phase("Spring", "Quiet."), &opts, true), 3_000);
        let slow = CompareOptions {
            seconds_per_phase: 20.0,
            ..opts.clone()
        };
        assert_eq!(hold_ms(&phase("Spring", "Quiet."), &slow, true), 20_000);
        // At article width the frame shows no caption: held for its title.
        assert_eq!(hold_ms(&phase(&words(4), &words(60)), &opts, false), 3_000);
    }
}
