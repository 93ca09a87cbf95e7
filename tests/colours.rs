//! Power colours must stay apart for colour-blind readers: every pair of
//! control fills (as seen: composited over the land colour at the style's
//! opacity) differs by at least 10 CIEDE2000 in normal vision and under
//! simulated deuteranopia and protanopia (Machado, Oliveira and Fernandes
//! 2009, severity 1.0, applied in linear sRGB).

use palette::color_difference::Ciede2000;
use palette::{FromColor, Lab, LinSrgb, Srgb};
use phasemap::style::{expr, Color, EvalContext, LayerKind, Style};

const DEUTERANOPIA: [[f32; 3]; 3] = [
    [0.367_322, 0.860_646, -0.227_968],
    [0.280_085, 0.672_501, 0.047_413],
    [-0.011_820, 0.042_940, 0.968_881],
];
const PROTANOPIA: [[f32; 3]; 3] = [
    [0.152_286, 1.052_583, -0.204_868],
    [0.114_503, 0.786_281, 0.099_216],
    [-0.003_882, -0.048_116, 1.051_998],
];

fn simulate(c: Srgb<f32>, m: &[[f32; 3]; 3]) -> Srgb<f32> {
    let l: LinSrgb<f32> = c.into_linear();
    let v = [l.red, l.green, l.blue];
    let o: Vec<f32> = m
        .iter()
        .map(|row| (row[0] * v[0] + row[1] * v[1] + row[2] * v[2]).clamp(0.0, 1.0))
        .collect();
    Srgb::from_linear(LinSrgb::new(o[0], o[1], o[2]))
}

fn lab(c: Srgb<f32>) -> Lab {
    Lab::from_color(c.into_linear::<f32>())
}

fn to_srgb(c: Color) -> Srgb<f32> {
    Srgb::new(c.r, c.g, c.b).into_format()
}

fn over(fg: Srgb<f32>, bg: Srgb<f32>, a: f32) -> Srgb<f32> {
    Srgb::new(
        a * fg.red + (1.0 - a) * bg.red,
        a * fg.green + (1.0 - a) * bg.green,
        a * fg.blue + (1.0 - a) * bg.blue,
    )
}

/// (power, colour as seen) of each power's control fill in `style`.
fn control_fills(style: &Style, powers: &[&str]) -> Vec<(String, Srgb<f32>)> {
    let land = style
        .layers
        .iter()
        .find(|l| l.source.as_deref() == Some("land"))
        .expect("land layer");
    let control = style
        .layers
        .iter()
        .find(|l| l.source.as_deref() == Some("control") && l.kind == LayerKind::Fill)
        .expect("control layer");
    let colour_of = |layer: &phasemap::style::StyleLayer, power: &str, key: &str| {
        paint_colour(layer, serde_json::json!({ "power": power }), key)
    };
    let bg = to_srgb(colour_of(land, "", "fill-color").unwrap());
    let opacity = paint_value(control, serde_json::json!({}), "fill-opacity")
        .map(|v| v.as_f64().unwrap())
        .unwrap_or(1.0) as f32;
    powers
        .iter()
        .map(|p| {
            (
                p.to_string(),
                over(
                    to_srgb(colour_of(control, p, "fill-color").unwrap()),
                    bg,
                    opacity,
                ),
            )
        })
        .collect()
}

fn min_pair_distance(fills: &[(String, Srgb<f32>)]) -> Vec<(f32, String)> {
    let mut out = Vec::new();
    for (i, (a, ca)) in fills.iter().enumerate() {
        for (b, cb) in &fills[i + 1..] {
            for (vision, m) in [
                ("normal", None),
                ("deuteranopia", Some(&DEUTERANOPIA)),
                ("protanopia", Some(&PROTANOPIA)),
            ] {
                let (x, y) = match m {
                    Some(m) => (simulate(*ca, m), simulate(*cb, m)),
                    None => (*ca, *cb),
                };
                out.push((lab(x).difference(lab(y)), format!("{a}/{b} ({vision})")));
            }
        }
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out
}

fn style(name: &str) -> Style {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("styles")
        .join(format!("{name}.json"));
    Style::parse(&path, &std::fs::read_to_string(&path).unwrap()).unwrap()
}

const CONTROL_POWERS: [&str; 9] = [
    "WH", "SEM", "KAL", "RED", "FER", "PRI", "ZEMSTVO", "CN", "JP",
];

#[test]
// A list of one so that further styles join it with one word.
#[allow(clippy::single_element_loop)]
fn control_fills_differ_by_ten_ciede2000_for_colour_blind_readers() {
    for name in ["wikipedia", "projector"] {
        let pairs = min_pair_distance(&control_fills(&style(name), &CONTROL_POWERS));
        let (d, which) = &pairs[0];
        println!("{name}: smallest difference {d:.1} CIEDE2000 ({which})");
        assert!(
            *d >= 10.0,
            "{name}: {which} differ by only {d:.1} CIEDE2000"
        );
    }
}

#[test]
fn the_simulation_is_not_the_identity() {
    // Red and green, far apart in normal vision, nearly merge under deuteranopia.
    let (r, g) = (Srgb::new(0.8f32, 0.2, 0.2), Srgb::new(0.45f32, 0.55, 0.2));
    let normal = lab(r).difference(lab(g));
    let deut = lab(simulate(r, &DEUTERANOPIA)).difference(lab(simulate(g, &DEUTERANOPIA)));
    assert!(normal > 2.0 * deut, "{normal} vs {deut}");
}

/// What `layer`'s paint property `key` evaluates to for a feature with
/// `props`.
fn paint_value(
    layer: &phasemap::style::StyleLayer,
    props: serde_json::Value,
    key: &str,
) -> Option<serde_json::Value> {
    let props = props.as_object()?.clone();
    let name = |c: &str| c.to_string();
    let ctx = EvalContext {
        properties: &props,
        phase: "",
        snapshot: "",
        power_name: &name,
    };
    Some(expr::eval(layer.paint.get(key)?, &ctx))
}

/// The colour `layer`'s paint property `key` gives a feature with `props`.
fn paint_colour(
    layer: &phasemap::style::StyleLayer,
    props: serde_json::Value,
    key: &str,
) -> Option<Color> {
    let v = paint_value(layer, props, key)?;
    v.as_str().map(|s| Color::parse(s).unwrap())
}

/// Colour of each power's movement arrows in `style`.
fn arrow_colours(style: &Style, powers: &[&str]) -> Vec<(String, Srgb<f32>)> {
    let movements = style
        .layers
        .iter()
        .find(|l| l.source.as_deref() == Some("movement"))
        .expect("movement layer");
    powers
        .iter()
        .map(|p| {
            let props = serde_json::json!({ "power": p, "kind": "advance" });
            let c = paint_colour(movements, props, "line-color").expect("a colour");
            (p.to_string(), to_srgb(c))
        })
        .collect()
}

#[test]
fn arrows_of_different_sides_are_not_confused() {
    // Every power that moves on the built-in maps. Semyonov's arrows share
    // the Whites' colour on purpose (he fought under Kolchak's command).
    let powers = [
        "RED", "WH", "SEM", "US", "JP", "CZ", "AL", "FER", "PRI", "CN",
    ];
    for name in ["wikipedia", "projector"] {
        let arrows = arrow_colours(&style(name), &powers);
        for (i, (a, ca)) in arrows.iter().enumerate() {
            for (b, cb) in &arrows[i + 1..] {
                if (a.as_str(), b.as_str()) == ("WH", "SEM") {
                    continue;
                }
                let d = lab(*ca).difference(lab(*cb));
                assert!(
                    d >= 10.0,
                    "{name}: {a} and {b} arrows differ by only {d:.1} CIEDE2000"
                );
            }
        }
    }
}
