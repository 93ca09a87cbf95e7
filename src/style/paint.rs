//! Typed paint: a style layer's paint and layout compiled once, when the
//! style is read, into one struct per layer kind. Compose reads the fields
//! ([`FillPaint::color`], [`LinePaint::width`], ...) instead of looking keys
//! up by name; every key a kind accepts is a field here, so a key that is
//! accepted is drawn (the test `every_accepted_key_is_a_field` keeps it so).
//!
//! A value is a constant (converted once) or an expression evaluated per
//! feature; either way it converts to its type exactly as before: a colour
//! that does not parse, a number out of its range, a value of the wrong
//! type count as absent and the drawing falls back to its default.

use std::marker::PhantomData;

use serde_json::{Map, Value};

use super::{expr, numbers, size_value, Color, EvalContext, LayerKind};

/// How a value converts to the type a key wants.
pub trait Conv {
    /// The type the key's value has when drawn.
    type Out: Clone;
    /// The value, or `None` when it is not one (absent for drawing).
    fn conv(key: &str, v: &Value) -> Option<Self::Out>;
}

/// A CSS colour.
pub struct AsColor;
/// A plain number (opacity, angle, iterations), clamped to its key's range.
pub struct AsNumber;
/// A size in reference pixels (numbers or print units), clamped to its range.
pub struct AsSize;
/// A string (numbers and booleans as written).
pub struct AsText;
/// A dash array (multiples of a unit), checked by [`numbers::clamp_dashes`].
pub struct AsDashes;
/// A boolean.
pub struct AsBool;

impl Conv for AsColor {
    type Out = Color;
    fn conv(_: &str, v: &Value) -> Option<Color> {
        v.as_str().and_then(|s| Color::parse(s).ok())
    }
}

impl Conv for AsNumber {
    type Out = f64;
    fn conv(key: &str, v: &Value) -> Option<f64> {
        v.as_f64().and_then(|n| numbers::clamp(key, n))
    }
}

impl Conv for AsSize {
    type Out = f64;
    fn conv(key: &str, v: &Value) -> Option<f64> {
        size_value(v).and_then(|n| numbers::clamp(key, n))
    }
}

impl Conv for AsText {
    type Out = String;
    fn conv(_: &str, v: &Value) -> Option<String> {
        Some(expr::to_text(v))
    }
}

impl Conv for AsDashes {
    type Out = Vec<f64>;
    fn conv(_: &str, v: &Value) -> Option<Vec<f64>> {
        let a: Vec<f64> = v.as_array()?.iter().filter_map(|x| x.as_f64()).collect();
        numbers::clamp_dashes(a)
    }
}

/// A font name: the first of a list (MapLibre's `text-font`) or a string.
pub struct AsFont;

impl Conv for AsFont {
    type Out = String;
    fn conv(_: &str, v: &Value) -> Option<String> {
        match v.as_array() {
            Some(a) => a.first()?.as_str().map(String::from),
            None => v.as_str().map(String::from),
        }
    }
}

impl Conv for AsBool {
    type Out = bool;
    fn conv(_: &str, v: &Value) -> Option<bool> {
        v.as_bool()
    }
}

/// One key of a layer: absent, a constant (converted once) or an expression.
pub struct Prop<C: Conv> {
    key: &'static str,
    value: Source<C::Out>,
    conv: PhantomData<C>,
}

enum Source<T> {
    Absent,
    /// A constant; `None` if it does not convert (drawn as absent).
    Const(Option<T>),
    /// An expression, evaluated per feature.
    Expr(Value),
}

impl<C: Conv> Clone for Prop<C> {
    fn clone(&self) -> Self {
        Prop {
            key: self.key,
            value: match &self.value {
                Source::Absent => Source::Absent,
                Source::Const(c) => Source::Const(c.clone()),
                Source::Expr(v) => Source::Expr(v.clone()),
            },
            conv: PhantomData,
        }
    }
}

impl<C: Conv> std::fmt::Debug for Prop<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let how = match &self.value {
            Source::Absent => "absent",
            Source::Const(_) => "constant",
            Source::Expr(_) => "expression",
        };
        write!(f, "{} ({how})", self.key)
    }
}

impl<C: Conv> Prop<C> {
    /// `key` from the paint, else the layout, of a layer.
    fn read(key: &'static str, paint: &Map<String, Value>, layout: &Map<String, Value>) -> Self {
        let value = match paint.get(key).or_else(|| layout.get(key)) {
            None | Some(Value::Null) => Source::Absent,
            Some(v @ (Value::Array(_) | Value::Object(_))) => Source::Expr(v.clone()),
            Some(v) => Source::Const(C::conv(key, v)),
        };
        Prop {
            key,
            value,
            conv: PhantomData,
        }
    }

    /// Whether the layer gives the key at all.
    pub fn is_given(&self) -> bool {
        !matches!(self.value, Source::Absent)
    }

    /// The value, if the layer gives a constant of the right type.
    pub fn constant(&self) -> Option<&C::Out> {
        match &self.value {
            Source::Const(c) => c.as_ref(),
            Source::Absent | Source::Expr(_) => None,
        }
    }

    /// The value for the feature in `ctx`, converted even when the
    /// expression gives null (a text is then empty): footnotes keep a
    /// feature whose text is empty. `None` when the key is absent.
    pub fn get_or_null(&self, ctx: &EvalContext) -> Option<C::Out> {
        match &self.value {
            Source::Absent => None,
            Source::Const(c) => c.clone(),
            Source::Expr(v) => C::conv(self.key, &expr::eval(v, ctx)),
        }
    }

    /// The style key.
    pub fn key(&self) -> &'static str {
        self.key
    }

    /// The value for the feature in `ctx`, if it has one of the right type.
    pub fn get(&self, ctx: &EvalContext) -> Option<C::Out> {
        match &self.value {
            Source::Absent => None,
            Source::Const(c) => c.clone(),
            Source::Expr(v) => {
                let v = expr::eval(v, ctx);
                if v.is_null() {
                    None
                } else {
                    C::conv(self.key, &v)
                }
            }
        }
    }

    /// Whether the feature in `ctx` has a value (of any type) for the key.
    pub fn is_set(&self, ctx: &EvalContext) -> bool {
        match &self.value {
            Source::Absent => false,
            Source::Const(_) => true,
            Source::Expr(v) => !expr::eval(v, ctx).is_null(),
        }
    }
}

/// Declares a paint struct of typed keys and its compile step.
macro_rules! paint {
    ($(#[$doc:meta])* $name:ident { $($(#[$fdoc:meta])* $field:ident: $conv:ident = $key:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $name {
            $( $(#[$fdoc])* pub $field: Prop<$conv>, )*
        }
        impl $name {
            /// The keys this kind draws.
            pub const KEYS: &'static [&'static str] = &[$($key),*];
            fn compile(paint: &Map<String, Value>, layout: &Map<String, Value>) -> Self {
                $name { $( $field: Prop::read($key, paint, layout), )* }
            }
        }
    };
}

paint!(
    /// A background layer.
    BackgroundPaint {
        /// `background-color`.
        color: AsColor = "background-color",
        /// `background-opacity`.
        opacity: AsNumber = "background-opacity",
    }
);

paint!(
    /// A fill layer: fill, hatching, outline.
    FillPaint {
        /// `fill-color`.
        color: AsColor = "fill-color",
        /// `fill-opacity`.
        opacity: AsNumber = "fill-opacity",
        /// `fill-outline-color`.
        outline_color: AsColor = "fill-outline-color",
        /// `phasemap:outline-width`.
        outline_width: AsSize = "phasemap:outline-width",
        /// `phasemap:outline-opacity`.
        outline_opacity: AsNumber = "phasemap:outline-opacity",
        /// `phasemap:outline-dasharray`.
        outline_dasharray: AsDashes = "phasemap:outline-dasharray",
        /// `phasemap:hatch-color`.
        hatch_color: AsColor = "phasemap:hatch-color",
        /// `phasemap:hatch-opacity`.
        hatch_opacity: AsNumber = "phasemap:hatch-opacity",
        /// `phasemap:hatch-angle`.
        hatch_angle: AsNumber = "phasemap:hatch-angle",
        /// `phasemap:hatch-spacing`.
        hatch_spacing: AsSize = "phasemap:hatch-spacing",
        /// `phasemap:hatch-width`.
        hatch_width: AsSize = "phasemap:hatch-width",
        /// `phasemap:hatch-texture`.
        hatch_texture: AsText = "phasemap:hatch-texture",
        /// `phasemap:hatch-cross`.
        hatch_cross: AsBool = "phasemap:hatch-cross",
        /// `phasemap:dissolve` (layout): features with the same value merge.
        dissolve: AsText = "phasemap:dissolve",
    }
);

paint!(
    /// A line layer: lines, casings, fronts with teeth, railways with ties,
    /// movement arrows.
    LinePaint {
        /// `line-color`.
        color: AsColor = "line-color",
        /// `line-width`.
        width: AsSize = "line-width",
        /// `line-opacity`.
        opacity: AsNumber = "line-opacity",
        /// `line-dasharray`.
        dasharray: AsDashes = "line-dasharray",
        /// `line-cap` (layout).
        cap: AsText = "line-cap",
        /// `line-join` (layout).
        join: AsText = "line-join",
        /// `phasemap:casing-color`.
        casing_color: AsColor = "phasemap:casing-color",
        /// `phasemap:casing-width`.
        casing_width: AsSize = "phasemap:casing-width",
        /// `phasemap:teeth-side`.
        teeth_side: AsText = "phasemap:teeth-side",
        /// `phasemap:teeth-color`.
        teeth_color: AsColor = "phasemap:teeth-color",
        /// `phasemap:teeth-size`.
        teeth_size: AsSize = "phasemap:teeth-size",
        /// `phasemap:teeth-spacing`.
        teeth_spacing: AsSize = "phasemap:teeth-spacing",
        /// `phasemap:ties-color`.
        ties_color: AsColor = "phasemap:ties-color",
        /// `phasemap:ties-width`.
        ties_width: AsSize = "phasemap:ties-width",
        /// `phasemap:ties-length`.
        ties_length: AsSize = "phasemap:ties-length",
        /// `phasemap:ties-spacing`.
        ties_spacing: AsSize = "phasemap:ties-spacing",
        /// `phasemap:arrow-width`.
        arrow_width: AsSize = "phasemap:arrow-width",
        /// `phasemap:arrow-head-length`.
        arrow_head_length: AsSize = "phasemap:arrow-head-length",
        /// `phasemap:arrow-head-width`.
        arrow_head_width: AsSize = "phasemap:arrow-head-width",
        /// `phasemap:arrow-taper`.
        arrow_taper: AsNumber = "phasemap:arrow-taper",
        /// `phasemap:arrow-smooth`.
        arrow_smooth: AsNumber = "phasemap:arrow-smooth",
        /// `phasemap:arrow-outline-color`.
        arrow_outline_color: AsColor = "phasemap:arrow-outline-color",
        /// `phasemap:arrow-stripe-color`.
        arrow_stripe_color: AsColor = "phasemap:arrow-stripe-color",
        /// `phasemap:arrow-stripe-dasharray`.
        arrow_stripe_dasharray: AsDashes = "phasemap:arrow-stripe-dasharray",
    }
);

paint!(
    /// A circle layer: circles and event markers.
    CirclePaint {
        /// `circle-color`.
        color: AsColor = "circle-color",
        /// `circle-opacity`.
        opacity: AsNumber = "circle-opacity",
        /// `circle-radius`.
        radius: AsSize = "circle-radius",
        /// `circle-stroke-color`.
        stroke_color: AsColor = "circle-stroke-color",
        /// `circle-stroke-width`.
        stroke_width: AsSize = "circle-stroke-width",
        /// `phasemap:marker`.
        marker: AsText = "phasemap:marker",
        /// `phasemap:marker-size`.
        marker_size: AsSize = "phasemap:marker-size",
    }
);

paint!(
    /// A symbol layer: labels (and footnotes).
    SymbolPaint {
        /// `text-field`.
        field: AsText = "text-field",
        /// `text-size`.
        size: AsSize = "text-size",
        /// `text-font`.
        font: AsFont = "text-font",
        /// `text-transform`.
        transform: AsText = "text-transform",
        /// `text-letter-spacing`.
        letter_spacing: AsNumber = "text-letter-spacing",
        /// `text-color`.
        color: AsColor = "text-color",
        /// `text-opacity`.
        opacity: AsNumber = "text-opacity",
        /// `text-halo-color`.
        halo_color: AsColor = "text-halo-color",
        /// `text-halo-width`.
        halo_width: AsSize = "text-halo-width",
        /// `text-padding`.
        padding: AsSize = "text-padding",
        /// `symbol-sort-key`.
        sort_key: AsNumber = "symbol-sort-key",
        /// `phasemap:placement`.
        placement: AsText = "phasemap:placement",
        /// `phasemap:footnote` (a constant).
        footnote: AsBool = "phasemap:footnote",
        /// `phasemap:footnote-sort`.
        footnote_sort: AsText = "phasemap:footnote-sort",
    }
);

/// Layout keys every kind of layer takes; `compose::prepared` reads them as
/// constants when it selects a layer's features.
pub const LAYER_WIDE: &[&str] = &["visibility", super::MIN_SIZE, super::MIN_PAGE_WIDTH];

/// Whether a layer of `kind` draws `key` (else the style is refused).
pub fn applies(kind: LayerKind, key: &str) -> bool {
    LAYER_WIDE.contains(&key)
        || match kind {
            LayerKind::Background => BackgroundPaint::KEYS.contains(&key),
            LayerKind::Fill => FillPaint::KEYS.contains(&key),
            LayerKind::Line => LinePaint::KEYS.contains(&key),
            LayerKind::Circle => CirclePaint::KEYS.contains(&key),
            LayerKind::Symbol => SymbolPaint::KEYS.contains(&key),
        }
}

/// Typed paint and layout of one style layer, by kind.
#[derive(Debug, Clone)]
pub enum Paint {
    /// A background layer.
    Background(BackgroundPaint),
    /// A fill layer.
    Fill(FillPaint),
    /// A line layer (boxed: by far the most keys).
    Line(Box<LinePaint>),
    /// A circle layer.
    Circle(CirclePaint),
    /// A symbol (label) layer.
    Symbol(SymbolPaint),
}

impl Paint {
    /// Compiles the paint and layout of a layer of `kind` (keys already
    /// checked by `Style::parse`).
    pub fn compile(
        kind: LayerKind,
        paint: &Map<String, Value>,
        layout: &Map<String, Value>,
    ) -> Paint {
        match kind {
            LayerKind::Background => Paint::Background(BackgroundPaint::compile(paint, layout)),
            LayerKind::Fill => Paint::Fill(FillPaint::compile(paint, layout)),
            LayerKind::Line => Paint::Line(Box::new(LinePaint::compile(paint, layout))),
            LayerKind::Circle => Paint::Circle(CirclePaint::compile(paint, layout)),
            LayerKind::Symbol => Paint::Symbol(SymbolPaint::compile(paint, layout)),
        }
    }
}

impl Paint {
    /// The paint of a background layer.
    pub fn background(&self) -> Option<&BackgroundPaint> {
        match self {
            Paint::Background(b) => Some(b),
            _ => None,
        }
    }

    /// The paint of a fill layer.
    pub fn fill(&self) -> Option<&FillPaint> {
        match self {
            Paint::Fill(f) => Some(f),
            _ => None,
        }
    }

    /// The paint of a line layer.
    pub fn line(&self) -> Option<&LinePaint> {
        match self {
            Paint::Line(l) => Some(l),
            _ => None,
        }
    }

    /// The paint of a symbol layer.
    pub fn symbol(&self) -> Option<&SymbolPaint> {
        match self {
            Paint::Symbol(s) => Some(s),
            _ => None,
        }
    }

    /// The paint of a circle layer.
    pub fn circle(&self) -> Option<&CirclePaint> {
        match self {
            Paint::Circle(c) => Some(c),
            _ => None,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::path::Path;

    use serde_json::json;

    use super::*;
    use crate::style::{Style, LAYOUT_KEYS, PAINT_KEYS};

    /// A value `key` takes (so the style check passes when the key applies).
    fn sample(key: &str) -> Value {
        match key {
            k if k.ends_with("-color") => json!("#102030"),
            k if k.ends_with("dasharray") => json!([2, 1]),
            "line-cap" => json!("butt"),
            "line-join" => json!("miter"),
            "text-transform" => json!("uppercase"),
            "visibility" => json!("visible"),
            "text-font" => json!(["DejaVu Sans Bold"]),
            "text-field" | "phasemap:footnote-sort" | "phasemap:dissolve" => json!("x"),
            "phasemap:teeth-side" => json!("left"),
            "phasemap:hatch-texture" => json!("cross"),
            "phasemap:marker" => json!("flag"),
            "phasemap:placement" => json!("center"),
            "phasemap:hatch-cross" | "phasemap:footnote" => json!(true),
            _ => json!(1),
        }
    }

    /// Every key a layer kind accepts is a field of that kind's paint (or
    /// read for every layer), so no accepted key goes undrawn; every key is
    /// accepted by some kind, except `text-max-width`, which is refused.
    #[test]
    fn every_accepted_key_is_a_field() {
        let kinds = ["background", "fill", "line", "circle", "symbol"];
        for (section, keys) in [("paint", PAINT_KEYS), ("layout", LAYOUT_KEYS)] {
            for key in keys {
                let mut accepted_by = Vec::new();
                for kind in kinds {
                    let layer = json!({"id": "x", "type": kind, "source": "r",
                                       section: {*key: sample(key)}});
                    let text = json!({"layers": [layer]}).to_string();
                    if let Ok(style) = Style::parse(Path::new("s.json"), &text) {
                        let l = &style.layers[0];
                        assert!(
                            applies(l.kind, key),
                            "{kind} accepts {key} but does not draw it"
                        );
                        accepted_by.push(kind);
                    }
                }
                if *key == "text-max-width" {
                    assert!(accepted_by.is_empty(), "{accepted_by:?} accept {key}");
                } else {
                    assert!(!accepted_by.is_empty(), "no layer kind accepts {key}");
                }
            }
        }
    }

    /// A theatre without powers, for tests that evaluate paint.
    pub(crate) struct NoPowers;
    impl crate::style::PowerLookup for NoPowers {
        fn name(&self, c: &str) -> String {
            c.to_string()
        }
        fn color(&self, _: &str) -> Option<Color> {
            None
        }
        fn dark(&self, _: &str) -> Option<Color> {
            None
        }
        fn pattern(&self, _: &str) -> Option<crate::model::Pattern> {
            None
        }
        fn side(&self, _: &str) -> Option<String> {
            None
        }
    }

    /// A constant converts once to its type; an expression per feature; a
    /// value of the wrong type counts as absent.
    #[test]
    fn constants_and_expressions_convert_alike() {
        let paint = json!({"fill-color": "#ff0000", "fill-opacity": ["get", "o"],
                           "phasemap:hatch-color": "not a colour",
                           "phasemap:hatch-width": "0.5mm"})
        .as_object()
        .cloned()
        .unwrap_or_default();
        let Paint::Fill(f) = Paint::compile(LayerKind::Fill, &paint, &Map::new()) else {
            panic!("a fill layer compiles to fill paint");
        };
        let props = json!({"o": 0.25}).as_object().cloned().unwrap_or_default();
        let ctx = EvalContext {
            properties: &props,
            phase: "p",
            snapshot: "1919-01-01",
            powers: &NoPowers,
        };
        assert_eq!(f.color.get(&ctx), Some(Color::rgb(255, 0, 0)));
        assert_eq!(f.opacity.get(&ctx), Some(0.25));
        assert_eq!(f.hatch_color.get(&ctx), None);
        assert!(f.hatch_color.is_set(&ctx));
        assert_eq!(f.hatch_width.get(&ctx), size_value(&json!("0.5mm")));
        assert!(!f.outline_color.is_given());
        let none = Map::new();
        let ctx = EvalContext {
            properties: &none,
            ..ctx
        };
        assert_eq!(f.opacity.get(&ctx), None);
        assert!(!f.opacity.is_set(&ctx));
    }
}
