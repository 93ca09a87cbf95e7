//! Stage 2, **model**: the theatre as plain data. Nothing here reads files;
//! `load` builds these types and every later stage only reads them.

pub mod antimeridian;
pub mod change;
mod check;
mod date;
mod front;
mod projection;
pub mod publishing;
pub mod texts;
mod theatre;
mod words;

pub use check::{check_for_drawing, check_theatre};
pub use date::{format_range, Date};
pub use front::{FrontOwner, FrontSides};
pub use projection::Projection;
pub use publishing::{DataSource, Licence, Publishing};
pub use texts::Translations;
pub use theatre::{
    Corner, Feature, Inset, Layer, Pattern, Phase, Power, Role, Side, Texture, Theatre, TroopFigure,
};
pub use words::{describe_projection, is_page_word, page_word_keys, words, PageWords, Words};

/// Ids end up in file names and URLs: ASCII letters, digits, `-` and `_` only.
pub fn check_id(id: &str) -> Result<(), String> {
    if id.is_empty() || id.len() > 64 {
        return Err(format!("\"{id}\" must be 1 to 64 characters long"));
    }
    if !id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        || id.starts_with('-')
    {
        return Err(format!(
            "\"{id}\" may contain only ASCII letters, digits, '-' and '_' (it is used in file names)"
        ));
    }
    Ok(())
}

/// A plain language tag (`en`, `ru`, `chm`): media wikis serve SVG text by
/// these and ignore region subtags.
pub fn is_language_tag(tag: &str) -> bool {
    (2..=3).contains(&tag.len()) && tag.bytes().all(|b| b.is_ascii_lowercase())
}
