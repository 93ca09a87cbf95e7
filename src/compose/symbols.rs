//! Map symbols: one function draws a feature of a style layer, and the
//! legend calls the same function on a small sample geometry, so a swatch is
//! always exactly the symbol on the map.

use std::collections::BTreeMap;
use std::fmt::Write;

use geo::{ChaikinSmoothing, Coord, Geometry, LineString};
use serde_json::Value;

use super::svg::{dasharray, escape, geometry_d, line_d, num, val};
use crate::model::Texture;
use crate::style::{expr, size_value, Color, EvalContext, LayerKind, StyleLayer};

/// Shared `<defs>` content (hatch patterns), numbered in order of first use
/// so ids are stable from run to run.
#[derive(Debug, Default)]
pub struct Defs {
    patterns: BTreeMap<String, String>,
    /// The `<pattern>` elements, in order of creation.
    pub svg: String,
}

impl Defs {
    fn hatch(
        &mut self,
        color: Color,
        opacity: f64,
        angle: f64,
        spacing: f64,
        width: f64,
        texture: Texture,
    ) -> String {
        let key = format!(
            "{}|{}|{}|{}|{}|{}",
            color.hex(),
            val(opacity),
            val(angle),
            val(spacing),
            val(width),
            texture.name()
        );
        if let Some(id) = self.patterns.get(&key) {
            return id.clone();
        }
        let id = format!("hatch{}", self.patterns.len() + 1);
        let _ = writeln!(
            self.svg,
            "<pattern id=\"{id}\" patternUnits=\"userSpaceOnUse\" {}</pattern>",
            match texture {
                Texture::Dots => dot_tile(angle, spacing, width, color, opacity),
                t => hatch_tile(angle, spacing, width, t == Texture::Cross, color, opacity),
            }
        );
        self.patterns.insert(key, id.clone());
        id
    }
}

/// The attributes and content of a dotted `<pattern>`: dots `width` across
/// on a square grid `spacing` apart, staggered (a diagonal grid) unless
/// `angle` is a multiple of 90 degrees.
fn dot_tile(angle: f64, spacing: f64, width: f64, color: Color, opacity: f64) -> String {
    let sp = spacing.round().max(3.0);
    let r = val((width * 1.1).max(1.0));
    let paint = format!("fill=\"{}\" fill-opacity=\"{}\"", color.hex(), val(opacity));
    let a = angle.rem_euclid(90.0);
    let mut out = format!(
        "width=\"{0}\" height=\"{0}\"><circle cx=\"{1}\" cy=\"{1}\" r=\"{r}\" {paint}/>",
        val(sp),
        val(sp / 2.0)
    );
    if a > 1.0 && a < 89.0 {
        for (x, y) in [(0.0, 0.0), (sp, 0.0), (0.0, sp), (sp, sp)] {
            let _ = write!(
                out,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{r}\" {paint}/>",
                val(x),
                val(y)
            );
        }
    }
    out
}

/// The attributes and content of a hatch `<pattern>`: lines at `angle`
/// degrees from vertical (clockwise), `spacing` apart, `width` wide.
///
/// The tile is upright and a whole number of pixels, with the slanted
/// lines drawn into it: an upright tile that is translated only is sampled
/// pixel for pixel, where a rotated one (`patternTransform`) is resampled
/// bicubically at every pixel it covers (a twentieth of all raster time).
/// Slanted lines repeat across an upright tile W wide and H high when
/// tan(angle) = W / H, so the angle is taken to the nearest such ratio of
/// whole pixels (within a degree or so at map sizes) and the spacing to
/// W cos(angle). Cross-hatching at angles other than 0, 45 and 90 degrees
/// does not repeat in a small upright tile and keeps the rotated tile.
fn hatch_tile(
    angle: f64,
    spacing: f64,
    width: f64,
    cross: bool,
    color: Color,
    opacity: f64,
) -> String {
    let paint = format!(
        "stroke=\"{}\" stroke-opacity=\"{}\"",
        color.hex(),
        val(opacity)
    );
    // Angles fold into -90..90: lines at a and a + 180 degrees are the same.
    let a = (angle + 90.0).rem_euclid(180.0) - 90.0;
    let near = |x: f64| (a - x).abs() < 0.5;
    if near(0.0) || near(-90.0) || near(90.0) {
        // Vertical (or horizontal) lines on the tile's edge, stroked twice as
        // wide: each tile shows half of its own line, the next tile the rest.
        let sp = spacing.round().max(2.0);
        let d = match (near(0.0), cross) {
            (_, true) => format!("M0 0V{0}M0 0H{0}", val(sp)),
            (true, false) => format!("M0 0V{}", val(sp)),
            (false, false) => format!("M0 0H{}", val(sp)),
        };
        return format!(
            "width=\"{0}\" height=\"{0}\"><path d=\"{d}\" {paint} stroke-width=\"{1}\"/>",
            val(sp),
            val(width * 2.0)
        );
    }
    let rad = a.to_radians();
    let w = (spacing / rad.cos().abs()).round().max(1.0);
    let h = (spacing / rad.sin().abs()).round().max(1.0);
    let square = w == h;
    if w > 512.0 || h > 512.0 || (cross && !square) {
        let sp = val(spacing);
        let d = if cross {
            format!("M0 0V{sp}M0 0H{sp}")
        } else {
            format!("M0 0V{sp}")
        };
        return format!(
            "width=\"{sp}\" height=\"{sp}\" patternTransform=\"rotate({})\"><path d=\"{d}\" {paint} stroke-width=\"{}\"/>",
            val(angle),
            val(width * 2.0)
        );
    }
    // Lines cos(t) x + sin(t) y = k s, with tan|t| = w / h and s = w cos t.
    let t = (w / h).atan() * a.signum();
    let (sin, cos) = t.sin_cos();
    let s = w * cos;
    let reach = w + h;
    let mut d = String::new();
    let mut family = |n: (f64, f64)| {
        let dir = (-n.1, n.0);
        for k in -3..=3 {
            let c = (n.0 * k as f64 * s, n.1 * k as f64 * s);
            let _ = write!(
                d,
                "M{} {}L{} {}",
                val(c.0 - dir.0 * reach),
                val(c.1 - dir.1 * reach),
                val(c.0 + dir.0 * reach),
                val(c.1 + dir.1 * reach)
            );
        }
    };
    family((cos, sin));
    if cross {
        family((-sin, cos));
    }
    format!(
        "width=\"{}\" height=\"{}\"><path d=\"{d}\" {paint} stroke-width=\"{}\"/>",
        val(w),
        val(h),
        val(width)
    )
}

/// Evaluated paint and layout of one style layer for one feature.
pub struct Props<'a> {
    layer: &'a StyleLayer,
    ctx: &'a EvalContext<'a>,
    /// Symbol scale factor for the output width.
    pub scale: f64,
    /// Factor on every opacity: a faded layer (change maps) fades each
    /// element, rather than a group, which resvg would draw through a
    /// page-sized layer.
    pub fade: f64,
}

impl<'a> Props<'a> {
    /// Paint/layout of `layer` for the feature in `ctx`, at symbol `scale`.
    pub fn new(layer: &'a StyleLayer, ctx: &'a EvalContext<'a>, scale: f64) -> Props<'a> {
        Props {
            layer,
            ctx,
            scale,
            fade: 1.0,
        }
    }

    fn raw(&self, key: &str) -> Option<Value> {
        self.layer
            .paint
            .get(key)
            .or_else(|| self.layer.layout.get(key))
            .map(|v| expr::eval(v, self.ctx))
            .filter(|v| !v.is_null())
    }

    /// A colour property.
    pub fn color(&self, key: &str) -> Option<Color> {
        self.raw(key)
            .and_then(|v| v.as_str().and_then(|s| Color::parse(s).ok()))
    }

    /// A plain number (opacity, angle, iterations); opacities include the fade.
    pub fn number(&self, key: &str, default: f64) -> f64 {
        let n = self.raw(key).and_then(|v| v.as_f64()).unwrap_or(default);
        if key.ends_with("opacity") {
            n * self.fade
        } else {
            n
        }
    }

    /// A size, scaled for the output width.
    pub fn size(&self, key: &str, default: f64) -> f64 {
        self.raw(key)
            .and_then(|v| size_value(&v))
            .unwrap_or(default)
            * self.scale
    }

    /// A string property.
    pub fn text(&self, key: &str) -> Option<String> {
        self.raw(key).map(|v| expr::to_text(&v))
    }

    /// A dash array in multiples of `unit` (MapLibre: of the line width).
    pub fn dashes(&self, key: &str, unit: f64) -> Option<Vec<f64>> {
        let v = self.raw(key)?;
        let a: Vec<f64> = v
            .as_array()?
            .iter()
            .filter_map(|x| x.as_f64())
            .map(|x| x * unit)
            .collect();
        (!a.is_empty()).then_some(a)
    }
}

/// Draws `geom` (map pixels) with `layer`'s symbol; `attrs` (data
/// attributes, already escaped) go on the feature's outermost element.
pub fn draw(
    out: &mut String,
    defs: &mut Defs,
    layer: &StyleLayer,
    p: &Props,
    geom: &Geometry<f64>,
    attrs: &str,
) {
    match layer.kind {
        LayerKind::Fill => draw_fill(out, defs, p, geom, attrs),
        LayerKind::Line => draw_line(out, p, geom, attrs),
        LayerKind::Circle => draw_points(out, p, geom, attrs),
        LayerKind::Background | LayerKind::Symbol => {}
    }
}

fn draw_fill(out: &mut String, defs: &mut Defs, p: &Props, geom: &Geometry<f64>, attrs: &str) {
    let d = geometry_d(geom);
    if d.is_empty() {
        return;
    }
    let fill = p.color("fill-color");
    let opacity = p.number("fill-opacity", 1.0) * fill.map_or(1.0, |c| c.a);
    let hatch = p.color("phasemap:hatch-color").map(|c| {
        defs.hatch(
            c,
            p.number("phasemap:hatch-opacity", 1.0) * c.a,
            p.number("phasemap:hatch-angle", 45.0),
            p.size("phasemap:hatch-spacing", 10.0).max(1.0),
            p.size("phasemap:hatch-width", 1.5),
            match p.text("phasemap:hatch-texture").as_deref() {
                Some(t) => Texture::parse(t).unwrap_or(Texture::Lines),
                None if p
                    .raw("phasemap:hatch-cross")
                    .and_then(|v| v.as_bool())
                    .unwrap_or(false) =>
                {
                    Texture::Cross
                }
                None => Texture::Lines,
            },
        )
    });
    let outline = p.color("fill-outline-color");
    let _ = write!(out, "<g{attrs}>");
    if let Some(c) = fill.filter(|c| c.a > 0.0) {
        let _ = write!(
            out,
            "<path d=\"{d}\" fill=\"{}\" fill-rule=\"evenodd\"",
            c.hex()
        );
        if opacity < 1.0 {
            let _ = write!(out, " fill-opacity=\"{}\"", val(opacity));
        }
        out.push_str("/>");
    }
    if let Some(id) = hatch {
        let _ = write!(
            out,
            "<path d=\"{d}\" fill=\"url(#{id})\" fill-rule=\"evenodd\"/>"
        );
    }
    if let Some(c) = outline.filter(|c| c.a > 0.0) {
        let w = p.size("phasemap:outline-width", 1.0);
        let _ = write!(
            out,
            "<path d=\"{d}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" stroke-linejoin=\"round\"",
            c.hex(),
            val(w)
        );
        let o = p.number("phasemap:outline-opacity", 1.0) * c.a;
        if o < 1.0 {
            let _ = write!(out, " stroke-opacity=\"{}\"", val(o));
        }
        if let Some(dash) = p.dashes("phasemap:outline-dasharray", w) {
            let _ = write!(out, " stroke-dasharray=\"{}\"", dasharray(&dash));
        }
        out.push_str("/>");
    }
    out.push_str("</g>\n");
}

fn lines_of(geom: &Geometry<f64>) -> Vec<&LineString<f64>> {
    match geom {
        Geometry::LineString(l) => vec![l],
        Geometry::MultiLineString(ml) => ml.0.iter().collect(),
        Geometry::GeometryCollection(gc) => gc.0.iter().flat_map(lines_of).collect(),
        _ => Vec::new(),
    }
}

/// Lines at most this wide (pixels) get bevelled joins.
const THIN_LINE_PX: f64 = 2.0;

fn stroke(
    out: &mut String,
    d: &str,
    color: Color,
    width: f64,
    opacity: f64,
    dash: Option<&[f64]>,
    cap: &str,
) {
    // On lines up to two pixels wide a bevelled corner differs from a round
    // one by a fraction of a pixel, and costs the rasteriser one segment
    // instead of an arc at every vertex (rivers have thousands).
    let join = if width <= THIN_LINE_PX {
        "bevel"
    } else {
        "round"
    };
    let _ = write!(
        out,
        "<path d=\"{d}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" stroke-linejoin=\"{join}\" stroke-linecap=\"{cap}\"",
        color.hex(),
        val(width)
    );
    if opacity * color.a < 1.0 {
        let _ = write!(out, " stroke-opacity=\"{}\"", val(opacity * color.a));
    }
    if let Some(dash) = dash {
        let _ = write!(out, " stroke-dasharray=\"{}\"", dasharray(dash));
    }
    out.push_str("/>");
}

fn draw_line(out: &mut String, p: &Props, geom: &Geometry<f64>, attrs: &str) {
    let lines = lines_of(geom);
    if lines.is_empty() {
        return;
    }
    let color = p.color("line-color").unwrap_or(Color::rgb(0, 0, 0));
    let width = p.size("line-width", 1.0);
    let opacity = p.number("line-opacity", 1.0);
    let cap = p.text("line-cap").unwrap_or_else(|| "round".into());
    let cap = if ["butt", "round", "square"].contains(&cap.as_str()) {
        cap
    } else {
        "round".into()
    };
    let _ = write!(out, "<g{attrs}>");
    if p.raw("phasemap:arrow-width").is_some() {
        for l in &lines {
            draw_arrow(out, p, l, color, opacity);
        }
        out.push_str("</g>\n");
        return;
    }
    let d: String = lines.iter().map(|l| line_d(l)).collect();
    if let Some(casing) = p.color("phasemap:casing-color") {
        let cw = p.size("phasemap:casing-width", 2.0);
        stroke(out, &d, casing, width + 2.0 * cw, opacity, None, &cap);
    }
    let dash = p.dashes("line-dasharray", width);
    stroke(out, &d, color, width, opacity, dash.as_deref(), &cap);
    if p.raw("phasemap:ties-spacing").is_some() {
        // Railway "ladder": the same path again, wide and dashed, gives
        // evenly spaced perpendicular ties in every renderer.
        let len = p.size("phasemap:ties-length", width * 3.0);
        let tw = p.size("phasemap:ties-width", 1.0);
        let sp = p.size("phasemap:ties-spacing", 12.0);
        let tie_color = p.color("phasemap:ties-color").unwrap_or(color);
        stroke(
            out,
            &d,
            tie_color,
            len,
            opacity,
            Some(&[tw, (sp - tw).max(tw)]),
            "butt",
        );
    }
    if let Some(side) = p
        .text("phasemap:teeth-side")
        .filter(|s| s == "left" || s == "right")
    {
        let size = p.size("phasemap:teeth-size", 8.0);
        let spacing = p.size("phasemap:teeth-spacing", 24.0).max(size * 1.2);
        let tc = p.color("phasemap:teeth-color").unwrap_or(color);
        let mut td = String::new();
        for l in &lines {
            teeth(&mut td, l, side == "left", size, spacing);
        }
        if !td.is_empty() {
            let _ = write!(out, "<path d=\"{td}\" fill=\"{}\"", tc.hex());
            if opacity * tc.a < 1.0 {
                let _ = write!(out, " fill-opacity=\"{}\"", val(opacity * tc.a));
            }
            out.push_str("/>");
        }
    }
    out.push_str("</g>\n");
}

/// Point at distance `d` along `pts` with the unit tangent there.
fn along(pts: &[Coord<f64>], cum: &[f64], d: f64) -> (Coord<f64>, Coord<f64>) {
    let i = match cum.binary_search_by(|c| c.total_cmp(&d)) {
        Ok(i) => i.min(pts.len() - 2),
        Err(i) => i.saturating_sub(1).min(pts.len() - 2),
    };
    let (a, b) = (pts[i], pts[i + 1]);
    let seg = (cum[i + 1] - cum[i]).max(1e-9);
    let t = ((d - cum[i]) / seg).clamp(0.0, 1.0);
    let tan = Coord {
        x: (b.x - a.x) / seg,
        y: (b.y - a.y) / seg,
    };
    (
        Coord {
            x: a.x + (b.x - a.x) * t,
            y: a.y + (b.y - a.y) * t,
        },
        tan,
    )
}

fn cumulative(pts: &[Coord<f64>]) -> Vec<f64> {
    let mut cum = Vec::with_capacity(pts.len());
    let mut acc = 0.0;
    cum.push(0.0);
    for w in pts.windows(2) {
        acc += ((w[1].x - w[0].x).powi(2) + (w[1].y - w[0].y).powi(2)).sqrt();
        cum.push(acc);
    }
    cum
}

/// Triangles along the line on one side, pointing away from it (towards the
/// side the front faces).
fn teeth(d: &mut String, l: &LineString<f64>, left: bool, size: f64, spacing: f64) {
    let pts = &l.0;
    if pts.len() < 2 {
        return;
    }
    let cum = cumulative(pts);
    let total = *cum.last().unwrap_or(&0.0);
    let mut s = spacing / 2.0;
    while s + size / 2.0 <= total {
        let (a, _) = along(pts, &cum, s - size / 2.0);
        let (b, _) = along(pts, &cum, s + size / 2.0);
        let (m, t) = along(pts, &cum, s);
        // Screen y points down: the walker's left is (ty, -tx).
        let n = if left {
            Coord { x: t.y, y: -t.x }
        } else {
            Coord { x: -t.y, y: t.x }
        };
        let apex = Coord {
            x: m.x + n.x * size * 0.85,
            y: m.y + n.y * size * 0.85,
        };
        let _ = write!(
            d,
            "M{} {}L{} {}L{} {}Z",
            num(a.x),
            num(a.y),
            num(apex.x),
            num(apex.y),
            num(b.x),
            num(b.y)
        );
        s += spacing;
    }
}

/// A tapered arrow body with a head, optionally smoothed into a curve.
fn draw_arrow(out: &mut String, p: &Props, l: &LineString<f64>, color: Color, opacity: f64) {
    let iterations = p.number("phasemap:arrow-smooth", 0.0).clamp(0.0, 5.0) as usize;
    let smooth = if iterations > 0 {
        l.chaikin_smoothing(iterations)
    } else {
        l.clone()
    };
    let pts: Vec<Coord<f64>> = smooth.0;
    if pts.len() < 2 {
        return;
    }
    let cum = cumulative(&pts);
    let total = *cum.last().unwrap_or(&0.0);
    let w = p.size("phasemap:arrow-width", 8.0);
    let head_len = p
        .size("phasemap:arrow-head-length", w * 2.2)
        .min(total * 0.6);
    let head_w = p.size("phasemap:arrow-head-width", w * 2.4);
    let taper = p.number("phasemap:arrow-taper", 0.35).clamp(0.0, 1.0);
    let body_end = total - head_len;
    let dash = p.dashes("line-dasharray", w);
    // Sample the body at the original vertices up to the head's base.
    let mut samples: Vec<f64> = cum.iter().copied().filter(|&c| c < body_end).collect();
    samples.push(body_end);
    let (tip, _) = along(&pts, &cum, total);
    let (base, bt) = along(&pts, &cum, body_end);
    let bn = Coord { x: bt.y, y: -bt.x };
    let outline = p.color("phasemap:arrow-outline-color");
    let mut d = String::new();
    if let Some(dash) = dash {
        // Dashed variant (withdrawal, retreat): stroked centre line plus a solid head.
        let body: Vec<Coord<f64>> = samples.iter().map(|&s| along(&pts, &cum, s).0).collect();
        let bd = line_d(&LineString(body));
        stroke(out, &bd, color, w * 0.6, opacity, Some(&dash), "butt");
    } else {
        let mut left = Vec::new();
        let mut right = Vec::new();
        for &s in &samples {
            let (c, t) = along(&pts, &cum, s);
            let hw = w / 2.0 * (taper + (1.0 - taper) * (s / body_end.max(1e-9)).clamp(0.0, 1.0));
            let n = Coord { x: t.y, y: -t.x };
            left.push(Coord {
                x: c.x + n.x * hw,
                y: c.y + n.y * hw,
            });
            right.push(Coord {
                x: c.x - n.x * hw,
                y: c.y - n.y * hw,
            });
        }
        let mut ring = left.clone();
        ring.push(Coord {
            x: base.x + bn.x * head_w / 2.0,
            y: base.y + bn.y * head_w / 2.0,
        });
        ring.push(tip);
        ring.push(Coord {
            x: base.x - bn.x * head_w / 2.0,
            y: base.y - bn.y * head_w / 2.0,
        });
        ring.extend(right.into_iter().rev());
        ring.push(ring[0]);
        d = line_d(&LineString(ring));
        d.push('Z');
    }
    if d.is_empty() {
        let ring = vec![
            Coord {
                x: base.x + bn.x * head_w / 2.0,
                y: base.y + bn.y * head_w / 2.0,
            },
            tip,
            Coord {
                x: base.x - bn.x * head_w / 2.0,
                y: base.y - bn.y * head_w / 2.0,
            },
        ];
        d = line_d(&LineString(ring));
        d.push('Z');
    }
    let _ = write!(
        out,
        "<path d=\"{d}\" fill=\"{}\" stroke-linejoin=\"round\"",
        color.hex()
    );
    if opacity * color.a < 1.0 {
        let _ = write!(out, " fill-opacity=\"{}\"", val(opacity * color.a));
    }
    if let Some(o) = outline {
        let _ = write!(
            out,
            " stroke=\"{}\" stroke-width=\"{}\"",
            o.hex(),
            val((w * 0.15).max(0.8))
        );
    }
    out.push_str("/>");
}

fn points_of(geom: &Geometry<f64>) -> Vec<Coord<f64>> {
    match geom {
        Geometry::Point(p) => vec![p.0],
        Geometry::MultiPoint(mp) => mp.0.iter().map(|p| p.0).collect(),
        Geometry::GeometryCollection(gc) => gc.0.iter().flat_map(points_of).collect(),
        _ => Vec::new(),
    }
}

fn draw_points(out: &mut String, p: &Props, geom: &Geometry<f64>, attrs: &str) {
    let pts = points_of(geom);
    if pts.is_empty() {
        return;
    }
    let fill = p.color("circle-color").unwrap_or(Color::rgb(0, 0, 0));
    let opacity = p.number("circle-opacity", 1.0);
    let sc = p.color("circle-stroke-color");
    let sw = p.size("circle-stroke-width", 0.0);
    let marker = p.text("phasemap:marker");
    let _ = write!(out, "<g{attrs}>");
    for c in pts {
        let stroke_attrs = match sc {
            Some(s) if sw > 0.0 => format!(" stroke=\"{}\" stroke-width=\"{}\"", s.hex(), val(sw)),
            _ => String::new(),
        };
        let op = if opacity * fill.a < 1.0 {
            format!(" fill-opacity=\"{}\"", val(opacity * fill.a))
        } else {
            String::new()
        };
        match marker.as_deref() {
            Some(kind) if !kind.is_empty() && kind != "circle" => {
                let size = p.size("phasemap:marker-size", 16.0);
                let (d, stroked) = marker_path(kind, c, size);
                if stroked {
                    // Line-art markers (swords): a halo stroke, then the lines.
                    if let Some(s) = sc {
                        let _ = write!(out, "<path d=\"{d}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" stroke-linecap=\"round\"/>", s.hex(), val(size * 0.16 + 2.0 * sw));
                    }
                    let _ = write!(out, "<path d=\"{d}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" stroke-linecap=\"round\"/>", fill.hex(), val(size * 0.16));
                } else {
                    let _ = write!(
                        out,
                        "<path d=\"{d}\" fill=\"{}\"{op}{stroke_attrs} stroke-linejoin=\"round\"/>",
                        fill.hex()
                    );
                }
            }
            _ => {
                let r = p.size("circle-radius", 5.0);
                let _ = write!(
                    out,
                    "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\"{op}{stroke_attrs}/>",
                    num(c.x),
                    num(c.y),
                    val(r),
                    fill.hex()
                );
            }
        }
    }
    out.push_str("</g>\n");
}

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

/// `data-*` attributes identifying a feature, for the interactive page.
pub fn feature_attrs(layer: &str, index: usize) -> String {
    format!(" data-f=\"{}/{index}\"", escape(layer))
}
