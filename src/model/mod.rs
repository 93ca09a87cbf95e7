//! Stage 2, **model**: the theatre as plain data. Nothing here reads files;
//! `load` builds these types and every later stage only reads them.

pub mod change;
mod check;
mod date;
pub mod publishing;
mod theatre;

pub use check::check_theatre;
pub use date::{format_range, Date};
pub use publishing::{DataSource, Licence, Publishing};
pub use theatre::{Feature, Layer, Phase, Power, Theatre, TroopFigure};
