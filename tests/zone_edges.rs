//! The 150 km rule of issue 15, on the built-in theatre: no zone of control
//! has a straight edge longer than 150 km unless the edge lies on a real
//! boundary (a coast, a great lake's shore, a state border, which includes
//! the 1905 Sakhalin line on the 50th parallel, or the boundary of a 1918
//! governorate or oblast, `geodata/basemap/governorates.geojson`, from which
//! the zones are cut: the Turgay oblast's southern line is straight for
//! 154 km).
//!
//! A zone's edge is the outline of one power's control polygons in a phase,
//! dissolved as the map draws them, less the stretches within
//! [`ON_REAL_M`] of the coast, a rank-1/2 lake shore or a border, and less
//! what lies outside the map frame. A straight edge is a run of consecutive
//! vertices that all lie within [`STRAIGHT_TOL_M`] of the chord from its
//! first to its last vertex; its length is the chord's, in the theatre's
//! Lambert conic. This is the measure of `tools/zone_edges.py`.
//!
//! The sides of a railway corridor (`RAIL_KM` of `tools/build_history.py`)
//! run parallel to a railway drawn station to station; they are reported
//! apart and held to the same limit (the longest, 150 km less 400 m, runs
//! beside the straight Tatarsk-Barabinsk line).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use geo::{BooleanOps, Coord, Geometry, LineString, MultiPolygon, Polygon};
use phasemap::model::{Feature, Projection, Theatre};
use rstar::primitives::Line;
use rstar::{PointDistance, RTree};

/// Longest straight zone edge allowed off a real boundary (issue 15).
const MAX_STRAIGHT_M: f64 = 150_000.0;
/// Straighter than this over the run looks ruled (0.4 px at 2.5 km/px).
const STRAIGHT_TOL_M: f64 = 1_000.0;
/// An edge this near the coast or a border follows it.
const ON_REAL_M: f64 = 3_000.0;
/// Half-width of the railway corridors (`RAIL_KM` in tools/build_history.py).
const RAIL_CORRIDOR_M: f64 = 65_000.0;

fn theatre() -> &'static Theatre {
    static T: OnceLock<Theatre> = OnceLock::new();
    T.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("geodata");
        phasemap::load::load_theatre(&dir).unwrap_or_else(|e| panic!("loading {dir:?}: {e}"))
    })
}

fn features(layer: &str) -> &'static [Feature] {
    &theatre()
        .layer(layer)
        .unwrap_or_else(|| panic!("no layer {layer} in theatre.json"))
        .features
}

fn projection() -> Projection {
    Projection::new(&theatre().projection).expect("the theatre's projection")
}

fn project_line(p: &Projection, l: &LineString<f64>) -> LineString<f64> {
    l.0.iter()
        .filter_map(|c| p.forward(c.x, c.y))
        .map(|(x, y)| Coord { x, y })
        .collect()
}

fn project_polygon(p: &Projection, g: &Polygon<f64>) -> Polygon<f64> {
    Polygon::new(
        project_line(p, g.exterior()),
        g.interiors().iter().map(|r| project_line(p, r)).collect(),
    )
}

/// The lines of `g` (polygon rings included), projected.
fn lines(p: &Projection, g: &Geometry<f64>) -> Vec<LineString<f64>> {
    match g {
        Geometry::LineString(l) => vec![project_line(p, l)],
        Geometry::MultiLineString(m) => m.iter().map(|l| project_line(p, l)).collect(),
        Geometry::Polygon(pg) => rings(&project_polygon(p, pg)),
        Geometry::MultiPolygon(m) => m
            .iter()
            .flat_map(|pg| rings(&project_polygon(p, pg)))
            .collect(),
        _ => Vec::new(),
    }
}

fn rings(p: &Polygon<f64>) -> Vec<LineString<f64>> {
    std::iter::once(p.exterior().clone())
        .chain(p.interiors().iter().cloned())
        .collect()
}

fn polygons(p: &Projection, g: &Geometry<f64>) -> Vec<Polygon<f64>> {
    match g {
        Geometry::Polygon(pg) => vec![project_polygon(p, pg)],
        Geometry::MultiPolygon(m) => m.iter().map(|pg| project_polygon(p, pg)).collect(),
        _ => Vec::new(),
    }
}

/// Segments of `lines` in an R-tree, for distance queries.
fn segment_tree(lines: &[LineString<f64>]) -> RTree<Line<[f64; 2]>> {
    RTree::bulk_load(
        lines
            .iter()
            .flat_map(|l| l.lines())
            .map(|s| Line::new([s.start.x, s.start.y], [s.end.x, s.end.y]))
            .collect(),
    )
}

fn distance(tree: &RTree<Line<[f64; 2]>>, c: Coord<f64>) -> f64 {
    tree.nearest_neighbor(&[c.x, c.y])
        .map_or(f64::INFINITY, |s| s.distance_2(&[c.x, c.y]).sqrt())
}

/// The 1918 governorates and oblasts (not a map layer: the builder's cutters).
fn governorates() -> Vec<Feature> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("geodata/basemap/governorates.geojson");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    phasemap::load::parse_layer_text(&path, &text)
        .unwrap_or_else(|e| panic!("{path:?}: {e}"))
        .0
}

/// Coasts, great-lake shores, state borders and 1918 unit boundaries, projected.
fn real_boundaries(p: &Projection) -> RTree<Line<[f64; 2]>> {
    let mut all = Vec::new();
    let units = governorates();
    assert!(
        units.len() > 10,
        "governorates.geojson holds {} units",
        units.len()
    );
    for f in &units {
        all.extend(lines(p, &f.geometry));
    }
    for f in features("land").iter().chain(features("borders")) {
        all.extend(lines(p, &f.geometry));
    }
    for f in features("lakes") {
        let rank = f.properties.get("rank").and_then(|v| v.as_i64());
        if rank.is_some_and(|r| r <= 2) {
            all.extend(lines(p, &f.geometry));
        }
    }
    segment_tree(&all)
}

fn railways(p: &Projection) -> RTree<Line<[f64; 2]>> {
    let all: Vec<LineString<f64>> = features("railways")
        .iter()
        .flat_map(|f| lines(p, &f.geometry))
        .collect();
    segment_tree(&all)
}

/// Whether the segment `a`-`b` lies on a real boundary: points every 5 km
/// along it all within [`ON_REAL_M`] of one.
fn on_real(real: &RTree<Line<[f64; 2]>>, a: Coord<f64>, b: Coord<f64>) -> bool {
    let len = ((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt();
    let n = (len / 5_000.0).ceil().max(1.0) as usize;
    (0..=n).all(|k| {
        let t = k as f64 / n as f64;
        let c = Coord {
            x: a.x + (b.x - a.x) * t,
            y: a.y + (b.y - a.y) * t,
        };
        distance(real, c) <= ON_REAL_M
    })
}

/// The part of segment `a`-`b` inside `frame` (Liang-Barsky), if any.
fn clip(a: Coord<f64>, b: Coord<f64>, frame: [f64; 4]) -> Option<(Coord<f64>, Coord<f64>)> {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, a.x - frame[0]),
        (dx, frame[2] - a.x),
        (-dy, a.y - frame[1]),
        (dy, frame[3] - a.y),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
            continue;
        }
        let r = q / p;
        if p < 0.0 {
            t0 = t0.max(r);
        } else {
            t1 = t1.min(r);
        }
    }
    (t0 <= t1).then(|| {
        let at = |t: f64| Coord {
            x: a.x + dx * t,
            y: a.y + dy * t,
        };
        (at(t0), at(t1))
    })
}

/// The stretches of `ring` that are zone edges: off real boundaries,
/// inside the frame.
fn edge_pieces(
    ring: &LineString<f64>,
    real: &RTree<Line<[f64; 2]>>,
    frame: [f64; 4],
) -> Vec<Vec<Coord<f64>>> {
    let mut pieces: Vec<Vec<Coord<f64>>> = Vec::new();
    let mut cur: Vec<Coord<f64>> = Vec::new();
    let mut flush = |cur: &mut Vec<Coord<f64>>| {
        if cur.len() >= 2 {
            pieces.push(std::mem::take(cur));
        }
        cur.clear();
    };
    for s in ring.lines() {
        let Some((a, b)) = clip(s.start, s.end, frame) else {
            flush(&mut cur);
            continue;
        };
        if on_real(real, a, b) {
            flush(&mut cur);
            continue;
        }
        if cur.last() != Some(&a) {
            flush(&mut cur);
            cur.push(a);
        }
        cur.push(b);
        if b != s.end {
            flush(&mut cur);
        }
    }
    flush(&mut cur);
    pieces
}

/// Greedy maximal straight runs of `coords`: (chord length, start, end).
fn straight_runs(coords: &[Coord<f64>]) -> Vec<(f64, Coord<f64>, Coord<f64>)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < coords.len() {
        let mut j = i + 1;
        while j + 1 < coords.len() {
            let (a, b) = (coords[i], coords[j + 1]);
            let (dx, dy) = (b.x - a.x, b.y - a.y);
            let len = (dx * dx + dy * dy).sqrt();
            if len == 0.0
                || coords[i + 1..=j]
                    .iter()
                    .any(|p| ((p.x - a.x) * dy - (p.y - a.y) * dx).abs() / len > STRAIGHT_TOL_M)
            {
                break;
            }
            j += 1;
        }
        let (a, b) = (coords[i], coords[j]);
        out.push((((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt(), a, b));
        i = j;
    }
    out
}

/// A run is a railway corridor's side when its ends and middle all lie the
/// corridor's half-width (+- 3 km) from a railway.
fn corridor_side(rails: &RTree<Line<[f64; 2]>>, a: Coord<f64>, b: Coord<f64>) -> bool {
    let mid = Coord {
        x: (a.x + b.x) / 2.0,
        y: (a.y + b.y) / 2.0,
    };
    [a, mid, b]
        .iter()
        .all(|c| (distance(rails, *c) - RAIL_CORRIDOR_M).abs() < 3_000.0)
}

/// The longest straight run found, with its power and ends (lon/lat).
#[derive(Default, Clone)]
struct Longest {
    metres: f64,
    power: String,
    from: (f64, f64),
    to: (f64, f64),
}

impl std::fmt::Display for Longest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:6.1} km  {} ({:.2}, {:.2}) - ({:.2}, {:.2})",
            self.metres / 1000.0,
            self.power,
            self.from.0,
            self.from.1,
            self.to.0,
            self.to.1
        )
    }
}

/// Per phase: the longest straight edge off real boundaries, and the
/// longest railway corridor side.
fn measure(layer: &str) -> Vec<(String, Longest, Longest)> {
    let p = projection();
    let real = real_boundaries(&p);
    let rails = railways(&p);
    let frame = theatre().frame.expect("the built-in theatre has a frame");
    let lonlat = |c: Coord<f64>| p.inverse(c.x, c.y).unwrap_or((f64::NAN, f64::NAN));
    let mut out = Vec::new();
    for phase in &theatre().phases {
        let mut by_power: BTreeMap<&str, Vec<Polygon<f64>>> = BTreeMap::new();
        for f in features(layer)
            .iter()
            .filter(|f| f.is_active(phase.snapshot))
        {
            by_power
                .entry(f.str_prop("power").unwrap_or(""))
                .or_default()
                .extend(polygons(&p, &f.geometry));
        }
        let (mut best, mut rail_best) = (Longest::default(), Longest::default());
        for (power, polys) in by_power {
            let zone: MultiPolygon<f64> = polys
                .into_iter()
                .fold(MultiPolygon::new(Vec::new()), |acc, pg| {
                    acc.union(&MultiPolygon::new(vec![pg]))
                });
            for ring in zone.iter().flat_map(rings) {
                for piece in edge_pieces(&ring, &real, frame) {
                    for (len, a, b) in straight_runs(&piece) {
                        let slot = if corridor_side(&rails, a, b) {
                            &mut rail_best
                        } else {
                            &mut best
                        };
                        if len > slot.metres {
                            *slot = Longest {
                                metres: len,
                                power: power.to_string(),
                                from: lonlat(a),
                                to: lonlat(b),
                            };
                        }
                    }
                }
            }
        }
        out.push((phase.id.clone(), best, rail_best));
    }
    out
}

#[test]
fn no_straight_control_edge_over_150_km_off_real_boundaries() {
    let found = measure("control");
    println!("control: longest straight zone edge per phase (coasts and borders aside)");
    for (phase, best, rail) in &found {
        println!("  {phase}  {best}");
        if rail.metres > 0.0 {
            println!("           {rail}  (side of a railway corridor)");
        }
    }
    for (phase, best, rail) in &found {
        assert!(
            best.metres <= MAX_STRAIGHT_M,
            "{phase}: a straight zone edge of {best} runs off any coast or border"
        );
        assert!(
            rail.metres <= MAX_STRAIGHT_M,
            "{phase}: a railway corridor side of {rail}"
        );
    }
    // The measure sees the ruled edges it is meant to catch.
    assert!(found.iter().any(|(_, b, _)| b.metres > 50_000.0));
}

#[test]
fn a_ruled_edge_is_measured_and_a_curved_one_is_not() {
    let ruled: Vec<Coord<f64>> = (0..=20)
        .map(|i| Coord {
            x: i as f64 * 10_000.0,
            y: 0.0,
        })
        .collect();
    let runs = straight_runs(&ruled);
    assert_eq!(runs.len(), 1);
    assert!((runs[0].0 - 200_000.0).abs() < 1e-6);
    // a circle of 500 km radius: no 1 km-straight run reaches 150 km
    let arc: Vec<Coord<f64>> = (0..=360)
        .map(|i| {
            let t = (i as f64).to_radians();
            Coord {
                x: 500_000.0 * t.cos(),
                y: 500_000.0 * t.sin(),
            }
        })
        .collect();
    assert!(straight_runs(&arc).iter().all(|r| r.0 < 70_000.0));
    // clipping keeps what is inside the frame
    let (a, b) = clip(
        Coord { x: -10.0, y: 5.0 },
        Coord { x: 20.0, y: 5.0 },
        [0.0, 0.0, 10.0, 10.0],
    )
    .unwrap();
    assert_eq!((a.x, b.x), (0.0, 10.0));
    assert!(clip(
        Coord { x: -10.0, y: 5.0 },
        Coord { x: -1.0, y: 5.0 },
        [0.0, 0.0, 10.0, 10.0]
    )
    .is_none());
}
