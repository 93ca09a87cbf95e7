//! The theatre manifest (`theatre.json`) exactly as written on disk. Checked
//! for shape by serde; `load::theatre` turns it into the model and checks content.
//! Fields marked as documentation are accepted (so a manifest can carry its
//! sources) but not used for drawing.

use std::collections::BTreeMap;

use serde::Deserialize;

/// Raw manifest. Unknown keys are errors, so typos do not pass silently.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestFile {
    pub id: String,
    pub title: String,
    /// Language of the texts (plain tag such as `en`); default English.
    #[serde(default)]
    pub language: Option<String>,
    pub projection: String,
    pub extent: [f64; 4],
    #[serde(default)]
    pub frame: Option<[f64; 4]>,
    #[serde(default)]
    pub attribution: String,
    #[serde(default)]
    pub sides: Vec<SideEntry>,
    #[serde(default)]
    pub powers: BTreeMap<String, PowerEntry>,
    pub phases: Vec<PhaseEntry>,
    pub layers: Vec<LayerEntry>,
    #[serde(default)]
    pub troops: Vec<TroopEntry>,
    #[serde(default)]
    pub publishing: Option<PublishingEntry>,
    #[serde(default)]
    #[allow(dead_code)] // documentation only
    pub notes: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PowerEntry {
    pub name: String,
    /// Id of an entry of `sides`.
    #[serde(default)]
    pub side: Option<String>,
    /// `#rrggbb`; powers without one get a colour from the palette.
    #[serde(default)]
    pub color: Option<String>,
    #[serde(default)]
    pub pattern: Option<PatternEntry>,
    #[serde(default)]
    pub short: Option<String>,
    #[serde(default)]
    #[allow(dead_code)] // documentation only
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SideEntry {
    pub id: String,
    pub name: String,
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
    pub title: String,
    pub start_date: String,
    pub end_date: String,
    pub snapshot: String,
    #[serde(default)]
    pub caption: String,
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
    pub label: String,
    #[serde(default)]
    pub note: String,
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
