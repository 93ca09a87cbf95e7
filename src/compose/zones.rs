//! Which side of things a point of the map lies on: on which piece of land
//! (or at sea) and in whose control, in one phase. A symbol moved off its
//! place, or an arrow that gives way to a name, stays on its place's side:
//! not across a state border, not out to sea.

use geo::{BoundingRect, Contains, Coord, Geometry, Point, Rect};

use super::prepared::Prepared;
use crate::model::{Phase, Role};

/// A control area: its box, its shape, its power and the power's side.
type Held<'a> = (Rect<f64>, &'a Geometry<f64>, &'a str, Option<&'a str>);

/// The land and control areas of one phase, in map pixels.
pub(super) struct Zones<'a> {
    land: Vec<(Rect<f64>, &'a Geometry<f64>)>,
    /// Control areas with their power and its side.
    control: Vec<Held<'a>>,
}

/// Where a point lies: the index of the land area under it (`None` at
/// sea), and the power that holds it and its side (`None` where no one
/// does).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Zone<'a> {
    land: Option<usize>,
    power: Option<&'a str>,
    side: Option<&'a str>,
}

impl Zone<'_> {
    /// How far from `self` (a place's zone) `there` is: 0 the same ground,
    /// 1 a neighbour of the same side (or land beside a place at sea), 2
    /// ground no one holds, 3 the sea off a coastal place (a symbol there
    /// still reads as the coast's, and claims no one's ground), 4 another
    /// side's or a neutral state's ground (across a border or a front), 8
    /// other land (an island, another shore).
    pub(super) fn cost(&self, there: &Zone) -> u32 {
        match (self.land, there.land) {
            (Some(_), None) => return 3,
            (Some(a), Some(b)) if a != b => return 8,
            _ => {}
        }
        match (self.power, there.power) {
            (a, b) if a == b => 0,
            (Some(_), Some(_)) if self.side.is_some() && self.side == there.side => 1,
            (Some(_), Some(_)) => 4,
            (None, Some(_)) if self.land.is_none() => 1,
            _ => 2,
        }
    }
}

impl<'a> Zones<'a> {
    /// The land and control areas `phase` shows.
    pub(super) fn of(p: &Prepared<'a>, phase: &Phase) -> Zones<'a> {
        let mut land = Vec::new();
        let mut control = Vec::new();
        for (layer, proj) in p.theatre.layers.iter().zip(&p.projected.layers) {
            let role = layer.role;
            if role != Some(Role::Land) && role != Some(Role::Control) {
                continue;
            }
            for (f, g) in layer.features.iter().zip(&proj.geometries) {
                let Some(g) = g.as_ref().filter(|_| f.is_active(phase.snapshot)) else {
                    continue;
                };
                let Some(r) = g.bounding_rect() else {
                    continue;
                };
                match role {
                    Some(Role::Land) => land.push((r, g)),
                    _ => {
                        if let Some(power) = f.str_prop("power") {
                            let side = p.theatre.side_of(power).map(|s| s.id.as_str());
                            control.push((r, g, power, side));
                        }
                    }
                }
            }
        }
        Zones { land, control }
    }

    /// The zone of point `q`.
    pub(super) fn at(&self, q: Coord<f64>) -> Zone<'a> {
        let within = |r: &Rect<f64>, g: &Geometry<f64>| {
            r.min().x <= q.x
                && q.x <= r.max().x
                && r.min().y <= q.y
                && q.y <= r.max().y
                && g.contains(&Point(q))
        };
        let land = if self.land.is_empty() {
            Some(0)
        } else {
            self.land.iter().position(|(r, g)| within(r, g))
        };
        let held = self.control.iter().find(|(r, g, ..)| within(r, g));
        Zone {
            land,
            power: held.map(|c| c.2),
            side: held.and_then(|c| c.3),
        }
    }
}
