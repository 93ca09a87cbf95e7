//! The manifest's `layers`: each entry checked (id, role, path), then every
//! layer file read and parsed, in parallel, in manifest order.

use std::collections::BTreeSet;
use std::path::Path;

use geo::{Geometry, MultiPolygon};
use rayon::prelude::*;

use super::manifest::LayerEntry;
use super::validity::invalidity;
use super::{geojson_layer, longitudes, LayerCache};
use crate::error::{Error, Result};
use crate::limits::GeometryLimits;
use crate::model::{antimeridian, check_id, Feature, Layer, Role};

/// The role of each layer entry, after checking the entries: ids valid and
/// unique, `covers` a box, `role` a known one, `path` relative and inside
/// the theatre folder. An error starts with the key at fault.
pub(super) fn roles(entries: &[LayerEntry]) -> std::result::Result<Vec<Option<Role>>, String> {
    let mut layer_ids = BTreeSet::new();
    let mut roles = Vec::with_capacity(entries.len());
    for (i, l) in entries.iter().enumerate() {
        check_id(&l.id).map_err(|m| format!("layers[{i}].id: {m}"))?;
        if let Some(c) = l.covers {
            antimeridian::unwrap_box(c).map_err(|m| format!("layers[{i}].covers: {m}"))?;
        }
        roles.push(match &l.role {
            // A layer named after a role has that role.
            None => Role::parse(&l.id),
            Some(r) => Some(Role::parse(r).ok_or_else(|| {
                let names: Vec<&str> = Role::ALL.iter().map(|r| r.name()).collect();
                format!(
                    "layers[{i}].role: \"{r}\" is not a role (one of {}){}",
                    names.join(", "),
                    crate::error::suggest(r, &names)
                )
            })?),
        });
        if !layer_ids.insert(l.id.as_str()) {
            return Err(format!("layers[{i}]: duplicate layer id \"{}\"", l.id));
        }
        let p = Path::new(&l.path);
        if p.is_absolute()
            || p.components()
                .any(|c| matches!(c, std::path::Component::ParentDir))
        {
            return Err(format!(
                "layers[{i}].path \"{}\" must be a relative path inside the theatre folder",
                l.path
            ));
        }
    }
    Ok(roles)
}

/// Reads and parses every layer of the manifest (`read_layer` supplies a
/// file's text; `cache` keeps layers whose text has not changed), keeping
/// manifest order; longitudes are brought around the `extent`. Returns the
/// layers and the repairs made, as warnings.
pub(super) fn read(
    dir: &Path,
    entries: &[LayerEntry],
    roles: &[Option<Role>],
    extent: [f64; 4],
    limits: &GeometryLimits,
    read_layer: &(dyn Fn(&Path) -> Result<String> + Sync),
    cache: Option<&LayerCache>,
) -> Result<(Vec<Layer>, Vec<String>)> {
    // Layers are independent: parse them in parallel, keep manifest order.
    let loaded: Vec<Result<(Layer, Vec<String>)>> = entries
        .par_iter()
        .zip(roles)
        .map(|(l, role)| {
            let path = dir.join(&l.path);
            let text = read_layer(&path)?;
            let (mut features, mut warnings) = match cache {
                Some(c) => c.parse(&path, &text, limits)?,
                None => parse_layer_within(&path, &text, limits)?,
            };
            if let Some(r) = role.filter(|r| r.is_area()) {
                polygons_of_collections(&path, r, &mut features, &mut warnings)?;
            }
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
    Ok((layers, warnings))
}

/// [`parse_layer_text`] within the geometry limits of a theatre.
pub(super) fn parse_layer_within(
    path: &Path,
    text: &str,
    limits: &GeometryLimits,
) -> Result<(Vec<Feature>, Vec<String>)> {
    let mut warnings = Vec::new();
    let features = geojson_layer::parse_layer(path, text, limits, &mut warnings)?;
    Ok((features, warnings))
}

/// In a layer of areas (`role`), a GeometryCollection (what GIS clipping
/// returns when a cut touches a coast at a point: a polygon and a point)
/// becomes the MultiPolygon of its polygons; the members an area layer
/// cannot draw (points, lines) are left out, each collection with a
/// warning naming them. A collection without any polygon is left as it is:
/// `check` reports it with the other features that are not areas.
fn polygons_of_collections(
    path: &Path,
    role: Role,
    features: &mut [Feature],
    warnings: &mut Vec<String>,
) -> Result<()> {
    for f in features {
        let Geometry::GeometryCollection(gc) = &f.geometry else {
            continue;
        };
        let mut polygons = Vec::new();
        let mut dropped = std::collections::BTreeMap::<&'static str, usize>::new();
        collect_polygons(gc, &mut polygons, &mut dropped);
        if polygons.is_empty() {
            continue;
        }
        let multi = Geometry::MultiPolygon(MultiPolygon(polygons));
        if let Some(reason) = invalidity(&multi) {
            return Err(Error::Feature {
                path: path.to_path_buf(),
                index: f.index,
                id: f.id.clone(),
                message: format!(
                    "the polygons of its GeometryCollection do not form one valid area ({reason}); merge them into one Polygon or MultiPolygon"
                ),
            });
        }
        if !dropped.is_empty() {
            let what: Vec<String> = dropped
                .iter()
                .map(|(k, n)| format!("{n} {k}{}", if *n > 1 { "s" } else { "" }))
                .collect();
            let id_text =
                f.id.as_deref()
                    .map(|i| format!(" (id \"{i}\")"))
                    .unwrap_or_default();
            warnings.push(format!(
                "{}: feature {}{id_text}: a GeometryCollection in a {} layer: its polygons are drawn, {} left out (an area layer draws only polygons)",
                path.display(),
                f.index,
                role.name(),
                what.join(", ")
            ));
        }
        f.geometry = multi;
    }
    Ok(())
}

/// The polygons of a collection, nested collections included; the other
/// members are counted by type in `dropped`.
fn collect_polygons(
    gc: &geo::GeometryCollection<f64>,
    polygons: &mut Vec<geo::Polygon<f64>>,
    dropped: &mut std::collections::BTreeMap<&'static str, usize>,
) {
    for g in gc {
        let other = match g {
            Geometry::Polygon(p) => {
                polygons.push(p.clone());
                continue;
            }
            Geometry::MultiPolygon(m) => {
                polygons.extend(m.0.iter().cloned());
                continue;
            }
            Geometry::GeometryCollection(inner) => {
                collect_polygons(inner, polygons, dropped);
                continue;
            }
            Geometry::Point(_) | Geometry::MultiPoint(_) => "Point",
            Geometry::Line(_) | Geometry::LineString(_) | Geometry::MultiLineString(_) => {
                "LineString"
            }
            Geometry::Rect(_) | Geometry::Triangle(_) => "other shape",
        };
        *dropped.entry(other).or_default() += 1;
    }
}
