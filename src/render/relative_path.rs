//! Relative path data for the page: the page carries every phase's map in
//! one file, and `l3.2 -1.5` is far shorter than `L1708.9 1420.3`. Our
//! writer gives coordinates in tenths of a pixel, so the differences are
//! computed in whole tenths and the picture is exactly the same.

/// `d` with its moves and lines made relative, when it is made only of
/// `M`, `L` and `Z` with numbers of at most one decimal; `None` otherwise
/// (curves, arcs, or other precision are left as they are).
pub fn relative(d: &str) -> Option<String> {
    let mut out = String::with_capacity(d.len());
    let (mut cur, mut start) = ((0i64, 0i64), (0i64, 0i64));
    let mut cmd = ' ';
    let mut written = ' ';
    let mut nums: Vec<i64> = Vec::with_capacity(2);
    let mut chars = d.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        match c {
            'M' | 'L' => {
                cmd = c;
                chars.next();
            }
            'Z' | 'z' => {
                out.push('z');
                written = 'z';
                cur = start;
                cmd = ' ';
                chars.next();
            }
            ' ' | ',' => {
                chars.next();
            }
            '-' | '0'..='9' | '.' => {
                let mut end = i + c.len_utf8();
                chars.next();
                while let Some(&(j, n)) = chars.peek() {
                    if n.is_ascii_digit() || n == '.' {
                        end = j + 1;
                        chars.next();
                    } else {
                        break;
                    }
                }
                nums.push(tenths(&d[i..end])?);
                if nums.len() == 2 {
                    let p = (nums[0], nums[1]);
                    nums.clear();
                    let rel = match cmd {
                        'M' => 'm',
                        'L' => 'l',
                        _ => return None,
                    };
                    if rel != written {
                        out.push(rel);
                        written = rel;
                    } else {
                        out.push(' ');
                    }
                    write_tenths(&mut out, p.0 - cur.0);
                    write_tenths_after(&mut out, p.1 - cur.1);
                    cur = p;
                    if cmd == 'M' {
                        start = p;
                        // Pairs after a move are lines.
                        cmd = 'L';
                        written = 'l';
                        // An explicit `l` is still written after `m` when the
                        // next command letter is given; implicit pairs follow `m`.
                    }
                }
            }
            _ => return None,
        }
    }
    nums.is_empty().then_some(out)
}

/// A number with at most one decimal, in tenths.
fn tenths(s: &str) -> Option<i64> {
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    if frac.len() > 1 || (int.is_empty() && frac.is_empty()) || body.contains('-') {
        return None;
    }
    let int: i64 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let frac: i64 = if frac.is_empty() {
        0
    } else {
        frac.parse().ok()?
    };
    let v = int.checked_mul(10)?.checked_add(frac)?;
    Some(if neg { -v } else { v })
}

fn write_tenths(out: &mut String, v: i64) {
    use std::fmt::Write;
    let sign = if v < 0 { "-" } else { "" };
    let a = v.unsigned_abs();
    let _ = if a.is_multiple_of(10) {
        write!(out, "{sign}{}", a / 10)
    } else {
        write!(out, "{sign}{}.{}", a / 10, a % 10)
    };
}

/// The second number of a pair: a minus sign separates it by itself.
fn write_tenths_after(out: &mut String, v: i64) {
    if v >= 0 {
        out.push(' ');
    }
    write_tenths(out, v);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Absolute points of relative path data made of `m`, `l` and `z`.
    fn absolute(d: &str) -> Vec<(i64, i64)> {
        let mut pts = Vec::new();
        let (mut cur, mut start) = ((0, 0), (0, 0));
        let mut first_of_m = false;
        let mut nums = Vec::new();
        let mut tok = String::new();
        let flush = |tok: &mut String, nums: &mut Vec<i64>| {
            if !tok.is_empty() {
                nums.push(tenths(tok).unwrap());
                tok.clear();
            }
        };
        for c in d.chars().chain(std::iter::once(' ')) {
            match c {
                'm' | 'l' | 'z' | ' ' | '-' => {
                    flush(&mut tok, &mut nums);
                    if nums.len() == 2 {
                        cur = (cur.0 + nums[0], cur.1 + nums[1]);
                        if first_of_m {
                            start = cur;
                            first_of_m = false;
                        }
                        pts.push(cur);
                        nums.clear();
                    }
                    match c {
                        'm' => first_of_m = true,
                        'z' => cur = start,
                        '-' => tok.push('-'),
                        _ => {}
                    }
                }
                _ => tok.push(c),
            }
        }
        pts
    }

    #[test]
    fn the_same_points_in_fewer_bytes() {
        let d = "M1708.9 -5.6L1709.9 -6M1818.6 23.1L1820 24.2L1816.5 28.1ZM10 10L12.5 10Z";
        let r = relative(d).unwrap();
        assert!(r.len() < d.len(), "{r}");
        assert_eq!(
            absolute(&r),
            vec![
                (17089, -56),
                (17099, -60),
                (18186, 231),
                (18200, 242),
                (18165, 281),
                (100, 100),
                (125, 100)
            ],
            "{r}"
        );
    }

    #[test]
    fn curves_and_finer_numbers_are_left_alone() {
        assert_eq!(relative("M0 0C1 1 2 2 3 3"), None);
        assert_eq!(relative("M0.25 0L1 1"), None);
        assert_eq!(relative("M0 0L1"), None);
    }
}
