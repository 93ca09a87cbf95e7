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

    /// Parses `#rgb`, `#rrggbb`, `#rrggbbaa`, `rgb()`, `rgba()`, `hsl()`,
    /// `hsla()` and a few names (`black`, `white`, `transparent`, `none`).
    pub fn parse(s: &str) -> Result<Color, String> {
        let t = s.trim().to_ascii_lowercase();
        let bad = || format!("\"{s}\" is not a colour (use #rrggbb, rgb(r,g,b) or rgba(r,g,b,a))");
        match t.as_str() {
            "black" => return Ok(Color::rgb(0, 0, 0)),
            "white" => return Ok(Color::rgb(255, 255, 255)),
            "transparent" | "none" => {
                return Ok(Color {
                    a: 0.0,
                    ..Color::rgb(0, 0, 0)
                })
            }
            _ => {}
        }
        if let Some(hex) = t.strip_prefix('#') {
            // `get`, not indexing: a non-ASCII character is not a hex
            // digit, and slicing inside it would panic.
            let digit = |i: usize, n: usize| {
                hex.get(i..i + n)
                    .and_then(|d| u8::from_str_radix(d, 16).ok())
                    .ok_or_else(bad)
            };
            return match hex.len() {
                3 => Ok(Color::rgb(
                    digit(0, 1)? * 17,
                    digit(1, 1)? * 17,
                    digit(2, 1)? * 17,
                )),
                6 => Ok(Color::rgb(digit(0, 2)?, digit(2, 2)?, digit(4, 2)?)),
                8 => Ok(Color {
                    a: f64::from(digit(6, 2)?) / 255.0,
                    ..Color::rgb(digit(0, 2)?, digit(2, 2)?, digit(4, 2)?)
                }),
                _ => Err(bad()),
            };
        }
        let (name, rest) = t.split_once('(').ok_or_else(bad)?;
        let body = rest.strip_suffix(')').ok_or_else(bad)?;
        let nums: Vec<f64> = body
            .split([',', ' ', '/'])
            .filter(|p| !p.is_empty())
            .map(|p| match p.strip_suffix('%') {
                Some(pct) => pct.parse::<f64>().map(|v| v / 100.0),
                None => p.parse::<f64>(),
            })
            .collect::<Result<_, _>>()
            .map_err(|_| bad())?;
        if nums.iter().any(|v| !v.is_finite()) {
            return Err(bad());
        }
        let alpha = |i: usize| nums.get(i).copied().unwrap_or(1.0).clamp(0.0, 1.0);
        let byte = |v: f64| v.round().clamp(0.0, 255.0) as u8;
        match (name, nums.len()) {
            ("rgb" | "rgba", 3 | 4) => Ok(Color {
                a: alpha(3),
                ..Color::rgb(byte(nums[0]), byte(nums[1]), byte(nums[2]))
            }),
            ("hsl" | "hsla", 3 | 4) => {
                // Percentages were divided by 100 above.
                let (r, g, b) = hsl_to_rgb(nums[0], nums[1], nums[2]);
                Ok(Color {
                    a: alpha(3),
                    ..Color::rgb(byte(r * 255.0), byte(g * 255.0), byte(b * 255.0))
                })
            }
            _ => Err(bad()),
        }
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

fn hsl_to_rgb(h: f64, s: f64, l: f64) -> (f64, f64, f64) {
    let h = h.rem_euclid(360.0) / 360.0;
    if s == 0.0 {
        return (l, l, l);
    }
    let q = if l < 0.5 {
        l * (1.0 + s)
    } else {
        l + s - l * s
    };
    let p = 2.0 * l - q;
    let channel = |t: f64| {
        let t = t.rem_euclid(1.0);
        if t < 1.0 / 6.0 {
            p + (q - p) * 6.0 * t
        } else if t < 0.5 {
            q
        } else if t < 2.0 / 3.0 {
            p + (q - p) * (2.0 / 3.0 - t) * 6.0
        } else {
            p
        }
    };
    (channel(h + 1.0 / 3.0), channel(h), channel(h - 1.0 / 3.0))
}

#[cfg(test)]
mod tests {
    use super::*;

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
