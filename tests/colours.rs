//! Power colours must stay apart for colour-blind readers: every pair of
//! control fills (as seen: composited over the land colour at the style's
//! opacity) differs by at least 10 CIEDE2000 in normal vision and under
//! simulated deuteranopia and protanopia (Machado, Oliveira and Fernandes
//! 2009, severity 1.0, applied in linear sRGB), and stands 15 or more from
//! the land (every pair, not only powers of one phase: a sheet shows every
//! phase on one page, a change map any two). Checked for every theatre in
//! the repository, with each colour style bound to it as `render` binds it
//! (the palette). The distances are the library's own
//! (`style::palette::distance_by_vision`); what this checks is the paint as
//! the styles draw it.

mod common;

use common::{bound_style, load_theatre, ALL_THEATRES};

use phasemap::model::{Role, Theatre};
use phasemap::style::palette::{distance_by_vision, VISIONS};
use phasemap::style::{expr, Color, EvalContext, LayerKind, Powers, Style};

/// `fg` at opacity `a` over `bg`, as drawn (8-bit sRGB, composited in sRGB
/// as SVG renderers do).
fn over(fg: Color, bg: Color, a: f64) -> Color {
    let mix = |f: u8, b: u8| (a * f64::from(f) + (1.0 - a) * f64::from(b)).round() as u8;
    Color::rgb(mix(fg.r, bg.r), mix(fg.g, bg.g), mix(fg.b, bg.b))
}

/// The smallest distance of two colours over the three visions, and which.
fn distance_all_visions(a: Color, b: Color) -> (f64, &'static str) {
    distance_by_vision(a, b)
        .into_iter()
        .zip(VISIONS)
        .min_by(|x, y| x.0.total_cmp(&y.0))
        .unwrap()
}

/// (power, colour as seen) of each power's control fill in `style`, and
/// the land colour.
///
/// Water is checked apart ([`water_colours`]): a zone is drawn over land,
/// but a reader compares it with the lakes and the sea beside it.
fn control_fills(t: &Theatre, style: &Style, powers: &[&str]) -> (Vec<(String, Color)>, Color) {
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
    let bg = colour_of(land, "", "fill-color").unwrap();
    let opacity = paint_value(t, style, control, serde_json::json!({}), "fill-opacity")
        .map(|v| v.as_f64().unwrap())
        .unwrap_or(1.0);
    let fills = powers
        .iter()
        .map(|p| {
            (
                p.to_string(),
                over(colour_of(control, p, "fill-color").unwrap(), bg, opacity),
            )
        })
        .collect();
    (fills, bg)
}

/// Distances of every pair of powers: a sheet shows every phase on one
/// page and a change map any two, so any two powers may meet.
fn min_pair_distance(fills: &[(String, Color)]) -> Vec<(f64, String)> {
    let mut out = Vec::new();
    for (i, (a, ca)) in fills.iter().enumerate() {
        for (b, cb) in fills.iter().skip(i + 1) {
            for (d, vision) in distance_by_vision(*ca, *cb).into_iter().zip(VISIONS) {
                out.push((d, format!("{a}/{b} ({vision})")));
            }
        }
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out
}

#[test]
fn control_fills_differ_by_ten_ciede2000_for_colour_blind_readers() {
    for dir in ALL_THEATRES {
        let t = load_theatre(dir);
        let powers: Vec<&str> = t.powers.keys().map(String::as_str).collect();
        for name in ["wikipedia", "projector"] {
            let (fills, land) = control_fills(&t, &bound_style(&t, name), &powers);
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

/// The colours water is drawn in: the lakes' fill, and the background
/// (the sea) when the style paints one.
fn water_colours(t: &Theatre, style: &Style) -> Vec<(&'static str, Color)> {
    let mut out = Vec::new();
    if let Some(lakes) = style
        .layers
        .iter()
        .find(|l| l.role == Some(Role::Water) && l.kind == LayerKind::Fill)
    {
        let c = paint_colour(t, style, lakes, serde_json::json!({}), "fill-color");
        out.extend(c.map(|c| ("lakes", c)));
    }
    if let Some(bg) = style
        .layers
        .iter()
        .find(|l| l.kind == LayerKind::Background)
    {
        let c = paint_colour(t, style, bg, serde_json::json!({}), "background-color");
        out.extend(c.map(|c| ("sea", c)));
    }
    out
}

#[test]
fn control_fills_stand_apart_from_water() {
    for dir in ALL_THEATRES {
        let t = load_theatre(dir);
        let powers: Vec<&str> = t.powers.keys().map(String::as_str).collect();
        for name in ["wikipedia", "projector"] {
            let style = bound_style(&t, name);
            let (fills, _) = control_fills(&t, &style, &powers);
            let water = water_colours(&t, &style);
            assert!(!water.is_empty(), "{dir} {name}: no water colour found");
            let mut smallest = f64::INFINITY;
            for (p, c) in &fills {
                for (what, w) in &water {
                    let (d, vision) = distance_all_visions(*c, *w);
                    smallest = smallest.min(d);
                    assert!(
                        d >= 15.0,
                        "{dir} {name}: {p} is {d:.1} from the {what} ({vision})"
                    );
                }
            }
            println!("{dir} {name}: nearest to water {smallest:.1} CIEDE2000");
        }
    }
}

#[test]
fn the_simulation_is_not_the_identity() {
    // Red and green, far apart in normal vision, nearly merge under deuteranopia.
    let (r, g) = (Color::rgb(204, 51, 51), Color::rgb(115, 140, 51));
    let [normal, deut, _] = distance_by_vision(r, g);
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
fn arrow_colours(t: &Theatre, style: &Style, powers: &[&str]) -> Vec<(String, Color)> {
    // A theatre without movements has no arrows to compare.
    let Some(movements) = style.layers.iter().find(|l| l.role == Some(Role::Movement)) else {
        return Vec::new();
    };
    powers
        .iter()
        .map(|p| {
            let props = serde_json::json!({ "power": p, "kind": "advance" });
            let c = paint_colour(t, style, movements, props, "line-color").expect("a colour");
            (p.to_string(), c)
        })
        .collect()
}

/// The powers a theatre draws in their dark shade: those named by its
/// arrows (movement features) and hatching (presence features).
fn drawn_dark(t: &Theatre) -> Vec<&str> {
    let mut codes: Vec<&str> = t
        .layers
        .iter()
        .filter(|l| matches!(l.role, Some(Role::Movement | Role::Presence)))
        .flat_map(|l| l.features.iter().filter_map(|f| f.str_prop("power")))
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

#[test]
fn arrows_of_different_powers_are_not_confused() {
    for dir in ALL_THEATRES {
        let t = load_theatre(dir);
        let powers = drawn_dark(&t);
        for name in ["wikipedia", "projector"] {
            let arrows = arrow_colours(&t, &bound_style(&t, name), &powers);
            let pairs = min_pair_distance(&arrows);
            if let Some((d, which)) = pairs.first() {
                println!(
                    "{dir} {name}: {} arrow colours, nearest {d:.1} ({which})",
                    arrows.len()
                );
            }
            if let Some((d, which)) = pairs.first() {
                assert!(
                    *d >= 10.0,
                    "{dir} {name}: {which} arrows differ by only {d:.1} CIEDE2000"
                );
            }
        }
    }
}

/// CIE lightness of a colour.
fn lightness(c: Color) -> f64 {
    use palette::{FromColor, Lab, Srgb};
    let lab: Lab = Lab::from_color(Srgb::new(c.r, c.g, c.b).into_format::<f32>().into_linear());
    f64::from(lab.l)
}

/// An arrow lighter than the zone it crosses reads as a gap in the zone,
/// not as a line: only a fill too dark to darken (the palette's
/// `TOO_DARK_TO_DARKEN`, L 40) may get a lighter arrow.
#[test]
fn arrows_are_darker_than_mid_tone_zones() {
    for dir in ALL_THEATRES {
        let t = load_theatre(dir);
        let powers: Vec<&str> = t.powers.keys().map(String::as_str).collect();
        for name in ["wikipedia", "projector"] {
            let style = bound_style(&t, name);
            let arrows = arrow_colours(&t, &style, &powers);
            let (fills, _) = control_fills(&t, &style, &powers);
            for ((p, arrow), (_, fill)) in arrows.iter().zip(&fills) {
                let (a, f) = (lightness(*arrow), lightness(*fill));
                if f >= 40.0 {
                    assert!(
                        a + 5.0 <= f,
                        "{dir} {name}: {p}'s arrow (L {a:.0}) is not darker than its zone (L {f:.0})"
                    );
                }
            }
        }
    }
}

/// Powers of a theatre without `sides` (a common first theatre: two
/// powers, nothing else declared) get hues of their own, spread around the
/// hue circle: two opposing powers must not be two shades of red.
/// `tests/theatres/mini` declares two powers and no sides; five is the same
/// theatre with three more powers.
#[test]
fn powers_without_sides_get_hues_far_apart() {
    let two = load_theatre("tests/theatres/mini");
    assert!(two.sides.is_empty() && two.powers.len() == 2);
    let mut five = two.clone();
    for code in ["AA", "BB", "CC"] {
        let power = phasemap::model::Power {
            name: code.to_string(),
            ..Default::default()
        };
        five.powers.insert(code.to_string(), power);
    }
    // Smallest distance over every pair and vision, as drawn; what a
    // reader must tell apart across a front line.
    for (t, least) in [(&two, 30.0), (&five, 16.0)] {
        let powers: Vec<&str> = t.powers.keys().map(String::as_str).collect();
        for name in ["wikipedia", "projector"] {
            let style = bound_style(t, name);
            let (fills, _) = control_fills(t, &style, &powers);
            let (d, which) = min_pair_distance(&fills).remove(0);
            let hex: Vec<String> = fills.iter().map(|(p, c)| format!("{p} {c:?}")).collect();
            println!(
                "{} powers, {name}: smallest {d:.1} ({which}); {hex:?}",
                powers.len()
            );
            assert!(
                d >= least,
                "{} powers without sides, {name}: {which} only {d:.1} CIEDE2000 apart (want {least})",
                powers.len()
            );
        }
    }
}

/// LCh hue (degrees) and chroma of a colour.
fn hue_chroma(c: Color) -> (f64, f64) {
    use palette::{FromColor, Lch, Srgb};
    let lch = Lch::from_color(Srgb::new(c.r, c.g, c.b).into_format::<f32>());
    (
        f64::from(lch.hue.into_positive_degrees()),
        f64::from(lch.chroma),
    )
}

/// Review 2 finding 14: a land zone in the hue of a pale blue sea beside it
/// reads as more sea, however far apart the two are in CIEDE2000 (the
/// second side's blue, #3d92cc, beside the sea #c6ecff). Every automatic
/// colour keeps 40 degrees of hue or more from the sea where the style
/// draws a pale coloured sea (wikipedia): in the built-in theatre and in a
/// theatre of two sides, one power each.
#[test]
fn automatic_fills_keep_their_hue_away_from_a_pale_sea() {
    let mut two = load_theatre("tests/theatres/mini");
    let codes: Vec<String> = two.powers.keys().cloned().collect();
    for (k, code) in codes.iter().enumerate() {
        let id = format!("side{k}");
        two.sides.push(phasemap::model::Side {
            id: id.clone(),
            name: id.clone(),
            name_of: None,
            order: k as i64,
            neutral: false,
            distinct: false,
        });
        two.powers.get_mut(code).unwrap().side = Some(id);
    }
    let builtin = load_theatre("geodata");
    for t in [&builtin, &two] {
        let style = bound_style(t, "wikipedia");
        let sea = paint_colour(
            t,
            &style,
            style
                .layers
                .iter()
                .find(|l| l.kind == LayerKind::Background)
                .unwrap(),
            serde_json::json!({}),
            "background-color",
        )
        .unwrap();
        let (sea_hue, _) = hue_chroma(sea);
        let powers: Vec<&str> = t.powers.keys().map(String::as_str).collect();
        let (fills, _) = control_fills(t, &style, &powers);
        for (code, fill) in &fills {
            if style.palette.look(code).is_none_or(|l| l.given) {
                continue;
            }
            let (hue, chroma) = hue_chroma(*fill);
            let d = (hue - sea_hue).rem_euclid(360.0);
            let d = d.min(360.0 - d);
            println!(
                "{} {code}: {} hue {hue:.0}, {d:.0} from the sea",
                t.id,
                fill.hex()
            );
            assert!(
                chroma < 12.0 || d >= 40.0,
                "{} {code}: {} is {d:.0} degrees of hue from the sea {}",
                t.id,
                fill.hex(),
                sea.hex()
            );
        }
    }
}

/// Review 3 finding 11: one state in one hue. A power the manifest marks as
/// a `shade_of` another (the built-in theatre: Japan's empire beside its
/// occupation zones) is drawn in that power's hue, in every style that
/// colours zones, and still 10 CIEDE2000 from it.
#[test]
fn a_shade_of_a_power_keeps_its_hue() {
    let builtin = load_theatre("geodata");
    let shades: Vec<(&String, &String)> = builtin
        .powers
        .iter()
        .filter_map(|(code, p)| p.shade_of.as_ref().map(|of| (code, of)))
        .collect();
    assert!(
        !shades.is_empty(),
        "the built-in theatre declares a shade_of"
    );
    for name in ["wikipedia", "projector"] {
        let style = bound_style(&builtin, name);
        for (code, of) in &shades {
            let look = |c: &str| style.palette.look(c).unwrap().color;
            let (a, b) = (look(code), look(of));
            let (ha, _) = hue_chroma(a);
            let (hb, _) = hue_chroma(b);
            let d = (ha - hb).rem_euclid(360.0);
            assert!(
                d.min(360.0 - d) <= 25.0,
                "{name}: {code} {} is not a shade of {of} {}",
                a.hex(),
                b.hex()
            );
            let (apart, vision) = distance_all_visions(a, b);
            assert!(
                apart >= 10.0,
                "{name}: {code} and {of} {apart:.1} ({vision})"
            );
        }
    }
}

/// The lines drawn over the zones that belong to the ground: rivers, and
/// the coast and lake shores (the land and water layers' outlines), each
/// with its casing colour as drawn over `fill` (none for a line without).
fn river_lines(t: &Theatre, style: &Style, fill: Color) -> Vec<(String, Color, Option<Color>)> {
    let mut out = Vec::new();
    for l in &style.layers {
        let (key, opacity) = match (l.kind, l.role) {
            (LayerKind::Line, Some(Role::Rivers)) => ("line-color", "line-opacity"),
            (LayerKind::Fill, Some(Role::Land | Role::Water)) => ("fill-outline-color", ""),
            _ => continue,
        };
        let props = serde_json::json!({ "rank": 2 });
        let Some(c) = paint_colour(t, style, l, props.clone(), key) else {
            continue;
        };
        let a = paint_value(t, style, l, props.clone(), opacity)
            .and_then(|v| v.as_f64())
            .unwrap_or(1.0);
        let casing =
            paint_colour(t, style, l, props, "phasemap:casing-color").map(|k| over(k, fill, a));
        out.push((format!("{} {key}", l.id), over(c, fill, a), casing));
    }
    out
}

/// A theatre of two sides, one power each, from `tests/theatres/mini`: the
/// second side's family is blue, the rivers' hue (review 3 finding 2: the
/// Paraguay River vanished in Paraguay's blue).
fn two_sides() -> Theatre {
    let mut two = load_theatre("tests/theatres/mini");
    let codes: Vec<String> = two.powers.keys().cloned().collect();
    for (k, code) in codes.iter().enumerate() {
        let id = format!("side{k}");
        two.sides.push(phasemap::model::Side {
            id: id.clone(),
            name: id.clone(),
            name_of: None,
            order: k as i64,
            neutral: false,
            distinct: false,
        });
        two.powers.get_mut(code).unwrap().side = Some(id);
    }
    two
}

/// Review 3 finding 2: rivers drawn over a zone vanish when the zone's
/// fill is their colour (Semyonov's fill was 2.2 CIEDE2000 from the
/// rivers in normal vision, 0.5 under deuteranopia). Every automatic fill
/// as drawn keeps the palette's distance between powers (10) from the
/// river and shore colours in normal vision; and in every vision a river
/// over the fill stands out by its colour or by its casing (the land's
/// colour), 10 or more from the fill.
#[test]
fn rivers_stand_out_from_every_zone() {
    let mut theatres: Vec<(String, Theatre)> = ALL_THEATRES
        .iter()
        .map(|d| (d.to_string(), load_theatre(d)))
        .collect();
    theatres.push(("two sides".into(), two_sides()));
    for (dir, t) in &theatres {
        let powers: Vec<&str> = t.powers.keys().map(String::as_str).collect();
        for name in ["wikipedia", "projector"] {
            let style = bound_style(t, name);
            let (fills, _) = control_fills(t, &style, &powers);
            let mut normal = (f64::INFINITY, String::new());
            let mut seen = (f64::INFINITY, String::new());
            for (p, fill) in &fills {
                let lines = river_lines(t, &style, *fill);
                assert!(!lines.is_empty(), "{dir} {name}: no river colour found");
                for (what, line, casing) in &lines {
                    if style.palette.look(p).is_some_and(|l| !l.given) {
                        let [d, _, _] = distance_by_vision(*fill, *line);
                        if d < normal.0 {
                            normal = (d, format!("{p} {} / {what} {}", fill.hex(), line.hex()));
                        }
                    }
                    if !what.starts_with("rivers") {
                        continue; // shores lie between zone and water
                    }
                    for (k, vision) in VISIONS.iter().enumerate() {
                        let by_line = distance_by_vision(*fill, *line)[k];
                        let by_casing = casing.map_or(0.0, |c| distance_by_vision(*fill, c)[k]);
                        let d = by_line.max(by_casing);
                        if d < seen.0 {
                            seen = (
                                d,
                                format!("{p} {} / {what} {} ({vision})", fill.hex(), line.hex()),
                            );
                        }
                    }
                }
            }
            println!(
                "{dir} {name}: fill to river {:.1} ({}); river or casing seen {:.1} ({})",
                normal.0, normal.1, seen.0, seen.1
            );
            assert!(
                normal.0 >= 10.0,
                "{dir} {name}: only {:.1} CIEDE2000 between {} in normal vision (10 needed)",
                normal.0,
                normal.1
            );
            assert!(
                seen.0 >= 10.0,
                "{dir} {name}: a river over {} stands out by only {:.1} CIEDE2000 (10 needed)",
                seen.1,
                seen.0
            );
        }
    }
}

/// LCh lightness, chroma and hue (degrees) of a colour.
fn lch(c: Color) -> (f64, f64, f64) {
    use palette::{FromColor, Lch, Srgb};
    let lch = Lch::from_color(Srgb::new(c.r, c.g, c.b).into_format::<f32>());
    (
        f64::from(lch.l),
        f64::from(lch.chroma),
        f64::from(lch.hue.into_positive_degrees()),
    )
}

/// Degrees between two hues, round the circle.
fn hue_gap(a: f64, b: f64) -> f64 {
    let d = (a - b).rem_euclid(360.0);
    d.min(360.0 - d)
}

/// The mean of hues (degrees), round the circle.
fn mean_hue(hues: &[f64]) -> f64 {
    let (s, c) = hues.iter().fold((0.0, 0.0), |(s, c), h: &f64| {
        (s + h.to_radians().sin(), c + h.to_radians().cos())
    });
    s.atan2(c).to_degrees().rem_euclid(360.0)
}

/// `t` with one more power, `code`, on a new side marked neutral.
fn with_neutral(mut t: Theatre, code: &str) -> Theatre {
    t.sides.push(phasemap::model::Side {
        id: "neutral".into(),
        name: "Neutral states".into(),
        name_of: None,
        order: t.sides.len() as i64,
        neutral: true,
        distinct: false,
    });
    let power = phasemap::model::Power {
        name: code.to_string(),
        side: Some("neutral".into()),
        ..Default::default()
    };
    t.powers.insert(code.to_string(), power);
    t
}

/// The theatres the side rules are checked on: every theatre of the
/// repository, two sides of one power each, and two sides of three
/// powers each beside a neutral (a crowded pair of families).
fn theatres_with_sides() -> Vec<(String, Theatre)> {
    let mut out: Vec<(String, Theatre)> = ALL_THEATRES
        .iter()
        .map(|d| (d.to_string(), load_theatre(d)))
        .collect();
    out.push(("two sides".into(), two_sides()));
    let mut crowded = with_neutral(two_sides(), "NN");
    let sides: Vec<String> = crowded.sides.iter().map(|s| s.id.clone()).collect();
    for (k, code) in ["A2", "A3", "B2", "B3"].iter().enumerate() {
        let power = phasemap::model::Power {
            name: code.to_string(),
            side: Some(sides[k / 2].clone()),
            ..Default::default()
        };
        crowded.powers.insert(code.to_string(), power);
    }
    out.push(("two crowded sides and a neutral".into(), crowded));
    out
}

/// Review 5 finding 1: in the projector style Kalmykov, a White power,
/// came out violet (#5d5be3, 38 degrees of hue from the Whites' blue and
/// of twice their chroma), read as kin of the Reds. In every style that
/// colours zones, the automatic colours of each belligerent side's powers
/// (neither neutral nor `distinct`, not a shade of another power) form a
/// family: each has a hue a reader sees (chroma 16 or more), their hues lie
/// within 45 degrees of each other (Kalmykov's violet was 49 from
/// Semyonov's blue), and each is nearer its own side's mean
/// hue than any other side's. The print style draws no power in a colour
/// (hatches in black), so no colour can cross the sides there.
#[test]
fn belligerent_sides_are_hue_families_in_every_style() {
    for (dir, t) in theatres_with_sides() {
        let powers: Vec<&str> = t.powers.keys().map(String::as_str).collect();
        for name in ["wikipedia", "projector"] {
            let style = bound_style(&t, name);
            let (fills, _) = control_fills(&t, &style, &powers);
            let mut families: Vec<(String, Vec<(String, f64)>)> = Vec::new();
            for (code, fill) in &fills {
                let power = &t.powers[code];
                let Some(side) = t.side_of(code) else {
                    continue;
                };
                if side.neutral || side.distinct || power.shade_of.is_some() {
                    continue;
                }
                if style.palette.look(code).is_none_or(|l| l.given) {
                    continue;
                }
                let (_, chroma, hue) = lch(*fill);
                assert!(
                    chroma >= 16.0,
                    "{dir} {name}: {code} ({}) {} has chroma {chroma:.0}: no hue to tell its side by",
                    side.id,
                    fill.hex()
                );
                match families.iter_mut().find(|(s, _)| *s == side.id) {
                    Some((_, f)) => f.push((code.clone(), hue)),
                    None => families.push((side.id.clone(), vec![(code.clone(), hue)])),
                }
            }
            let means: Vec<f64> = families
                .iter()
                .map(|(_, f)| mean_hue(&f.iter().map(|(_, h)| *h).collect::<Vec<_>>()))
                .collect();
            for (k, (side, members)) in families.iter().enumerate() {
                let spread = members
                    .iter()
                    .flat_map(|(_, a)| members.iter().map(move |(_, b)| hue_gap(*a, *b)))
                    .fold(0.0, f64::max);
                println!("{dir} {name}: side {side} {members:?}, hues {spread:.0} degrees apart");
                assert!(
                    spread <= 45.0,
                    "{dir} {name}: side {side}'s hues spread over {spread:.0} degrees: {members:?}"
                );
                for (code, hue) in members {
                    for (j, other) in means.iter().enumerate() {
                        assert!(
                            j == k || hue_gap(*hue, *other) > hue_gap(*hue, means[k]),
                            "{dir} {name}: {code} of side {side} (hue {hue:.0}) is nearer side {}'s hues ({other:.0}) than its own ({:.0})",
                            families[j].0,
                            means[k]
                        );
                    }
                }
            }
        }
        let print = bound_style(&t, "print");
        let control = print
            .layers
            .iter()
            .find(|l| l.role == Some(Role::Control) && l.kind == LayerKind::Fill)
            .expect("control layer");
        for code in &powers {
            let props = serde_json::json!({ "power": code });
            for key in ["fill-color", "phasemap:hatch-color"] {
                if let Some(c) = paint_colour(&t, &print, control, props.clone(), key) {
                    let (_, chroma, _) = lch(c);
                    assert!(
                        chroma < 2.0,
                        "{dir} print: {code}'s {key} {} has a hue",
                        c.hex()
                    );
                }
            }
        }
    }
}

/// Review 5 finding 2: China, the built-in theatre's neutral, was the
/// darkest fill of the projector style's maps (#857277, lightness 51). A
/// neutral power is muted in every style: in the colour styles light
/// (lightness 60 or more) and of low chroma (16 or less), never the
/// darkest fill nor the strongest (its chroma under every belligerent
/// side's power's); in print its hatch is the sparsest of the zones'.
#[test]
fn neutral_powers_are_muted_in_every_style() {
    let mut checked = 0;
    for (dir, t) in theatres_with_sides() {
        let neutrals: Vec<&str> = t
            .powers
            .keys()
            .map(String::as_str)
            .filter(|c| t.side_of(c).is_some_and(|s| s.neutral))
            .collect();
        if neutrals.is_empty() {
            continue;
        }
        let powers: Vec<&str> = t.powers.keys().map(String::as_str).collect();
        for name in ["wikipedia", "projector"] {
            let style = bound_style(&t, name);
            let (fills, _) = control_fills(&t, &style, &powers);
            let darkest = fills
                .iter()
                .map(|(_, c)| lch(*c).0)
                .fold(f64::INFINITY, f64::min);
            for (code, fill) in fills.iter().filter(|(c, _)| neutrals.contains(&c.as_str())) {
                if style.palette.look(code).is_none_or(|l| l.given) {
                    continue;
                }
                let (l, chroma, _) = lch(*fill);
                println!("{dir} {name}: neutral {code} {} lightness {l:.0} chroma {chroma:.0}; darkest fill {darkest:.0}", fill.hex());
                assert!(
                    l >= 60.0 && chroma <= 16.0,
                    "{dir} {name}: neutral {code} {} is not muted (lightness {l:.0}, chroma {chroma:.0})",
                    fill.hex()
                );
                assert!(
                    l > darkest,
                    "{dir} {name}: neutral {code} {} is the darkest fill",
                    fill.hex()
                );
                for (other, c) in &fills {
                    let side = t.side_of(other);
                    if side.is_some_and(|s| !s.neutral && !s.distinct) {
                        let (_, oc, _) = lch(*c);
                        assert!(
                            chroma < oc,
                            "{dir} {name}: neutral {code} (chroma {chroma:.0}) is as strong as {other} ({oc:.0})"
                        );
                    }
                }
                checked += 1;
            }
        }
        let print = bound_style(&t, "print");
        for code in &neutrals {
            let mine = print.palette.look(code).unwrap().pattern;
            for (other, look) in print.palette.iter() {
                let p = look.pattern;
                let neutral = t.side_of(other).is_some_and(|s| s.neutral);
                if !neutral && p.texture == phasemap::model::Texture::Lines {
                    assert!(
                        p.spacing < mine.spacing,
                        "{dir} print: neutral {code}'s hatch ({mine:?}) is as dense as {other}'s ({p:?})"
                    );
                }
            }
        }
    }
    assert!(checked >= 4, "only {checked} neutral colours checked");
}
