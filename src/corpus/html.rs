//! Built HTML pages (a Hugo `public/` folder, a WordPress static export, any static site) into
//! [`Article`]s: the url from the page's path, the metadata from what sites already emit, and
//! the body without the site's chrome. The README's "Index a built site" documents the rules.
//!
//! The parser is `scraper`: html5ever's tree builder (the HTML standard's algorithm, so broken
//! markup is repaired the way browsers repair it and what is indexed is what readers see) into
//! an arena DOM. Pagefind streams pages through `lol_html` instead; that suits rules decided at
//! an element's start tag, but choosing the content needs the whole page: the `<article>`
//! holding most of `<main>`'s text, the element with the densest paragraphs, the first `<h1>`
//! or `<time>` of the chosen content, and whether any other page marks its body. A page's tree
//! is a few hundred kilobytes at most and is dropped as soon as its article is taken out, so
//! memory stays flat over tens of thousands of pages; the walks over it are iterative
//! (`traverse`), so a deeply nested page cannot overflow the stack.

use std::collections::{HashMap, HashSet};

use ego_tree::{NodeId, NodeRef, iter::Edge};
use scraper::{Html, Node, node::Element};
use serde_json::Value;

use super::check_url;
use super::config::Config;
use super::markdown::{finish_item_with_anchor, number_anchors, push_block, separate};
use crate::date::{Date, leading_entry_date};
use crate::error::{Error, Location, Result};
use crate::model::{Article, Block, BlockKind};

/// The attributes a site can put on its templates.
pub const BODY_ATTR: &str = "data-quire-body";
pub const IGNORE_ATTR: &str = "data-quire-ignore";
pub const FILTER_ATTR: &str = "data-quire-filter";
pub const META_ATTR: &str = "data-quire-meta";
pub const SORT_ATTR: &str = "data-quire-sort";

/// Elements whose content is never article text: the site's chrome, and what is not text.
const CHROME_TAGS: [&str; 23] = [
    "nav", "header", "footer", "aside", "form", "script", "style", "noscript", "template", "svg",
    "button", "iframe", "object", "embed", "select", "textarea", "input", "canvas", "video",
    "audio", "img", "head", "dialog",
];

/// Elements that end a run of text (paragraph-like blocks); all others are inline.
const BLOCK_TAGS: [&str; 33] = [
    "p",
    "div",
    "section",
    "article",
    "main",
    "blockquote",
    "pre",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "caption",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "figure",
    "figcaption",
    "address",
    "details",
    "summary",
    "hr",
    "center",
    "fieldset",
    "legend",
    "body",
    "html",
    "hgroup",
    "menu",
    "search",
    "picture",
];

/// Without `data-quire-body`, descendants of the content whose class or id has one of these
/// words (split at spaces, `-` and `_`) are left out: the names WordPress and most themes give
/// share buttons, related posts, newsletter boxes, bylines and reading times.
const CHROME_WORDS: [&str; 27] = [
    "share",
    "sharing",
    "sharedaddy",
    "social",
    "related",
    "newsletter",
    "subscribe",
    "subscription",
    "comment",
    "comments",
    "breadcrumb",
    "breadcrumbs",
    "sidebar",
    "widget",
    "cookie",
    "promo",
    "advert",
    "advertisement",
    "sponsored",
    "popup",
    "modal",
    "pagination",
    "pager",
    "toc",
    "byline",
    "meta",
    "disclaimer",
];

/// Whole class names of text meant for screen readers only.
const SCREEN_READER_CLASSES: [&str; 4] = [
    "screen-reader-text",
    "sr-only",
    "visually-hidden",
    "visuallyhidden",
];

/// The separators between a page's title and the site's name in `<title>`.
const TITLE_SEPARATORS: [&str; 7] = [" | ", " - ", " – ", " — ", " · ", " :: ", " • "];

/// One page read, before the site-wide steps (title suffixes, body markers) settle it.
#[derive(Debug)]
pub struct Page {
    pub article: Article,
    /// The page has an element with `data-quire-body`.
    pub has_body_marker: bool,
    /// The title came from `og:title` or `<title>`, which may end with the site's name.
    pub title_from_head: bool,
    /// `<title>` and `og:title`, to find the suffixes that many pages share.
    pub head_titles: Vec<String>,
    /// Keys of `data-quire-filter` and `data-quire-sort` seen on the page.
    pub filter_keys: Vec<String>,
    pub sort_keys: Vec<String>,
    /// Problems that did not stop the page from being indexed.
    pub warnings: Vec<String>,
}

/// What a page turned out to be.
#[derive(Debug)]
pub enum PageOutcome {
    Page(Box<Page>),
    /// Left out on purpose; the text says why.
    Skipped(String),
}

/// The id and url of the page at `path` (relative to the site folder, `/`-separated):
/// `a/b/index.html` → (`a/b`, `{url_base}a/b/`), `a/page.html` → (`a/page`,
/// `{url_base}a/page.html`), `index.html` → (`index`, `{url_base}`).
pub fn page_address(path: &str, url_base: &str) -> (String, String) {
    let path = path.trim_start_matches("./").trim_start_matches('/');
    let (id, url_path) = match path.rsplit_once('/') {
        _ if is_index_file(path) => (String::new(), String::new()),
        Some((folder, name)) if is_index_file(name) => (folder.to_string(), format!("{folder}/")),
        _ => (strip_html_extension(path).to_string(), path.to_string()),
    };
    let id = if id.is_empty() {
        "index".to_string()
    } else {
        id
    };
    let base = if url_base.ends_with('/') {
        url_base.to_string()
    } else {
        format!("{url_base}/")
    };
    (id, base + &percent_encode_path(&url_path))
}

fn is_index_file(name: &str) -> bool {
    name == "index.html" || name == "index.htm"
}

fn strip_html_extension(path: &str) -> &str {
    path.strip_suffix(".html")
        .or_else(|| path.strip_suffix(".htm"))
        .unwrap_or(path)
}

/// Escapes what would end or break a url path (spaces, `#`, `?`, `%`, quotes, controls);
/// other characters, non-ASCII included, are valid in an `href` as they are.
fn percent_encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_control() || matches!(c, ' ' | '#' | '?' | '%' | '"' | '<' | '>' | '\\') {
            let mut buffer = [0u8; 4];
            for byte in c.encode_utf8(&mut buffer).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether `name` is a page file: `.html` or `.htm`.
pub fn is_page_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".html") || lower.ends_with(".htm")
}

/// Reads one page. `file` is its path relative to the site folder (`/`-separated), which
/// gives its id and url.
pub fn parse_page(file: &str, bytes: &[u8], config: &Config) -> Result<PageOutcome> {
    let name = file.rsplit('/').next().unwrap_or(file);
    if name == "404.html" || name == "404.htm" {
        return Ok(PageOutcome::Skipped("a 404 page (404.html)".into()));
    }
    let text = decode(file, bytes)?;
    let document = Html::parse_document(text);
    let source = Source { file, text };
    let marks = Marks::collect(&document);
    if let Some(target) = &marks.refresh {
        return Ok(PageOutcome::Skipped(format!(
            "a redirect (<meta http-equiv=\"refresh\"> to {target})"
        )));
    }
    let explicit = !marks.bodies.is_empty();
    let roots: Vec<NodeRef<'_, Node>> = if explicit {
        marks
            .bodies
            .iter()
            .filter_map(|&id| document.tree.get(id))
            .collect()
    } else {
        vec![choose_content(&document)]
    };
    let rules = Rules {
        heuristic: !explicit,
    };

    let mut values = MarkedValues::default();
    for &(id, attr) in &marks.marked {
        let Some(node) = document.tree.get(id) else {
            continue;
        };
        values.read(node, attr, &source)?;
    }

    let (id, url) = page_address(file, &config.url_base);
    let mut article = Article {
        id,
        url,
        ..Article::default()
    };
    let mut warnings = Vec::new();
    let json_ld = JsonLd::parse(&marks.json_ld, &mut warnings);

    // Date first: entries take their year from it.
    let date_text = values
        .take_core("date")
        .map(|v| (v, "data-quire-meta=\"date\""))
        .or_else(|| {
            marks
                .meta("article:published_time")
                .map(|v| (v.to_string(), "article:published_time"))
        })
        .or_else(|| {
            json_ld
                .date_published
                .clone()
                .map(|v| (v, "JSON-LD datePublished"))
        });
    article.date = match date_text {
        Some((text, from)) => Some(Date::parse_iso(&text).map_err(|message| {
            Error::corpus(
                source.locate(&text),
                Some("date"),
                format!("{message} (from {from})"),
            )
        })?),
        None => first_time_datetime(&roots, &document, &source)?,
    };

    let mut blocks = extract_blocks(&roots, rules, article.date, &marks.value_elements);

    let mut title_from_head = false;
    let title = values
        .take_core("title")
        .or_else(|| {
            marks.meta("og:title").map(|t| {
                title_from_head = true;
                t.to_string()
            })
        })
        .or_else(|| first_h1(&roots, &document))
        .or_else(|| {
            marks.title.clone().inspect(|_| {
                title_from_head = true;
            })
        })
        .map(|t| collapse(&t))
        .filter(|t| !t.is_empty());
    article.title = match title {
        Some(title) => title,
        None => {
            let fallback = blocks
                .iter()
                .find(|b| matches!(b.kind, BlockKind::Heading { .. }))
                .map_or_else(|| article.id.clone(), |b| b.text.clone());
            warnings.push(format!(
                "no title (no og:title, <h1> or <title>); using \"{fallback}\""
            ));
            fallback
        }
    };
    // The title is indexed as the title; a first heading that repeats it would count twice.
    if let Some(first) = blocks.first()
        && matches!(first.kind, BlockKind::Heading { .. })
        && first.text.eq_ignore_ascii_case(&article.title)
    {
        blocks.remove(0);
    }
    if blocks.is_empty() {
        return Ok(PageOutcome::Skipped(if explicit {
            "no text in its data-quire-body element(s)".into()
        } else {
            "no text in its content (after leaving out navigation, header, footer, forms and hidden elements)".into()
        }));
    }
    article.blocks = blocks;

    article.authors = match values.take_core_list(&["author", "authors"]) {
        Some(authors) => authors,
        None if !marks.metas_named("author").is_empty() => marks
            .metas_named("author")
            .into_iter()
            .map(collapse)
            .filter(|a| !a.is_empty())
            .collect(),
        None => json_ld.authors.clone(),
    };
    article.summary = values
        .take_core("summary")
        .or_else(|| values.take_core("description"))
        .or_else(|| marks.meta("description").map(String::from))
        .or_else(|| marks.meta("og:description").map(String::from))
        .map(|s| collapse(&s))
        .unwrap_or_default();
    article.kind = values
        .take_core("kind")
        .or_else(|| values.take_core("section"))
        .or_else(|| marks.meta("article:section").map(String::from))
        .map(|s| collapse(&s))
        .filter(|s| !s.is_empty());
    if let Some(id) = values.take_core("id") {
        article.id = id;
    }
    if let Some(url) = values.take_core("url") {
        check_url(&url)
            .map_err(|message| Error::corpus(source.locate(&url), Some("url"), message))?;
        article.url = url;
    }
    let tags: Vec<String> = marks
        .metas_named("article:tag")
        .into_iter()
        .map(collapse)
        .filter(|t| !t.is_empty())
        .collect();
    if !tags.is_empty() {
        article.meta.insert("tags".into(), tags);
    }
    // `data-quire-meta="lang:..."`, else `<html lang>`.
    if let Some(lang) = values
        .take_core("lang")
        .or_else(|| marks.lang.clone())
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
    {
        article.language = Some(lang);
    }
    // Values the page marks itself win over what its head says.
    for (key, list) in values.meta {
        article.meta.insert(key, list);
    }
    for (key, number) in &values.numbers {
        article.numbers.insert(key.clone(), *number);
    }
    for key in &config.sort {
        if key != "date" && values.meta_keys.contains(key) && !article.numbers.contains_key(key) {
            return Err(Error::corpus(
                Location::new(file, None),
                Some(key),
                format!(
                    "`{key}` is a sort key in quire.toml, so give it with data-quire-sort=\"{key}:<number>\", not data-quire-meta"
                ),
            ));
        }
    }
    Ok(PageOutcome::Page(Box::new(Page {
        article,
        has_body_marker: explicit,
        title_from_head,
        head_titles: marks
            .title
            .iter()
            .cloned()
            .chain(marks.meta("og:title").map(String::from))
            .collect(),
        filter_keys: values.filter_keys,
        sort_keys: values.numbers.into_keys().collect(),
        warnings,
    })))
}

/// The page's text, with messages that name the file and line. A NUL in valid UTF-8 is a
/// stray character the parser drops (as browsers do); NULs in bytes that are not UTF-8 are a
/// binary file.
fn decode<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str> {
    if let Some(charset) = declared_charset(bytes)
        && !matches!(charset.as_str(), "utf-8" | "utf8" | "us-ascii" | "ascii")
    {
        return Err(Error::corpus(
            Location::new(file, None),
            None,
            format!(
                "the page declares charset {charset}; Quire reads UTF-8 pages only: convert it (iconv -f {charset} -t UTF-8) or have the site generator write UTF-8"
            ),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|error| {
        if bytes.iter().take(8192).any(|&b| b == 0) {
            return Error::corpus(
                Location::new(file, None),
                None,
                "this is a binary file, not an HTML page; rename it or move it out of the site folder",
            );
        }
        let line = bytes[..error.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        Error::corpus(
            Location::new(file, Some(line)),
            None,
            format!(
                "this page is not UTF-8 text (invalid byte at offset {}); re-save it as UTF-8",
                error.valid_up_to()
            ),
        )
    })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// The charset a page declares in its first 1024 bytes, as browsers look for it.
fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let value: String = head[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    (!value.is_empty()).then_some(value)
}

struct Source<'a> {
    file: &'a str,
    text: &'a str,
}

impl Source<'_> {
    /// Where `needle` first appears in the page: its line, when it appears as written.
    fn locate(&self, needle: &str) -> Location {
        let line = (!needle.is_empty())
            .then(|| self.text.find(needle))
            .flatten()
            .map(|at| self.text[..at].matches('\n').count() + 1);
        Location::new(self.file, line)
    }
}

/// What one pass over the whole page collects: the head's metadata and the marked elements.
#[derive(Default)]
struct Marks {
    lang: Option<String>,
    title: Option<String>,
    /// (name or property, lowercased; content) of each `<meta>`.
    metas: Vec<(String, String)>,
    refresh: Option<String>,
    json_ld: Vec<String>,
    bodies: Vec<NodeId>,
    /// Elements with a `data-quire-filter`, `-meta` or `-sort` attribute, in page order.
    marked: Vec<(NodeId, &'static str)>,
    /// Marked elements whose text is a value: their text is not body text.
    value_elements: HashSet<NodeId>,
}

impl Marks {
    fn collect(document: &Html) -> Marks {
        let mut marks = Marks::default();
        let mut bodies_open = 0usize;
        for edge in document.tree.root().traverse() {
            let node = match edge {
                Edge::Open(node) => node,
                Edge::Close(node) => {
                    if node
                        .value()
                        .as_element()
                        .is_some_and(|e| attr(e, BODY_ATTR).is_some())
                    {
                        bodies_open -= 1;
                    }
                    continue;
                }
            };
            let Some(element) = node.value().as_element() else {
                continue;
            };
            match element.name() {
                "html" if marks.lang.is_none() => {
                    marks.lang = attr(element, "lang").map(String::from)
                }
                "title" if marks.title.is_none() && !in_svg(node) => {
                    marks.title = Some(text_of(node));
                }
                "meta" => {
                    let content = attr(element, "content").unwrap_or("").to_string();
                    if attr(element, "http-equiv")
                        .is_some_and(|v| v.eq_ignore_ascii_case("refresh"))
                    {
                        let target = content
                            .split_once(['=', ';'])
                            .map_or(content.as_str(), |(_, rest)| rest)
                            .trim_start_matches(|c: char| c == ';' || c.is_whitespace())
                            .trim_start_matches("url=")
                            .trim_start_matches("URL=")
                            .trim_matches(['"', '\'', ' '])
                            .to_string();
                        marks.refresh = Some(if target.is_empty() {
                            content.clone()
                        } else {
                            target
                        });
                    }
                    if let Some(key) = attr(element, "property").or_else(|| attr(element, "name")) {
                        marks.metas.push((key.trim().to_ascii_lowercase(), content));
                    }
                }
                "script"
                    if attr(element, "type")
                        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
                {
                    marks.json_ld.push(text_of(node));
                }
                _ => {}
            }
            if attr(element, BODY_ATTR).is_some() {
                // Only the outermost of nested marked elements: the inner text is in it.
                if bodies_open == 0 {
                    marks.bodies.push(node.id());
                }
                bodies_open += 1;
            }
            for name in [FILTER_ATTR, META_ATTR, SORT_ATTR] {
                if let Some(value) = attr(element, name) {
                    marks.marked.push((node.id(), name));
                    if !value.contains(':') && !value.contains('[') {
                        marks.value_elements.insert(node.id());
                    }
                }
            }
        }
        marks
    }

    fn meta(&self, key: &str) -> Option<&str> {
        self.metas
            .iter()
            .find(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
    }

    fn metas_named(&self, key: &str) -> Vec<&str> {
        self.metas
            .iter()
            .filter(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

fn in_svg(node: NodeRef<'_, Node>) -> bool {
    node.ancestors()
        .any(|a| a.value().as_element().is_some_and(|e| e.name() == "svg"))
}

fn attr<'a>(element: &'a Element, name: &str) -> Option<&'a str> {
    element
        .attrs
        .iter()
        .find(|(qual, _)| &*qual.local == name)
        .map(|(_, value)| &**value)
}

/// All the text under `node`, whitespace collapsed.
fn text_of(node: NodeRef<'_, Node>) -> String {
    let mut text = String::new();
    for descendant in node.descendants() {
        if let Node::Text(t) = descendant.value() {
            text.push_str(t);
        }
    }
    collapse(&text)
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Values given by `data-quire-meta`, `-filter` and `-sort`.
#[derive(Default)]
struct MarkedValues {
    /// Keys that map onto the article's own fields (title, date, ...), first value wins.
    core: HashMap<String, Vec<String>>,
    meta: HashMap<String, Vec<String>>,
    /// Keys given by data-quire-meta (to tell a sort key given the wrong way).
    meta_keys: HashSet<String>,
    numbers: HashMap<String, f64>,
    filter_keys: Vec<String>,
}

/// Front-matter keys that are the article's own fields rather than `meta` values.
const CORE_KEYS: [&str; 11] = [
    "title",
    "lang",
    "date",
    "author",
    "authors",
    "kind",
    "section",
    "summary",
    "description",
    "id",
    "url",
];

impl MarkedValues {
    /// Reads one marked attribute: `key:value`, `key[attribute]` (the value is that attribute
    /// of the element) or `key` (the value is the element's text).
    fn read(
        &mut self,
        node: NodeRef<'_, Node>,
        attr_name: &str,
        source: &Source<'_>,
    ) -> Result<()> {
        let Some(element) = node.value().as_element() else {
            return Ok(());
        };
        let spec = attr(element, attr_name).unwrap_or("").trim();
        let located = || {
            source
                .locate(&format!("{attr_name}=\"{spec}\""))
                .line
                .map_or_else(
                    || source.locate(spec),
                    |line| Location::new(source.file, Some(line)),
                )
        };
        let bad = |why: &str| {
            Error::corpus(
                located(),
                None,
                format!(
                    "{attr_name}=\"{spec}\": {why}; write key:value, key (the element's text is the value) or key[attribute]"
                ),
            )
        };
        let (key, value) = if let Some((key, value)) = spec.split_once(':') {
            (key.trim(), value.trim().to_string())
        } else if let Some((key, rest)) = spec.split_once('[') {
            let Some(name) = rest.strip_suffix(']') else {
                return Err(bad("missing `]`"));
            };
            let Some(value) = attr(element, name.trim()) else {
                return Err(bad(&format!(
                    "the element has no `{}` attribute",
                    name.trim()
                )));
            };
            (key.trim(), value.trim().to_string())
        } else {
            (spec, text_of(node))
        };
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        {
            return Err(bad("the key must be letters, digits, `_` or `-`"));
        }
        let value = collapse(&value);
        if value.is_empty() {
            return Ok(());
        }
        let key = key.to_string();
        match attr_name {
            SORT_ATTR => {
                let number: f64 = value.replace(',', "").parse().map_err(|_| {
                    Error::corpus(
                        located(),
                        Some(&key),
                        format!(
                            "{attr_name}=\"{spec}\": `{value}` is not a number; sort keys are numbers (a date sorts with the built-in `date`)"
                        ),
                    )
                })?;
                self.numbers.insert(key, number);
            }
            FILTER_ATTR => {
                if !self.filter_keys.contains(&key) {
                    self.filter_keys.push(key.clone());
                }
                push_new(self.meta.entry(key).or_default(), value);
            }
            _ if CORE_KEYS.contains(&key.as_str()) => {
                self.core.entry(key).or_default().push(value);
            }
            _ => {
                self.meta_keys.insert(key.clone());
                push_new(self.meta.entry(key).or_default(), value);
            }
        }
        Ok(())
    }

    fn take_core(&mut self, key: &str) -> Option<String> {
        self.core.remove(key).and_then(|v| v.into_iter().next())
    }

    fn take_core_list(&mut self, keys: &[&str]) -> Option<Vec<String>> {
        let mut out = Vec::new();
        for key in keys {
            out.extend(self.core.remove(*key).unwrap_or_default());
        }
        (!out.is_empty()).then_some(out)
    }
}

fn push_new(list: &mut Vec<String>, value: String) {
    if !list.contains(&value) {
        list.push(value);
    }
}

/// What the page's JSON-LD says (schema.org Article and friends).
#[derive(Default)]
struct JsonLd {
    date_published: Option<String>,
    authors: Vec<String>,
}

impl JsonLd {
    fn parse(scripts: &[String], warnings: &mut Vec<String>) -> JsonLd {
        let mut values = Vec::new();
        for script in scripts {
            match serde_json::from_str::<Value>(script) {
                Ok(value) => values.push(value),
                Err(error) => warnings.push(format!(
                    "a <script type=\"application/ld+json\"> is not valid JSON ({error}); its metadata is not used"
                )),
            }
        }
        let mut objects = Vec::new();
        for value in &values {
            gather_objects(value, &mut objects);
        }
        // Authors are often references to a Person elsewhere in the graph.
        let names: HashMap<&str, &str> = objects
            .iter()
            .filter_map(|o| Some((o.get("@id")?.as_str()?, o.get("name")?.as_str()?)))
            .collect();
        let mut json_ld = JsonLd::default();
        for object in &objects {
            if json_ld.date_published.is_none()
                && let Some(date) = object.get("datePublished").and_then(Value::as_str)
            {
                json_ld.date_published = Some(date.to_string());
            }
            if json_ld.authors.is_empty()
                && let Some(author) = object.get("author")
            {
                let list = match author {
                    Value::Array(items) => items.iter().collect(),
                    other => vec![other],
                };
                for item in list {
                    let name = match item {
                        Value::String(name) => Some(name.as_str()),
                        Value::Object(o) => o
                            .get("name")
                            .and_then(Value::as_str)
                            .or_else(|| names.get(o.get("@id")?.as_str()?).copied()),
                        _ => None,
                    };
                    if let Some(name) = name.map(collapse).filter(|n| !n.is_empty()) {
                        push_new(&mut json_ld.authors, name);
                    }
                }
            }
        }
        json_ld
    }
}

fn gather_objects<'a>(value: &'a Value, out: &mut Vec<&'a serde_json::Map<String, Value>>) {
    match value {
        Value::Array(items) => items.iter().for_each(|item| gather_objects(item, out)),
        Value::Object(object) => {
            out.push(object);
            if let Some(graph) = object.get("@graph") {
                gather_objects(graph, out);
            }
        }
        _ => {}
    }
}

/// How the content is told from the chrome.
#[derive(Clone, Copy)]
struct Rules {
    /// No `data-quire-body` on the page: class and id names hint at chrome too.
    heuristic: bool,
}

/// Whether an element and everything in it is left out of the text.
fn is_left_out(element: &Element, rules: Rules) -> bool {
    if CHROME_TAGS.contains(&element.name()) || attr(element, IGNORE_ATTR).is_some() {
        return true;
    }
    if attr(element, "hidden").is_some_and(|v| !v.eq_ignore_ascii_case("until-found"))
        || attr(element, "aria-hidden").is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        return true;
    }
    if let Some(style) = attr(element, "style") {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if style.contains("display:none") || style.contains("visibility:hidden") {
            return true;
        }
    }
    if rules.heuristic {
        for name in attr(element, "class")
            .into_iter()
            .flat_map(str::split_ascii_whitespace)
        {
            if SCREEN_READER_CLASSES
                .iter()
                .any(|class| class.eq_ignore_ascii_case(name))
                || has_chrome_word(name)
            {
                return true;
            }
        }
        if attr(element, "id").is_some_and(has_chrome_word) {
            return true;
        }
    }
    false
}

fn has_chrome_word(name: &str) -> bool {
    name.split(['-', '_']).any(|word| {
        CHROME_WORDS
            .iter()
            .any(|chrome| chrome.eq_ignore_ascii_case(word))
    })
}

/// Visits the elements under `root` that are not left out, in page order, calling `open`
/// and `close` for each (and `text` for text). `root` itself is always visited.
fn walk<'a>(
    root: NodeRef<'a, Node>,
    rules: Rules,
    skip: &dyn Fn(NodeRef<'a, Node>) -> bool,
    visit: &mut dyn FnMut(Visit<'a>),
) {
    let mut left_out: Option<NodeId> = None;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => {
                if left_out.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Element(element) => {
                        if node.id() != root.id() && (is_left_out(element, rules) || skip(node)) {
                            left_out = Some(node.id());
                            continue;
                        }
                        visit(Visit::Open(node, element));
                    }
                    Node::Text(text) => visit(Visit::Text(text)),
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if left_out == Some(node.id()) {
                    left_out = None;
                } else if left_out.is_none()
                    && let Node::Element(element) = node.value()
                {
                    visit(Visit::Close(element));
                }
            }
        }
    }
}

enum Visit<'a> {
    Open(NodeRef<'a, Node>, &'a Element),
    Close(&'a Element),
    Text(&'a str),
}

/// The length of the text under `root` that is kept, and of the part of it inside links.
fn text_lengths(root: NodeRef<'_, Node>, rules: Rules) -> (usize, usize) {
    let (mut all, mut linked, mut links_open) = (0usize, 0usize, 0usize);
    walk(root, rules, &|_| false, &mut |visit| match visit {
        Visit::Text(text) => {
            let len = text.split_whitespace().map(str::len).sum::<usize>();
            all += len;
            if links_open > 0 {
                linked += len;
            }
        }
        Visit::Open(_, e) if e.name() == "a" => links_open += 1,
        Visit::Close(e) if e.name() == "a" => links_open = links_open.saturating_sub(1),
        _ => {}
    });
    (all, linked)
}

fn named<'a>(document: &'a Html, wanted: &dyn Fn(&Element) -> bool) -> Vec<NodeRef<'a, Node>> {
    document
        .tree
        .root()
        .descendants()
        .filter(|n| n.value().as_element().is_some_and(wanted))
        .collect()
}

/// The content of a page without `data-quire-body`: the `<main>` (or `role=main`) region,
/// else the body; within it, the `<article>` with the most text when it holds at least half
/// of the region's text (an article page with related teasers), else the whole region (a
/// listing). Without `<main>` or `<article>`, the element whose paragraphs hold the most text
/// outside links.
fn choose_content(document: &Html) -> NodeRef<'_, Node> {
    let rules = Rules { heuristic: true };
    let visible = |n: &NodeRef<'_, Node>| {
        !n.ancestors().chain(std::iter::once(*n)).any(|a| {
            a.value()
                .as_element()
                .is_some_and(|e| is_left_out(e, rules))
        })
    };
    let body = named(document, &|e| e.name() == "body")
        .into_iter()
        .next()
        .unwrap_or_else(|| document.tree.root());
    let main = named(document, &|e| {
        e.name() == "main" || attr(e, "role").is_some_and(|r| r.eq_ignore_ascii_case("main"))
    })
    .into_iter()
    .find(visible);
    let region = main.unwrap_or(body);
    let articles: Vec<NodeRef<'_, Node>> = region
        .descendants()
        .filter(|n| {
            n.value()
                .as_element()
                .is_some_and(|e| e.name() == "article")
        })
        .filter(|n| {
            // Outermost articles only, and none inside chrome.
            !n.ancestors()
                .take_while(|a| a.id() != region.id())
                .any(|a| {
                    a.value()
                        .as_element()
                        .is_some_and(|e| e.name() == "article")
                })
                && visible(n)
        })
        .collect();
    if !articles.is_empty() {
        let region_len = text_lengths(region, rules).0;
        let best = articles
            .iter()
            .map(|a| (text_lengths(*a, rules).0, *a))
            .max_by_key(|(len, _)| *len);
        if let Some((len, article)) = best
            && len * 2 >= region_len
        {
            return article;
        }
        return region;
    }
    if main.is_some() {
        return region;
    }
    densest(body).unwrap_or(body)
}

/// The element whose paragraph-like children hold the most text outside links (each block
/// counts fully for its parent and half for its grandparent, so that a wrapper of several
/// sections can win over one section).
fn densest(body: NodeRef<'_, Node>) -> Option<NodeRef<'_, Node>> {
    let rules = Rules { heuristic: true };
    let mut credit: HashMap<NodeId, usize> = HashMap::new();
    let mut order = Vec::new();
    walk(body, rules, &|_| false, &mut |visit| {
        if let Visit::Open(node, element) = visit
            && matches!(
                element.name(),
                "p" | "li" | "blockquote" | "pre" | "h2" | "h3" | "h4" | "h5" | "h6" | "dd"
            )
        {
            let (all, linked) = text_lengths(node, rules);
            let score = all - linked;
            if score == 0 {
                return;
            }
            if let Some(parent) = node.parent() {
                *credit.entry(parent.id()).or_insert_with(|| {
                    order.push(parent.id());
                    0
                }) += score;
                if let Some(grandparent) = parent.parent() {
                    *credit.entry(grandparent.id()).or_insert_with(|| {
                        order.push(grandparent.id());
                        0
                    }) += score / 2;
                }
            }
        }
    });
    // The first of equals, for a stable choice.
    let best = order.iter().max_by(|a, b| {
        credit[*a]
            .cmp(&credit[*b])
            .then_with(|| order_of(&order, **b).cmp(&order_of(&order, **a)))
    })?;
    body.tree().get(*best)
}

fn order_of(order: &[NodeId], id: NodeId) -> usize {
    order.iter().position(|o| *o == id).unwrap_or(usize::MAX)
}

/// Places where a site's own name or other pages' dates sit: not where a page's title or
/// date is looked for outside its content.
fn in_page_chrome(node: NodeRef<'_, Node>) -> bool {
    node.ancestors().any(|a| {
        a.value()
            .as_element()
            .is_some_and(|e| matches!(e.name(), "header" | "nav" | "footer" | "aside"))
    })
}

/// The first visible `<h1>` of the content, else of the page outside its header, navigation,
/// footer and asides.
fn first_h1(roots: &[NodeRef<'_, Node>], document: &Html) -> Option<String> {
    let is_h1 = |e: &Element| e.name() == "h1";
    first_in(roots, document, &is_h1, &|_| true).map(text_of)
}

/// Finds the first element that `wanted` accepts, first in the content (including its own
/// header: an article's `<header>` holds its title and date), then elsewhere on the page
/// outside the chrome.
fn first_in<'a>(
    roots: &[NodeRef<'a, Node>],
    document: &'a Html,
    wanted: &dyn Fn(&Element) -> bool,
    accept: &dyn Fn(NodeRef<'a, Node>) -> bool,
) -> Option<NodeRef<'a, Node>> {
    let hidden_only = |element: &Element| {
        !matches!(element.name(), "header" | "footer")
            && is_left_out(element, Rules { heuristic: false })
    };
    let visible = |n: NodeRef<'a, Node>, stop: NodeId| {
        !n.ancestors()
            .chain(std::iter::once(n))
            .take_while(|a| a.id() != stop)
            .any(|a| a.value().as_element().is_some_and(hidden_only))
    };
    for root in roots {
        let found = root.descendants().find(|n| {
            n.value().as_element().is_some_and(wanted) && visible(*n, root.id()) && accept(*n)
        });
        if found.is_some() {
            return found;
        }
    }
    let root = document.tree.root();
    root.descendants().find(|n| {
        n.value().as_element().is_some_and(wanted)
            && visible(*n, root.id())
            && !in_page_chrome(*n)
            && accept(*n)
    })
}

/// The date of the first `<time datetime="YYYY-MM-DD...">` of the content (or of the page
/// outside its chrome) that is not in a list item (those date entries). A `datetime` that is
/// not a day (a duration such as `PT8M`, a month) is passed over; an impossible day is an
/// error.
fn first_time_datetime(
    roots: &[NodeRef<'_, Node>],
    document: &Html,
    source: &Source<'_>,
) -> Result<Option<Date>> {
    let is_day = |text: &str| {
        let bytes = text.trim().as_bytes();
        bytes.len() >= 10
            && bytes[..4].iter().all(u8::is_ascii_digit)
            && bytes[4] == b'-'
            && bytes[7] == b'-'
    };
    let wanted = |e: &Element| e.name() == "time" && attr(e, "datetime").is_some_and(is_day);
    let not_in_item = |n: NodeRef<'_, Node>| {
        !n.ancestors()
            .any(|a| a.value().as_element().is_some_and(|e| e.name() == "li"))
    };
    let Some(node) = first_in(roots, document, &wanted, &not_in_item) else {
        return Ok(None);
    };
    let text = node
        .value()
        .as_element()
        .and_then(|e| attr(e, "datetime"))
        .unwrap_or("");
    Date::parse_iso(text).map(Some).map_err(|message| {
        Error::corpus(
            source.locate(&format!("datetime=\"{text}\"")),
            Some("date"),
            format!("{message} (from <time datetime>)"),
        )
    })
}

/// An open list item: its text so far, whether it turned out to be an entry (which absorbs
/// its nested items), and its `id`.
struct OpenItem {
    text: String,
    is_entry: bool,
    anchor: Option<String>,
}

/// Turns the content into blocks the way the Markdown reader does: headings, paragraphs and
/// list items, and list items that open with a date as entries.
fn extract_blocks(
    roots: &[NodeRef<'_, Node>],
    rules: Rules,
    article_date: Option<Date>,
    value_elements: &HashSet<NodeId>,
) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut items: Vec<OpenItem> = Vec::new();
    let mut current = String::new();
    let mut heading: Option<Option<String>> = None;
    let mut preformatted = 0usize;
    let skip = |node: NodeRef<'_, Node>| value_elements.contains(&node.id());
    let flush = |blocks: &mut Vec<Block>,
                 current: &mut String,
                 heading: &Option<Option<String>>,
                 items: &[OpenItem]| {
        if items.is_empty() {
            let kind = match heading {
                Some(anchor) => BlockKind::Heading {
                    anchor: anchor.clone(),
                },
                None => BlockKind::Paragraph,
            };
            push_block(blocks, kind, current);
            current.clear();
        } else {
            separate(current);
        }
    };
    for root in roots {
        walk(*root, rules, &skip, &mut |visit| match visit {
            Visit::Text(text) => {
                if preformatted > 0 {
                    // Lines of code or verse are words apart, not one run of text.
                    current.push_str(&text.replace('\n', " \n "));
                } else {
                    current.push_str(text);
                }
            }
            Visit::Open(_, element) => match element.name() {
                "br" => current.push(' '),
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                    flush(&mut blocks, &mut current, &heading, &items);
                    if items.is_empty() {
                        heading = Some(
                            attr(element, "id")
                                .map(|id| id.trim().to_string())
                                .filter(|id| !id.is_empty()),
                        );
                    }
                }
                "li" => {
                    if let Some(parent) = items.last_mut() {
                        parent.text.push_str(&current);
                        current.clear();
                        if !parent.is_entry {
                            parent.is_entry =
                                leading_entry_date(&parent.text, article_date).is_some();
                        }
                        if !parent.is_entry {
                            // The parent's own words come before its children.
                            let text = std::mem::take(&mut parent.text);
                            push_block(&mut blocks, BlockKind::ListItem, &text);
                        }
                    } else {
                        flush(&mut blocks, &mut current, &heading, &items);
                    }
                    items.push(OpenItem {
                        text: String::new(),
                        is_entry: false,
                        anchor: attr(element, "id")
                            .map(|id| id.trim().to_string())
                            .filter(|id| !id.is_empty()),
                    });
                }
                "td" | "th" => separate(&mut current),
                "pre" => {
                    flush(&mut blocks, &mut current, &heading, &items);
                    preformatted += 1;
                }
                name if BLOCK_TAGS.contains(&name) => {
                    flush(&mut blocks, &mut current, &heading, &items);
                }
                _ => {}
            },
            Visit::Close(element) => match element.name() {
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                    flush(&mut blocks, &mut current, &heading, &items);
                    heading = None;
                }
                "li" => {
                    let Some(mut item) = items.pop() else {
                        return;
                    };
                    item.text.push_str(&current);
                    current.clear();
                    match items.last_mut() {
                        Some(parent) if parent.is_entry => {
                            // Nested detail of an entry belongs to the entry.
                            separate(&mut parent.text);
                            parent.text.push_str(&item.text);
                        }
                        _ => finish_item_with_anchor(
                            &mut blocks,
                            &item.text,
                            article_date,
                            item.anchor.unwrap_or_default(),
                        ),
                    }
                }
                "td" | "th" => current.push(' '),
                "pre" => {
                    preformatted = preformatted.saturating_sub(1);
                    flush(&mut blocks, &mut current, &heading, &items);
                }
                name if BLOCK_TAGS.contains(&name) => {
                    flush(&mut blocks, &mut current, &heading, &items);
                }
                _ => {}
            },
        });
        // Whatever a broken page left open.
        while let Some(item) = items.pop() {
            let text = item.text + &current;
            current.clear();
            finish_item_with_anchor(
                &mut blocks,
                &text,
                article_date,
                item.anchor.unwrap_or_default(),
            );
        }
        flush(&mut blocks, &mut current, &heading, &items);
        heading = None;
    }
    number_anchors(&mut blocks);
    blocks
}

/// The trailing parts of `<title>`s ("Site", then "Section | Site", ...) that at least two
/// pages and at least half of the pages with a title share: the site's name, not the page's.
pub fn shared_title_suffixes<'a>(
    titles_per_page: impl Iterator<Item = &'a [String]>,
) -> HashSet<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut titled = 0usize;
    for titles in titles_per_page {
        if titles.is_empty() {
            continue;
        }
        titled += 1;
        let mut seen = HashSet::new();
        for title in titles {
            for (_, suffix) in title_splits(title.trim()) {
                seen.insert(suffix.to_string());
            }
        }
        for suffix in seen {
            *counts.entry(suffix).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .filter(|&(_, count)| count >= 2 && count * 2 >= titled)
        .map(|(suffix, _)| suffix)
        .collect()
}

/// The ways to cut a title at a separator, last separator first: `"A | B | C"` →
/// `("A | B", "C")`, `("A", "B | C")`.
fn title_splits(title: &str) -> Vec<(&str, &str)> {
    let mut splits = Vec::new();
    let mut end = title.len();
    loop {
        let last = TITLE_SEPARATORS
            .iter()
            .filter_map(|sep| title[..end].rfind(sep).map(|at| (at, sep.len())))
            .max_by_key(|(at, _)| *at);
        match last {
            Some((at, len)) if at > 0 => {
                splits.push((&title[..at], &title[at + len..]));
                end = at;
            }
            _ => return splits,
        }
    }
}

/// The title without the longest shared suffix it ends with.
pub fn strip_site_suffix(title: &str, shared: &HashSet<String>) -> String {
    let title = title.trim();
    title_splits(title)
        .into_iter()
        .rev()
        .find(|(head, suffix)| shared.contains(*suffix) && !head.trim().is_empty())
        .map_or(title, |(head, _)| head)
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(html: &str) -> Page {
        match parse_page("a/b/index.html", html.as_bytes(), &Config::default()).unwrap() {
            PageOutcome::Page(page) => *page,
            PageOutcome::Skipped(why) => panic!("skipped: {why}"),
        }
    }

    #[test]
    fn a_page_marks_its_language_over_html_lang() {
        let marked = page(
            r#"<html lang="en"><body><main><h1>T</h1><p data-quire-meta="lang:fr-FR">Texte.</p></main></body></html>"#,
        );
        assert_eq!(marked.article.language.as_deref(), Some("fr-FR"));
        assert!(!marked.article.meta.contains_key("lang"));
        let unmarked =
            page(r#"<html lang="de"><body><main><h1>T</h1><p>Text.</p></main></body></html>"#);
        assert_eq!(unmarked.article.language.as_deref(), Some("de"));
    }

    fn skipped(file: &str, html: &str) -> String {
        match parse_page(file, html.as_bytes(), &Config::default()).unwrap() {
            PageOutcome::Page(page) => panic!("not skipped: {:?}", page.article),
            PageOutcome::Skipped(why) => why,
        }
    }

    fn texts(article: &Article) -> Vec<String> {
        article
            .blocks
            .iter()
            .map(|b| {
                let kind = match &b.kind {
                    BlockKind::Heading { anchor: Some(a) } => format!("h#{a}"),
                    BlockKind::Heading { anchor: None } => "h".into(),
                    BlockKind::Paragraph => "p".into(),
                    BlockKind::ListItem => "li".into(),
                    BlockKind::Entry { anchor, .. } => format!("entry#{anchor}"),
                };
                format!("{kind} {}", b.text)
            })
            .collect()
    }

    #[test]
    fn urls_and_ids_come_from_the_path() {
        assert_eq!(
            page_address("a/b/index.html", "/"),
            ("a/b".into(), "/a/b/".into())
        );
        assert_eq!(
            page_address("a/page.html", "/blog/"),
            ("a/page".into(), "/blog/a/page.html".into())
        );
        assert_eq!(
            page_address("index.html", "/"),
            ("index".into(), "/".into())
        );
        assert_eq!(
            page_address("x/a b#c.html", "https://example.org"),
            (
                "x/a b#c".into(),
                "https://example.org/x/a%20b%23c.html".into()
            )
        );
    }

    #[test]
    fn head_metadata_in_order_of_precedence() {
        let p = page(
            r#"<!doctype html><html lang="fr"><head><title>Page | Site</title>
            <meta property="og:title" content="From OG">
            <meta name="description" content="The summary.">
            <meta property="og:description" content="Not this one.">
            <meta name="author" content="A. Writer">
            <meta property="article:published_time" content="2025-01-31T08:00:00+03:00">
            <meta property="article:section" content="Analysis">
            <meta property="article:tag" content="one"><meta property="article:tag" content="two">
            <script type="application/ld+json">{"@context":"https://schema.org","datePublished":"2020-01-01","author":{"name":"Other"}}</script>
            </head><body><main><h1>From H1</h1><p>Body text.</p></main></body></html>"#,
        );
        let a = &p.article;
        assert_eq!(a.title, "From OG");
        assert!(p.title_from_head);
        assert_eq!(a.date.unwrap().iso(), "2025-01-31");
        assert_eq!(a.authors, ["A. Writer"]);
        assert_eq!(a.summary, "The summary.");
        assert_eq!(a.kind.as_deref(), Some("Analysis"));
        assert_eq!(a.meta["tags"], ["one", "two"]);
        assert_eq!(a.language.as_deref(), Some("fr"));
        assert_eq!(a.url, "/a/b/");
        // The h1 is another title, so it stays in the text.
        assert_eq!(texts(a), ["h From H1", "p Body text."]);
    }

    #[test]
    fn json_ld_and_time_are_the_fallbacks() {
        let p = page(
            r##"<html><head><title>T</title><script type="application/ld+json">
            {"@graph":[{"@type":"Person","@id":"#p","name":"Graph Person"},
                       {"@type":"Article","datePublished":"2024-07-11","author":{"@id":"#p"}}]}
            </script></head><body><main><h1>Heading title</h1><p>x</p></main></body></html>"##,
        );
        assert_eq!(p.article.date.unwrap().iso(), "2024-07-11");
        assert_eq!(p.article.authors, ["Graph Person"]);
        assert_eq!(p.article.title, "Heading title");
        assert_eq!(
            texts(&p.article),
            ["p x"],
            "the h1 that is the title is not repeated"
        );

        let p = page(
            r#"<body><header><h1>Site name</h1><time datetime="2001-01-01">old</time></header>
            <article><header><h2>x</h2><time datetime="PT8M">8 min read</time>
            <time datetime="2023-10-03">October 3</time></header>
            <ul><li><time datetime="2023-10-01">Oct 1</time>: item</li></ul></article></body>"#,
        );
        assert_eq!(p.article.date.unwrap().iso(), "2023-10-03");
        // The site's h1 is not the page's title, nor a heading of the article's own header.
        assert_eq!(p.article.title, "a/b");
        assert!(p.warnings[0].contains("no title"), "{:?}", p.warnings);
    }

    #[test]
    fn impossible_dates_are_errors_that_name_the_line() {
        let html = "<html><head>\n<meta property=\"article:published_time\" content=\"2025-02-30\">\n</head><body><p>x</p></body></html>";
        let error = parse_page("p.html", html.as_bytes(), &Config::default())
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("p.html:2: field `date`"), "{error}");
        assert!(error.contains("article:published_time"), "{error}");
    }

    #[test]
    fn chrome_and_hidden_elements_are_left_out() {
        let p = page(
            r#"<body><nav>Home About</nav><header><h1>Site</h1></header>
            <main><h1>Title</h1>
            <p>Kept <span hidden>hidden</span><span aria-hidden="true">icon</span>
            <span style="display: none">none</span> words.</p>
            <form><p>This field is for validation purposes and should be left unchanged.</p></form>
            <div class="post-share-buttons"><a href="x">Share on X</a></div>
            <div data-quire-ignore><p>Ignored.</p></div>
            <script>var x = "script";</script><button>Click</button>
            <p class="sr-only">Screen reader</p>
            <aside><p>Related</p></aside></main><footer>Copyright</footer></body>"#,
        );
        assert_eq!(texts(&p.article), ["p Kept words."]);
        assert_eq!(p.article.title, "Title");
    }

    #[test]
    fn the_article_with_most_of_the_text_wins_over_related_teasers() {
        let body = "word ".repeat(80);
        let p = page(&format!(
            r#"<body><main><article><h1>Main</h1><p>{body}</p></article>
            <section><article><h2>Teaser one</h2><p>short</p></article>
            <article><h2>Teaser two</h2><p>short</p></article></section></main></body>"#
        ));
        assert_eq!(p.article.blocks.len(), 1, "{:?}", texts(&p.article));
        // A listing of equals keeps the whole region.
        let p = page(
            r#"<title>Topics</title><body><main><article><h2>One</h2><p>aaa bbb</p></article>
            <article><h2>Two</h2><p>ccc ddd</p></article><article><h2>Three</h2><p>eee</p></article></main></body>"#,
        );
        assert_eq!(p.article.blocks.len(), 6, "{:?}", texts(&p.article));
    }

    #[test]
    fn without_landmarks_the_densest_element_is_the_content() {
        let p = page(&format!(
            r#"<body><div class="top"><a href="/">Home</a> <a href="/a">About</a></div>
            <div class="wrap"><div class="content"><p>{}</p><p>Second paragraph.</p></div>
            <div class="links"><p><a href="/x">A link list</a></p></div></div>
            <div class="bottom"><p>Short footer text.</p></div></body>"#,
            "Real text here. ".repeat(10)
        ));
        let t = texts(&p.article);
        assert_eq!(t.len(), 2, "{t:?}");
        assert!(t[1].contains("Second paragraph"));
    }

    #[test]
    fn explicit_body_and_marked_values() {
        let p = page(
            r#"<html><head><title>Head title</title></head><body>
            <div class="related">Outside the body.</div>
            <div data-quire-body>
              <p>Inside. <span data-quire-meta="author">Ali Alfoneh</span></p>
              <div class="share">Still kept: class names only guide pages without markup.</div>
              <span data-quire-filter="series:Iran Media Review"></span>
              <span data-quire-filter="outlets">Shargh</span><span data-quire-filter="outlets">Fararu</span>
              <span data-quire-sort="reading_time">9</span>
              <time data-quire-meta="date[datetime]" datetime="2025-05-13">May 13</time>
            </div></body></html>"#,
        );
        let a = &p.article;
        assert!(p.has_body_marker);
        assert_eq!(a.authors, ["Ali Alfoneh"]);
        assert_eq!(a.meta["series"], ["Iran Media Review"]);
        assert_eq!(a.meta["outlets"], ["Shargh", "Fararu"]);
        assert_eq!(a.numbers["reading_time"], 9.0);
        assert_eq!(a.date.unwrap().iso(), "2025-05-13");
        assert_eq!(p.filter_keys, ["series", "outlets"]);
        assert_eq!(
            texts(a),
            [
                "p Inside.",
                "p Still kept: class names only guide pages without markup.",
                "p May 13"
            ]
        );
    }

    #[test]
    fn bad_marked_values_name_the_line() {
        let html =
            "<body data-quire-body>\n<p>x</p>\n<span data-quire-sort=\"words:many\"></span></body>";
        let error = parse_page("s.html", html.as_bytes(), &Config::default())
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("s.html:3: field `words`"), "{error}");
        let html = "<body>\n<p data-quire-meta=\"bad key\">x</p></body>";
        let error = parse_page("s.html", html.as_bytes(), &Config::default())
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("s.html:2: data-quire-meta"), "{error}");
    }

    #[test]
    fn dated_items_become_entries_with_their_ids_and_details() {
        let p = page(
            r#"<html><head><meta property="article:published_time" content="2025-01-31"></head>
            <body><main><p>Intro.</p><ul>
            <li id="jan-29">January 29: Pezeshkian said no message came.<ul><li>A nested detail.</li></ul></li>
            <li><strong>January 29</strong>: Araghchi agreed.</li>
            <li>A plain item</li></ul>
            <h2 id="background">Background</h2><p>More.</p></main></body></html>"#,
        );
        assert_eq!(
            texts(&p.article),
            [
                "p Intro.",
                "entry#jan-29 Pezeshkian said no message came. A nested detail.",
                "entry#2025-01-29-2 Araghchi agreed.",
                "li A plain item",
                "h#background Background",
                "p More."
            ]
        );
        let headings: Vec<_> = p.article.anchored_headings().collect();
        assert_eq!(headings, [("background", "Background")]);
    }

    #[test]
    fn redirects_404s_and_empty_pages_are_skipped_with_a_reason() {
        let why = skipped(
            "old/index.html",
            r#"<html><head><meta http-equiv="refresh" content="0; url=/new/"></head></html>"#,
        );
        assert!(why.contains("redirect") && why.contains("/new/"), "{why}");
        assert!(skipped("404.html", "<p>Not found</p>").contains("404"));
        let why = skipped("e.html", "<body><nav>Only navigation</nav></body>");
        assert!(why.contains("no text"), "{why}");
    }

    #[test]
    fn bad_bytes_are_errors() {
        let error = parse_page("l.html", b"<p>\ncaf\xe9</p>", &Config::default())
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("l.html:2:") && error.contains("UTF-8"),
            "{error}"
        );
        let error = parse_page(
            "w.html",
            b"<meta charset=\"windows-1252\"><p>x</p>",
            &Config::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            error.contains("windows-1252") && error.contains("iconv"),
            "{error}"
        );
    }

    #[test]
    fn unclosed_markup_loses_no_text() {
        let p = page("<body><main><ul><li>May 2: first<li>May 3: second<p>para <b>bold");
        // As in browsers, the paragraph is inside the second item.
        assert_eq!(
            texts(&p.article),
            ["li May 2: first", "li May 3: second para bold"]
        );
    }

    #[test]
    fn shared_title_suffixes_are_the_site_name() {
        let pages: Vec<Vec<String>> = [
            "Khamenei Greenlights Talks | Media Review | AGSI",
            "Rome Round Called Off | Media Review | AGSI",
            "About | AGSI",
            "Iran - U.S. Talks",
        ]
        .iter()
        .map(|t| vec![t.to_string()])
        .collect();
        let shared = shared_title_suffixes(pages.iter().map(Vec::as_slice));
        assert!(shared.contains("AGSI"));
        assert!(shared.contains("Media Review | AGSI"));
        assert!(!shared.contains("U.S. Talks"));
        assert_eq!(
            strip_site_suffix("Khamenei Greenlights Talks | Media Review | AGSI", &shared),
            "Khamenei Greenlights Talks"
        );
        assert_eq!(strip_site_suffix("About | AGSI", &shared), "About");
        assert_eq!(
            strip_site_suffix("Iran - U.S. Talks", &shared),
            "Iran - U.S. Talks"
        );
        assert_eq!(strip_site_suffix("AGSI", &shared), "AGSI");
    }
}
