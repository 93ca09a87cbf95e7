//! One feature of a GeoJSON layer checked and converted: its positions
//! and the vertex limits in feature order ([`check_feature`]), then, on
//! any core, its `geo` geometry, orientation, validity and dates
//! ([`convert_feature`]). The repair policy is `geojson_layer`'s.

use std::path::Path;

use geo::Geometry;
use geojson::GeometryValue;
use serde_json::Value;

use super::orientation::orient_rfc7946;
use super::validity::invalidity;
use crate::error::{Error, Result};
use crate::limits::{raise_hint, GeometryLimits};
use crate::model::{Date, Feature};

/// The limits, the running count of the layer's vertices, and the
/// features whose rings were reoriented.
pub(super) struct Counted<'a>(
    pub(super) &'a GeometryLimits,
    pub(super) &'a mut usize,
    pub(super) &'a mut Vec<String>,
);

/// How deeply GeometryCollections may nest.
const MAX_COLLECTION_DEPTH: usize = 4;

/// The checks and conversions after reading, shared by both readers.
pub(super) fn finish_feature(
    path: &Path,
    index: usize,
    id: Option<String>,
    geometry: Option<GeometryValue>,
    properties: Option<serde_json::Map<String, Value>>,
    Counted(limits, layer_vertices, reversed): Counted,
    warnings: &mut Vec<String>,
) -> Result<Feature> {
    let repairs = check_feature(path, index, &id, geometry.as_ref(), limits, layer_vertices)?;
    Ok(
        convert_feature(path, index, id, geometry, properties, repairs)?
            .record(path, reversed, warnings),
    )
}

fn feature_error(path: &Path, index: usize, id: &Option<String>, message: String) -> Error {
    Error::Feature {
        path: path.to_path_buf(),
        index,
        id: id.clone(),
        message,
    }
}

/// The checks made in feature order: a geometry, its positions, the
/// vertex limits (counting into `layer_vertices`). Returns the repairs
/// conversion will make.
pub(super) fn check_feature(
    path: &Path,
    index: usize,
    id: &Option<String>,
    geometry: Option<&GeometryValue>,
    limits: &GeometryLimits,
    layer_vertices: &mut usize,
) -> Result<Vec<String>> {
    let err = |message: String| feature_error(path, index, id, message);
    let geometry = geometry.ok_or_else(|| err("has no geometry".into()))?;
    let mut repairs = Vec::new();
    let mut vertices = 0;
    check_value(geometry, 0, &mut repairs, &mut vertices).map_err(err)?;
    if vertices > limits.feature_vertices {
        return Err(err(format!(
            "has {vertices} vertices; phasemap accepts at most {} per feature ({})",
            limits.feature_vertices,
            raise_hint("feature_vertices", vertices)
        )));
    }
    *layer_vertices += vertices;
    if *layer_vertices > limits.layer_vertices {
        return Err(err(format!(
            "brings the layer to {} vertices; phasemap accepts at most {} per layer ({})",
            *layer_vertices,
            limits.layer_vertices,
            raise_hint("layer_vertices", *layer_vertices)
        )));
    }
    Ok(repairs)
}

/// A feature converted, with what its layer's warnings say of it.
pub(super) struct Finished {
    feature: Feature,
    repairs: Vec<String>,
    reoriented: bool,
}

impl Finished {
    /// The feature, its repairs said in `warnings` and its reorientation
    /// noted in `reversed`.
    pub(super) fn record(
        self,
        path: &Path,
        reversed: &mut Vec<String>,
        warnings: &mut Vec<String>,
    ) -> Feature {
        let Finished {
            feature,
            repairs,
            reoriented,
        } = self;
        let id_text = feature
            .id
            .as_deref()
            .map(|i| format!(" (id \"{i}\")"))
            .unwrap_or_default();
        let index = feature.index;
        for r in repairs {
            warnings.push(format!(
                "{}: feature {index}{id_text}: repaired: {r}",
                path.display()
            ));
        }
        if reoriented {
            reversed.push(format!("feature {index}{id_text}"));
        }
        feature
    }
}

/// The checks and conversions that need no other feature (independent,
/// so a layer's features are converted in parallel): `geo` geometry in
/// RFC 7946 orientation, validity, dates.
pub(super) fn convert_feature(
    path: &Path,
    index: usize,
    id: Option<String>,
    geometry: Option<GeometryValue>,
    properties: Option<serde_json::Map<String, Value>>,
    repairs: Vec<String>,
) -> Result<Finished> {
    let err = |message: String| feature_error(path, index, &id, message);
    let geometry = geometry.ok_or_else(|| err("has no geometry".into()))?;
    let mut geometry =
        Geometry::<f64>::try_from(&geometry).map_err(|e| err(format!("unusable geometry: {e}")))?;
    let reoriented = orient_rfc7946(&mut geometry);
    if let Some(reason) = invalidity(&geometry) {
        return Err(err(format!("invalid geometry: {reason}")));
    }
    let properties = properties.unwrap_or_default();
    let date = |key: &str| -> Result<Option<Date>> {
        match properties.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Date::parse(s)
                .map(Some)
                .map_err(|m| err(format!("{key}: {m}"))),
            Some(other) => Err(err(format!("{key}: expected a date string, found {other}"))),
        }
    };
    let start = date("start_date")?;
    let end = date("end_date")?;
    if let (Some(s), Some(e)) = (start, end) {
        if e <= s {
            return Err(err(format!(
                "end_date {e} is not after start_date {s} (end_date is exclusive)"
            )));
        }
    }
    Ok(Finished {
        feature: Feature {
            index,
            id,
            geometry,
            properties,
            start,
            end,
        },
        repairs,
        reoriented,
    })
}

/// Checks positions before conversion: finite, in range, rings long enough.
/// Unclosed rings are noted as repairs (`geo` closes them on conversion).
/// Counts positions into `vertices` (conversion is skipped for huge features).
fn check_value(
    v: &GeometryValue,
    depth: usize,
    repairs: &mut Vec<String>,
    vertices: &mut usize,
) -> Result<(), String> {
    *vertices += count_positions(v);
    let pos = |p: &geojson::Position| -> Result<(), String> {
        let p = p.as_slice();
        if p.len() < 2 {
            return Err("a position has fewer than 2 numbers".into());
        }
        let (x, y) = (p[0], p[1]);
        if !x.is_finite() || !y.is_finite() {
            return Err("a coordinate is not a finite number".into());
        }
        // Past 180 only across the antimeridian; `load` checks that
        // against the theatre's extent once the layer is read.
        if !(-360.0..=360.0).contains(&x) || !(-90.0..=90.0).contains(&y) {
            return Err(format!(
                "coordinate [{x}, {y}] is outside longitude -180..180 / latitude -90..90 \
                 (GeoJSON is longitude first)"
            ));
        }
        Ok(())
    };
    let line = |l: &[geojson::Position], what: &str| -> Result<(), String> {
        if l.len() < 2 {
            return Err(format!("{what} has fewer than 2 positions"));
        }
        l.iter().try_for_each(&pos)
    };
    let rings = |rs: &[Vec<geojson::Position>], repairs: &mut Vec<String>| -> Result<(), String> {
        if rs.is_empty() {
            return Err("polygon has no rings".into());
        }
        for r in rs {
            r.iter().try_for_each(&pos)?;
            let closed =
                r.len() >= 2 && r.first().map(|p| p.as_slice()) == r.last().map(|p| p.as_slice());
            let distinct = if closed { r.len() - 1 } else { r.len() };
            if distinct < 3 {
                return Err("a polygon ring has fewer than 3 distinct positions".into());
            }
            if !closed {
                repairs.push("unclosed polygon ring closed".into());
            }
        }
        Ok(())
    };
    match v {
        GeometryValue::Point { coordinates } => pos(coordinates),
        GeometryValue::MultiPoint { coordinates } => {
            if coordinates.is_empty() {
                return Err("empty MultiPoint".into());
            }
            coordinates.iter().try_for_each(pos)
        }
        GeometryValue::LineString { coordinates } => line(coordinates, "LineString"),
        GeometryValue::MultiLineString { coordinates } => {
            if coordinates.is_empty() {
                return Err("empty MultiLineString".into());
            }
            coordinates.iter().try_for_each(|l| line(l, "a LineString"))
        }
        GeometryValue::Polygon { coordinates } => rings(coordinates, repairs),
        GeometryValue::MultiPolygon { coordinates } => {
            if coordinates.is_empty() {
                return Err("empty MultiPolygon".into());
            }
            coordinates.iter().try_for_each(|p| rings(p, repairs))
        }
        GeometryValue::GeometryCollection { geometries } => {
            if depth >= MAX_COLLECTION_DEPTH {
                return Err(format!(
                    "GeometryCollections nested more than {MAX_COLLECTION_DEPTH} deep"
                ));
            }
            if geometries.is_empty() {
                return Err("empty GeometryCollection".into());
            }
            geometries
                .iter()
                .try_for_each(|g| check_value(&g.value, depth + 1, repairs, vertices))
        }
    }
}

/// Positions of a geometry, not counting nested collections (counted as
/// `check_value` descends into them).
fn count_positions(v: &GeometryValue) -> usize {
    match v {
        GeometryValue::Point { .. } => 1,
        GeometryValue::MultiPoint { coordinates } | GeometryValue::LineString { coordinates } => {
            coordinates.len()
        }
        GeometryValue::MultiLineString { coordinates } | GeometryValue::Polygon { coordinates } => {
            coordinates.iter().map(Vec::len).sum()
        }
        GeometryValue::MultiPolygon { coordinates } => {
            coordinates.iter().flatten().map(Vec::len).sum()
        }
        GeometryValue::GeometryCollection { .. } => 0,
    }
}
