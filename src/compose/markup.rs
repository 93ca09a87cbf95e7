//! SVG markup as data. Compose writes its drawings into a [`Markup`]: plain
//! markup, with path data, `id` attributes and references to hatch patterns
//! kept apart as data. The SVG writer writes it as it is; the interactive
//! page writes the same markup with its own pattern ids (one set for all
//! phases), ids of its own for each phase's copy of what differs between
//! phases, and path data in relative form, long path data drawn more than
//! once kept in `<defs>`, so the page is written from the scene rather than
//! by editing SVG text.

use std::fmt;

/// One piece of [`Markup`].
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// Literal markup.
    Text(String),
    /// The start of a path element, `<path d="…"`: its other attributes and
    /// the end of its tag follow as text.
    Path(String),
    /// A reference to hatch pattern `n` of the scene's [`super::Defs`]:
    /// `url(#hatchN)` in the scene's own SVG.
    Pattern(usize),
    /// An `id` attribute, ` id="…"` (the value escaped already).
    Id(String),
    /// Path data alone, inside a `d` attribute the caller writes.
    Data(String),
}

/// Markup in pieces (see the module's documentation).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Markup {
    pieces: Vec<Piece>,
    /// The next text starts a new piece (a mark was taken).
    sealed: bool,
}

/// A place in a [`Markup`] to take the markup written after it from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark(usize);

/// The id of hatch pattern `n` in the scene's own SVG.
pub fn pattern_id(n: usize) -> String {
    format!("hatch{n}")
}

impl Markup {
    /// Empty markup.
    pub fn new() -> Markup {
        Markup::default()
    }

    /// Appends literal markup.
    pub fn push_str(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        match self.pieces.last_mut() {
            Some(Piece::Text(t)) if !self.sealed => t.push_str(s),
            _ => self.pieces.push(Piece::Text(s.to_string())),
        }
        self.sealed = false;
    }

    /// Starts a path element with path data `d` (`<path d="…"`); the caller
    /// writes its other attributes and closes the tag.
    pub fn path(&mut self, d: &str) {
        self.pieces.push(Piece::Path(d.to_string()));
        self.sealed = false;
    }

    /// Appends a reference to hatch pattern `n` (`url(#hatchN)`).
    pub fn pattern(&mut self, n: usize) {
        self.pieces.push(Piece::Pattern(n));
        self.sealed = false;
    }

    /// Appends path data alone (the caller writes ` d="` before it and `"`
    /// after it), where the path element cannot start with it.
    pub fn data(&mut self, d: &str) {
        self.pieces.push(Piece::Data(d.to_string()));
        self.sealed = false;
    }

    /// Appends an `id` attribute, ` id="…"`; `id` must be escaped already.
    pub fn id(&mut self, id: &str) {
        self.pieces.push(Piece::Id(id.to_string()));
        self.sealed = false;
    }

    /// Appends all of `other`.
    pub fn append(&mut self, other: &Markup) {
        for p in &other.pieces {
            match p {
                Piece::Text(t) => self.push_str(t),
                p => {
                    self.pieces.push(p.clone());
                    self.sealed = false;
                }
            }
        }
    }

    /// The place after what is written so far.
    pub fn mark(&mut self) -> Mark {
        self.sealed = true;
        Mark(self.pieces.len())
    }

    /// The markup written since `mark`.
    pub fn since(&self, mark: Mark) -> Markup {
        Markup {
            pieces: self.pieces[mark.0.min(self.pieces.len())..].to_vec(),
            sealed: false,
        }
    }

    /// The pieces written since `mark`, to change in place (their number
    /// stays, so marks stay true).
    pub(super) fn pieces_since_mut(&mut self, mark: Mark) -> &mut [Piece] {
        let from = mark.0.min(self.pieces.len());
        &mut self.pieces[from..]
    }

    /// Whether nothing is written.
    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// The pieces in order.
    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    /// Writes the markup to `out`: pattern `n` as `pattern(n)` names it,
    /// each `id` with `id_prefix` before it, and path data by `path` (which
    /// gets the data, and whether it writes a path's start, `<path d="…"`,
    /// or the data alone).
    pub fn write_with(
        &self,
        out: &mut String,
        pattern: &dyn Fn(usize) -> String,
        id_prefix: &str,
        path: &mut dyn FnMut(&mut String, &str, bool),
    ) {
        for p in &self.pieces {
            Markup::write_piece(p, out, pattern, id_prefix, path);
        }
    }

    /// Writes one piece as [`Markup::write_with`] does.
    pub fn write_piece(
        p: &Piece,
        out: &mut String,
        pattern: &dyn Fn(usize) -> String,
        id_prefix: &str,
        path: &mut dyn FnMut(&mut String, &str, bool),
    ) {
        match p {
            Piece::Text(t) => out.push_str(t),
            Piece::Path(d) => path(out, d, true),
            Piece::Data(d) => path(out, d, false),
            Piece::Pattern(n) => {
                out.push_str("url(#");
                out.push_str(&pattern(*n));
                out.push(')');
            }
            Piece::Id(id) => {
                out.push_str(" id=\"");
                out.push_str(id_prefix);
                out.push_str(id);
                out.push('"');
            }
        }
    }

    /// Writes the markup as the scene's own SVG has it.
    pub fn write_svg(&self, out: &mut String) {
        self.write_with(out, &pattern_id, "", &mut write_path_start);
    }

    /// The markup as the scene's own SVG has it.
    pub fn to_svg(&self) -> String {
        let mut s = String::new();
        self.write_svg(&mut s);
        s
    }
}

/// `<path d="…"`, the start of a path element, when `start`; else the
/// path data alone.
pub fn write_path_start(out: &mut String, d: &str, start: bool) {
    if start {
        out.push_str("<path d=\"");
        out.push_str(d);
        out.push('"');
    } else {
        out.push_str(d);
    }
}

impl fmt::Write for Markup {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.push_str(s);
        Ok(())
    }
}

impl From<String> for Markup {
    fn from(s: String) -> Markup {
        let mut m = Markup::new();
        m.push_str(&s);
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write;

    #[test]
    fn writes_back_what_was_written() {
        let mut m = Markup::new();
        m.push_str("<g");
        m.id("a");
        m.push_str(">");
        m.path("M0 0L1 1");
        let _ = write!(m, " fill=\"");
        m.pattern(2);
        m.push_str("\"/></g>\n");
        assert_eq!(
            m.to_svg(),
            "<g id=\"a\"><path d=\"M0 0L1 1\" fill=\"url(#hatch2)\"/></g>\n"
        );
        let mut page = String::new();
        m.write_with(&mut page, &|n| format!("p{n}"), "ph1-", &mut |o, _, _| {
            o.push_str("<use href=\"#x\"")
        });
        assert_eq!(
            page,
            "<g id=\"ph1-a\"><use href=\"#x\" fill=\"url(#p2)\"/></g>\n"
        );
    }

    #[test]
    fn a_mark_cuts_between_texts() {
        let mut m = Markup::new();
        m.push_str("<a/>");
        let at = m.mark();
        m.push_str("<b/>");
        m.push_str("<c/>");
        assert_eq!(m.since(at).to_svg(), "<b/><c/>");
        assert_eq!(m.to_svg(), "<a/><b/><c/>");
        let end = m.mark();
        assert!(m.since(end).is_empty());
    }
}
