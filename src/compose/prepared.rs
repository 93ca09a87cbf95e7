//! Work shared by all phases of one theatre, style and width, and the
//! questions every part of the page asks of it (which features a style
//! layer shows in a phase, in what context its expressions run).

use geo::Geometry;
use serde_json::{Map, Value};

use super::graticule::Graticule;
use super::inset::InsetMap;
use super::label_layout::LabelLayout;
use super::labels::PlacedLabel;
use super::layout::Layout;
use super::legend::Entry;
use crate::model::{Phase, Theatre};
use crate::project::ProjectedTheatre;
use crate::style::{
    expr, EvalContext, PowerLookup, Powers, Style, StyleLayer, MIN_PAGE_WIDTH, MIN_SIZE,
};

/// Work shared by every phase of one theatre, style and width.
pub struct Prepared<'a> {
    pub(super) theatre: &'a Theatre,
    pub(super) projected: &'a ProjectedTheatre,
    pub(super) style: &'a Style,
    pub(super) layout: Layout,
    pub(super) graticule: Graticule,
    /// Labels of undated features, placed once so they sit in the same place in every phase.
    pub(super) static_labels: Vec<PlacedLabel>,
    pub(super) static_dropped: Vec<String>,
    /// Static labels that found no room, at their first choice of place.
    pub(super) static_spares: Vec<PlacedLabel>,
    /// Boxes of undated point symbols, which no label may cover, with feature keys.
    pub(super) static_obstacles: Vec<(String, [f64; 4])>,
    pub(super) footer_height: f64,
    /// The legend's row height, where its swatches as drawn need more than
    /// the page's own (0 until the legend's entries are known).
    pub(super) legend_row_h: f64,
    /// The box every legend swatch covers as drawn, relative to its
    /// nominal box (`None` until the legend's entries are known).
    pub(super) legend_box: Option<[f64; 4]>,
    /// The theatre's insets at this width (none inside an inset).
    pub(super) insets: Vec<InsetMap<'a>>,
    /// The phase maps' label places, which this map's labels keep where
    /// they fit (a sheet's panels, an animation's frames).
    pub(super) follow: Option<LabelLayout>,
    /// An animation's frames (see [`Prepared::frames_of`]): the one legend
    /// every frame draws, the entries of all its phases; frames draw no
    /// caption.
    pub(super) frames: Option<Vec<Entry>>,
}

/// Evaluation context for a feature (or for no feature).
pub(super) fn context<'a>(
    props: &'a Map<String, Value>,
    phase: &'a Phase,
    snapshot: &'a str,
    powers: &'a dyn PowerLookup,
) -> EvalContext<'a> {
    EvalContext {
        properties: props,
        phase: &phase.id,
        snapshot,
        powers,
    }
}

impl<'a> Prepared<'a> {
    /// True when the footer has no caption paragraph and its legend runs
    /// across the page in columns, the notes under it: at article width
    /// (the article prints the caption) and in an animation's frames.
    pub(super) fn legend_across(&self) -> bool {
        self.layout.is_article() || self.frames.is_some()
    }

    /// Names, colours and patterns of the theatre's powers, for expressions.
    pub(super) fn power_name(&self) -> Powers<'_> {
        Powers {
            theatre: self.theatre,
            palette: &self.style.palette,
        }
    }

    /// Features of `layer` (style) visible in `phase`: (feature index, map geometry).
    pub(super) fn visible(
        &self,
        layer: &StyleLayer,
        phase: &Phase,
    ) -> Vec<(usize, &'a Geometry<f64>)> {
        let Some(li) = self.source_index(layer) else {
            return Vec::new();
        };
        let check = self.visibility(layer, phase, true);
        (0..self.theatre.layers[li].features.len())
            .filter_map(|i| check(li, i).map(|g| (i, g)))
            .collect()
    }

    /// Features of `layer` (style) that `phase` would show but for the
    /// layer's `phasemap:min-width`: left out on purpose at this page
    /// width (feature index, map geometry).
    pub(super) fn left_out_at_width(
        &self,
        layer: &StyleLayer,
        phase: &Phase,
    ) -> Vec<(usize, &'a Geometry<f64>)> {
        let Some(li) = self.source_index(layer) else {
            return Vec::new();
        };
        if layer.layout.get(MIN_PAGE_WIDTH).is_none() {
            return Vec::new();
        }
        let (shown, unless_narrow) = (
            self.visibility(layer, phase, true),
            self.visibility(layer, phase, false),
        );
        (0..self.theatre.layers[li].features.len())
            .filter(|&i| shown(li, i).is_none())
            .filter_map(|i| unless_narrow(li, i).map(|g| (i, g)))
            .collect()
    }

    /// The map geometry of feature `i` of `layer` if it is visible in
    /// `phase` (one feature: labels ask this for each point, so it must
    /// not cost a pass over the layer).
    pub(super) fn visible_feature(
        &self,
        layer: &StyleLayer,
        phase: &Phase,
        i: usize,
    ) -> Option<&'a Geometry<f64>> {
        let li = self.source_index(layer)?;
        self.visibility(layer, phase, true)(li, i)
    }

    fn source_index(&self, layer: &StyleLayer) -> Option<usize> {
        let source = layer.source.as_deref()?;
        self.theatre.layers.iter().position(|l| l.id == source)
    }

    /// Tests feature `i` of theatre layer `li` against `layer`'s selection
    /// in `phase`: dates, geometry, minimum size, page width (when
    /// `by_width`), filter.
    fn visibility<'s>(
        &'s self,
        layer: &'s StyleLayer,
        phase: &'s Phase,
        by_width: bool,
    ) -> impl Fn(usize, usize) -> Option<&'a Geometry<f64>> + 's {
        let snapshot = phase.snapshot.to_string();
        let min_size = layer
            .layout
            .get(MIN_SIZE)
            .and_then(crate::style::size_value)
            .map(|s| s * self.layout.scale);
        let min_width = layer.layout.get(MIN_PAGE_WIDTH).filter(|_| by_width);
        let (theatre, projected) = (self.theatre, self.projected);
        move |li, i| {
            let f = theatre.layers[li].features.get(i)?;
            let g = projected.layers[li].geometries.get(i)?.as_ref()?;
            if !f.is_active(phase.snapshot) || !min_size.is_none_or(|m| at_least(g, m)) {
                return None;
            }
            let pn = self.power_name();
            let ctx = context(&f.properties, phase, &snapshot, &pn);
            let wide_enough = min_width.is_none_or(|w| {
                expr::eval(w, &ctx)
                    .as_f64()
                    .is_none_or(|w| self.layout.width >= w)
            });
            let passes = wide_enough
                && layer
                    .filter
                    .as_ref()
                    .is_none_or(|flt| expr::truthy(&expr::eval(flt, &ctx)));
            passes.then_some(g)
        }
    }
}

/// Whether `g` (map pixels) is at least `side` big: a polygon's area at
/// least `side`², a line's length at least `side`; points always are.
fn at_least(g: &Geometry<f64>, side: f64) -> bool {
    use geo::{Area, Euclidean, Length};
    fn size(g: &Geometry<f64>) -> (f64, f64) {
        match g {
            Geometry::Polygon(p) => (p.unsigned_area(), 0.0),
            Geometry::MultiPolygon(p) => (p.unsigned_area(), 0.0),
            Geometry::Rect(r) => (r.unsigned_area(), 0.0),
            Geometry::Triangle(t) => (t.unsigned_area(), 0.0),
            Geometry::Line(l) => (0.0, Euclidean.length(l)),
            Geometry::LineString(l) => (0.0, Euclidean.length(l)),
            Geometry::MultiLineString(l) => (0.0, Euclidean.length(l)),
            Geometry::Point(_) | Geometry::MultiPoint(_) => (f64::INFINITY, f64::INFINITY),
            Geometry::GeometryCollection(c) => c
                .iter()
                .map(size)
                .fold((0.0, 0.0), |a, b| (a.0 + b.0, a.1 + b.1)),
        }
    }
    let (area, length) = size(g);
    area >= side * side || length >= side
}

pub(super) fn is_visible_layer(layer: &StyleLayer) -> bool {
    layer.layout.get("visibility").and_then(Value::as_str) != Some("none")
}

pub(super) fn is_static(theatre: &Theatre, layer: &StyleLayer, i: usize) -> bool {
    let Some(src) = layer.source.as_deref() else {
        return true;
    };
    theatre
        .layer(src)
        .and_then(|l| l.features.get(i))
        .is_some_and(|f| f.start.is_none() && f.end.is_none())
}
