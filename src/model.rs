//! The article model that corpus readers produce and the index builder consumes.

use std::collections::BTreeMap;

use crate::date::Date;
use crate::language::DEFAULT_LANGUAGE;

/// One article of the corpus: an edition, an analysis, an event page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Article {
    /// Unique within the corpus: the front-matter `id`, else the file's stem.
    pub id: String,
    /// Where readers find it: absolute, or a path of the site.
    pub url: String,
    /// Required, never empty.
    pub title: String,
    /// Its publication date, when it has one.
    pub date: Option<Date>,
    /// Its authors, in order.
    pub authors: Vec<String>,
    /// "Analysis", "Event", ... (a JSON Lines `section` when there is no `kind`).
    pub kind: Option<String>,
    /// Shown under the title, and searched.
    pub summary: String,
    /// Every other front-matter value that is a string or a list of strings (`series`, `tags`,
    /// `outlets`, ...), keyed by its front-matter name. `quire.toml` picks filters among them.
    pub meta: BTreeMap<String, Vec<String>>,
    /// Front-matter values that are numbers, usable as sort keys.
    pub numbers: BTreeMap<String, f64>,
    /// The body as plain text, keeping its structure.
    pub blocks: Vec<Block>,
    /// Its language tag, normalised (`fr`; see `language::normalize`): its words are stemmed
    /// in that language. `None` stands for English, `en` (the corpus reader fills in
    /// `quire.toml`'s `default_language`).
    pub language: Option<String>,
}

/// What a block of body text was in the Markdown or HTML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// A heading; `anchor` is the `id` an HTML page (or Markdown's `{#id}`) gives it: the
    /// section it opens, up to the next heading with an id, is a sub-result of its hits,
    /// linked to as `url#anchor`.
    Heading {
        /// The heading's `id` in its page, when it has one.
        anchor: Option<String>,
    },
    /// A paragraph.
    Paragraph,
    /// A list item that is not a dated entry.
    ListItem,
    /// A list item that opens with a date: a dated entry of a media review, addressable as
    /// `url#anchor`, with the (facet, value) pairs of the outlets, leanings and people it
    /// names (see `corpus::registers`).
    Entry {
        /// The day it is about.
        date: Date,
        /// Its id in the page: `url#anchor` links to it.
        anchor: String,
        /// (facet, value) pairs of the outlets, leanings, people and roles it names.
        tags: Vec<(String, String)>,
        /// The people it names, each with the role they held on its date.
        people: Vec<NamedPerson>,
    },
}

/// A person an entry names, with the role the register gives them on the entry's date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedPerson {
    /// Their name in `people.toml`.
    pub name: String,
    /// The role they held that day (several are joined by ", "); `None` when the register
    /// gives none for that day.
    pub role: Option<String>,
}

/// A heading, paragraph or list item of an article's body, as plain text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// What the block is.
    pub kind: BlockKind,
    /// Its plain text.
    pub text: String,
}

/// The [`Article::meta`] key under which the register aliases of an article's outlets and
/// people are kept: searchable as keywords, never a facet.
pub const ALIASES: &str = "quire:aliases";

/// The built-in facet that is derived from the date rather than read from front matter.
pub const YEAR_FACET: &str = "year";

/// The built-in facet of the articles' languages, added when an index has several.
pub const LANGUAGE_FACET: &str = "language";

impl Article {
    /// Its language tag: [`Article::language`], else English (`en`).
    pub fn language(&self) -> &str {
        self.language.as_deref().unwrap_or(DEFAULT_LANGUAGE)
    }

    /// The values of a facet for this article: the built-ins `kind`, `author`, `year` and
    /// `language`, or a front-matter key.
    pub fn facet_values(&self, facet: &str) -> Vec<String> {
        match facet {
            "kind" => self.kind.iter().cloned().collect(),
            "author" | "authors" => self.authors.clone(),
            YEAR_FACET => self.date.map(|d| d.year.to_string()).into_iter().collect(),
            LANGUAGE_FACET => vec![self.language().to_string()],
            other => self.meta.get(other).cloned().unwrap_or_default(),
        }
    }

    /// The headings that carry an anchor: (anchor, heading text), in order.
    pub fn anchored_headings(&self) -> impl Iterator<Item = (&str, &str)> {
        self.blocks.iter().filter_map(|block| match &block.kind {
            BlockKind::Heading {
                anchor: Some(anchor),
            } => Some((anchor.as_str(), block.text.as_str())),
            _ => None,
        })
    }

    /// The dated entries of the body, in order.
    pub fn entries(&self) -> impl Iterator<Item = (&Date, &str, &str)> {
        self.blocks.iter().filter_map(|block| match &block.kind {
            BlockKind::Entry { date, anchor, .. } => {
                Some((date, anchor.as_str(), block.text.as_str()))
            }
            _ => None,
        })
    }
}

/// The anchor of an entry: its ISO date, with `-2`, `-3`, ... for later entries of the same
/// day, so that the link is stable and readable (`#2025-01-29-2`).
pub fn entry_anchor(date: Date, earlier_same_day: usize) -> String {
    if earlier_same_day == 0 {
        date.iso()
    } else {
        format!("{}-{}", date.iso(), earlier_same_day + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_unique_per_day() {
        let day = Date::new(2025, 1, 29).unwrap();
        assert_eq!(entry_anchor(day, 0), "2025-01-29");
        assert_eq!(entry_anchor(day, 2), "2025-01-29-3");
    }

    #[test]
    fn built_in_facets() {
        let mut article = Article {
            kind: Some("Analysis".into()),
            authors: vec!["Ali Alfoneh".into()],
            date: Date::new(2025, 1, 31),
            ..Article::default()
        };
        article.meta.insert("outlets".into(), vec!["Shargh".into()]);
        assert_eq!(article.facet_values("kind"), ["Analysis"]);
        assert_eq!(article.facet_values("author"), ["Ali Alfoneh"]);
        assert_eq!(article.facet_values("year"), ["2025"]);
        assert_eq!(article.facet_values("outlets"), ["Shargh"]);
        assert_eq!(article.facet_values("language"), ["en"]);
        assert!(article.facet_values("people").is_empty());
    }
}
