//! What the Wasm engine hands to JavaScript (results, needs, index info) as one plain tree of
//! values with one hand-written `Serialize`. serde-wasm-bindgen (see `wasm.rs`) then
//! serializes a single type, where the derived `Serialize` of each result struct would
//! instantiate it for every field type of every struct: about a tenth of the module. The
//! derived impls stay for native JSON (`quire search --json`); the test below holds the two
//! to the same JSON, and builds every struct field by field so that a new field fails it
//! until it is added here.

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use crate::index::{FacetInfo, IndexInfo};
use crate::reader::Fetch;
use crate::search::results::{
    Correction, EntryHit, EntryPerson, FacetCounts, FacetValueCount, Hit, MonthCount,
    SearchResults, SectionHit, Unit,
};

/// A JSON-shaped value borrowing its text from what it describes.
pub(crate) enum Tree<'a> {
    Null,
    Bool(bool),
    /// Serialized as u64, so that serde-wasm-bindgen refuses what JavaScript cannot hold.
    Whole(u64),
    Float(f32),
    Text(&'a str),
    List(Vec<Tree<'a>>),
    /// An object (a struct by its field names, or a map such as a hit's facets).
    Object(Vec<(&'a str, Tree<'a>)>),
}

impl Serialize for Tree<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Tree::Null => serializer.serialize_none(),
            Tree::Bool(b) => serializer.serialize_bool(*b),
            Tree::Whole(n) => serializer.serialize_u64(*n),
            Tree::Float(f) => serializer.serialize_f32(*f),
            Tree::Text(text) => serializer.serialize_str(text),
            Tree::List(items) => {
                let mut list = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    list.serialize_element(item)?;
                }
                list.end()
            }
            Tree::Object(fields) => {
                let mut object = serializer.serialize_map(Some(fields.len()))?;
                for (key, value) in fields {
                    object.serialize_entry(key, value)?;
                }
                object.end()
            }
        }
    }
}

fn whole(n: impl Into<u64>) -> Tree<'static> {
    Tree::Whole(n.into())
}

fn count(n: usize) -> Tree<'static> {
    Tree::Whole(n as u64)
}

fn text(text: &str) -> Tree<'_> {
    Tree::Text(text)
}

fn optional(text: &Option<String>) -> Tree<'_> {
    text.as_deref().map_or(Tree::Null, Tree::Text)
}

fn list<'a, T>(items: &'a [T], each: impl Fn(&'a T) -> Tree<'a>) -> Tree<'a> {
    list_of(items.len(), &|i| each(&items[i]))
}

/// The loop of [`list`], compiled once rather than for every item type (a collecting
/// iterator costs the Wasm module about 0.5 kB per instance).
fn list_of<'a>(len: usize, each: &dyn Fn(usize) -> Tree<'a>) -> Tree<'a> {
    let mut items = Vec::with_capacity(len);
    for i in 0..len {
        items.push(each(i));
    }
    Tree::List(items)
}

fn ranges(ranges: &[(usize, usize)]) -> Tree<'_> {
    list(ranges, |&(start, end)| {
        Tree::List(vec![count(start), count(end)])
    })
}

/// (name, values) pairs as an object, as `results::as_map` writes them.
fn facet_map(pairs: &[(String, Vec<String>)]) -> Tree<'_> {
    Tree::Object(
        pairs
            .iter()
            .map(|(name, values)| (name.as_str(), list(values, |v| text(v))))
            .collect(),
    )
}

fn correction(c: &Correction) -> Tree<'_> {
    Tree::Object(vec![
        ("word", text(&c.word)),
        ("replacement", text(&c.replacement)),
    ])
}

fn person(p: &EntryPerson) -> Tree<'_> {
    let mut fields = vec![("name", text(&p.name))];
    if let Some(role) = &p.role {
        fields.push(("role", text(role)));
    }
    Tree::Object(fields)
}

fn entry(e: &EntryHit) -> Tree<'_> {
    Tree::Object(vec![
        ("date", text(&e.date)),
        ("anchor", text(&e.anchor)),
        ("url", text(&e.url)),
        ("text", text(&e.text)),
        ("highlights", ranges(&e.highlights)),
        ("facets", facet_map(&e.facets)),
        ("people", list(&e.people, person)),
    ])
}

fn section(s: &SectionHit) -> Tree<'_> {
    Tree::Object(vec![
        ("anchor", text(&s.anchor)),
        ("url", text(&s.url)),
        ("title", text(&s.title)),
        ("titleHighlights", ranges(&s.title_highlights)),
        ("text", text(&s.text)),
        ("highlights", ranges(&s.highlights)),
    ])
}

fn hit(h: &Hit) -> Tree<'_> {
    Tree::Object(vec![
        ("id", text(&h.id)),
        ("url", text(&h.url)),
        ("title", text(&h.title)),
        ("titleHighlights", ranges(&h.title_highlights)),
        ("date", optional(&h.date)),
        ("kind", optional(&h.kind)),
        ("summary", text(&h.summary)),
        ("excerpt", text(&h.excerpt)),
        ("excerptHighlights", ranges(&h.excerpt_highlights)),
        ("entries", list(&h.entries, entry)),
        ("sections", list(&h.sections, section)),
        ("facets", facet_map(&h.facets)),
        ("score", Tree::Float(h.score)),
    ])
}

fn facet_counts(f: &FacetCounts) -> Tree<'_> {
    fn value(v: &FacetValueCount) -> Tree<'_> {
        Tree::Object(vec![
            ("value", text(&v.value)),
            ("count", whole(v.count)),
            ("articles", whole(v.articles)),
            ("selected", Tree::Bool(v.selected)),
        ])
    }
    Tree::Object(vec![
        ("name", text(&f.name)),
        ("label", text(&f.label)),
        ("values", list(&f.values, value)),
    ])
}

fn month(m: &MonthCount) -> Tree<'_> {
    Tree::Object(vec![
        ("month", text(&m.month)),
        ("count", whole(m.count)),
        ("articles", whole(m.articles)),
    ])
}

/// The results of a search.
pub(crate) fn results(r: &SearchResults) -> Tree<'_> {
    let unit = match r.unit {
        Unit::Entries => "entries",
        Unit::Articles => "articles",
    };
    Tree::Object(vec![
        ("total", count(r.total)),
        ("entryTotal", count(r.entry_total)),
        ("articleTotal", count(r.article_total)),
        ("unit", text(unit)),
        ("hits", list(&r.hits, hit)),
        ("facets", list(&r.facets, facet_counts)),
        ("timeline", list(&r.timeline, month)),
        ("unmatched", list(&r.unmatched, |w| text(w))),
        ("partial", Tree::Bool(r.partial)),
        ("facetsPending", Tree::Bool(r.facets_pending)),
        ("corrections", list(&r.corrections, correction)),
        ("alsoReadAs", list(&r.also_read_as, correction)),
        ("completions", list(&r.completions, correction)),
        ("suggestion", optional(&r.suggestion)),
        ("truncated", Tree::Bool(r.truncated)),
    ])
}

/// What a search needs before it can answer: `{need: [...]}`.
pub(crate) fn need(fetches: &[Fetch]) -> Tree<'_> {
    fn fetch(f: &Fetch) -> Tree<'_> {
        let mut fields = vec![
            ("file", text(&f.file)),
            ("start", whole(f.start)),
            ("end", whole(f.end)),
            ("whole", Tree::Bool(f.whole)),
        ];
        if let Some(doc) = f.record_of {
            fields.push(("recordOf", whole(doc)));
        }
        if f.for_typos {
            fields.push(("forTypos", Tree::Bool(true)));
        }
        Tree::Object(fields)
    }
    Tree::Object(vec![("need", list(fetches, fetch))])
}

/// Counts and facets of the whole index.
pub(crate) fn info(i: &IndexInfo) -> Tree<'_> {
    fn facet(f: &FacetInfo) -> Tree<'_> {
        Tree::Object(vec![
            ("name", text(&f.name)),
            ("label", text(&f.label)),
            (
                "values",
                list(&f.values, |(value, n)| {
                    Tree::List(vec![text(value), whole(*n)])
                }),
            ),
        ])
    }
    Tree::Object(vec![
        ("documents", whole(i.documents)),
        ("entries", whole(i.entries)),
        ("facets", list(&i.facets, facet)),
        ("sortKeys", list(&i.sort_keys, |k| text(k))),
        ("oldest", optional(&i.oldest)),
        ("newest", optional(&i.newest)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(value: &impl Serialize) -> serde_json::Value {
        serde_json::to_value(value).unwrap()
    }

    fn correction(word: &str) -> Correction {
        Correction {
            word: word.into(),
            replacement: format!("{word}s"),
        }
    }

    /// Every field set, options both present and absent.
    fn results() -> SearchResults {
        let facets = vec![
            ("outlet".to_string(), vec!["Kayhan".to_string()]),
            ("person".to_string(), vec!["A".to_string(), "B".to_string()]),
        ];
        let entry = EntryHit {
            date: "2025-05-11".into(),
            anchor: "2025-05-11".into(),
            url: "/talks/#2025-05-11".into(),
            text: "Talks in Muscat".into(),
            highlights: vec![(0, 5)],
            facets: facets.clone(),
            people: vec![
                EntryPerson {
                    name: "A".into(),
                    role: Some("foreign minister".into()),
                },
                EntryPerson {
                    name: "B".into(),
                    role: None,
                },
            ],
        };
        let hit = |date: Option<&str>| Hit {
            id: "talks".into(),
            url: "/talks/".into(),
            title: "Talks".into(),
            title_highlights: vec![(0, 5), (7, 9)],
            date: date.map(String::from),
            kind: date.map(|_| "Analysis".to_string()),
            summary: "A summary".into(),
            excerpt: "An excerpt".into(),
            excerpt_highlights: vec![],
            entries: vec![entry.clone()],
            sections: vec![SectionHit {
                anchor: "background".into(),
                url: "/a/#background".into(),
                title: "Background".into(),
                title_highlights: vec![(0, 4)],
                text: "Talks began in 2013.".into(),
                highlights: vec![(0, 5)],
            }],
            facets: facets.clone(),
            score: 1.25,
        };
        SearchResults {
            total: 2,
            entry_total: 3,
            article_total: 1,
            unit: Unit::Entries,
            hits: vec![hit(Some("2025-05-11")), hit(None)],
            facets: vec![FacetCounts {
                name: "outlet".into(),
                label: "Outlet".into(),
                values: vec![FacetValueCount {
                    value: "Kayhan".into(),
                    count: 4,
                    articles: 1,
                    selected: true,
                }],
            }],
            timeline: vec![MonthCount {
                month: "2025-05".into(),
                count: 3,
                articles: 2,
            }],
            unmatched: vec!["zzz".into()],
            partial: true,
            facets_pending: false,
            corrections: vec![correction("talk")],
            also_read_as: vec![correction("chose")],
            completions: vec![correction("negotia")],
            suggestion: Some("talks".into()),
            truncated: false,
        }
    }

    #[test]
    fn results_give_the_json_of_their_derived_serialize() {
        let mut r = results();
        assert_eq!(json(&super::results(&r)), json(&r));
        r.unit = Unit::Articles;
        r.suggestion = None;
        assert_eq!(json(&super::results(&r)), json(&r));
    }

    #[test]
    fn needs_give_the_json_of_their_derived_serialize() {
        #[derive(Serialize)]
        struct Need {
            need: Vec<Fetch>,
        }
        let fetch = |record_of: Option<u32>, for_typos: bool| Fetch {
            file: "docs.0123456789abcdef.qi".into(),
            start: 16,
            end: 1 << 40,
            whole: record_of.is_none(),
            record_of,
            for_typos,
        };
        let need = vec![fetch(None, true), fetch(Some(7), false)];
        assert_eq!(json(&super::need(&need)), json(&Need { need }));
    }

    #[test]
    fn info_gives_the_json_of_its_derived_serialize() {
        let info = |dated: bool| IndexInfo {
            documents: 3,
            entries: 5,
            facets: vec![FacetInfo {
                name: "outlet".into(),
                label: "Outlet".into(),
                values: vec![("Kayhan".into(), 2), ("Etemad".into(), 1)],
            }],
            sort_keys: vec!["title".into()],
            oldest: dated.then(|| "2025-01-01".into()),
            newest: dated.then(|| "2025-05-11".into()),
        };
        for dated in [true, false] {
            assert_eq!(json(&super::info(&info(dated))), json(&info(dated)));
        }
    }
}
