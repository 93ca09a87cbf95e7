//! The `commons` command: beside each phase map, the description page
//! Wikimedia Commons asks for on upload and an alternative text for
//! articles; the same for the animation.

use super::session::out_dir;
use super::{RenderRequest, Session};
use crate::compose::commons::{self, PhaseTexts};
use crate::compose::Scene;
use crate::error::{Error, Result};
use crate::model::Theatre;
use crate::render;

/// Writes `<phase>.wikitext` and `<phase>.alt.txt` for the request's phases,
/// and `animation.wikitext` and `animation.alt.txt` (`animation.<lang>.alt.txt`
/// for each further language). The maps themselves
/// are composed (not written) for their legends. Each description page
/// describes the map in every language of `req.langs` (default: every
/// language the theatre has texts in); each language after the first gets
/// its own alternative text, `<phase>.<lang>.alt.txt`.
pub fn write_commons(req: &RenderRequest) -> Result<Vec<render::Written>> {
    let session = Session::open(&req.theatre, &req.style, &req.styles_dir, req.width)?;
    // Every page or none (see render::Staging).
    let stage = render::Staging::new(&out_dir(req, &session.theatre)?)?;
    let out = stage.dir();
    let phases = session.select_phases(&req.phases)?;
    let theatre = &session.theatre;
    let langs = if req.langs.is_empty() {
        theatre.languages()
    } else {
        super::check_languages(&req.langs)?
    };
    let localized: Vec<Theatre> = langs.iter().map(|l| theatre.localized(l)).collect();
    // Per phase, each language's scene (its legend is in that language).
    // One language other than the theatre's is composed in that language
    // too: its legend must not stay in the theatre's.
    let scenes: Vec<Vec<Scene>> = if langs.len() > 1 || langs[..] != [theatre.language.clone()] {
        session
            .scenes_in(&phases, &langs)
            .into_iter()
            .map(|(_, singles)| singles)
            .collect()
    } else {
        session
            .scenes(&phases, &|| {})
            .into_iter()
            .map(|s| vec![s])
            .collect()
    };
    let version = env!("CARGO_PKG_VERSION");
    let bad = |message: String| Error::Manifest {
        path: theatre.manifest_path.clone(),
        message,
    };
    let mut written = Vec::new();
    let mut all_legend: Vec<(String, String)> = Vec::new();
    for (phase, scenes) in phases.iter().zip(&scenes) {
        let texts: Vec<PhaseTexts> = localized
            .iter()
            .map(|t| PhaseTexts::of(t, t.phase(&phase.id).unwrap_or(phase)))
            .collect();
        let scene = &scenes[0];
        let page =
            commons::wikitext(theatre, phase, &texts, &scene.legend, version).map_err(bad)?;
        written.push(render::write_atomic(
            &out.join(format!("{}.wikitext", phase.id)),
            page.as_bytes(),
        )?);
        for (k, (t, s)) in texts.iter().zip(scenes).enumerate() {
            let alt = commons::alt_text(&localized[k], phase, *t, &s.legend);
            let name = if k == 0 {
                format!("{}.alt.txt", phase.id)
            } else {
                format!("{}.{}.alt.txt", phase.id, t.lang)
            };
            written.push(render::write_atomic(
                &out.join(name),
                format!("{alt}\n").as_bytes(),
            )?);
        }
        for entry in &scene.legend {
            if !all_legend.contains(entry) {
                all_legend.push(entry.clone());
            }
        }
    }
    // The animation's key lists everything any phase shows, section by section.
    let mut sections: Vec<&str> = Vec::new();
    for (s, _) in &all_legend {
        if !sections.contains(&s.as_str()) {
            sections.push(s);
        }
    }
    let legend: Vec<(String, String)> = sections
        .iter()
        .flat_map(|s| all_legend.iter().filter(move |e| e.0 == *s).cloned())
        .collect();
    let page =
        commons::animation_wikitext(theatre, &localized, &phases, &legend, version).map_err(bad)?;
    written.push(render::write_atomic(
        &out.join("animation.wikitext"),
        page.as_bytes(),
    )?);
    for (k, t) in localized.iter().enumerate() {
        let name = if k == 0 {
            "animation.alt.txt".to_string()
        } else {
            format!("animation.{}.alt.txt", t.language)
        };
        written.push(render::write_atomic(
            &out.join(name),
            format!("{}\n", commons::animation_alt_text(t, &phases)).as_bytes(),
        )?);
    }
    stage.publish(written)
}
