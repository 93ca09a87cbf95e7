//! Page geometry for one output width: where the header, map, graticule
//! labels and footer go, and how big text and symbols are.

/// The reference page width: style sizes are pixels at this width.
pub const REFERENCE_WIDTH: f64 = 2400.0;

/// The widest page laid out for an article (an encyclopedia shows maps
/// 800 px wide or less): legend in columns across the page, numbered notes
/// under it, no caption paragraph (the article prints it beside the image;
/// the alternative text and the description page carry it too).
pub const ARTICLE_WIDTH: f64 = 900.0;

/// The smallest text on any page, in pixels: text is scaled with the page
/// (see [`Layout::scale`]) but never below this, the size an article
/// reader can still read at 100 % zoom.
pub const MIN_TEXT_PX: f64 = 8.0;

/// Page layout for one width.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Layout {
    /// Page width in pixels.
    pub width: f64,
    /// Multiplier for text and symbol sizes. It shrinks more slowly than the
    /// page (power 0.6), so an 800 px thumbnail stays legible instead of
    /// being a scaled-down 2400 px map.
    pub scale: f64,
    /// Left edge of the map.
    pub map_x: f64,
    /// Top edge of the map.
    pub map_y: f64,
    /// Map width.
    pub map_w: f64,
}

impl Layout {
    /// Layout of a page `width` pixels wide.
    pub fn new(width: f64) -> Layout {
        let scale = (width / REFERENCE_WIDTH).powf(0.6);
        let side = (46.0 * scale).round();
        // At article width the header is a little tighter (see write_header).
        let header = ((if width <= ARTICLE_WIDTH { 140.0 } else { 150.0 }) * scale).round();
        Layout {
            width,
            scale,
            map_x: side,
            map_y: header,
            map_w: width - 2.0 * side,
        }
    }

    /// Layout of a bare map (no header, footer or margins) `width` pixels wide.
    pub fn bare(width: f64) -> Layout {
        Layout {
            map_x: 0.0,
            map_y: 0.0,
            map_w: width,
            ..Layout::new(width)
        }
    }

    /// True at article width (up to [`ARTICLE_WIDTH`]): the page keeps the
    /// map large and leaves the caption to the article around it.
    pub fn is_article(&self) -> bool {
        self.width <= ARTICLE_WIDTH
    }

    /// A size in reference pixels, scaled for this width.
    pub fn px(&self, reference: f64) -> f64 {
        reference * self.scale
    }

    /// A text size in reference pixels, scaled for this width and never
    /// under [`MIN_TEXT_PX`].
    pub fn text_px(&self, reference: f64) -> f64 {
        (reference * self.scale).max(MIN_TEXT_PX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thumbnails_keep_text_legible() {
        let big = Layout::new(2400.0);
        let thumb = Layout::new(800.0);
        assert!((big.scale - 1.0).abs() < 1e-12);
        // A third of the width, but text at about half its size, not a third.
        assert!(thumb.scale > 0.5 && thumb.scale < 0.55, "{}", thumb.scale);
        assert!(thumb.map_w > 700.0);
    }
}
