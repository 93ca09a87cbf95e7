//! Stage 1, **load**: the only stage that reads files. A theatre folder
//! (manifest plus GeoJSON layers) becomes a [`Theatre`]; a style name or path
//! becomes a [`Style`].

mod geojson_fast;
mod geojson_layer;
mod json_file;
mod manifest;
mod validity;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::model::{
    check_id, Corner, Date, Feature, Inset, Layer, Phase, Power, Theatre, TroopFigure,
};
use crate::style::Style;
use manifest::ManifestFile;

/// Name of the manifest file inside a theatre folder.
pub const MANIFEST: &str = "theatre.json";

/// Reads the theatre in `dir`: `theatre.json` and every layer it lists.
pub fn load_theatre(dir: &Path) -> Result<Theatre> {
    let manifest_path = dir.join(MANIFEST);
    let text = json_file::read_text(&manifest_path)?;
    parse_theatre_text(dir, &text, &json_file::read_text)
}

/// Parses a GeoJSON FeatureCollection given as text (`path` is only used in
/// messages). Returns the features and the repairs made, as warnings.
/// Reads no file.
pub fn parse_layer_text(path: &Path, text: &str) -> Result<(Vec<Feature>, Vec<String>)> {
    let mut warnings = Vec::new();
    let features = geojson_layer::parse_layer(path, text, &mut warnings)?;
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
    let manifest_path = dir.join(MANIFEST);
    let raw: ManifestFile = crate::error::parse_json_with_hint(&manifest_path, manifest_text)?;
    let bad = |message: String| Error::Manifest {
        path: manifest_path.clone(),
        message,
    };

    check_id(&raw.id).map_err(|m| bad(format!("id: {m}")))?;
    if raw.extent[0] >= raw.extent[2] || raw.extent[1] >= raw.extent[3] {
        return Err(bad(
            "extent must be [west, south, east, north] with west < east and south < north".into(),
        ));
    }
    if raw.extent.iter().any(|v| !v.is_finite())
        || raw.extent[0] < -180.0
        || raw.extent[2] > 180.0
        || raw.extent[1] < -90.0
        || raw.extent[3] > 90.0
    {
        return Err(bad(
            "extent must lie within longitude -180..180 and latitude -90..90".into(),
        ));
    }
    if let Some(f) = raw.frame {
        if f.iter().any(|v| !v.is_finite()) || f[0] >= f[2] || f[1] >= f[3] {
            return Err(bad("frame must be [xmin, ymin, xmax, ymax] in projected metres with xmin < xmax and ymin < ymax".into()));
        }
    }
    crate::model::Projection::new(&raw.projection).map_err(|m| bad(format!("projection: {m}")))?;

    let mut phases = Vec::with_capacity(raw.phases.len());
    let mut seen = BTreeSet::new();
    for (i, p) in raw.phases.iter().enumerate() {
        let at = |m: String| bad(format!("phases[{i}] (\"{}\"): {m}", p.id));
        check_id(&p.id).map_err(|m| at(format!("id: {m}")))?;
        if !seen.insert(p.id.clone()) {
            return Err(at("duplicate phase id".into()));
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
        phases.push(Phase {
            id: p.id.clone(),
            title: p.title.clone(),
            start,
            end,
            snapshot,
            caption: p.caption.clone(),
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

    let insets = insets(&raw, &phases).map_err(bad)?;

    let mut layer_ids = BTreeSet::new();
    for (i, l) in raw.layers.iter().enumerate() {
        check_id(&l.id).map_err(|m| bad(format!("layers[{i}].id: {m}")))?;
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

    // Layers are independent: parse them in parallel, keep manifest order.
    let loaded: Vec<Result<(Layer, Vec<String>)>> = raw
        .layers
        .par_iter()
        .map(|l| {
            let path = dir.join(&l.path);
            let text = read_layer(&path)?;
            let (features, warnings) = parse_layer_text(&path, &text)?;
            Ok((
                Layer {
                    id: l.id.clone(),
                    path,
                    features,
                    exclusive: l.exclusive,
                },
                warnings,
            ))
        })
        .collect();
    let mut layers = Vec::with_capacity(loaded.len());
    let mut warnings = Vec::new();
    for r in loaded {
        let (layer, w) = r?;
        layers.push(layer);
        warnings.extend(w);
    }

    Ok(Theatre {
        id: raw.id,
        title: raw.title,
        projection: raw.projection,
        extent: raw.extent,
        frame: raw.frame,
        attribution: raw.attribution,
        powers: raw
            .powers
            .into_iter()
            .map(|(k, v)| (k, Power { name: v.name }))
            .collect(),
        phases,
        layers,
        troops: raw
            .troops
            .into_iter()
            .map(|t| TroopFigure {
                power: t.power,
                contingent: t.contingent,
                label: t.label,
                note: t.note,
            })
            .collect(),
        insets,
        dir: dir.to_path_buf(),
        manifest_path,
        warnings,
    })
}

/// The manifest's insets, checked: ids, area inside the extent, zoom above
/// 1, a known corner, known phases.
fn insets(raw: &ManifestFile, phases: &[Phase]) -> std::result::Result<Vec<Inset>, String> {
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
                title: e.title.clone(),
                area: a,
                zoom: e.zoom,
                corner,
                phases: e.phases.clone(),
            })
        })
        .collect()
}

/// Finds and reads a style: `name_or_path` is a file path (anything with a
/// `.json` suffix or a path separator) or the name of a style in `styles_dir`.
pub fn load_style(name_or_path: &str, styles_dir: &Path) -> Result<Style> {
    let path = style_path(name_or_path, styles_dir)?;
    let text = json_file::read_text(&path)?;
    Style::parse(&path, &text)
}

/// Where the style `name_or_path` lives (see [`load_style`]).
pub fn style_path(name_or_path: &str, styles_dir: &Path) -> Result<PathBuf> {
    let as_path = Path::new(name_or_path);
    if name_or_path.ends_with(".json")
        || name_or_path.contains(std::path::MAIN_SEPARATOR)
        || name_or_path.contains('/')
    {
        return Ok(as_path.to_path_buf());
    }
    let path = styles_dir.join(format!("{name_or_path}.json"));
    if path.is_file() {
        return Ok(path);
    }
    let known: Vec<String> = std::fs::read_dir(styles_dir)
        .map(|rd| {
            let mut v: Vec<String> = rd
                .filter_map(|e| e.ok())
                .filter_map(|e| {
                    let p = e.path();
                    (p.extension()? == "json").then(|| p.file_stem()?.to_str().map(String::from))?
                })
                .collect();
            v.sort();
            v
        })
        .unwrap_or_default();
    Err(Error::Request(format!(
        "no style named \"{name_or_path}\" in {} (known: {})",
        styles_dir.display(),
        if known.is_empty() {
            "none".into()
        } else {
            known.join(", ")
        }
    )))
}

/// The bytes of a file (for the live preview, which serves the output folder).
pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|cause| crate::Error::Read {
        path: path.to_path_buf(),
        cause,
    })
}

/// Names, sizes and modification times of every file under `paths`
/// (folders walked recursively, in name order): equal fingerprints mean
/// nothing changed, without reading the files.
pub fn fingerprint(paths: &[PathBuf]) -> Vec<(PathBuf, u64, Option<std::time::SystemTime>)> {
    fn walk(p: &Path, out: &mut Vec<(PathBuf, u64, Option<std::time::SystemTime>)>) {
        let Ok(meta) = std::fs::metadata(p) else {
            out.push((p.to_path_buf(), u64::MAX, None));
            return;
        };
        if meta.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
                .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
                .unwrap_or_default();
            entries.sort();
            for e in entries {
                walk(&e, out);
            }
        } else {
            out.push((p.to_path_buf(), meta.len(), meta.modified().ok()));
        }
    }
    let mut out = Vec::new();
    for p in paths {
        walk(p, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn theatres_parse_from_text_without_reading_files() {
        let t = parse(MANIFEST_TEXT).unwrap();
        assert_eq!(t.phases[0].id, "PHASE");
        assert_eq!(t.layers[0].path, Path::new("dir/towns.geojson"));
    }
}
