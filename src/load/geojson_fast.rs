//! A reader of well-formed GeoJSON FeatureCollections straight into
//! geometry values, without first building a tree of the whole file
//! (`serde_json::Value`), which was most of the time spent loading a large
//! basemap. Whatever it is not sure of (syntax errors, missing or unexpected
//! members, coordinates of the wrong shape) makes it give up, and the general
//! reader in `geojson_layer` reads the file and words the error; so both
//! accept exactly the same files and give the same features.

use std::fmt;

use geojson::{GeometryValue, Position};
use rayon::prelude::*;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// One feature as read: id (as the general reader derives it), geometry
/// (`None` for a `null` geometry) and properties.
pub struct RawFeature {
    pub id: Option<String>,
    pub geometry: Option<GeometryValue>,
    pub properties: Option<Map<String, Value>>,
}

/// The features of a FeatureCollection, or `None` when the text is not one
/// this reader is sure of.
pub fn read(text: &str) -> Option<Vec<RawFeature>> {
    let mut de = serde_json::Deserializer::from_str(text);
    let fc = Collection::deserialize(&mut de).ok()?;
    de.end().ok()?;
    // The features' text is found in one pass (syntax only, no numbers
    // read), then each feature is read on any core: a large basemap's
    // file is otherwise read by one core while the other waits.
    fc.0.par_iter()
        .map(|raw| {
            serde_json::from_str::<FeatureIn>(raw.get())
                .ok()
                .map(|f| f.0)
        })
        .collect()
}

/// The features of a FeatureCollection, each still as its JSON text.
struct Collection<'a>(Vec<&'a RawValue>);

impl<'de> Deserialize<'de> for Collection<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Collection<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a FeatureCollection")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Collection<'de>, A::Error> {
                let (mut kind, mut features) = (None, None);
                while let Some(key) = m.next_key::<String>()? {
                    match key.as_str() {
                        "type" => kind = Some(m.next_value::<String>()?),
                        "features" => features = Some(m.next_value::<Vec<&'de RawValue>>()?),
                        _ => {
                            m.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                match (kind.as_deref(), features) {
                    (Some("FeatureCollection"), Some(f)) => Ok(Collection(f)),
                    _ => Err(de::Error::custom("not a plain FeatureCollection")),
                }
            }
        }
        d.deserialize_map(V)
    }
}

struct FeatureIn(RawFeature);

impl<'de> Deserialize<'de> for FeatureIn {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FeatureIn;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a Feature")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<FeatureIn, A::Error> {
                let (mut kind, mut geometry, mut properties, mut id) = (None, None, None, None);
                while let Some(key) = m.next_key::<String>()? {
                    match key.as_str() {
                        "type" => kind = Some(m.next_value::<String>()?),
                        "geometry" => geometry = Some(m.next_value::<Option<GeometryIn>>()?),
                        "properties" => {
                            properties = Some(m.next_value::<Option<Map<String, Value>>>()?)
                        }
                        "id" => id = Some(m.next_value::<Value>()?),
                        // Read (not skipped) so that a malformed bbox is
                        // left to the general reader, which refuses it.
                        "bbox" => {
                            m.next_value::<Vec<f64>>()?;
                        }
                        // Foreign members are the general reader's business.
                        _ => return Err(de::Error::custom("foreign member")),
                    }
                }
                let (Some("Feature"), Some(geometry)) = (kind.as_deref(), geometry) else {
                    return Err(de::Error::custom("not a plain Feature"));
                };
                let properties: Option<Map<String, Value>> = properties.flatten();
                // geojson refuses a feature id that is neither string nor number.
                if !matches!(
                    id,
                    None | Some(Value::Null | Value::String(_) | Value::Number(_))
                ) {
                    return Err(de::Error::custom("odd id"));
                }
                // As the general reader: properties.id if present, else id;
                // strings and numbers only.
                let id = match properties
                    .as_ref()
                    .and_then(|p| p.get("id"))
                    .or(id.as_ref())
                {
                    Some(Value::String(s)) => Some(s.clone()),
                    Some(Value::Number(n)) => Some(n.to_string()),
                    _ => None,
                };
                Ok(FeatureIn(RawFeature {
                    id,
                    geometry: geometry.map(|g| g.0),
                    properties,
                }))
            }
        }
        d.deserialize_map(V)
    }
}

struct GeometryIn(GeometryValue);

/// Coordinates read for a geometry type already known.
enum Shape {
    Point,
    Line,
    Lines,
    Polygons,
}

fn shape_of(kind: &str) -> Option<Shape> {
    Some(match kind {
        "Point" => Shape::Point,
        "MultiPoint" | "LineString" => Shape::Line,
        "MultiLineString" | "Polygon" => Shape::Lines,
        "MultiPolygon" => Shape::Polygons,
        _ => return None,
    })
}

enum Coords {
    Point(Position),
    Line(Vec<Position>),
    Lines(Vec<Vec<Position>>),
    Polygons(Vec<Vec<Vec<Position>>>),
    /// Read before the type was known.
    Any(AnyCoords),
}

/// Nested lists of numbers, shape unknown.
enum AnyCoords {
    Number(f64),
    List(Vec<AnyCoords>),
}

impl AnyCoords {
    fn position(self) -> Option<Position> {
        let AnyCoords::List(items) = self else {
            return None;
        };
        let numbers: Option<Vec<f64>> = items
            .into_iter()
            .map(|c| match c {
                AnyCoords::Number(x) => Some(x),
                AnyCoords::List(_) => None,
            })
            .collect();
        numbers.map(Position::from)
    }

    fn list<T>(self, item: impl Fn(AnyCoords) -> Option<T>) -> Option<Vec<T>> {
        match self {
            AnyCoords::List(items) => items.into_iter().map(item).collect(),
            AnyCoords::Number(_) => None,
        }
    }

    fn into_shape(self, shape: Shape) -> Option<Coords> {
        Some(match shape {
            Shape::Point => Coords::Point(self.position()?),
            Shape::Line => Coords::Line(self.list(AnyCoords::position)?),
            Shape::Lines => Coords::Lines(self.list(|l| l.list(AnyCoords::position))?),
            Shape::Polygons => {
                Coords::Polygons(self.list(|p| p.list(|l| l.list(AnyCoords::position)))?)
            }
        })
    }
}

impl<'de> Deserialize<'de> for AnyCoords {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = AnyCoords;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("numbers in nested lists")
            }
            fn visit_f64<E: de::Error>(self, x: f64) -> Result<AnyCoords, E> {
                Ok(AnyCoords::Number(x))
            }
            fn visit_i64<E: de::Error>(self, x: i64) -> Result<AnyCoords, E> {
                Ok(AnyCoords::Number(x as f64))
            }
            fn visit_u64<E: de::Error>(self, x: u64) -> Result<AnyCoords, E> {
                Ok(AnyCoords::Number(x as f64))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut s: A) -> Result<AnyCoords, A::Error> {
                let mut items = Vec::with_capacity(s.size_hint().unwrap_or(0));
                while let Some(c) = s.next_element()? {
                    items.push(c);
                }
                Ok(AnyCoords::List(items))
            }
        }
        d.deserialize_any(V)
    }
}

struct CoordsSeed(Shape);

impl<'de> DeserializeSeed<'de> for CoordsSeed {
    type Value = Coords;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Coords, D::Error> {
        Ok(match self.0 {
            Shape::Point => Coords::Point(Position::deserialize(d)?),
            Shape::Line => Coords::Line(Vec::deserialize(d)?),
            Shape::Lines => Coords::Lines(Vec::deserialize(d)?),
            Shape::Polygons => Coords::Polygons(Vec::deserialize(d)?),
        })
    }
}

impl<'de> Deserialize<'de> for GeometryIn {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = GeometryIn;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a Geometry")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<GeometryIn, A::Error> {
                let (mut kind, mut coords, mut parts) = (None::<String>, None, None);
                while let Some(key) = m.next_key::<String>()? {
                    match key.as_str() {
                        "type" if kind.is_none() => kind = Some(m.next_value()?),
                        // Read straight into their shape when the type came
                        // first; else (writers that sort keys) as nested lists.
                        "coordinates" if coords.is_none() => {
                            coords = Some(match kind.as_deref().and_then(shape_of) {
                                Some(shape) => m.next_value_seed(CoordsSeed(shape))?,
                                None => Coords::Any(m.next_value::<AnyCoords>()?),
                            });
                        }
                        "geometries" if parts.is_none() => {
                            parts = Some(m.next_value::<Vec<GeometryIn>>()?)
                        }
                        // Read (not skipped) so that a malformed bbox is
                        // left to the general reader, which refuses it.
                        "bbox" => {
                            m.next_value::<Vec<f64>>()?;
                        }
                        _ => return Err(de::Error::custom("unexpected member")),
                    }
                }
                let coords = match (coords, kind.as_deref().and_then(shape_of)) {
                    (Some(Coords::Any(any)), Some(shape)) => Some(
                        any.into_shape(shape)
                            .ok_or_else(|| de::Error::custom("coordinates of the wrong shape"))?,
                    ),
                    (c, _) => c,
                };
                let value = match (kind.as_deref(), coords, parts) {
                    (Some("Point"), Some(Coords::Point(p)), None) => {
                        GeometryValue::Point { coordinates: p }
                    }
                    (Some("MultiPoint"), Some(Coords::Line(l)), None) => {
                        GeometryValue::MultiPoint { coordinates: l }
                    }
                    (Some("LineString"), Some(Coords::Line(l)), None) => {
                        GeometryValue::LineString { coordinates: l }
                    }
                    (Some("MultiLineString"), Some(Coords::Lines(l)), None) => {
                        GeometryValue::MultiLineString { coordinates: l }
                    }
                    (Some("Polygon"), Some(Coords::Lines(l)), None) => {
                        GeometryValue::Polygon { coordinates: l }
                    }
                    (Some("MultiPolygon"), Some(Coords::Polygons(p)), None) => {
                        GeometryValue::MultiPolygon { coordinates: p }
                    }
                    (Some("GeometryCollection"), None, Some(parts)) => {
                        GeometryValue::GeometryCollection {
                            geometries: parts
                                .into_iter()
                                .map(|g| geojson::Geometry::new(g.0))
                                .collect(),
                        }
                    }
                    _ => return Err(de::Error::custom("not a plain Geometry")),
                };
                Ok(GeometryIn(value))
            }
        }
        d.deserialize_map(V)
    }
}
