//! Filters and what they count: the request's date range, the facet selection, facet counts
//! and the timeline, all per unit (see [`super::units`]): an entry of an article with entries
//! is judged by its own date and tags, an article without entries by its own.

use crate::date::{Date, decimal};
use crate::error::{Error, Result};
use crate::model::YEAR_FACET;
use crate::store::meta::Meta;

use super::collect::sort_by;
use super::request::SearchRequest;
use super::results::{FacetCounts, FacetValueCount, MonthCount};
use super::units::{Answer, Unit};

/// Parses the request's date bounds into inclusive day numbers.
pub(super) fn date_bounds(request: &SearchRequest) -> Result<(Option<i32>, Option<i32>)> {
    let parse = |text: &Option<String>, end: bool| -> Result<Option<i32>> {
        let Some(text) = text.as_deref().map(str::trim).filter(|t| !t.is_empty()) else {
            return Ok(None);
        };
        let date = Date::parse_bound(text, end).map_err(|problem| Error::Query {
            message: format!("{} date {problem}", if end { "end" } else { "start" }),
        })?;
        Ok(Some(date.to_days()))
    };
    Ok((
        parse(&request.date_from, false)?,
        parse(&request.date_to, true)?,
    ))
}

/// The facets that entries carry (tagged from the outlet and people registers, and the year
/// of their own date): a filter on them chooses entries, and entries count in them by their
/// own values rather than their article's.
const ENTRY_FACETS: [&str; 5] = ["outlet", "leaning", "person", "role", YEAR_FACET];

/// The bit of a unit's failures that says it is outside the date range; facets use the bits
/// below it, so that at most 63 facets can be filtered on.
pub(super) const DATE_BIT: u64 = 1 << 63;

/// A year of the year facet: its first and last day, and its value index.
type YearSpan = (i32, i32, usize);

/// Calls the callback with each (facet, value) pair of a unit.
pub(super) type UnitValues<'a> = &'a dyn Fn(&Unit, &mut dyn FnMut(usize, usize));

/// The request's filters, ready to judge units.
pub(super) struct Selection {
    /// facet index → the selected value indexes.
    pub selected: Vec<Vec<usize>>,
    /// A bit per facet with a selection.
    active: u64,
    /// Per facet, whether entries carry it.
    entry_level: Vec<bool>,
    /// The year facet, with its years by day.
    year: Option<(usize, Vec<YearSpan>)>,
    /// Inclusive day bounds.
    from: Option<i32>,
    to: Option<i32>,
}

impl Selection {
    pub(super) fn new(
        meta: &Meta,
        filters: &[(String, Vec<String>)],
        (from, to): (Option<i32>, Option<i32>),
    ) -> Result<Selection> {
        let mut selection = Selection {
            selected: vec![Vec::new(); meta.facets.len()],
            active: 0,
            entry_level: meta
                .facets
                .iter()
                .map(|f| ENTRY_FACETS.contains(&f.name.as_str()))
                .collect(),
            year: meta.facet(YEAR_FACET).map(|facet| {
                let mut years: Vec<YearSpan> = meta.facets[facet]
                    .values
                    .iter()
                    .enumerate()
                    .filter_map(|(i, (value, _))| {
                        // As `i32::from_str` reads it, for the years a date can have (a
                        // minus sign makes any number a year before 0001).
                        let year =
                            i32::try_from(decimal(value.strip_prefix('+').unwrap_or(value))?)
                                .ok()?;
                        let first = Date::new(year, 1, 1)?.to_days();
                        Some((first, Date::new(year, 12, 31)?.to_days(), i))
                    })
                    .collect();
                sort_by(&mut years, &mut |a, b| a.cmp(b));
                (facet, years)
            }),
            from,
            to,
        };
        for (name, values) in filters {
            if values.is_empty() {
                continue;
            }
            // Exactly as written, else regardless of case and diacritics (`kind=analysis`,
            // `Kind=Analysis`).
            let by_case = crate::tokenize::same_folded;
            let facet = meta
                .facet(name)
                .or_else(|| meta.facets.iter().position(|f| by_case(&f.name, name)))
                .ok_or_else(|| {
                    let mut message = format!("unknown filter `{name}`; this index has: ");
                    for (i, facet) in meta.facets.iter().enumerate() {
                        if i > 0 {
                            message.push_str(", ");
                        }
                        message.push_str(&facet.name);
                    }
                    Error::Query { message }
                })?;
            if facet >= 63 {
                continue;
            }
            selection.active |= 1 << facet;
            for value in values {
                // An unknown value matches nothing: it may come from an old shared link.
                let known = &meta.facets[facet].values;
                let found: Vec<usize> = match known.iter().position(|(v, _)| v == value) {
                    Some(index) => vec![index],
                    None => (0..known.len())
                        .filter(|&i| by_case(&known[i].0, value))
                        .collect(),
                };
                for index in found {
                    selection.selected[facet].push(index);
                }
            }
        }
        Ok(selection)
    }

    /// Whether some facet is filtered on.
    pub(super) fn filters(&self) -> bool {
        self.active != 0
    }

    /// Whether the request has a date range.
    pub(super) fn has_dates(&self) -> bool {
        self.from.is_some() || self.to.is_some()
    }

    /// Whether the filters choose entries: a facet that entries carry, or a date range.
    pub(super) fn chooses_entries(&self) -> bool {
        self.has_dates()
            || self
                .entry_level
                .iter()
                .enumerate()
                .any(|(f, &entry)| entry && self.is_active(f))
    }

    /// Whether a day is within the date range (an undated unit is only without one).
    pub(super) fn in_range(&self, day: Option<i32>) -> bool {
        match day {
            Some(day) => {
                self.from.is_none_or(|from| day >= from) && self.to.is_none_or(|to| day <= to)
            }
            None => !self.has_dates(),
        }
    }

    /// Whether `facet` is filtered on.
    pub(super) fn is_active(&self, facet: usize) -> bool {
        facet < 63 && self.active & (1 << facet) != 0
    }

    /// The failure bit of `facet`: 0 for one that cannot be filtered on.
    pub(super) fn bit(facet: usize) -> u64 {
        if facet < 63 { 1 << facet } else { 0 }
    }

    /// Whether entries carry `facet`.
    pub(super) fn entry_level(&self, facet: usize) -> bool {
        self.entry_level[facet]
    }

    /// The year facet's value of a day, when the index has a year facet (a day number is
    /// compared with the first days of the years: no calendar arithmetic per entry).
    pub(super) fn year_value(&self, day: i32) -> Option<(usize, usize)> {
        let (facet, years) = self.year.as_ref()?;
        let at = years.partition_point(|&(first, _, _)| first <= day);
        let &(_, last, value) = years.get(at.checked_sub(1)?)?;
        (day <= last).then_some((*facet, value))
    }

    /// The bit of `facet` when `value` is one of its selected values, else 0.
    pub(super) fn matched(&self, facet: usize, value: usize) -> u64 {
        if self.selected.get(facet).is_some_and(|s| s.contains(&value)) {
            Selection::bit(facet)
        } else {
            0
        }
    }

    /// A bit per filter that a unit fails, from the bits of the facets it `matched` and
    /// its day: a bit per filtered facet whose selected values it has none of, and
    /// [`DATE_BIT`] outside the date range.
    pub(super) fn failures(&self, matched: u64, day: Option<i32>) -> u64 {
        (self.active & !matched) | if self.in_range(day) { 0 } else { DATE_BIT }
    }

    /// [`Selection::failures`] of a unit with these (facet, value) pairs.
    pub(super) fn failed(
        &self,
        values: &mut dyn Iterator<Item = (usize, usize)>,
        day: Option<i32>,
    ) -> u64 {
        let mut matched = 0u64;
        if self.active != 0 {
            for (facet, value) in values {
                matched |= self.matched(facet, value);
            }
        }
        self.failures(matched, day)
    }
}

/// Units counted, and how many of them are articles without entries (the others are
/// entries), so that a view can say what it counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Tally {
    pub units: u32,
    pub articles: u32,
}

impl Tally {
    fn add(&mut self, article: bool) {
        self.units += 1;
        self.articles += u32::from(article);
    }
}

/// What the results count, unit by unit: facet values and days.
pub(super) struct Counts {
    /// `values[facet][value]`: units with that value.
    pub values: Vec<Vec<Tally>>,
    /// The day of every dated unit counted in the timeline, and whether the unit is an
    /// article without entries.
    pub days: Vec<(i32, bool)>,
}

impl Counts {
    pub(super) fn new(meta: &Meta) -> Counts {
        Counts {
            values: meta
                .facets
                .iter()
                .map(|f| vec![Tally::default(); f.values.len()])
                .collect(),
            days: Vec::new(),
        }
    }

    /// Counts an article without entries (or of an index without entries), whose failures
    /// are `failed`. A facet's values count the units that pass every filter but the
    /// facet's own, so that its other values stay selectable; the timeline counts those that
    /// pass every filter but the date range.
    pub(super) fn article(&mut self, values: &[(u16, u32)], failed: u64, day: Option<i32>) {
        for &(facet, value) in values {
            if failed & !Selection::bit(facet as usize) == 0 {
                self.values[facet as usize][value as usize].add(true);
            }
        }
        if failed & !DATE_BIT == 0
            && let Some(day) = day
        {
            self.days.push((day, true));
        }
    }

    /// Counts the entries of an article, as [`Counts::article`] does: for each facet, the
    /// entries that would answer without the facet's own filter; for the timeline, those that
    /// would answer without the date range. `values` gives a unit's (facet, value) pairs.
    /// Returns the number of entries that answer.
    pub(super) fn entries(
        &mut self,
        selection: &Selection,
        units: &[Unit],
        (words, whole): (bool, bool),
        values: UnitValues<'_>,
    ) -> usize {
        let all = Answer::new(units, 0, words, whole);
        let mut answering = 0;
        for unit in units.iter().filter(|u| all.admits(u)) {
            answering += 1;
            values(unit, &mut |facet, value| {
                if !selection.is_active(facet) {
                    self.values[facet][value].add(false);
                }
            });
        }
        for facet in 0..self.values.len() {
            if !selection.is_active(facet) {
                continue;
            }
            let answer = Answer::new(units, Selection::bit(facet), words, whole);
            for unit in units.iter().filter(|u| answer.admits(u)) {
                values(unit, &mut |f, value| {
                    if f == facet {
                        self.values[facet][value].add(false);
                    }
                });
            }
        }
        let dated = Answer::new(units, DATE_BIT, words, whole);
        for unit in units.iter().filter(|u| dated.admits(u)) {
            self.days.push((unit.day, false));
        }
        answering
    }
}

/// The counts per facet value, best first (years newest first), at most `limit` a facet
/// besides the selected values.
pub(super) fn facet_counts(
    meta: &Meta,
    counts: &[Vec<Tally>],
    selection: &Selection,
    limit: usize,
) -> Vec<FacetCounts> {
    meta.facets
        .iter()
        .enumerate()
        .map(|(f, info)| {
            let mut values: Vec<FacetValueCount> = info
                .values
                .iter()
                .enumerate()
                .filter_map(|(v, (value, _))| {
                    let selected = selection.selected[f].contains(&v);
                    let tally = counts[f][v];
                    (tally.units > 0 || selected).then(|| FacetValueCount {
                        value: value.clone(),
                        count: tally.units,
                        articles: tally.articles,
                        selected,
                    })
                })
                .collect();
            if info.name == YEAR_FACET {
                sort_by(&mut values, &mut |a, b| b.value.cmp(&a.value));
            } else {
                sort_by(&mut values, &mut |a, b| {
                    b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value))
                });
            }
            let mut kept = 0;
            values.retain(|v| {
                kept += 1;
                kept <= limit || v.selected
            });
            FacetCounts {
                name: info.name.clone(),
                label: info.label.clone(),
                values,
            }
        })
        .collect()
}

/// Counts days per month, in month order, each day's unit an article without entries or an
/// entry. The months are kept sorted by their first day, so that a day finds its month by
/// comparing day numbers: calendar arithmetic only for a month not seen yet.
pub(super) fn timeline(days: impl Iterator<Item = (i32, bool)>) -> Vec<MonthCount> {
    // (first day, last day, tally), sorted.
    let mut months: Vec<(i32, i32, Tally)> = Vec::new();
    // Units come roughly in date order: the month of the unit before is tried first.
    let mut last = 0;
    for (day, article) in days {
        if let Some(month) = months.get_mut(last)
            && month.0 <= day
            && day <= month.1
        {
            month.2.add(article);
            continue;
        }
        let at = months.partition_point(|&(first, _, _)| first <= day);
        if let Some(month) = at.checked_sub(1).map(|i| &mut months[i])
            && day <= month.1
        {
            month.2.add(article);
            last = at - 1;
            continue;
        }
        let date = Date::from_days(day);
        let first = day - date.day as i32 + 1;
        let last_day = first + crate::date::days_in_month(date.year, date.month) as i32 - 1;
        let mut tally = Tally::default();
        tally.add(article);
        months.insert(at, (first, last_day, tally));
        last = at;
    }
    months
        .iter()
        .map(|&(first, _, tally)| {
            let date = Date::from_days(first);
            MonthCount {
                month: format!("{:04}-{:02}", date.year, date.month),
                count: tally.units,
                articles: tally.articles,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_counted_in_their_months_in_order() {
        let day = |y, m, d| Date::new(y, m, d).unwrap().to_days();
        let days = [
            (day(2025, 5, 31), false),
            (day(2025, 1, 1), true),
            (day(2025, 5, 1), true),
            (day(2024, 12, 31), false),
            (day(2025, 1, 31), true),
            (day(2024, 2, 29), false),
        ];
        let months: Vec<(String, u32, u32)> = timeline(days.into_iter())
            .into_iter()
            .map(|m| (m.month, m.count, m.articles))
            .collect();
        assert_eq!(
            months,
            [
                ("2024-02".to_string(), 1, 0),
                ("2024-12".to_string(), 1, 0),
                ("2025-01".to_string(), 2, 2),
                ("2025-05".to_string(), 2, 1)
            ]
        );
    }
}
