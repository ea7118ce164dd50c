//! `quire.toml`: which front-matter keys become filters (facets) and sort keys.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::error::{Error, Location, Result};

/// The build configuration. Every key is optional; see [`Config::default`].
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Facets, in display order: the built-ins `kind`, `author` and `year` (from the date), or
    /// any front-matter key whose values are text or lists of text.
    #[serde(default = "default_filters")]
    pub filters: Vec<String>,
    /// Sort keys besides relevance: `date`, or numeric front-matter keys.
    #[serde(default = "default_sort")]
    pub sort: Vec<String>,
    /// Display labels of facets (`outlets = "Outlet"`); the default capitalises the key.
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    /// Prefix of the url of an article that has no `url`: `url_base + id + "/"`.
    #[serde(default = "default_url_base")]
    pub url_base: String,
    /// Articles larger than this (in bytes of Markdown or JSON) are skipped with a warning:
    /// they are data dumps more often than articles, and each would make its docs file
    /// heavy for every visitor who gets it among their results.
    #[serde(default = "default_max_article_bytes")]
    pub max_article_bytes: usize,
    /// The language of articles that name none (front matter or JSON `lang`, `<html lang>`):
    /// a tag such as `en`, `fr`, `fa`. Words are stemmed in their article's language.
    #[serde(default = "default_language")]
    pub default_language: String,
    /// The file this configuration was read from; `None` for the defaults.
    #[serde(skip)]
    pub source: Option<String>,
    /// Whether `filters` was written in that file (rather than left to its default).
    #[serde(skip)]
    pub filters_declared: bool,
}

fn default_filters() -> Vec<String> {
    ["kind", "series", "author", "tags", "year"]
        .map(String::from)
        .to_vec()
}

fn default_sort() -> Vec<String> {
    vec!["date".to_string()]
}

fn default_max_article_bytes() -> usize {
    8 << 20
}

fn default_language() -> String {
    crate::language::DEFAULT_LANGUAGE.to_string()
}

fn default_url_base() -> String {
    "/".to_string()
}

impl Default for Config {
    fn default() -> Config {
        Config {
            filters: default_filters(),
            sort: default_sort(),
            labels: BTreeMap::new(),
            url_base: default_url_base(),
            max_article_bytes: default_max_article_bytes(),
            default_language: default_language(),
            source: None,
            filters_declared: false,
        }
    }
}

/// Most facets a build may declare; each one costs a table in the index.
pub const MAX_FILTERS: usize = 32;

impl Config {
    /// Parses `quire.toml`. `file` names it in messages.
    pub fn parse(file: &str, text: &str) -> Result<Config> {
        let mut config: Config = toml::from_str(text).map_err(|error| {
            let line = error
                .span()
                .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
            Error::Config {
                at: Location::new(file, line),
                message: format!(
"{}; the keys are `filters`, `sort`, `url_base`, `max_article_bytes`, `default_language` and a `[labels]` table",
                    error.message().trim()
                ),
            }
        })?;
        config.source = Some(file.to_string());
        config.filters_declared = text
            .parse::<toml::Table>()
            .is_ok_and(|t| t.contains_key("filters"));
        let at = Location::new(file, None);
        if config.filters.len() > MAX_FILTERS {
            return Err(Error::Config {
                at,
                message: format!(
                    "{} filters declared, at most {MAX_FILTERS} are supported; drop some",
                    config.filters.len()
                ),
            });
        }
        for (i, name) in config.filters.iter().enumerate() {
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
            {
                return Err(Error::Config {
                    at,
                    message: format!(
                        "filter name `{name}` must be a front-matter key (letters, digits, `_`, `-`)"
                    ),
                });
            }
            if config.filters[..i].contains(name) {
                return Err(Error::Config {
                    at,
                    message: format!("filter `{name}` is declared twice; list it once"),
                });
            }
        }
        Ok(config)
    }

    /// What the index writer needs of this configuration: the facets with their labels, and
    /// the numeric sort keys (`date` is built in). [`crate::corpus::Corpus::build_options`]
    /// adds the registers' names.
    pub fn build_options(&self) -> crate::build::BuildOptions {
        crate::build::BuildOptions {
            facets: self
                .filters
                .iter()
                .map(|facet| (facet.clone(), self.label(facet)))
                .collect(),
            sort_keys: self
                .sort
                .iter()
                .filter(|key| *key != "date")
                .cloned()
                .collect(),
            names: Vec::new(),
        }
    }

    /// The display label of a facet.
    pub fn label(&self, facet: &str) -> String {
        if let Some(label) = self.labels.get(facet) {
            return label.clone();
        }
        let mut chars = facet.chars();
        match chars.next() {
            Some(first) => first
                .to_uppercase()
                .chain(chars)
                .collect::<String>()
                .replace('_', " "),
            None => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_sample_shape() {
        let config = Config::parse(
            "quire.toml",
            "filters = [\"kind\", \"outlets\"]\nsort = [\"date\"]\n[labels]\noutlets = \"Outlet\"\n",
        )
        .unwrap();
        assert_eq!(config.filters, ["kind", "outlets"]);
        assert_eq!(config.label("outlets"), "Outlet");
        assert_eq!(config.label("kind"), "Kind");
        assert_eq!(config.url_base, "/");
    }

    #[test]
    fn unknown_keys_name_the_line() {
        let error = Config::parse("quire.toml", "filters = []\nfilter = [\"kind\"]\n")
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("quire.toml:2:"), "{error}");
        assert!(error.contains("filter"), "{error}");
    }

    #[test]
    fn duplicate_filters_are_refused() {
        let error = Config::parse("quire.toml", "filters = [\"kind\", \"kind\"]\n")
            .unwrap_err()
            .to_string();
        assert!(error.contains("declared twice"), "{error}");
    }
}
