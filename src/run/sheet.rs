//! The `sheet` command: the maps of all phases on one page.

use super::session::{load_request, out_dir};
use super::{RenderRequest, Session};
use crate::error::Result;
use crate::limits::MIN_WIDTH;
use crate::{compose, model, render, style};

/// Height over width a sheet's grid of maps aims for: a landscape page,
/// with the legend and notes below.
const GRID_ASPECT: f64 = 0.75;
/// A panel's title and the gap below it, as a share of the map's width
/// (added to the map's own height over width).
const PANEL_EXTRA: f64 = 0.1;

/// Columns of a sheet of `n` maps whose maps are `aspect` times as tall as
/// wide: the grid nearest [`GRID_ASPECT`] in shape, with a penalty for
/// every empty cell (three portrait maps go in one row, not on a 2x2 grid
/// with a quarter of it empty; nine landscape maps in three rows of three).
fn default_cols(n: usize, aspect: f64) -> usize {
    let n = n.max(1);
    let cell = if aspect.is_finite() && aspect > 0.0 {
        aspect + PANEL_EXTRA
    } else {
        GRID_ASPECT
    };
    let score = |cols: usize| {
        let rows = n.div_ceil(cols);
        let shape = (rows as f64 * cell / cols as f64 / GRID_ASPECT).ln().abs();
        shape + (rows * cols - n) as f64 / n as f64
    };
    (1..=n)
        .min_by(|&a, &b| score(a).total_cmp(&score(b)))
        .unwrap_or(1)
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
    // The maps' shape (the same at any width); a theatre whose view cannot
    // be made fails below with the projection's own message.
    let aspect =
        crate::project::MapView::new(theatre, 1000.0).map_or(GRID_ASPECT, |v| v.height / v.width);
    let cols = cols
        .unwrap_or_else(|| default_cols(n, aspect))
        .clamp(1, n.max(1));
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

#[cfg(test)]
mod tests {
    use super::default_cols;

    /// Review 3 finding 8: three portrait maps on a 2x2 grid left a
    /// quarter of the sheet empty.
    #[test]
    fn columns_follow_the_count_and_shape_of_the_maps() {
        assert_eq!(default_cols(3, 1.25), 3, "three portrait maps in a row");
        assert_eq!(
            default_cols(9, 0.64),
            3,
            "nine landscape maps, three by three"
        );
        assert_eq!(default_cols(2, 1.0), 2);
        assert_eq!(default_cols(4, 0.64), 2, "four landscape maps, two by two");
        assert_eq!(default_cols(1, 0.64), 1);
        // Seven landscape maps: three rows of three beat one long row.
        assert_eq!(default_cols(7, 0.64), 3);
        // A tall narrow theatre: its maps side by side.
        assert_eq!(default_cols(4, 2.5), 4);
        // No usable shape: still a grid.
        assert!((1..=6).contains(&default_cols(6, f64::NAN)));
    }
}
