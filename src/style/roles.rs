//! Binding a style to a theatre: style layers that select by role draw the
//! theatre layers of that role; a theatre layer no style layer draws gets
//! its role's default look (with a warning), so no theatre draws blank; and
//! the theatre's powers get their colours (the automatic palette, kept
//! clear of this style's land and water).
//!
//! The defaults are the engine's own cartography for each kind of layer:
//! they read colours and patterns from the palette, never from power codes.

use serde_json::{json, Value};

use super::style_file::LayerFile;
use super::{resolve_layer, Color, LayerKind, Palette, Style, StyleLayer};
use crate::model::{Role, Theatre};

/// The default style layers of `role` (ids are `<role>-default...`).
fn defaults(role: Role) -> Vec<Value> {
    let r = role.name();
    let power = json!(["get", "power"]);
    let power_color = json!([
        "coalesce",
        ["phasemap:power-color", ["get", "power"]],
        "#888888"
    ]);
    let name = json!(["coalesce", ["get", "name"], ""]);
    match role {
        Role::Land => vec![json!({"type": "fill", "paint": {
            "fill-color": "#f6f3e8", "fill-outline-color": "#7f9fb5", "phasemap:outline-width": 1}})],
        Role::Water => vec![json!({"type": "fill", "paint": {
            "fill-color": "#cfe6f3", "fill-outline-color": "#5d8fb0", "phasemap:outline-width": 0.8},
            "layout": {"phasemap:min-size": 5}})],
        Role::Rivers => vec![json!({"type": "line", "paint": {
            "line-color": "#5d8fb0", "phasemap:casing-color": "#ffffff", "phasemap:casing-width": 0.8,
            "line-width": ["match", ["get", "rank"], 1, 2, 1.2]}})],
        Role::Borders => vec![json!({"type": "line", "paint": {
            "line-color": "#707070", "line-width": 1.4, "line-dasharray": ["literal", [4, 2]]},
            "phasemap:legend": {"label": "Border", "section": "Base map"}})],
        Role::Labels => vec![json!({"type": "symbol", "layout": {
            "text-field": name, "text-size": 18, "text-font": ["DejaVu Sans Oblique"],
            "phasemap:placement": "center", "symbol-sort-key": 4},
            "paint": {"text-color": "#5a5a5a"}})],
        Role::Railways => vec![json!({"type": "line", "paint": {
            "line-color": "#222222", "line-width": 2, "phasemap:ties-spacing": 14,
            "phasemap:ties-length": 6, "phasemap:ties-width": 1.2},
            "phasemap:legend": {"label": "Railway", "section": "Base map"}})],
        Role::Places => vec![
            json!({"type": "circle", "paint": {
                "circle-radius": ["match", ["get", "rank"], 1, 6, 2, 4.5, 3.5],
                "circle-color": "#1a1a1a", "circle-stroke-color": "#ffffff",
                "circle-stroke-width": 1.5}}),
            json!({"type": "symbol", "layout": {
                "text-field": name,
                "text-size": ["match", ["get", "rank"], 1, 22, 2, 19, 16],
                "symbol-sort-key": ["coalesce", ["get", "rank"], 3]},
                "paint": {"text-color": "#000000", "text-halo-color": "#ffffff",
                "text-halo-width": 2}}),
        ],
        Role::Control => vec![json!({"type": "fill", "paint": {
            "fill-color": power_color, "fill-outline-color": "#ffffff",
            "phasemap:outline-width": 1.2},
            "layout": {"phasemap:dissolve": power},
            "phasemap:legend": {"label": ["phasemap:power-name", ["get", "power"]],
                "section": "Who governs"}})],
        Role::Presence => vec![json!({"type": "fill", "paint": {
            "phasemap:hatch-color": power_color,
            "phasemap:hatch-angle": ["phasemap:power-pattern", ["get", "power"], "angle"],
            "phasemap:hatch-spacing": ["phasemap:power-pattern", ["get", "power"], "spacing"],
            "phasemap:hatch-texture": ["phasemap:power-pattern", ["get", "power"], "texture"],
            "phasemap:hatch-width": 1.6,
            "fill-outline-color": power_color, "phasemap:outline-width": 1.4,
            "phasemap:outline-dasharray": ["literal", [4, 2]]},
            "phasemap:legend": {"label": ["phasemap:power-name", ["get", "power"]],
                "section": "Troops present"}})],
        Role::Front => vec![json!({"type": "line", "paint": {
            "line-color": "#111111", "line-width": 3,
            "phasemap:teeth-side": ["match", ["get", "kind"], "front", "enemy", "none"],
            "phasemap:teeth-color": "#111111", "phasemap:teeth-size": 10,
            "phasemap:teeth-spacing": 26, "phasemap:casing-color": "#ffffff",
            "phasemap:casing-width": 1.5},
            // Whole sentences with placeholders: a translator translates
            // each as one text and may move the name.
            "phasemap:legend": {"label": ["case", ["==", ["to-string", ["phasemap:teeth-rule"]], ""], "Front line",
                ["==", ["to-string", ["phasemap:front-owner", "side"]], ""],
                ["phasemap:template", "Front line (teeth face the enemy of {power})",
                    "power", ["phasemap:front-owner", "power"]],
                ["==", ["to-string", ["phasemap:front-owner", "side-of"]], ""],
                ["phasemap:template", "Front line (teeth face away from {side})",
                    "side", ["phasemap:front-owner", "side"]],
                ["phasemap:template", "Front line (teeth face the enemy of {side})",
                    "side", ["phasemap:front-owner", "side-of"]]],
                "section": "Lines and movements"}})],
        Role::Movement => vec![json!({"type": "line", "paint": {
            "line-color": power_color, "phasemap:arrow-width": 9,
            "phasemap:arrow-head-length": 24, "phasemap:arrow-head-width": 26,
            "phasemap:arrow-taper": 0.3, "phasemap:arrow-outline-color": "#ffffff",
            "line-dasharray": ["match", ["get", "kind"], ["withdrawal", "evacuation", "retreat"],
                ["literal", [1.2, 0.8]], ["literal", []]]},
            "phasemap:legend": {"label": ["phasemap:template",
                ["match", ["get", "kind"], "retreat", "{power} retreat",
                    ["withdrawal", "evacuation"], "{power} withdrawal", "{power} advance"],
                "power", ["phasemap:power-name", ["get", "power"]]],
                "section": "Lines and movements"}})],
        Role::Event => vec![
            json!({"type": "circle", "paint": {
                "phasemap:marker": ["coalesce", ["get", "kind"], "circle"],
                "phasemap:marker-size": 20, "circle-color": "#b00020",
                "circle-stroke-color": "#ffffff", "circle-stroke-width": 1.6},
                "phasemap:legend": {"label": ["match", ["get", "kind"],
                    "battle", "Battle", "landing", "Landing", "capture", "Town taken",
                    "treaty", "Agreement", "Event"], "section": "Events"}}),
            json!({"type": "symbol", "layout": {
                "text-field": name, "text-size": 16, "text-font": ["DejaVu Sans Bold"],
                "symbol-sort-key": 1},
                "paint": {"text-color": "#b00020", "text-halo-color": "#ffffff",
                "text-halo-width": 2}}),
        ],
    }
    .into_iter()
    .enumerate()
    .map(|(k, mut v)| {
        let id = if k == 0 {
            format!("{r}-default")
        } else {
            format!("{r}-default-{k}")
        };
        v["id"] = json!(id);
        v
    })
    .collect()
}

/// The default layers of `role`, drawing theatre layer `source`.
pub(super) fn default_layers(role: Role, source: &str) -> Vec<StyleLayer> {
    defaults(role)
        .into_iter()
        .map(|mut v| {
            v["source"] = json!(source);
            let file: LayerFile =
                serde_json::from_value(v).expect("built-in role defaults parse as style layers");
            let mut l = resolve_layer(file).expect("built-in role defaults are valid");
            l.role = Some(role);
            l.id = format!("{}--{source}", l.id);
            l
        })
        .collect()
}

fn layer_role(l: &crate::model::Layer) -> Option<Role> {
    l.role
}

impl Style {
    /// Binds the style to `theatre`: role layers get their sources, theatre
    /// layers the style cannot draw get their role's default, and the
    /// palette is made. Returns warnings naming each layer drawn by default
    /// or not drawn at all.
    pub fn bind(&mut self, theatre: &Theatre) -> Vec<String> {
        let mut warnings = Vec::new();
        let mut layers: Vec<StyleLayer> = Vec::with_capacity(self.layers.len());
        for mut l in std::mem::take(&mut self.layers) {
            let Some(role) = l.role.filter(|_| l.source.is_none()) else {
                // A layer named by id takes its theatre layer's role (for
                // the ground colours and where defaults go).
                let source = l.source.as_deref().and_then(|s| theatre.layer(s));
                l.role = l.role.or(source.and_then(layer_role));
                layers.push(l);
                continue;
            };
            let sources: Vec<&str> = theatre
                .layers
                .iter()
                .filter(|t| layer_role(t) == Some(role))
                .map(|t| t.id.as_str())
                .collect();
            for (k, src) in sources.iter().enumerate() {
                let mut b = l.clone();
                b.source = Some(src.to_string());
                if k > 0 {
                    b.id = format!("{}--{src}", l.id);
                }
                layers.push(b);
            }
        }
        for t in &theatre.layers {
            if layers
                .iter()
                .any(|l| l.source.as_deref() == Some(t.id.as_str()))
            {
                continue;
            }
            match layer_role(t) {
                Some(role) => {
                    warnings.push(format!(
                        "style \"{}\" has no layer for theatre layer \"{}\" (role {}): drawn with the role's default",
                        self.name,
                        t.id,
                        role.name()
                    ));
                    let at = insert_at(&layers, role);
                    let new = default_layers(role, &t.id);
                    layers.splice(at..at, new);
                }
                None => warnings.push(format!(
                    "theatre layer \"{}\" has no role and style \"{}\" has no layer for it: not drawn",
                    t.id, self.name
                )),
            }
        }
        self.layers = layers;
        self.palette = Palette::beside_water(
            theatre,
            &self.ground_colors(),
            &self.line_colors(),
            &self.water_colors(),
        );
        warnings.extend(self.palette.warnings.iter().cloned());
        warnings
    }

    /// Water colours, whose hues the power colours' families keep away
    /// from: constants of the water layers' fills, and the background's
    /// when a land layer is drawn (the background is then the sea).
    fn water_colors(&self) -> Vec<Color> {
        let land = self
            .layers
            .iter()
            .any(|l| l.kind == LayerKind::Fill && l.role == Some(Role::Land));
        self.layers
            .iter()
            .filter_map(|l| match (l.kind, l.role) {
                (LayerKind::Fill, Some(Role::Water)) => l.paint.get("fill-color"),
                (LayerKind::Background, _) if land => l.paint.get("background-color"),
                _ => None,
            })
            .filter_map(Value::as_str)
            .filter_map(|s| Color::parse(s).ok())
            .filter(|c| c.a > 0.0)
            .collect()
    }

    /// Colours of the lines drawn over the zones that belong to the ground:
    /// rivers (the river layers' line colour), coasts and lake shores (the
    /// land and water layers' outline colour). A river in its zone's
    /// colour vanishes.
    fn line_colors(&self) -> Vec<Color> {
        let mut out = Vec::new();
        for l in &self.layers {
            let key = match (l.kind, l.role) {
                (LayerKind::Fill, Some(Role::Land | Role::Water)) => "fill-outline-color",
                (LayerKind::Line, Some(Role::Rivers)) => "line-color",
                _ => continue,
            };
            if let Some(c) = l
                .paint
                .get(key)
                .and_then(Value::as_str)
                .and_then(|s| Color::parse(s).ok())
                .filter(|c| c.a > 0.0)
            {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
        out
    }

    /// Land and water colours (constants of the background and of the
    /// land and water layers), which power colours must stand out from.
    fn ground_colors(&self) -> Vec<Color> {
        let mut out = Vec::new();
        for l in &self.layers {
            let key = match (l.kind, l.role) {
                (LayerKind::Background, _) => "background-color",
                (LayerKind::Fill, Some(Role::Land | Role::Water)) => "fill-color",
                _ => continue,
            };
            if let Some(c) = l
                .paint
                .get(key)
                .and_then(Value::as_str)
                .and_then(|s| Color::parse(s).ok())
                .filter(|c| c.a > 0.0)
            {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
        out
    }
}

/// Where a default layer of `role` goes: after the last layer whose role
/// draws below it (roles in [`Role::ALL`] order), else at the bottom (above
/// a background).
fn insert_at(layers: &[StyleLayer], role: Role) -> usize {
    let rank = |r: Role| Role::ALL.iter().position(|x| *x == r).unwrap_or(0);
    layers
        .iter()
        .rposition(|l| l.role.is_some_and(|r| rank(r) <= rank(role)))
        .map(|i| i + 1)
        .unwrap_or_else(|| {
            layers
                .iter()
                .rposition(|l| l.kind == LayerKind::Background)
                .map_or(0, |i| i + 1)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Layer;

    fn theatre(layers: &[(&str, Option<Role>)]) -> Theatre {
        Theatre {
            layers: layers
                .iter()
                .map(|(id, role)| Layer {
                    id: id.to_string(),
                    role: *role,
                    path: format!("{id}.geojson").into(),
                    features: vec![],
                    exclusive: false,
                    covers: None,
                })
                .collect(),
            ..Theatre::empty()
        }
    }

    #[test]
    fn role_layers_bind_and_undrawn_layers_get_defaults_with_a_warning() {
        let mut style = Style::parse(
            std::path::Path::new("s.json"),
            r##"{"layers": [{"id": "sea", "type": "background", "paint": {"background-color": "#c6ecff"}},
                {"id": "zones", "type": "fill", "phasemap:role": "control", "paint": {"fill-color": "#ff0000"}}]}"##,
        )
        .unwrap();
        let t = theatre(&[
            ("who", Some(Role::Control)),
            ("who2", Some(Role::Control)),
            ("arrows", Some(Role::Movement)),
            ("odd", None),
        ]);
        let warnings = style.bind(&t);
        let sources: Vec<(&str, Option<&str>)> = style
            .layers
            .iter()
            .map(|l| (l.id.as_str(), l.source.as_deref()))
            .collect();
        assert_eq!(
            sources,
            vec![
                ("sea", None),
                ("zones", Some("who")),
                ("zones--who2", Some("who2")),
                ("movement-default--arrows", Some("arrows")),
            ]
        );
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("\"arrows\" (role movement)") && w.contains("default")),
            "{warnings:?}"
        );
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("\"odd\" has no role") && w.contains("not drawn")),
            "{warnings:?}"
        );
    }

    #[test]
    fn every_role_has_valid_defaults() {
        for role in Role::ALL {
            let layers = default_layers(role, "x");
            assert!(!layers.is_empty(), "{role:?}");
            for l in layers {
                assert_eq!(l.source.as_deref(), Some("x"));
            }
        }
    }
}
