//! Projected layers kept between builds of one theatre (the live preview
//! builds it again after every save): a layer whose geometry, box and map
//! are the same as last time is taken as it was projected then.

use std::sync::{Arc, Mutex};

use geo::Geometry;

use super::{MapView, ProjectedLayer};
use crate::model::{Layer, Role};

/// The layers of the last [`super::project_theatre_reusing`] call, each
/// with what it was projected from.
#[derive(Default)]
pub struct ProjectionCache {
    kept: Mutex<Vec<Kept>>,
}

impl ProjectionCache {
    /// How many projected layers are kept (of the main map and its insets).
    pub fn len(&self) -> usize {
        self.kept.lock().map(|k| k.len()).unwrap_or(0)
    }

    /// Whether no projected layer is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What a projected layer depends on, besides its geometry: the map (its
/// projection, frame and size), the lon/lat box of an inset's features,
/// and the layer's id, file, role and box (a land layer's part beyond its
/// box is drawn as land).
#[derive(PartialEq)]
struct Key {
    projection: String,
    frame: [f64; 4],
    size: [f64; 3],
    near: Option<[f64; 4]>,
    id: String,
    path: std::path::PathBuf,
    role: Option<Role>,
    layer_box: [f64; 4],
}

struct Kept {
    key: Key,
    /// The lon/lat geometry it was projected from, feature by feature.
    geometry: Vec<Geometry<f64>>,
    projected: Arc<ProjectedLayer>,
}

impl Kept {
    fn is_for(&self, key: &Key, layer: &Layer) -> bool {
        self.key == *key
            && self.geometry.len() == layer.features.len()
            && self
                .geometry
                .iter()
                .zip(&layer.features)
                .all(|(g, f)| *g == f.geometry)
    }
}

/// One build's use of a cache: takes what the last build kept, and keeps
/// what this build used (and only that, so the cache holds one theatre).
pub(super) struct Reuse<'a> {
    cache: Option<&'a ProjectionCache>,
    last: Vec<Kept>,
    now: Vec<Kept>,
}

impl<'a> Reuse<'a> {
    pub(super) fn new(cache: Option<&'a ProjectionCache>) -> Reuse<'a> {
        let last = cache
            .and_then(|c| c.kept.lock().ok().map(|mut k| std::mem::take(&mut *k)))
            .unwrap_or_default();
        Reuse {
            cache,
            last,
            now: Vec::new(),
        }
    }

    /// `layer` in `view` (see [`super::project_layers`]): the last build's
    /// when it was projected from the same, else `project()`.
    pub(super) fn get_or(
        &mut self,
        view: &MapView,
        near: Option<[f64; 4]>,
        layer: &Layer,
        layer_box: [f64; 4],
        project: impl FnOnce() -> ProjectedLayer,
    ) -> Arc<ProjectedLayer> {
        let Some(_) = self.cache else {
            return Arc::new(project());
        };
        let key = Key {
            projection: view.projection.definition.clone(),
            frame: view.frame,
            size: [view.width, view.height, view.scale],
            near,
            id: layer.id.clone(),
            path: layer.path.clone(),
            role: layer.role,
            layer_box,
        };
        let kept = match self.last.iter().position(|k| k.is_for(&key, layer)) {
            Some(i) => self.last.swap_remove(i),
            None => Kept {
                key,
                geometry: layer.features.iter().map(|f| f.geometry.clone()).collect(),
                projected: Arc::new(project()),
            },
        };
        let projected = kept.projected.clone();
        self.now.push(kept);
        projected
    }

    /// Keeps this build's layers in the cache for the next build.
    pub(super) fn keep(self) {
        if let Some(Ok(mut k)) = self.cache.map(|c| c.kept.lock()) {
            *k = self.now;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{project_theatre, project_theatre_reusing};
    use super::*;

    #[test]
    fn unchanged_layers_are_taken_from_the_last_build_and_changed_ones_projected() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/theatres/mini");
        let mut theatre = crate::load::load_theatre(&dir).unwrap();
        let cache = ProjectionCache::default();
        let first = project_theatre_reusing(&theatre, 800.0, Some(&cache)).unwrap();
        assert_eq!(cache.len(), theatre.layers.len());
        // The towns move; land and control stay.
        let towns = theatre.layers.iter().position(|l| l.id == "towns").unwrap();
        for f in &mut theatre.layers[towns].features {
            if let Geometry::Point(p) = &mut f.geometry {
                p.set_x(p.x() + 0.25);
            }
        }
        let second = project_theatre_reusing(&theatre, 800.0, Some(&cache)).unwrap();
        let cold = project_theatre(&theatre, 800.0).unwrap();
        for (k, (a, b)) in first.layers.iter().zip(&second.layers).enumerate() {
            assert_eq!(Arc::ptr_eq(a, b), k != towns, "layer {}", a.id);
            assert_eq!(b.geometries, cold.layers[k].geometries, "layer {}", a.id);
        }
        // Another width is another map: nothing is taken.
        let wider = project_theatre_reusing(&theatre, 900.0, Some(&cache)).unwrap();
        assert!(second
            .layers
            .iter()
            .zip(&wider.layers)
            .all(|(a, b)| !Arc::ptr_eq(a, b)));
        assert_eq!(
            cache.len(),
            theatre.layers.len(),
            "only the last build is kept"
        );
    }
}
