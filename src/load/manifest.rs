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
    pub projection: String,
    pub extent: [f64; 4],
    #[serde(default)]
    pub frame: Option<[f64; 4]>,
    #[serde(default)]
    pub attribution: String,
    #[serde(default)]
    pub powers: BTreeMap<String, PowerEntry>,
    pub phases: Vec<PhaseEntry>,
    pub layers: Vec<LayerEntry>,
    #[serde(default)]
    pub troops: Vec<TroopEntry>,
    #[serde(default)]
    pub insets: Vec<InsetEntry>,
    #[serde(default)]
    #[allow(dead_code)] // documentation only
    pub notes: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PowerEntry {
    pub name: String,
    #[serde(default)]
    #[allow(dead_code)] // documentation only
    pub note: Option<String>,
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
    /// Polygons of this layer active on the same day must not overlap.
    #[serde(default)]
    pub exclusive: bool,
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InsetEntry {
    pub id: String,
    #[serde(default)]
    pub title: String,
    /// `[west, south, east, north]` in degrees.
    pub area: [f64; 4],
    /// Scale relative to the main map.
    pub zoom: f64,
    /// `top-left`, `top-right`, `bottom-left` or `bottom-right`.
    pub corner: String,
    /// Phase ids; all phases when absent.
    #[serde(default)]
    pub phases: Vec<String>,
}
