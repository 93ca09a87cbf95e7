//! From projected metres to map pixels: the frame rectangle scaled to the
//! map's pixel width, y pointing down as in SVG.

use geo::{Distance, Geodesic, Point, Rect};

use super::Projection;
use crate::limits::{MAX_SIDE_PX, MIN_MAP_HEIGHT_PX};
use crate::model::Theatre;

/// The projection plus the affine map from the frame (metres) to map pixels.
#[derive(Debug)]
pub struct MapView {
    /// The projection.
    pub projection: Projection,
    /// Frame in projected metres `[xmin, ymin, xmax, ymax]`.
    pub frame: [f64; 4],
    /// Map width in pixels.
    pub width: f64,
    /// Map height in pixels (follows the frame's aspect ratio).
    pub height: f64,
    /// Pixels per projected metre.
    pub scale: f64,
}

impl MapView {
    /// The view of `theatre` at `width` pixels. Without a `frame` in the
    /// manifest, the frame is the projected bounding box of the extent.
    pub fn new(theatre: &Theatre, width: f64) -> Result<MapView, String> {
        let projection = Projection::new(&theatre.projection)?;
        let frame = match theatre.frame {
            Some(f) => f,
            None => extent_box(&projection, theatre.extent)?,
        };
        let scale = width / (frame[2] - frame[0]);
        let height = ((frame[3] - frame[1]) * scale).round();
        // The page must be drawable: not taller than phasemap rasterises,
        // not so flat that it has no rows.
        if !height.is_finite() || height > MAX_SIDE_PX {
            return Err(format!(
                "the frame is {height} px tall at {width} px wide; phasemap draws at most {} px \
                 (check the frame's or the extent's aspect ratio)",
                MAX_SIDE_PX
            ));
        }
        if height < MIN_MAP_HEIGHT_PX {
            return Err(format!(
                "the frame is only {height} px tall at {width} px wide; at least \
                 {MIN_MAP_HEIGHT_PX} px are needed (check the frame's or the extent's aspect ratio)"
            ));
        }
        Ok(MapView {
            projection,
            frame,
            width,
            height,
            scale,
        })
    }

    /// How many times taller than wide `theatre`'s frame is (the map's
    /// shape): a portrait theatre is more than 1.
    pub fn aspect(theatre: &Theatre) -> Result<f64, String> {
        let projection = Projection::new(&theatre.projection)?;
        let frame = match theatre.frame {
            Some(f) => f,
            None => extent_box(&projection, theatre.extent)?,
        };
        Ok((frame[3] - frame[1]) / (frame[2] - frame[0]))
    }

    /// The view of an inset: the projected box of `area` (lon/lat) at
    /// `zoom` times this view's scale, in the same projection.
    pub fn inset(&self, projection: &str, area: [f64; 4], zoom: f64) -> Result<MapView, String> {
        let projection = Projection::new(projection)?;
        let frame = extent_box(&projection, area)?;
        let scale = self.scale * zoom;
        let width = ((frame[2] - frame[0]) * scale).round();
        let height = ((frame[3] - frame[1]) * scale).round();
        if !(1.0..=MAX_SIDE_PX).contains(&width) || !(1.0..=MAX_SIDE_PX).contains(&height) {
            return Err(format!(
                "an inset of {area:?} at zoom {zoom} is {width} x {height} px; phasemap draws 1 to {MAX_SIDE_PX} px"
            ));
        }
        Ok(MapView {
            projection,
            frame,
            width,
            height,
            scale,
        })
    }

    /// Longitude/latitude (degrees) to map pixels.
    pub fn to_px(&self, lon: f64, lat: f64) -> Option<(f64, f64)> {
        let (x, y) = self.projection.forward(lon, lat)?;
        Some((
            (x - self.frame[0]) * self.scale,
            (self.frame[3] - y) * self.scale,
        ))
    }

    /// Map pixels back to longitude/latitude.
    pub fn to_lonlat(&self, px: f64, py: f64) -> Option<(f64, f64)> {
        self.projection.inverse(
            self.frame[0] + px / self.scale,
            self.frame[3] - py / self.scale,
        )
    }

    /// The map rectangle grown by `margin` pixels on every side.
    pub fn clip_rect(&self, margin: f64) -> Rect<f64> {
        Rect::new(
            geo::coord! { x: -margin, y: -margin },
            geo::coord! { x: self.width + margin, y: self.height + margin },
        )
    }

    /// Ground metres per map pixel, measured geodesically along a short
    /// horizontal line through the map's centre (what a scale bar must show).
    pub fn metres_per_px_at_centre(&self) -> Option<f64> {
        self.metres_per_px_at(self.width / 2.0, self.height / 2.0, self.width / 20.0)
    }

    /// Ground metres per map pixel at map pixel (`x`, `y`), measured
    /// geodesically along a horizontal line `2 * half` pixels long.
    pub fn metres_per_px_at(&self, x: f64, y: f64, half: f64) -> Option<f64> {
        let a = self.to_lonlat(x - half, y)?;
        let b = self.to_lonlat(x + half, y)?;
        let d = Geodesic.distance(Point::new(a.0, a.1), Point::new(b.0, b.1));
        (d.is_finite() && d > 0.0).then_some(d / (2.0 * half))
    }

    /// Ground metres per map pixel on a grid of `cols` x `rows` points
    /// spread evenly over the map, corners included (row by row, top
    /// first), for a scale bar that follows the view; `None` where the
    /// projection has no inverse.
    pub fn metres_per_px_grid(&self, cols: usize, rows: usize) -> Vec<Vec<Option<f64>>> {
        let at = |i: usize, n: usize, len: f64| {
            if n < 2 {
                len / 2.0
            } else {
                len * i as f64 / (n - 1) as f64
            }
        };
        let half = self.width / 200.0;
        (0..rows)
            .map(|r| {
                (0..cols)
                    .map(|c| {
                        self.metres_per_px_at(
                            at(c, cols, self.width),
                            at(r, rows, self.height),
                            half,
                        )
                    })
                    .collect()
            })
            .collect()
    }
}

/// Projected bounding box of a lon/lat box, sampled densely along its edges.
fn extent_box(p: &Projection, e: [f64; 4]) -> Result<[f64; 4], String> {
    let mut b = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    let n = 64;
    for i in 0..=n {
        let t = f64::from(i) / f64::from(n);
        let lon = e[0] + (e[2] - e[0]) * t;
        let lat = e[1] + (e[3] - e[1]) * t;
        for (x, y) in [(lon, e[1]), (lon, e[3]), (e[0], lat), (e[2], lat)] {
            if let Some((px, py)) = p.forward(x, y) {
                b = [b[0].min(px), b[1].min(py), b[2].max(px), b[3].max(py)];
            }
        }
    }
    if b[0] < b[2] && b[1] < b[3] {
        Ok(b)
    } else {
        Err("the extent cannot be projected".into())
    }
}
