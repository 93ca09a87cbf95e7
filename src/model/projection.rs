//! A map projection given as a PROJ string, computed by proj4rs (a Rust port
//! of PROJ that is tested against PROJ's own results).

use proj4rs::proj::Proj;

/// Forward and inverse projection between WGS84 longitude/latitude (degrees)
/// and projected metres.
pub struct Projection {
    wgs84: Proj,
    target: Proj,
    /// The PROJ string, as given.
    pub definition: String,
}

impl std::fmt::Debug for Projection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Projection({})", self.definition)
    }
}

impl Projection {
    /// Parses a PROJ string such as `+proj=lcc +lat_1=45 +lat_2=65 +lon_0=105`.
    pub fn new(definition: &str) -> Result<Projection, String> {
        let target = Proj::from_proj_string(definition)
            .map_err(|e| format!("\"{definition}\" is not a usable PROJ string: {e}"))?;
        if target.is_latlong() || target.is_geocent() {
            return Err(format!(
                "\"{definition}\" is not a map projection (use e.g. +proj=lcc, +proj=aea, +proj=merc)"
            ));
        }
        let wgs84 = Proj::from_proj_string("+proj=longlat +datum=WGS84 +no_defs")
            .map_err(|e| format!("internal: WGS84 definition rejected: {e}"))?;
        Ok(Projection {
            wgs84,
            target,
            definition: definition.to_string(),
        })
    }

    /// Longitude/latitude in degrees to projected metres; `None` outside the
    /// projection's domain.
    pub fn forward(&self, lon: f64, lat: f64) -> Option<(f64, f64)> {
        let (x, y) = proj4rs::adaptors::transform_xy(
            &self.wgs84,
            &self.target,
            lon.to_radians(),
            lat.to_radians(),
        )
        .ok()?;
        (x.is_finite() && y.is_finite()).then_some((x, y))
    }

    /// Projected metres back to longitude/latitude in degrees.
    pub fn inverse(&self, x: f64, y: f64) -> Option<(f64, f64)> {
        let (lon, lat) = proj4rs::adaptors::transform_xy(&self.target, &self.wgs84, x, y).ok()?;
        (lon.is_finite() && lat.is_finite()).then_some((lon.to_degrees(), lat.to_degrees()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LCC: &str =
        "+proj=lcc +lat_1=45 +lat_2=65 +lat_0=50 +lon_0=100 +datum=WGS84 +units=m +no_defs";

    // Reference values computed with PROJ 9.5.1 (pyproj 3.7.2):
    // Transformer.from_crs("EPSG:4326", LCC, always_xy=True).transform(lon, lat)
    #[test]
    fn matches_proj_to_under_a_metre() {
        let p = Projection::new(LCC).unwrap();
        let cases = [
            (
                (131.9, 43.1),
                (2_521_723.822_855_775, -175_838.295_341_416_4),
            ),
            (
                (60.6, 56.8),
                (-2_246_475.361_423_356, 1_399_730.466_622_977_8),
            ),
            ((100.0, 50.0), (0.0, 0.0)),
        ];
        for ((lon, lat), (ex, ey)) in cases {
            let (x, y) = p.forward(lon, lat).unwrap();
            assert!(
                (x - ex).abs() < 1.0 && (y - ey).abs() < 1.0,
                "{lon},{lat}: {x},{y}"
            );
        }
    }

    #[test]
    fn round_trips() {
        let p = Projection::new(LCC).unwrap();
        for (lon, lat) in [(48.0, 36.0), (150.0, 64.0), (104.28, 52.29)] {
            let (x, y) = p.forward(lon, lat).unwrap();
            let (lo, la) = p.inverse(x, y).unwrap();
            assert!((lo - lon).abs() < 1e-9 && (la - lat).abs() < 1e-9);
        }
    }

    #[test]
    fn rejects_non_projections() {
        assert!(Projection::new("+proj=longlat +datum=WGS84").is_err());
        assert!(Projection::new("+proj=nonsense").is_err());
    }

    mod prop {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(500))]

            /// Over the built-in theatre's extent, forward then inverse gives
            /// back the position (to about a millimetre).
            #[test]
            fn forward_then_inverse_round_trips(lon in 40.0..=160.0f64, lat in 30.0..=72.0f64) {
                let p = Projection::new(LCC).unwrap();
                let (x, y) = p.forward(lon, lat).expect("inside the domain");
                let (lo, la) = p.inverse(x, y).expect("invertible");
                prop_assert!((lo - lon).abs() < 1e-8 && (la - lat).abs() < 1e-8,
                    "{lon},{lat} -> {x},{y} -> {lo},{la}");
            }

            /// And inverse then forward over the projected frame.
            #[test]
            fn inverse_then_forward_round_trips(
                x in -3_050_000.0..=3_050_000.0f64,
                y in -800_000.0..=2_300_000.0f64,
            ) {
                let p = Projection::new(LCC).unwrap();
                let (lon, lat) = p.inverse(x, y).expect("invertible");
                let (x2, y2) = p.forward(lon, lat).expect("inside the domain");
                prop_assert!((x2 - x).abs() < 1e-3 && (y2 - y).abs() < 1e-3,
                    "{x},{y} -> {lon},{lat} -> {x2},{y2}");
            }
        }
    }
}
