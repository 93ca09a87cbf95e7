//! Calendar dates as OpenHistoricalMap writes them: `YYYY`, `YYYY-MM` or
//! `YYYY-MM-DD`. A partial date means its first day when it starts an
//! interval and is compared as that day everywhere, which matches OHM's
//! reading of `start_date`.

use std::fmt;

/// A proleptic Gregorian calendar day. Ordering is chronological.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year (may be negative for BCE, as OHM allows).
    pub year: i32,
    /// Month 1-12.
    pub month: u8,
    /// Day 1-31.
    pub day: u8,
}

impl Date {
    /// Builds a date, checking that the day exists in that month.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; returns a reason on failure.
    pub fn parse(s: &str) -> Result<Date, String> {
        let bad = || format!("\"{s}\" is not a date (expected YYYY-MM-DD, YYYY-MM or YYYY)");
        let (neg, body) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let parts: Vec<&str> = body.split('-').collect();
        if parts.is_empty() || parts.len() > 3 || parts[0].len() < 4 {
            return Err(bad());
        }
        let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
        if !parts.iter().all(|p| digits(p)) {
            return Err(bad());
        }
        let year: i32 = parts[0].parse().map_err(|_| bad())?;
        let year = if neg { -year } else { year };
        let month: u8 = match parts.get(1) {
            Some(m) if m.len() == 2 => m.parse().map_err(|_| bad())?,
            Some(_) => return Err(bad()),
            None => 1,
        };
        let day: u8 = match parts.get(2) {
            Some(d) if d.len() == 2 => d.parse().map_err(|_| bad())?,
            Some(_) => return Err(bad()),
            None => 1,
        };
        Date::new(year, month, day).ok_or_else(|| format!("\"{s}\" is not a day of the calendar"))
    }

    /// Days since 1970-01-01 (negative before), for durations and animation timing.
    pub fn days_from_epoch(self) -> i64 {
        // Howard Hinnant's civil-from-days inverse, in integer arithmetic.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The day after this one.
    pub fn next_day(self) -> Date {
        if self.day < days_in_month(self.year, self.month) {
            Date {
                day: self.day + 1,
                ..self
            }
        } else if self.month < 12 {
            Date {
                month: self.month + 1,
                day: 1,
                ..self
            }
        } else {
            Date {
                year: self.year + 1,
                month: 1,
                day: 1,
            }
        }
    }

    /// "21 August 1918".
    pub fn long(self) -> String {
        format!(
            "{} {} {}",
            self.day,
            MONTHS[usize::from(self.month) - 1],
            self.year
        )
    }

    /// The day before.
    pub fn previous_day(self) -> Date {
        previous_day(self)
    }

    /// "Aug 1918".
    pub fn month_year(self) -> String {
        format!(
            "{} {}",
            &MONTHS[usize::from(self.month) - 1][..3],
            self.year
        )
    }
}

/// English month names (also the engine's English words).
pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Formats a half-open interval `[start, end)` for people: the last day shown
/// is the day before `end`.
pub fn format_range(start: Date, end_exclusive: Date) -> String {
    let last = previous_day(end_exclusive);
    if start.year == last.year {
        if start.month == last.month {
            format!(
                "{}\u{2013}{} {}",
                start.day,
                last.day,
                &last.long()[last.day.to_string().len() + 1..]
            )
        } else {
            format!(
                "{} {} \u{2013} {}",
                start.day,
                MONTHS[usize::from(start.month) - 1],
                last.long()
            )
        }
    } else {
        format!("{} \u{2013} {}", start.long(), last.long())
    }
}

fn previous_day(d: Date) -> Date {
    if d.day > 1 {
        Date {
            day: d.day - 1,
            ..d
        }
    } else if d.month > 1 {
        Date {
            month: d.month - 1,
            day: days_in_month(d.year, d.month - 1),
            ..d
        }
    } else {
        Date {
            year: d.year - 1,
            month: 12,
            day: 31,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ohm_forms() {
        assert_eq!(
            Date::parse("1918-08-21").unwrap(),
            Date::new(1918, 8, 21).unwrap()
        );
        assert_eq!(
            Date::parse("1918-08").unwrap(),
            Date::new(1918, 8, 1).unwrap()
        );
        assert_eq!(Date::parse("1918").unwrap(), Date::new(1918, 1, 1).unwrap());
        assert!(Date::parse("1918-02-30").is_err());
        assert!(Date::parse("1918-8-1").is_err());
        assert!(Date::parse("21/08/1918").is_err());
        assert!(Date::parse("").is_err());
    }

    #[test]
    fn epoch_days_and_next_day() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().days_from_epoch(), 0);
        assert_eq!(Date::new(1918, 8, 21).unwrap().days_from_epoch(), -18_761);
        assert_eq!(
            Date::new(1920, 2, 29).unwrap().next_day(),
            Date::new(1920, 3, 1).unwrap()
        );
        assert_eq!(
            Date::new(1918, 12, 31).unwrap().next_day(),
            Date::new(1919, 1, 1).unwrap()
        );
    }

    #[test]
    fn ranges_read_naturally() {
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(
            format_range(d("1918-08-02"), d("1918-09-01")),
            "2\u{2013}31 August 1918"
        );
        assert_eq!(
            format_range(d("1918-09-01"), d("1919-03-04")),
            "1 September 1918 \u{2013} 3 March 1919"
        );
        assert_eq!(
            format_range(d("1919-03-04"), d("1919-06-09")),
            "4 March \u{2013} 8 June 1919"
        );
    }
}
