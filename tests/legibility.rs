//! Text an article reader can read (review section 7): at article width
//! (800 px) no text on a phase map is under 8 px, the sources line names the
//! projection instead of printing its PROJ string, and labels on water
//! stand out from it by the WCAG 2 contrast for body text (4.5:1).

mod common;

use std::path::{Path, PathBuf};

use phasemap::Session;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `font-size` in `svg` with the text it sizes.
fn font_sizes(svg: &str) -> Vec<(f64, String)> {
    let mut out = Vec::new();
    for piece in svg.split("<text").skip(1) {
        let Some((attrs, rest)) = piece.split_once('>') else {
            continue;
        };
        let Some(size) = attrs
            .split_once("font-size=\"")
            .and_then(|(_, s)| s.split_once('"'))
            .and_then(|(s, _)| s.parse::<f64>().ok())
        else {
            continue;
        };
        let text = rest.split('<').next().unwrap_or("").to_string();
        out.push((size, text));
    }
    out
}

fn scenes(
    theatre: &Path,
    style: &str,
    width: f64,
    langs: &[String],
) -> Vec<phasemap::compose::Scene> {
    let s = Session::open(theatre, style, &root().join("styles"), width).unwrap();
    let phases = s.select_phases(&[]).unwrap();
    s.scenes_in(&phases, langs)
        .into_iter()
        .flat_map(|(_, singles)| singles)
        .collect()
}

#[test]
fn at_800_px_no_text_is_under_8_px() {
    let langs = vec!["en".to_string(), "ru".to_string()];
    let en = vec!["en".to_string()];
    let theatres = [
        ("geodata", &langs),
        ("tests/theatres/aleutians", &en),
        ("tests/theatres/tiny", &en),
        ("examples/russo-japanese-war", &en),
    ];
    for (dir, langs) in theatres {
        for style in ["wikipedia", "print", "projector"] {
            let mut small = Vec::new();
            for scene in scenes(&root().join(dir), style, 800.0, langs) {
                for (size, text) in font_sizes(&scene.svg) {
                    if size < 8.0 {
                        small.push(format!("{} {size} {text:?}", scene.phase));
                    }
                }
            }
            assert!(
                small.is_empty(),
                "{dir} {style}: {} texts under 8 px at 800 px, e.g. {:?}",
                small.len(),
                &small[..small.len().min(6)]
            );
        }
    }
}

/// The text of the sources line (`<g id="sources">`).
fn sources(svg: &str) -> String {
    let g = &svg[svg.find("<g id=\"sources\">").expect("a sources line")..];
    let g = &g[..g.find("</g>").unwrap()];
    font_sizes(g)
        .into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The sources line names the projection in words at every width (a
/// reader needs "Lambert conformal conic", not `+proj=lcc`); the PROJ
/// string that reproduces the map is in the Commons description.
#[test]
fn the_sources_line_names_the_projection_at_every_width() {
    let langs = vec!["en".to_string(), "ru".to_string()];
    let geodata = root().join("geodata");
    for width in [800.0, 2400.0] {
        for (lang, scene) in langs
            .iter()
            .zip(scenes(&geodata, "wikipedia", width, &langs))
        {
            let line = sources(&scene.svg);
            assert!(!line.contains("+proj"), "{lang} {width}: {line}");
            let want = if lang == "en" {
                "Lambert conformal conic, standard parallels 45°N and 65°N"
            } else {
                "равноугольная коническая Ламберта, стандартные параллели 45° и 65°"
            };
            assert!(line.contains(want), "{lang} {width}: {line}");
        }
    }
}

/// WCAG 2 relative luminance of an sRGB colour.
fn luminance(c: phasemap::style::Color) -> f64 {
    let lin = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b)
}

fn contrast(a: phasemap::style::Color, b: phasemap::style::Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Every label against its halo; labels set on water without one (the
/// `lake-labels` and `sea-labels` layers of the built-in styles) against
/// the water colour.
#[test]
fn labels_stand_out_from_what_they_are_written_on() {
    use phasemap::style::Color;
    for name in ["wikipedia", "print", "projector"] {
        let path = common::styles_dir().join(format!("{name}.json"));
        let style: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let layers = style["layers"].as_array().unwrap();
        let colour = |v: &serde_json::Value| v.as_str().and_then(|s| Color::parse(s).ok());
        let water = layers
            .iter()
            .find(|l| l["id"] == "lakes")
            .and_then(|l| colour(&l["paint"]["fill-color"]))
            .expect("a lakes fill");
        for l in layers.iter().filter(|l| l["type"] == "symbol") {
            let id = l["id"].as_str().unwrap();
            let Some(text) = colour(&l["paint"]["text-color"]) else {
                continue;
            };
            // A halo is what the text is read against; without one, a
            // water label is read against the water.
            let halo = colour(&l["paint"]["text-halo-color"]);
            let on_water = id == "lake-labels" || id == "sea-labels";
            let ground = halo.or(on_water.then_some(water));
            if let Some(g) = ground {
                let c = contrast(text, g);
                assert!(
                    c >= 4.5,
                    "{name} {id}: {} on {} is {c:.2}:1",
                    text.hex(),
                    g.hex()
                );
            }
        }
    }
}
