//! Thinning before projecting. Densifying and projecting every vertex is
//! the costly part of projecting (a trigonometric projection per point,
//! then Douglas-Peucker in pixels), and a source far more detailed than the
//! map spends it on vertices no pixel shows. So each line and ring is first
//! simplified in longitude/latitude, at a tolerance that no place of the
//! map enlarges to more than [`THIN_PX`] pixels; only what is left is
//! densified, projected and simplified to the output resolution. A source
//! 16 times denser then costs about as much to project as the plain one.

use geo::Coord;

use super::viewport::MapView;

/// The most a line may move (in map pixels) when thinned before projecting.
/// It adds to the pixel simplification's own one pixel, so a line lies at
/// most 1.25 px from its source: still under the antialiasing's own spread.
pub(super) const THIN_PX: f64 = 0.25;

/// Points per side of the grid on which the projection's scale is sampled.
const GRID: usize = 17;

/// Step (degrees) of the finite differences measuring the scale.
const STEP_DEG: f64 = 1e-3;

/// The grid may miss the largest scale between its points; the projection
/// changes scale smoothly, so a quarter more covers it.
const SAFETY: f64 = 1.25;

impl MapView {
    /// Tolerance (degrees of longitude/latitude) of thinning before
    /// projecting: [`THIN_PX`] divided by the most pixels a degree spans in
    /// any direction anywhere on the frame grown by a quarter on each side
    /// (geometry beyond is clipped away). 0 (no thinning) when the
    /// projection cannot be measured there.
    pub(super) fn thin_degrees(&self) -> f64 {
        let mut most = 0.0f64;
        for i in 0..GRID {
            for j in 0..GRID {
                let fx = -0.25 + 1.5 * i as f64 / (GRID - 1) as f64;
                let fy = -0.25 + 1.5 * j as f64 / (GRID - 1) as f64;
                if let Some(s) = self.px_per_degree(fx * self.width, fy * self.height) {
                    most = most.max(s);
                }
            }
        }
        if most > 0.0 && most.is_finite() {
            THIN_PX / (most * SAFETY)
        } else {
            0.0
        }
    }

    /// At map pixel (`x`, `y`): how many pixels one degree spans at most,
    /// in whatever direction (the Frobenius norm of the projection's
    /// Jacobian, which bounds its largest stretch).
    fn px_per_degree(&self, x: f64, y: f64) -> Option<f64> {
        let (lon, lat) = self.to_lonlat(x, y)?;
        if lat.abs() > 89.0 {
            return None;
        }
        let at = |lon: f64, lat: f64| -> Option<Coord<f64>> {
            let (x, y) = self.to_px(lon, lat)?;
            Some(geo::coord! { x: x, y: y })
        };
        let o = at(lon, lat)?;
        let e = at(lon + STEP_DEG, lat)? - o;
        let n = at(lon, lat + STEP_DEG)? - o;
        let norm = (e.x * e.x + e.y * e.y + n.x * n.x + n.y * n.y).sqrt() / STEP_DEG;
        norm.is_finite().then_some(norm)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::project_theatre;
    use geo::{Coord, Distance, Euclidean, Line};

    fn tiny(width: f64) -> MapView {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/theatres/tiny");
        let theatre = crate::load::load_theatre(&dir).unwrap();
        project_theatre(&theatre, width).unwrap().view
    }

    #[test]
    fn a_detour_within_the_tolerance_moves_no_pixel_more_than_thin_px() {
        // Anywhere on the map, in any direction: a point the tolerance away
        // from a short lon/lat segment lands at most THIN_PX from the
        // projected segment.
        let view = tiny(2400.0);
        let eps = view.thin_degrees();
        assert!(eps > 0.0);
        let mut worst = 0.0f64;
        for i in 0..=10 {
            for j in 0..=10 {
                let Some((lon, lat)) = view.to_lonlat(
                    view.width * f64::from(i) / 10.0,
                    view.height * f64::from(j) / 10.0,
                ) else {
                    continue;
                };
                for k in 0..8 {
                    let a = f64::from(k) * std::f64::consts::PI / 8.0;
                    let (dx, dy) = (a.cos(), a.sin());
                    // A segment 20 tolerances long, and a point displaced
                    // from its middle by the tolerance, at right angles.
                    let s = view
                        .to_px(lon - dx * 10.0 * eps, lat - dy * 10.0 * eps)
                        .unwrap();
                    let t = view
                        .to_px(lon + dx * 10.0 * eps, lat + dy * 10.0 * eps)
                        .unwrap();
                    let p = view.to_px(lon - dy * eps, lat + dx * eps).unwrap();
                    let seg = Line::new(Coord::from(s), Coord::from(t));
                    worst = worst.max(Euclidean.distance(Coord::from(p), &seg));
                }
            }
        }
        assert!(worst <= THIN_PX, "{worst} px");
        // And the tolerance is not needlessly small: some direction somewhere
        // comes within half of it.
        assert!(worst > THIN_PX / 2.0, "{worst} px");
    }

    #[test]
    fn a_wider_map_thins_less() {
        let (narrow, wide) = (tiny(600.0).thin_degrees(), tiny(2400.0).thin_degrees());
        assert!((narrow / wide - 4.0).abs() < 0.01, "{narrow} vs {wide}");
    }
}
