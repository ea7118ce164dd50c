//! Front matter: the YAML (`---`) or TOML (`+++`) block that opens a Markdown article, parsed
//! into a JSON-like map so that both syntaxes (and JSON Lines) share one field reader.

use serde_json::{Map, Value};

use crate::error::{Error, Location, Result};

/// Front matter split off a Markdown file.
pub struct FrontMatter<'a> {
    pub fields: Map<String, Value>,
    /// The raw front-matter text, to find the line of a key for error messages.
    pub raw: &'a str,
    /// 1-based line of the file on which `raw` starts.
    pub first_line: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
}

impl FrontMatter<'_> {
    /// The 1-based file line of `key:` / `key =` in the front matter, else its first line.
    pub fn line_of(&self, key: &str) -> usize {
        self.raw
            .lines()
            .position(|line| {
                let line = line.trim_start();
                line.strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with([':', '=']))
            })
            .map_or(self.first_line.saturating_sub(1).max(1), |i| {
                self.first_line + i
            })
    }
}

/// Splits and parses the front matter of `text`. A file without front matter yields empty
/// fields and the whole text as body.
pub fn split<'a>(file: &str, text: &'a str) -> Result<FrontMatter<'a>> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let fence = match text.lines().next().map(str::trim_end) {
        Some("---") => "---",
        Some("+++") => "+++",
        _ => {
            return Ok(FrontMatter {
                fields: Map::new(),
                raw: "",
                first_line: 1,
                body: text,
            });
        }
    };
    let after_open = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut offset = after_open;
    let mut close = None;
    for line in text[after_open..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == fence || (fence == "---" && trimmed == "...") {
            close = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((raw_end, body_start)) = close else {
        return Err(Error::corpus(
            Location::new(file, Some(1)),
            None,
            format!(
                "the front matter opened with `{fence}` on line 1 is never closed; add a line with `{fence}` after it"
            ),
        ));
    };
    let raw = &text[after_open..raw_end];
    let fields = if fence == "---" {
        parse_yaml(file, raw)?
    } else {
        parse_toml(file, raw)?
    };
    Ok(FrontMatter {
        fields,
        raw,
        first_line: 2,
        body: &text[body_start..],
    })
}

fn parse_yaml(file: &str, raw: &str) -> Result<Map<String, Value>> {
    if raw.trim().is_empty() {
        return Ok(Map::new());
    }
    match serde_saphyr::from_str::<Value>(raw) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(Value::Null) => Ok(Map::new()),
        Ok(_) => Err(Error::corpus(
            Location::new(file, Some(2)),
            None,
            "the YAML front matter is not a set of `key: value` lines; write one field per line, like `title: My title`",
        )),
        Err(error) => {
            // Line 1 of the YAML text is line 2 of the file, after the `---`.
            let line = error.location().map(|l| l.line() as usize + 1);
            let text = error.to_string();
            Err(Error::corpus(
                Location::new(file, line.or(Some(2))),
                None,
                format!(
                    "the YAML front matter does not parse{}; check the quoting and indentation (a value containing `: ` needs quotes)",
                    yaml_problem(text.lines().next().unwrap_or_default())
                ),
            ))
        }
    }
}

/// The parser's own message, without its `error: line 2 column 7: ` head (our message
/// already names the line, as a line of the file rather than of the YAML), and with advice
/// meant for programmers reworded: `: unclosed bracket '['` with its column.
fn yaml_problem(message: &str) -> String {
    let message = message.strip_prefix("error: ").unwrap_or(message);
    let (column, problem) = match message
        .strip_prefix("line ")
        .and_then(|rest| rest.split_once(": "))
    {
        Some((place, problem)) => (
            place
                .split_once(" column ")
                .map(|(_, column)| column.to_string()),
            problem,
        ),
        None => (None, message),
    };
    let problem = match problem
        .strip_prefix("duplicate mapping key: ")
        .and_then(|rest| rest.split(',').next())
    {
        Some(key) => format!("the key `{key}` is written twice (keep one)"),
        None => problem.to_string(),
    };
    match column {
        Some(column) => format!(" (column {column}): {problem}"),
        None => format!(": {problem}"),
    }
}

fn parse_toml(file: &str, raw: &str) -> Result<Map<String, Value>> {
    match raw.parse::<toml::Table>() {
        Ok(table) => Ok(table
            .into_iter()
            .map(|(key, value)| (key, toml_to_json(value)))
            .collect()),
        Err(error) => {
            let line = error
                .span()
                .map(|span| raw[..span.start.min(raw.len())].matches('\n').count() + 2);
            let message = error.message().trim().to_string();
            Err(Error::corpus(
                Location::new(file, line.or(Some(2))),
                None,
                format!(
                    "the TOML front matter does not parse: {message}; strings need double quotes, like `title = \"My title\"`"
                ),
            ))
        }
    }
}

fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        // Dates keep their TOML text form, which for a date is YYYY-MM-DD.
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(k, v)| (k, toml_to_json(v)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter() {
        let text = "---\ntitle: Hello\ndate: 2025-01-31\ntags: [a, b]\n---\n\nBody text\n";
        let fm = split("a.md", text).unwrap();
        assert_eq!(fm.fields["title"], "Hello");
        assert_eq!(fm.fields["date"], "2025-01-31");
        assert_eq!(fm.fields["tags"][1], "b");
        assert_eq!(fm.body.trim(), "Body text");
        assert_eq!(fm.line_of("date"), 3);
    }

    #[test]
    fn toml_front_matter_with_a_bare_date() {
        let text = "+++\ntitle = \"Hello\"\ndate = 2025-05-09\n+++\nBody\n";
        let fm = split("a.md", text).unwrap();
        assert_eq!(fm.fields["date"], "2025-05-09");
        assert_eq!(fm.line_of("date"), 3);
    }

    #[test]
    fn broken_yaml_names_a_line() {
        let text = "---\ntitle: Hello\ntags: [a, b\n---\nBody\n";
        let error = split("posts/a.md", text).err().unwrap().to_string();
        assert!(error.starts_with("posts/a.md:"), "{error}");
        assert!(
            error.contains("YAML front matter does not parse"),
            "{error}"
        );
        // One message, one line number: not the parser's "error: line 2 column 7" inside.
        assert_eq!(error.matches("error").count(), 0, "{error}");
        assert_eq!(error.matches("line").count(), 0, "{error}");
        let error = split("b.md", "---\ntitle: A\ntitle: B\n---\n")
            .err()
            .unwrap()
            .to_string();
        assert!(
            error.starts_with("b.md:3: the YAML front matter does not parse (column 1): the key `title` is written twice"),
            "{error}"
        );
        assert!(!error.contains("DuplicateKeyPolicy"), "{error}");
    }

    #[test]
    fn broken_toml_names_its_line() {
        let text = "+++\ntitle = \"Hello\"\nsummary = unquoted words\n+++\nBody\n";
        let error = split("b.md", text).err().unwrap().to_string();
        assert!(error.starts_with("b.md:3:"), "{error}");
    }

    #[test]
    fn unclosed_front_matter() {
        let error = split("c.md", "---\ntitle: x\nbody")
            .err()
            .unwrap()
            .to_string();
        assert!(error.contains("never closed"), "{error}");
    }

    #[test]
    fn no_front_matter() {
        let fm = split("d.md", "# Title\n\nText").unwrap();
        assert!(fm.fields.is_empty());
        assert!(fm.body.starts_with("# Title"));
    }
}
