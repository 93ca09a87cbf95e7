//! Power colours must stay apart for colour-blind readers: every pair of
//! control fills (as seen: composited over the land colour at the style's
//! opacity) differs by at least 10 CIEDE2000 in normal vision and under
//! simulated deuteranopia and protanopia (Machado, Oliveira and Fernandes
//! 2009, severity 1.0, applied in linear sRGB), and stands 15 or more from
//! the land (every pair, not only powers of one phase: a sheet shows every
//! phase on one page, a change map any two). Checked for every theatre in
//! the repository, with each colour style bound to it as `render` binds it
//! (the palette).

use palette::color_difference::Ciede2000;
use palette::{FromColor, Lab, LinSrgb, Srgb};
use phasemap::model::{Role, Theatre};
use phasemap::style::{expr, Color, EvalContext, LayerKind, Powers, Style};

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

/// (power, colour as seen) of each power's control fill in `style`, and
/// the land colour.
fn control_fills(
    t: &Theatre,
    style: &Style,
    powers: &[&str],
) -> (Vec<(String, Srgb<f32>)>, Srgb<f32>) {
    let land = style
        .layers
        .iter()
        .find(|l| l.role == Some(Role::Land))
        .expect("land layer");
    let control = style
        .layers
        .iter()
        .find(|l| l.role == Some(Role::Control) && l.kind == LayerKind::Fill)
        .expect("control layer");
    let colour_of = |layer: &phasemap::style::StyleLayer, power: &str, key: &str| {
        paint_colour(t, style, layer, serde_json::json!({ "power": power }), key)
    };
    let bg = to_srgb(colour_of(land, "", "fill-color").unwrap());
    let opacity = paint_value(t, style, control, serde_json::json!({}), "fill-opacity")
        .map(|v| v.as_f64().unwrap())
        .unwrap_or(1.0) as f32;
    let fills = powers
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
        .collect();
    (fills, bg)
}

fn distance_all_visions(a: Srgb<f32>, b: Srgb<f32>) -> (f32, &'static str) {
    [
        ("normal", None),
        ("deuteranopia", Some(&DEUTERANOPIA)),
        ("protanopia", Some(&PROTANOPIA)),
    ]
    .into_iter()
    .map(|(vision, m)| {
        let (x, y) = match m {
            Some(m) => (simulate(a, m), simulate(b, m)),
            None => (a, b),
        };
        (lab(x).difference(lab(y)), vision)
    })
    .min_by(|a, b| a.0.total_cmp(&b.0))
    .unwrap()
}

/// Distances of every pair of powers: a sheet shows every phase on one
/// page and a change map any two, so any two powers may meet.
fn min_pair_distance(fills: &[(String, Srgb<f32>)]) -> Vec<(f32, String)> {
    let mut out = Vec::new();
    for (i, (a, ca)) in fills.iter().enumerate() {
        for (b, cb) in fills.iter().skip(i + 1) {
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

fn theatre(dir: &str) -> Theatre {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    phasemap::load::load_theatre(&root.join(dir)).unwrap()
}

/// The style `name`, bound to `t` as `render` binds it.
fn style(t: &Theatre, name: &str) -> Style {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("styles")
        .join(format!("{name}.json"));
    let mut s = Style::parse(&path, &std::fs::read_to_string(&path).unwrap()).unwrap();
    s.bind(t);
    s
}

const THEATRES: [&str; 6] = [
    "geodata",
    "tests/theatres/tiny",
    "tests/theatres/mini",
    "tests/theatres/squares",
    "tests/theatres/aleutians",
    "examples/russo-japanese-war",
];

#[test]
fn control_fills_differ_by_ten_ciede2000_for_colour_blind_readers() {
    for dir in THEATRES {
        let t = theatre(dir);
        let powers: Vec<&str> = t.powers.keys().map(String::as_str).collect();
        for name in ["wikipedia", "projector"] {
            let (fills, land) = control_fills(&t, &style(&t, name), &powers);
            let pairs = min_pair_distance(&fills);
            if let Some((d, which)) = pairs.first() {
                println!("{dir} {name}: smallest difference {d:.1} CIEDE2000 ({which})");
                assert!(
                    *d >= 10.0,
                    "{dir} {name}: {which} differ by only {d:.1} CIEDE2000"
                );
            }
            for (p, c) in &fills {
                let (d, vision) = distance_all_visions(*c, land);
                assert!(
                    d >= 15.0,
                    "{dir} {name}: {p} is {d:.1} from the land ({vision})"
                );
            }
        }
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
    t: &Theatre,
    style: &Style,
    layer: &phasemap::style::StyleLayer,
    props: serde_json::Value,
    key: &str,
) -> Option<serde_json::Value> {
    let props = props.as_object()?.clone();
    let powers = Powers {
        theatre: t,
        palette: &style.palette,
    };
    let ctx = EvalContext {
        properties: &props,
        phase: "",
        snapshot: "",
        powers: &powers,
    };
    Some(expr::eval(layer.paint.get(key)?, &ctx))
}

/// The colour `layer`'s paint property `key` gives a feature with `props`.
fn paint_colour(
    t: &Theatre,
    style: &Style,
    layer: &phasemap::style::StyleLayer,
    props: serde_json::Value,
    key: &str,
) -> Option<Color> {
    let v = paint_value(t, style, layer, props, key)?;
    v.as_str().map(|s| Color::parse(s).unwrap())
}

/// Colour of each power's movement arrows in `style`.
fn arrow_colours(t: &Theatre, style: &Style, powers: &[&str]) -> Vec<(String, Srgb<f32>)> {
    // A theatre without movements has no arrows to compare.
    let Some(movements) = style.layers.iter().find(|l| l.role == Some(Role::Movement)) else {
        return Vec::new();
    };
    powers
        .iter()
        .map(|p| {
            let props = serde_json::json!({ "power": p, "kind": "advance" });
            let c = paint_colour(t, style, movements, props, "line-color").expect("a colour");
            (p.to_string(), to_srgb(c))
        })
        .collect()
}

#[test]
fn arrows_of_different_powers_are_not_confused() {
    for dir in THEATRES {
        let t = theatre(dir);
        let powers: Vec<&str> = t.powers.keys().map(String::as_str).collect();
        for name in ["wikipedia", "projector"] {
            let arrows = arrow_colours(&t, &style(&t, name), &powers);
            let pairs = min_pair_distance(&arrows);
            if let Some((d, which)) = pairs.first() {
                assert!(
                    *d >= 10.0,
                    "{dir} {name}: {which} arrows differ by only {d:.1} CIEDE2000"
                );
            }
        }
    }
}
