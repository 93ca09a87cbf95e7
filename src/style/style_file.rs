//! The style file exactly as written: a subset of the MapLibre style spec
//! plus `phasemap:` extensions. serde rejects unknown keys, with the JSON
//! path and line:column; `Style::parse` adds a "did you mean" hint.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value};

/// Declares a struct of optional JSON values whose field names are style
/// keys, plus the list of those keys (for suggestions and documentation).
macro_rules! keyed {
    ($name:ident, $keys:ident { $($field:ident => $key:literal),* $(,)? }) => {
        #[derive(Debug, Default, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            $( #[serde(rename = $key, default)] pub $field: Option<Value>, )*
        }
        /// Every key the struct accepts.
        pub const $keys: &[&str] = &[$($key),*];
        impl $name {
            /// The keys that were present, as a JSON map.
            pub fn into_map(self) -> Map<String, Value> {
                let mut m = Map::new();
                $( if let Some(v) = self.$field { m.insert($key.to_string(), v); } )*
                m
            }
        }
    };
}

keyed!(PaintFile, PAINT_KEYS {
    background_color => "background-color",
    background_opacity => "background-opacity",
    fill_color => "fill-color",
    fill_opacity => "fill-opacity",
    fill_outline_color => "fill-outline-color",
    outline_width => "phasemap:outline-width",
    outline_opacity => "phasemap:outline-opacity",
    outline_dasharray => "phasemap:outline-dasharray",
    hatch_color => "phasemap:hatch-color",
    hatch_angle => "phasemap:hatch-angle",
    hatch_spacing => "phasemap:hatch-spacing",
    hatch_width => "phasemap:hatch-width",
    hatch_opacity => "phasemap:hatch-opacity",
    hatch_cross => "phasemap:hatch-cross",
    hatch_texture => "phasemap:hatch-texture",
    line_color => "line-color",
    line_width => "line-width",
    line_opacity => "line-opacity",
    line_dasharray => "line-dasharray",
    casing_color => "phasemap:casing-color",
    casing_width => "phasemap:casing-width",
    teeth_side => "phasemap:teeth-side",
    teeth_color => "phasemap:teeth-color",
    teeth_size => "phasemap:teeth-size",
    teeth_spacing => "phasemap:teeth-spacing",
    ties_color => "phasemap:ties-color",
    ties_width => "phasemap:ties-width",
    ties_length => "phasemap:ties-length",
    ties_spacing => "phasemap:ties-spacing",
    arrow_width => "phasemap:arrow-width",
    arrow_head_length => "phasemap:arrow-head-length",
    arrow_head_width => "phasemap:arrow-head-width",
    arrow_taper => "phasemap:arrow-taper",
    arrow_smooth => "phasemap:arrow-smooth",
    arrow_outline_color => "phasemap:arrow-outline-color",
    arrow_stripe_color => "phasemap:arrow-stripe-color",
    arrow_stripe_dasharray => "phasemap:arrow-stripe-dasharray",
    circle_radius => "circle-radius",
    circle_color => "circle-color",
    circle_opacity => "circle-opacity",
    circle_stroke_color => "circle-stroke-color",
    circle_stroke_width => "circle-stroke-width",
    marker => "phasemap:marker",
    marker_size => "phasemap:marker-size",
    text_color => "text-color",
    text_opacity => "text-opacity",
    text_halo_color => "text-halo-color",
    text_halo_width => "text-halo-width",
});

keyed!(LayoutFile, LAYOUT_KEYS {
    visibility => "visibility",
    line_cap => "line-cap",
    line_join => "line-join",
    text_field => "text-field",
    text_size => "text-size",
    text_font => "text-font",
    text_transform => "text-transform",
    text_letter_spacing => "text-letter-spacing",
    text_max_width => "text-max-width",
    symbol_sort_key => "symbol-sort-key",
    placement => "phasemap:placement",
    dissolve => "phasemap:dissolve",
    min_size => "phasemap:min-size",
    min_width => "phasemap:min-width",
    footnote => "phasemap:footnote",
    footnote_sort => "phasemap:footnote-sort",
    text_padding => "text-padding",
});

/// A whole style file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StyleFile {
    #[serde(default)]
    #[allow(dead_code)] // MapLibre compatibility: accepted, ignored
    pub version: Option<u32>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    #[allow(dead_code)] // MapLibre compatibility: accepted, ignored
    pub metadata: Option<Value>,
    /// Accepted for MapLibre compatibility and ignored: sources are the theatre's layers.
    #[serde(default)]
    #[allow(dead_code)] // MapLibre compatibility: accepted, ignored
    pub sources: Option<Value>,
    #[serde(rename = "phasemap:page", default)]
    pub page: Option<PageFile>,
    pub layers: Vec<LayerFile>,
    #[serde(rename = "phasemap:phases", default)]
    pub phases: BTreeMap<String, BTreeMap<String, OverrideFile>>,
    /// Language -> English text of a legend label or section -> its translation.
    #[serde(rename = "phasemap:translations", default)]
    pub translations: BTreeMap<String, BTreeMap<String, String>>,
}

/// Page furniture settings (`phasemap:page`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFile {
    #[serde(default)]
    pub background: Option<String>,
    #[serde(rename = "text-color", default)]
    pub text_color: Option<String>,
    #[serde(rename = "muted-color", default)]
    pub muted_color: Option<String>,
    #[serde(rename = "frame-color", default)]
    pub frame_color: Option<String>,
    #[serde(rename = "graticule-labels", default)]
    pub graticule_labels: Option<bool>,
    #[serde(rename = "scale-bar", default)]
    pub scale_bar: Option<bool>,
    #[serde(rename = "swatch-background", default)]
    pub swatch_background: Option<String>,
    #[serde(default)]
    pub furniture: Option<bool>,
}

/// One style layer.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerFile {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub source: Option<String>,
    /// Draws every theatre layer of this role (instead of one `source`).
    #[serde(rename = "phasemap:role", default)]
    pub role: Option<String>,
    #[serde(default)]
    pub filter: Option<Value>,
    #[serde(default)]
    pub paint: Option<PaintFile>,
    #[serde(default)]
    pub layout: Option<LayoutFile>,
    #[serde(default)]
    #[allow(dead_code)] // MapLibre compatibility: accepted, ignored
    pub metadata: Option<Value>,
    #[serde(rename = "phasemap:legend", default)]
    pub legend: Option<LegendFile>,
}

/// How a layer appears in the legend.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegendFile {
    /// Expression giving each entry's label; features with the same label share an entry.
    pub label: Value,
    /// Heading of the legend section this layer's entries go under.
    #[serde(default)]
    pub section: Option<String>,
}

/// Per-phase changes to a layer (`phasemap:phases` -> phase id -> layer id).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverrideFile {
    #[serde(default)]
    pub paint: Option<PaintFile>,
    #[serde(default)]
    pub layout: Option<LayoutFile>,
    #[serde(default)]
    pub filter: Option<Value>,
}

/// Top-level and layer-level keys, for suggestions.
pub const TOP_KEYS: &[&str] = &[
    "version",
    "name",
    "metadata",
    "sources",
    "phasemap:page",
    "layers",
    "phasemap:phases",
    "phasemap:translations",
];
/// Keys of a layer object.
pub const LAYER_KEYS: &[&str] = &[
    "id",
    "type",
    "source",
    "phasemap:role",
    "filter",
    "paint",
    "layout",
    "metadata",
    "phasemap:legend",
];
