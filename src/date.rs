//! Calendar dates as day numbers: parsing `YYYY-MM-DD`, validating impossible dates, and
//! recognising the "January 29:" that opens a media-review entry.

/// A calendar date in the proleptic Gregorian calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year (1 BC is 0).
    pub year: i32,
    /// 1 to 12.
    pub month: u32,
    /// 1 to 31.
    pub day: u32,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The number `text` writes in ASCII digits (one at least, no sign), or `None` past
/// `u32::MAX`: `str::parse` without its sign, in a few bytes of Wasm where the standard
/// library's parser costs 0.3-0.5 kB per integer type.
pub(crate) fn decimal(text: &str) -> Option<u32> {
    if text.is_empty() {
        return None;
    }
    let mut n: u32 = 0;
    for b in text.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(u32::from(b - b'0'))?;
    }
    Some(n)
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` (1-12) of `year`.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// The first date Quire knows: 0001-01-01.
    pub const FIRST: Date = Date {
        year: 1,
        month: 1,
        day: 1,
    };

    /// The last date Quire knows: 9999-12-31.
    pub const LAST: Date = Date {
        year: 9999,
        month: 12,
        day: 31,
    };

    /// A date, or `None` when it does not exist (February 30, month 13).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=9999).contains(&year) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (negative before). Used as the stored form: it sorts and
    /// subtracts.
    pub fn to_days(self) -> i32 {
        // Shift the year to start in March so that the leap day is the year's last day.
        let year = if self.month <= 2 {
            self.year - 1
        } else {
            self.year
        };
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let month = self.month as i32;
        let day_of_year =
            (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + self.day as i32 - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The inverse of [`Date::to_days`].
    pub fn from_days(days: i32) -> Date {
        let shifted = days + 719_468;
        let era = shifted.div_euclid(146_097);
        let day_of_era = shifted - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let month_index = (5 * day_of_year + 2) / 153;
        let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
        let month = if month_index < 10 {
            month_index + 3
        } else {
            month_index - 9
        } as u32;
        let year = year_of_era + era * 400 + i32::from(month <= 2);
        Date { year, month, day }
    }

    /// Parses `YYYY-MM-DD`, optionally followed by a time (`T...` or ` ...`), which is ignored.
    /// The error says what is wrong with the text.
    pub fn parse_iso(text: &str) -> Result<Date, String> {
        let text = text.trim();
        let date_part = text.split(['T', ' ']).next().unwrap_or("");
        let mut parts = date_part.splitn(3, '-');
        let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(format!("`{text}` is not a date; write it as YYYY-MM-DD"));
        };
        let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if y.len() != 4
            || !all_digits(y)
            || !all_digits(m)
            || !all_digits(d)
            || m.len() > 2
            || d.len() > 2
        {
            return Err(format!("`{text}` is not a date; write it as YYYY-MM-DD"));
        }
        // Four digits, and at most two: the numbers fit.
        let (year, month, day) = (
            decimal(y).unwrap_or(0) as i32,
            decimal(m).unwrap_or(0),
            decimal(d).unwrap_or(0),
        );
        if !(Date::FIRST.year..=Date::LAST.year).contains(&year) {
            return Err(format!(
                "`{text}` is not a real date (there is no year 0000); write a year from 0001 to 9999"
            ));
        }
        if !(1..=12).contains(&month) {
            return Err(format!(
                "`{text}` is not a real date (there is no month {month}); write the month as 01 to 12"
            ));
        }
        Date::new(year, month, day).ok_or_else(|| {
            format!("`{text}` is not a real date (no day {day} in month {month} of {year}); fix the day or month")
        })
    }

    /// Parses a bound of a date range: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as its first day,
    /// or with `end` its last (`2024-02` ends on the 29th). The error says what is wrong.
    pub fn parse_bound(text: &str, end: bool) -> Result<Date, String> {
        let text = text.trim();
        let parts: Vec<&str> = text.split('-').collect();
        let number = |s: &str| decimal(s).filter(|_| s.len() <= 4);
        let not_a_date = || format!("`{text}` is not a date; write YYYY, YYYY-MM or YYYY-MM-DD");
        let (year, month) = match parts.as_slice() {
            [y] => (number(y).ok_or_else(not_a_date)?, None),
            [y, m] => (
                number(y).ok_or_else(not_a_date)?,
                Some(number(m).ok_or_else(not_a_date)?),
            ),
            [_, _, _] => return Date::parse_iso(text),
            _ => return Err(not_a_date()),
        };
        if parts[0].len() != 4 {
            return Err(not_a_date());
        }
        let year = year as i32;
        if !(Date::FIRST.year..=Date::LAST.year).contains(&year) {
            return Err(format!(
                "`{text}` is not a real date (there is no year {year:04}); write a year from 0001 to 9999"
            ));
        }
        let date = match month {
            None if end => Date::new(year, 12, 31),
            None => Date::new(year, 1, 1),
            Some(month) if (1..=12).contains(&month) => Date::new(
                year,
                month,
                if end { days_in_month(year, month) } else { 1 },
            ),
            Some(month) => {
                return Err(format!(
                    "`{text}` is not a real date (there is no month {month}); write the month as 01 to 12"
                ));
            }
        };
        date.ok_or_else(not_a_date)
    }

    /// `2025-01-29`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// The English month name, capitalised.
    pub fn month_name(self) -> &'static str {
        const NAMES: [&str; 12] = [
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
        NAMES[(self.month as usize).saturating_sub(1).min(11)]
    }
}

/// The month (1-12) named by an English month name or its usual abbreviation ("Jan", "Sept.").
fn month_from_name(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.').to_ascii_lowercase();
    if word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|name| *name == word || (word.len() <= 4 && name.starts_with(&word)))
        .map(|i| i as u32 + 1)
}

/// The longest date prefix, in bytes: a longer text before the separator is not a date.
const MAX_PREFIX_BYTES: usize = 32;

/// The dashes that may end a date prefix, besides the colon.
const DASHES: [char; 2] = ['–', '—'];

/// The words before the separator that may end a date (a colon, or an en or em dash that is
/// not inside a range of days like `12–13`), and the byte length up to and including that
/// separator; `None` without a separator within [`MAX_PREFIX_BYTES`].
fn date_prefix(text: &str) -> Option<(&str, Vec<&str>, usize)> {
    let trimmed_start = text.len() - text.trim_start().len();
    let rest = &text[trimmed_start..];
    let bytes = rest.as_bytes();
    let (end, separator) = rest.char_indices().find(|&(at, c)| {
        c == ':'
            || (DASHES.contains(&c)
                && !(at > 0
                    && bytes[at - 1].is_ascii_digit()
                    && bytes.get(at + c.len_utf8()).is_some_and(u8::is_ascii_digit)))
    })?;
    let candidate = &rest[..end];
    if candidate.len() > MAX_PREFIX_BYTES {
        return None;
    }
    let words = candidate
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    Some((
        candidate.trim_end(),
        words,
        trimmed_start + end + separator.len_utf8(),
    ))
}

/// A day or a year: digits, trailing dots and commas ignored; of a range (`12-13`, `12–13`,
/// `12—13`) the first number, which dates the entry.
fn numeric(word: &str) -> Option<u32> {
    let word = word.trim_end_matches(['.', ',']);
    let first = word.split(['–', '—', '-']).next().unwrap_or(word);
    first.parse::<u32>().ok()
}

/// The date that opens a list item, as in "January 29: ..." or "29 January 2025 - ...", with
/// the byte length of the date prefix including its separator. A range of days ("May 12–13:",
/// "12-13 May:") is one entry, dated by its first day.
///
/// `context` is the article's date: a missing year is taken from it, and a month later than
/// the article's month is taken to be in the year before (a January edition quoting
/// December).
pub fn leading_entry_date(text: &str, context: Option<Date>) -> Option<(Date, usize)> {
    let (_, words, consumed) = date_prefix(text)?;
    let month_day = |m: &str, d: &str| Some((month_from_name(m)?, numeric(d)?));
    let (month, day, year) = match words.as_slice() {
        [iso] if iso.len() == 10 => {
            let date = Date::parse_iso(iso).ok()?;
            return Some((date, consumed));
        }
        [a, b] => {
            let (month, day) = month_day(a, b).or_else(|| month_day(b, a))?;
            (month, day, None)
        }
        [a, b, y] => {
            let (month, day) = month_day(a, b).or_else(|| month_day(b, a))?;
            (month, day, Some(numeric(y)?))
        }
        _ => return None,
    };
    let year = match (year, context) {
        (Some(year), _) => year as i32,
        (None, Some(context)) if month > context.month => context.year - 1,
        (None, Some(context)) => context.year,
        (None, None) => return None,
    };
    Date::new(year, month, day).map(|date| (date, consumed))
}

/// The full month name closest to `word` when `word` reads as a misspelt one ("Janury",
/// "Febuary", "Setpember") or as a month cut short ("Janua"): long enough to be meant as a
/// month, yet not a name or abbreviation [`month_from_name`] accepts.
fn misspelt_month(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.').to_ascii_lowercase();
    if word.len() < 5 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let allowed = if word.len() >= 7 { 2 } else { 1 };
    MONTHS
        .iter()
        .enumerate()
        .filter_map(|(i, name)| {
            let edits = if name.starts_with(&word) {
                0
            } else {
                edit_distance(word.as_bytes(), name.as_bytes())
            };
            (edits <= allowed).then_some((edits, i as u32 + 1))
        })
        .min()
        .map(|(_, month)| month)
}

/// Edits (insertions, deletions, substitutions, swaps of neighbours) from `a` to `b`.
fn edit_distance(a: &[u8], b: &[u8]) -> usize {
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, slot) in rows[0].iter_mut().enumerate() {
        *slot = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

fn is_weekday(word: &str) -> bool {
    const WEEKDAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let word = word.trim_end_matches('.').to_ascii_lowercase();
    word.len() >= 3
        && WEEKDAYS
            .iter()
            .any(|day| *day == word || (word.len() <= 5 && day.starts_with(&word)))
}

/// Why a list item that reads like a dated entry is not read as one ("February 30:", "Janury
/// 29:", "Monday, January 29:", "2025-02-30:"), saying how to write it; `None` when the item
/// is an entry, or does not look like one ("Note:", "The May talks:"). `context` is the
/// article's date, as for [`leading_entry_date`].
pub fn entry_date_problem(text: &str, context: Option<Date>) -> Option<String> {
    if leading_entry_date(text, context).is_some() {
        return None;
    }
    let (written, words, _) = date_prefix(text)?;
    if let [word] = words.as_slice() {
        // Four digits, a dash, then digits and dashes: an ISO date, written wrong.
        let iso_like = word.len() > 5
            && word.as_bytes()[..4].iter().all(u8::is_ascii_digit)
            && word.as_bytes()[4] == b'-'
            && word.bytes().all(|b| b.is_ascii_digit() || b == b'-');
        return match Date::parse_iso(word) {
            _ if !iso_like => None,
            Err(reason) => Some(reason),
            Ok(date) => Some(format!(
                "`{word}` is not an entry date: write the month and day with two digits, `{}:`",
                date.iso()
            )),
        };
    }
    if !(2..=4).contains(&words.len()) {
        return None;
    }
    let (mut months, mut misspelt, mut days, mut years, mut weekday) =
        (Vec::new(), None, Vec::new(), Vec::new(), false);
    for word in &words {
        let digits = word.trim_end_matches(['.', ',']);
        let digits = digits.split(['–', '—', '-']).next().unwrap_or(digits);
        if let Some(month) = month_from_name(word) {
            months.push(month);
        } else if let Some(month) = misspelt_month(word) {
            months.push(month);
            misspelt = Some((*word, month));
        } else if is_weekday(word) {
            weekday = true;
        } else if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            match digits.len() {
                1 | 2 => days.push(numeric(word)?),
                4 => years.push(numeric(word)?),
                _ => return None,
            }
        } else {
            return None;
        }
    }
    let (&[month], &[day]) = (months.as_slice(), days.as_slice()) else {
        return (!months.is_empty() && !days.is_empty()).then(|| {
            format!("`{written}` has more than one month or day; write one date, like `May 12:` or `May 12–13:` for a range")
        });
    };
    let mut name = MONTHS[month as usize - 1].to_string();
    name[..1].make_ascii_uppercase();
    let suggested = format!("{name} {day}");
    if let Some((word, _)) = misspelt {
        return Some(format!(
            "`{written}` looks like an entry date, but `{word}` is not a month; write `{suggested}:`"
        ));
    }
    if weekday {
        return Some(format!(
            "`{written}` opens with a weekday, which an entry date does not take; write `{suggested}:`"
        ));
    }
    let year = match (years.as_slice(), context) {
        (&[year], _) => year as i32,
        (&[], Some(context)) if month > context.month => context.year - 1,
        (&[], Some(context)) => context.year,
        (&[], None) => {
            return Some(format!(
                "`{written}` has no year, and the article has no `date` to take it from; write `{suggested}, 2025:` (with the right year) or give the article a date"
            ));
        }
        _ => {
            return Some(format!(
                "`{written}` has more than one year; write `{suggested}:` or `{suggested}, 2025:` (with the right year)"
            ));
        }
    };
    Some(format!(
        "`{written}` is not a real date ({name} {year} has {} days); fix the day",
        days_in_month(year, month)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_reads_digits_as_parse_does() {
        for text in [
            "0",
            "7",
            "0042",
            "2024",
            "4294967295",
            "4294967296",
            "",
            "+5",
            "-5",
            " 5",
            "5a",
            "١٢",
        ] {
            let digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
            let parsed = text.parse::<u32>().ok().filter(|_| digits);
            assert_eq!(decimal(text), parsed, "{text:?}");
        }
    }

    #[test]
    fn day_numbers_round_trip() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().to_days(), 0);
        assert_eq!(Date::new(2000, 3, 1).unwrap().to_days(), 11_017);
        assert_eq!(Date::new(1969, 12, 31).unwrap().to_days(), -1);
        for days in (-800_000..800_000).step_by(997) {
            assert_eq!(Date::from_days(days).to_days(), days);
        }
    }

    #[test]
    fn impossible_dates_are_refused_with_a_reason() {
        assert!(Date::parse_iso("2024-02-29").is_ok());
        let error = Date::parse_iso("2025-02-29").unwrap_err();
        assert!(error.contains("not a real date"), "{error}");
        let error = Date::parse_iso("2025-13-01").unwrap_err();
        assert!(error.contains("no month 13"), "{error}");
        let error = Date::parse_iso("0000-01-01").unwrap_err();
        assert!(error.contains("no year 0000"), "{error}");
        assert!(!error.contains("of 0"), "{error}");
        assert!(
            Date::parse_iso("31/01/2025")
                .unwrap_err()
                .contains("YYYY-MM-DD")
        );
        assert_eq!(
            Date::parse_iso("2025-01-31T10:00:00Z").unwrap().iso(),
            "2025-01-31"
        );
    }

    #[test]
    fn range_bounds_say_what_is_wrong() {
        let bound = |text: &str, end: bool| Date::parse_bound(text, end).map(Date::iso);
        assert_eq!(bound("2024", false).unwrap(), "2024-01-01");
        assert_eq!(bound("2024", true).unwrap(), "2024-12-31");
        assert_eq!(bound("2024-02", true).unwrap(), "2024-02-29");
        assert_eq!(bound(" 2024-2 ", false).unwrap(), "2024-02-01");
        assert_eq!(bound("2024-02-10", true).unwrap(), "2024-02-10");
        for (text, expected) in [
            ("2025-13", "there is no month 13"),
            ("2025-00", "there is no month 0"),
            ("0000", "there is no year 0000"),
            ("2025-13-01", "there is no month 13"),
            ("2025-02-30", "no day 30 in month 2"),
            ("25", "write YYYY, YYYY-MM or YYYY-MM-DD"),
            ("last week", "write YYYY, YYYY-MM or YYYY-MM-DD"),
            ("2025-+1", "write YYYY, YYYY-MM or YYYY-MM-DD"),
            ("", "write YYYY"),
        ] {
            let error = bound(text, false).unwrap_err();
            assert!(error.contains(expected), "{text}: {error}");
        }
    }

    #[test]
    fn entry_dates_take_the_year_from_the_edition() {
        let edition = Date::new(2025, 1, 31);
        let (date, len) = leading_entry_date("January 29: In response", edition).unwrap();
        assert_eq!(date.iso(), "2025-01-29");
        assert_eq!(&"January 29: In response"[len..], " In response");
        let (date, _) = leading_entry_date("December 30: Kayhan wrote", edition).unwrap();
        assert_eq!(date.iso(), "2024-12-30");
        let (date, _) = leading_entry_date("29 Sept. 2023 — text", None).unwrap();
        assert_eq!(date.iso(), "2023-09-29");
        let (date, _) = leading_entry_date("2025-05-11: talks", None).unwrap();
        assert_eq!(date.iso(), "2025-05-11");
        let (date, _) = leading_entry_date("May 12–13: coverage", Date::new(2025, 5, 13)).unwrap();
        assert_eq!(date.iso(), "2025-05-12");
    }

    #[test]
    fn ordinary_list_items_are_not_entries() {
        let edition = Date::new(2025, 1, 31);
        assert!(leading_entry_date("Note: this is not dated", edition).is_none());
        assert!(leading_entry_date("The May talks: a view", edition).is_none());
        assert!(leading_entry_date("February 30: impossible", edition).is_none());
        assert!(leading_entry_date("no separator at all", edition).is_none());
    }

    #[test]
    fn ranges_of_days_are_one_entry_dated_by_the_first_day() {
        let edition = Date::new(2025, 5, 13);
        for line in [
            "May 12–13: coverage",
            "May 12—13: coverage",
            "May 12-13: coverage",
            "12–13 May: coverage",
            "12-13 May: coverage",
        ] {
            let (date, len) = leading_entry_date(line, edition).unwrap();
            assert_eq!(
                (date.iso().as_str(), &line[len..]),
                ("2025-05-12", " coverage")
            );
        }
        // A dash after a day, not inside a range, still ends the date.
        let (date, len) = leading_entry_date("May 12 – coverage", edition).unwrap();
        assert_eq!(
            (date.iso().as_str(), &"May 12 – coverage"[len..]),
            ("2025-05-12", " coverage")
        );
    }

    #[test]
    fn items_that_look_like_entry_dates_say_what_is_wrong() {
        let edition = Date::new(2025, 3, 7);
        let problem = |line: &str| entry_date_problem(line, edition);
        let reason = problem("February 30: impossible").unwrap();
        assert!(
            reason.contains("not a real date") && reason.contains("28 days"),
            "{reason}"
        );
        let reason = problem("Janury 29: a typo").unwrap();
        assert!(
            reason.contains("`Janury` is not a month") && reason.contains("`January 29:`"),
            "{reason}"
        );
        let reason = problem("Febuary 3: a typo").unwrap();
        assert!(reason.contains("`February 3:`"), "{reason}");
        let reason = problem("Monday, March 3: a weekday").unwrap();
        assert!(
            reason.contains("weekday") && reason.contains("`March 3:`"),
            "{reason}"
        );
        let reason = problem("2025-02-30: ISO").unwrap();
        assert!(reason.contains("not a real date"), "{reason}");
        let reason = entry_date_problem("January 29: undated", None).unwrap();
        assert!(reason.contains("no year"), "{reason}");
        for fine in [
            "March 3: an entry",
            "Note: not a date",
            "The May talks: a view",
            "Maybe 5: not a month",
            "12:30 talks began",
            "no separator",
        ] {
            assert_eq!(problem(fine), None, "{fine}");
        }
    }

    /// The shared fixture, which `www/quire-entry-date.js` is tested against too: the two
    /// readers of the entry-date grammar cannot drift apart.
    #[test]
    fn entry_dates_agree_with_the_shared_fixture() {
        let fixture: serde_json::Value =
            serde_json::from_str(include_str!("../tests/fixtures/entry-dates.json")).unwrap();
        let examples = fixture["examples"].as_array().unwrap();
        assert!(examples.len() > 20, "the fixture has too few examples");
        for example in examples {
            let line = example["line"].as_str().unwrap();
            let edition = example["edition"]
                .as_str()
                .map(|iso| Date::parse_iso(iso).unwrap());
            let found = leading_entry_date(line, edition);
            let warned = entry_date_problem(line, edition);
            assert_eq!(
                warned.is_some(),
                example["warning"].as_bool().unwrap_or(false),
                "{line:?}: warning {warned:?}"
            );
            match example["entry"].as_str() {
                None => assert!(
                    found.is_none(),
                    "{line:?} should not be an entry: {found:?}"
                ),
                Some(iso) => {
                    let (date, offset) =
                        found.unwrap_or_else(|| panic!("{line:?} should be an entry on {iso}"));
                    assert_eq!(date.iso(), iso, "{line:?}");
                    assert_eq!(
                        &line[offset..],
                        example["rest"].as_str().unwrap(),
                        "{line:?}"
                    );
                }
            }
        }
    }
}
