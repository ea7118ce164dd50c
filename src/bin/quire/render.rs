//! Terminal output: the build summary and search results.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::Duration;

use quire::build::BuiltIndex;
use quire::{SearchRequest, SearchResults, Unit};

fn gzip_len(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let _ = encoder.write_all(bytes);
    encoder.finish().map_or(0, |v| v.len())
}

/// `1234567` → `1,234,567`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Above this many files, the summary gives one line per kind of file.
const MAX_LISTED_FILES: usize = 12;

/// Above this many index bytes, the summary leaves out gzip sizes.
const GZIP_SUMMARY_LIMIT: usize = 16 << 20;

/// "; 2 list items not read as entries, see the warnings" when some list items look like
/// dated entries but their dates do not read; "" otherwise.
pub fn undated_items(count: usize) -> String {
    match count {
        0 => String::new(),
        1 => "; 1 list item not read as an entry, see the warning".to_string(),
        n => format!("; {n} list items not read as entries, see the warnings"),
    }
}

pub fn build_summary(
    built: &BuiltIndex,
    seen: usize,
    skipped: usize,
    date_warnings: usize,
    out: &Path,
    elapsed: Duration,
) {
    let m = &built.manifest;
    let manifest = built.manifest_json();
    // Compressing a large index only to print its size would double the build time.
    let all_bytes: usize = built.files.iter().map(|f| f.bytes.len()).sum();
    let with_gzip = all_bytes <= GZIP_SUMMARY_LIMIT;
    let gzip = |bytes: &[u8]| if with_gzip { gzip_len(bytes) } else { 0 };
    let shown = |n: usize| {
        if with_gzip {
            thousands(n)
        } else {
            "-".to_string()
        }
    };
    let mut text = format!(
        "Indexed {} of {} ({} skipped), {}{}, {} in {:.2} s\n",
        thousands(m.documents as usize),
        crate::files::plural(seen, "article", "articles"),
        skipped,
        crate::files::plural(m.entries as usize, "entry", "entries"),
        undated_items(date_warnings),
        crate::files::plural(m.terms as usize, "term", "terms"),
        elapsed.as_secs_f64()
    );
    text.push_str(&format!(
        "  {:<34} {:>12} {:>12}\n",
        "file", "bytes", "gzip"
    ));
    let mut row = |name: &str, raw: usize, gz: usize| {
        text.push_str(&format!(
            "  {:<34} {:>12} {:>12}\n",
            name,
            thousands(raw),
            shown(gz)
        ));
    };
    let (mut raw_total, mut gz_total) = (0, 0);
    // A large index has many shards: one line per role then, with its number of files.
    let by_role = built.files.len() > MAX_LISTED_FILES;
    let mut roles: Vec<(String, usize, usize, usize)> = Vec::new();
    for file in &built.files {
        let gz = gzip(&file.bytes);
        raw_total += file.bytes.len();
        gz_total += gz;
        if !by_role {
            row(&file.name, file.bytes.len(), gz);
            continue;
        }
        let role = file.role.name();
        match roles.iter_mut().find(|(r, ..)| r == role) {
            Some(entry) => {
                entry.1 += 1;
                entry.2 += file.bytes.len();
                entry.3 += gz;
            }
            None => roles.push((role.to_string(), 1, file.bytes.len(), gz)),
        }
    }
    for (role, count, raw, gz) in &roles {
        row(
            &format!(
                "{role} ({count} file{})",
                if *count == 1 { "" } else { "s" }
            ),
            *raw,
            *gz,
        );
    }
    let manifest_gz = gzip(manifest.as_bytes());
    row(quire::MANIFEST_NAME, manifest.len(), manifest_gz);
    row("total", raw_total + manifest.len(), gz_total + manifest_gz);
    text.push_str(&format!(
        "Wrote {}\n",
        out.join(quire::MANIFEST_NAME).display()
    ));
    eprint!("{text}");
}

/// Marks highlight ranges: bold on a terminal, [brackets] otherwise.
fn marked(text: &str, ranges: &[(usize, usize)], bold: bool) -> String {
    let (open, close) = if bold {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    let mut out = String::new();
    let mut at = 0;
    for &(start, end) in ranges {
        if start < at
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            continue;
        }
        out.push_str(&text[at..start]);
        out.push_str(open);
        out.push_str(&text[start..end]);
        out.push_str(close);
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

pub fn results(request: &SearchRequest, results: &SearchResults) {
    let bold = std::io::stdout().is_terminal();
    let mut out = String::new();
    let filters: Vec<String> = request
        .filters
        .iter()
        .flat_map(|(k, vs)| vs.iter().map(move |v| format!("{k}={v}")))
        .collect();
    let in_entries = results.unit == Unit::Entries && results.entry_total > 0;
    out.push_str(&format!(
        "{} for \"{}\"{}{}\n",
        crate::files::plural(results.total, "result", "results"),
        request.query,
        if filters.is_empty() {
            String::new()
        } else {
            format!(" with {}", filters.join(", "))
        },
        if in_entries {
            format!(" ({})", units(results.entry_total, results.article_total))
        } else {
            String::new()
        }
    ));
    if !results.unmatched.is_empty() {
        out.push_str(&format!(
            "No document contains: {}\n",
            results.unmatched.join(", ")
        ));
    }
    for (i, hit) in results.hits.iter().enumerate() {
        let meta: Vec<&str> = hit
            .date
            .iter()
            .chain(hit.kind.iter())
            .map(String::as_str)
            .collect();
        out.push_str(&format!(
            "\n{}. {}  ({})\n   {}\n",
            request.offset + i + 1,
            marked(&hit.title, &hit.title_highlights, bold),
            meta.join(" · "),
            hit.url
        ));
        if !hit.excerpt.is_empty() {
            out.push_str(&format!(
                "   {}\n",
                marked(&hit.excerpt, &hit.excerpt_highlights, bold)
            ));
        }
        for entry in &hit.entries {
            out.push_str(&format!(
                "   ↳ {}  {}\n     {}\n",
                entry.date,
                marked(&entry.text, &entry.highlights, bold),
                entry.url
            ));
        }
    }
    let facets: Vec<String> = results
        .facets
        .iter()
        .filter(|f| !f.values.is_empty())
        .map(|f| {
            let values: Vec<String> = f
                .values
                .iter()
                .take(6)
                .map(|v| {
                    if in_entries {
                        let entries = v.count.saturating_sub(v.articles) as usize;
                        format!("{} ({})", v.value, units(entries, v.articles as usize))
                    } else {
                        format!("{} ({})", v.value, thousands(v.count as usize))
                    }
                })
                .collect();
            format!("  {}: {}", f.label, values.join(", "))
        })
        .collect();
    if !facets.is_empty() {
        out.push_str("\nFilters:\n");
        out.push_str(&facets.join("\n"));
        out.push('\n');
    }
    write_stdout(&out);
}

/// Counted units in words, as the widget says them: "3 entries", "2 entries and 1 article".
fn units(entries: usize, articles: usize) -> String {
    use crate::files::plural;
    match (entries, articles) {
        (_, 0) => plural(entries, "entry", "entries"),
        (0, _) => plural(articles, "article", "articles"),
        _ => format!(
            "{} and {}",
            plural(entries, "entry", "entries"),
            plural(articles, "article", "articles")
        ),
    }
}

/// Writes to standard output; a reader that went away (`quire search ... | head`) is not
/// an error worth a panic, so the program just stops writing.
pub fn write_stdout(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if let Err(error) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        && error.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("error: writing the results: {error}");
        std::process::exit(1);
    }
}
