//! Corpus input: Markdown files with front matter, JSON Lines, or the pages of a built HTML
//! site, into [`Article`]s, with errors that name the file, line and field.
//!
//! The library never opens files: the caller hands over each file's name and bytes
//! ([`Corpus::add_markdown`], [`Corpus::add_html`]) or a reader ([`Corpus::add_json_lines`]).
//! Problems are collected rather than thrown one at a time, so that a maintainer sees every
//! broken file in one run.

mod config;
mod frontmatter;
pub(crate) mod html;
mod markdown;
mod registers;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};

use serde_json::{Map, Value};

pub use config::Config;
pub use html::is_page_file;
pub(crate) use markdown::{DateWarning, plain_to_blocks, to_blocks_checked};
pub use registers::{Outlet, Person, Registers};

use crate::date::Date;
use crate::error::{Error, Location, Result};
use crate::language;
use crate::model::Article;

/// At most this many errors are kept in full; the rest are only counted.
const MAX_KEPT_ERRORS: usize = 200;

/// The articles read so far, the problems found, and what was skipped.
pub struct Corpus {
    config: Config,
    registers: Registers,
    /// Entries that name no outlet of the register: (article, anchor).
    untagged: Vec<(Location, String)>,
    /// List items that look like dated entries but whose date does not read.
    date_warnings: Vec<(Location, String)>,
    date_warning_count: usize,
    articles: Vec<Article>,
    sources: Vec<Location>,
    ids: HashMap<String, usize>,
    errors: Vec<Error>,
    error_count: usize,
    /// Files and records left out on purpose (drafts, Markdown without front matter), with
    /// the reason: reported in the build summary, never dropped silently.
    pub skipped: Vec<(Location, String)>,
    /// Articles seen, whether or not they could be read.
    pub seen: usize,
    /// Problems that did not keep an article out (a page without a title, say).
    pub warnings: Vec<(Location, String)>,
    /// HTML pages read but not yet accepted: some rules need the whole site (see
    /// [`Corpus::finish_html`]).
    pending_pages: Vec<PendingPage>,
    /// Language tags Quire does not know, warned about once each.
    unknown_languages: Vec<String>,
}

/// A page of a built site, read, waiting for the site-wide rules.
struct PendingPage {
    at: Location,
    outcome: Result<html::PageOutcome>,
    /// Whether the page marks its body with `data-quire-body`.
    has_body_marker: bool,
}

/// What a corpus file or record turned out to be.
#[derive(Debug)]
pub(crate) enum Parsed {
    /// An article, and its list items that look like dated entries but whose date does not
    /// read (the line within the file, or the record's line).
    Article(Box<Article>, Vec<DateWarning>),
    /// Left out on purpose; the text says why.
    Skipped(String),
}

impl Corpus {
    /// An empty corpus, read with `config`.
    pub fn new(config: Config) -> Corpus {
        Corpus {
            config,
            registers: Registers::default(),
            untagged: Vec::new(),
            date_warnings: Vec::new(),
            date_warning_count: 0,
            articles: Vec::new(),
            sources: Vec::new(),
            ids: HashMap::new(),
            errors: Vec::new(),
            error_count: 0,
            skipped: Vec::new(),
            seen: 0,
            warnings: Vec::new(),
            pending_pages: Vec::new(),
            unknown_languages: Vec::new(),
        }
    }

    /// Drafts left out (`draft: true`).
    pub fn drafts(&self) -> usize {
        self.skipped
            .iter()
            .filter(|(_, reason)| reason.starts_with("draft"))
            .count()
    }

    /// Tags articles added from now on with the outlets and people of `registers`.
    pub fn with_registers(mut self, registers: Registers) -> Corpus {
        self.registers = registers;
        self
    }

    /// The outlets and people registers articles are tagged with.
    pub fn registers(&self) -> &Registers {
        &self.registers
    }

    /// Entries that name no outlet of the register, so that the maintainer can extend it.
    pub fn untagged_entries(&self) -> &[(Location, String)] {
        &self.untagged
    }

    /// How many entries name no outlet of the register.
    pub fn untagged_count(&self) -> usize {
        self.untagged.len()
    }

    /// List items that look like dated entries ("February 30:", "Janury 29:") but whose date
    /// does not read, so that they are not entries: where, and what is wrong (at most 200
    /// kept; see [`Corpus::date_warning_count`]).
    pub fn date_warnings(&self) -> &[(Location, String)] {
        &self.date_warnings
    }

    /// How many list items look like dated entries but are not read as entries.
    pub fn date_warning_count(&self) -> usize {
        self.date_warning_count
    }

    /// What the index is built with: the configuration's facets and sort keys, and the
    /// spellings of the registers' outlets and people.
    pub fn build_options(&self) -> crate::build::BuildOptions {
        let mut options = self.config.build_options();
        options.names = self
            .registers
            .names()
            .into_iter()
            .map(|(facet, value, forms)| crate::build::NameForms {
                facet: facet.to_string(),
                value,
                forms,
            })
            .collect();
        options
    }

    /// The configuration the corpus is read with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The articles read without error, in the order they were added.
    pub fn articles(&self) -> &[Article] {
        &self.articles
    }

    /// Where each article of [`Corpus::articles`] came from.
    pub fn sources(&self) -> &[Location] {
        &self.sources
    }

    /// The problems found (at most 200 kept; see [`Corpus::error_count`]).
    pub fn errors(&self) -> &[Error] {
        &self.errors
    }

    /// How many problems were found in all.
    pub fn error_count(&self) -> usize {
        self.error_count
    }

    /// Takes the articles out, leaving the corpus empty.
    pub fn into_articles(mut self) -> Vec<Article> {
        self.finish_html();
        self.articles
    }

    /// Records a problem found outside the library (an unreadable file, say).
    pub fn add_error(&mut self, error: Error) {
        self.error_count += 1;
        if self.errors.len() < MAX_KEPT_ERRORS {
            self.errors.push(error);
        }
    }

    /// Reads one Markdown file. `file` is the name used in messages (a path relative to the
    /// corpus folder reads best); its stem is the id when the front matter has none.
    pub fn add_markdown(&mut self, file: &str, bytes: &[u8]) {
        self.seen += 1;
        let at = Location::new(file, Some(1));
        if let Some(reason) = self.too_large(bytes.len()) {
            self.skipped.push((at, reason));
            return;
        }
        match parse_markdown(file, bytes, &self.config) {
            Ok(Parsed::Article(article, warnings)) => {
                for (line, warning) in warnings {
                    self.warn_date(Location::new(file, Some(line)), warning);
                }
                self.accept(*article, at)
            }
            Ok(Parsed::Skipped(reason)) => self.skipped.push((at, reason)),
            Err(error) => self.add_error(error),
        }
    }

    /// Reads one page of a built HTML site. `file` is its path relative to the site folder,
    /// with `/` between folders: it gives the page's url and id (`a/b/index.html` →
    /// `{url_base}a/b/`). The page is an article only once [`Corpus::finish_html`] has seen
    /// the whole site (which [`Corpus::into_articles`] calls): a page without
    /// `data-quire-body` is left out when other pages have one, and a title suffix is the
    /// site's name only when many pages share it.
    pub fn add_html(&mut self, file: &str, bytes: &[u8]) {
        self.seen += 1;
        let at = Location::new(file, None);
        let outcome = match self.too_large(bytes.len()) {
            Some(reason) => Ok(html::PageOutcome::Skipped(reason)),
            None => html::parse_page(file, bytes, &self.config),
        };
        let has_body_marker = match &outcome {
            Ok(html::PageOutcome::Page(page)) => page.has_body_marker,
            // A page that could not be read may still be one the site leaves out.
            _ => contains(bytes, html::BODY_ATTR.as_bytes()),
        };
        self.pending_pages.push(PendingPage {
            at,
            outcome,
            has_body_marker,
        });
    }

    /// Settles the HTML pages read so far: leaves out pages without `data-quire-body` when
    /// other pages have it, takes the site's name off titles, declares the filters and sort
    /// keys that pages mark, then accepts the articles. Safe to call more than once.
    pub fn finish_html(&mut self) {
        let pages = std::mem::take(&mut self.pending_pages);
        if pages.is_empty() {
            return;
        }
        let marked_site = pages.iter().any(|p| p.has_body_marker);
        let suffixes = html::shared_title_suffixes(pages.iter().filter_map(|p| match &p.outcome {
            Ok(html::PageOutcome::Page(page)) => Some(page.head_titles.as_slice()),
            _ => None,
        }));
        let mut undeclared: Vec<String> = Vec::new();
        for pending in pages {
            let at = pending.at;
            if marked_site && !pending.has_body_marker {
                self.skipped.push((
                    at,
                    format!(
                        "no {} element, while other pages of the site have one",
                        html::BODY_ATTR
                    ),
                ));
                continue;
            }
            let mut page = match pending.outcome {
                Ok(html::PageOutcome::Page(page)) => page,
                Ok(html::PageOutcome::Skipped(reason)) => {
                    self.skipped.push((at, reason));
                    continue;
                }
                Err(error) => {
                    self.add_error(error);
                    continue;
                }
            };
            if page.title_from_head {
                page.article.title = html::strip_site_suffix(&page.article.title, &suffixes);
            }
            for warning in page.warnings.drain(..) {
                self.warnings.push((at.clone(), warning));
            }
            for key in &page.filter_keys {
                if self.config.filters.contains(key) || undeclared.contains(key) {
                    continue;
                }
                if self.config.filters_declared || self.config.filters.len() >= config::MAX_FILTERS
                {
                    self.warnings.push((
                        at.clone(),
                        format!(
                            "{}=\"{key}:...\" is not a filter: add \"{key}\" to `filters` in {}",
                            html::FILTER_ATTR,
                            self.config.source.as_deref().unwrap_or("quire.toml")
                        ),
                    ));
                    undeclared.push(key.clone());
                } else {
                    self.config.filters.push(key.clone());
                }
            }
            for key in &page.sort_keys {
                if !self.config.sort.contains(key) {
                    self.config.sort.push(key.clone());
                }
            }
            self.accept(page.article, at);
        }
    }

    /// Reads JSON Lines, one article per line, gzip-compressed or not. `file` names the
    /// input in messages. Only an I/O error of the reader stops the reading; bad lines are
    /// recorded and skipped.
    pub fn add_json_lines(&mut self, file: &str, reader: impl Read) -> std::io::Result<()> {
        let mut reader = BufReader::with_capacity(1 << 16, reader);
        let is_gzip = reader.fill_buf()?.starts_with(&[0x1f, 0x8b]);
        let lines: Box<dyn BufRead> = if is_gzip {
            Box::new(BufReader::with_capacity(
                1 << 16,
                flate2::read::MultiGzDecoder::new(reader),
            ))
        } else {
            Box::new(reader)
        };
        let mut buffer = Vec::new();
        let mut lines = lines;
        let mut line_number = 0usize;
        loop {
            buffer.clear();
            let length = read_line_within(&mut lines, &mut buffer, self.config.max_article_bytes)?;
            if length == 0 {
                break;
            }
            line_number += 1;
            if buffer.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            self.seen += 1;
            let at = Location::new(file, Some(line_number));
            if let Some(reason) = self.too_large(length) {
                self.skipped.push((at, reason));
                continue;
            }
            match parse_json_line(&at, &buffer, &self.config) {
                Ok(Parsed::Article(article, warnings)) => {
                    // The record's line: a JSON line holds the whole body.
                    for (line, warning) in warnings {
                        self.warn_date(at.clone(), format!("line {line} of its body: {warning}"));
                    }
                    self.accept(*article, at)
                }
                Ok(Parsed::Skipped(reason)) => self.skipped.push((at, reason)),
                Err(error) => self.add_error(error),
            }
        }
        Ok(())
    }

    fn too_large(&self, bytes: usize) -> Option<String> {
        let limit = self.config.max_article_bytes;
        let size = |n: usize| {
            if n >= 1_000_000 {
                format!("{:.1} MB", n as f64 / 1e6)
            } else {
                format!("{n} bytes")
            }
        };
        (bytes > limit).then(|| {
            format!(
                "{}, over the limit of {} for one article (raise `max_article_bytes` in quire.toml to index it)",
                size(bytes),
                size(limit)
            )
        })
    }

    /// Settles an article's language: its own tag (`lang`), else `default_language`,
    /// normalised; an unknown tag is kept (unstemmed) and warned about once.
    fn settle_language(&mut self, article: &mut Article, at: &Location) {
        let written = article
            .language
            .as_deref()
            .filter(|tag| !tag.trim().is_empty())
            .unwrap_or(&self.config.default_language)
            .to_string();
        let tag = language::normalize(&written);
        if !language::is_known(&tag) && !self.unknown_languages.contains(&tag) {
            let from = if article.language.is_some() {
                "its `lang`".to_string()
            } else {
                format!(
                    "`default_language` in {}",
                    self.config.source.as_deref().unwrap_or("quire.toml")
                )
            };
            self.warnings.push((
                at.clone(),
                format!(
                    "language `{written}` ({from}) is not a language tag Quire knows, so its \
                     words are not stemmed: write an ISO 639-1 tag such as `en`, `fr` or `fa` \
                     (stemmed: {})",
                    language::STEMMED.map(|(t, _)| t).join(", ")
                ),
            ));
            self.unknown_languages.push(tag.clone());
        }
        article.language = Some(tag);
    }

    fn warn_date(&mut self, at: Location, warning: String) {
        self.date_warning_count += 1;
        if self.date_warnings.len() < MAX_KEPT_ERRORS {
            self.date_warnings.push((at, warning));
        }
    }

    fn accept(&mut self, mut article: Article, at: Location) {
        self.settle_language(&mut article, &at);
        // All kept (an anchor and a place each, less than the entries' own text), so that
        // `quire check --verbose` can list them.
        for anchor in self.registers.tag(&mut article) {
            self.untagged.push((at.clone(), anchor));
        }
        if let Some(&first) = self.ids.get(&article.id) {
            let message = format!(
                "duplicate id `{}`, already used by {}; give one of them another `id` in its front matter (or rename the file)",
                article.id, self.sources[first]
            );
            self.add_error(Error::corpus(at, Some("id"), message));
            return;
        }
        self.ids.insert(article.id.clone(), self.articles.len());
        self.articles.push(article);
        self.sources.push(at);
    }
}

/// Reads one line (its newline included) into `buffer`, keeping at most `limit + 1` bytes of
/// it, so that a line longer than an article may be is measured without being held: a small
/// `.jsonl.gz` can hold a line of gigabytes. Returns the line's whole length, 0 at the end.
fn read_line_within(
    reader: &mut dyn BufRead,
    buffer: &mut Vec<u8>,
    limit: usize,
) -> std::io::Result<usize> {
    let mut length = 0;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        if available.is_empty() {
            return Ok(length);
        }
        let (taken, ends) = match available.iter().position(|&b| b == b'\n') {
            Some(newline) => (newline + 1, true),
            None => (available.len(), false),
        };
        let room = (limit + 1).saturating_sub(buffer.len());
        buffer.extend_from_slice(&available[..taken.min(room)]);
        reader.consume(taken);
        length += taken;
        if ends {
            return Ok(length);
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// The `Location` of a field: a file line for front matter, the record's line for JSON.
type FieldLocator<'a> = &'a dyn Fn(&str) -> Location;

/// Parses one Markdown article. A file without front matter is not an article (a README, a
/// snippet) and is skipped.
pub(crate) fn parse_markdown(file: &str, bytes: &[u8], config: &Config) -> Result<Parsed> {
    let text = utf8(file, bytes)?;
    let front = frontmatter::split(file, text)?;
    if front.raw.is_empty() && front.fields.is_empty() {
        return Ok(Parsed::Skipped(
            "no front matter (--- or +++ block), so not an article".into(),
        ));
    }
    let locate = |key: &str| Location::new(file, Some(front.line_of(key)));
    let stem = std::path::Path::new(file)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(file);
    let mut fields = front.fields.clone();
    // Front matter without a `title` may leave it to the first heading, as some sites do.
    if !fields.contains_key("title")
        && let Some(heading) = first_heading(front.body)
    {
        fields.insert("title".into(), Value::String(heading));
    }
    let Some(mut article) = article_from_fields(&fields, stem, &locate, config)? else {
        return Ok(Parsed::Skipped("draft (draft: true)".into()));
    };
    let mut warnings = Vec::new();
    article.blocks = to_blocks_checked(front.body, article.date, &mut warnings);
    // Lines of the body → lines of the file.
    let body_line = text[..text.len() - front.body.len()].matches('\n').count();
    for (line, _) in &mut warnings {
        *line += body_line;
    }
    Ok(Parsed::Article(Box::new(article), warnings))
}

/// Parses one JSON Lines record.
pub(crate) fn parse_json_line(at: &Location, line: &[u8], config: &Config) -> Result<Parsed> {
    let text = std::str::from_utf8(line).map_err(|_| {
        Error::corpus(
            at.clone(),
            None,
            "this line is not UTF-8 text; convert the file to UTF-8",
        )
    })?;
    let fields = match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(fields)) => fields,
        Ok(_) => {
            return Err(Error::corpus(
                at.clone(),
                None,
                "each line must be one JSON object, like {\"id\": \"a1\", \"title\": \"...\", \"body\": \"...\"}",
            ));
        }
        Err(error) => {
            return Err(Error::corpus(
                at.clone(),
                None,
                format!(
                    "this line is not valid JSON ({error}); each line must hold one complete JSON object"
                ),
            ));
        }
    };
    let locate = |_: &str| at.clone();
    let Some(mut article) = article_from_fields(&fields, "", &locate, config)? else {
        return Ok(Parsed::Skipped("draft (draft: true)".into()));
    };
    let mut warnings = Vec::new();
    if let Some(markdown) = text_field(&fields, "markdown", &locate)? {
        article.blocks = to_blocks_checked(&markdown, article.date, &mut warnings);
    } else if let Some(body) = text_field(&fields, "body", &locate)? {
        article.blocks = plain_to_blocks(&body, article.date, &mut warnings);
    }
    Ok(Parsed::Article(Box::new(article), warnings))
}

/// Decodes UTF-8, or says where the first bad byte is.
fn utf8<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str> {
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(Error::corpus(
            Location::new(file, None),
            None,
            "this is a binary file, not Markdown text; move it out of the corpus folder",
        ));
    }
    std::str::from_utf8(bytes).map_err(|error| {
        let good = &bytes[..error.valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        Error::corpus(
            Location::new(file, Some(line)),
            None,
            format!(
                "this file is not UTF-8 text (invalid byte at offset {}); re-save it as UTF-8",
                error.valid_up_to()
            ),
        )
    })
}

fn first_heading(markdown: &str) -> Option<String> {
    markdown
        .lines()
        .find_map(|line| line.strip_prefix("# "))
        .map(|title| title.trim().to_string())
        .filter(|title| !title.is_empty())
}

/// Keys that map onto [`Article`]'s own fields rather than into `meta`.
const CORE_KEYS: [&str; 14] = [
    "id",
    "lang",
    "title",
    "date",
    "author",
    "authors",
    "kind",
    "section",
    "summary",
    "description",
    "url",
    "body",
    "markdown",
    "draft",
];

fn article_from_fields(
    fields: &Map<String, Value>,
    stem: &str,
    locate: FieldLocator<'_>,
    config: &Config,
) -> Result<Option<Article>> {
    if fields.get("draft").and_then(Value::as_bool) == Some(true) {
        return Ok(None);
    }
    let id = text_field(fields, "id", locate)?
        .or_else(|| (!stem.is_empty()).then(|| stem.to_string()))
        .ok_or_else(|| {
            Error::corpus(
                locate("id"),
                Some("id"),
                "missing; every JSON line needs a unique `id`",
            )
        })?;
    let title = text_field(fields, "title", locate)?
        .filter(|t| !t.trim().is_empty())
        .ok_or_else(|| {
            Error::corpus(
                locate("title"),
                Some("title"),
                "missing or empty; every article needs a title (add `title: ...` to the front matter)",
            )
        })?;
    let date = match text_field(fields, "date", locate)? {
        Some(text) => Some(
            Date::parse_iso(&text)
                .map_err(|message| Error::corpus(locate("date"), Some("date"), message))?,
        ),
        None => None,
    };
    let mut authors = list_field(fields, "authors", locate)?;
    authors.extend(list_field(fields, "author", locate)?);
    let kind = match text_field(fields, "kind", locate)? {
        Some(kind) => Some(kind),
        None => text_field(fields, "section", locate)?,
    };
    let summary = match text_field(fields, "summary", locate)? {
        Some(summary) => summary,
        None => text_field(fields, "description", locate)?.unwrap_or_default(),
    };
    let url =
        text_field(fields, "url", locate)?.unwrap_or_else(|| format!("{}{}/", config.url_base, id));
    check_url(&url).map_err(|message| Error::corpus(locate("url"), Some("url"), message))?;
    let mut article = Article {
        id,
        url,
        title: title.trim().to_string(),
        date,
        authors,
        kind,
        summary: summary.trim().to_string(),
        language: text_field(fields, "lang", locate)?,
        ..Article::default()
    };
    for (key, value) in fields {
        if CORE_KEYS.contains(&key.as_str()) {
            continue;
        }
        match value {
            Value::Number(n) => {
                if let Some(n) = n.as_f64() {
                    article.numbers.insert(key.clone(), n);
                }
            }
            Value::String(_) | Value::Array(_) => {
                let values = list_field(fields, key, locate)?;
                if !values.is_empty() {
                    article.meta.insert(key.clone(), values);
                }
            }
            _ => {}
        }
    }
    for key in &config.sort {
        if key != "date" && fields.contains_key(key) && !article.numbers.contains_key(key) {
            return Err(Error::corpus(
                locate(key),
                Some(key),
                format!("`{key}` is a sort key in quire.toml, so it must be a number here"),
            ));
        }
    }
    Ok(Some(article))
}

/// Links in results are followed by visitors: only web addresses and relative paths are
/// accepted, never `javascript:` or `data:` ones.
pub(crate) fn check_url(url: &str) -> std::result::Result<(), String> {
    let trimmed = url.trim();
    if trimmed.chars().any(char::is_control) {
        return Err("contains control characters; write a plain web address or path".into());
    }
    let scheme_end = trimmed.find(':');
    let path_start = trimmed.find(['/', '?', '#']);
    match scheme_end {
        // A colon before any slash is a scheme.
        Some(colon) if path_start.is_none_or(|slash| colon < slash) => {
            let scheme = trimmed[..colon].to_ascii_lowercase();
            if scheme == "http" || scheme == "https" {
                Ok(())
            } else {
                Err(format!(
                    "`{scheme}:` links are not allowed; use an http(s) address or a path like /analysis/my-article/"
                ))
            }
        }
        _ => Ok(()),
    }
}

/// A text field: a string (or a number, written as text); `None` when absent or null.
fn text_field(
    fields: &Map<String, Value>,
    key: &str,
    locate: FieldLocator<'_>,
) -> Result<Option<String>> {
    match fields.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(_) => Err(Error::corpus(
            locate(key),
            Some(key),
            "must be text; put the value in quotes",
        )),
    }
}

/// A list field: a list of strings, or one string for a one-item list.
fn list_field(
    fields: &Map<String, Value>,
    key: &str,
    locate: FieldLocator<'_>,
) -> Result<Vec<String>> {
    let wrong = || {
        Error::corpus(
            locate(key),
            Some(key),
            "must be text or a list of texts, like [\"a\", \"b\"]",
        )
    };
    match fields.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::String(s)) => Ok(vec![s.trim().to_string()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect()),
        Some(Value::Array(items)) => items
            .iter()
            .filter(|item| !item.is_null())
            .map(|item| match item {
                Value::String(s) => Ok(s.trim().to_string()),
                Value::Number(n) => Ok(n.to_string()),
                _ => Err(wrong()),
            })
            .filter(|item| item.as_ref().map_or(true, |s| !s.is_empty()))
            .collect(),
        Some(_) => Err(wrong()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus() -> Corpus {
        Corpus::new(Config::default())
    }

    #[test]
    fn markdown_article_fields() {
        let md = "---\ntitle: Talks resume\ndate: 2025-05-13\nauthor: Ali Alfoneh\nkind: Analysis\nseries: Iran Media Review\noutlets: [Shargh, Fararu]\nreading_time: 9\n---\n- May 11: Talks in Muscat.\n";
        let Parsed::Article(article, _) =
            parse_markdown("eds/a.md", md.as_bytes(), &Config::default()).unwrap()
        else {
            panic!("not an article")
        };
        assert_eq!(article.id, "a");
        assert_eq!(article.url, "/a/");
        assert_eq!(article.date.unwrap().iso(), "2025-05-13");
        assert_eq!(article.authors, ["Ali Alfoneh"]);
        assert_eq!(article.meta["outlets"], ["Shargh", "Fararu"]);
        assert_eq!(article.meta["series"], ["Iran Media Review"]);
        assert_eq!(article.numbers["reading_time"], 9.0);
        assert_eq!(article.entries().count(), 1);
    }

    #[test]
    fn only_web_and_relative_urls_are_accepted() {
        for good in [
            "/a/b/",
            "https://example.org/x",
            "HTTP://x",
            "page.html",
            "../up",
            "/a:b/",
        ] {
            assert!(check_url(good).is_ok(), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            " JavaScript:x",
            "data:text/html,x",
            "vbscript:x",
            "/a\n/",
        ] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
        let error = parse_markdown(
            "x.md",
            b"---\ntitle: A\nurl: javascript:alert(1)\n---\n",
            &Config::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(error.starts_with("x.md:3: field `url`"), "{error}");
    }

    #[test]
    fn missing_title_names_the_field() {
        let error = parse_markdown(
            "x.md",
            b"---\ndate: 2025-01-01\n---\nText",
            &Config::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            error.starts_with("x.md:1: field `title`: missing"),
            "{error}"
        );
    }

    #[test]
    fn impossible_date_names_its_line() {
        let md = "---\ntitle: A\ndate: 2025-02-30\n---\n";
        let error = parse_markdown("x.md", md.as_bytes(), &Config::default())
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("x.md:3: field `date`:"), "{error}");
        assert!(error.contains("not a real date"), "{error}");
    }

    #[test]
    fn non_utf8_and_binary_files_are_refused() {
        let error = parse_markdown(
            "bad.md",
            b"---\ntitle: A\n---\ncaf\xe9\n",
            &Config::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(error.starts_with("bad.md:4:"), "{error}");
        assert!(error.contains("not UTF-8"), "{error}");
        let error = parse_markdown("img.md", b"\x89PNG\r\n\x1a\n\0\0\0", &Config::default())
            .unwrap_err()
            .to_string();
        assert!(error.contains("binary file"), "{error}");
    }

    #[test]
    fn duplicate_ids_name_both_files() {
        let mut corpus = corpus();
        corpus.add_markdown("a/one.md", b"---\nid: same\ntitle: A\n---\n");
        corpus.add_markdown("b/two.md", b"---\nid: same\ntitle: B\n---\n");
        assert_eq!(corpus.articles().len(), 1);
        let error = corpus.errors()[0].to_string();
        assert!(
            error.starts_with("b/two.md:1: field `id`: duplicate id `same`"),
            "{error}"
        );
        assert!(error.contains("a/one.md"), "{error}");
    }

    #[test]
    fn drafts_are_counted_not_indexed() {
        let mut corpus = corpus();
        corpus.add_markdown("d.md", b"---\ntitle: Draft\ndraft: true\n---\n");
        assert_eq!(
            (corpus.articles().len(), corpus.drafts(), corpus.seen),
            (0, 1, 1)
        );
    }

    #[test]
    fn markdown_without_front_matter_is_skipped_with_a_reason() {
        let mut corpus = corpus();
        corpus.add_markdown("README.md", b"# About this corpus\n\nText.");
        assert!(corpus.articles().is_empty());
        assert_eq!(corpus.skipped.len(), 1);
        assert!(corpus.skipped[0].1.contains("no front matter"));
        assert_eq!(corpus.skipped[0].0.file, "README.md");
    }

    #[test]
    fn json_lines_plain_and_gzip() {
        let lines = "{\"id\":\"1\",\"title\":\"One\",\"date\":null,\"author\":\"A\",\"section\":\"sport\",\"url\":null,\"body\":\"Para one.\\n\\nPara two.\"}\n\n{\"id\":\"2\",\"title\":\"Two\",\"body\":\"x\"}\n";
        let mut corpus = corpus();
        corpus.add_json_lines("c.jsonl", lines.as_bytes()).unwrap();
        assert_eq!(corpus.articles().len(), 2);
        assert_eq!(corpus.articles()[0].kind.as_deref(), Some("sport"));
        assert_eq!(corpus.articles()[0].blocks.len(), 2);

        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, lines.as_bytes()).unwrap();
        let mut corpus2 = self::corpus();
        corpus2
            .add_json_lines("c.jsonl.gz", &gz.finish().unwrap()[..])
            .unwrap();
        assert_eq!(corpus2.articles(), corpus.articles());
    }

    #[test]
    fn a_json_line_over_the_limit_is_measured_not_held() {
        /// Yields `left` bytes of one line, then `tail`, without holding them.
        struct Endless {
            left: usize,
            tail: &'static [u8],
        }
        impl Read for Endless {
            fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
                if self.left > 0 {
                    let n = out.len().min(self.left);
                    out[..n].fill(b'x');
                    self.left -= n;
                    return Ok(n);
                }
                let n = out.len().min(self.tail.len());
                out[..n].copy_from_slice(&self.tail[..n]);
                self.tail = &self.tail[n..];
                Ok(n)
            }
        }
        let mut corpus = Corpus::new(Config {
            max_article_bytes: 1000,
            ..Config::default()
        });
        corpus
            .add_json_lines(
                "big.jsonl",
                Endless {
                    left: 64 << 20,
                    tail: b"\n{\"id\":\"2\",\"title\":\"Two\",\"body\":\"x\"}\n",
                },
            )
            .unwrap();
        // What is held of a line is bounded by the limit, not by the line.
        let mut buffer = Vec::new();
        let mut reader = BufReader::new(Endless {
            left: 64 << 20,
            tail: b"\n",
        });
        let length = read_line_within(&mut reader, &mut buffer, 1000).unwrap();
        assert_eq!(length, (64 << 20) + 1);
        assert_eq!(buffer.len(), 1001);
        assert!(buffer.capacity() < 64 << 10, "{}", buffer.capacity());
        assert_eq!(corpus.articles().len(), 1);
        assert_eq!(corpus.skipped.len(), 1);
        let (at, reason) = &corpus.skipped[0];
        assert_eq!(at.to_string(), "big.jsonl:1");
        assert!(
            reason.starts_with("67.1 MB, over the limit of 1000 bytes"),
            "{reason}"
        );
        assert_eq!(corpus.articles()[0].id, "2");
    }

    #[test]
    fn bad_json_lines_name_their_line() {
        let lines = "{\"id\":\"1\",\"title\":\"One\",\"body\":\"x\"}\n{\"id\":\"2\",\"title\":\n{\"id\":\"3\",\"body\":\"x\"}\n{\"id\":\"4\",\"title\":\"x\",\"date\":\"2023-04-31\"}\n";
        let mut corpus = corpus();
        corpus.add_json_lines("c.jsonl", lines.as_bytes()).unwrap();
        let errors: Vec<String> = corpus.errors().iter().map(ToString::to_string).collect();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(
            errors[0].starts_with("c.jsonl:2: this line is not valid JSON"),
            "{}",
            errors[0]
        );
        assert!(
            errors[1].starts_with("c.jsonl:3: field `title`"),
            "{}",
            errors[1]
        );
        assert!(
            errors[2].starts_with("c.jsonl:4: field `date`"),
            "{}",
            errors[2]
        );
    }
}
