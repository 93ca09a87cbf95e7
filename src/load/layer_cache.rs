//! Layers kept between loads of one theatre, so that loading it again after
//! a save parses (and checks the polygons of) only the files that changed.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::layers::parse_layer_within;
use crate::error::Result;
use crate::limits::GeometryLimits;
use crate::model::Feature;

/// Parsed layer files by path, each with the text it was parsed from (by
/// length and hash) and the limits it was checked against.
#[derive(Default)]
pub struct LayerCache {
    parsed: Mutex<HashMap<PathBuf, Parsed>>,
}

struct Parsed {
    len: usize,
    hash: u64,
    limits: GeometryLimits,
    features: Vec<Feature>,
    warnings: Vec<String>,
}

fn text_hash(text: &str) -> u64 {
    // SipHash with fixed keys: the same on every run.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

impl LayerCache {
    /// The features and repair warnings of the layer file `path` whose
    /// text is `text`: kept from an earlier load when the text and limits
    /// are the same, parsed (and kept) otherwise. A file that fails to
    /// parse is not kept, so its error comes again until it is fixed.
    pub(super) fn parse(
        &self,
        path: &Path,
        text: &str,
        limits: &GeometryLimits,
    ) -> Result<(Vec<Feature>, Vec<String>)> {
        let (len, hash) = (text.len(), text_hash(text));
        if let Ok(kept) = self.parsed.lock() {
            if let Some(p) = kept.get(path) {
                if p.len == len && p.hash == hash && p.limits == *limits {
                    return Ok((p.features.clone(), p.warnings.clone()));
                }
            }
        }
        let (features, warnings) = parse_layer_within(path, text, limits)?;
        if let Ok(mut kept) = self.parsed.lock() {
            kept.insert(
                path.to_path_buf(),
                Parsed {
                    len,
                    hash,
                    limits: *limits,
                    features: features.clone(),
                    warnings: warnings.clone(),
                },
            );
        }
        Ok((features, warnings))
    }

    /// How many layer files are kept.
    pub fn len(&self) -> usize {
        self.parsed.lock().map(|k| k.len()).unwrap_or(0)
    }

    /// Whether no layer file is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = r#"{"type":"FeatureCollection","features":[
        {"type":"Feature","id":"a","properties":{"name":"A"},"geometry":{"type":"Point","coordinates":[1,2]}}]}"#;
    const TWO: &str = r#"{"type":"FeatureCollection","features":[
        {"type":"Feature","id":"b","properties":{"name":"B"},"geometry":{"type":"Point","coordinates":[3,4]}}]}"#;

    #[test]
    fn an_unchanged_file_is_reused_and_a_changed_one_parsed_again() {
        let cache = LayerCache::default();
        let limits = GeometryLimits::default();
        let path = Path::new("towns.geojson");
        let (a, _) = cache.parse(path, ONE, &limits).unwrap();
        assert_eq!(cache.len(), 1);
        let (again, _) = cache.parse(path, ONE, &limits).unwrap();
        assert_eq!(a[0].id, again[0].id);
        let (b, _) = cache.parse(path, TWO, &limits).unwrap();
        assert_eq!(b[0].id.as_deref(), Some("b"), "the new text was parsed");
        assert_eq!(cache.len(), 1);
        // Tighter limits are checked again, not answered from the cache.
        let tight = GeometryLimits {
            layer_features: 0,
            ..limits
        };
        assert!(cache.parse(path, TWO, &tight).is_err());
        // A broken file is not kept: its error comes every time.
        assert!(cache.parse(path, "{", &limits).is_err());
        assert!(cache.parse(path, "{", &limits).is_err());
    }
}
