//! The `diff` command: the change map of two phases.

use std::path::Path;

use super::session::out_dir;
use super::{RenderRequest, Session};
use crate::error::{Error, Result};
use crate::{compose, model, render};

/// The change map of phase `a` to phase `b` in an open session, with its changes.
pub fn diff_scene(
    session: &Session,
    a: &str,
    b: &str,
) -> Result<(compose::Scene, Vec<model::change::Change>)> {
    let phases = session.select_phases(&[a.to_string(), b.to_string()])?;
    if !session.theatre.layers.iter().any(|l| l.exclusive) {
        return Err(Error::Request(format!(
            "theatre \"{}\" has no layer with \"exclusive\": true, so there is no territory to compare",
            session.theatre.id
        )));
    }
    let changes = model::change::changes(&session.theatre, phases[0], phases[1]);
    let prepared = compose::prepare(
        &session.theatre,
        &session.projected,
        &session.style,
        session.layout,
    );
    let scene = compose::compose_diff(&prepared, phases[0], phases[1], &changes);
    Ok((scene, changes))
}

/// Writes the change map's SVG, PNG and CSV.
pub(crate) fn write_diff_scene(
    scene: &compose::Scene,
    changes: &[model::change::Change],
    out: &Path,
    a: &str,
    b: &str,
) -> Result<Vec<render::Written>> {
    let stem = format!("diff-{a}-{b}");
    let mut written = render::write_svg_png(scene, out, &stem)?;
    written.push(render::write_atomic(
        &out.join(format!("{stem}.csv")),
        model::change::changes_csv(changes).as_bytes(),
    )?);
    Ok(written)
}

fn write_diff_in(session: &Session, out: &Path, a: &str, b: &str) -> Result<Vec<render::Written>> {
    let (scene, changes) = diff_scene(session, a, b)?;
    write_diff_scene(&scene, &changes, out, a, b)
}

/// Writes `diff-A-B.svg`, `.png` and `.csv`: what changed hands from `a` to `b`.
pub fn write_diff(req: &RenderRequest, a: &str, b: &str) -> Result<Vec<render::Written>> {
    let session = Session::open(&req.theatre, &req.style, &req.styles_dir, req.width)?;
    let out = out_dir(req, &session.theatre)?;
    write_diff_in(&session, out.as_path(), a, b)
}
