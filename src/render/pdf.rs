//! Vector PDF from a scene's SVG text, with live (selectable) text in the
//! bundled fonts.
//!
//! The SVG is parsed by [`super::parse_svg`], the very usvg tree (and font
//! database) the PNG is rasterised from, and drawn onto one PDF page by
//! krilla-svg. krilla subsets and embeds the DejaVu faces the text uses and
//! writes each glyph as text, so names can be searched and copied.
//!
//! Byte-deterministic: the same SVG gives the same PDF bytes on every run
//! and machine. krilla writes its objects in a fixed order (fonts in order
//! of first use), writes no creation or modification date unless asked
//! (phasemap never asks), and derives the document and instance ids of the
//! trailer from a hash of the content rather than from a clock or a random
//! source. XMP metadata is turned off: without a date or title it would
//! only repeat those ids. `tests/compare.rs` runs `phasemap pdf` twice, in
//! two processes (so with different hash-map seeds), and compares the bytes.

use krilla::geom::Size;
use krilla::page::PageSettings;
use krilla::{Document, SerializeSettings};
use krilla_svg::{SurfaceExt, SvgSettings};

use crate::error::{Error, Result};

/// Pixels per inch of the page: a 2400 px map becomes 16 inches wide (A3).
const DPI: f32 = 150.0;

/// The PDF of SVG text.
pub fn svg_to_pdf(svg: &str, what: &str) -> Result<Vec<u8>> {
    let fail = |message: String| Error::Rasterize {
        what: what.to_string(),
        message,
    };
    let tree = super::parse_svg(svg, what)?;
    let px = tree.size();
    // Drawn at its own size in pixels, on a page of DPI pixels per inch.
    let scale = 72.0 / DPI;
    let page = Size::from_wh(px.width() * scale, px.height() * scale)
        .ok_or_else(|| fail(format!("empty page ({}x{} px)", px.width(), px.height())))?;
    let settings = SerializeSettings {
        xmp_metadata: false,
        enable_tagging: false,
        ..SerializeSettings::default()
    };
    let mut document = Document::new_with(settings);
    {
        let mut page_builder = document.start_page_with(PageSettings::new(page));
        let mut surface = page_builder.surface();
        surface
            .draw_svg(
                &tree,
                page,
                SvgSettings {
                    embed_text: true,
                    ..SvgSettings::default()
                },
            )
            .ok_or_else(|| fail("krilla-svg could not draw the SVG".into()))?;
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

    #[test]
    fn pdf_page_is_the_svg_at_150_dpi() {
        let pdf = svg_to_pdf(SVG, "t.svg").unwrap();
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
    fn pdf_is_the_same_bytes_every_time() {
        assert_eq!(
            svg_to_pdf(SVG, "t.svg").unwrap(),
            svg_to_pdf(SVG, "t.svg").unwrap()
        );
    }
}
