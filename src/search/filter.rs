//! Filters and what they count: the request's date range, the facet selection (with the
//! entry-level facets that also choose entries), facet counts and the timeline.

use crate::date::Date;
use crate::error::{Error, Result};
use crate::store::docs::EntryRecord;
use crate::store::facets::Facets;
use crate::store::meta::Meta;

use super::collect::sort_by;
use super::request::SearchRequest;
use super::results::{FacetCounts, FacetValueCount, MonthCount};

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

/// The facets that entries carry too (tagged from the outlet and people registers): a
/// filter on them also chooses which entries of a document are shown.
const ENTRY_FACETS: [&str; 4] = ["outlet", "leaning", "person", "role"];

/// The facet filters of a request, as per-document membership.
pub(super) struct Selection {
    /// (facet index, document → accepted) for each facet with a selection.
    facets: Vec<(usize, Vec<bool>)>,
    /// facet index → the selected value indexes.
    pub selected: Vec<Vec<usize>>,
    /// The selected facets that entries carry.
    entry_facets: Vec<usize>,
}

impl Selection {
    pub(super) fn new(
        meta: &Meta,
        facets: Option<&Facets>,
        filters: &[(String, Vec<String>)],
    ) -> Result<Selection> {
        let mut selection = Selection {
            facets: Vec::new(),
            selected: vec![Vec::new(); meta.facets.len()],
            entry_facets: Vec::new(),
        };
        for (name, values) in filters {
            if values.is_empty() {
                continue;
            }
            let facet = meta
                .facets
                .iter()
                .position(|f| f.name == *name)
                .ok_or_else(|| {
                    let known: Vec<&str> = meta.facets.iter().map(|f| f.name.as_str()).collect();
                    Error::Query {
                        message: format!(
                            "unknown filter `{name}`; this index has: {}",
                            known.join(", ")
                        ),
                    }
                })?;
            if facet >= 64 {
                continue;
            }
            let mut accepted = vec![false; meta.documents as usize];
            for value in values {
                // An unknown value matches nothing: it may come from an old shared link.
                if let Some(index) = meta.facets[facet]
                    .values
                    .iter()
                    .position(|(v, _)| v == value)
                {
                    selection.selected[facet].push(index);
                    for &doc in facets.map_or(&[][..], |f| &f.docs[facet][index]) {
                        accepted[doc as usize] = true;
                    }
                }
            }
            selection.facets.push((facet, accepted));
            if ENTRY_FACETS.contains(&meta.facets[facet].name.as_str()) {
                selection.entry_facets.push(facet);
            }
        }
        Ok(selection)
    }

    /// Whether some filter is on a facet that entries carry.
    pub(super) fn filters_entries(&self) -> bool {
        !self.entry_facets.is_empty()
    }

    /// Whether an entry has, for each filtered entry facet, one of the selected values.
    pub(super) fn accepts_entry(&self, entry: &EntryRecord<'_>) -> bool {
        self.entry_facets.iter().all(|&facet| {
            entry
                .tags
                .iter()
                .any(|&(f, v)| f == facet && self.selected[facet].contains(&v))
        })
    }

    /// A bit per selected facet that `doc` fails.
    pub(super) fn failed(&self, doc: u32) -> u64 {
        let mut mask = 0;
        for (facet, accepted) in &self.facets {
            if !accepted[doc as usize] {
                mask |= 1 << facet;
            }
        }
        mask
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
            if info.name == crate::model::YEAR_FACET {
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

/// Counts days per month, in month order. Documents come in date order, so a month's
/// days are usually together and the last month is the one to look at first.
pub(super) fn timeline(days: impl Iterator<Item = i32>) -> Vec<MonthCount> {
    let mut months: Vec<(i32, u32, u32)> = Vec::new();
    for day in days {
        let date = Date::from_days(day);
        let same = |&(y, m, _): &(i32, u32, u32)| y == date.year && m == date.month;
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
