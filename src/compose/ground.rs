//! Land or water under a label: a sea's name lies over the sea, a
//! region's over land, never across the coast. The land polygons (and the
//! lakes and seas drawn over them) are sampled along the label's box.

use std::fmt;
use std::sync::Arc;

use geo::{BoundingRect, Contains, Coord, Geometry, Point, Rect};

use crate::model::{Role, Theatre};
use crate::project::ProjectedTheatre;

/// Label kinds (`kind` of a feature of a labels layer) named over water. A
/// lake is not among them: a lake too narrow for its name is named beside
/// it, where the theatre puts the name's point.
pub const WATER_KINDS: &[&str] = &["sea", "ocean", "bay", "gulf", "strait"];
/// Label kinds named over land.
pub const LAND_KINDS: &[&str] = &["region", "country"];

/// The undated land and water polygons of a map, in map pixels.
pub(super) struct Ground {
    land: Vec<(Rect<f64>, Geometry<f64>)>,
    water: Vec<(Rect<f64>, Geometry<f64>)>,
}

impl Ground {
    /// The ground of `theatre` as projected; `None` for a theatre with no
    /// land layer (its map is all land: nothing to keep labels off).
    pub(super) fn of(theatre: &Theatre, projected: &ProjectedTheatre) -> Option<Arc<Ground>> {
        let mut land = Vec::new();
        let mut water = Vec::new();
        for (layer, proj) in theatre.layers.iter().zip(&projected.layers) {
            let into = match layer.role {
                Some(Role::Land) => &mut land,
                Some(Role::Water) => &mut water,
                _ => continue,
            };
            for (f, g) in layer.features.iter().zip(&proj.geometries) {
                let Some(g) = g.as_ref().filter(|_| f.start.is_none() && f.end.is_none()) else {
                    continue;
                };
                if !matches!(g, Geometry::Polygon(_) | Geometry::MultiPolygon(_)) {
                    continue;
                }
                if let Some(r) = g.bounding_rect() {
                    into.push((r, g.clone()));
                }
            }
        }
        (!land.is_empty()).then(|| Arc::new(Ground { land, water }))
    }

    /// True when point `q` lies over water: off every land polygon, or on
    /// a lake or sea drawn over the land.
    fn is_water(&self, q: Coord<f64>) -> bool {
        let within = |(r, g): &(Rect<f64>, Geometry<f64>)| {
            r.min().x <= q.x
                && q.x <= r.max().x
                && r.min().y <= q.y
                && q.y <= r.max().y
                && g.contains(&Point(q))
        };
        !self.land.iter().any(within) || self.water.iter().any(within)
    }

    /// True when every point sampled over box `b` lies over water (`water`)
    /// or over land: its corners, its middle line, and points between them
    /// no further apart than half the box's height.
    pub(super) fn box_over(&self, b: [f64; 4], water: bool) -> bool {
        let (w, h) = (b[2] - b[0], b[3] - b[1]);
        if !(w.is_finite() && h.is_finite()) || w <= 0.0 || h <= 0.0 {
            return false;
        }
        let cols = ((2.0 * w / h).ceil() as usize).clamp(2, 80);
        (0..=cols).all(|i| {
            let x = b[0] + w * i as f64 / cols as f64;
            [b[1], b[1] + h / 2.0, b[3]]
                .iter()
                .all(|&y| self.is_water(Coord { x, y }) == water)
        })
    }
}

/// Where a label must lie: over water or over land, on a map's ground.
#[derive(Clone)]
pub struct OnGround {
    pub(super) ground: Arc<Ground>,
    /// Over water (a sea's or lake's name), else over land.
    pub(super) water: bool,
}

impl OnGround {
    /// True when box `b` lies wholly over the ground it must.
    pub fn allows(&self, b: [f64; 4]) -> bool {
        self.ground.box_over(b, self.water)
    }
}

impl fmt::Debug for OnGround {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OnGround({})", if self.water { "water" } else { "land" })
    }
}
