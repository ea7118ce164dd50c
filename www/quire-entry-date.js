/**
 * The date that opens a dated entry of a media review ("January 29:", "Jan. 29:", "29 January
 * 2025 —", "May 12-13:", "2025-01-29:"), read exactly as Quire's index builder reads it (Rust
 * `quire::date::leading_entry_date`). `tests/fixtures/entry-dates.json` holds the examples that
 * both sides are tested against: change the grammar here, in `src/date.rs` and there together.
 *
 * The grammar: after leading white space, the text up to the first `:`, or `–` or `—` that
 * is not between two digits (at most 32 bytes of UTF-8) is one word of the form
 * `YYYY-MM-DD`, or two or three words (split at white space and commas): a month name or its
 * abbreviation of three or four letters (any case, trailing dots ignored) and a day, in
 * either order, then perhaps a year. A day or year may be a range (`12-13`, `12–13`,
 * `12—13`): the entry is dated by its first day. A missing year is the edition's, or the
 * year before for a month after the edition's (a January edition quoting December).
 *
 * Pure: no DOM, so that it loads in Node for its tests.
 * @module quire-entry-date
 */

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
/** Rust's `char::is_whitespace` is Unicode White_Space, which (unlike `\s`) lacks U+FEFF. */
const LEADING_SPACE = /^\p{White_Space}*/u;
const WORD_BREAK = /[\p{White_Space},]+/u;
/** A colon, or an en or em dash that is not inside a range of days (`12–13`). */
const SEPARATOR = /:|(?<![0-9])[–—]|[–—](?![0-9])/;
/** Longest date prefix, in bytes of UTF-8, as Rust counts its strings. */
const MAX_PREFIX_BYTES = 32;
const utf8 = new TextEncoder();

/**
 * @typedef {object} EntryDatePrefix
 * @property {number|null} year null when the text gives none
 * @property {number} month 1-12
 * @property {number} day
 * @property {number} length UTF-16 units of the date prefix, its separator included
 */

/**
 * The month (1-12) an English month name or its usual abbreviation names ("Jan", "Sept."),
 * or 0.
 * @param {string} word
 */
export function monthNumber(word) {
  const name = word.replace(/\.+$/, '').replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
  if (name.length < 3) return 0;
  return MONTHS.findIndex((month) => month === name || (name.length <= 4 && month.startsWith(name))) + 1;
}

/**
 * A day or year as Rust parses it (`u32`, a leading `+` allowed, trailing dots and commas
 * ignored, the first number of a range), or null.
 * @param {string} word
 */
function numberOf(word) {
  const first = word.replace(/[.,]+$/, '').split(/[–—-]/)[0];
  if (!/^\+?[0-9]+$/.test(first)) return null;
  const value = Number(first);
  return value <= 0xffff_ffff ? value : null;
}

/**
 * Days in `month` (1-12) of `year`; 0 for a month that does not exist.
 * @param {number} year
 * @param {number} month
 */
function daysInMonth(year, month) {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  if ([4, 6, 9, 11].includes(month)) return 30;
  return month >= 1 && month <= 12 ? 31 : 0;
}

/** Whether the date exists (years 1 to 9999, as Rust's `Date::new`). */
function exists(year, month, day) {
  return Number.isInteger(year) && year >= 1 && year <= 9999 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * `YYYY-MM-DD` (a time after `T` or a space ignored, as Rust's `Date::parse_iso`) as numbers,
 * or null when it is not a real date.
 * @param {string} text
 */
function parseIso(text) {
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text.trim().split(/[T ]/)[0]);
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number);
  return exists(year, month, day) ? { year, month, day } : null;
}

/**
 * The date that opens an entry's text, without the edition's help: `year` is null when the
 * text gives none (the day is then checked against a leap year).
 * @param {string} text
 * @returns {EntryDatePrefix|null}
 */
export function entryDatePrefix(text) {
  const leading = LEADING_SPACE.exec(text)[0].length;
  const rest = text.slice(leading);
  const end = rest.search(SEPARATOR);
  if (end < 0) return null;
  const candidate = rest.slice(0, end);
  if (utf8.encode(candidate).length > MAX_PREFIX_BYTES) return null;
  const words = candidate.split(WORD_BREAK).filter(Boolean);
  // Every separator is one UTF-16 unit.
  const length = leading + end + 1;
  if (words.length === 1) {
    // Rust compares the byte length; a word of other characters is no date either way.
    const iso = words[0].length === 10 ? parseIso(words[0]) : null;
    return iso && { ...iso, length };
  }
  if (words.length !== 2 && words.length !== 3) return null;
  const [a, b, y] = words;
  const monthDay = (m, d) => {
    const month = monthNumber(m);
    const day = numberOf(d);
    return month && day !== null ? { month, day } : null;
  };
  const found = monthDay(a, b) ?? monthDay(b, a);
  if (!found) return null;
  const { month, day } = found;
  if (y === undefined) return exists(2000, month, day) ? { year: null, month, day, length } : null;
  const year = numberOf(y);
  // Rust casts the year to i32: one past its range wraps below 1, which no date has.
  return year !== null && exists(year, month, day) ? { year, month, day, length } : null;
}

/**
 * The entry date as Quire's index builder gives it, with the edition's date for a missing
 * year: what `tests/fixtures/entry-dates.json` records.
 * @param {string} text
 * @param {string|null} [edition] the article's date, `YYYY-MM-DD`
 * @returns {{date: string, length: number}|null} the ISO date, and the length of the prefix
 *   in UTF-16 units (`text.slice(length)` is the entry's text)
 */
export function leadingEntryDate(text, edition = null) {
  const prefix = entryDatePrefix(text);
  if (!prefix) return null;
  let { year } = prefix;
  if (year === null) {
    const context = edition ? parseIso(edition) : null;
    if (!context) return null;
    year = prefix.month > context.month ? context.year - 1 : context.year;
  }
  if (!exists(year, prefix.month, prefix.day)) return null;
  const pad = (n, width) => String(n).padStart(width, '0');
  return { date: `${pad(year, 4)}-${pad(prefix.month, 2)}-${pad(prefix.day, 2)}`, length: prefix.length };
}
