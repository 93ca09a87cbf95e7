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
    if a == b {
        return Err(Error::Request(format!(
            "a change map compares two different phases, and \"{a}\" was given twice"
        )));
    }
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
    let presence = model::change::presence_changes(&session.theatre, phases[0], phases[1]);
    let scene = compose::compose_diff(&prepared, phases[0], phases[1], &changes, &presence);
    Ok((scene, changes))
}

/// Writes the change map's SVG, PNG and CSVs (control, and presence as
/// `diff-A-B-presence.csv` when the theatre has troops' zones).
pub(crate) fn write_diff_scene(
    theatre: &model::Theatre,
    scene: &compose::Scene,
    changes: &[model::change::Change],
    presence: &[model::change::PresenceChange],
    out: &Path,
    a: &str,
    b: &str,
) -> Result<Vec<render::Written>> {
    let stem = format!("diff-{a}-{b}");
    let mut written = render::write_svg_png(scene, out, &stem)?;
    written.push(render::write_atomic(
        &out.join(format!("{stem}.csv")),
        model::change::changes_csv(changes, theatre).as_bytes(),
    )?);
    // A theatre without troops' zones has no presence to compare: no
    // header-only file that reads as "nothing moved".
    if model::change::has_presence(theatre) {
        written.push(render::write_atomic(
            &out.join(format!("{stem}-presence.csv")),
            model::change::presence_csv(presence, theatre).as_bytes(),
        )?);
    }
    Ok(written)
}

fn write_diff_in(session: &Session, out: &Path, a: &str, b: &str) -> Result<Vec<render::Written>> {
    let (scene, changes) = diff_scene(session, a, b)?;
    let phases = session.select_phases(&[a.to_string(), b.to_string()])?;
    let presence = model::change::presence_changes(&session.theatre, phases[0], phases[1]);
    write_diff_scene(&session.theatre, &scene, &changes, &presence, out, a, b)
}

/// Writes `diff-A-B.svg`, `.png` and `.csv`: what changed hands from `a` to `b`.
pub fn write_diff(req: &RenderRequest, a: &str, b: &str) -> Result<Vec<render::Written>> {
    let session = Session::open(&req.theatre, &req.style, &req.styles_dir, req.width)?;
    let out = out_dir(req, &session.theatre)?;
    let stage = render::Staging::new(&out)?;
    let written = write_diff_in(&session, stage.dir(), a, b)?;
    stage.publish(written)
}
