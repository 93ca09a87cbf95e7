//! Event marker shapes.

use geo::Coord;

use super::svg::num;

/// Marker kinds with a dedicated shape.
pub const MARKERS: &[&str] = &[
    "battle",
    "landing",
    "coup",
    "capture",
    "execution",
    "treaty",
    "withdrawal",
    "massacre",
    "founding",
    "square",
    "star",
];

/// Path data of an event marker of `size` pixels centred on `c`; the flag says
/// whether it is line art (stroked) or a filled shape.
pub fn marker_path(kind: &str, c: Coord<f64>, size: f64) -> (String, bool) {
    let r = size / 2.0;
    let pt = |dx: f64, dy: f64| format!("{} {}", num(c.x + dx * r), num(c.y + dy * r));
    let poly = |pts: &[(f64, f64)]| {
        let mut d = String::new();
        for (i, (x, y)) in pts.iter().enumerate() {
            d.push(if i == 0 { 'M' } else { 'L' });
            d.push_str(&pt(*x, *y));
        }
        d.push('Z');
        d
    };
    match kind {
        // Crossed swords: two blades with short cross-guards.
        "battle" => (
            format!(
                "M{}L{}M{}L{}M{}L{}M{}L{}",
                pt(-0.9, -0.9),
                pt(0.9, 0.9),
                pt(0.9, -0.9),
                pt(-0.9, 0.9),
                pt(0.25, 0.75),
                pt(0.75, 0.25),
                pt(-0.25, 0.75),
                pt(-0.75, 0.25)
            ),
            true,
        ),
        "coup" | "star" => {
            let pts: Vec<(f64, f64)> = (0..10)
                .map(|i| {
                    let a =
                        std::f64::consts::PI * (f64::from(i) / 5.0) - std::f64::consts::FRAC_PI_2;
                    let rr = if i % 2 == 0 { 1.0 } else { 0.42 };
                    (rr * a.cos(), rr * a.sin())
                })
                .collect();
            (poly(&pts), false)
        }
        // Landing: a boat hull with an upward chevron.
        "landing" => (
            poly(&[
                (-1.0, 0.1),
                (1.0, 0.1),
                (0.6, 0.8),
                (-0.6, 0.8),
                (-1.0, 0.1),
                (-0.45, 0.1),
                (0.0, -0.9),
                (0.45, 0.1),
            ]),
            false,
        ),
        // Capture: a flag on a pole.
        "capture" => (
            poly(&[
                (-0.7, 1.0),
                (-0.7, -1.0),
                (0.9, -0.55),
                (-0.45, -0.1),
                (-0.45, 1.0),
            ]),
            false,
        ),
        // Execution: a Latin cross, the grave of one person.
        "execution" => (
            format!(
                "M{}L{}M{}L{}",
                pt(0.0, -1.0),
                pt(0.0, 1.0),
                pt(-0.6, -0.4),
                pt(0.6, -0.4)
            ),
            true,
        ),
        // Massacre: an asterisk of three strokes, many dead.
        "massacre" => (
            format!(
                "M{}L{}M{}L{}M{}L{}",
                pt(-0.8, -0.8),
                pt(0.8, 0.8),
                pt(0.8, -0.8),
                pt(-0.8, 0.8),
                pt(0.0, -1.0),
                pt(0.0, 1.0)
            ),
            true,
        ),
        "treaty" => (
            poly(&[(0.0, -1.0), (1.0, 0.0), (0.0, 1.0), (-1.0, 0.0)]),
            false,
        ),
        "withdrawal" => (poly(&[(-1.0, -0.6), (1.0, -0.6), (0.0, 0.9)]), false),
        "founding" | "square" => (
            poly(&[(-0.8, -0.8), (0.8, -0.8), (0.8, 0.8), (-0.8, 0.8)]),
            false,
        ),
        _ => (
            poly(&[(-0.7, -0.7), (0.7, -0.7), (0.7, 0.7), (-0.7, 0.7)]),
            false,
        ),
    }
}
