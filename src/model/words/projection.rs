//! A projection's name as a reader knows it ("Lambert conformal conic,
//! standard parallels 45°N and 65°N"), for the sources line of a map too
//! small to print its PROJ string legibly.

use super::Words;

/// (PROJ `+proj=` code, English name, Russian name, Spanish name).
const NAMES: [(&str, &str, &str, &str); 12] = [
    (
        "lcc",
        "Lambert conformal conic",
        "равноугольная коническая Ламберта",
        "cónica conforme de Lambert",
    ),
    (
        "aea",
        "Albers equal-area conic",
        "равновеликая коническая Альберса",
        "cónica equivalente de Albers",
    ),
    (
        "eqdc",
        "equidistant conic",
        "равнопромежуточная коническая",
        "cónica equidistante",
    ),
    ("merc", "Mercator", "Меркатора", "Mercator"),
    (
        "tmerc",
        "transverse Mercator",
        "поперечная Меркатора",
        "Mercator transversa",
    ),
    ("utm", "Universal Transverse Mercator", "UTM", "UTM"),
    (
        "laea",
        "Lambert azimuthal equal-area",
        "равновеликая азимутальная Ламберта",
        "azimutal equivalente de Lambert",
    ),
    (
        "aeqd",
        "azimuthal equidistant",
        "равнопромежуточная азимутальная",
        "azimutal equidistante",
    ),
    (
        "stere",
        "stereographic",
        "стереографическая",
        "estereográfica",
    ),
    ("ortho", "orthographic", "ортографическая", "ortográfica"),
    (
        "eqc",
        "equirectangular",
        "равнопромежуточная цилиндрическая",
        "equirrectangular",
    ),
    ("robin", "Robinson", "Робинсона", "Robinson"),
];

/// `definition`'s projection by name, with its standard parallels where
/// it has them (`+lat_1`, `+lat_2`), in `w`'s language; `None` for a
/// projection this table does not name.
pub fn describe(definition: &str, w: &Words) -> Option<String> {
    let param = |key: &str| {
        definition
            .split_whitespace()
            .find_map(|p| p.strip_prefix('+').unwrap_or(p).strip_prefix(key))
            .and_then(|v| v.strip_prefix('='))
    };
    let code = param("proj")?;
    let (_, en, ru, es) = NAMES.iter().find(|(c, ..)| *c == code)?;
    let name = match w.lang {
        "ru" => ru,
        "es" => es,
        _ => en,
    };
    let lat = |key: &str| -> Option<String> {
        let v: f64 = param(key)?.parse().ok()?;
        let hemisphere = if v < 0.0 {
            w.hemispheres[1]
        } else {
            w.hemispheres[0]
        };
        Some(format!("{}°{hemisphere}", trim(v.abs())))
    };
    let (one, many, and) = w.parallels;
    Some(match (lat("lat_1"), lat("lat_2")) {
        (Some(a), Some(b)) if a != b => format!("{name}, {many} {a}{and}{b}"),
        (Some(a), _) => format!("{name}, {one} {a}"),
        _ => name.to_string(),
    })
}

/// A number without needless decimals (45, 47.5).
fn trim(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::super::words;
    use super::*;

    #[test]
    fn names_and_parallels() {
        let lcc = "+proj=lcc +lat_1=45 +lat_2=65 +lat_0=50 +lon_0=100 +datum=WGS84";
        assert_eq!(
            describe(lcc, words("en")).as_deref(),
            Some("Lambert conformal conic, standard parallels 45°N and 65°N")
        );
        assert_eq!(
            describe(lcc, words("ru")).as_deref(),
            Some("равноугольная коническая Ламберта, стандартные параллели 45° и 65°")
        );
        assert_eq!(
            describe(lcc, words("es")).as_deref(),
            Some("cónica conforme de Lambert, paralelos estándar 45°N y 65°N")
        );
        let south = "+proj=aea +lat_1=-20.5 +lat_2=-40";
        assert_eq!(
            describe(south, words("en")).as_deref(),
            Some("Albers equal-area conic, standard parallels 20.5°S and 40°S")
        );
        assert_eq!(
            describe("+proj=merc +lon_0=10", words("en")).as_deref(),
            Some("Mercator")
        );
        assert_eq!(describe("+proj=bonne +lat_1=10", words("en")), None);
    }
}
