//! The theatre manifest (`theatre.json`) exactly as written on disk. Checked
//! for shape by serde; `load::theatre` turns it into the model and checks content.
//! Fields marked as documentation are accepted (so a manifest can carry its
//! sources) but not used for drawing.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::limits::GeometryLimits;

/// A text of the manifest: one string in the theatre's `language`, or one
/// per language (`{"en": "Reds", "ru": "Красные"}`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum TextEntry {
    Plain(String),
    ByLanguage(BTreeMap<String, String>),
}

impl Default for TextEntry {
    fn default() -> Self {
        TextEntry::Plain(String::new())
    }
}

/// Raw manifest. Unknown keys are errors, so typos do not pass silently.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestFile {
    pub id: String,
    pub title: TextEntry,
    /// Language of the texts (plain tag such as `en`); default English.
    #[serde(default)]
    pub language: Option<String>,
    pub projection: String,
    pub extent: [f64; 4],
    #[serde(default)]
    pub frame: Option<[f64; 4]>,
    #[serde(default)]
    pub attribution: TextEntry,
    #[serde(default)]
    pub sides: Vec<SideEntry>,
    #[serde(default)]
    pub powers: BTreeMap<String, PowerEntry>,
    pub phases: Vec<PhaseEntry>,
    pub layers: Vec<LayerEntry>,
    #[serde(default)]
    pub troops: Vec<TroopEntry>,
    #[serde(default)]
    pub insets: Vec<InsetEntry>,
    pub publishing: Option<PublishingEntry>,
    /// Language -> word of the interactive page -> text (over the engine's).
    #[serde(default)]
    pub page_words: BTreeMap<String, BTreeMap<String, String>>,
    /// Raised geometry limits (see `limits::GeometryLimits`).
    #[serde(default)]
    pub limits: Option<LimitsEntry>,
    #[serde(default)]
    #[allow(dead_code)] // documentation only
    pub notes: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PowerEntry {
    pub name: TextEntry,
    /// Id of an entry of `sides`.
    #[serde(default)]
    pub side: Option<String>,
    /// `#rrggbb`; powers without one get a colour from the palette.
    #[serde(default)]
    pub color: Option<String>,
    #[serde(default)]
    pub pattern: Option<PatternEntry>,
    #[serde(default)]
    pub short: Option<TextEntry>,
    /// Code of the power whose hue this one takes a shade of.
    #[serde(default)]
    pub shade_of: Option<String>,
    #[serde(default)]
    #[allow(dead_code)] // documentation only
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SideEntry {
    pub id: String,
    pub name: TextEntry,
    /// The side named after "of" in running text ("the Republicans").
    #[serde(default)]
    pub name_of: Option<TextEntry>,
    /// Legend order; the place in the list when absent.
    #[serde(default)]
    pub order: Option<i64>,
    #[serde(default)]
    pub neutral: bool,
    #[serde(default)]
    pub distinct: bool,
}

/// A print pattern: every key optional, the palette fills in the rest.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternEntry {
    #[serde(default)]
    pub angle: Option<f64>,
    #[serde(default)]
    pub spacing: Option<f64>,
    #[serde(default)]
    pub texture: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseEntry {
    pub id: String,
    pub title: TextEntry,
    pub start_date: String,
    pub end_date: String,
    pub snapshot: String,
    #[serde(default)]
    pub caption: TextEntry,
    #[serde(default)]
    #[allow(dead_code)] // documentation only
    pub source_note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerEntry {
    pub id: String,
    pub path: String,
    /// What the layer holds (`control`, `places`, ...), as styles select it.
    #[serde(default)]
    pub role: Option<String>,
    /// Polygons of this layer active on the same day must not overlap.
    #[serde(default)]
    pub exclusive: bool,
    /// The lon/lat box a basemap layer was cut to (default: the extent).
    #[serde(default)]
    pub covers: Option<[f64; 4]>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TroopEntry {
    pub power: String,
    #[serde(default)]
    pub contingent: Option<String>,
    #[serde(default)]
    #[allow(dead_code)] // documentation only
    pub figure: Option<f64>,
    pub label: TextEntry,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InsetEntry {
    pub id: String,
    #[serde(default)]
    pub title: TextEntry,
    /// `[west, south, east, north]` in degrees.
    pub area: [f64; 4],
    /// Scale relative to the main map.
    pub zoom: f64,
    /// `top-left`, `top-right`, `bottom-left`, `bottom-right` or `auto`.
    pub corner: String,
    /// Phase ids; all phases when absent.
    #[serde(default)]
    pub phases: Vec<String>,
}

/// Geometry limits a theatre raises (or lowers); absent keys keep the default.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsEntry {
    #[serde(default)]
    pub layer_features: Option<usize>,
    #[serde(default)]
    pub layer_vertices: Option<usize>,
    #[serde(default)]
    pub feature_vertices: Option<usize>,
}

impl LimitsEntry {
    /// The limits in force: the defaults, with whatever `raw` sets; an
    /// error starts with the key at fault (after `limits.`).
    pub fn resolve(raw: Option<&LimitsEntry>) -> Result<GeometryLimits, String> {
        let mut l = GeometryLimits::default();
        let Some(raw) = raw else {
            return Ok(l);
        };
        for (key, value, field) in [
            ("layer_features", raw.layer_features, &mut l.layer_features),
            ("layer_vertices", raw.layer_vertices, &mut l.layer_vertices),
            (
                "feature_vertices",
                raw.feature_vertices,
                &mut l.feature_vertices,
            ),
        ] {
            match value {
                Some(0) => return Err(format!("{key}: must be at least 1")),
                Some(v) => *field = v,
                None => {}
            }
        }
        Ok(l)
    }
}

/// Author, data sources and wiki categories for description pages.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishingEntry {
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub licence: Option<String>,
    #[serde(default)]
    pub categories: Vec<String>,
    #[serde(default)]
    pub sources: Vec<SourceEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceEntry {
    pub name: String,
    #[serde(default)]
    pub url: Option<String>,
    pub licence: String,
    #[serde(default)]
    pub credit: Option<String>,
}
