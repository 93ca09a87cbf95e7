//! Writing to the terminal safely: names from data are printed with their
//! control characters escaped (an escape sequence in a town's name must not
//! recolour or clear the user's terminal, nor a bidi override reverse a
//! file name), and a closed pipe (`phasemap list | head -1`) ends the
//! program quietly instead of panicking.

use std::io::Write;

/// `s` with every control character (C0 but newline, DEL, C1) and every
/// bidi control written as a `\u{..}` escape.
pub fn safe(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let bidi = matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
        if (c.is_control() && c != '\n') || bidi {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// Writes `text` as it is to standard output; when the reader has gone (a
/// closed pipe), exits at once with success: everything asked for was
/// done, only its summary had no reader.
pub fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    let written = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    if let Err(e) = written {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        // Nothing sensible to report an unwritable terminal on.
    }
}

/// A line to standard output through [`safe`] and [`print`].
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::terminal::print(&$crate::terminal::safe(&format!("{}\n", format_args!($($arg)*))))
    };
}
pub(crate) use outln;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(safe("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(safe("x\u{202E}gnp"), "x\\u{202e}gnp");
        assert_eq!(safe("two\nlines\tand\r"), "two\nlines\\u{9}and\\u{d}");
        assert_eq!(safe("Ёлка é 東"), "Ёлка é 東");
    }
}
