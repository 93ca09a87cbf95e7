//! Map symbols: one function draws a feature of a style layer, and the
//! legend calls the same function on a small sample geometry, so a swatch is
//! always exactly the symbol on the map.

use std::fmt::Write;

use geo::{Coord, Geometry, LineString};

use super::arrows::draw_arrow;
pub use super::hatch::Defs;
use super::markers::marker_path;
use super::markup::Markup;
use super::svg::{dasharray, escape, geometry_d, line_d, num, val};
use crate::model::Texture;
use crate::style::paint::{
    AsBool, AsColor, AsDashes, AsNumber, AsSize, AsText, CirclePaint, Conv, FillPaint, LinePaint,
    Paint, Prop,
};
use crate::style::{Color, EvalContext, StyleLayer};

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
    /// For a front whose style puts its teeth on the `enemy` side: for
    /// each of its lines, whether that is the left (compose works it out,
    /// [`super::front_side`]); a line not listed gets them on the left.
    pub teeth_left: Vec<bool>,
}

impl<'a> Props<'a> {
    /// Paint/layout of `layer` for the feature in `ctx`, at symbol `scale`.
    pub fn new(layer: &'a StyleLayer, ctx: &'a EvalContext<'a>, scale: f64) -> Props<'a> {
        Props {
            layer,
            ctx,
            scale,
            fade: 1.0,
            teeth_left: Vec::new(),
        }
    }

    /// The layer's typed paint.
    pub fn paint(&self) -> &'a Paint {
        &self.layer.typed
    }

    /// The value of `prop` for the feature, of its type.
    pub fn get<C: Conv>(&self, prop: &Prop<C>) -> Option<C::Out> {
        prop.get(self.ctx)
    }

    /// A colour.
    pub fn color(&self, prop: &Prop<AsColor>) -> Option<Color> {
        prop.get(self.ctx)
    }

    /// A plain number (opacity, angle, iterations); opacities include the fade.
    /// Values from data are made finite and clamped to the key's range
    /// ([`numbers::clamp`]), as the style's constants were checked.
    pub fn number(&self, prop: &Prop<AsNumber>, default: f64) -> f64 {
        let n = prop.get(self.ctx).unwrap_or(default);
        if prop.key().ends_with("opacity") {
            n * self.fade
        } else {
            n
        }
    }

    /// A size, scaled for the output width.
    pub fn size(&self, prop: &Prop<AsSize>, default: f64) -> f64 {
        prop.get(self.ctx).unwrap_or(default) * self.scale
    }

    /// A string.
    pub fn text(&self, prop: &Prop<AsText>) -> Option<String> {
        prop.get(self.ctx)
    }

    /// A boolean.
    pub fn flag(&self, prop: &Prop<AsBool>) -> Option<bool> {
        prop.get(self.ctx)
    }

    /// Whether the feature has a value for the key (of any type).
    pub fn is_set<C: Conv>(&self, prop: &Prop<C>) -> bool {
        prop.is_set(self.ctx)
    }

    /// A dash array in multiples of `unit` (MapLibre: of the line width).
    pub fn dashes(&self, prop: &Prop<AsDashes>, unit: f64) -> Option<Vec<f64>> {
        let a = prop.get(self.ctx)?;
        Some(a.into_iter().map(|x| x * unit).collect())
    }
}

/// Draws `geom` (map pixels) with `layer`'s symbol; `attrs` (data
/// attributes, already escaped) go on the feature's outermost element.
pub fn draw(
    out: &mut Markup,
    defs: &mut Defs,
    layer: &StyleLayer,
    p: &Props,
    geom: &Geometry<f64>,
    attrs: &str,
) {
    match &*layer.typed {
        Paint::Fill(f) => draw_fill(out, defs, p, f, geom, attrs),
        Paint::Line(l) => draw_line(out, p, l, geom, attrs),
        Paint::Circle(c) => draw_points(out, p, c, geom, attrs),
        Paint::Background(_) | Paint::Symbol(_) => {}
    }
}

/// Ground a land layer has no data for (beyond the box it covers): the
/// layer's fill turned into the neutral [`Color::no_data`] grey between it
/// and the sea (`water`, the style's background), no hatch, no outline.
pub fn draw_no_data(out: &mut Markup, p: &Props, geom: &Geometry<f64>, water: Option<Color>) {
    let Paint::Fill(f) = p.paint() else {
        return;
    };
    let d = geometry_d(geom);
    let fill = p.color(&f.color).map(|c| Color {
        a: c.a,
        ..Color::no_data(c, water)
    });
    let opacity = p.number(&f.opacity, 1.0) * fill.map_or(1.0, |c| c.a);
    if let Some(c) = fill.filter(|c| c.a > 0.0 && !d.is_empty()) {
        out.path(&d);
        let _ = write!(out, " fill=\"{}\" fill-rule=\"evenodd\"", c.hex());
        if opacity < 1.0 {
            let _ = write!(out, " fill-opacity=\"{}\"", val(opacity));
        }
        out.push_str("/>\n");
    }
}

fn draw_fill(
    out: &mut Markup,
    defs: &mut Defs,
    p: &Props,
    f: &FillPaint,
    geom: &Geometry<f64>,
    attrs: &str,
) {
    let d = geometry_d(geom);
    if d.is_empty() {
        return;
    }
    let fill = p.color(&f.color);
    let opacity = p.number(&f.opacity, 1.0) * fill.map_or(1.0, |c| c.a);
    let hatch = p.color(&f.hatch_color).map(|c| {
        defs.hatch(
            c,
            p.number(&f.hatch_opacity, 1.0) * c.a,
            p.number(&f.hatch_angle, 45.0),
            p.size(&f.hatch_spacing, 10.0).max(1.0),
            p.size(&f.hatch_width, 1.5),
            match p.text(&f.hatch_texture).as_deref() {
                Some(t) => Texture::parse(t).unwrap_or(Texture::Lines),
                None if p.flag(&f.hatch_cross).unwrap_or(false) => Texture::Cross,
                None => Texture::Lines,
            },
        )
    });
    let outline = p.color(&f.outline_color);
    let _ = write!(out, "<g{attrs}>");
    if let Some(c) = fill.filter(|c| c.a > 0.0) {
        out.path(&d);
        let _ = write!(out, " fill=\"{}\" fill-rule=\"evenodd\"", c.hex());
        if opacity < 1.0 {
            let _ = write!(out, " fill-opacity=\"{}\"", val(opacity));
        }
        out.push_str("/>");
    }
    if let Some(n) = hatch {
        out.path(&d);
        out.push_str(" fill=\"");
        out.pattern(n);
        out.push_str("\" fill-rule=\"evenodd\"/>");
    }
    if let Some(c) = outline.filter(|c| c.a > 0.0) {
        let w = p.size(&f.outline_width, 1.0);
        out.path(&d);
        let _ = write!(
            out,
            " fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" stroke-linejoin=\"round\"",
            c.hex(),
            val(w)
        );
        let o = p.number(&f.outline_opacity, 1.0) * c.a;
        if o < 1.0 {
            let _ = write!(out, " stroke-opacity=\"{}\"", val(o));
        }
        if let Some(dash) = p.dashes(&f.outline_dasharray, w) {
            let _ = write!(out, " stroke-dasharray=\"{}\"", dasharray(&dash));
        }
        out.push_str("/>");
    }
    out.push_str("</g>\n");
}

pub(super) fn lines_of(geom: &Geometry<f64>) -> Vec<&LineString<f64>> {
    match geom {
        Geometry::LineString(l) => vec![l],
        Geometry::MultiLineString(ml) => ml.0.iter().collect(),
        Geometry::GeometryCollection(gc) => gc.0.iter().flat_map(lines_of).collect(),
        _ => Vec::new(),
    }
}

/// Lines at most this wide (pixels) get bevelled joins.
const THIN_LINE_PX: f64 = 2.0;

pub(super) fn stroke(
    out: &mut Markup,
    d: &str,
    color: Color,
    width: f64,
    opacity: f64,
    dash: Option<&[f64]>,
    (cap, join): (&str, Option<&str>),
) {
    // Unless the style says (`line-join`): on lines up to two pixels wide a
    // bevelled corner differs from a round one by a fraction of a pixel,
    // and costs the rasteriser one segment instead of an arc at every
    // vertex (rivers have thousands).
    let join = join.unwrap_or(if width <= THIN_LINE_PX {
        "bevel"
    } else {
        "round"
    });
    out.path(d);
    let _ = write!(
        out,
        " fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" stroke-linejoin=\"{join}\" stroke-linecap=\"{cap}\"",
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

fn draw_line(out: &mut Markup, p: &Props, lp: &LinePaint, geom: &Geometry<f64>, attrs: &str) {
    let lines = lines_of(geom);
    if lines.is_empty() {
        return;
    }
    let color = p.color(&lp.color).unwrap_or(Color::rgb(0, 0, 0));
    let width = p.size(&lp.width, 1.0);
    let opacity = p.number(&lp.opacity, 1.0);
    let cap = p.text(&lp.cap).unwrap_or_else(|| "round".into());
    let cap = if ["butt", "round", "square"].contains(&cap.as_str()) {
        cap
    } else {
        "round".into()
    };
    let join = p
        .text(&lp.join)
        .filter(|j| ["bevel", "round", "miter"].contains(&j.as_str()));
    let join = join.as_deref();
    let _ = write!(out, "<g{attrs}>");
    if p.is_set(&lp.arrow_width) {
        for l in &lines {
            draw_arrow(out, p, lp, l, color, opacity);
        }
        out.push_str("</g>\n");
        return;
    }
    let d: String = lines.iter().map(|l| line_d(l)).collect();
    if let Some(casing) = p.color(&lp.casing_color) {
        let cw = p.size(&lp.casing_width, 2.0);
        stroke(
            out,
            &d,
            casing,
            width + 2.0 * cw,
            opacity,
            None,
            (&cap, join),
        );
    }
    let dash = p.dashes(&lp.dasharray, width);
    stroke(
        out,
        &d,
        color,
        width,
        opacity,
        dash.as_deref(),
        (&cap, join),
    );
    if p.is_set(&lp.ties_spacing) {
        // Railway "ladder": the same path again, wide and dashed, gives
        // evenly spaced perpendicular ties in every renderer.
        let len = p.size(&lp.ties_length, width * 3.0);
        let tw = p.size(&lp.ties_width, 1.0);
        let sp = p.size(&lp.ties_spacing, 12.0);
        let tie_color = p.color(&lp.ties_color).unwrap_or(color);
        stroke(
            out,
            &d,
            tie_color,
            len,
            opacity,
            Some(&[tw, (sp - tw).max(tw)]),
            ("butt", None),
        );
    }
    let td: String = teeth_triangles(p, lp, geom)
        .iter()
        .map(|[a, apex, b]| {
            format!(
                "M{} {}L{} {}L{} {}Z",
                num(a.x),
                num(a.y),
                num(apex.x),
                num(apex.y),
                num(b.x),
                num(b.y)
            )
        })
        .collect();
    if !td.is_empty() {
        let tc = p.color(&lp.teeth_color).unwrap_or(color);
        out.path(&td);
        let _ = write!(out, " fill=\"{}\"", tc.hex());
        if opacity * tc.a < 1.0 {
            let _ = write!(out, " fill-opacity=\"{}\"", val(opacity * tc.a));
        }
        out.push_str("/>");
    }
    out.push_str("</g>\n");
}

/// Point at distance `d` along `pts` with the unit tangent there.
pub(super) fn along(pts: &[Coord<f64>], cum: &[f64], d: f64) -> (Coord<f64>, Coord<f64>) {
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

pub(super) fn cumulative(pts: &[Coord<f64>]) -> Vec<f64> {
    let mut cum = Vec::with_capacity(pts.len());
    let mut acc = 0.0;
    cum.push(0.0);
    for w in pts.windows(2) {
        acc += ((w[1].x - w[0].x).powi(2) + (w[1].y - w[0].y).powi(2)).sqrt();
        cum.push(acc);
    }
    cum
}

/// The teeth a line layer draws on `geom` (map pixels): triangles (base
/// start, apex, base end), on the side `phasemap:teeth-side` names: `left`,
/// `right` (of the drawing direction) or `enemy` (see [`Props::teeth_left`]).
pub(super) fn teeth_triangles(
    p: &Props,
    lp: &LinePaint,
    geom: &Geometry<f64>,
) -> Vec<[Coord<f64>; 3]> {
    let Some(side) = p.text(&lp.teeth_side) else {
        return Vec::new();
    };
    let size = p.size(&lp.teeth_size, 8.0);
    let spacing = p.size(&lp.teeth_spacing, 24.0).max(size * 1.2);
    let mut out = Vec::new();
    for (k, l) in lines_of(geom).into_iter().enumerate() {
        let left = match side.as_str() {
            "left" => true,
            "right" => false,
            "enemy" => p.teeth_left.get(k).copied().unwrap_or(true),
            _ => return Vec::new(),
        };
        teeth(&mut out, l, left, size, spacing);
    }
    out
}

/// Triangles along the line on one side, pointing away from it (towards the
/// side the front faces).
fn teeth(out: &mut Vec<[Coord<f64>; 3]>, l: &LineString<f64>, left: bool, size: f64, spacing: f64) {
    let pts = &l.0;
    if pts.len() < 2 {
        return;
    }
    let cum = cumulative(pts);
    let total = *cum.last().unwrap_or(&0.0);
    // Sizes reach here checked and clamped, but the loop must end whatever
    // it is given: a step that is not positive and finite draws nothing,
    // and no line gets more teeth than pixels.
    if !(spacing > 0.0 && spacing.is_finite() && size.is_finite() && total.is_finite()) {
        return;
    }
    let mut s = spacing / 2.0;
    let mut left_to_draw = total.ceil() as usize + 1;
    while s + size / 2.0 <= total && left_to_draw > 0 {
        left_to_draw -= 1;
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
        out.push([a, apex, b]);
        s += spacing;
    }
}

fn points_of(geom: &Geometry<f64>) -> Vec<Coord<f64>> {
    match geom {
        Geometry::Point(p) => vec![p.0],
        Geometry::MultiPoint(mp) => mp.0.iter().map(|p| p.0).collect(),
        Geometry::GeometryCollection(gc) => gc.0.iter().flat_map(points_of).collect(),
        _ => Vec::new(),
    }
}

fn draw_points(out: &mut Markup, p: &Props, cp: &CirclePaint, geom: &Geometry<f64>, attrs: &str) {
    let pts = points_of(geom);
    if pts.is_empty() {
        return;
    }
    let fill = p.color(&cp.color).unwrap_or(Color::rgb(0, 0, 0));
    let opacity = p.number(&cp.opacity, 1.0);
    let sc = p.color(&cp.stroke_color);
    let sw = p.size(&cp.stroke_width, 0.0);
    let marker = p.text(&cp.marker);
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
                let size = p.size(&cp.marker_size, 16.0);
                let (d, stroked) = marker_path(kind, c, size);
                if stroked {
                    // Line-art markers (swords): a halo stroke, then the lines.
                    if let Some(s) = sc {
                        out.path(&d);
                        let _ = write!(out, " fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" stroke-linecap=\"round\"/>", s.hex(), val(size * 0.16 + 2.0 * sw));
                    }
                    out.path(&d);
                    let _ = write!(out, " fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" stroke-linecap=\"round\"/>", fill.hex(), val(size * 0.16));
                } else {
                    out.path(&d);
                    let _ = write!(
                        out,
                        " fill=\"{}\"{op}{stroke_attrs} stroke-linejoin=\"round\"/>",
                        fill.hex()
                    );
                }
            }
            _ => {
                let r = p.size(&cp.radius, 5.0);
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

/// `data-*` attributes identifying a feature, for the interactive page.
pub fn feature_attrs(layer: &str, index: usize) -> String {
    format!(" data-f=\"{}/{index}\"", escape(layer))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::paint::tests::NoPowers;
    use crate::style::Style;

    /// The `<path>` a line layer with `layout` draws for a two-pixel line.
    fn line_drawn(layout: &str) -> String {
        let text = format!(
            r#"{{"layers":[{{"id":"r","type":"line","source":"r",
                "paint":{{"line-width":2}},"layout":{{{layout}}}}}]}}"#
        );
        let style = Style::parse(std::path::Path::new("s.json"), &text).unwrap();
        let none = serde_json::Map::new();
        let ctx = EvalContext {
            properties: &none,
            phase: "p",
            snapshot: "1919-01-01",
            powers: &NoPowers,
        };
        let layer = &style.layers[0];
        let p = Props::new(layer, &ctx, 1.0);
        let mut out = Markup::new();
        let g = Geometry::LineString(LineString::from(vec![
            (0.0, 0.0),
            (50.0, 0.0),
            (50.0, 50.0),
        ]));
        draw(&mut out, &mut Defs::default(), layer, &p, &g, "");
        out.to_svg()
    }

    /// `line-join` is drawn; without it a thin line keeps its bevel.
    #[test]
    fn line_join_is_drawn() {
        assert!(line_drawn("").contains("stroke-linejoin=\"bevel\""));
        let miter = line_drawn(r#""line-join":"miter","line-cap":"square""#);
        assert!(miter.contains("stroke-linejoin=\"miter\""), "{miter}");
        assert!(miter.contains("stroke-linecap=\"square\""), "{miter}");
    }

    #[test]
    fn teeth_end_whatever_the_sizes() {
        let l = LineString::from(vec![(0.0, 0.0), (100.0, 0.0)]);
        for (size, spacing) in [
            (0.0, 0.0),
            (-8.0, -24.0),
            (8.0, 0.0),
            (f64::NAN, 24.0),
            (8.0, f64::INFINITY),
            (8.0, 1e-300),
        ] {
            let mut d = Vec::new();
            teeth(&mut d, &l, true, size, spacing);
            assert!(d.len() <= 101, "{size} {spacing}");
        }
        let mut d = Vec::new();
        teeth(&mut d, &l, true, 8.0, 24.0);
        assert_eq!(d.len(), 4);
        // Walking east, the left is up the screen (y down).
        assert!(d.iter().all(|[_, apex, _]| apex.y < 0.0));
        let mut d = Vec::new();
        teeth(&mut d, &l, false, 8.0, 24.0);
        assert!(d.iter().all(|[_, apex, _]| apex.y > 0.0));
    }
}
