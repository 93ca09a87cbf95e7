//! The manifest's `sides`, `powers` and `publishing` sections, checked and
//! turned into model data. Errors start with the key at fault.

use std::collections::BTreeMap;

use super::manifest;
use super::texts::Texts;
use crate::error::Result;
use crate::model::texts::key;
use crate::model::{check_id, DataSource, Licence, Pattern, Power, Publishing, Side, Texture};

/// The manifest's `publishing` section as model data; an error starts with
/// the key at fault (after `publishing.`).
pub(super) fn publishing(raw: Option<manifest::PublishingEntry>) -> Result<Publishing, String> {
    let Some(raw) = raw else {
        return Ok(Publishing::default());
    };
    let licence = |key: String, name: &str| {
        Licence::parse(name).ok_or_else(|| {
            format!(
                "{key}: unknown licence \"{name}\" (known: {})",
                Licence::NAMES.join(", ")
            )
        })
    };
    let sources = raw
        .sources
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            Ok(DataSource {
                licence: licence(format!("sources[{i}].licence"), &s.licence)?,
                name: s.name,
                url: s.url,
                credit: s.credit,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    if let Some(c) = raw
        .categories
        .iter()
        .find(|c| c.trim().is_empty() || c.contains(['[', ']', '|', '{', '}', '\n']))
    {
        return Err(format!(
            "categories: \"{c}\" is not a category name (no brackets, bars or braces; no \"Category:\" link syntax)"
        ));
    }
    let p = Publishing {
        author: raw.author.filter(|a| !a.trim().is_empty()),
        licence: raw
            .licence
            .map(|l| licence("licence".into(), &l))
            .transpose()?,
        categories: raw
            .categories
            .iter()
            .map(|c| c.trim().trim_start_matches("Category:").to_string())
            .collect(),
        sources,
    };
    p.licence().map_err(|m| format!("licence: {m}"))?;
    Ok(p)
}

/// The manifest's `sides`, checked, in legend order.
pub(super) fn sides(
    raw: &[manifest::SideEntry],
    texts: &mut Texts,
) -> std::result::Result<Vec<Side>, String> {
    let mut out: Vec<Side> = Vec::with_capacity(raw.len());
    for (i, s) in raw.iter().enumerate() {
        check_id(&s.id).map_err(|m| format!("sides[{i}].id: {m}"))?;
        if out.iter().any(|o| o.id == s.id) {
            return Err(format!("sides[{i}].id: duplicate side id \"{}\"", s.id));
        }
        let order = s.order.unwrap_or(i as i64);
        if let Some(o) = out.iter().find(|o| o.order == order) {
            return Err(format!(
                "sides[{i}].order: {order} is also the order of side \"{}\"; give each side its own order (it decides the legend order, the colour families and which way front teeth face)",
                o.id
            ));
        }
        out.push(Side {
            id: s.id.clone(),
            name: texts.take(&key::side_name(&s.id), &s.name)?,
            name_of: s
                .name_of
                .as_ref()
                .map(|n| texts.take(&key::side_name_of(&s.id), n))
                .transpose()?
                .filter(|n| !n.trim().is_empty()),
            order,
            neutral: s.neutral,
            distinct: s.distinct,
        });
        if s.neutral && s.distinct {
            return Err(format!(
                "sides[{i}]: a side is neutral (muted colours) or distinct (own hues), not both"
            ));
        }
    }
    out.sort_by_key(|s| s.order);
    Ok(out)
}

/// The manifest's `powers`, checked against `sides`.
pub(super) fn powers(
    raw: &BTreeMap<String, manifest::PowerEntry>,
    sides: &[Side],
    texts: &mut Texts,
) -> std::result::Result<BTreeMap<String, Power>, String> {
    let mut out = BTreeMap::new();
    let mut given: Vec<([u8; 3], &str)> = Vec::new();
    for (code, p) in raw {
        let at = |key: &str| format!("powers.{code}.{key}");
        if code.is_empty() || code.chars().any(char::is_control) {
            return Err(format!(
                "powers: \"{}\" is not a power code (non-empty, no control characters)",
                code.escape_debug()
            ));
        }
        if let Some(side) = &p.side {
            if !sides.iter().any(|s| &s.id == side) {
                let known: Vec<&str> = sides.iter().map(|s| s.id.as_str()).collect();
                return Err(format!(
                    "{}: \"{side}\" is not a side of this theatre (sides: {}){}",
                    at("side"),
                    if known.is_empty() {
                        "none declared".to_string()
                    } else {
                        known.join(", ")
                    },
                    crate::error::suggest(side, &known)
                ));
            }
        } else if !sides.is_empty() {
            return Err(format!(
                "{}: missing (the theatre declares sides, so every power names its side)",
                at("side")
            ));
        }
        let color = match &p.color {
            None => None,
            Some(c) => {
                let rgb = hex_color(c).ok_or_else(|| {
                    format!(
                        "{}: \"{}\" is not an opaque colour (write #rrggbb, rgb(…) or a CSS name)",
                        at("color"),
                        c.escape_debug()
                    )
                })?;
                if let Some((_, other)) = given.iter().find(|(g, _)| *g == rgb) {
                    return Err(format!(
                        "{}: {c} is also the colour of power \"{other}\" (two powers, one colour)",
                        at("color")
                    ));
                }
                given.push((rgb, code));
                Some(rgb)
            }
        };
        if let Some(of) = &p.shade_of {
            let known: Vec<&str> = raw.keys().map(String::as_str).collect();
            if of == code {
                return Err(format!(
                    "{}: a power cannot be a shade of itself",
                    at("shade_of")
                ));
            }
            match raw.get(of) {
                None => {
                    return Err(format!(
                        "{}: \"{}\" is not a power of this theatre{}",
                        at("shade_of"),
                        of.escape_debug(),
                        crate::error::suggest(of, &known)
                    ))
                }
                Some(target) if target.shade_of.is_some() => {
                    return Err(format!(
                        "{}: \"{of}\" is itself a shade of another power; name the power whose hue both share",
                        at("shade_of")
                    ))
                }
                Some(target) if target.side != p.side => {
                    return Err(format!(
                        "{}: \"{of}\" fights on another side ({}, this power: {}); a shade takes its power's hue, so both must be on one side",
                        at("shade_of"),
                        target.side.as_deref().unwrap_or("none"),
                        p.side.as_deref().unwrap_or("none")
                    ))
                }
                Some(_) => {}
            }
        }
        let pattern = match &p.pattern {
            None => None,
            Some(pt) => {
                let angle = pt.angle.unwrap_or(45.0);
                let spacing = pt.spacing.unwrap_or(9.0);
                if !angle.is_finite() {
                    return Err(format!("{}: not a finite number", at("pattern.angle")));
                }
                if !(3.0..=60.0).contains(&spacing) {
                    return Err(format!(
                        "{}: {spacing} is outside 3..60 (reference pixels)",
                        at("pattern.spacing")
                    ));
                }
                let texture = match &pt.texture {
                    None => Texture::Lines,
                    Some(t) => Texture::parse(t).ok_or_else(|| {
                        format!(
                            "{}: \"{}\" is not lines, cross or dots",
                            at("pattern.texture"),
                            t.escape_debug()
                        )
                    })?,
                };
                Some(Pattern {
                    angle,
                    spacing,
                    texture,
                })
            }
        };
        out.insert(
            code.clone(),
            Power {
                name: texts.take(&key::power_name(code), &p.name)?,
                side: p.side.clone(),
                color,
                pattern,
                short: p
                    .short
                    .as_ref()
                    .map(|s| texts.take(&key::power_short(code), s))
                    .transpose()?,
                shade_of: p.shade_of.clone(),
            },
        );
    }
    Ok(out)
}

/// A CSS colour (`#rrggbb`, `#rgb`, `rgb(…)`, a name: the syntax styles
/// use, read by the same parser) as sRGB bytes; `None` when it is not one
/// or not opaque (a power's fill is drawn at the style's opacity).
fn hex_color(s: &str) -> Option<[u8; 3]> {
    use std::str::FromStr;
    let c = svgtypes::Color::from_str(s.trim()).ok()?;
    (c.alpha == 255).then_some([c.red, c.green, c.blue])
}
