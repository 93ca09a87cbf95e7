//! Structure-aware inputs: the fuzzer's bytes pick a theatre and a style
//! from a grammar of the shapes phasemap reads (so most inputs get past
//! the JSON parser) with the values that break renderers: deep and long
//! geometry, extreme and non-finite numbers, odd characters.
#![allow(dead_code)]

use libfuzzer_sys::arbitrary::{self, Arbitrary, Unstructured};
use serde_json::{json, Value};

/// Numbers a renderer must survive.
#[derive(Debug, Arbitrary, Clone, Copy)]
pub enum Num {
    Small(i8),
    Frac(i16),
    Any(f64),
    Zero,
    NegZero,
    Tiny,
    Huge,
    Max,
    Min,
}

impl Num {
    pub fn value(self) -> f64 {
        match self {
            Num::Small(n) => f64::from(n),
            Num::Frac(n) => f64::from(n) / 100.0,
            Num::Any(x) => x,
            Num::Zero => 0.0,
            Num::NegZero => -0.0,
            Num::Tiny => 1e-300,
            Num::Huge => 1e300,
            Num::Max => f64::MAX,
            Num::Min => f64::MIN_POSITIVE,
        }
    }

    /// As JSON: a number when finite, else the string a style might carry.
    pub fn json(self) -> Value {
        let v = self.value();
        serde_json::Number::from_f64(v)
            .map(Value::Number)
            .unwrap_or_else(|| Value::String(format!("{v}px")))
    }
}

/// Text with the characters that break markup, terminals and spreadsheets.
#[derive(Debug, Arbitrary, Clone)]
pub enum Text {
    Plain(String),
    Markup,
    NonChar,
    Controls,
    Formula,
    Long(u16),
    Bidi,
    Empty,
}

impl Text {
    pub fn text(&self) -> String {
        match self {
            Text::Plain(s) => s.chars().take(64).collect(),
            Text::Markup => "</text><script>&amp;\"'<![CDATA[".into(),
            Text::NonChar => "a\u{FFFF}b\u{FFFE}\u{1FFFF}".into(),
            Text::Controls => "a\u{0}\u{1b}[31mb\u{7}\r\n\t\u{85}".into(),
            Text::Formula => "=HYPERLINK(\"x\"),@SUM(1)".into(),
            Text::Long(n) => "W".repeat(usize::from(*n) % 5000),
            Text::Bidi => "\u{202E}gnp.exe\u{200B}".into(),
            Text::Empty => String::new(),
        }
    }
}

/// A GeoJSON geometry, in degrees near the theatre.
#[derive(Debug, Arbitrary, Clone)]
pub enum Geom {
    Point(Num, Num),
    Line(Vec<(Num, Num)>),
    /// A zigzag of n vertices (deep simplification).
    Zigzag(u16, Num),
    Polygon(Vec<(Num, Num)>),
    /// A regular polygon of n vertices around a centre.
    Circle(u16, Num, Num),
    Collection(Vec<Geom>),
    Multi(Vec<Geom>),
    Null,
}

fn pos(x: Num, y: Num) -> Value {
    // Mostly in the extent (100, 50 +-); any number now and then.
    let f = |n: Num, c: f64, r: f64| match n {
        Num::Small(k) => c + f64::from(k) * r / 128.0,
        Num::Frac(k) => c + f64::from(k) / 100.0,
        other => other.value(),
    };
    json!([f(x, 100.0, 12.0), f(y, 50.0, 6.0)])
}

impl Geom {
    pub fn json(&self, depth: usize) -> Value {
        match self {
            Geom::Point(x, y) => json!({"type": "Point", "coordinates": pos(*x, *y)}),
            Geom::Line(p) => {
                json!({"type": "LineString", "coordinates": p.iter().map(|(x, y)| pos(*x, *y)).collect::<Vec<_>>()})
            }
            Geom::Zigzag(n, amp) => {
                let n = usize::from(*n) % 20_000 + 2;
                let a = amp.value().clamp(-5.0, 5.0);
                let c: Vec<Value> = (0..n)
                    .map(|i| {
                        json!([
                            92.0 + 16.0 * i as f64 / n as f64,
                            50.0 + if i % 2 == 0 { 0.0 } else { a }
                        ])
                    })
                    .collect();
                json!({"type": "LineString", "coordinates": c})
            }
            Geom::Polygon(p) => {
                let mut ring: Vec<Value> = p.iter().map(|(x, y)| pos(*x, *y)).collect();
                if let Some(first) = ring.first().cloned() {
                    ring.push(first);
                }
                json!({"type": "Polygon", "coordinates": [ring]})
            }
            Geom::Circle(n, cx, r) => {
                let n = usize::from(*n) % 50_000 + 3;
                let r = r.value().abs().clamp(0.0, 20.0);
                let c = pos(*cx, Num::Zero);
                let (x0, y0) = (
                    c[0].as_f64().unwrap_or(100.0),
                    c[1].as_f64().unwrap_or(50.0),
                );
                let mut ring: Vec<Value> = (0..n)
                    .map(|i| {
                        let a = std::f64::consts::TAU * i as f64 / n as f64;
                        json!([x0 + r * a.cos(), y0 + r * a.sin() / 2.0])
                    })
                    .collect();
                ring.push(ring[0].clone());
                json!({"type": "Polygon", "coordinates": [ring]})
            }
            Geom::Collection(g) if depth < 8 => json!({"type": "GeometryCollection",
                "geometries": g.iter().map(|g| g.json(depth + 1)).collect::<Vec<_>>()}),
            Geom::Multi(g) => {
                let polys: Vec<Value> = g
                    .iter()
                    .filter_map(|g| g.json(depth + 1).get("coordinates").cloned())
                    .filter(|c| c.get(0).and_then(|r| r.get(0)).is_some_and(Value::is_array))
                    .collect();
                json!({"type": "MultiPolygon", "coordinates": polys})
            }
            _ => Value::Null,
        }
    }
}

/// A feature with the properties the styles below read.
#[derive(Debug, Arbitrary, Clone)]
pub struct Feat {
    pub geom: Geom,
    pub name: Text,
    pub power: Text,
    pub size: Num,
    pub dates: Option<(u16, u16)>,
}

impl Feat {
    pub fn json(&self) -> Value {
        let mut props = json!({"name": self.name.text(), "power": self.power.text(),
                               "size": self.size.json(), "rank": self.size.value()});
        if let Some((a, b)) = self.dates {
            props["start_date"] = json!(format!("{}-01-01", 1900 + a % 40));
            props["end_date"] = json!(format!("{}-06-01", 1900 + b % 40));
        }
        json!({"type": "Feature", "properties": props, "geometry": self.geom.json(0)})
    }
}

pub fn collection(features: &[Feat]) -> String {
    json!({"type": "FeatureCollection", "features": features.iter().map(Feat::json).collect::<Vec<_>>()})
        .to_string()
}

/// A theatre: phases and two layers (areas and points).
#[derive(Debug, Arbitrary)]
pub struct TheatreIn {
    pub title: Text,
    pub caption: Text,
    pub phase_ids: Vec<Text>,
    pub extent: Option<[Num; 4]>,
    pub frame: Option<[Num; 4]>,
    pub areas: Vec<Feat>,
    pub points: Vec<Feat>,
}

impl TheatreIn {
    pub fn manifest(&self) -> String {
        let mut phases = Vec::new();
        for (i, id) in self.phase_ids.iter().take(4).enumerate() {
            let id = match id {
                Text::Plain(s) if !s.is_empty() => s.chars().take(12).collect(),
                _ => format!("p{i}"),
            };
            phases.push(json!({"id": id, "title": self.title.text(), "caption": self.caption.text(),
                "start_date": format!("{}-01-01", 1918 + i), "end_date": format!("{}-01-01", 1919 + i),
                "snapshot": format!("{}-06-01", 1918 + i)}));
        }
        if phases.is_empty() {
            phases.push(json!({"id": "p", "title": "P", "start_date": "1919-01-01",
                "end_date": "1919-02-01", "snapshot": "1919-01-15"}));
        }
        let extent = self
            .extent
            .map(|e| e.map(Num::value).to_vec())
            .unwrap_or_else(|| vec![90.0, 45.0, 110.0, 55.0]);
        let mut m = json!({"id": "fuzz", "title": self.title.text(), "attribution": self.caption.text(),
            "projection": "+proj=lcc +lat_1=45 +lat_2=65 +lat_0=50 +lon_0=100 +datum=WGS84 +units=m +no_defs",
            "extent": extent, "powers": {"RED": {"name": self.title.text()}},
            "phases": phases,
            "layers": [{"id": "land", "path": "land.geojson", "exclusive": true},
                       {"id": "towns", "path": "towns.geojson"}]});
        if let Some(f) = self.frame {
            m["frame"] = json!(f.map(|n| n.value() * 1e4).to_vec());
        }
        // Non-finite numbers cannot be JSON: serde_json writes null.
        m.to_string()
    }
}

/// A style value: a constant or a data-driven expression.
#[derive(Debug, Arbitrary, Clone)]
pub enum StyleValue {
    Const(Num),
    Size(Num, u8),
    Get,
    Match(Num, Num),
    Str(Text),
}

impl StyleValue {
    pub fn json(&self) -> Value {
        match self {
            StyleValue::Const(n) => n.json(),
            StyleValue::Size(n, u) => json!(format!(
                "{}{}",
                n.value(),
                ["px", "pt", "mm", ""][usize::from(*u) % 4]
            )),
            StyleValue::Get => json!(["get", "size"]),
            StyleValue::Match(a, b) => {
                json!(["match", ["get", "power"], "RED", a.json(), b.json()])
            }
            StyleValue::Str(t) => json!(t.text()),
        }
    }
}

/// Numeric keys of each layer kind (the ones that drive loops and sizes).
pub const LINE_KEYS: &[&str] = &[
    "line-width",
    "line-opacity",
    "phasemap:casing-width",
    "phasemap:teeth-size",
    "phasemap:teeth-spacing",
    "phasemap:ties-spacing",
    "phasemap:ties-length",
    "phasemap:arrow-width",
    "phasemap:arrow-head-length",
    "phasemap:arrow-smooth",
];
pub const FILL_KEYS: &[&str] = &[
    "fill-opacity",
    "phasemap:hatch-spacing",
    "phasemap:hatch-angle",
    "phasemap:hatch-width",
    "phasemap:outline-width",
];
pub const CIRCLE_KEYS: &[&str] = &[
    "circle-radius",
    "circle-stroke-width",
    "phasemap:marker-size",
];
pub const TEXT_KEYS: &[&str] = &[
    "text-size",
    "text-letter-spacing",
    "symbol-sort-key",
    "text-padding",
];

#[derive(Debug, Arbitrary)]
pub struct StyleIn {
    pub values: Vec<(u8, StyleValue)>,
    pub dashes: Option<Vec<Num>>,
    pub teeth: bool,
    pub arrows: bool,
    pub marker: bool,
}

impl StyleIn {
    pub fn json(&self) -> String {
        let mut line = json!({"line-color": "#802020"});
        let mut fill = json!({"fill-color": "#fefee9", "fill-outline-color": "#000000", "phasemap:hatch-color": "#ff0000"});
        let mut circle = json!({"circle-color": "#1a1a1a"});
        let (mut text_layout, text_paint) = (
            json!({"text-field": ["get", "name"], "text-size": 16}),
            json!({"text-color": "#000000", "text-halo-color": "#ffffff", "text-halo-width": 2}),
        );
        if self.teeth {
            line["phasemap:teeth-side"] = json!("left");
        }
        if self.arrows {
            line["phasemap:arrow-width"] = json!(6);
        }
        if self.marker {
            circle["phasemap:marker"] = json!("star");
        }
        if let Some(d) = &self.dashes {
            line["line-dasharray"] = json!(d.iter().take(8).map(|n| n.json()).collect::<Vec<_>>());
        }
        for (k, v) in self.values.iter().take(16) {
            let k = usize::from(*k);
            let n = LINE_KEYS.len() + FILL_KEYS.len() + CIRCLE_KEYS.len() + TEXT_KEYS.len();
            let k = k % n;
            if k < LINE_KEYS.len() {
                line[LINE_KEYS[k]] = v.json();
            } else if k < LINE_KEYS.len() + FILL_KEYS.len() {
                fill[FILL_KEYS[k - LINE_KEYS.len()]] = v.json();
            } else if k < LINE_KEYS.len() + FILL_KEYS.len() + CIRCLE_KEYS.len() {
                circle[CIRCLE_KEYS[k - LINE_KEYS.len() - FILL_KEYS.len()]] = v.json();
            } else {
                text_layout[TEXT_KEYS[k - LINE_KEYS.len() - FILL_KEYS.len() - CIRCLE_KEYS.len()]] =
                    v.json();
            }
        }
        json!({"layers": [
            {"id": "sea", "type": "background", "paint": {"background-color": "#c6ecff"}},
            {"id": "land", "type": "fill", "source": "land", "paint": fill,
             "phasemap:legend": {"label": ["get", "name"]}},
            {"id": "edges", "type": "line", "source": "land", "paint": line},
            {"id": "towns", "type": "circle", "source": "towns", "paint": circle},
            {"id": "town-labels", "type": "symbol", "source": "towns", "layout": text_layout, "paint": text_paint}
        ]})
        .to_string()
    }
}

/// Reads a structured input, or `None` when the bytes run out early.
pub fn read<'a, T: Arbitrary<'a>>(data: &'a [u8]) -> Option<T> {
    T::arbitrary(&mut Unstructured::new(data)).ok()
}
