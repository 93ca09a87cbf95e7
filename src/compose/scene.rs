//! The scene: one composed page as plain data, what `render` writes.

use super::hatch::Defs;
use super::labels::PlacedLabel;
use super::legend::LegendRow;
use super::markup::{Mark, Markup};

/// One composed map: the SVG text and what tests and the HTML page need to
/// know about it.
#[derive(Debug, Clone)]
pub struct Scene {
    /// Phase id.
    pub phase: String,
    /// Page width in pixels.
    pub width: f64,
    /// Page height in pixels.
    pub height: f64,
    /// The complete SVG document.
    pub svg: String,
    /// Map rectangle on the page `[x0, y0, x1, y1]`.
    pub map_rect: [f64; 4],
    /// Labels drawn on the map (map coordinates; add the map origin for page coordinates).
    pub labels: Vec<PlacedLabel>,
    /// Labels that found no room.
    pub dropped: Vec<String>,
    /// Labels left out on purpose at this page width (a style layer's
    /// `phasemap:min-width`), not for lack of room.
    pub left_out: Vec<String>,
    /// Legend entries in order: (section, label).
    pub legend: Vec<(String, String)>,
    /// Every feature drawn, as `layer/index`, with its style layer's legend label if any.
    pub drawn: Vec<DrawnFeature>,
    /// Boxes of the point symbols drawn (map coordinates), with their feature keys.
    pub symbols: Vec<(String, [f64; 4])>,
    /// Boxes of the arrowheads drawn (map coordinates), with their feature
    /// keys: labels keep off them.
    pub arrowheads: Vec<(String, [f64; 4])>,
    /// Fronts drawn with their teeth towards the enemy (map coordinates).
    pub fronts: Vec<FrontTeeth>,
    /// Movement arrows as drawn, before smoothing (map coordinates): each
    /// feature key with its lines' points. An arrow along a railway runs
    /// beside it.
    pub arrows: Vec<(String, Vec<Vec<[f64; 2]>>)>,
    /// The same map cut into pieces, so the HTML page can share what does
    /// not change between phases instead of repeating it.
    pub parts: SceneParts,
    /// Map panels of a sheet (empty for a single map).
    pub panels: Vec<Panel>,
    /// Insets drawn over the map: (inset id, box in map coordinates, frame
    /// included). Labels of the map keep out of these boxes.
    pub insets: Vec<(String, [f64; 4])>,
}

/// A front line drawn with its teeth on its enemy's side.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontTeeth {
    /// Feature key, `layer/index`.
    pub key: String,
    /// The power the teeth belong to ([`crate::model::FrontSides`]).
    pub owner: String,
    /// The power they face.
    pub enemy: String,
    /// Each tooth: base start, apex, base end (map coordinates).
    pub teeth: Vec<[[f64; 2]; 3]>,
}

/// One map panel of a sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    /// Phase id.
    pub phase: String,
    /// Map rectangle on the page `[x0, y0, x1, y1]`.
    pub rect: [f64; 4],
    /// The panel's labels, in the panel's map coordinates (the sheet's
    /// [`Scene::labels`] are all panels' together).
    pub labels: Vec<PlacedLabel>,
    /// The panel's point symbols with their feature keys, in the panel's
    /// map coordinates.
    pub symbols: Vec<(String, [f64; 4])>,
}

/// The pieces of a [`Scene`]'s SVG, in drawing order, as data: written
/// ([`Markup::write_svg`]) and put inside the page furniture they are
/// exactly [`Scene::svg`]. The interactive page is written from them.
#[derive(Debug, Clone, Default)]
pub struct SceneParts {
    /// `<pattern>` elements the map and footer refer to (numbered per
    /// scene), and any other definitions the map uses.
    pub defs: Defs,
    /// Map contents, one piece per style layer that drew something:
    /// (style layer id, markup in map coordinates). The last piece is `labels`.
    pub layers: Vec<(String, Markup)>,
    /// Map size in pixels `[width, height]`.
    pub map_size: [f64; 2],
    /// Frame and graticule labels drawn over the map (map coordinates).
    pub overlay: Markup,
    /// Caption, scale bar and legend under the map (page coordinates).
    pub footer: String,
    /// Labels that found no room on this map, at their first choice of
    /// place, in placement order: the interactive page names these places
    /// when the reader zooms in and there is room.
    pub spare_labels: Vec<PlacedLabel>,
    /// Ground metres per map pixel on a grid spread evenly over the map,
    /// corners included, row by row from the top (see
    /// [`crate::project::MapView::metres_per_px_grid`]): the page's scale
    /// bar follows the view with it. Empty when the projection has no
    /// inverse.
    pub scale_grid: Vec<Vec<Option<f64>>>,
    /// Top of the footer on the page.
    pub footer_top: f64,
    /// The legend as data (empty for sheets and change maps).
    pub legend_rows: Vec<LegendRow>,
    /// Footnotes in their numbers' order (the map marks events with them).
    pub notes: Vec<String>,
}

/// Closes the piece of `body` a style layer began at `start` (see [`SceneParts::layers`]).
pub(super) fn close_chunk(
    chunks: &mut Vec<(String, Markup)>,
    body: &mut Markup,
    open: Option<(String, Mark)>,
) {
    if let Some((id, start)) = open {
        super::hoist::hoist(body, start);
        let piece = body.since(start);
        if !piece.is_empty() {
            chunks.push((id, piece));
        }
    }
}

/// A feature drawn on a map.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawnFeature {
    /// Theatre layer id.
    pub layer: String,
    /// Feature index in its layer.
    pub index: usize,
    /// Style layer that drew it.
    pub style_layer: String,
    /// Its legend label, when the style layer has a legend.
    pub legend: Option<String>,
}
