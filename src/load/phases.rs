//! The manifest's `phases` and `insets`: when each map is and what it
//! enlarges, checked and turned into model data. Errors start with the key
//! at fault; the caller names the manifest.

use std::collections::BTreeSet;

use super::manifest::ManifestFile;
use super::texts::Texts;
use crate::model::texts::key;
use crate::model::{check_id, Corner, Date, Inset, Phase};

/// Output names of a theatre's own pages (`sheet.svg`, `animation.png`,
/// `index.html`), which no phase may take.
pub const RESERVED_IDS: &[&str] = &["sheet", "animation", "index"];

/// The manifest's phases, checked: ids that name no other output and are
/// unique ignoring case, dates in order, at least one phase, no overlaps.
pub(super) fn phases(raw: &ManifestFile, texts: &mut Texts) -> Result<Vec<Phase>, String> {
    let mut phases = Vec::with_capacity(raw.phases.len());
    let mut seen = BTreeSet::new();
    for (i, p) in raw.phases.iter().enumerate() {
        let at = |m: String| format!("phases[{i}] (\"{}\"): {m}", p.id);
        check_id(&p.id).map_err(|m| at(format!("id: {m}")))?;
        // Phase ids name output files beside the sheet, the animation, the
        // page and the change maps; and folders may ignore case.
        let lower = p.id.to_ascii_lowercase();
        if RESERVED_IDS.contains(&lower.as_str()) || lower.starts_with("diff-") {
            return Err(at(format!(
                "id: \"{}\" would overwrite another output (phase ids may not be {} \
                 or start with \"diff-\"); rename the phase",
                p.id,
                RESERVED_IDS.join(", ")
            )));
        }
        if !seen.insert(lower) {
            return Err(at(
                "duplicate phase id (ids that differ only in case name the same file on \
                 some systems)"
                    .into(),
            ));
        }
        let start = Date::parse(&p.start_date).map_err(|m| at(format!("start_date: {m}")))?;
        let end = Date::parse(&p.end_date).map_err(|m| at(format!("end_date: {m}")))?;
        let snapshot = Date::parse(&p.snapshot).map_err(|m| at(format!("snapshot: {m}")))?;
        if end <= start {
            return Err(at(format!(
                "end_date {end} is not after start_date {start} (end_date is exclusive)"
            )));
        }
        if snapshot < start || snapshot >= end {
            return Err(at(format!(
                "snapshot {snapshot} is outside [{start}, {end})"
            )));
        }
        let title = texts.take(&key::phase_title(&p.id), &p.title)?;
        let caption = texts.take(&key::phase_caption(&p.id), &p.caption)?;
        phases.push(Phase {
            id: p.id.clone(),
            title,
            start,
            end,
            snapshot,
            caption,
        });
    }
    if phases.is_empty() {
        return Err("phases: a theatre needs at least one phase".into());
    }
    for w in phases.windows(2) {
        if w[1].start < w[0].end {
            return Err(format!(
                "phases \"{}\" and \"{}\" overlap or are out of order",
                w[0].id, w[1].id
            ));
        }
    }
    Ok(phases)
}

/// The manifest's insets, checked: ids, area inside the extent, zoom above
/// 1, a known corner, known phases.
pub(super) fn insets(
    raw: &ManifestFile,
    phases: &[Phase],
    texts: &mut Texts,
) -> std::result::Result<Vec<Inset>, String> {
    let mut seen = BTreeSet::new();
    let insets = raw
        .insets
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let at = |m: String| format!("insets[{i}] (\"{}\"): {m}", e.id);
            check_id(&e.id).map_err(|m| at(format!("id: {m}")))?;
            if !seen.insert(e.id.as_str()) {
                return Err(at("duplicate inset id".into()));
            }
            let (a, x) = (e.area, raw.extent);
            if a.iter().any(|v| !v.is_finite()) || a[0] >= a[2] || a[1] >= a[3] {
                return Err(at(
                    "area must be [west, south, east, north] with west < east and south < north"
                        .into(),
                ));
            }
            if a[0] < x[0] || a[1] < x[1] || a[2] > x[2] || a[3] > x[3] {
                return Err(at(format!("area {a:?} is not inside the extent {x:?}")));
            }
            if !e.zoom.is_finite() || e.zoom <= 1.0 || e.zoom > 50.0 {
                return Err(at(format!(
                    "zoom {} must be above 1 and at most 50 (times the main map's scale)",
                    e.zoom
                )));
            }
            let corner = match e.corner.as_str() {
                "auto" => None,
                c => Some(Corner::parse(c).ok_or_else(|| {
                    at(format!(
                        "corner \"{}\" is not one of auto, top-left, top-right, bottom-left, bottom-right",
                        e.corner
                    ))
                })?),
            };
            if let Some(p) = e
                .phases
                .iter()
                .find(|p| !phases.iter().any(|q| q.id == **p))
            {
                return Err(at(format!("phases: the theatre has no phase \"{p}\"")));
            }
            Ok(Inset {
                id: e.id.clone(),
                title: texts.take(&key::inset_title(&e.id), &e.title)?,
                area: a,
                zoom: e.zoom,
                corner,
                phases: e.phases.clone(),
            })
        })
        .collect::<std::result::Result<Vec<Inset>, String>>()?;
    // Two insets in one corner of one map would be drawn one over the other.
    for (i, a) in insets.iter().enumerate() {
        for (j, b) in insets.iter().enumerate().skip(i + 1) {
            if a.corner.is_none() || a.corner != b.corner {
                continue;
            }
            if let Some(p) = phases
                .iter()
                .find(|p| a.shown_in(&p.id) && b.shown_in(&p.id))
            {
                return Err(format!(
                    "insets[{j}] (\"{}\"): corner \"{}\" is taken by insets[{i}] (\"{}\") in phase \"{}\", and one would hide the other; give it another corner, or the two insets different phases",
                    b.id,
                    raw.insets[j].corner,
                    a.id,
                    p.id
                ));
            }
        }
    }
    // A map has four corners.
    for p in phases {
        let shown: Vec<&str> = insets
            .iter()
            .filter(|i| i.shown_in(&p.id))
            .map(|i| i.id.as_str())
            .collect();
        if shown.len() > 4 {
            return Err(format!(
                "insets: phase \"{}\" shows {} insets ({}), and a map has four corners; give some of them \"phases\"",
                p.id,
                shown.len(),
                shown.join(", ")
            ));
        }
    }
    Ok(insets)
}
