//! Vector PDF from a scene's SVG text, with live (selectable) text in the
//! bundled fonts.
//!
//! svg2pdf 0.13 (the newest) is built on usvg 0.45, not the usvg 0.49 that
//! resvg uses, so the SVG is parsed a second time with that usvg and a font
//! database of that fontdb version, filled from the same bundled faces as
//! [`super::fontdb`].
//!
//! Not byte-deterministic: svg2pdf 0.13 writes fonts and resource
//! dictionaries in hash-map order, so object order varies between runs (the
//! drawing and text do not).

use std::sync::{Arc, OnceLock};

use svg2pdf::usvg;

use crate::compose::text::{font_faces, FONT_FAMILY};
use crate::error::{Error, Result};

/// Pixels per inch of the page: a 2400 px map becomes 16 inches wide (A3).
const DPI: f32 = 150.0;

fn pdf_fontdb() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        for face in font_faces() {
            db.load_font_data(face.to_vec());
        }
        db.set_sans_serif_family(FONT_FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// The PDF of SVG text.
pub fn svg_to_pdf(svg: &str, what: &str) -> Result<Vec<u8>> {
    let fail = |message: String| Error::Rasterize {
        what: what.to_string(),
        message,
    };
    let mut opt = usvg::Options {
        font_family: FONT_FAMILY.to_string(),
        ..Default::default()
    };
    opt.fontdb = pdf_fontdb();
    let tree = usvg::Tree::from_str(svg, &opt).map_err(|e| fail(e.to_string()))?;
    svg2pdf::to_pdf(
        &tree,
        svg2pdf::ConversionOptions::default(),
        svg2pdf::PageOptions { dpi: DPI },
    )
    .map_err(|e| fail(e.to_string()))
}
