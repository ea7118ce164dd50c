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
//! role = "Foreign Minister"
//! aliases = ["Araghchi", "Araqchi", "عراقچی"]
//! ```
//!
//! Names and aliases match as whole words, whatever their case, diacritics or Persian/Arabic
//! letter variants. Where two names could match at the same place, the longer one wins
//! ("Khamenei.ir" is the outlet, not the person).

use std::collections::HashMap;

use serde::Deserialize;

use crate::error::{Error, Location, Result};
use crate::model::{Article, BlockKind};
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

/// An outlet of `outlets.toml`.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Outlet {
    /// Its canonical name.
    pub name: String,
    /// Its political leaning (reformist, principlist, ...).
    pub leaning: String,
    /// Other spellings and scripts.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Where it is based, its owner...: shown nowhere, kept for the maintainer.
    #[serde(default)]
    pub note: Option<String>,
}

/// A person of `people.toml`.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Their canonical name.
    pub name: String,
    /// Their role (Foreign Minister).
    #[serde(default)]
    pub role: Option<String>,
    /// Other spellings, transliterations and short forms ("Araghchi", "Araqchi").
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OutletsFile {
    #[serde(default)]
    outlet: Vec<Outlet>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PeopleFile {
    #[serde(default)]
    person: Vec<Person>,
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
    tokenize::words(text, |word| out.push(word.folded.to_string()));
    out
}

fn toml_error(file: &str, text: &str, error: toml::de::Error, what: &str) -> Error {
    let line = error
        .span()
        .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
    Error::Config {
        at: Location::new(file, line),
        message: format!("{}; {what}", error.message().trim()),
    }
}

impl Registers {
    /// Parses the registers; either text may be empty (no such file).
    pub fn parse(
        outlets_file: &str,
        outlets: &str,
        people_file: &str,
        people: &str,
    ) -> Result<Registers> {
        let outlets: OutletsFile = toml::from_str(outlets).map_err(|e| {
            toml_error(
                outlets_file,
                outlets,
                e,
                "each outlet is an [[outlet]] table with `name`, `leaning` and optional `aliases`",
            )
        })?;
        let people: PeopleFile = toml::from_str(people).map_err(|e| {
            toml_error(
                people_file,
                people,
                e,
                "each person is a [[person]] table with `name` and optional `role` and `aliases`",
            )
        })?;
        let mut registers = Registers {
            outlets: outlets.outlet,
            people: people.person,
            names: HashMap::new(),
        };
        for (i, outlet) in registers.outlets.iter().enumerate() {
            if outlet.name.trim().is_empty() || outlet.leaning.trim().is_empty() {
                return Err(Error::Config {
                    at: Location::new(outlets_file, None),
                    message: format!("outlet number {} needs a `name` and a `leaning`", i + 1),
                });
            }
        }
        if let Some(i) = registers
            .people
            .iter()
            .position(|p| p.name.trim().is_empty())
        {
            return Err(Error::Config {
                at: Location::new(people_file, None),
                message: format!("person number {} needs a `name`", i + 1),
            });
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

    /// The role of person `i`, as written in the register, if it gives one.
    fn role_of(&self, i: usize) -> Option<String> {
        let role = self.people[i].role.as_deref()?.trim();
        (!role.is_empty()).then(|| role.to_string())
    }

    fn leaning_of(&self, outlet: &str) -> Option<String> {
        self.outlets
            .iter()
            .find(|o| o.name == outlet)
            .map(|o| o.leaning.trim().to_lowercase())
    }

    /// Tags each entry of `article` with the outlets, leanings and people its text names, and
    /// the article with those of its front matter (which wins) or else of its entries and
    /// text. Returns the anchors of entries that name no known outlet.
    pub fn tag(&self, article: &mut Article) -> Vec<String> {
        let mut untagged = Vec::new();
        let mut found_outlets: Vec<String> = Vec::new();
        let mut found_people: Vec<String> = Vec::new();
        let mut has_entries = false;
        for block in &mut article.blocks {
            let BlockKind::Entry { anchor, tags, .. } = &mut block.kind else {
                continue;
            };
            has_entries = true;
            let (outlets, people) = self.find(&block.text);
            tags.clear();
            for &i in &outlets {
                let outlet = &self.outlets[i];
                tags.push((OUTLET.to_string(), outlet.name.clone()));
                let leaning = outlet.leaning.trim().to_lowercase();
                if !tags.iter().any(|(f, v)| f == LEANING && *v == leaning) {
                    tags.push((LEANING.to_string(), leaning));
                }
                push_new(&mut found_outlets, &outlet.name);
            }
            for &i in &people {
                tags.push((PERSON.to_string(), self.people[i].name.clone()));
                push_new(&mut found_people, &self.people[i].name);
            }
            for &i in &people {
                if let Some(role) = self.role_of(i) {
                    if !tags.iter().any(|(f, v)| f == ROLE && *v == role) {
                        tags.push((ROLE.to_string(), role));
                    }
                }
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
        let mut leanings: Vec<String> = Vec::new();
        for outlet in &outlets {
            if let Some(leaning) = self.leaning_of(outlet) {
                push_new(&mut leanings, &leaning);
            }
        }
        let mut roles: Vec<String> = Vec::new();
        for (i, person) in self.people.iter().enumerate() {
            if let (true, Some(role)) = (people.contains(&person.name), self.role_of(i)) {
                push_new(&mut roles, &role);
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
    use crate::date::Date;

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
