//! Stage 3, **project**: longitude/latitude to map pixels. Geometry is
//! thinned to a fraction of a pixel in degrees (see `project/thin.rs`),
//! densified (so straight lines in degrees curve as the projection bends
//! them), projected, simplified to the output resolution and clipped to
//! the frame, once per theatre and width; phases then only select features.

mod reuse;
mod simplify;
mod thin;
mod viewport;

use geo::{BooleanOps, Coord, Euclidean, Geometry, Length, LineString, Rect};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

pub use crate::model::Projection;
pub use reuse::ProjectionCache;
pub use viewport::MapView;

use crate::model::{Layer, Role, Theatre};

/// Longest segment (degrees) left undivided before projecting.
const DENSIFY_DEGREES: f64 = 0.5;
/// Douglas-Peucker tolerance in output pixels: a line moves by at most one
/// pixel, which side-by-side crops at 200 % do not show (antialiasing
/// spreads every edge over a pixel anyway), so output size follows the
/// output resolution, not the input's detail. Half a pixel drew 40 % more
/// vertices and took 15 % longer to rasterise for no visible difference.
const SIMPLIFY_PX: f64 = 1.0;
/// Rings (islands, lakes, holes) smaller than this many square pixels are
/// dropped: at most a speck of antialiasing, yet a detailed coastline has
/// thousands of them.
const MIN_RING_AREA_PX2: f64 = 6.0;
/// Line parts shorter than this many pixels are dropped (a dot at most).
const MIN_LINE_LENGTH_PX: f64 = 3.0;
/// Geometry is clipped this far outside the frame; the SVG clip path hides
/// the cut edges, so they are never stroked inside the map.
const CLIP_MARGIN_PX: f64 = 6.0;

/// A theatre's layers in map pixels for one map size.
#[derive(Debug)]
pub struct ProjectedTheatre {
    /// Projection and frame-to-pixel transform.
    pub view: MapView,
    /// One entry per theatre layer, in the same order (shared with a
    /// [`ProjectionCache`] that keeps it for the next build).
    pub layers: Vec<Arc<ProjectedLayer>>,
    /// The theatre's insets, in manifest order, each a map of its own.
    pub insets: Vec<ProjectedTheatre>,
}

/// The features of one layer in map pixels.
#[derive(Debug)]
pub struct ProjectedLayer {
    /// Layer id.
    pub id: String,
    /// Same order and length as the theatre layer's features; `None` when the
    /// feature lies entirely outside the frame.
    pub geometries: Vec<Option<Geometry<f64>>>,
    /// Polygon features projected but neither simplified nor clipped, made
    /// on first use (see [`ProjectedTheatre::unsimplified`]).
    exact: Vec<OnceLock<Option<geo::MultiPolygon<f64>>>>,
    /// For a land layer: the part of the map its data does not cover (the
    /// frame outside the layer's box, e.g. the corners of a conic page
    /// around a lon/lat extent), which the map paints as land, not sea.
    pub beyond: Option<geo::MultiPolygon<f64>>,
}

impl ProjectedTheatre {
    /// Feature `index` of layer `layer` (theatre order; its lon/lat geometry
    /// `g`) projected but neither simplified nor clipped, for pieces merged
    /// before drawing: pieces simplified one by one no longer meet along
    /// their shared edges, and a union keeps the cracks. Made once per map
    /// size, on first use. `None` for points and lines.
    pub fn unsimplified(
        &self,
        layer: usize,
        index: usize,
        g: &Geometry<f64>,
    ) -> Option<&geo::MultiPolygon<f64>> {
        self.layers
            .get(layer)?
            .exact
            .get(index)?
            .get_or_init(|| {
                let mp = match g {
                    Geometry::Polygon(p) => geo::MultiPolygon(vec![p.clone()]),
                    Geometry::MultiPolygon(mp) => mp.clone(),
                    _ => return None,
                };
                Some(self.view.dense_px_polygons(&mp))
            })
            .as_ref()
    }

    /// Merged polygons (from [`Self::unsimplified`] pieces) simplified and
    /// clipped like every other polygon.
    pub fn finish_merged(&self, mp: geo::MultiPolygon<f64>) -> geo::MultiPolygon<f64> {
        clip_polygons(simplify_to_output(mp), &self.view.clip_rect(CLIP_MARGIN_PX))
    }
}

/// Projects every layer of `theatre` onto a map `map_width_px` wide.
pub fn project_theatre(theatre: &Theatre, map_width_px: f64) -> Result<ProjectedTheatre, String> {
    project_theatre_reusing(theatre, map_width_px, None)
}

/// [`project_theatre`], taking from `cache` the layers projected by an
/// earlier call with the same geometry and the same map (the live preview
/// projects the theatre again after every save, and most saves change one
/// file), and keeping this call's layers there for the next one. The
/// result is the same as without a cache.
pub fn project_theatre_reusing(
    theatre: &Theatre,
    map_width_px: f64,
    cache: Option<&ProjectionCache>,
) -> Result<ProjectedTheatre, String> {
    let view = MapView::new(theatre, map_width_px)?;
    let inset_views = theatre
        .insets
        .iter()
        .map(|inset| {
            let v = view
                .inset(&theatre.projection, inset.area, inset.zoom)
                .map_err(|m| format!("insets \"{}\": {m}", inset.id))?;
            // Only features near the area can reach the inset's frame.
            let (dx, dy) = (
                (inset.area[2] - inset.area[0]) * 0.5,
                (inset.area[3] - inset.area[1]) * 0.5,
            );
            let near = [
                inset.area[0] - dx,
                inset.area[1] - dy,
                inset.area[2] + dx,
                inset.area[3] + dy,
            ];
            Ok((v, near))
        })
        .collect::<Result<Vec<_>, String>>()?;
    let mut reuse = reuse::Reuse::new(cache);
    let insets = inset_views
        .into_iter()
        .map(|(v, near)| ProjectedTheatre {
            layers: project_layers(theatre, &v, Some(near), &mut reuse),
            view: v,
            insets: Vec::new(),
        })
        .collect();
    let layers = project_layers(theatre, &view, None, &mut reuse);
    reuse.keep();
    Ok(ProjectedTheatre {
        layers,
        view,
        insets,
    })
}

/// Every layer of `theatre` in `view`, each taken from `reuse` when it has
/// it; features whose lon/lat box misses `near` (`[west, south, east,
/// north]`, when given) are left out without projecting.
fn project_layers(
    theatre: &Theatre,
    view: &MapView,
    near: Option<[f64; 4]>,
    reuse: &mut reuse::Reuse,
) -> Vec<Arc<ProjectedLayer>> {
    theatre
        .layers
        .iter()
        .map(|layer| {
            let layer_box = theatre.layer_box(layer);
            reuse.get_or(view, near, layer, layer_box, || {
                project_layer(layer, layer_box, view, near)
            })
        })
        .collect()
}

/// One layer in `view` (see [`project_layers`]). Lines and rings are
/// thinned in degrees first (see `project/thin.rs`).
fn project_layer(
    layer: &Layer,
    layer_box: [f64; 4],
    view: &MapView,
    near: Option<[f64; 4]>,
) -> ProjectedLayer {
    use geo::{BoundingRect, Intersects};
    let eps = view.thin_degrees();
    let near =
        near.map(|[w, s, e, n]| Rect::new(geo::coord! { x: w, y: s }, geo::coord! { x: e, y: n }));
    ProjectedLayer {
        id: layer.id.clone(),
        beyond: (layer.role == Some(Role::Land))
            .then(|| view.beyond(layer_box))
            .flatten(),
        exact: layer.features.iter().map(|_| OnceLock::new()).collect(),
        geometries: layer
            .features
            .par_iter()
            .map(|f| match near {
                Some(n) if !f.geometry.bounding_rect().is_some_and(|b| b.intersects(&n)) => None,
                _ => view.thinned_geometry(&f.geometry, eps),
            })
            .collect(),
    }
}

impl MapView {
    /// The part of the map (frame plus the clip margin) outside the lon/lat
    /// box `b`; `None` when the box covers it all.
    fn beyond(&self, b: [f64; 4]) -> Option<geo::MultiPolygon<f64>> {
        let [w, s, e, n] = b;
        let ring = LineString::from(vec![(w, s), (e, s), (e, n), (w, n), (w, s)]);
        let covered = geo::MultiPolygon(vec![geo::Polygon::new(self.dense_px(&ring), vec![])]);
        let rest = self
            .clip_rect(CLIP_MARGIN_PX)
            .to_polygon()
            .difference(&covered);
        let rest = simplify_to_output(rest);
        (!rest.0.is_empty()).then_some(rest)
    }

    /// Densify, project, simplify and clip one geometry; `None` if nothing of
    /// it is inside the frame.
    pub fn geometry(&self, g: &Geometry<f64>) -> Option<Geometry<f64>> {
        self.thinned_geometry(g, 0.0)
    }

    /// [`Self::geometry`], lines and rings first simplified in degrees at
    /// `eps` (0: not at all).
    fn thinned_geometry(&self, g: &Geometry<f64>, eps: f64) -> Option<Geometry<f64>> {
        let frame = self.clip_rect(CLIP_MARGIN_PX);
        match g {
            Geometry::Point(p) => {
                let (x, y) = self.to_px(p.x(), p.y())?;
                frame_contains(&frame, x, y).then(|| Geometry::Point(geo::Point::new(x, y)))
            }
            Geometry::MultiPoint(mp) => {
                let pts: Vec<geo::Point<f64>> = mp
                    .iter()
                    .filter_map(|p| self.to_px(p.x(), p.y()))
                    .filter(|&(x, y)| frame_contains(&frame, x, y))
                    .map(|(x, y)| geo::Point::new(x, y))
                    .collect();
                (!pts.is_empty()).then(|| Geometry::MultiPoint(pts.into()))
            }
            Geometry::Line(l) => self.geometry(&Geometry::LineString(vec![l.start, l.end].into())),
            Geometry::LineString(ls) => self.lines(
                simplify::lines(&geo::MultiLineString(vec![ls.clone()]), eps),
                &frame,
            ),
            Geometry::MultiLineString(mls) => self.lines(simplify::lines(mls, eps), &frame),
            Geometry::Polygon(p) => self.polygons(
                simplify::polygons(&geo::MultiPolygon(vec![p.clone()]), eps),
                &frame,
            ),
            Geometry::MultiPolygon(mp) => self.polygons(simplify::polygons(mp, eps), &frame),
            Geometry::Rect(r) => self.geometry(&Geometry::Polygon(r.to_polygon())),
            Geometry::Triangle(t) => self.geometry(&Geometry::Polygon(t.to_polygon())),
            Geometry::GeometryCollection(gc) => {
                let parts: Vec<_> = gc
                    .iter()
                    .filter_map(|g| self.thinned_geometry(g, eps))
                    .collect();
                (!parts.is_empty()).then(|| Geometry::GeometryCollection(parts.into()))
            }
        }
    }

    /// One point in map pixels. Points outside the projection's domain
    /// cannot occur for lon/lat that load/ validated, except at a pole of
    /// some projections; they are pinned far outside the frame so clipping
    /// removes them.
    fn px(&self, c: Coord<f64>) -> Coord<f64> {
        match self.to_px(c.x, c.y) {
            Some((x, y)) => geo::coord! { x: x, y: y },
            None => geo::coord! { x: -1e7, y: -1e7 },
        }
    }

    /// A line densified to [`DENSIFY_DEGREES`] and projected in one pass.
    /// The same points as geo's `Euclidean.densify` then projecting, without
    /// the intermediate line or a square root for the many segments that
    /// are clearly short enough (a fifth of the projection's time).
    fn dense_px(&self, line: &LineString<f64>) -> LineString<f64> {
        // Segments shorter than this need no test of their exact length.
        const SURELY_SHORT2: f64 = DENSIFY_DEGREES * DENSIFY_DEGREES * 0.99;
        let mut out = Vec::with_capacity(line.0.len());
        for w in line.0.windows(2) {
            let (a, b) = (w[0], w[1]);
            out.push(self.px(a));
            let (dx, dy) = (b.x - a.x, b.y - a.y);
            if dx * dx + dy * dy < SURELY_SHORT2 {
                continue;
            }
            let pieces = (dx.hypot(dy) / DENSIFY_DEGREES).ceil() as u64;
            let frac = 1.0 / pieces as f64;
            for k in 1..pieces {
                let r = frac * k as f64;
                out.push(self.px(geo::coord! { x: a.x + dx * r, y: a.y + dy * r }));
            }
        }
        if let Some(&last) = line.0.last() {
            out.push(self.px(last));
        }
        LineString(out)
    }

    fn dense_px_polygons(&self, mp: &geo::MultiPolygon<f64>) -> geo::MultiPolygon<f64> {
        geo::MultiPolygon(
            mp.iter()
                .map(|p| {
                    geo::Polygon::new(
                        self.dense_px(p.exterior()),
                        p.interiors().iter().map(|h| self.dense_px(h)).collect(),
                    )
                })
                .collect(),
        )
    }

    fn lines(&self, mls: geo::MultiLineString<f64>, frame: &Rect<f64>) -> Option<Geometry<f64>> {
        let dense = geo::MultiLineString(mls.iter().map(|l| self.dense_px(l)).collect());
        let mut px = simplify::lines(&dense, SIMPLIFY_PX);
        px.0.retain(|l| Euclidean.length(l) >= MIN_LINE_LENGTH_PX);
        let clipped = frame.to_polygon().clip(&px, false);
        let kept: Vec<_> = clipped.0.into_iter().filter(|l| l.0.len() >= 2).collect();
        (!kept.is_empty()).then_some(Geometry::MultiLineString(geo::MultiLineString(kept)))
    }

    fn polygons(&self, mp: geo::MultiPolygon<f64>, frame: &Rect<f64>) -> Option<Geometry<f64>> {
        let kept = clip_polygons(simplify_to_output(self.dense_px_polygons(&mp)), frame);
        (!kept.0.is_empty()).then_some(Geometry::MultiPolygon(kept))
    }
}

/// The parts of `mp` inside `frame` that are still polygons.
fn clip_polygons(mp: geo::MultiPolygon<f64>, frame: &Rect<f64>) -> geo::MultiPolygon<f64> {
    let clipped = frame.to_polygon().intersection(&mp);
    geo::MultiPolygon(
        clipped
            .0
            .into_iter()
            .filter(|p| p.exterior().0.len() >= 4)
            .collect(),
    )
}

/// Simplifies projected polygons to the output resolution: Douglas-Peucker
/// at [`SIMPLIFY_PX`], then rings (islands, lakes, holes) under
/// [`MIN_RING_AREA_PX2`] dropped.
fn simplify_to_output(mp: geo::MultiPolygon<f64>) -> geo::MultiPolygon<f64> {
    let mut px = simplify::polygons(&mp, SIMPLIFY_PX);
    px.0.retain(|p| ring_area(p.exterior()) >= MIN_RING_AREA_PX2);
    for p in &mut px.0 {
        if p.interiors()
            .iter()
            .any(|h| ring_area(h) < MIN_RING_AREA_PX2)
        {
            let (exterior, holes) = std::mem::replace(
                p,
                geo::Polygon::new(geo::LineString(Vec::new()), Vec::new()),
            )
            .into_inner();
            let holes = holes
                .into_iter()
                .filter(|h| ring_area(h) >= MIN_RING_AREA_PX2)
                .collect();
            *p = geo::Polygon::new(exterior, holes);
        }
    }
    px
}

/// Unsigned area of a closed ring (shoelace formula).
fn ring_area(ring: &geo::LineString<f64>) -> f64 {
    ring.lines()
        .map(|l| l.start.x * l.end.y - l.end.x * l.start.y)
        .sum::<f64>()
        .abs()
        / 2.0
}

fn frame_contains(r: &Rect<f64>, x: f64, y: f64) -> bool {
    x >= r.min().x && x <= r.max().x && y >= r.min().y && y <= r.max().y
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Densify, MapCoords};

    #[test]
    fn dense_px_is_densify_then_project() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/theatres/tiny");
        let theatre = crate::load::load_theatre(&dir).unwrap();
        let view = MapView::new(&theatre, 1000.0).unwrap();
        let d = DENSIFY_DEGREES;
        // Segments far under, just under, at, just over and far over the
        // densifying length, in every direction.
        let steps = [0.01, d * 0.995, d * 0.999_999, d, d * 1.000_001, 1.3, 4.0];
        for (i, step) in steps.iter().enumerate() {
            let mut pts = vec![geo::coord! { x: 10.0, y: 40.0 }];
            for k in 0..6 {
                let a = (k as f64 + i as f64 * 0.37) * 1.1;
                let p = *pts.last().unwrap();
                pts.push(geo::coord! { x: p.x + step * a.cos(), y: p.y + step * a.sin() });
            }
            let line = LineString(pts);
            let want = Euclidean.densify(&line, d).map_coords(|c| view.px(c));
            assert_eq!(view.dense_px(&line), want, "step {step}");
        }
    }
}
