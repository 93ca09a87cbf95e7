//! The theatre, its phases, layers and features.

use std::collections::BTreeMap;
use std::path::PathBuf;

use geo::Geometry;
use serde_json::{Map, Value};

use super::Date;

/// A theatre of operations: where, in which projection, which periods, which data.
#[derive(Debug, Clone)]
pub struct Theatre {
    /// Short ASCII id, used in output file names.
    pub id: String,
    /// Title printed on every map.
    pub title: String,
    /// Language of the manifest's and the data's texts: a plain tag such as
    /// `en` (Wikimedia Commons ignores region subtags such as `en-GB`).
    pub language: String,
    /// PROJ string of the map projection.
    pub projection: String,
    /// Longitude/latitude box all data must lie in: `[west, south, east,
    /// north]` with `west < east`; `east` is past 180 when the theatre
    /// crosses the antimeridian (see [`super::antimeridian`]).
    pub extent: [f64; 4],
    /// Map frame in projected metres `[xmin, ymin, xmax, ymax]`, if the
    /// manifest gives one; otherwise the projected box of `extent`.
    pub frame: Option<[f64; 4]>,
    /// Sources line printed under every map.
    pub attribution: String,
    /// Sides (camps) the powers belong to, in the order the legend lists them.
    pub sides: Vec<Side>,
    /// The power codes used by the data: names, sides, given colours.
    pub powers: BTreeMap<String, Power>,
    /// Phases in chronological order.
    pub phases: Vec<Phase>,
    /// Layers in manifest order.
    pub layers: Vec<Layer>,
    /// Troop figures for legends and tooltips.
    pub troops: Vec<TroopFigure>,
    /// Enlarged maps of small, crowded areas drawn in a corner of the main map.
    pub insets: Vec<Inset>,
    /// Author, sources, licence and categories for description pages.
    pub publishing: super::Publishing,
    /// The manifest's texts in other languages (see [`super::texts`]).
    pub translations: super::Translations,
    /// The folder the theatre was loaded from (for messages only).
    pub dir: PathBuf,
    /// The manifest file (for messages only).
    pub manifest_path: PathBuf,
    /// Problems that `load` repaired, each naming file and feature.
    pub warnings: Vec<String>,
}

/// A power (a government, army or contingent) as the legend names it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Power {
    /// Legend name.
    pub name: String,
    /// Id of the side it fights on, if the manifest gives sides.
    pub side: Option<String>,
    /// Colour the manifest gives (sRGB); the palette fits the others around it.
    pub color: Option<[u8; 3]>,
    /// Print pattern the manifest gives.
    pub pattern: Option<Pattern>,
    /// Short label for tight places (sheet panels, tooltips).
    pub short: Option<String>,
    /// Code of the power whose hue this one takes a shade of (the same
    /// state's colonies, puppets or occupation zones): one state, one hue.
    pub shade_of: Option<String>,
}

/// A side (camp) of the war: powers of one side share a colour family.
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    /// Short id the powers refer to.
    pub id: String,
    /// Legend heading.
    pub name: String,
    /// The side named after "of" in running text, with whatever article
    /// the language needs ("the Republicans", "los republicanos", Russian
    /// genitive "красных"): what the front teeth's legend entry says the
    /// teeth face the enemy of. `None`: that entry reads without it.
    pub name_of: Option<String>,
    /// Place in legends (ascending) and in the palette's choice of hue families.
    pub order: i64,
    /// Neither belligerent camp (neutral states, bystanders): muted colours.
    pub neutral: bool,
    /// Powers of this side get distinct hues rather than one family (a
    /// side that is a grouping, such as foreign interventions, not a camp).
    pub distinct: bool,
}

/// How a print (greyscale) theme tells a power's areas apart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pattern {
    /// Hatch angle in degrees (0 = horizontal lines, counter-clockwise).
    pub angle: f64,
    /// Distance between lines (or dots) in reference pixels.
    pub spacing: f64,
    /// Lines, crossed lines or dots.
    pub texture: Texture,
}

/// The mark a [`Pattern`] repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Texture {
    /// Parallel lines.
    Lines,
    /// Two sets of lines at right angles.
    Cross,
    /// A grid of dots.
    Dots,
}

impl Texture {
    /// The name manifests and styles write.
    pub fn name(self) -> &'static str {
        match self {
            Texture::Lines => "lines",
            Texture::Cross => "cross",
            Texture::Dots => "dots",
        }
    }

    /// Parses a name written by [`Texture::name`].
    pub fn parse(s: &str) -> Option<Texture> {
        match s {
            "lines" => Some(Texture::Lines),
            "cross" => Some(Texture::Cross),
            "dots" => Some(Texture::Dots),
            _ => None,
        }
    }
}

/// What a theatre layer holds, so styles can draw it without knowing its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// Land polygons (basemap).
    Land,
    /// Lakes and seas drawn over the land (basemap).
    Water,
    /// Rivers (basemap).
    Rivers,
    /// Borders (basemap).
    Borders,
    /// Names of seas, lakes, regions (basemap).
    Labels,
    /// Railway lines.
    Railways,
    /// Towns and other places (points).
    Places,
    /// Who governs: polygons with `power`.
    Control,
    /// Troops present: polygons with `power`, drawn as hatching.
    Presence,
    /// Fronts and lines: lines with `kind`, `left_power`, `right_power`.
    Front,
    /// Movements: lines with `power` and `kind`, drawn as arrows.
    Movement,
    /// Events: points with `kind`, `name`, `date`.
    Event,
}

impl Role {
    /// Every role, in drawing order (bottom first).
    pub const ALL: [Role; 12] = [
        Role::Land,
        Role::Control,
        Role::Presence,
        Role::Water,
        Role::Rivers,
        Role::Borders,
        Role::Railways,
        Role::Front,
        Role::Movement,
        Role::Places,
        Role::Event,
        Role::Labels,
    ];

    /// The name manifests and styles write.
    pub fn name(self) -> &'static str {
        match self {
            Role::Land => "land",
            Role::Water => "water",
            Role::Rivers => "rivers",
            Role::Borders => "borders",
            Role::Labels => "labels",
            Role::Railways => "railways",
            Role::Places => "places",
            Role::Control => "control",
            Role::Presence => "presence",
            Role::Front => "front",
            Role::Movement => "movement",
            Role::Event => "event",
        }
    }

    /// Parses a name written by [`Role::name`].
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.name() == s)
    }

    /// True for the roles whose features are areas (polygons): land, water,
    /// control and presence.
    pub fn is_area(self) -> bool {
        matches!(
            self,
            Role::Land | Role::Water | Role::Control | Role::Presence
        )
    }

    /// Whether the role's features are lines (drawn as strokes or arrows).
    pub fn is_line(self) -> bool {
        matches!(
            self,
            Role::Rivers | Role::Borders | Role::Railways | Role::Front | Role::Movement
        )
    }
}

/// One dated period of the theatre.
#[derive(Debug, Clone, PartialEq)]
pub struct Phase {
    /// Short ASCII id, used in file names and URLs.
    pub id: String,
    /// Title of the phase.
    pub title: String,
    /// First day (inclusive).
    pub start: Date,
    /// Day after the last day (exclusive), as OpenHistoricalMap's `end_date`.
    pub end: Date,
    /// The map shows the situation on this day.
    pub snapshot: Date,
    /// Caption text, plain.
    pub caption: String,
}

/// An inset: a second, larger-scale map of a small area, drawn framed in a
/// corner of the main map, with a locator rectangle where the area lies.
#[derive(Debug, Clone, PartialEq)]
pub struct Inset {
    /// Short ASCII id (SVG ids).
    pub id: String,
    /// Title printed at the top of the inset.
    pub title: String,
    /// Area shown, longitude/latitude `[west, south, east, north]`.
    pub area: [f64; 4],
    /// Scale relative to the main map (3 = three times larger).
    pub zoom: f64,
    /// Corner of the main map the inset sits in; `None` for `auto`: each
    /// phase's map puts it in the free corner where it hides least of what
    /// the phase shows (town dots and names, event symbols, arrows, fronts).
    pub corner: Option<Corner>,
    /// Phases that show it (all when empty).
    pub phases: Vec<String>,
}

impl Inset {
    /// True when phase `id` shows the inset.
    pub fn shown_in(&self, id: &str) -> bool {
        self.phases.is_empty() || self.phases.iter().any(|p| p == id)
    }
}

/// A corner of the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Corner {
    /// `top-left`.
    TopLeft,
    /// `top-right`.
    TopRight,
    /// `bottom-left`.
    BottomLeft,
    /// `bottom-right`.
    BottomRight,
}

impl Corner {
    /// The corner named as in the manifest (`top-left`, ...).
    pub fn parse(s: &str) -> Option<Corner> {
        Some(match s {
            "top-left" => Corner::TopLeft,
            "top-right" => Corner::TopRight,
            "bottom-left" => Corner::BottomLeft,
            "bottom-right" => Corner::BottomRight,
            _ => return None,
        })
    }

    /// The corner's name in the manifest.
    pub fn name(self) -> &'static str {
        match self {
            Corner::TopLeft => "top-left",
            Corner::TopRight => "top-right",
            Corner::BottomLeft => "bottom-left",
            Corner::BottomRight => "bottom-right",
        }
    }

    /// Every corner, in the order `auto` prefers them when they hide
    /// equally little: the bottom ones first (a title or legend beside the
    /// map's top reads less well), right before left.
    pub const ALL: [Corner; 4] = [
        Corner::BottomRight,
        Corner::BottomLeft,
        Corner::TopRight,
        Corner::TopLeft,
    ];
}

/// A theatre-level troop figure (for legends and tooltips).
#[derive(Debug, Clone, PartialEq)]
pub struct TroopFigure {
    /// Power code.
    pub power: String,
    /// Sub-code such as GB or CA, if any.
    pub contingent: Option<String>,
    /// Text as printed, e.g. "70,000".
    pub label: String,
    /// Caveats.
    pub note: String,
}

/// A named layer of features, read from one GeoJSON file.
#[derive(Debug, Clone)]
pub struct Layer {
    /// Layer id, as styles refer to it (`source`).
    pub id: String,
    /// What the layer holds, as styles select it (`phasemap:role`): the
    /// manifest's `role`, else the role the layer's id names, if any.
    pub role: Option<Role>,
    /// The GeoJSON file it came from.
    pub path: PathBuf,
    /// Features in file order.
    pub features: Vec<Feature>,
    /// Polygons active on the same day must not overlap (e.g. who governs).
    pub exclusive: bool,
    /// The lon/lat box the layer's data was cut to, as the model keeps
    /// boxes (see [`super::antimeridian`]), when the manifest gives one (a
    /// basemap cut wider than the extent, to fill the frame); otherwise the
    /// extent. Features must lie in it, and no data is claimed outside it.
    pub covers: Option<[f64; 4]>,
}

/// One feature: geometry in longitude/latitude, properties, and its lifespan.
#[derive(Debug, Clone)]
pub struct Feature {
    /// Index in its FeatureCollection (0-based), for messages.
    pub index: usize,
    /// The `id` property (or the GeoJSON id), if any.
    pub id: Option<String>,
    /// Geometry in WGS84 longitude/latitude.
    pub geometry: Geometry<f64>,
    /// All properties as read.
    pub properties: Map<String, Value>,
    /// `start_date`, inclusive; `None` means "always".
    pub start: Option<Date>,
    /// `end_date`, exclusive; `None` means "still".
    pub end: Option<Date>,
}

impl Feature {
    /// True when the feature exists on `day` (start inclusive, end exclusive).
    pub fn is_active(&self, day: Date) -> bool {
        self.start.is_none_or(|s| s <= day) && self.end.is_none_or(|e| day < e)
    }

    /// A string property, if present and a string.
    pub fn str_prop(&self, key: &str) -> Option<&str> {
        self.properties.get(key).and_then(Value::as_str)
    }

    /// The text to show for the feature: `name`, then `label`, then the id.
    pub fn display_name(&self) -> &str {
        self.str_prop("name")
            .or_else(|| self.str_prop("label"))
            .or(self.id.as_deref())
            .unwrap_or("")
    }
}

impl Theatre {
    /// A theatre with nothing in it (id and title `t`, English, extent
    /// `[0, 0, 1, 1]`), for tests to fill in what they need.
    #[cfg(test)]
    pub(crate) fn empty() -> Theatre {
        Theatre {
            id: "t".into(),
            title: "t".into(),
            language: "en".into(),
            projection: String::new(),
            extent: [0.0, 0.0, 1.0, 1.0],
            frame: None,
            attribution: String::new(),
            sides: Vec::new(),
            powers: Default::default(),
            phases: Vec::new(),
            layers: Vec::new(),
            troops: Vec::new(),
            insets: Vec::new(),
            publishing: Default::default(),
            translations: Default::default(),
            dir: ".".into(),
            manifest_path: "theatre.json".into(),
            warnings: Vec::new(),
        }
    }

    /// The phase with this id.
    pub fn phase(&self, id: &str) -> Option<&Phase> {
        self.phases.iter().find(|p| p.id == id)
    }

    /// The 1-based place of phase `id` in the theatre (0 if it has none),
    /// as titles number phases ("5. The last battle").
    pub fn phase_number(&self, id: &str) -> usize {
        self.phases
            .iter()
            .position(|q| q.id == id)
            .map_or(0, |i| i + 1)
    }

    /// The lon/lat box `layer`'s features must lie in: its `covers`, else the extent.
    pub fn layer_box(&self, layer: &Layer) -> [f64; 4] {
        layer.covers.unwrap_or(self.extent)
    }

    /// The layer with this id.
    pub fn layer(&self, id: &str) -> Option<&Layer> {
        self.layers.iter().find(|l| l.id == id)
    }

    /// The side a power code belongs to, if any.
    pub fn side_of(&self, code: &str) -> Option<&Side> {
        let id = self.powers.get(code)?.side.as_deref()?;
        self.sides.iter().find(|s| s.id == id)
    }

    /// Legend name of a power code (the code itself if the manifest does not name it).
    pub fn power_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.powers
            .get(code)
            .map(|p| p.name.as_str())
            .unwrap_or(code)
    }
}
