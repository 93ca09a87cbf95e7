//! Stage 4, **style**: a style file (a documented subset of the MapLibre
//! style spec with `phasemap:` extensions) parsed, checked and resolved for
//! one phase. Each layer's paint and layout are compiled once into typed
//! structs per layer kind ([`paint::Paint`]); `compose` evaluates their
//! fields per feature.

mod check;
mod color;
pub mod expr;
pub mod numbers;
pub mod paint;
pub mod palette;
mod roles;
mod style_file;
mod translate;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{Map, Value};

pub use color::Color;
pub use expr::EvalContext;
pub use expr::PowerLookup;
pub use paint::Paint;
pub use palette::{pattern_difference, Palette, PowerLook, Powers};
pub use style_file::{LAYER_KEYS, LAYOUT_KEYS, PAINT_KEYS, TOP_KEYS};

use crate::error::{suggest, Error, Result};
use crate::model::Role;
use check::check_props;
use style_file::{LayerFile, OverrideFile, StyleFile};

/// Kinds of style layer (MapLibre's `type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayerKind {
    /// Fills the whole map (the sea, usually).
    Background,
    /// Polygons: fill, outline, hatching.
    Fill,
    /// Lines, fronts with teeth, railways with ties, movement arrows.
    Line,
    /// Points: circles and event markers.
    Circle,
    /// Labels.
    Symbol,
}

impl LayerKind {
    fn parse(s: &str) -> std::result::Result<LayerKind, String> {
        Ok(match s {
            "background" => LayerKind::Background,
            "fill" => LayerKind::Fill,
            "line" => LayerKind::Line,
            "circle" => LayerKind::Circle,
            "symbol" => LayerKind::Symbol,
            other => {
                return Err(format!(
                    "unknown layer type \"{other}\" (expected background, fill, line, circle or symbol){}",
                    suggest(other, &["background", "fill", "line", "circle", "symbol"])
                ))
            }
        })
    }

    /// Paint-key prefixes that belong to this kind.
    fn paint_prefixes(self) -> &'static [&'static str] {
        match self {
            LayerKind::Background => &["background-"],
            LayerKind::Fill => &["fill-", "phasemap:outline-", "phasemap:hatch-"],
            LayerKind::Line => &[
                "line-",
                "phasemap:casing-",
                "phasemap:teeth-",
                "phasemap:ties-",
                "phasemap:arrow-",
            ],
            LayerKind::Circle => &["circle-", "phasemap:marker"],
            LayerKind::Symbol => &["text-"],
        }
    }
}

/// Page furniture settings.
#[derive(Debug, Clone)]
pub struct Page {
    /// Page background.
    pub background: Color,
    /// Titles and caption.
    pub text: Color,
    /// Secondary text (dates, sources, graticule labels).
    pub muted: Color,
    /// Map frame line.
    pub frame: Color,
    /// Label the graticule at the frame.
    pub graticule_labels: bool,
    /// Draw a scale bar.
    pub scale_bar: bool,
    /// Tile behind legend swatches (for dark pages), if any.
    pub swatch_background: Option<Color>,
    /// Header, footer, frame and graticule labels around the map; `false`
    /// writes the bare map, exactly the page width wide.
    pub furniture: bool,
}

/// One resolved style layer.
#[derive(Debug, Clone)]
pub struct StyleLayer {
    /// Layer id (ASCII; used in SVG ids).
    pub id: String,
    /// What it draws.
    pub kind: LayerKind,
    /// Theatre layer it draws from (`phasemap:graticule` is built in); for
    /// a layer selected by role, filled in when the style is bound to a theatre.
    pub source: Option<String>,
    /// Role of the theatre layers it draws (`phasemap:role`), if it selects by role.
    pub role: Option<Role>,
    /// Id of the style layer as written (a role layer bound to several
    /// theatre layers becomes several layers); phase overrides use it.
    pub origin: String,
    /// Filter expression, if any.
    pub filter: Option<Value>,
    /// Paint properties (constants or expressions).
    pub paint: Map<String, Value>,
    /// Layout properties (constants or expressions).
    pub layout: Map<String, Value>,
    /// The paint and layout above, typed: what compose draws from (shared:
    /// compose clones layers per feature in places).
    pub typed: Arc<Paint>,
    /// Legend entry label expression and section.
    pub legend: Option<(Value, Option<String>)>,
}

impl StyleLayer {
    /// A fill layer the engine makes itself (no source, no legend), e.g. the
    /// symbols of a change map.
    pub fn engine_fill(id: &str, paint: Map<String, Value>) -> StyleLayer {
        let layout = Map::new();
        StyleLayer {
            id: id.into(),
            origin: id.into(),
            kind: LayerKind::Fill,
            source: None,
            role: None,
            filter: None,
            typed: Arc::new(Paint::compile(LayerKind::Fill, &paint, &layout)),
            paint,
            layout,
            legend: None,
        }
    }
}

/// A parsed, checked style.
#[derive(Debug, Clone)]
pub struct Style {
    /// Style name (file stem unless the file names itself).
    pub name: String,
    /// The file it came from.
    pub path: PathBuf,
    /// Page furniture.
    pub page: Page,
    /// Layers, bottom to top.
    pub layers: Vec<StyleLayer>,
    /// Per-phase overrides: phase id -> layer id -> changes.
    overrides: BTreeMap<String, BTreeMap<String, Override>>,
    /// Colours and patterns of the theatre's powers (empty until bound).
    pub palette: Palette,
    /// Language -> English legend text -> translation (`phasemap:translations`).
    pub translations: BTreeMap<String, BTreeMap<String, String>>,
    /// This style before [`Style::localized`] put its legend texts in
    /// another language: a localized style is localized again from English.
    english: Option<Box<Style>>,
}

#[derive(Debug, Clone, Default)]
struct Override {
    paint: Map<String, Value>,
    layout: Map<String, Value>,
    filter: Option<Value>,
}

/// Layout key: features smaller than this at the output scale are not
/// drawn: polygons with less area than a square of this side, lines shorter
/// than this. Selection by size, so detailed data keeps the content of a
/// map at this scale (a size, like widths: reference pixels or a print unit).
pub const MIN_SIZE: &str = "phasemap:min-size";

/// Layout key: a feature is drawn (and labelled) only on pages at least
/// this many pixels wide: a number or an expression of the feature, so a
/// style can leave minor places out of a map at article width, where
/// their dots would only crowd the names of the main ones.
pub const MIN_PAGE_WIDTH: &str = "phasemap:min-width";

/// Ids the page's own SVG elements use; a style layer's group would repeat them.
const PAGE_IDS: &[&str] = &[
    "map",
    "map-clip",
    "labels",
    "header",
    "caption",
    "footnotes",
    "legend",
    "sources",
    "scale-bar",
    "graticule-labels",
    "changes",
];

/// Whether `id` is one of [`PAGE_IDS`] or a hatch pattern's `hatch<N>`.
fn is_page_id(id: &str) -> bool {
    PAGE_IDS.contains(&id)
        || id
            .strip_prefix("hatch")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Source name of the built-in graticule (meridians and parallels every 10 degrees).
pub const GRATICULE_SOURCE: &str = "phasemap:graticule";

impl Style {
    /// Parses and checks the text of a style file.
    pub fn parse(path: &Path, text: &str) -> Result<Style> {
        let file: StyleFile = crate::error::parse_json_with_hint(path, text)?;
        let err = |pointer: String, message: String| Error::Style {
            path: path.to_path_buf(),
            pointer,
            message,
        };
        let mut ids = std::collections::BTreeSet::new();
        let mut layers = Vec::with_capacity(file.layers.len());
        for (i, l) in file.layers.into_iter().enumerate() {
            let at = |k: &str| format!("layers[{i}]{k}");
            if !ids.insert(l.id.clone()) {
                return Err(err(at(".id"), format!("duplicate layer id \"{}\"", l.id)));
            }
            crate::model::check_id(&l.id).map_err(|m| err(at(".id"), m))?;
            if is_page_id(&l.id) {
                return Err(err(
                    at(".id"),
                    format!(
                        "\"{}\" is an id of the page itself (layer ids become SVG ids); choose another",
                        l.id
                    ),
                ));
            }
            layers.push(resolve_layer(l).map_err(|(k, m)| err(at(&k), m))?);
        }
        let mut overrides = BTreeMap::new();
        for (phase, per_layer) in file.phases {
            let mut m = BTreeMap::new();
            for (layer_id, o) in per_layer {
                let at = |k: &str| format!("phasemap:phases.{phase}.{layer_id}{k}");
                let Some(layer) = layers.iter().find(|l| l.id == layer_id) else {
                    let known: Vec<&str> = layers.iter().map(|l| l.id.as_str()).collect();
                    return Err(err(
                        at(""),
                        format!(
                            "no layer \"{layer_id}\" in this style{}",
                            suggest(&layer_id, &known)
                        ),
                    ));
                };
                let o = resolve_override(layer.kind, o).map_err(|(k, m)| err(at(&k), m))?;
                m.insert(layer_id, o);
            }
            overrides.insert(phase, m);
        }
        let page_file = file.page.unwrap_or_default();
        let colour = |v: Option<String>, key: &str, default: Color| -> Result<Color> {
            match v {
                Some(s) => Color::parse(&s).map_err(|m| err(format!("phasemap:page.{key}"), m)),
                None => Ok(default),
            }
        };
        let page = Page {
            background: colour(
                page_file.background,
                "background",
                Color::rgb(255, 255, 255),
            )?,
            text: colour(page_file.text_color, "text-color", Color::rgb(0, 0, 0))?,
            muted: colour(page_file.muted_color, "muted-color", Color::rgb(90, 90, 90))?,
            frame: colour(page_file.frame_color, "frame-color", Color::rgb(60, 60, 60))?,
            graticule_labels: page_file.graticule_labels.unwrap_or(true),
            scale_bar: page_file.scale_bar.unwrap_or(true),
            swatch_background: page_file
                .swatch_background
                .map(|c| {
                    Color::parse(&c).map_err(|m| err("phasemap:page.swatch-background".into(), m))
                })
                .transpose()?,
            furniture: page_file.furniture.unwrap_or(true),
        };
        let name = file.name.unwrap_or_else(|| {
            path.file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("style")
                .to_string()
        });
        translate::check_placeholders(&file.translations).map_err(|(at, m)| err(at, m))?;
        Ok(Style {
            name,
            path: path.to_path_buf(),
            page,
            layers,
            overrides,
            palette: Palette::default(),
            translations: file.translations,
            english: None,
        })
    }

    /// Phase ids this style overrides (so callers can check them against the theatre).
    pub fn overridden_phases(&self) -> impl Iterator<Item = &str> {
        self.overrides.keys().map(String::as_str)
    }

    /// The layers with the overrides of `phase` applied.
    pub fn layers_for_phase(&self, phase: &str) -> Vec<StyleLayer> {
        let Some(over) = self.overrides.get(phase) else {
            return self.layers.clone();
        };
        self.layers
            .iter()
            .map(|l| match over.get(&l.origin) {
                None => l.clone(),
                Some(o) => {
                    let mut l = l.clone();
                    l.paint.extend(o.paint.clone());
                    l.layout.extend(o.layout.clone());
                    l.typed = Arc::new(Paint::compile(l.kind, &l.paint, &l.layout));
                    if o.filter.is_some() {
                        l.filter = o.filter.clone();
                    }
                    l
                }
            })
            .collect()
    }
}

type KeyError = (String, String);

fn resolve_layer(l: LayerFile) -> std::result::Result<StyleLayer, KeyError> {
    let kind = LayerKind::parse(&l.kind).map_err(|m| (".type".to_string(), m))?;
    let role = match &l.role {
        None => None,
        Some(r) => Some(Role::parse(r).ok_or_else(|| {
            let names: Vec<&str> = Role::ALL.iter().map(|r| r.name()).collect();
            (
                ".phasemap:role".to_string(),
                format!(
                    "\"{r}\" is not a role (one of {}){}",
                    names.join(", "),
                    suggest(r, &names)
                ),
            )
        })?),
    };
    if kind != LayerKind::Background && l.source.is_none() && role.is_none() {
        return Err((
            ".source".into(),
            "this layer type needs a \"source\" (a theatre layer id) or a \"phasemap:role\"".into(),
        ));
    }
    if l.source.is_some() && role.is_some() {
        return Err((
            ".phasemap:role".into(),
            "a layer selects by \"source\" or by \"phasemap:role\", not both".into(),
        ));
    }
    if let Some(f) = &l.filter {
        expr::check(f).map_err(|m| (".filter".to_string(), m))?;
    }
    let paint = l.paint.map(|p| p.into_map()).unwrap_or_default();
    let layout = l.layout.map(|p| p.into_map()).unwrap_or_default();
    check_props(kind, &paint, &layout)?;
    let legend = match l.legend {
        Some(lg) => {
            expr::check(&lg.label).map_err(|m| (".phasemap:legend.label".to_string(), m))?;
            Some((lg.label, lg.section))
        }
        None => None,
    };
    Ok(StyleLayer {
        origin: l.id.clone(),
        id: l.id,
        kind,
        source: l.source,
        role,
        filter: l.filter,
        typed: Arc::new(Paint::compile(kind, &paint, &layout)),
        paint,
        layout,
        legend,
    })
}

fn resolve_override(kind: LayerKind, o: OverrideFile) -> std::result::Result<Override, KeyError> {
    let paint = o.paint.map(|p| p.into_map()).unwrap_or_default();
    let layout = o.layout.map(|p| p.into_map()).unwrap_or_default();
    check_props(kind, &paint, &layout)?;
    if let Some(f) = &o.filter {
        expr::check(f).map_err(|m| (".filter".to_string(), m))?;
    }
    Ok(Override {
        paint,
        layout,
        filter: o.filter,
    })
}

/// A size in reference pixels (a map 2400 px wide). Styles may write plain
/// numbers (pixels) or strings with a print unit: `"1.5pt"`, `"0.5mm"`,
/// `"3px"`, where the reference map is 8 inches wide at 300 dpi.
pub fn size_value(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => {
            let s = s.trim();
            let (num, factor) = if let Some(n) = s.strip_suffix("pt") {
                (n, 300.0 / 72.0)
            } else if let Some(n) = s.strip_suffix("mm") {
                (n, 300.0 / 25.4)
            } else if let Some(n) = s.strip_suffix("px") {
                (n, 1.0)
            } else {
                (s, 1.0)
            };
            num.trim().parse::<f64>().ok().map(|n| n * factor)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Style> {
        Style::parse(Path::new("s.json"), text)
    }

    #[test]
    fn typo_in_a_key_names_path_position_and_suggestion() {
        let text = "{\"layers\": [\n {\"id\": \"land\", \"type\": \"fill\", \"source\": \"land\",\n  \"paint\": {\"fill-colr\": \"#fff\"}}]}";
        let e = parse(text).unwrap_err().to_string();
        assert!(e.contains("s.json:3:"), "{e}");
        assert!(e.contains("layers[0].paint"), "{e}");
        assert!(e.contains("did you mean \"fill-color\""), "{e}");
    }

    #[test]
    fn layer_ids_may_not_repeat_the_pages_own() {
        for id in ["legend", "labels", "map-clip", "hatch3"] {
            let text = format!(r#"{{"layers":[{{"id":"{id}","type":"line","source":"r"}}]}}"#);
            let e = parse(&text).unwrap_err().to_string();
            assert!(e.contains("layers[0].id"), "{e}");
            assert!(e.contains("an id of the page itself"), "{e}");
        }
        for id in ["legends", "hatching", "hatch", "map-labels"] {
            let text = format!(r#"{{"layers":[{{"id":"{id}","type":"line","source":"r"}}]}}"#);
            assert!(parse(&text).is_ok(), "{id}");
        }
    }

    #[test]
    fn paint_keys_must_fit_the_layer_type() {
        let e = parse(
            r##"{"layers":[{"id":"x","type":"line","source":"r","paint":{"fill-color":"#fff"}}]}"##,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("layers[0].paint.fill-color"), "{e}");
    }

    #[test]
    fn phase_overrides_apply_only_to_their_phase() {
        let s = parse(r##"{"layers":[{"id":"c","type":"fill","source":"control","paint":{"fill-color":"#ff0000"}}],
            "phasemap:phases":{"p2":{"c":{"paint":{"fill-opacity":0.2}}}}}"##).unwrap();
        assert!(s.layers_for_phase("p1")[0]
            .paint
            .get("fill-opacity")
            .is_none());
        assert_eq!(
            s.layers_for_phase("p2")[0].paint["fill-opacity"],
            serde_json::json!(0.2)
        );
    }

    /// Every layout and paint key is drawn or refused: `text-max-width`
    /// (labels are one line) and misspelt enumerated values are errors;
    /// `line-join`, `text-padding` and `phasemap:ties-color` are accepted.
    #[test]
    fn keys_that_would_be_ignored_are_refused() {
        let layer = |kind: &str, section: &str, body: &str| {
            format!(
                r#"{{"layers":[{{"id":"x","type":"{kind}","source":"r","{section}":{{{body}}}}}]}}"#
            )
        };
        let e = parse(&layer("symbol", "layout", r#""text-max-width": 8"#))
            .unwrap_err()
            .to_string();
        assert!(e.contains("layers[0].layout.text-max-width"), "{e}");
        assert!(e.contains("one line"), "{e}");
        let e = parse(&layer("line", "layout", r#""line-join": "rond""#))
            .unwrap_err()
            .to_string();
        assert!(e.contains("layers[0].layout.line-join"), "{e}");
        assert!(e.contains("did you mean \"round\""), "{e}");
        let e = parse(&layer("line", "layout", r#""line-cap": "flat""#))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("\"flat\" is not one of butt, round, square"),
            "{e}"
        );
        let e = parse(&layer("fill", "layout", r#""line-join": "round""#))
            .unwrap_err()
            .to_string();
        assert!(e.contains("applies only to line layers"), "{e}");
        for (kind, section, body) in [
            (
                "line",
                "layout",
                r#""line-join": "miter", "line-cap": "butt""#,
            ),
            (
                "symbol",
                "layout",
                r#""text-padding": 4, "text-transform": "uppercase""#,
            ),
            ("line", "paint", r##""phasemap:ties-color": "#333333""##),
        ] {
            let text = layer(kind, section, body);
            assert!(parse(&text).is_ok(), "{text}");
        }
    }

    #[test]
    fn print_units_convert_to_reference_pixels() {
        assert_eq!(size_value(&serde_json::json!(3)), Some(3.0));
        assert!((size_value(&serde_json::json!("72pt")).unwrap() - 300.0).abs() < 1e-9);
        assert!((size_value(&serde_json::json!("25.4mm")).unwrap() - 300.0).abs() < 1e-9);
    }
}
