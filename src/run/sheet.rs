//! The `sheet` command: the maps of all phases on one page.

use super::session::{load_request, out_dir};
use super::{RenderRequest, Session};
use crate::error::Result;
use crate::limits::MIN_WIDTH;
use crate::{compose, model, render, style};

/// Columns of a sheet of `n` maps: about square, wider than tall.
fn default_cols(n: usize) -> usize {
    ((n as f64).sqrt().ceil() as usize).max(1)
}

/// The sheet scene of the request's phases, `req.width` wide.
pub fn sheet_scene(req: &RenderRequest, cols: Option<usize>) -> Result<compose::Scene> {
    let (theatre, style) = load_request(req)?;
    sheet_of(&theatre, &style, req, cols, None)
}

pub(crate) fn sheet_of(
    theatre: &model::Theatre,
    style: &style::Style,
    req: &RenderRequest,
    cols: Option<usize>,
    phase_maps: Option<&compose::LabelLayout>,
) -> Result<compose::Scene> {
    let n = if req.phases.is_empty() {
        theatre.phases.len()
    } else {
        req.phases.len()
    };
    let cols = cols.unwrap_or_else(|| default_cols(n)).clamp(1, n.max(1));
    // Each panel is laid out as a map of its own width, so its text is legible.
    let panel = compose::panel_width(req.width, cols).max(MIN_WIDTH);
    let mut session = Session::new(theatre.clone(), style.clone(), panel)?;
    // The panels keep the phase maps' label places (scaled) where they fit.
    session.follow = Some(match phase_maps {
        Some(l) => l.clone(),
        None => Session::phase_map_labels(theatre, style, req)?,
    });
    let phases = session.select_phases(&req.phases)?;
    let prepared = session.prepare();
    Ok(compose::compose_sheet(&prepared, &phases, cols, req.width))
}

/// Writes `sheet.svg` and `sheet.png`.
pub fn write_sheet(req: &RenderRequest, cols: Option<usize>) -> Result<Vec<render::Written>> {
    let (theatre, style) = load_request(req)?;
    let out = out_dir(req, &theatre)?;
    let scene = sheet_of(&theatre, &style, req, cols, None)?;
    let stage = render::Staging::new(&out)?;
    let written = render::write_svg_png(&scene, stage.dir(), "sheet")?;
    stage.publish(written)
}
