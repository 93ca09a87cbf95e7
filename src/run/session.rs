//! The session every command starts from: a theatre and style, loaded,
//! checked against each other and projected for one width.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::RenderRequest;
use crate::error::{Error, Result};
use crate::limits::{MAX_SIDE_PX, MIN_WIDTH};
use crate::{compose, load, model, project, render, style};

/// A theatre loaded and prepared for one style and width: the input of every output.
pub struct Session {
    /// The theatre.
    pub theatre: model::Theatre,
    /// The style.
    pub style: style::Style,
    /// Page layout.
    pub layout: compose::Layout,
    /// Projected layers.
    pub projected: project::ProjectedTheatre,
    /// The phase maps' label layout, which this session's maps follow
    /// (scaled) when they are drawn at another width: a sheet's panels, an
    /// animation's frames. `None`: labels are placed for this width alone.
    pub follow: Option<compose::LabelLayout>,
    /// The maps are an animation's frames: [`Session::scenes`] gives them
    /// one legend, that of all the phases asked for, and no caption (see
    /// [`compose::Prepared::frames_of`]).
    pub frames: bool,
}

impl Session {
    /// Loads, checks the request against the theatre, and projects.
    pub fn open(theatre_dir: &Path, style: &str, styles_dir: &Path, width: f64) -> Result<Session> {
        if !(MIN_WIDTH..=MAX_SIDE_PX).contains(&width) || !width.is_finite() {
            return Err(Error::Request(format!(
                "--width {width} is outside {MIN_WIDTH}..{} px",
                MAX_SIDE_PX
            )));
        }
        let theatre = checked(load::load_theatre(theatre_dir)?)?;
        let style = load::load_style(style, styles_dir)?;
        Session::new(theatre, style, width)
    }

    /// Checks the style against an already loaded theatre, and projects.
    /// Reads no file.
    pub fn new(theatre: model::Theatre, style: style::Style, width: f64) -> Result<Session> {
        Session::new_reusing(theatre, style, width, None)
    }

    /// [`Session::new`], taking the projected layers whose geometry has not
    /// changed from `cache` and keeping this session's there (see
    /// [`project::project_theatre_reusing`]): the live preview's rebuilds.
    pub fn new_reusing(
        mut theatre: model::Theatre,
        mut style: style::Style,
        width: f64,
        cache: Option<&project::ProjectionCache>,
    ) -> Result<Session> {
        if !(MIN_WIDTH..=MAX_SIDE_PX).contains(&width) || !width.is_finite() {
            return Err(Error::Request(format!(
                "--width {width} is outside {MIN_WIDTH}..{} px",
                MAX_SIDE_PX
            )));
        }
        for p in style.overridden_phases() {
            if theatre.phase(p).is_none() {
                return Err(Error::Style {
                    path: style.path.clone(),
                    pointer: format!("phasemap:phases.{p}"),
                    message: format!("the theatre has no phase \"{p}\""),
                });
            }
        }
        let layout = if style.page.furniture {
            compose::Layout::new(width)
        } else {
            compose::Layout::bare(width)
        };
        let furniture = style.page.furniture;
        too_tall(&theatre, width, &|w| {
            if furniture {
                compose::Layout::new(w).map_w
            } else {
                w
            }
        })?;
        // Binding the style (its palette is a search) and projecting need
        // nothing of each other: side by side.
        let (bound, projected) = rayon::join(
            || {
                // Role layers get their sources, undrawn layers their role's
                // default, powers their colours; said once however often a
                // session is made.
                let mut bound = style.bind(&theatre);
                bound.extend(compose::unknown_markers(&theatre, &style));
                bound.extend(compose::unshown(&theatre, &style));
                bound.extend(super::glyphs::missing_glyphs(&theatre));
                bound
            },
            || project::project_theatre_reusing(&theatre, layout.map_w, cache),
        );
        for w in bound {
            if !theatre.warnings.contains(&w) {
                theatre.warnings.push(w);
            }
        }
        let projected = projected.map_err(|m| Error::Manifest {
            path: theatre.manifest_path.clone(),
            message: m,
        })?;
        // Maps in the theatre's own language have their legend in it too
        // (a theatre written in Spanish got an English legend).
        let style = style.localized(&theatre.language);
        // Insets in a fixed corner over a town dot or an event symbol.
        for w in compose::inset_warnings(&theatre, &projected, &style, layout) {
            if !theatre.warnings.contains(&w) {
                theatre.warnings.push(w);
            }
        }
        Ok(Session {
            theatre,
            style,
            layout,
            projected,
            follow: None,
            frames: false,
        })
    }

    /// The phases named (all when empty), or an error naming the unknown one.
    pub fn select_phases(&self, ids: &[String]) -> Result<Vec<&model::Phase>> {
        if ids.is_empty() {
            return Ok(self.theatre.phases.iter().collect());
        }
        ids.iter()
            .map(|id| {
                self.theatre.phase(id).ok_or_else(|| {
                    let known: Vec<&str> =
                        self.theatre.phases.iter().map(|p| p.id.as_str()).collect();
                    Error::Request(format!(
                        "no phase \"{id}\" in theatre \"{}\" (phases: {})",
                        self.theatre.id,
                        known.join(", ")
                    ))
                })
            })
            .collect()
    }

    /// Composes the scenes of `phases` (in parallel; order kept).
    pub fn scenes(
        &self,
        phases: &[&model::Phase],
        progress: &(dyn Fn() + Sync),
    ) -> Vec<compose::Scene> {
        let prepared = self.prepare_for(phases);
        phases
            .par_iter()
            .map(|p| {
                let s = compose::compose(&prepared, p);
                progress();
                s
            })
            .collect()
    }

    /// Composes the scenes of `phases` as [`Session::scenes`] does, the one
    /// at `first` before the others: `first_done` gets it (the live preview
    /// shows the phase on view while the rest are composed). The others are
    /// composed one at a time, leaving the other cores to the browser that
    /// is loading the first (composed in parallel, they delayed its first
    /// paint by 0.1-0.3 s on two cores: `bench/serve.sh`).
    pub fn scenes_first(
        &self,
        phases: &[&model::Phase],
        first: usize,
        first_done: &mut dyn FnMut(&compose::Scene),
    ) -> Vec<compose::Scene> {
        let Some(phase) = phases.get(first) else {
            return self.scenes(phases, &|| {});
        };
        let prepared = compose::prepare(&self.theatre, &self.projected, &self.style, self.layout);
        let viewed = compose::compose(&prepared, phase);
        first_done(&viewed);
        let mut rest: Vec<compose::Scene> = phases
            .iter()
            .enumerate()
            .filter(|(k, _)| *k != first)
            .map(|(_, p)| compose::compose(&prepared, p))
            .collect();
        rest.insert(first, viewed);
        rest
    }
}

impl Session {
    /// What all of this session's maps share (see [`compose::prepare`]),
    /// following [`Session::follow`] when it is set.
    pub fn prepare(&self) -> compose::Prepared<'_> {
        compose::prepare_following(
            &self.theatre,
            &self.projected,
            &self.style,
            self.layout,
            self.follow.as_ref(),
        )
    }

    /// What the maps of `phases` share: [`Session::prepare`], as the
    /// frames of an animation of `phases` when [`Session::frames`] is set.
    pub fn prepare_for(&self, phases: &[&model::Phase]) -> compose::Prepared<'_> {
        let prepared = self.prepare();
        if self.frames {
            prepared.frames_of(phases)
        } else {
            prepared
        }
    }

    /// The label layout of the phase maps of `req` (its phases at its
    /// width), which a sheet or an animation of the request follows.
    pub fn phase_map_labels(
        theatre: &model::Theatre,
        style: &style::Style,
        req: &RenderRequest,
    ) -> Result<compose::LabelLayout> {
        let s = Session::new(theatre.clone(), style.clone(), req.width)?;
        let phases = s.select_phases(&req.phases)?;
        Ok(compose::LabelLayout::of(&s.scenes(&phases, &|| {})))
    }
}

pub(crate) fn out_dir(req: &RenderRequest, theatre: &model::Theatre) -> Result<PathBuf> {
    let out = req
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("output").join(&theatre.id));
    not_the_theatre_folder(&out, &theatre.dir)?;
    render::ensure_dir(&out)?;
    Ok(out)
}

/// Refuses an output folder that is the theatre folder: maps written among
/// the layers would be read back as theatre files, and `serve` would
/// rebuild on its own output without end.
pub(crate) fn not_the_theatre_folder(out: &Path, theatre_dir: &Path) -> Result<()> {
    match (out.canonicalize(), theatre_dir.canonicalize()) {
        (Ok(a), Ok(b)) if a == b => Err(Error::Request(format!(
            "the output folder {} is the theatre folder: the maps would be written among the theatre's files; give --out another folder",
            out.display()
        ))),
        _ => Ok(()),
    }
}

/// `theatre` if it may be drawn: the problems `phasemap check` finds that
/// would make a map wrong are an error (nothing is drawn); the others become
/// the theatre's warnings. Every drawing command loads its theatre through
/// this, once (the overlap test is not free).
pub fn checked(mut theatre: model::Theatre) -> Result<model::Theatre> {
    let warnings = model::check_for_drawing(&theatre).map_err(Error::Check)?;
    for w in warnings {
        if !theatre.warnings.contains(&w) {
            theatre.warnings.push(w);
        }
    }
    Ok(theatre)
}

/// The theatre and style a request names, the theatre [`checked`].
pub(crate) fn load_request(req: &RenderRequest) -> Result<(model::Theatre, style::Style)> {
    Ok((
        checked(load::load_theatre(&req.theatre)?)?,
        load::load_style(&req.style, &req.styles_dir)?,
    ))
}

/// Refuses a `width` at which a portrait theatre's map would be taller
/// than phasemap draws: the limit is on the longer side, and the message
/// names the size the map would have and the widest page that fits
/// (`map_w` gives the map's width on a page of a width). A frame too tall
/// at any width is left to the projection's own message.
fn too_tall(theatre: &model::Theatre, width: f64, map_w: &dyn Fn(f64) -> f64) -> Result<()> {
    let Ok(aspect) = project::MapView::aspect(theatre) else {
        return Ok(()); // the projection says what is wrong, in its words
    };
    let height = |w: f64| (map_w(w) * aspect).round();
    let map_h = height(width);
    if !map_h.is_finite() || map_h <= MAX_SIDE_PX || height(MIN_WIDTH) > MAX_SIDE_PX {
        return Ok(());
    }
    // The widest whole page width whose map fits (the margins are not a
    // fixed share of the page, so search).
    let (mut lo, mut hi) = (MIN_WIDTH, width);
    while hi - lo > 1.0 {
        let mid = ((lo + hi) / 2.0).floor();
        if height(mid) <= MAX_SIDE_PX {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Err(Error::Request(format!(
        "--width {width}: this theatre's map is {aspect:.2} times as tall as wide, so at {width} px \
         wide the map would be {} x {map_h} px; phasemap draws at most {MAX_SIDE_PX} px on the \
         longer side: use --width {lo} or less (a PNG, whose page adds the header and legend \
         below the map, needs a little less)",
        map_w(width).round()
    )))
}
