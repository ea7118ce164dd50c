//! `quire`: builds search indexes from article corpora, and checks and searches them from the
//! terminal. A thin layer over the `quire` library: this program does the file work.

mod files;
mod folder;
mod lock;
mod render;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use quire::SearchRequest;

#[derive(Parser)]
#[command(
    name = "quire",
    version,
    about = "Client-side search for article archives: build a compact index, search it in the browser.",
    after_help = "Examples:\n  quire build examples/iran-media-review --out www/quire\n  quire search www/quire \"zarif shargh\" --filter kind=Analysis\n  quire check content/posts\n  quire prune www/quire"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build an index from a built site's folder (.html pages), a corpus folder (Markdown with
    /// front matter) or a JSON Lines file.
    Build {
        /// A folder of .html pages or of .md files (searched recursively), a .jsonl or
        /// .jsonl.gz file, or - for JSON Lines on standard input.
        corpus: PathBuf,
        /// What the corpus is; `auto` reads a folder of .html pages without Markdown articles
        /// as a built site.
        #[arg(long, value_enum, default_value = "auto")]
        format: files::Format,
        /// The folder to write the index into (created if missing).
        #[arg(long, short)]
        out: PathBuf,
        /// The configuration file [default: quire.toml in the corpus folder, if any; for a
        /// built site, also in the folder beside it].
        #[arg(long, short)]
        config: Option<PathBuf>,
        /// No progress bar and no summary; errors are still printed.
        #[arg(long, short, conflicts_with = "verbose")]
        quiet: bool,
        /// Print every warning in full: all the entries that name no outlet, and every
        /// skipped article.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Search an index from the terminal.
    Search {
        /// The index folder (the one holding quire.json).
        index: PathBuf,
        /// The query, in Quire's query language ("phrases", -exclude, OR, title:word).
        query: String,
        /// Keep documents with this facet value (repeatable; values of one facet are OR-ed).
        #[arg(long = "filter", short = 'f', value_name = "FACET=VALUE")]
        filters: Vec<String>,
        /// relevance, newest, oldest (date and -date are read too), or a sort key from
        /// quire.toml (-key for descending).
        #[arg(long, default_value = "relevance", allow_hyphen_values = true)]
        sort: String,
        /// Only documents dated on or after this day (YYYY, YYYY-MM or YYYY-MM-DD).
        #[arg(long)]
        from: Option<String>,
        /// Only documents dated on or before this day (YYYY, YYYY-MM or YYYY-MM-DD; a year
        /// or month includes its last day).
        #[arg(long)]
        to: Option<String>,
        /// How many results to show (at most 100).
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// How many results to skip first, to see the next page.
        #[arg(long, default_value_t = 0)]
        offset: usize,
        /// Match the last word as a prefix too, as the search box does while typing.
        #[arg(long)]
        typing: bool,
        /// Stem the query in this language only (`fr`), as the widget does with its `lang`,
        /// when the index has articles in it; by default, in every language of the index.
        #[arg(long)]
        lang: Option<String>,
        /// Print the full results as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Delete index files that no current page can ask for: those listed neither in
    /// quire.json nor, unless --no-previous, in the previous build's manifest.
    Prune {
        /// The index folder (the one holding quire.json).
        index: PathBuf,
        /// Also delete the previous build's files (pages still open on it will fail).
        #[arg(long)]
        no_previous: bool,
        /// List what would be deleted, and delete nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Validate a corpus without writing anything: every problem and warning `quire build`
    /// would report.
    Check {
        /// A folder of .html pages or of .md files (searched recursively), a .jsonl or
        /// .jsonl.gz file, or - for JSON Lines on standard input.
        corpus: PathBuf,
        /// What the corpus is; `auto` reads a folder of .html pages without Markdown articles
        /// as a built site.
        #[arg(long, value_enum, default_value = "auto")]
        format: files::Format,
        /// The configuration file [default: quire.toml in the corpus folder, if any; for a
        /// built site, also in the folder beside it].
        #[arg(long, short)]
        config: Option<PathBuf>,
        /// Print every warning in full: all the entries that name no outlet, and every
        /// skipped article.
        #[arg(long, short)]
        verbose: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Build {
            corpus,
            format,
            out,
            config,
            quiet,
            verbose,
        } => build(&corpus, format, &out, config.as_deref(), quiet, verbose),
        Command::Search {
            index,
            query,
            filters,
            sort,
            from,
            to,
            limit,
            offset,
            typing,
            lang,
            json,
        } => search(
            &index, query, &filters, sort, from, to, limit, offset, typing, lang, json,
        ),
        Command::Check {
            corpus,
            format,
            config,
            verbose,
        } => check(&corpus, format, config.as_deref(), verbose),
        Command::Prune {
            index,
            no_previous,
            dry_run,
        } => prune(&index, no_previous, dry_run),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn progress_bar(len: Option<u64>, quiet: bool, template: &str) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    let bar = match len {
        Some(len) => ProgressBar::new(len),
        None => ProgressBar::new_spinner(),
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// Reads the corpus, reporting every problem; fails when there is any, or when nothing is
/// left to index (after saying why each article was skipped).
fn read_corpus(
    corpus: &std::path::Path,
    format: files::Format,
    config: Option<&std::path::Path>,
    quiet: bool,
    verbose: bool,
) -> Result<quire::corpus::Corpus> {
    let bar = progress_bar(None, quiet, "{spinner} reading {pos} articles {msg}");
    let corpus_data = files::read_corpus(corpus, format, config, &bar)?;
    bar.finish_and_clear();
    if corpus_data.error_count() > 0 {
        for error in corpus_data.errors() {
            eprintln!("error: {error}");
        }
        let hidden = corpus_data.error_count() - corpus_data.errors().len();
        if hidden > 0 {
            eprintln!("... and {hidden} more");
        }
        bail!(
            "{} in the corpus ({} read); fix them and run again",
            files::plural(corpus_data.error_count(), "problem", "problems"),
            files::plural(corpus_data.seen, "article", "articles")
        );
    }
    if corpus_data.articles().is_empty() {
        if corpus_data.seen > 0 {
            print_warnings(&files::config_warnings(&corpus_data, verbose), verbose);
            bail!(
                "nothing to index in {}: {} (the warnings above say why)",
                corpus.display(),
                match corpus_data.seen {
                    1 => "1 article read, and it was skipped".to_string(),
                    n => format!("{n} articles read, and every one was skipped"),
                }
            );
        }
        bail!(
            "no articles found in {}: expected .html pages, .md files with front matter, or a .jsonl / .jsonl.gz file",
            corpus.display()
        );
    }
    Ok(corpus_data)
}

fn build(
    corpus: &std::path::Path,
    format: files::Format,
    out: &std::path::Path,
    config: Option<&std::path::Path>,
    quiet: bool,
    verbose: bool,
) -> Result<()> {
    let started = Instant::now();
    let corpus_data = read_corpus(corpus, format, config, quiet, verbose)?;
    let options = corpus_data.build_options();
    let warnings = files::config_warnings(&corpus_data, verbose);
    let (seen, skipped) = (corpus_data.seen, corpus_data.skipped.len());
    let date_warnings = corpus_data.date_warning_count();
    let articles = corpus_data.into_articles();
    let bar = progress_bar(
        Some(articles.len() as u64),
        quiet,
        "indexing [{bar:40}] {pos}/{len} articles ({eta} left)",
    );
    let count = articles.len();
    let built = quire::build::build_index(articles, &options, &mut |done| {
        if done % 256 == 0 || done == count {
            bar.set_position(done as u64);
        }
    })?;
    bar.finish_and_clear();
    files::publish(out, &built, quiet)
        .with_context(|| format!("writing the index to {}", out.display()))?;
    if !quiet {
        print_warnings(&warnings, verbose);
        render::build_summary(&built, seen, skipped, date_warnings, out, started.elapsed());
    }
    Ok(())
}

/// Prints warnings, at most 20 of them unless `verbose`: a million skipped drafts should
/// not flood the terminal.
fn print_warnings(warnings: &[String], verbose: bool) {
    let shown = if verbose { warnings.len() } else { 20 };
    for warning in warnings.iter().take(shown) {
        eprintln!("warning: {warning}");
    }
    if warnings.len() > shown {
        eprintln!(
            "warning: ... and {} more (--verbose prints them all)",
            warnings.len() - shown
        );
    }
}

fn prune(index: &std::path::Path, no_previous: bool, dry_run: bool) -> Result<()> {
    let removed = files::prune(index, !no_previous, dry_run)?;
    let bytes: u64 = removed.iter().map(|(_, b)| b).sum();
    for (name, _) in &removed {
        println!(
            "{}{name}",
            if dry_run { "would remove " } else { "removed " }
        );
    }
    println!(
        "{} {}, {} bytes; kept the current{} generation",
        if dry_run { "Would remove" } else { "Removed" },
        files::plural(removed.len(), "old index file", "old index files"),
        render::thousands(bytes as usize),
        if no_previous { "" } else { " and the previous" }
    );
    Ok(())
}

fn check(
    corpus: &std::path::Path,
    format: files::Format,
    config: Option<&std::path::Path>,
    verbose: bool,
) -> Result<()> {
    let corpus_data = read_corpus(corpus, format, config, false, verbose)?;
    print_warnings(&files::config_warnings(&corpus_data, verbose), verbose);
    let entries: usize = corpus_data
        .articles()
        .iter()
        .map(|a| a.entries().count())
        .sum();
    println!(
        "ok: {} ({}{}) read from {}, {} skipped; nothing written",
        files::plural(corpus_data.articles().len(), "article", "articles"),
        files::plural(entries, "entry", "entries"),
        render::undated_items(corpus_data.date_warning_count()),
        corpus.display(),
        corpus_data.skipped.len()
    );
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn search(
    index_dir: &std::path::Path,
    query: String,
    filters: &[String],
    sort: String,
    from: Option<String>,
    to: Option<String>,
    limit: usize,
    offset: usize,
    typing: bool,
    lang: Option<String>,
    json: bool,
) -> Result<()> {
    // Checked before the index is opened, and named by their flag.
    for (flag, bound, end) in [("--from", &from, false), ("--to", &to, true)] {
        if let Some(text) = bound
            && let Err(problem) = quire::Date::parse_bound(text, end)
        {
            bail!("{flag} {problem}");
        }
    }
    let (mut index, folder) = folder::open(index_dir)?;
    let mut request = SearchRequest {
        query,
        sort,
        date_from: from,
        date_to: to,
        limit,
        offset,
        typing,
        lang,
        ..SearchRequest::default()
    };
    for filter in filters {
        let Some((facet, value)) = filter.split_once('=') else {
            bail!("--filter `{filter}` must look like FACET=VALUE, for example kind=Analysis");
        };
        request.filter(facet.trim(), value.trim());
        warn_of_unknown_value(&index, facet.trim(), value.trim());
    }
    let results = index.search_with(&request, |name| folder.read(name))?;
    if json {
        render::write_stdout(&(serde_json::to_string_pretty(&results)? + "\n"));
    } else {
        render::results(&request, &results);
    }
    Ok(())
}

/// Warns when no document has a filter's value (the search then finds nothing), with the
/// values that do exist; the filter's case does not matter to the search.
fn warn_of_unknown_value(index: &quire::Index, facet: &str, value: &str) {
    let Some(info) = index.info() else { return };
    let Some(known) = info
        .facets
        .iter()
        .find(|f| f.name.to_lowercase() == facet.to_lowercase())
    else {
        return; // the search says which filters there are
    };
    if known
        .values
        .iter()
        .any(|(v, _)| v.to_lowercase() == value.to_lowercase())
    {
        return;
    }
    let mut values: Vec<&str> = known.values.iter().map(|(v, _)| v.as_str()).collect();
    let more = values.len().saturating_sub(12);
    values.truncate(12);
    eprintln!(
        "warning: --filter {facet}={value}: no document has this value, so nothing matches; {} has: {}{}",
        known.name,
        values.join(", "),
        if more > 0 {
            format!(", and {more} more")
        } else {
            String::new()
        }
    );
}
