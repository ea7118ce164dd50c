//! Registers of outlets (with their political leaning) and of people (with their role), and
//! the tagging of entries and articles with the ones their text names.
//!
//! `outlets.toml` and `people.toml` sit beside the corpus:
//!
//! ```toml
//! [[outlet]]
//! name = "Shargh"
//! leaning = "reformist"
//! aliases = ["Shargh Daily", "شرق"]
//!
//! [[person]]
//! name = "Abbas Araghchi"
//! roles = [{ role = "Foreign Minister", from = "2024-08-21" }]
//! aliases = ["Araghchi", "Araqchi", "عراقچی"]
//! ```
//!
//! A role (or a leaning) is held from `from` to `to`, both days included, either left open;
//! `role = "..."` (or `leaning = "..."`) is one held at every date. An entry is tagged with the
//! role its people held, and the leaning its outlets had, on the entry's date; an article with
//! those of its entries and, for the people and outlets of its front matter, those of its own
//! date.
//!
//! Names and aliases match as whole words, whatever their case, diacritics or Persian/Arabic
//! letter variants. Where two names could match at the same place, the longer one wins
//! ("Khamenei.ir" is the outlet, not the person).

use std::collections::HashMap;

use serde::Deserialize;
use toml::Spanned;

use crate::date::Date;
use crate::error::{Error, Location, Result};
use crate::model::{Article, BlockKind, NamedPerson};
use crate::tokenize;

/// The facets that tagging fills: the outlets named, their leanings, the people named, and
/// their roles (Supreme Leader, Foreign Minister, ...).
pub(crate) const OUTLET: &str = "outlet";
pub(crate) const LEANING: &str = "leaning";
pub(crate) const PERSON: &str = "person";
pub(crate) const ROLE: &str = "role";

pub(crate) use crate::model::ALIASES;

/// Front-matter keys that list an article's outlets and people explicitly; they win over
/// what tagging finds.
const OUTLETS_KEY: &str = "outlets";
const PEOPLE_KEY: &str = "people";

/// A role or a leaning, held from `from` to `to` (both days included; `None`: open).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Held {
    /// The role ("Foreign Minister") or the leaning ("reformist").
    pub value: String,
    /// The first day, if known.
    pub from: Option<Date>,
    /// The last day, if known.
    pub to: Option<Date>,
}

impl Held {
    /// Whether it is held on `date`. Without a date (an undated article), only what is held
    /// at every date is.
    pub fn on(&self, date: Option<Date>) -> bool {
        match date {
            Some(date) => {
                self.from.is_none_or(|from| from <= date) && self.to.is_none_or(|to| date <= to)
            }
            None => self.from.is_none() && self.to.is_none(),
        }
    }

    /// Whether the two periods share a day.
    fn overlaps(&self, other: &Held) -> bool {
        let starts_before_other_ends = match (self.from, other.to) {
            (Some(from), Some(to)) => from <= to,
            _ => true,
        };
        let ends_after_other_starts = match (self.to, other.from) {
            (Some(to), Some(from)) => from <= to,
            _ => true,
        };
        starts_before_other_ends && ends_after_other_starts
    }

    fn period(&self) -> String {
        let day = |d: Option<Date>| d.map_or("…".to_string(), Date::iso);
        format!("{} to {}", day(self.from), day(self.to))
    }
}

/// An outlet of `outlets.toml`.
#[derive(Clone, Debug, PartialEq)]
pub struct Outlet {
    /// Its canonical name.
    pub name: String,
    /// Its political leaning (reformist, principlist, ...), lower-cased, over time: at most
    /// one on any day.
    pub leanings: Vec<Held>,
    /// Other spellings and scripts.
    pub aliases: Vec<String>,
    /// Where it is based, its owner...: shown nowhere, kept for the maintainer.
    pub note: Option<String>,
}

/// A person of `people.toml`.
#[derive(Clone, Debug, PartialEq)]
pub struct Person {
    /// Their canonical name.
    pub name: String,
    /// Their roles (Foreign Minister) over time; several may be held at once.
    pub roles: Vec<Held>,
    /// Other spellings, transliterations and short forms ("Araghchi", "Araqchi").
    pub aliases: Vec<String>,
}

/// `{ role = "...", from = "YYYY-MM-DD", to = "YYYY-MM-DD" }` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRole {
    role: Spanned<String>,
    from: Option<Spanned<String>>,
    to: Option<Spanned<String>>,
}

/// `{ leaning = "...", from = "YYYY-MM-DD", to = "YYYY-MM-DD" }` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLeaning {
    leaning: Spanned<String>,
    from: Option<Spanned<String>>,
    to: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOutlet {
    name: Spanned<String>,
    leaning: Option<Spanned<String>>,
    leanings: Option<Spanned<Vec<RawLeaning>>>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPerson {
    name: Spanned<String>,
    role: Option<Spanned<String>>,
    roles: Option<Spanned<Vec<RawRole>>>,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OutletsFile {
    #[serde(default)]
    outlet: Vec<RawOutlet>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PeopleFile {
    #[serde(default)]
    person: Vec<RawPerson>,
}

/// What a name in the text refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Named {
    Outlet(usize),
    Person(usize),
}

/// The registers, with a lookup from first word to the names that start with it.
#[derive(Clone, Debug, Default)]
pub struct Registers {
    /// The outlets of `outlets.toml`.
    pub outlets: Vec<Outlet>,
    /// The people of `people.toml`.
    pub people: Vec<Person>,
    /// First folded word → (all folded words of a name or alias, what it names).
    names: HashMap<String, Vec<(Vec<String>, Named)>>,
}

fn folded_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    tokenize::words(text, |word| {
        if !word.part {
            out.push(word.folded.to_string());
        }
    });
    out
}

fn toml_error(file: &str, text: &str, error: toml::de::Error, what: &str) -> Error {
    let line = error.span().map(|span| line_at(text, span.start));
    Error::Config {
        at: Location::new(file, line),
        message: format!("{}; {what}", error.message().trim()),
    }
}

/// The 1-based line of byte `offset` of `text`.
fn line_at(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// One register file being read: its name and text, to place errors.
struct Source<'a> {
    file: &'a str,
    text: &'a str,
}

impl Source<'_> {
    fn error<T>(&self, at: &Spanned<T>, message: String) -> Error {
        Error::Config {
            at: Location::new(self.file, Some(line_at(self.text, at.span().start))),
            message,
        }
    }

    /// A `from` or `to` date.
    fn date(&self, who: &str, field: &str, text: &Option<Spanned<String>>) -> Result<Option<Date>> {
        let Some(text) = text else { return Ok(None) };
        Date::parse_iso(text.get_ref())
            .map(Some)
            .map_err(|reason| self.error(text, format!("{who}, field `{field}`: {reason}")))
    }

    /// Periods as written: `(value, from, to)` and the place of each, checked: a value, and
    /// `from` not after `to`.
    fn periods<'r>(
        &self,
        who: &str,
        field: &str,
        key: &str,
        written: impl Iterator<
            Item = (
                &'r Spanned<String>,
                &'r Option<Spanned<String>>,
                &'r Option<Spanned<String>>,
            ),
        >,
    ) -> Result<Vec<(Held, &'r Spanned<String>)>> {
        let mut out = Vec::new();
        for (i, (value, from, to)) in written.enumerate() {
            let at = format!("{field}[{i}]");
            if value.get_ref().trim().is_empty() {
                return Err(self.error(
                    value,
                    format!(
                        "{who}, field `{at}.{key}`: empty; write the {key}, or remove the entry"
                    ),
                ));
            }
            let held = Held {
                value: value.get_ref().trim().to_string(),
                from: self.date(who, &format!("{at}.from"), from)?,
                to: self.date(who, &format!("{at}.to"), to)?,
            };
            if let (Some(from), Some(to)) = (held.from, held.to)
                && from > to
            {
                return Err(self.error(
                    value,
                    format!(
                        "{who}, field `{at}`: `from` ({}) is after `to` ({}); swap them",
                        from.iso(),
                        to.iso()
                    ),
                ));
            }
            out.push((held, value));
        }
        Ok(out)
    }

    /// Refuses two periods of `field` that share a day, when `same` says they may not.
    fn no_overlap(
        &self,
        who: &str,
        field: &str,
        periods: &[(Held, &Spanned<String>)],
        same: impl Fn(&Held, &Held) -> bool,
    ) -> Result<()> {
        for (j, (later, at)) in periods.iter().enumerate() {
            if let Some((earlier, _)) = periods[..j]
                .iter()
                .find(|(earlier, _)| same(earlier, later) && earlier.overlaps(later))
            {
                return Err(self.error(
                    at,
                    format!(
                        "{who}, field `{field}`: `{}` from {} overlaps `{}` from {}; a {} is held once at a time: merge the two or fix their dates",
                        later.value,
                        later.period(),
                        earlier.value,
                        earlier.period(),
                        if field == "leanings" { "leaning" } else { "role" },
                    ),
                ));
            }
        }
        Ok(())
    }

    fn outlet(&self, number: usize, raw: &RawOutlet) -> Result<Outlet> {
        let name = raw.name.get_ref().trim();
        if name.is_empty() {
            return Err(self.error(
                &raw.name,
                format!("outlet number {number}, field `name`: empty; every outlet needs a `name` and a `leaning`"),
            ));
        }
        let who = format!("outlet `{name}`");
        let leanings = match (&raw.leaning, &raw.leanings) {
            (Some(_), Some(list)) => {
                return Err(self.error(
                    list,
                    format!("{who}: give either `leaning` (at every date) or `leanings` (with dates), not both"),
                ));
            }
            (Some(leaning), None) if !leaning.get_ref().trim().is_empty() => vec![Held {
                value: leaning.get_ref().trim().to_lowercase(),
                from: None,
                to: None,
            }],
            (None, Some(list)) if !list.get_ref().is_empty() => {
                let periods = self.periods(
                    &who,
                    "leanings",
                    "leaning",
                    list.get_ref().iter().map(|l| (&l.leaning, &l.from, &l.to)),
                )?;
                // An outlet has one leaning on any day.
                self.no_overlap(&who, "leanings", &periods, |_, _| true)?;
                periods
                    .into_iter()
                    .map(|(held, _)| Held {
                        value: held.value.to_lowercase(),
                        ..held
                    })
                    .collect()
            }
            _ => {
                return Err(self.error(
                    &raw.name,
                    format!("outlet number {number} needs a `name` and a `leaning` (or `leanings` with dates)"),
                ));
            }
        };
        Ok(Outlet {
            name: name.to_string(),
            leanings,
            aliases: raw.aliases.clone(),
            note: raw.note.clone(),
        })
    }

    fn person(&self, number: usize, raw: &RawPerson) -> Result<Person> {
        let name = raw.name.get_ref().trim();
        if name.is_empty() {
            return Err(self.error(&raw.name, format!("person number {number} needs a `name`")));
        }
        let who = format!("person `{name}`");
        let roles = match (&raw.role, &raw.roles) {
            (Some(_), Some(list)) => {
                return Err(self.error(
                    list,
                    format!("{who}: give either `role` (at every date) or `roles` (with dates), not both"),
                ));
            }
            (Some(role), None) => {
                let role = role.get_ref().trim();
                (!role.is_empty())
                    .then(|| Held {
                        value: role.to_string(),
                        from: None,
                        to: None,
                    })
                    .into_iter()
                    .collect()
            }
            (None, Some(list)) => {
                let periods = self.periods(
                    &who,
                    "roles",
                    "role",
                    list.get_ref().iter().map(|r| (&r.role, &r.from, &r.to)),
                )?;
                // Several roles at once are common; the same one twice at once is a mistake.
                self.no_overlap(&who, "roles", &periods, |a, b| {
                    a.value.eq_ignore_ascii_case(&b.value)
                })?;
                periods.into_iter().map(|(held, _)| held).collect()
            }
            (None, None) => Vec::new(),
        };
        Ok(Person {
            name: name.to_string(),
            roles,
            aliases: raw.aliases.clone(),
        })
    }
}

impl Registers {
    /// Parses the registers; either text may be empty (no such file). Errors name the file,
    /// the line and the field, and say how to fix them.
    pub fn parse(
        outlets_file: &str,
        outlets: &str,
        people_file: &str,
        people: &str,
    ) -> Result<Registers> {
        let parsed_outlets: OutletsFile = toml::from_str(outlets).map_err(|e| {
            toml_error(
                outlets_file,
                outlets,
                e,
                "each outlet is an [[outlet]] table with `name`, `leaning` (or `leanings = [{ leaning = \"...\", from = \"YYYY-MM-DD\", to = \"YYYY-MM-DD\" }]`) and optional `aliases`",
            )
        })?;
        let parsed_people: PeopleFile = toml::from_str(people).map_err(|e| {
            toml_error(
                people_file,
                people,
                e,
                "each person is a [[person]] table with `name` and optional `role` (or `roles = [{ role = \"...\", from = \"YYYY-MM-DD\", to = \"YYYY-MM-DD\" }]`) and `aliases`",
            )
        })?;
        let outlet_source = Source {
            file: outlets_file,
            text: outlets,
        };
        let people_source = Source {
            file: people_file,
            text: people,
        };
        let mut registers = Registers::default();
        for (i, raw) in parsed_outlets.outlet.iter().enumerate() {
            registers.outlets.push(outlet_source.outlet(i + 1, raw)?);
        }
        for (i, raw) in parsed_people.person.iter().enumerate() {
            registers.people.push(people_source.person(i + 1, raw)?);
        }
        let mut entries: Vec<(String, Named)> = Vec::new();
        for (i, outlet) in registers.outlets.iter().enumerate() {
            for name in std::iter::once(&outlet.name).chain(&outlet.aliases) {
                entries.push((name.clone(), Named::Outlet(i)));
            }
        }
        for (i, person) in registers.people.iter().enumerate() {
            for name in std::iter::once(&person.name).chain(&person.aliases) {
                entries.push((name.clone(), Named::Person(i)));
            }
        }
        for (name, named) in entries {
            let words = folded_words(&name);
            if let Some(first) = words.first().cloned() {
                registers
                    .names
                    .entry(first)
                    .or_default()
                    .push((words, named));
            }
        }
        Ok(registers)
    }

    /// Whether both registers are empty (or absent).
    pub fn is_empty(&self) -> bool {
        self.outlets.is_empty() && self.people.is_empty()
    }

    /// Every outlet and person with the ways they are written: (facet, canonical name, its
    /// name and aliases). The index keeps the one-word ones, so that a search for any
    /// spelling matches all of them.
    pub fn names(&self) -> Vec<(&'static str, String, Vec<String>)> {
        let outlets = self.outlets.iter().map(|o| (OUTLET, &o.name, &o.aliases));
        let people = self.people.iter().map(|p| (PERSON, &p.name, &p.aliases));
        outlets
            .chain(people)
            .map(|(facet, name, aliases)| {
                let forms = std::iter::once(name).chain(aliases).cloned().collect();
                (facet, name.clone(), forms)
            })
            .collect()
    }

    /// The outlets and people named in `text`, each once, in order of first mention.
    fn find(&self, text: &str) -> (Vec<usize>, Vec<usize>) {
        let words = folded_words(text);
        let (mut outlets, mut people) = (Vec::new(), Vec::new());
        let mut at = 0;
        while at < words.len() {
            let longest = self.names.get(&words[at]).and_then(|candidates| {
                candidates
                    .iter()
                    .filter(|(name, _)| words[at..].starts_with(name))
                    .max_by_key(|(name, _)| name.len())
            });
            match longest {
                Some((name, named)) => {
                    match *named {
                        Named::Outlet(i) if !outlets.contains(&i) => outlets.push(i),
                        Named::Person(i) if !people.contains(&i) => people.push(i),
                        _ => {}
                    }
                    at += name.len();
                }
                None => at += 1,
            }
        }
        (outlets, people)
    }

    /// The register name of an outlet or person written `written` (a name or an alias), or
    /// `written` itself when the register does not know it.
    fn canonical(&self, written: &str, outlet: bool) -> String {
        let words = folded_words(written);
        self.names
            .get(words.first().map(String::as_str).unwrap_or(""))
            .and_then(|candidates| candidates.iter().find(|(name, _)| *name == words))
            .and_then(|(_, named)| match (*named, outlet) {
                (Named::Outlet(i), true) => Some(self.outlets[i].name.clone()),
                (Named::Person(i), false) => Some(self.people[i].name.clone()),
                _ => None,
            })
            .unwrap_or_else(|| written.trim().to_string())
    }

    /// The roles person `i` held on `date`, in register order.
    fn roles_on(&self, i: usize, date: Option<Date>) -> Vec<&str> {
        self.people[i]
            .roles
            .iter()
            .filter(|held| held.on(date))
            .map(|held| held.value.as_str())
            .collect()
    }

    /// The leaning of the outlet named `outlet` on `date`.
    fn leaning_on(&self, outlet: &str, date: Option<Date>) -> Option<&str> {
        self.outlets
            .iter()
            .find(|o| o.name == outlet)?
            .leanings
            .iter()
            .find(|held| held.on(date))
            .map(|held| held.value.as_str())
    }

    /// Tags each entry of `article` with the outlets, leanings and people its text names, and
    /// the roles and leanings they had on the entry's date; and the article with those of its
    /// front matter (which wins) or else of its entries and text. Returns the anchors of
    /// entries that name no known outlet.
    pub fn tag(&self, article: &mut Article) -> Vec<String> {
        let mut untagged = Vec::new();
        let mut found_outlets: Vec<String> = Vec::new();
        let mut found_people: Vec<String> = Vec::new();
        // (outlet, leaning) and (person, role) of the entries, on their own dates.
        let mut entry_leanings: Vec<(String, String)> = Vec::new();
        let mut entry_roles: Vec<(String, String)> = Vec::new();
        let mut has_entries = false;
        for block in &mut article.blocks {
            let BlockKind::Entry {
                date,
                anchor,
                tags,
                people: named,
            } = &mut block.kind
            else {
                continue;
            };
            has_entries = true;
            let (outlets, people) = self.find(&block.text);
            tags.clear();
            named.clear();
            for &i in &outlets {
                let outlet = &self.outlets[i];
                tags.push((OUTLET.to_string(), outlet.name.clone()));
                if let Some(leaning) = self.leaning_on(&outlet.name, Some(*date)) {
                    if !tags.iter().any(|(f, v)| f == LEANING && v == leaning) {
                        tags.push((LEANING.to_string(), leaning.to_string()));
                    }
                    entry_leanings.push((outlet.name.clone(), leaning.to_string()));
                }
                push_new(&mut found_outlets, &outlet.name);
            }
            for &i in &people {
                tags.push((PERSON.to_string(), self.people[i].name.clone()));
                push_new(&mut found_people, &self.people[i].name);
            }
            for &i in &people {
                let held = self.roles_on(i, Some(*date));
                for &role in &held {
                    if !tags.iter().any(|(f, v)| f == ROLE && v == role) {
                        tags.push((ROLE.to_string(), role.to_string()));
                    }
                    entry_roles.push((self.people[i].name.clone(), role.to_string()));
                }
                named.push(NamedPerson {
                    name: self.people[i].name.clone(),
                    role: (!held.is_empty()).then(|| held.join(", ")),
                });
            }
            if outlets.is_empty() && !self.outlets.is_empty() {
                untagged.push(anchor.clone());
            }
        }
        // Articles without entries (events, essays) are tagged from their whole text.
        if !has_entries && !self.is_empty() {
            let text: Vec<&str> = std::iter::once(article.title.as_str())
                .chain(std::iter::once(article.summary.as_str()))
                .chain(article.blocks.iter().map(|b| b.text.as_str()))
                .collect();
            let (outlets, people) = self.find(&text.join("\n"));
            for i in outlets {
                push_new(&mut found_outlets, &self.outlets[i].name);
            }
            for i in people {
                push_new(&mut found_people, &self.people[i].name);
            }
        }
        let outlets: Vec<String> = match article.meta.get(OUTLETS_KEY) {
            Some(listed) => listed.iter().map(|o| self.canonical(o, true)).collect(),
            None => found_outlets,
        };
        let people: Vec<String> = match article.meta.get(PEOPLE_KEY) {
            Some(listed) => listed.iter().map(|p| self.canonical(p, false)).collect(),
            None => found_people,
        };
        // The leanings of the article's outlets, and the roles of its people: on the dates
        // of the entries that name them, and on the article's own date.
        let mut leanings: Vec<String> = Vec::new();
        for outlet in &outlets {
            for (_, leaning) in entry_leanings.iter().filter(|(o, _)| o == outlet) {
                push_new(&mut leanings, leaning);
            }
            if let Some(leaning) = self.leaning_on(outlet, article.date) {
                push_new(&mut leanings, leaning);
            }
        }
        let mut roles: Vec<String> = Vec::new();
        for (i, person) in self.people.iter().enumerate() {
            if people.contains(&person.name) {
                for (_, role) in entry_roles.iter().filter(|(p, _)| *p == person.name) {
                    push_new(&mut roles, role);
                }
                for role in self.roles_on(i, article.date) {
                    push_new(&mut roles, role);
                }
            }
        }
        let mut aliases: Vec<String> = Vec::new();
        for outlet in self.outlets.iter().filter(|o| outlets.contains(&o.name)) {
            aliases.extend(outlet.aliases.iter().cloned());
        }
        for person in self.people.iter().filter(|p| people.contains(&p.name)) {
            aliases.extend(person.aliases.iter().cloned());
        }
        for (facet, values) in [
            (OUTLET, outlets),
            (LEANING, leanings),
            (PERSON, people),
            (ROLE, roles),
            (ALIASES, aliases),
        ] {
            if values.is_empty() {
                article.meta.remove(facet);
            } else {
                article.meta.insert(facet.to_string(), values);
            }
        }
        untagged
    }
}

fn push_new(list: &mut Vec<String>, value: &str) {
    if !list.iter().any(|v| v == value) {
        list.push(value.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::markdown::to_blocks;

    const OUTLETS: &str = r#"
[[outlet]]
name = "Shargh"
leaning = "Reformist"
aliases = ["Shargh Daily", "شرق"]

[[outlet]]
name = "Fararu News Agency"
leaning = "centrist"
aliases = ["Fararu"]

[[outlet]]
name = "Khamenei.ir"
leaning = "state-controlled"
"#;

    const PEOPLE: &str = r#"
[[person]]
name = "Abbas Araghchi"
role = "Foreign Minister"
aliases = ["Araghchi", "Araqchi"]

[[person]]
name = "Ali Khamenei"
role = "Supreme Leader"
aliases = ["Khamenei", "Khamenehi"]
"#;

    fn registers() -> Registers {
        Registers::parse("outlets.toml", OUTLETS, "people.toml", PEOPLE).unwrap()
    }

    fn article(markdown: &str) -> Article {
        Article {
            id: "a".into(),
            title: "A".into(),
            date: Date::new(2025, 1, 31),
            blocks: to_blocks(markdown, Date::new(2025, 1, 31)),
            ..Article::default()
        }
    }

    fn tags(article: &Article, entry: usize) -> Vec<(String, String)> {
        article
            .blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Entry { tags, .. } => Some(tags.clone()),
                _ => None,
            })
            .nth(entry)
            .unwrap()
    }

    fn pair(facet: &str, value: &str) -> (String, String) {
        (facet.to_string(), value.to_string())
    }

    #[test]
    fn entries_are_tagged_with_outlets_leanings_and_people() {
        let mut a = article(
            "- January 29: The reformist SHARGH daily quoted Araqchi.\n- January 30: Fararū reported.\n- January 31: Nobody we know.\n",
        );
        let untagged = registers().tag(&mut a);
        assert_eq!(
            tags(&a, 0),
            [
                pair(OUTLET, "Shargh"),
                pair(LEANING, "reformist"),
                pair(PERSON, "Abbas Araghchi"),
                pair(ROLE, "Foreign Minister")
            ]
        );
        assert_eq!(
            tags(&a, 1),
            [
                pair(OUTLET, "Fararu News Agency"),
                pair(LEANING, "centrist")
            ]
        );
        assert_eq!(untagged, ["2025-01-31"]);
        assert_eq!(a.meta[OUTLET], ["Shargh", "Fararu News Agency"]);
        assert_eq!(a.meta[LEANING], ["reformist", "centrist"]);
        assert_eq!(a.meta[PERSON], ["Abbas Araghchi"]);
        assert_eq!(a.meta[ROLE], ["Foreign Minister"]);
    }

    #[test]
    fn whole_words_only_and_the_longest_name_wins() {
        let mut a = article(
            "- January 28: On Khamenei.ir, Khamenei spoke. Sharghi is not Shargh's rival.\n",
        );
        registers().tag(&mut a);
        let t = tags(&a, 0);
        assert!(t.contains(&pair(OUTLET, "Khamenei.ir")));
        assert!(
            t.contains(&pair(PERSON, "Ali Khamenei")),
            "the second mention is the person"
        );
        assert!(t.contains(&pair(OUTLET, "Shargh")), "Shargh's is Shargh");
        assert_eq!(t.iter().filter(|(f, _)| f == OUTLET).count(), 2);
    }

    #[test]
    fn persian_script_aliases_match() {
        let mut a = article("- January 29: روزنامه شرق wrote.\n");
        registers().tag(&mut a);
        assert_eq!(tags(&a, 0)[0], pair(OUTLET, "Shargh"));
    }

    #[test]
    fn front_matter_lists_win_and_are_made_canonical() {
        let mut a = article("- January 29: Shargh wrote.\n");
        a.meta.insert(
            "outlets".into(),
            vec!["Fararu".into(), "Unknown Weekly".into()],
        );
        registers().tag(&mut a);
        assert_eq!(a.meta[OUTLET], ["Fararu News Agency", "Unknown Weekly"]);
        assert_eq!(a.meta[LEANING], ["centrist"]);
        // The entry keeps what its own text names.
        assert_eq!(tags(&a, 0)[0], pair(OUTLET, "Shargh"));
    }

    #[test]
    fn articles_without_entries_are_tagged_from_their_text() {
        let mut a = article("A discussion with Foreign Minister Araghchi.");
        registers().tag(&mut a);
        assert_eq!(a.meta[PERSON], ["Abbas Araghchi"]);
    }

    #[test]
    fn entries_carry_the_roles_and_leanings_of_their_own_dates() {
        let registers = Registers::parse(
            "outlets.toml",
            "[[outlet]]\nname = \"Example Daily\"\nleanings = [{ leaning = \"Principlist\", to = \"2024-12-31\" }, { leaning = \"centrist\", from = \"2025-01-01\" }]\n",
            "people.toml",
            "[[person]]\nname = \"Javad Zarif\"\naliases = [\"Zarif\"]\nroles = [\n  { role = \"Foreign Minister\", from = \"2013-08-15\", to = \"2021-08-25\" },\n  { role = \"Vice President\", from = \"2024-08-01\", to = \"2025-03-02\" },\n  { role = \"Scholar\" },\n]\n",
        )
        .unwrap();
        let mut a = Article {
            id: "a".into(),
            title: "A".into(),
            date: Date::new(2025, 1, 31),
            blocks: to_blocks(
                "- 2020-05-01: Example Daily quoted Zarif.\n- 2024-12-30: Example Daily again.\n- January 29: Zarif spoke to Example Daily.\n",
                Date::new(2025, 1, 31),
            ),
            ..Article::default()
        };
        registers.tag(&mut a);
        assert_eq!(
            tags(&a, 0),
            [
                pair(OUTLET, "Example Daily"),
                pair(LEANING, "principlist"),
                pair(PERSON, "Javad Zarif"),
                pair(ROLE, "Foreign Minister"),
                pair(ROLE, "Scholar"),
            ]
        );
        assert_eq!(tags(&a, 1)[1], pair(LEANING, "principlist"));
        let third = tags(&a, 2);
        assert!(
            third.contains(&pair(LEANING, "centrist"))
                && third.contains(&pair(ROLE, "Vice President"))
        );
        assert!(
            !third.contains(&pair(ROLE, "Foreign Minister")),
            "{third:?}"
        );
        let people = a
            .blocks
            .iter()
            .find_map(|b| match &b.kind {
                BlockKind::Entry { people, .. } => Some(people.clone()),
                _ => None,
            })
            .unwrap();
        assert_eq!(
            people,
            [NamedPerson {
                name: "Javad Zarif".into(),
                role: Some("Foreign Minister, Scholar".into())
            }]
        );
        // The article has the roles and leanings of its entries' dates and of its own.
        assert_eq!(a.meta[LEANING], ["principlist", "centrist"]);
        assert_eq!(
            a.meta[ROLE],
            ["Foreign Minister", "Scholar", "Vice President"]
        );
        // Undated, only what is held at every date.
        let held = &registers.people[0].roles;
        assert!(held[2].on(None) && !held[0].on(None));
    }

    #[test]
    fn dated_registers_are_checked_with_file_line_and_field() {
        let people = |text: &str| {
            Registers::parse("o", "", "people.toml", text)
                .unwrap_err()
                .to_string()
        };
        let error = people(
            "[[person]]\nname = \"X\"\nroles = [\n  { role = \"Minister\", from = \"2020-01-01\", to = \"2022-01-01\" },\n  { role = \"minister\", from = \"2021-06-01\" },\n]\n",
        );
        assert!(error.starts_with("people.toml:5:"), "{error}");
        assert!(
            error.contains("person `X`, field `roles`") && error.contains("overlaps"),
            "{error}"
        );
        let error = people(
            "[[person]]\nname = \"X\"\nroles = [{ role = \"Minister\", from = \"2022-01-01\", to = \"2020-01-01\" }]\n",
        );
        assert!(
            error.starts_with("people.toml:3:")
                && error.contains(
                    "field `roles[0]`: `from` (2022-01-01) is after `to` (2020-01-01); swap them"
                ),
            "{error}"
        );
        let error = people(
            "[[person]]\nname = \"X\"\nroles = [\n  { role = \"Minister\", from = \"2021-02-30\" },\n]\n",
        );
        assert!(
            error.starts_with("people.toml:4:")
                && error.contains("field `roles[0].from`")
                && error.contains("not a real date"),
            "{error}"
        );
        let error = people(
            "[[person]]\nname = \"X\"\nroles = [{ role = \"Minister\", to = \"May 2021\" }]\n",
        );
        assert!(
            error.contains("field `roles[0].to`") && error.contains("YYYY-MM-DD"),
            "{error}"
        );
        let error = people("[[person]]\nname = \"X\"\nrole = \"A\"\nroles = [{ role = \"B\" }]\n");
        assert!(
            error.starts_with("people.toml:4:") && error.contains("not both"),
            "{error}"
        );
        let error = people(
            "[[person]]\nname = \"X\"\nroles = [{ role = \"B\", since = \"2020-01-01\" }]\n",
        );
        assert!(
            error.starts_with("people.toml:3:") && error.contains("since"),
            "{error}"
        );
        // Different roles may overlap; the same one in turn does not.
        Registers::parse("o", "", "p", "[[person]]\nname = \"X\"\nroles = [{ role = \"A\", to = \"2020-01-01\" }, { role = \"A\", from = \"2020-01-02\" }, { role = \"B\" }]\n").unwrap();
        // An outlet has one leaning at a time.
        let error = Registers::parse(
            "outlets.toml",
            "[[outlet]]\nname = \"Y\"\nleanings = [\n  { leaning = \"a\", to = \"2020-01-01\" },\n  { leaning = \"b\", from = \"2020-01-01\" },\n]\n",
            "p",
            "",
        )
        .unwrap_err()
        .to_string();
        assert!(
            error.starts_with("outlets.toml:5:")
                && error.contains("outlet `Y`, field `leanings`")
                && error.contains("overlaps"),
            "{error}"
        );
    }

    #[test]
    fn bad_registers_name_the_file_and_line() {
        let error = Registers::parse(
            "outlets.toml",
            "[[outlet]]\nname = \"X\"\nleanin = \"y\"\n",
            "p",
            "",
        )
        .unwrap_err()
        .to_string();
        assert!(error.starts_with("outlets.toml:3:"), "{error}");
        let error = Registers::parse(
            "outlets.toml",
            "[[outlet]]\nname = \"X\"\nleaning = \"\"\n",
            "p",
            "",
        )
        .unwrap_err()
        .to_string();
        assert!(error.contains("needs a `name` and a `leaning`"), "{error}");
    }
}
