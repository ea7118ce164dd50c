//! The page of hits: each hit's display record and text, the entries worth showing under
//! it, its excerpt and highlight ranges.

use crate::error::Error;
use crate::format::Role;
use crate::reader::{Flow, Needs, Reader};
use crate::store::docs::{DisplayRecord, EntryRecord};
use crate::store::meta::Meta;
use crate::tokenize;

use super::collect::sort_by;
use super::excerpt::{Highlighter, best_passage, utf16_ranges};
use super::filter::Selection;
use super::request::SearchRequest;
use super::results::{EntryHit, EntryPerson, Hit, SectionHit};
use super::sets::Scored;
use super::units::{Answer, QueryInEntries, Unit, entry_unit, text_spans};

/// A document's record and text, from its docs file, or `None` with what
/// is missing added to `needs`.
pub(super) fn document<'r>(
    reader: &'r Reader,
    doc: u32,
    needs: &Needs,
) -> Flow<Option<(DisplayRecord<'r>, &'r str)>> {
    let meta = reader.meta()?;
    let docs_file = reader.file_name(Role::Docs);
    let record = reader.doc_record(doc, needs)?;
    let text = reader.text(doc, needs)?;
    let (Some(record), Some(text)) = (record, text) else {
        return Ok(None);
    };
    let record = DisplayRecord::decode(docs_file, record, meta)?;
    for entry in &record.entries {
        if text
            .get(entry.start..entry.start.saturating_add(entry.len))
            .is_none()
        {
            return Err(Error::corrupt(docs_file, "entry points outside its text").into());
        }
    }
    Ok(Some((record, text)))
}

/// The entries of a document that answer the search (see [`super::units`]), best first:
/// those that contain the most clauses of the query, then the most of its words, then in
/// their order. Empty for a document without entries.
pub(super) fn chosen_entries<'r>(
    doc: u32,
    record: &'r DisplayRecord<'r>,
    text: &'r str,
    selection: &Selection,
    query: &QueryInEntries,
) -> Vec<(&'r EntryRecord<'r>, &'r str)> {
    let texts = || {
        record
            .entries
            .iter()
            .map(|entry| &text[entry.start..entry.start + entry.len])
    };
    let spans = text_spans(texts());
    let narrow = |pairs: &[(usize, usize)]| -> Vec<(u16, u32)> {
        pairs.iter().map(|&(f, v)| (f as u16, v as u32)).collect()
    };
    let article = narrow(&record.facet_values);
    let mut cursor = query.cursor(doc);
    let units: Vec<Unit> = record
        .entries
        .iter()
        .zip(&spans)
        .enumerate()
        .map(|(i, (entry, &span))| {
            entry_unit(
                selection,
                query,
                &mut cursor,
                doc,
                i,
                entry.date.to_days(),
                span,
                &narrow(&entry.tags),
                &article,
            )
        })
        .collect();
    let answer = Answer::new(&units, 0, query.words, query.in_heading(doc));
    let mut ranked: Vec<&Unit> = units.iter().filter(|u| answer.admits(u)).collect();
    sort_by(&mut ranked, &mut |a, b| {
        b.clauses
            .count_ones()
            .cmp(&a.clauses.count_ones())
            .then(b.hits.cmp(&a.hits))
            .then(a.entry.cmp(&b.entry))
    });
    let texts: Vec<&str> = texts().collect();
    ranked
        .iter()
        .map(|unit| (&record.entries[unit.entry], texts[unit.entry]))
        .collect()
}

/// The (facet name, values) pairs of `pairs`, in facet order.
fn named_facets(meta: &Meta, pairs: &[(usize, usize)]) -> Vec<(String, Vec<String>)> {
    let mut facets: Vec<(String, Vec<String>)> = Vec::new();
    for &(facet, value) in pairs {
        let info = &meta.facets[facet];
        let value = info.values[value].0.clone();
        match facets.iter_mut().find(|(name, _)| *name == info.name) {
            Some((_, values)) => values.push(value),
            None => facets.push((info.name.clone(), vec![value])),
        }
    }
    facets
}

/// The hit of a page: display data, the excerpt, the entries worth showing; `None` with
/// what is missing added to `needs`.
pub(super) fn hit(
    reader: &Reader,
    scored: &Scored,
    highlighter: &Highlighter,
    selection: &Selection,
    query: Option<&QueryInEntries>,
    request: &SearchRequest,
    needs: &Needs,
) -> Flow<Option<Hit>> {
    let meta = reader.meta()?;
    let Some((record, text)) = document(reader, scored.doc, needs)? else {
        return Ok(None);
    };
    // The entries wait for the positions of the query's words.
    let Some(query) = query else {
        return Ok(None);
    };
    let excerpt_bytes = request.excerpt_bytes.clamp(40, 2000);
    let mut entries = Vec::new();
    for (entry, entry_text) in chosen_entries(scored.doc, &record, text, selection, query)
        .into_iter()
        .take(request.entries_per_hit)
    {
        let passage = best_passage(entry_text, highlighter, excerpt_bytes + 80);
        entries.push(EntryHit {
            date: entry.date.iso(),
            anchor: entry.anchor.to_string(),
            url: format!("{}#{}", record.url, entry.anchor),
            highlights: convert(&passage.text, passage.highlights, request.utf16),
            text: passage.text,
            facets: named_facets(meta, &entry.tags),
            people: entry
                .people
                .iter()
                .map(|&(name, role)| EntryPerson {
                    name: name.to_string(),
                    role: Some(role.to_string()).filter(|r| !r.is_empty()),
                })
                .collect(),
        });
    }
    // The excerpt should not repeat the entries shown under it: with entries, it comes
    // from the rest of the text, or from the summary.
    // An article made only of entries has no rest: its summary, or nothing, then.
    let rest;
    let excerpt_source = if entries.is_empty() {
        text
    } else {
        rest = without_entries(text, &record.entries);
        rest.as_str()
    };
    let mut excerpt = best_passage(excerpt_source, highlighter, excerpt_bytes);
    if excerpt.highlights.is_empty()
        && (!record.summary.is_empty() || excerpt_source.trim().is_empty())
    {
        excerpt = best_passage(record.summary, highlighter, excerpt_bytes);
    }
    let title_highlights: Vec<(usize, usize)> = highlighter
        .matches(record.title)
        .iter()
        .map(|&(s, e, _)| (s, e))
        .collect();
    let sections = if entries.is_empty() {
        chosen_sections(&record, text, highlighter, request, excerpt_bytes)
    } else {
        Vec::new()
    };
    Ok(Some(Hit {
        id: record.id.to_string(),
        url: record.url.to_string(),
        title_highlights: convert(record.title, title_highlights, request.utf16),
        title: record.title.to_string(),
        date: record.date.map(|d| d.iso()),
        kind: Some(record.kind.to_string()).filter(|k| !k.is_empty()),
        summary: record.summary.to_string(),
        excerpt_highlights: convert(&excerpt.text, excerpt.highlights, request.utf16),
        excerpt: excerpt.text,
        entries,
        sections,
        facets: named_facets(meta, &record.facet_values),
        score: scored.score,
    }))
}

/// The sections of a page (headings with an `id`) in which the query's words occur, best
/// first: those with the most clauses, then the most matches, then in page order; at most
/// `request.entries_per_hit` of them.
fn chosen_sections(
    record: &DisplayRecord<'_>,
    text: &str,
    highlighter: &Highlighter,
    request: &SearchRequest,
    excerpt_bytes: usize,
) -> Vec<SectionHit> {
    if highlighter.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<(usize, usize, usize, &str)> = Vec::new();
    for (i, section) in record.sections.iter().enumerate() {
        let Some(section_text) = text.get(section.start..section.start.saturating_add(section.len))
        else {
            continue;
        };
        let matches = highlighter.matches(section_text);
        if matches.is_empty() {
            continue;
        }
        let mut clauses = 0u64;
        for &(_, _, clause) in &matches {
            clauses |= 1 << clause.min(63);
        }
        found.push((
            clauses.count_ones() as usize,
            matches.len(),
            i,
            section_text,
        ));
    }
    sort_by(&mut found, &mut |a, b| {
        b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2))
    });
    found
        .iter()
        .take(request.entries_per_hit)
        .map(|&(_, _, i, section_text)| {
            let section = &record.sections[i];
            let (title, body) = section_text.split_once('\n').unwrap_or((section_text, ""));
            let title_highlights = highlighter
                .matches(title)
                .iter()
                .map(|&(s, e, _)| (s, e))
                .collect();
            let passage = best_passage(body, highlighter, excerpt_bytes);
            SectionHit {
                anchor: section.anchor.to_string(),
                url: format!("{}#{}", record.url, section.anchor),
                title_highlights: convert(title, title_highlights, request.utf16),
                title: title.to_string(),
                highlights: convert(&passage.text, passage.highlights, request.utf16),
                text: passage.text,
            }
        })
        .collect()
}

/// The text without the lines of its entries, and without the empty lines they leave.
fn without_entries(text: &str, entries: &[EntryRecord<'_>]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut keep = |part: &str| {
        for line in part.lines().filter(|line| !line.trim().is_empty()) {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(line);
        }
    };
    for entry in entries {
        let line_start = text[..entry.start.min(text.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        if line_start >= at {
            keep(&text[at..line_start]);
        }
        at = at.max((entry.start + entry.len).min(text.len()));
    }
    keep(&text[at..]);
    out
}

fn convert(text: &str, ranges: Vec<(usize, usize)>, utf16: bool) -> Vec<(usize, usize)> {
    if utf16 {
        utf16_ranges(text, &ranges)
    } else {
        ranges
    }
}

/// The commonest word of the hits' titles (else of their excerpts) that begins with `folded`
/// and is longer, as first written: what a word being typed was taken for.
pub(super) fn completion(hits: &[Hit], folded: &str) -> Option<String> {
    for texts in [
        hits.iter().map(|h| h.title.as_str()).collect::<Vec<_>>(),
        hits.iter().map(|h| h.excerpt.as_str()).collect(),
    ] {
        // (folded word, times seen, as first written)
        let mut seen: Vec<(String, usize, String)> = Vec::new();
        for text in texts {
            tokenize::words(text, |word| {
                if word.folded.len() > folded.len() && word.folded.starts_with(folded) {
                    match seen.iter_mut().find(|(w, ..)| w == word.folded) {
                        Some(entry) => entry.1 += 1,
                        None => seen.push((
                            word.folded.to_string(),
                            1,
                            text[word.start..word.end].to_string(),
                        )),
                    }
                }
            });
        }
        let mut best: Option<(usize, String)> = None;
        for (_, count, written) in seen {
            if best.as_ref().is_none_or(|b| count > b.0) {
                best = Some((count, written));
            }
        }
        if let Some((_, written)) = best {
            return Some(written);
        }
    }
    None
}
