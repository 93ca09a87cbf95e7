//! Stage 1, **load**: the only stage that reads files. A theatre folder
//! (manifest plus GeoJSON layers) becomes a [`Theatre`]; a style name or path
//! becomes a [`Style`](crate::style::Style).

mod builtin;
mod geojson_fast;
mod geojson_layer;
mod json_file;
mod layer_cache;
mod longitudes;
mod manifest;
mod open;
mod sections;
mod styles;
mod texts;
mod validity;
mod watch;

use std::collections::BTreeSet;
use std::path::Path;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::limits::GeometryLimits;
use crate::model::antimeridian;
use crate::model::texts::key;
use crate::model::{
    check_id, is_language_tag, Corner, Date, Feature, Inset, Layer, Phase, Role, Theatre,
    TroopFigure,
};
use manifest::ManifestFile;
use texts::Texts;

pub use builtin::{builtin_dir, BUILTIN_ROOT};
pub use layer_cache::LayerCache;
pub use styles::{load_style, style_path};
pub use watch::{fingerprint, read_inside, Stamp, Watcher, MAX_SERVED_BYTES};

/// Name of the manifest file inside a theatre folder.
pub const MANIFEST: &str = "theatre.json";

/// Output names of a theatre's own pages (`sheet.svg`, `animation.png`,
/// `index.html`), which no phase may take.
pub const RESERVED_IDS: &[&str] = &["sheet", "animation", "index"];

/// Reads the theatre in `dir`: `theatre.json` and every layer it lists.
pub fn load_theatre(dir: &Path) -> Result<Theatre> {
    load_theatre_in(dir, None)
}

/// [`load_theatre`], reusing the layers in `cache` whose files have not
/// changed (same text) and keeping the ones read for the next time: the
/// live preview loads the theatre again after every save, and most saves
/// change one file.
pub fn load_theatre_reusing(dir: &Path, cache: &LayerCache) -> Result<Theatre> {
    load_theatre_in(dir, Some(cache))
}

fn load_theatre_in(dir: &Path, cache: Option<&LayerCache>) -> Result<Theatre> {
    let manifest_path = dir.join(MANIFEST);
    // Every file read must lie inside the theatre folder (symbolic links
    // included), so a theatre cannot pull in other files.
    let text = json_file::read_text(&manifest_path, Some(dir))?;
    parse_theatre_in(dir, &text, &|p| json_file::read_text(p, Some(dir)), cache)
}

/// Parses a GeoJSON FeatureCollection given as text (`path` is only used in
/// messages). Returns the features and the repairs made, as warnings.
/// Reads no file.
pub fn parse_layer_text(path: &Path, text: &str) -> Result<(Vec<Feature>, Vec<String>)> {
    parse_layer_within(path, text, &GeometryLimits::default())
}

/// [`parse_layer_text`] within the geometry limits of a theatre.
fn parse_layer_within(
    path: &Path,
    text: &str,
    limits: &GeometryLimits,
) -> Result<(Vec<Feature>, Vec<String>)> {
    let mut warnings = Vec::new();
    let features = geojson_layer::parse_layer(path, text, limits, &mut warnings)?;
    Ok((features, warnings))
}

/// Builds a theatre from the text of its manifest; `read_layer` supplies the
/// text of each layer file (given its path under `dir`). [`load_theatre`]
/// passes a function that reads the file; tests and fuzzers pass strings.
pub fn parse_theatre_text(
    dir: &Path,
    manifest_text: &str,
    read_layer: &(dyn Fn(&Path) -> Result<String> + Sync),
) -> Result<Theatre> {
    parse_theatre_in(dir, manifest_text, read_layer, None)
}

fn parse_theatre_in(
    dir: &Path,
    manifest_text: &str,
    read_layer: &(dyn Fn(&Path) -> Result<String> + Sync),
    cache: Option<&LayerCache>,
) -> Result<Theatre> {
    let manifest_path = dir.join(MANIFEST);
    let raw: ManifestFile = crate::error::parse_json_with_hint(&manifest_path, manifest_text)?;
    let bad = |message: String| Error::Manifest {
        path: manifest_path.clone(),
        message,
    };

    check_id(&raw.id).map_err(|m| bad(format!("id: {m}")))?;
    let language = raw.language.clone().unwrap_or_else(|| "en".into());
    if !is_language_tag(&language) {
        return Err(bad(format!(
            "language: \"{language}\" is not a plain language tag (two or three lower-case letters, such as \"en\" or \"ru\")"
        )));
    }
    // West > east (or east past 180) is a box across the antimeridian.
    let extent = antimeridian::unwrap_box(raw.extent).map_err(|m| bad(format!("extent: {m}")))?;
    if let Some(f) = raw.frame {
        if f.iter().any(|v| !v.is_finite()) || f[0] >= f[2] || f[1] >= f[3] {
            return Err(bad("frame must be [xmin, ymin, xmax, ymax] in projected metres with xmin < xmax and ymin < ymax".into()));
        }
    }
    let projection = crate::model::Projection::new(&raw.projection)
        .map_err(|m| bad(format!("projection: {m}")))?;
    if let Some(lon) = antimeridian::tear_inside(&projection, extent) {
        let centre = antimeridian::wrap((extent[0] + extent[2]) / 2.0);
        return Err(bad(format!(
            "projection: the map would be torn apart at longitude {lon:.1}, inside the extent \
             (it lies opposite the projection's central meridian); centre the projection on the \
             extent, e.g. +lon_0={centre:.0}"
        )));
    }
    let mut texts = Texts::new(&language);
    let title = texts.take("title", &raw.title).map_err(&bad)?;
    let attribution = texts.take("attribution", &raw.attribution).map_err(&bad)?;

    let mut phases = Vec::with_capacity(raw.phases.len());
    let mut seen = BTreeSet::new();
    for (i, p) in raw.phases.iter().enumerate() {
        let at = |m: String| bad(format!("phases[{i}] (\"{}\"): {m}", p.id));
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
        let title = texts
            .take(&key::phase_title(&p.id), &p.title)
            .map_err(&bad)?;
        let caption = texts
            .take(&key::phase_caption(&p.id), &p.caption)
            .map_err(&bad)?;
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
        return Err(bad("phases: a theatre needs at least one phase".into()));
    }
    for w in phases.windows(2) {
        if w[1].start < w[0].end {
            return Err(bad(format!(
                "phases \"{}\" and \"{}\" overlap or are out of order",
                w[0].id, w[1].id
            )));
        }
    }

    let sides = sections::sides(&raw.sides, &mut texts).map_err(&bad)?;
    let powers = sections::powers(&raw.powers, &sides, &mut texts).map_err(&bad)?;
    let mut troops = Vec::with_capacity(raw.troops.len());
    for (i, t) in raw.troops.iter().enumerate() {
        troops.push(TroopFigure {
            power: t.power.clone(),
            contingent: t.contingent.clone(),
            label: texts.take(&key::troop_label(i), &t.label).map_err(&bad)?,
            note: t.note.clone(),
        });
    }
    let insets = insets(&raw, &phases, &mut texts).map_err(&bad)?;
    let mut translations = texts.translations;
    texts::page_words(&raw.page_words, &mut translations).map_err(&bad)?;

    let mut layer_ids = BTreeSet::new();
    let mut roles = Vec::with_capacity(raw.layers.len());
    for (i, l) in raw.layers.iter().enumerate() {
        check_id(&l.id).map_err(|m| bad(format!("layers[{i}].id: {m}")))?;
        if let Some(c) = l.covers {
            antimeridian::unwrap_box(c).map_err(|m| bad(format!("layers[{i}].covers: {m}")))?;
        }
        roles.push(match &l.role {
            // A layer named after a role has that role.
            None => Role::parse(&l.id),
            Some(r) => Some(Role::parse(r).ok_or_else(|| {
                let names: Vec<&str> = Role::ALL.iter().map(|r| r.name()).collect();
                bad(format!(
                    "layers[{i}].role: \"{r}\" is not a role (one of {}){}",
                    names.join(", "),
                    crate::error::suggest(r, &names)
                ))
            })?),
        });
        if !layer_ids.insert(l.id.as_str()) {
            return Err(bad(format!("layers[{i}]: duplicate layer id \"{}\"", l.id)));
        }
        let p = Path::new(&l.path);
        if p.is_absolute()
            || p.components()
                .any(|c| matches!(c, std::path::Component::ParentDir))
        {
            return Err(bad(format!(
                "layers[{i}].path \"{}\" must be a relative path inside the theatre folder",
                l.path
            )));
        }
    }

    let publishing =
        sections::publishing(raw.publishing).map_err(|m| bad(format!("publishing.{m}")))?;
    let limits = manifest::LimitsEntry::resolve(raw.limits.as_ref())
        .map_err(|m| bad(format!("limits.{m}")))?;

    // Layers are independent: parse them in parallel, keep manifest order.
    let loaded: Vec<Result<(Layer, Vec<String>)>> = raw
        .layers
        .par_iter()
        .zip(&roles)
        .map(|(l, role)| {
            let path = dir.join(&l.path);
            let text = read_layer(&path)?;
            let (features, warnings) = match cache {
                Some(c) => c.parse(&path, &text, &limits)?,
                None => parse_layer_within(&path, &text, &limits)?,
            };
            Ok((
                Layer {
                    id: l.id.clone(),
                    role: *role,
                    path,
                    features,
                    exclusive: l.exclusive,
                    covers: l.covers.map(|c| {
                        let c = antimeridian::unwrap_box(c).unwrap_or(c);
                        antimeridian::unwrap_box_near(c, (extent[0] + extent[2]) / 2.0)
                    }),
                },
                warnings,
            ))
        })
        .collect();
    let mut layers = Vec::with_capacity(loaded.len());
    let mut warnings = Vec::new();
    for r in loaded {
        let (mut layer, w) = r?;
        longitudes::around(&mut layer, extent)?;
        layers.push(layer);
        warnings.extend(w);
    }

    Ok(Theatre {
        id: raw.id,
        title,
        language,
        projection: raw.projection,
        extent,
        frame: raw.frame,
        attribution,
        sides,
        powers,
        phases,
        layers,
        troops,
        insets,
        publishing,
        translations,
        dir: dir.to_path_buf(),
        manifest_path,
        warnings,
    })
}

/// The manifest's insets, checked: ids, area inside the extent, zoom above
/// 1, a known corner, known phases.
fn insets(
    raw: &ManifestFile,
    phases: &[Phase],
    texts: &mut Texts,
) -> std::result::Result<Vec<Inset>, String> {
    let mut seen = BTreeSet::new();
    raw.insets
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
            let corner = Corner::parse(&e.corner).ok_or_else(|| {
                at(format!(
                    "corner \"{}\" is not one of top-left, top-right, bottom-left, bottom-right",
                    e.corner
                ))
            })?;
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
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Licence, Publishing, Texture};

    const MANIFEST_TEXT: &str = r#"{"id": "t", "title": "T",
        "projection": "+proj=lcc +lat_1=45 +lat_2=65 +lat_0=50 +lon_0=100 +datum=WGS84",
        "extent": [90, 45, 110, 55],
        "phases": [{"id": "PHASE", "title": "One", "start_date": "1919-01-01",
                    "end_date": "1919-02-01", "snapshot": "1919-01-15"}],
        "layers": [{"id": "towns", "path": "towns.geojson"}]}"#;
    const LAYER: &str = r#"{"type": "FeatureCollection", "features": []}"#;

    fn parse(manifest: &str) -> Result<Theatre> {
        parse_theatre_text(Path::new("dir"), manifest, &|_| Ok(LAYER.to_string()))
    }

    #[test]
    fn insets_are_checked_and_name_what_is_wrong() {
        let with = |inset: &str| {
            MANIFEST_TEXT.replace(
                "\"layers\":",
                &format!("\"insets\": [{inset}], \"layers\":"),
            )
        };
        let good = r#"{"id": "z", "title": "Zoom", "area": [95, 48, 100, 50], "zoom": 3, "corner": "top-left", "phases": ["PHASE"]}"#;
        let t = parse(&with(good)).unwrap();
        assert_eq!(t.insets.len(), 1);
        assert_eq!(t.insets[0].corner, Corner::TopLeft);
        assert!(t.insets[0].shown_in("PHASE") && !t.insets[0].shown_in("other"));
        for (bad, says) in [
            (
                good.replace("top-left", "middle"),
                "corner \"middle\" is not one of",
            ),
            (
                good.replace("\"zoom\": 3", "\"zoom\": 0.5"),
                "zoom 0.5 must be above 1",
            ),
            (
                good.replace("[95, 48, 100, 50]", "[95, 48, 120, 50]"),
                "is not inside the extent",
            ),
            (
                good.replace("[95, 48, 100, 50]", "[100, 48, 95, 50]"),
                "west < east",
            ),
            (
                good.replace("[\"PHASE\"]", "[\"1999\"]"),
                "no phase \"1999\"",
            ),
        ] {
            let err = parse(&with(&bad)).unwrap_err().to_string();
            assert!(
                err.contains("insets[0] (\"z\")") && err.contains(says),
                "{err}"
            );
        }
    }

    #[test]
    fn ids_that_could_escape_the_output_folder_are_refused() {
        for bad in ["../x", "..", "a/b", "a\\b", "", "-x", "x.svg", "é", "a b"] {
            assert!(check_id(bad).is_err(), "{bad:?} accepted");
        }
        for good in ["1918-08", "p_1", "A"] {
            assert!(check_id(good).is_ok(), "{good:?} refused");
        }
        let err = parse(&MANIFEST_TEXT.replace("PHASE", "../x"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("phases[0] (\"../x\"): id:") && err.contains("file names"),
            "{err}"
        );
    }

    fn with_key(key: &str) -> String {
        MANIFEST_TEXT.replacen('{', &format!("{{{key}, "), 1)
    }

    #[test]
    fn publishing_is_read_and_its_licences_checked() {
        let t = parse(MANIFEST_TEXT).unwrap();
        assert_eq!(t.language, "en");
        assert_eq!(t.publishing, Publishing::default());
        let ok = with_key(
            r#""language": "ru", "publishing": {"author": "A", "categories": ["Category:X", "Y"],
            "sources": [{"name": "G", "licence": "cc-by-4.0", "credit": "from G"}]}"#,
        );
        let t = parse(&ok).unwrap();
        assert_eq!(t.language, "ru");
        let p = &t.publishing;
        assert_eq!(p.author.as_deref(), Some("A"));
        assert_eq!(p.categories, ["X", "Y"]);
        assert_eq!(p.sources[0].licence, Licence::CcBy4);
        assert_eq!(p.licence(), Ok(Licence::CcBy4));
        for (key, want) in [
            (r#""language": "ru-RU""#, "language: \"ru-RU\""),
            (
                r#""publishing": {"sources": [{"name": "O", "licence": "ODbL"}]}"#,
                "publishing.sources[0].licence: unknown licence \"ODbL\"",
            ),
            (
                r#""publishing": {"licence": "CC0-1.0", "sources": [{"name": "G", "licence": "CC-BY-4.0"}]}"#,
                "publishing.licence: licence CC0-1.0 does not allow source \"G\"",
            ),
            (
                r#""publishing": {"categories": ["[[X]]"]}"#,
                "publishing.categories",
            ),
            (r#""publishing": {"autor": "A"}"#, "autor"),
        ] {
            let err = parse(&with_key(key)).unwrap_err().to_string();
            assert!(err.contains(want), "{key}: {err}");
            assert!(err.contains("theatre.json"), "{err}");
        }
    }

    #[test]
    fn phase_ids_cannot_overwrite_other_outputs() {
        for bad in ["sheet", "Animation", "INDEX", "diff-a-b"] {
            let err = parse(&MANIFEST_TEXT.replace("PHASE", bad))
                .unwrap_err()
                .to_string();
            assert!(
                err.contains("would overwrite another output"),
                "{bad}: {err}"
            );
        }
        let two = MANIFEST_TEXT.replace(
            r#""snapshot": "1919-01-15"}],"#,
            r#""snapshot": "1919-01-15"}, {"id": "phase", "title": "Two",
               "start_date": "1919-02-01", "end_date": "1919-03-01", "snapshot": "1919-02-15"}],"#,
        );
        let err = parse(&two).unwrap_err().to_string();
        assert!(err.contains("differ only in case"), "{err}");
    }

    #[test]
    fn sides_and_powers_are_checked_with_errors_naming_the_key() {
        let with = |sides: &str, powers: &str| {
            MANIFEST_TEXT.replace(
                "\"phases\":",
                &format!("\"sides\": {sides}, \"powers\": {powers}, \"phases\":"),
            )
        };
        let sides =
            r#"[{"id": "red", "name": "Reds"}, {"id": "white", "name": "Greens", "order": -1}]"#;
        let ok = parse(&with(
            sides,
            r##"{"R": {"name": "Reds", "side": "red", "color": "#c00"},
                 "W": {"name": "Greens", "side": "white", "pattern": {"angle": 30, "texture": "dots"}}}"##,
        ))
        .unwrap();
        assert_eq!(ok.sides[0].id, "white", "sorted by order");
        assert_eq!(ok.powers["R"].color, Some([0xcc, 0, 0]));
        // Any CSS colour a style accepts.
        let named = parse(&with(
            sides,
            r#"{"R": {"name": "Reds", "side": "red", "color": "crimson"},
                "W": {"name": "Greens", "side": "white", "color": "rgb(0%, 50%, 0%)"}}"#,
        ))
        .unwrap();
        assert_eq!(named.powers["R"].color, Some([0xdc, 0x14, 0x3c]));
        assert_eq!(named.powers["W"].color, Some([0, 128, 0]));
        assert_eq!(ok.powers["W"].pattern.unwrap().texture, Texture::Dots);
        assert_eq!(ok.side_of("R").unwrap().name, "Reds");
        let cases = [
            (
                r#"{"R": {"name": "Reds", "side": "rde"}}"#,
                "powers.R.side: \"rde\" is not a side of this theatre",
            ),
            (
                r#"{"R": {"name": "Reds", "side": "red", "color": "reddish"}}"#,
                "powers.R.color: \"reddish\" is not an opaque colour",
            ),
            (
                r#"{"R": {"name": "Reds", "side": "red", "color": "rgba(200, 0, 0, 0.5)"}}"#,
                "powers.R.color: \"rgba(200, 0, 0, 0.5)\" is not an opaque colour",
            ),
            (
                // One colour in two syntaxes is still one colour.
                r##"{"R": {"name": "Reds", "side": "red", "color": "#c00"},
                     "W": {"name": "Greens", "side": "white", "color": "rgb(204, 0, 0)"}}"##,
                "powers.W.color: rgb(204, 0, 0) is also the colour of power \"R\"",
            ),
            (
                r##"{"R": {"name": "Reds", "side": "red", "color": "#123456"},
                     "W": {"name": "Greens", "side": "white", "color": "#123456"}}"##,
                "powers.W.color: #123456 is also the colour of power \"R\"",
            ),
            (r#"{"R": {"name": "Reds"}}"#, "powers.R.side: missing"),
            (
                r#"{"R": {"name": "Reds", "side": "red", "pattern": {"texture": "waves"}}}"#,
                "powers.R.pattern.texture",
            ),
        ];
        for (powers, expected) in cases {
            let e = parse(&with(sides, powers)).unwrap_err().to_string();
            assert!(e.contains(expected), "{e}");
            assert!(e.contains("theatre.json"), "{e}");
        }
        let dup = r#"[{"id": "red", "name": "Reds"}, {"id": "red", "name": "Also red"}]"#;
        let e = parse(&with(dup, "{}")).unwrap_err().to_string();
        assert!(e.contains("sides[1].id: duplicate side id"), "{e}");
    }

    #[test]
    fn layers_take_the_role_they_give_or_their_id_names() {
        let t = parse(&MANIFEST_TEXT.replace(
            r#"{"id": "towns", "path": "towns.geojson"}"#,
            r#"{"id": "towns", "role": "places", "path": "towns.geojson"},
               {"id": "control", "path": "c.geojson"}, {"id": "odd", "path": "o.geojson"}"#,
        ))
        .unwrap();
        let roles: Vec<Option<Role>> = t.layers.iter().map(|l| l.role).collect();
        assert_eq!(roles, vec![Some(Role::Places), Some(Role::Control), None]);
        let e = parse(&MANIFEST_TEXT.replace(
            r#""path": "towns.geojson""#,
            r#""role": "town", "path": "towns.geojson""#,
        ))
        .unwrap_err()
        .to_string();
        assert!(e.contains("layers[0].role: \"town\" is not a role"), "{e}");
    }

    #[test]
    fn theatres_parse_from_text_without_reading_files() {
        let t = parse(MANIFEST_TEXT).unwrap();
        assert_eq!(t.phases[0].id, "PHASE");
        assert_eq!(t.layers[0].path, Path::new("dir/towns.geojson"));
    }
}
