//! One rebuild of the live preview after a change: the page is built once,
//! written to the output folder and served with the live script. When the
//! page on view told which phase it shows and the phases are the same as
//! in the last build, that phase is composed first and served at once in a
//! page whose other phases are still the last build's; the whole page
//! follows as the next build.

use std::path::Path;

use crate::compose::Scene;
use crate::error::Result;
use crate::render::html::{error_page, live_page, page, write_page_text};
use crate::{load, render, Session};

use super::{ServeOptions, PAGE_WIDTH};

/// What the last good build composed, for the next one to start from.
#[derive(Default)]
pub(super) struct Last {
    scenes: Vec<Scene>,
    /// Its projected layers, for those whose geometry did not change.
    projected: crate::project::ProjectionCache,
    /// What the last build has to tell the terminal: the theatre's
    /// warnings, or why it could not be built (the page shows it too).
    pub(super) said: Vec<String>,
}

impl Last {
    /// Whether the last build's scenes are of `phases` (same ids, same
    /// order).
    fn matches(&self, phases: &[&crate::model::Phase]) -> bool {
        self.scenes.len() == phases.len()
            && self.scenes.iter().zip(phases).all(|(s, p)| s.phase == p.id)
    }
}

/// Builds the page as build number `next` (and, when the phase on view is
/// composed first, `next + 1`), parsing again only the layer files not in
/// `cache` and projecting again only the layers whose geometry changed; `publish` gets each build number with its page as soon as it
/// is made. A failure becomes an error page rather than an error. Returns
/// the last build number published.
pub(super) fn rebuild(
    opts: &ServeOptions,
    out: &Path,
    next: u64,
    cache: &load::LayerCache,
    viewed: Option<usize>,
    last: &mut Last,
    publish: &mut dyn FnMut(u64, String),
) -> u64 {
    let mut number = next;
    last.said.clear();
    let mut attempt = || -> Result<String> {
        let theatre = crate::run::checked(load::load_theatre_reusing(&opts.theatre, cache)?)?;
        let style = load::load_style(&opts.style, &opts.styles_dir)?;
        let s = Session::new_reusing(theatre, style, f64::from(PAGE_WIDTH), Some(&last.projected))?;
        last.said = s
            .theatre
            .warnings
            .iter()
            .map(|w| format!("warning: {w}"))
            .collect();
        let phases = s.select_phases(&[])?;
        let first = viewed.filter(|&k| k < phases.len() && last.matches(&phases));
        let scenes = match first {
            Some(k) => {
                let mut quick = std::mem::take(&mut last.scenes);
                s.scenes_first(&phases, k, &mut |scene| {
                    // A map of another size would not fit the last build's.
                    if scene.parts.map_size != quick[k].parts.map_size {
                        return;
                    }
                    quick[k] = scene.clone();
                    let p = page(&s.theatre, &s.style, &quick);
                    publish(number, live_page(&p, number));
                    number += 1;
                })
            }
            None => s.scenes(&phases, &|| {}),
        };
        let p = page(&s.theatre, &s.style, &scenes);
        render::ensure_dir(out)?;
        write_page_text(&p, out)?;
        last.scenes = scenes;
        Ok(live_page(&p, number))
    };
    let page = attempt().unwrap_or_else(|e| {
        last.scenes.clear();
        last.said = vec![format!("error: {e}")];
        error_page(&e.to_string(), number)
    });
    publish(number, page);
    number
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Copies the folder `from` into `to`, subfolders included.
    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                copy_dir(&e.path(), &to.join(e.file_name()));
            } else {
                std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
            }
        }
    }

    #[test]
    fn a_warm_rebuild_after_a_save_is_the_cold_build_of_the_same_files() {
        let tmp = tempfile::tempdir().unwrap();
        let theatre = tmp.path().join("theatre");
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("geodata"),
            &theatre,
        );
        let opts = ServeOptions {
            theatre: theatre.clone(),
            style: "wikipedia".into(),
            styles_dir: Path::new(env!("CARGO_MANIFEST_DIR")).join("styles"),
            out: None,
            addr: "127.0.0.1:0".parse().unwrap(),
        };
        let build = |out: &Path, cache: &load::LayerCache, last: &mut Last, viewed| {
            let mut said = 0;
            rebuild(&opts, out, 1, cache, viewed, last, &mut |_, _| said += 1);
            assert!(
                last.said.iter().all(|s| !s.starts_with("error")),
                "{:?}",
                last.said
            );
            std::fs::read_to_string(out.join("index.html")).unwrap()
        };
        let (cache, mut last) = (load::LayerCache::default(), Last::default());
        let before = build(&tmp.path().join("first"), &cache, &mut last, None);
        assert!(!last.projected.is_empty());
        // Move the first town (drawn on the main map and in an inset)
        // a fifth of a degree east: one layer's geometry changes.
        let towns = theatre.join("towns.geojson");
        let mut v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&towns).unwrap()).unwrap();
        let lon = &mut v["features"][0]["geometry"]["coordinates"][0];
        *lon = serde_json::json!(lon.as_f64().unwrap() + 0.2);
        std::fs::write(&towns, serde_json::to_string(&v).unwrap()).unwrap();
        let warm = build(&tmp.path().join("warm"), &cache, &mut last, Some(2));
        let cold = build(
            &tmp.path().join("cold"),
            &load::LayerCache::default(),
            &mut Last::default(),
            None,
        );
        assert_ne!(before, cold, "the move is drawn");
        assert!(warm == cold, "the warm rebuild differs from a cold build");
    }

    #[test]
    fn the_phase_on_view_is_served_first_then_the_whole_page() {
        let tmp = tempfile::tempdir().unwrap();
        let theatre = tmp.path().join("theatre");
        std::fs::create_dir(&theatre).unwrap();
        let mini = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/theatres/mini");
        for e in std::fs::read_dir(mini).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), theatre.join(e.file_name())).unwrap();
        }
        let opts = ServeOptions {
            theatre: theatre.clone(),
            style: "wikipedia".into(),
            styles_dir: Path::new(env!("CARGO_MANIFEST_DIR")).join("styles"),
            out: None,
            addr: "127.0.0.1:0".parse().unwrap(),
        };
        let out = tmp.path().join("out");
        let cache = load::LayerCache::default();
        let mut last = Last::default();
        let mut pages: Vec<(u64, String)> = Vec::new();
        // The first build, and a rebuild with no phase named: one page each.
        assert_eq!(
            rebuild(&opts, &out, 1, &cache, None, &mut last, &mut |n, p| pages
                .push((n, p))),
            1
        );
        assert_eq!(
            rebuild(&opts, &out, 2, &cache, None, &mut last, &mut |n, p| pages
                .push((n, p))),
            2
        );
        assert_eq!(pages.len(), 2);
        let written = std::fs::read_to_string(out.join("index.html")).unwrap();
        assert_eq!(
            pages[1].1,
            live_page(&written, 2),
            "the page served is the page written"
        );
        assert!(
            !written.contains("data-build"),
            "the written page has no live script"
        );
        // Rename the first town (drawn in both phases); the page shows phase 1.
        let towns = theatre.join("towns.geojson");
        let text = std::fs::read_to_string(&towns).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let old = v["features"][0]["properties"]["name"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(!old.contains("Newtown"));
        std::fs::write(&towns, text.replace(&old, "Newtown")).unwrap();
        pages.clear();
        let end = rebuild(&opts, &out, 3, &cache, Some(1), &mut last, &mut |n, p| {
            pages.push((n, p))
        });
        assert_eq!(end, 4);
        let numbers: Vec<u64> = pages.iter().map(|(n, _)| *n).collect();
        assert_eq!(numbers, [3, 4]);
        // Build 3: phase 1 composed anew, phase 0 still the last build's.
        // The label texts the page holds for phase `k`.
        let names = |page: &str, k: usize| -> Vec<String> {
            let data = page.split("id=\"phasemap-data\">").nth(1).unwrap();
            let data = &data[..data.find("</script>").unwrap()];
            let v: serde_json::Value = serde_json::from_str(data).unwrap();
            v["labelOrder"][k]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| v["labels"][i.as_u64().unwrap() as usize][0].to_string())
                .collect()
        };
        let has =
            |page: &str, k: usize, name: &str| names(page, k).iter().any(|n| n.contains(name));
        assert!(pages[0].1.contains("data-build=\"3\""));
        assert!(has(&pages[0].1, 1, "Newtown") && !has(&pages[0].1, 1, &old));
        assert!(has(&pages[0].1, 0, &old) && !has(&pages[0].1, 0, "Newtown"));
        // Build 4: the whole page, as written.
        assert!(pages[1].1.contains("data-build=\"4\""));
        assert!(has(&pages[1].1, 0, "Newtown") && has(&pages[1].1, 1, "Newtown"));
        assert!(!has(&pages[1].1, 0, &old) && !has(&pages[1].1, 1, &old));
        let written = std::fs::read_to_string(out.join("index.html")).unwrap();
        assert_eq!(pages[1].1, live_page(&written, 4));
        // A phase the theatre does not have: one page.
        pages.clear();
        assert_eq!(
            rebuild(&opts, &out, 5, &cache, Some(9), &mut last, &mut |n, p| {
                pages.push((n, p))
            }),
            5
        );
        assert_eq!(pages.len(), 1);
        // A broken file: the error page, and the next build starts afresh.
        std::fs::write(&towns, "{").unwrap();
        pages.clear();
        assert_eq!(
            rebuild(&opts, &out, 6, &cache, Some(0), &mut last, &mut |n, p| {
                pages.push((n, p))
            }),
            6
        );
        assert_eq!(pages.len(), 1);
        assert!(pages[0].1.contains("could not be built"), "{}", pages[0].1);
        assert_eq!(last.said.len(), 1, "{:?}", last.said);
        assert!(
            last.said[0].starts_with("error: ") && last.said[0].contains("towns.geojson"),
            "the terminal is told which file: {:?}",
            last.said
        );
        std::fs::write(&towns, text).unwrap();
        pages.clear();
        assert_eq!(
            rebuild(&opts, &out, 7, &cache, Some(0), &mut last, &mut |n, p| {
                pages.push((n, p))
            }),
            7
        );
        assert_eq!(pages.len(), 1, "no last build to start from");
    }
}
