//! Vector PDF from a scene's SVG text, with live (selectable) text in the
//! bundled fonts.
//!
//! The SVG is parsed by [`super::parse_svg`], the very usvg tree (and font
//! database) the PNG is rasterised from, and drawn onto one PDF page by
//! krilla-svg. krilla subsets and embeds the DejaVu faces the text uses and
//! writes each glyph as text, so names can be searched and copied.
//!
//! The page is the map at 150 px to the inch, or a paper size ([`Paper`])
//! the map is scaled onto, centred within margins; either way the map stays
//! vector and its text live. The document information names the map
//! ([`PdfInfo`]), so a viewer shows its title rather than the file name.
//!
//! Byte-deterministic: the same SVG gives the same PDF bytes on every run
//! and machine. krilla writes its objects in a fixed order (fonts in order
//! of first use), writes no creation or modification date unless asked
//! (phasemap never asks), and derives the document and instance ids of the
//! trailer from a hash of the content rather than from a clock or a random
//! source. XMP metadata is turned off: the document information dictionary
//! carries the title, author and subject, and XMP would only repeat them
//! with those ids. `tests/compare.rs` runs `phasemap pdf` twice, in two
//! processes (so with different hash-map seeds), and compares the bytes.

use krilla::geom::{Size, Transform};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::{Document, SerializeSettings};
use krilla_svg::{SurfaceExt, SvgSettings};

use crate::error::{Error, Result};

/// Pixels per inch of the page: a 2400 px map becomes 16 inches wide (A3).
pub const DPI: f64 = 150.0;

/// Margin around the map on a paper page, in millimetres (within what
/// office printers leave blank).
pub const MARGIN_MM: f64 = 10.0;

const PT_PER_MM: f64 = 72.0 / 25.4;

/// Paper sizes a PDF can be fitted onto.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    A4,
    /// ISO A3, 297 × 420 mm.
    A3,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

/// Which way round the paper is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    /// Taller than wide.
    Portrait,
    /// Wider than tall.
    Landscape,
}

/// A paper size turned one way: the page a map is fitted onto.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaperPage {
    /// The paper.
    pub paper: Paper,
    /// Which way round.
    pub orientation: Orientation,
}

impl PaperPage {
    /// Page width and height in points (1/72 inch).
    pub fn size_pt(self) -> (f64, f64) {
        let (short, long) = match self.paper {
            Paper::A4 => (210.0 * PT_PER_MM, 297.0 * PT_PER_MM),
            Paper::A3 => (297.0 * PT_PER_MM, 420.0 * PT_PER_MM),
            Paper::Letter => (612.0, 792.0),
        };
        match self.orientation {
            Orientation::Portrait => (short, long),
            Orientation::Landscape => (long, short),
        }
    }

    /// Width and height inside the margins, in map pixels at `DPI`: a
    /// map this wide fills the page's width at 150 px to the inch.
    pub fn inner_px(self) -> (f64, f64) {
        let (w, h) = self.size_pt();
        let margin = 2.0 * MARGIN_MM * PT_PER_MM;
        let px = DPI / 72.0;
        ((w - margin) * px, (h - margin) * px)
    }
}

/// The document information of a PDF: what viewers, catalogues and screen
/// readers show instead of the file name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PdfInfo {
    /// Title (`"<theatre> – <phase>"`).
    pub title: String,
    /// Author, if the theatre names one.
    pub author: Option<String>,
    /// Subject, if the theatre gives one.
    pub subject: Option<String>,
}

/// Where a map of `w` × `h` pt goes on the page: the page size, and the
/// scale and offset the map is drawn with (centred inside the margins).
fn placement(w: f64, h: f64, paper: Option<PaperPage>) -> ((f64, f64), f64, (f64, f64)) {
    let Some(paper) = paper else {
        return ((w, h), 1.0, (0.0, 0.0));
    };
    let (pw, ph) = paper.size_pt();
    let margin = MARGIN_MM * PT_PER_MM;
    let scale = ((pw - 2.0 * margin) / w).min((ph - 2.0 * margin) / h);
    let (dx, dy) = ((pw - w * scale) / 2.0, (ph - h * scale) / 2.0);
    ((pw, ph), scale, (dx, dy))
}

/// The PDF of SVG text: on a page of its own size at `DPI`, or fitted
/// onto `paper`.
pub fn svg_to_pdf(
    svg: &str,
    what: &str,
    info: &PdfInfo,
    paper: Option<PaperPage>,
) -> Result<Vec<u8>> {
    let fail = |message: String| Error::Rasterize {
        what: what.to_string(),
        message,
    };
    let tree = super::parse_svg(svg, what)?;
    let px = tree.size();
    // Drawn at its own size in pixels, DPI pixels to the inch.
    let to_pt = 72.0 / DPI;
    let (w, h) = (
        f64::from(px.width()) * to_pt,
        f64::from(px.height()) * to_pt,
    );
    let ((pw, ph), scale, (dx, dy)) = placement(w, h, paper);
    let empty = || fail(format!("empty page ({}x{} px)", px.width(), px.height()));
    let map = Size::from_wh(w as f32, h as f32).ok_or_else(empty)?;
    let page = Size::from_wh(pw as f32, ph as f32).ok_or_else(empty)?;
    let settings = SerializeSettings {
        xmp_metadata: false,
        enable_tagging: false,
        ..SerializeSettings::default()
    };
    let mut document = Document::new_with(settings);
    let mut metadata = Metadata::new().title(info.title.clone());
    if let Some(author) = &info.author {
        metadata = metadata.authors(vec![author.clone()]);
    }
    if let Some(subject) = &info.subject {
        metadata = metadata.description(subject.clone());
    }
    document.set_metadata(metadata);
    {
        let mut page_builder = document.start_page_with(PageSettings::new(page));
        let mut surface = page_builder.surface();
        let placed = paper.is_some();
        if placed {
            surface.push_transform(&Transform::from_row(
                scale as f32,
                0.0,
                0.0,
                scale as f32,
                dx as f32,
                dy as f32,
            ));
        }
        surface
            .draw_svg(
                &tree,
                map,
                SvgSettings {
                    embed_text: true,
                    ..SvgSettings::default()
                },
            )
            .ok_or_else(|| fail("krilla-svg could not draw the SVG".into()))?;
        if placed {
            surface.pop();
        }
        surface.finish();
        page_builder.finish();
    }
    document.finish().map_err(|e| fail(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="300" height="150">
<rect width="300" height="150" fill="#eee"/>
<text x="20" y="80" font-size="30">Kyiv Харків</text>
</svg>"##;

    fn info() -> PdfInfo {
        PdfInfo {
            title: "The Ardenna War - Spring".into(),
            author: Some("A. Mapmaker".into()),
            subject: Some("Maps of the Ardenna War".into()),
        }
    }

    #[test]
    fn pdf_page_is_the_svg_at_150_dpi() {
        let pdf = svg_to_pdf(SVG, "t.svg", &info(), None).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        // 300 x 150 px at 150 dpi: 144 x 72 pt.
        assert!(text.contains("/MediaBox[0 0 144 72]"), "{text}");
        // The face is embedded (as a subset), not left to the viewer.
        assert!(text.contains("/FontFile") || text.contains("/FontFile2"));
        assert!(text.contains("DejaVu"));
        // No date in the document.
        assert!(!text.contains("/CreationDate") && !text.contains("/ModDate"));
    }

    #[test]
    fn the_document_information_names_the_map() {
        let pdf = svg_to_pdf(SVG, "t.svg", &info(), None).unwrap();
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/Title(The Ardenna War - Spring)"), "{text}");
        assert!(text.contains("/Author(A. Mapmaker)"), "{text}");
        assert!(text.contains("/Subject(Maps of the Ardenna War)"), "{text}");
        // No author or subject when the theatre names none.
        let bare = PdfInfo {
            title: "T".into(),
            ..PdfInfo::default()
        };
        let pdf = svg_to_pdf(SVG, "t.svg", &bare, None).unwrap();
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/Title(T)"), "{text}");
        assert!(!text.contains("/Author") && !text.contains("/Subject"));
    }

    #[test]
    fn a_map_on_paper_is_fitted_inside_the_margins_and_centred() {
        let a4 = PaperPage {
            paper: Paper::A4,
            orientation: Orientation::Landscape,
        };
        let pdf = svg_to_pdf(SVG, "t.svg", &info(), Some(a4)).unwrap();
        let text = String::from_utf8_lossy(&pdf);
        // A4 landscape: 297 x 210 mm = 841.89 x 595.28 pt.
        assert!(text.contains("/MediaBox[0 0 841.8898 595.2756]"), "{text}");
        // 144 x 72 pt scaled to the width inside 10 mm margins (785.2 pt):
        // x 5.453, 392.6 pt high, centred: 28.35 pt left, 101.3 pt top.
        let ((pw, ph), scale, (dx, dy)) = placement(144.0, 72.0, Some(a4));
        assert!((pw - 841.89).abs() < 0.01 && (ph - 595.28).abs() < 0.01);
        assert!((scale - 785.197 / 144.0).abs() < 1e-3, "{scale}");
        assert!((dx - 28.346).abs() < 1e-3 && (dy - (ph - 72.0 * scale) / 2.0).abs() < 1e-9);
        // A tall map on the same page is fitted by its height.
        let (_, scale, (dx, dy)) = placement(72.0, 144.0, Some(a4));
        assert!((144.0 * scale - (595.276 - 56.693)).abs() < 1e-2, "{scale}");
        assert!((dy - 28.346).abs() < 1e-3 && (dx - (841.89 - 72.0 * scale) / 2.0).abs() < 1e-2);
        // The text stays text: the embedded face is there.
        assert!(text.contains("DejaVu"));
    }

    #[test]
    fn paper_sizes_are_the_standard_ones() {
        let page = |paper, orientation| PaperPage { paper, orientation }.size_pt();
        let mm = |pt: f64| (pt * 25.4 / 72.0).round();
        let (w, h) = page(Paper::A3, Orientation::Portrait);
        assert_eq!((mm(w), mm(h)), (297.0, 420.0));
        assert_eq!(page(Paper::Letter, Orientation::Landscape), (792.0, 612.0));
        // A4 portrait inside the margins: 190 mm = 7.48 in = 1122 px at 150 dpi.
        let a4 = PaperPage {
            paper: Paper::A4,
            orientation: Orientation::Portrait,
        };
        assert_eq!(a4.inner_px().0.round(), 1122.0);
    }

    #[test]
    fn pdf_is_the_same_bytes_every_time() {
        assert_eq!(
            svg_to_pdf(SVG, "t.svg", &info(), None).unwrap(),
            svg_to_pdf(SVG, "t.svg", &info(), None).unwrap()
        );
    }
}
