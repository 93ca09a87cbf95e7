//! Stage 1, **load**: the only stage that reads files. A theatre folder
//! (manifest plus GeoJSON layers) becomes a [`Theatre`]; a style name or path
//! becomes a [`Style`](crate::style::Style).

mod builtin;
mod feature;
mod geojson_fast;
mod geojson_layer;
mod json_file;
mod layer_cache;
mod layers;
mod longitudes;
mod manifest;
mod open;
mod orientation;
mod phases;
mod sections;
mod styles;
mod texts;
mod validity;
mod watch;

use std::path::Path;

use crate::error::{Error, Result};
use crate::limits::GeometryLimits;
use crate::model::antimeridian;
use crate::model::texts::key;
use crate::model::{check_id, is_language_tag, Feature, Theatre, TroopFigure};
use manifest::ManifestFile;
use texts::Texts;

pub use builtin::{builtin_dir, BUILTIN_ROOT};
pub use layer_cache::LayerCache;
pub use phases::RESERVED_IDS;
pub use styles::{load_style, style_path};
pub use watch::{fingerprint, read_inside, Stamp, Watcher, MAX_SERVED_BYTES};

/// Name of the manifest file inside a theatre folder.
pub const MANIFEST: &str = "theatre.json";

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

/// The text of `dir`'s `theatre.json`, unparsed: an error here means there
/// is no theatre at `dir` (missing or unreadable), not a broken one.
pub fn manifest_text(dir: &Path) -> Result<String> {
    // Every file read must lie inside the theatre folder (symbolic links
    // included), so a theatre cannot pull in other files.
    json_file::read_text(&dir.join(MANIFEST), Some(dir))
}

fn load_theatre_in(dir: &Path, cache: Option<&LayerCache>) -> Result<Theatre> {
    let text = manifest_text(dir)?;
    parse_theatre_in(dir, &text, &|p| json_file::read_text(p, Some(dir)), cache)
}

/// Parses a GeoJSON FeatureCollection given as text (`path` is only used in
/// messages). Returns the features and the repairs made, as warnings.
/// Reads no file.
pub fn parse_layer_text(path: &Path, text: &str) -> Result<(Vec<Feature>, Vec<String>)> {
    layers::parse_layer_within(path, text, &GeometryLimits::default())
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

/// What a manifest that is well-formed JSON but not an object is instead.
fn not_an_object(text: &str) -> Option<&'static str> {
    match serde_json::from_str::<serde_json::Value>(text).ok()? {
        serde_json::Value::Object(_) => None,
        serde_json::Value::Array(_) => Some("an array"),
        serde_json::Value::String(_) => Some("a string"),
        serde_json::Value::Number(_) => Some("a number"),
        serde_json::Value::Bool(_) => Some("true or false"),
        serde_json::Value::Null => Some("null"),
    }
}

fn parse_theatre_in(
    dir: &Path,
    manifest_text: &str,
    read_layer: &(dyn Fn(&Path) -> Result<String> + Sync),
    cache: Option<&LayerCache>,
) -> Result<Theatre> {
    let manifest_path = dir.join(MANIFEST);
    let bad = |message: String| Error::Manifest {
        path: manifest_path.clone(),
        message,
    };
    let raw: ManifestFile = crate::error::parse_json_with_hint(&manifest_path, manifest_text)
        .map_err(|e| match not_an_object(manifest_text) {
            // serde's words for a manifest that is an array or a number
            // ("expected a string (at [0])") point at the wrong thing.
            Some(found) => bad(format!(
                "must be a JSON object ({{\"id\": ..., \"title\": ..., \"phases\": [...], ...}}), found {found}"
            )),
            None => e,
        })?;

    check_id(&raw.id).map_err(|m| bad(format!("id: {m}")))?;
    let language = raw.language.clone().unwrap_or_else(|| "en".into());
    if !is_language_tag(&language) {
        return Err(bad(format!(
            "language: \"{language}\" is not a plain language tag (two or three lower-case letters, such as \"en\" or \"ru\")"
        )));
    }
    // West > east (or east past 180) is a box across the antimeridian.
    let extent = antimeridian::unwrap_box(raw.extent).map_err(|m| bad(format!("extent: {m}")))?;
    tiny_extent(extent).map_err(bad)?;
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
             extent, e.g. +lon_0={centre:.0}{}",
            swapped_hint(raw.extent, extent)
        )));
    }
    let mut texts = Texts::new(&language);
    let title = texts.take("title", &raw.title).map_err(&bad)?;
    let attribution = texts.take("attribution", &raw.attribution).map_err(&bad)?;
    let phases = phases::phases(&raw, &mut texts).map_err(&bad)?;

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
    let insets = phases::insets(&raw, &phases, &mut texts).map_err(&bad)?;
    let mut translations = texts.translations;
    texts::page_words(&raw.page_words, &mut translations).map_err(&bad)?;

    let roles = layers::roles(&raw.layers).map_err(&bad)?;

    let publishing =
        sections::publishing(raw.publishing).map_err(|m| bad(format!("publishing.{m}")))?;
    let limits = manifest::LimitsEntry::resolve(raw.limits.as_ref())
        .map_err(|m| bad(format!("limits.{m}")))?;
    let (layers, warnings) =
        layers::read(dir, &raw.layers, &roles, extent, &limits, read_layer, cache)?;

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

#[cfg(test)]
mod tests;

/// Smallest extent, in degrees each way, a theatre map can be drawn of
/// (about a kilometre): anything less is a unit slip, not a theatre.
const MIN_EXTENT_DEG: f64 = 0.01;

/// An error for an extent too small to be a map (metres or a typo where
/// degrees were meant).
fn tiny_extent(e: [f64; 4]) -> std::result::Result<(), String> {
    let (w, h) = (e[2] - e[0], e[3] - e[1]);
    if w >= MIN_EXTENT_DEG && h >= MIN_EXTENT_DEG {
        return Ok(());
    }
    let m = |deg: f64, lat: f64| deg * 111_320.0 * lat.to_radians().cos();
    let mid = (e[1] + e[3]) / 2.0;
    Err(format!(
        "extent: [{}, {}, {}, {}] is only {w:.5}° × {h:.5}° (about {:.0} m × {:.0} m); the extent is in degrees of longitude and latitude, and a theatre map needs at least {MIN_EXTENT_DEG}° each way",
        e[0],
        e[1],
        e[2],
        e[3],
        m(w, mid),
        m(h, 0.0)
    ))
}

/// The end of a torn-map error when the extent was given west > east and
/// so read as a box across 180° wider than a half-turn: more often west and
/// east swapped by mistake (a natural slip with negative longitudes) than a
/// theatre that wide.
fn swapped_hint(given: [f64; 4], unwrapped: [f64; 4]) -> String {
    let width = unwrapped[2] - unwrapped[0];
    if given[0] <= given[2] || width <= 180.0 {
        return String::new();
    }
    let [west, south, east, north] = given;
    format!(
        "; or, if west and east were swapped by mistake (west > east means a box across \
         180°, and this one is {width:.0}° wide), write \"extent\": [{east}, {south}, {west}, {north}]"
    )
}
