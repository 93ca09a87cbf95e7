//! Making room: a label of a theatre's first two ranks of places that
//! finds no free place may move placed labels of its class or a later one
//! to another of their places, so a town between crowded neighbours is
//! named where a neighbour could as well be named on its other side. A
//! move is made only when every moved label finds a place again: no label
//! is lost to it.

use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, AABB};

use super::{label, ordered_candidates, Collider, Dots, LabelRequest, PlacedLabel, Spot};

/// At most this many placed labels move for one label.
const MOST_MOVED: usize = 2;

/// The labels placed so far, with the requests they came from (so they can
/// be placed again) and their boxes by index.
#[derive(Default)]
pub(super) struct Board {
    pub(super) labels: Vec<PlacedLabel>,
    requests: Vec<LabelRequest>,
    tree: RTree<GeomWithData<Rectangle<[f64; 2]>, usize>>,
}

fn rect(b: [f64; 4], i: usize) -> GeomWithData<Rectangle<[f64; 2]>, usize> {
    GeomWithData::new(Rectangle::from_corners([b[0], b[1]], [b[2], b[3]]), i)
}

impl Board {
    /// Records label `t` placed at `c`.
    pub(super) fn push(&mut self, t: &LabelRequest, c: &Spot) {
        let i = self.labels.len();
        self.tree.insert(rect(c.bbox, i));
        self.labels.push(label(t, c));
        self.requests.push(t.clone());
    }

    /// Moves placed label `i` to `c`.
    fn relocate(&mut self, i: usize, c: &Spot) {
        self.tree.remove(&rect(self.labels[i].bbox, i));
        self.tree.insert(rect(c.bbox, i));
        self.labels[i] = label(&self.requests[i], c);
    }

    /// The placed labels whose boxes `b` touches.
    fn under(&self, b: [f64; 4]) -> Vec<usize> {
        let env = AABB::from_corners([b[0], b[1]], [b[2], b[3]]);
        let mut v: Vec<usize> = self
            .tree
            .locate_in_envelope_intersecting(&env)
            .map(|g| g.data)
            .collect();
        v.sort_unstable();
        v
    }

    /// True if placed label `i` may move for a label of class `class`.
    fn movable(&self, i: usize, class: f64) -> bool {
        let r = &self.requests[i];
        !r.main && !r.tied && r.class >= class
    }
}

/// A place for `t` among its candidates `cands` (in order of preference,
/// those clear of `avoid` first) that only movable labels cover, with those
/// labels moved to other places of theirs; `None` if there is none. The
/// moved labels are in `collider` at their new places; the place returned
/// is not yet.
pub(super) fn make_room(
    t: &LabelRequest,
    cands: &[Spot],
    collider: &mut Collider,
    avoid: &Collider,
    board: &mut Board,
    dots: &Dots,
) -> Option<Spot> {
    for clear in [true, false] {
        for c in cands.iter().filter(|c| avoid.fits(c.bbox) == clear) {
            if !collider.inside(c.bbox) || !dots.unambiguous(t, c.bbox) {
                continue;
            }
            let moved = board.under(c.bbox);
            // Only labels in the way: no symbol, no label of another pass.
            if moved.is_empty()
                || moved.len() > MOST_MOVED
                || collider.hits(c.bbox).count() != moved.len()
                || !moved.iter().all(|&i| board.movable(i, t.class))
            {
                continue;
            }
            if let Some(spots) = move_away(&moved, c, collider, avoid, board, dots) {
                for (&i, s) in moved.iter().zip(&spots) {
                    board.relocate(i, s);
                }
                return Some(*c);
            }
        }
    }
    None
}

/// New places for the placed labels `moved`, clear of `c`: in `collider`
/// if every one finds one, else `collider` is left as it was.
fn move_away(
    moved: &[usize],
    c: &Spot,
    collider: &mut Collider,
    avoid: &Collider,
    board: &Board,
    dots: &Dots,
) -> Option<Vec<Spot>> {
    for &i in moved {
        collider.remove(board.labels[i].bbox);
    }
    collider.insert(c.bbox);
    let mut spots = Vec::new();
    for &i in moved {
        let r = &board.requests[i];
        let cands = ordered_candidates(r);
        let free = |s: &&Spot| collider.fits(s.bbox) && dots.unambiguous(r, s.bbox);
        let Some(s) = cands
            .iter()
            .filter(free)
            .find(|s| avoid.fits(s.bbox))
            .or_else(|| cands.iter().find(free))
            .copied()
        else {
            break;
        };
        collider.insert(s.bbox);
        spots.push(s);
    }
    collider.remove(c.bbox);
    if spots.len() == moved.len() {
        return Some(spots);
    }
    for s in &spots {
        collider.remove(s.bbox);
    }
    for &i in moved {
        collider.insert(board.labels[i].bbox);
    }
    None
}
