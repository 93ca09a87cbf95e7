//! Which side of a drawn front line its teeth go: the side where the
//! front's enemy stands ([`crate::model::FrontSides`]), found from the
//! phase's control zones on either side of the line; where the zones do not
//! tell (the same power on both sides, or none), the side the feature
//! declares for the enemy.

use geo::{BoundingRect, Contains, Coord, Geometry, Point, Rect};
use serde_json::{Map, Value};

use super::prepared::Prepared;
use super::symbols::{along, cumulative, lines_of};
use crate::model::{FrontSides, Phase, Role};

/// Points sampled along each line.
const SAMPLES: usize = 32;
/// How far off the line each side is looked at, as parts of the map's
/// width: near (the zone edge hugs the line) to far (it does not).
const OFFSETS: [f64; 3] = [0.004, 0.012, 0.03];

#[derive(Clone, Copy, PartialEq)]
enum Camp {
    Owner,
    Enemy,
}

/// For each line of `geom` (map pixels, as [`lines_of`] lists them): whether
/// the teeth of a front with `props` go on its left (walking from the first
/// vertex). Empty when the front does not name two powers.
pub(super) fn teeth_on_left(
    p: &Prepared,
    phase: &Phase,
    props: &Map<String, Value>,
    geom: &Geometry<f64>,
) -> Vec<bool> {
    let Some(sides) = p.theatre.front_sides(props) else {
        return Vec::new();
    };
    let zones = zones(p, phase, &sides);
    let reach = p.projected.view.width;
    lines_of(geom)
        .into_iter()
        .map(|l| {
            let score = if l.0.len() < 2 {
                0
            } else {
                score(&l.0, &zones, reach)
            };
            match score.cmp(&0) {
                std::cmp::Ordering::Greater => true,
                std::cmp::Ordering::Less => false,
                std::cmp::Ordering::Equal => !sides.enemy_declared_right,
            }
        })
        .collect()
}

/// Control zones active in `phase` whose power is the owner's or the
/// enemy's, or of only one of their sides.
fn zones<'a>(
    p: &Prepared<'a>,
    phase: &Phase,
    sides: &FrontSides,
) -> Vec<(Camp, Rect<f64>, &'a Geometry<f64>)> {
    let t = p.theatre;
    let side = |c: &str| t.side_of(c).map(|s| s.id.as_str());
    let camp = |c: &str| {
        if c == sides.enemy {
            return Some(Camp::Enemy);
        }
        if c == sides.owner {
            return Some(Camp::Owner);
        }
        let (s, so, se) = (side(c)?, side(sides.owner), side(sides.enemy));
        if Some(s) == se && so != se {
            Some(Camp::Enemy)
        } else if Some(s) == so && so != se {
            Some(Camp::Owner)
        } else {
            None
        }
    };
    let mut out = Vec::new();
    for (layer, proj) in t.layers.iter().zip(&p.projected.layers) {
        if layer.role != Some(Role::Control) {
            continue;
        }
        for (f, g) in layer.features.iter().zip(&proj.geometries) {
            let Some(g) = g.as_ref().filter(|_| f.is_active(phase.snapshot)) else {
                continue;
            };
            let Some(c) = f.str_prop("power").and_then(camp) else {
                continue;
            };
            if let Some(r) = g.bounding_rect() {
                out.push((c, r, g));
            }
        }
    }
    out
}

/// Enemy on the left counts up, enemy on the right down.
fn score(pts: &[Coord<f64>], zones: &[(Camp, Rect<f64>, &Geometry<f64>)], reach: f64) -> i64 {
    let cum = cumulative(pts);
    let total = cum.last().copied().unwrap_or(0.0);
    if !(total > 0.0 && total.is_finite()) {
        return 0;
    }
    let camp_at = |q: Coord<f64>| {
        zones
            .iter()
            .find(|(_, r, g)| r.contains(&q) && g.contains(&Point(q)))
            .map(|(c, ..)| *c)
    };
    let mut score = 0;
    for k in 0..SAMPLES {
        let (m, t) = along(pts, &cum, total * (k as f64 + 0.5) / SAMPLES as f64);
        // Screen y points down: the walker's left is (ty, -tx).
        let left = Coord { x: t.y, y: -t.x };
        for f in OFFSETS {
            let d = f * reach;
            let l = camp_at(Coord {
                x: m.x + left.x * d,
                y: m.y + left.y * d,
            });
            let r = camp_at(Coord {
                x: m.x - left.x * d,
                y: m.y - left.y * d,
            });
            for (c, sign) in [(l, 1), (r, -1)] {
                match c {
                    Some(Camp::Enemy) => score += sign,
                    Some(Camp::Owner) => score -= sign,
                    None => {}
                }
            }
        }
    }
    score
}
