//! One label layout for every output: where the phase maps put their
//! labels, kept so that maps of other widths (a sheet's panels, an
//! animation's frames) put each label on the same side of its place, and
//! move it only where it does not fit there.

use std::collections::BTreeMap;

use super::labels::LabelRequest;
use super::scene::Scene;

/// Label boxes of a set of phase maps: by phase, by (style layer, feature
/// key), in the maps' pixels, with the maps' size to scale them by.
#[derive(Debug, Clone, Default)]
pub struct LabelLayout {
    /// Map size `[width, height]` the boxes are in.
    size: [f64; 2],
    /// Phase id -> (style layer, feature key) -> box.
    phases: BTreeMap<String, BTreeMap<(String, String), [f64; 4]>>,
}

impl LabelLayout {
    /// The labels of phase-map `scenes` (all of one width; sheets, whose
    /// labels belong to several panels, are skipped).
    pub fn of(scenes: &[Scene]) -> LabelLayout {
        let mut out = LabelLayout::default();
        for s in scenes.iter().filter(|s| s.panels.is_empty()) {
            let r = s.map_rect;
            out.size = [r[2] - r[0], r[3] - r[1]];
            let boxes = out.phases.entry(s.phase.clone()).or_default();
            for l in &s.labels {
                boxes.insert((l.layer.clone(), l.key.clone()), l.bbox);
            }
        }
        out
    }

    /// True when there is no label to follow.
    pub fn is_empty(&self) -> bool {
        self.phases.values().all(BTreeMap::is_empty)
    }

    /// The box the label of `key` in style layer `layer` had in `phase`
    /// (in any phase, the first in order, when `phase` is `None`: undated
    /// labels have one place in every phase), scaled to a map `size` px.
    fn prefer(
        &self,
        phase: Option<&str>,
        layer: &str,
        key: &str,
        size: [f64; 2],
    ) -> Option<[f64; 4]> {
        if !(self.size[0] > 0.0 && self.size[1] > 0.0) {
            return None;
        }
        let k = (layer.to_string(), key.to_string());
        let b = match phase {
            Some(ph) => self.phases.get(ph)?.get(&k)?,
            None => self.phases.values().find_map(|m| m.get(&k))?,
        };
        let (sx, sy) = (size[0] / self.size[0], size[1] / self.size[1]);
        Some([b[0] * sx, b[1] * sy, b[2] * sx, b[3] * sy])
    }

    /// Gives each request the place its label had (see
    /// [`LabelRequest::prefer`]) on a map `size` px.
    pub(super) fn apply(&self, requests: &mut [LabelRequest], phase: Option<&str>, size: [f64; 2]) {
        for r in requests {
            r.prefer = self.prefer(phase, &r.layer, &r.key, size);
        }
    }
}
