//! CSS colours as styles write them, normalised to what every SVG renderer
//! (and Wikimedia Commons' librsvg) reads: `#rrggbb` plus a separate opacity.

use std::fmt;

/// An sRGB colour with alpha.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Color {
    /// Red 0-255.
    pub r: u8,
    /// Green 0-255.
    pub g: u8,
    /// Blue 0-255.
    pub b: u8,
    /// Alpha 0-1.
    pub a: f64,
}

impl Color {
    /// Opaque colour.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Color {
        Color { r, g, b, a: 1.0 }
    }

    /// Parses a CSS colour as SVG renderers read it, with svgtypes (which
    /// resvg itself uses): `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`,
    /// `rgb()`/`rgba()` with numbers or percentages, `hsl()`/`hsla()`,
    /// `hwb()` and the 147 SVG/CSS3 colour names (`steelblue`, `transparent`);
    /// also `none`, as fully transparent.
    pub fn parse(s: &str) -> Result<Color, String> {
        let bad = || {
            format!(
                "\"{s}\" is not a colour (use #rrggbb, rgb(r,g,b), rgba(r,g,b,a), \
                 hsl(h,s%,l%) or a CSS colour name)"
            )
        };
        let t = s.trim();
        if t.eq_ignore_ascii_case("none") {
            return Ok(Color {
                a: 0.0,
                ..Color::rgb(0, 0, 0)
            });
        }
        let c: svgtypes::Color = t.parse().map_err(|_| bad())?;
        Ok(Color {
            a: alpha(c.alpha),
            ..Color::rgb(c.red, c.green, c.blue)
        })
    }

    /// The grey for ground the map has no data for (beyond the box a land
    /// layer covers): neither land nor sea, a neutral a little darker than
    /// the mean lightness of `land` and `water` (a little lighter than a
    /// dark sea), so a reader sees "not mapped" rather than coast that is
    /// not there.
    pub fn no_data(land: Color, water: Option<Color>) -> Color {
        use ::palette::{FromColor, Lab, Srgb};
        let l = |c: Color| Lab::from_color(Srgb::new(c.r, c.g, c.b).into_format::<f32>()).l;
        let grey = match water.map(l) {
            // A dark sea (a projector style): a little lighter than it, so
            // the grey does not glare beside it.
            Some(w) if w < 50.0 => w + 12.0,
            Some(w) => (l(land) + w) / 2.0 - 5.0,
            None if l(land) < 50.0 => l(land) + 12.0,
            None => l(land) - 8.0,
        };
        let rgb: Srgb<u8> = Srgb::from_color(Lab::new(grey, 0.0, 0.0)).into_format();
        Color::rgb(rgb.red, rgb.green, rgb.blue)
    }

    /// `#rrggbb`.
    pub fn hex(&self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.hex())
    }
}

/// The opacity an alpha byte stands for, written with as few decimals as
/// give back the same byte: `rgba(0,0,0,0.5)` is stored by svgtypes as
/// 128, and is 0.5 again here (not 0.502), so opacities in the SVG read as
/// the style wrote them.
fn alpha(byte: u8) -> f64 {
    let exact = f64::from(byte) / 255.0;
    for scale in [1.0, 10.0, 100.0, 1000.0] {
        let v = (exact * scale).round() / scale;
        if (v * 255.0).round() == f64::from(byte) {
            return v;
        }
    }
    exact
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ground_without_data_is_a_grey_neither_land_nor_sea() {
        let (land, sea) = (Color::rgb(0xfe, 0xfe, 0xe9), Color::rgb(0xc6, 0xec, 0xff));
        let grey = Color::no_data(land, Some(sea));
        assert!(grey.r == grey.g && grey.g == grey.b, "{grey}");
        assert!(grey != land && grey != sea);
        // Darker than both on a light style, lighter than a dark sea.
        let lum = |c: Color| u16::from(c.r) + u16::from(c.g) + u16::from(c.b);
        assert!(lum(grey) < lum(land) && lum(grey) < lum(sea), "{grey}");
        let night = Color::rgb(0x10, 0x18, 0x28);
        let dark = Color::no_data(Color::rgb(0xe0, 0xe0, 0xd0), Some(night));
        assert!(lum(dark) > lum(night) && lum(dark) < 3 * 0x70, "{dark}");
    }

    #[test]
    fn parses_css_forms_to_hex() {
        assert_eq!(Color::parse("#C6ECFF").unwrap().hex(), "#c6ecff");
        assert_eq!(Color::parse("#abc").unwrap().hex(), "#aabbcc");
        assert_eq!(Color::parse("rgb(254,254,233)").unwrap().hex(), "#fefee9");
        let c = Color::parse("rgba(0, 0, 0, 0.5)").unwrap();
        assert_eq!((c.hex().as_str(), c.a), ("#000000", 0.5));
        assert_eq!(Color::parse("hsl(0, 100%, 50%)").unwrap().hex(), "#ff0000");
        assert!(Color::parse("#12345").is_err());
        assert!(Color::parse("blurple").is_err());
    }

    /// What the hand-written parser got wrong: percentages in `rgb()` were
    /// read as 0-1 numbers (so `rgb(100%,0%,0%)` came out almost black) and
    /// CSS colour names were refused.
    #[test]
    fn percentages_and_names_as_css_reads_them() {
        assert_eq!(Color::parse("rgb(100%,0%,0%)").unwrap().hex(), "#ff0000");
        assert_eq!(Color::parse("rgb(100%, 50%, 0%)").unwrap().hex(), "#ff8000");
        assert_eq!(Color::parse("SteelBlue").unwrap().hex(), "#4682b4");
        assert_eq!(Color::parse("olivedrab").unwrap().hex(), "#6b8e23");
        assert_eq!(Color::parse(" white ").unwrap(), Color::rgb(255, 255, 255));
        assert_eq!(Color::parse("transparent").unwrap().a, 0.0);
        assert_eq!(Color::parse("none").unwrap().a, 0.0);
        assert_eq!(
            Color::parse("hsl(120, 100%, 25%)").unwrap().hex(),
            "#008000"
        );
        let c = Color::parse("hsla(240, 100%, 50%, 0.35)").unwrap();
        assert_eq!((c.hex().as_str(), c.a), ("#0000ff", 0.35));
        assert_eq!(Color::parse("#0000ff80").unwrap().a, 0.5);
        assert!(Color::parse("rgb(1, 2)").is_err());
        assert!(Color::parse("#c6ecff garbage").is_err());
    }

    #[test]
    fn alphas_keep_the_decimals_the_style_wrote() {
        for (text, a) in [
            ("0", 0.0),
            ("1", 1.0),
            ("0.5", 0.5),
            ("0.35", 0.35),
            (".72", 0.72),
        ] {
            let c = Color::parse(&format!("rgba(10, 20, 30, {text})")).unwrap();
            assert_eq!(c.a, a, "{text}");
        }
        for byte in 0..=255u8 {
            assert_eq!((alpha(byte) * 255.0).round(), f64::from(byte));
        }
    }

    /// Found by the `style_parse` fuzzer: a multi-byte character among hex
    /// digits made the parser slice inside it and panic.
    #[test]
    fn non_ascii_in_hex_colours_is_an_error_not_a_panic() {
        for bad in [
            "#c\u{29d}cff",
            "#\u{e9}\u{e9}\u{e9}",
            "#ab\u{e9}",
            "#12345\u{e9}7",
        ] {
            let e = Color::parse(bad).unwrap_err();
            assert!(e.contains("is not a colour"), "{e}");
        }
        assert!(Color::parse("rgb(nan, 0, 0)").is_err());
        assert!(Color::parse("rgba(0, 0, 0, inf)").is_err());
    }
}
