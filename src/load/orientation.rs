//! Ring orientation: rings turned as RFC 7946 asks (exterior rings
//! counter-clockwise, holes clockwise), and the one warning per layer that
//! says which features were turned.

use std::path::Path;

use geo::{Geometry, Orient};

pub(super) const REORIENTED: &str =
    "ring orientation reversed to RFC 7946 (exterior counter-clockwise)";

/// The warning for the features of `path` whose rings were reoriented
/// (each named `feature <index> (id "<id>")`): the feature itself when it
/// is one, else how many and the first three.
pub(super) fn orientation_repairs(path: &Path, reversed: &[String]) -> Option<String> {
    let path = path.display();
    match reversed {
        [] => None,
        [one] => Some(format!("{path}: {one}: repaired: {REORIENTED}")),
        many => {
            let more = many.len().saturating_sub(3);
            let and_more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            Some(format!(
                "{path}: repaired: {REORIENTED} in {} features: {}{and_more}",
                many.len(),
                many[..many.len().min(3)].join(", ")
            ))
        }
    }
}

/// Orients polygons as RFC 7946 asks; returns true if anything changed.
pub(super) fn orient_rfc7946(g: &mut Geometry<f64>) -> bool {
    use geo::orient::Direction;
    match g {
        Geometry::Polygon(p) => {
            let o = p.orient(Direction::Default);
            let changed = o != *p;
            *p = o;
            changed
        }
        Geometry::MultiPolygon(mp) => {
            let o = mp.orient(Direction::Default);
            let changed = o != *mp;
            *mp = o;
            changed
        }
        Geometry::GeometryCollection(gc) => {
            // Every member is oriented: no short-circuit.
            let mut changed = false;
            for g in &mut gc.0 {
                changed |= orient_rfc7946(g);
            }
            changed
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_feature_is_named_many_are_counted() {
        let p = Path::new("x.geojson");
        assert_eq!(orientation_repairs(p, &[]), None);
        let one = orientation_repairs(p, &["feature 4 (id \"z\")".into()]).unwrap();
        assert_eq!(
            one,
            format!("x.geojson: feature 4 (id \"z\"): repaired: {REORIENTED}")
        );
        let three: Vec<String> = (0..3).map(|i| format!("feature {i}")).collect();
        let w = orientation_repairs(p, &three).unwrap();
        assert!(
            w.ends_with("in 3 features: feature 0, feature 1, feature 2"),
            "{w}"
        );
    }
}
