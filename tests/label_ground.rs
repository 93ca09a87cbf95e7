//! Names of seas (not lakes: a narrow lake's name stands beside it) lie over water and names of regions over land,
//! never across a coast (review 5: a sea's name whose point is near a
//! coast was drawn partly on land). Checked on every phase map of the
//! built-in theatre and the example, in every built-in style, at 2400 and
//! 800 px, by sampling the land and water polygons over each label's box.

mod common;

use geo::{BoundingRect, Contains, Coord, Geometry, Point, Rect};
use phasemap::model::Role;

use common::{request, root, session};

/// A polygon's box and shape.
type Shape<'a> = (Rect<f64>, &'a Geometry<f64>);

#[test]
fn water_names_lie_over_water_and_region_names_over_land() {
    let mut checked = 0;
    for dir in ["geodata", "examples/russo-japanese-war"] {
        for style in ["wikipedia", "print", "projector"] {
            for width in [2400.0, 800.0] {
                let s = session(&phasemap::RenderRequest {
                    style: style.into(),
                    ..request(&root().join(dir), width)
                });
                let mut land: Vec<Shape> = Vec::new();
                let mut water: Vec<Shape> = Vec::new();
                let mut kinds = std::collections::BTreeMap::new();
                for (layer, proj) in s.theatre.layers.iter().zip(&s.projected.layers) {
                    for (i, (f, g)) in layer.features.iter().zip(&proj.geometries).enumerate() {
                        if layer.role == Some(Role::Labels) {
                            if let Some(k) = f.str_prop("kind") {
                                kinds.insert(format!("{}/{i}", layer.id), k.to_string());
                            }
                        }
                        let Some(g) = g else { continue };
                        let into = match layer.role {
                            Some(Role::Land) => &mut land,
                            Some(Role::Water) => &mut water,
                            _ => continue,
                        };
                        if matches!(g, Geometry::Polygon(_) | Geometry::MultiPolygon(_)) {
                            into.push((g.bounding_rect().unwrap(), g));
                        }
                    }
                }
                let inside = |set: &[Shape], q: Coord<f64>| {
                    set.iter().any(|(r, g)| {
                        r.min().x <= q.x
                            && q.x <= r.max().x
                            && r.min().y <= q.y
                            && q.y <= r.max().y
                            && g.contains(&Point(q))
                    })
                };
                let is_water = |q: Coord<f64>| !inside(&land, q) || inside(&water, q);
                for scene in s.scenes(&s.select_phases(&[]).unwrap(), &|| {}) {
                    for l in &scene.labels {
                        let want_water = match kinds.get(&l.key).map(String::as_str) {
                            Some("sea" | "ocean" | "bay" | "gulf" | "strait") => true,
                            Some("region" | "country") => false,
                            _ => continue,
                        };
                        checked += 1;
                        let b = l.bbox;
                        let (w, h) = (b[2] - b[0], b[3] - b[1]);
                        let cols = ((2.0 * w / h).ceil() as usize).clamp(2, 80);
                        for i in 0..=cols {
                            for y in [b[1], b[1] + h / 2.0, b[3]] {
                                let q = Coord {
                                    x: b[0] + w * i as f64 / cols as f64,
                                    y,
                                };
                                assert_eq!(
                                    is_water(q),
                                    want_water,
                                    "{dir} {style} {width} {}: \"{}\" crosses the coast at {q:?}",
                                    scene.phase,
                                    l.text
                                );
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(checked > 50, "only {checked} names checked");
}
