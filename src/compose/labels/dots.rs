//! The point symbols labels are placed among: a label must read as its
//! own point's (no other dot nearer it), and a symbol's number sits
//! against its symbol.

use std::collections::HashSet;

use geo::Coord;
use rstar::primitives::GeomWithData;
use rstar::{RTree, AABB};

use super::{
    box_point_distance, candidates, preference_distance, Anchor, Collider, LabelRequest, Spot,
};

/// Where a symbol's number goes (see [`LabelRequest::tied`]): the first
/// free place against its symbol (the first ring) that is nearer it than
/// any other point symbol; else the first such place further out; else
/// the first free place, against it first. `None`: no place is free.
pub(super) fn tied_spot(t: &LabelRequest, collider: &Collider, dots: &Dots) -> Option<Spot> {
    let all = candidates(t);
    let (ring, further) = all.split_at(all.len().min(8));
    let mut ring = ring.to_vec();
    if let Some(b) = t.prefer {
        let far = |c: &Spot| preference_distance(&t.anchor, b, c.bbox);
        ring.sort_by(|x, y| far(x).total_cmp(&far(y)));
    }
    ring.iter()
        .chain(further)
        .find(|c| collider.fits(c.bbox) && dots.nearest_is_own(t, c.bbox))
        .or_else(|| ring.iter().chain(further).find(|c| collider.fits(c.bbox)))
        .copied()
}

/// The point symbols labels are placed among, their centres in an R-tree,
/// so each label asks about its neighbours only: placement stays
/// near-linear in the labels.
pub(super) struct Dots<'a> {
    dots: &'a [(String, [f64; 4])],
    keys: HashSet<&'a str>,
    /// The largest half-diagonal of a symbol's box.
    half: f64,
    /// Whether a label hugging its dot passes beside another dot (see
    /// [`Dots::unambiguous`]).
    pub(super) lenient: std::cell::Cell<bool>,
    centres: RTree<GeomWithData<[f64; 2], usize>>,
}

impl<'a> Dots<'a> {
    pub(super) fn new(dots: &'a [(String, [f64; 4])]) -> Dots<'a> {
        Dots {
            dots,
            keys: dots.iter().map(|(k, _)| k.as_str()).collect(),
            half: dots
                .iter()
                .map(|(_, b)| (b[2] - b[0]).hypot(b[3] - b[1]) / 2.0)
                .fold(0.0, f64::max),
            lenient: std::cell::Cell::new(false),
            centres: RTree::bulk_load(
                dots.iter()
                    .enumerate()
                    .map(|(i, (_, b))| {
                        GeomWithData::new([(b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0], i)
                    })
                    .collect(),
            ),
        }
    }

    /// True unless box `b` of label `t` would read as another point's
    /// name: no other dot may be nearer the box than its own. Only when
    /// `lenient` is set does a label hugging its dot (the first ring) pass
    /// beside another dot.
    pub(super) fn unambiguous(&self, t: &LabelRequest, b: [f64; 4]) -> bool {
        match &t.anchor {
            Anchor::Point(own, radius) if self.keys.contains(t.key.as_str()) => {
                let mine = box_point_distance(b, *own);
                let hugging = self.lenient.get() && mine <= 1.5 * (radius + t.size * 0.25);
                // Only a dot within `mine` of the box can be nearer to it.
                let near =
                    AABB::from_corners([b[0] - mine, b[1] - mine], [b[2] + mine, b[3] + mine]);
                hugging
                    || self.centres.locate_in_envelope(&near).all(|d| {
                        let [x, y] = *d.geom();
                        self.dots[d.data].0 == t.key
                            || box_point_distance(b, Coord { x, y }) >= mine
                    })
            }
            _ => true,
        }
    }

    /// True when no point symbol but `t`'s own is nearer box `b` than
    /// `t`'s symbol (a square of its anchor's radius) is.
    fn nearest_is_own(&self, t: &LabelRequest, b: [f64; 4]) -> bool {
        let Anchor::Point(c, radius) = &t.anchor else {
            return true;
        };
        let mine = box_gap(b, [c.x - radius, c.y - radius, c.x + radius, c.y + radius]);
        let reach = mine + self.half;
        let near = AABB::from_corners([b[0] - reach, b[1] - reach], [b[2] + reach, b[3] + reach]);
        self.centres.locate_in_envelope(&near).all(|d| {
            let (key, other) = &self.dots[d.data];
            *key == t.key || box_gap(b, *other) >= mine
        })
    }
}

/// The gap between two boxes (0 where they touch or overlap).
pub(super) fn box_gap(a: [f64; 4], b: [f64; 4]) -> f64 {
    let dx = (a[0] - b[2]).max(b[0] - a[2]).max(0.0);
    let dy = (a[1] - b[3]).max(b[1] - a[3]).max(0.0);
    dx.hypot(dy)
}
