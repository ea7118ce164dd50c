//! Filters and what they count: the request's date range, the facet selection, facet counts
//! and the timeline, all per unit (see [`super::units`]): an entry of an article with entries
//! is judged by its own date and tags, an article without entries by its own.

use crate::date::Date;
use crate::error::{Error, Result};
use crate::model::YEAR_FACET;
use crate::store::meta::Meta;

use super::collect::sort_by;
use super::request::SearchRequest;
use super::results::{FacetCounts, FacetValueCount, MonthCount};
use super::units::Unit;

/// Parses the request's date bounds into inclusive day numbers.
pub(super) fn date_bounds(request: &SearchRequest) -> Result<(Option<i32>, Option<i32>)> {
    let parse = |text: &Option<String>, end: bool| -> Result<Option<i32>> {
        let Some(text) = text.as_deref().map(str::trim).filter(|t| !t.is_empty()) else {
            return Ok(None);
        };
        let bad = || Error::Query {
            message: format!("date `{text}` is not YYYY, YYYY-MM or YYYY-MM-DD"),
        };
        let parts: Vec<&str> = text.split('-').collect();
        let number = |s: &str| s.parse::<u32>().map_err(|_| bad());
        let date = match parts.as_slice() {
            [y] => {
                let year = number(y)? as i32;
                if end {
                    Date::new(year, 12, 31)
                } else {
                    Date::new(year, 1, 1)
                }
            }
            [y, m] => {
                let (year, month) = (number(y)? as i32, number(m)?);
                let last = crate::date::days_in_month(year, month);
                Date::new(year, month, if end { last } else { 1 })
            }
            _ => Some(Date::parse_iso(text).map_err(|message| Error::Query { message })?),
        };
        Ok(Some(date.ok_or_else(bad)?.to_days()))
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

/// The request's filters, ready to judge units.
pub(super) struct Selection {
    /// facet index → the selected value indexes.
    pub selected: Vec<Vec<usize>>,
    /// A bit per facet with a selection.
    active: u64,
    /// Per facet, whether entries carry it.
    entry_level: Vec<bool>,
    /// The year facet, with year → value index.
    year: Option<(usize, Vec<(i32, usize)>)>,
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
                let years = meta.facets[facet]
                    .values
                    .iter()
                    .enumerate()
                    .filter_map(|(i, (value, _))| Some((value.parse().ok()?, i)))
                    .collect();
                (facet, years)
            }),
            from,
            to,
        };
        for (name, values) in filters {
            if values.is_empty() {
                continue;
            }
            let facet = meta.facet(name).ok_or_else(|| {
                let known: Vec<&str> = meta.facets.iter().map(|f| f.name.as_str()).collect();
                Error::Query {
                    message: format!(
                        "unknown filter `{name}`; this index has: {}",
                        known.join(", ")
                    ),
                }
            })?;
            if facet >= 63 {
                continue;
            }
            selection.active |= 1 << facet;
            for value in values {
                // An unknown value matches nothing: it may come from an old shared link.
                if let Some(index) = meta.facets[facet]
                    .values
                    .iter()
                    .position(|(v, _)| v == value)
                {
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
    fn bit(facet: usize) -> u64 {
        if facet < 63 { 1 << facet } else { 0 }
    }

    /// Whether entries carry `facet`.
    pub(super) fn entry_level(&self, facet: usize) -> bool {
        self.entry_level[facet]
    }

    /// The year facet's value of a day, when the index has a year facet.
    pub(super) fn year_value(&self, day: i32) -> Option<(usize, usize)> {
        let (facet, years) = self.year.as_ref()?;
        let year = Date::from_days(day).year;
        let &(_, value) = years.iter().find(|(y, _)| *y == year)?;
        Some((*facet, value))
    }

    /// A bit per filter that a unit with these (facet, value) pairs and this day fails:
    /// a bit per facet whose selected values it has none of, and [`DATE_BIT`] outside the
    /// date range.
    pub(super) fn failed(
        &self,
        values: &mut dyn Iterator<Item = (usize, usize)>,
        day: Option<i32>,
    ) -> u64 {
        let mut matched = 0u64;
        if self.active != 0 {
            for (facet, value) in values {
                if self.selected.get(facet).is_some_and(|s| s.contains(&value)) {
                    matched |= Selection::bit(facet);
                }
            }
        }
        (self.active & !matched) | if self.in_range(day) { 0 } else { DATE_BIT }
    }
}

/// What the results count, unit by unit: facet values and days.
pub(super) struct Counts {
    /// `values[facet][value]`: units with that value.
    pub values: Vec<Vec<u32>>,
    /// The day of every dated unit counted in the timeline.
    pub days: Vec<i32>,
    /// Whether any unit counted is an entry.
    pub entries: bool,
}

impl Counts {
    pub(super) fn new(meta: &Meta) -> Counts {
        Counts {
            values: meta
                .facets
                .iter()
                .map(|f| vec![0; f.values.len()])
                .collect(),
            days: Vec::new(),
            entries: false,
        }
    }

    /// Counts an article without entries (or of an index without entries), whose failures
    /// are `failed`. A facet's values count the units that pass every filter but the
    /// facet's own, so that its other values stay selectable; the timeline counts those that
    /// pass every filter but the date range.
    pub(super) fn article(&mut self, values: &[(u16, u32)], failed: u64, day: Option<i32>) {
        for &(facet, value) in values {
            if failed & !Selection::bit(facet as usize) == 0 {
                self.values[facet as usize][value as usize] += 1;
            }
        }
        if failed & !DATE_BIT == 0
            && let Some(day) = day
        {
            self.days.push(day);
        }
    }

    /// Counts the entries of an article, as [`Counts::article`] does: for each facet, the
    /// entries that would answer without the facet's own filter; for the timeline, those that
    /// would answer without the date range. `answering(omit)` gives the units that answer
    /// when the filters of `omit` are left out.
    pub(super) fn entries<'u>(
        &mut self,
        selection: &Selection,
        answering: &dyn Fn(u64) -> Vec<&'u Unit>,
    ) {
        let all = answering(0);
        for unit in &all {
            self.entries |= unit.entry.is_some();
            for &(facet, value) in &unit.values {
                if !selection.is_active(facet) {
                    self.values[facet][value] += 1;
                }
            }
        }
        for facet in 0..self.values.len() {
            if !selection.is_active(facet) {
                continue;
            }
            for unit in answering(1 << facet) {
                self.entries |= unit.entry.is_some();
                for &(f, value) in &unit.values {
                    if f == facet {
                        self.values[facet][value] += 1;
                    }
                }
            }
        }
        for unit in answering(DATE_BIT) {
            self.entries |= unit.entry.is_some();
            if let Some(day) = unit.day {
                self.days.push(day);
            }
        }
    }
}

/// The counts per facet value, best first (years newest first), at most `limit` a facet
/// besides the selected values.
pub(super) fn facet_counts(
    meta: &Meta,
    counts: &[Vec<u32>],
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
                    (counts[f][v] > 0 || selected).then(|| FacetValueCount {
                        value: value.clone(),
                        count: counts[f][v],
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

/// Counts days per month, in month order.
pub(super) fn timeline(days: impl Iterator<Item = i32>) -> Vec<MonthCount> {
    let mut months: Vec<(i32, u32, u32)> = Vec::new();
    for day in days {
        let date = Date::from_days(day);
        let same = |&(y, m, _): &(i32, u32, u32)| y == date.year && m == date.month;
        // Units come roughly in date order: the last month is the one to look at first.
        if let Some(last) = months.last_mut().filter(|slot| same(slot)) {
            last.2 += 1;
        } else if let Some(slot) = months.iter_mut().find(|slot| same(slot)) {
            slot.2 += 1;
        } else {
            months.push((date.year, date.month, 1));
        }
    }
    sort_by(&mut months, &mut |a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    months
        .into_iter()
        .map(|(year, month, count)| MonthCount {
            month: format!("{year:04}-{month:02}"),
            count,
        })
        .collect()
}
