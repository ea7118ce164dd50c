//! `quire`: builds search indexes from article corpora, and checks and searches them from the
//! terminal. A thin layer over the `quire` library: this program does the file work.

mod files;
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
        #[arg(long, short)]
        quiet: bool,
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
        /// Only documents dated on or before this day.
        #[arg(long)]
        to: Option<String>,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[arg(long, default_value_t = 0)]
        offset: usize,
        /// Match the last word as a prefix too, as the search box does while typing.
        #[arg(long)]
        typing: bool,
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
    /// Validate a corpus without writing anything.
    Check {
        corpus: PathBuf,
        #[arg(long, value_enum, default_value = "auto")]
        format: files::Format,
        #[arg(long, short)]
        config: Option<PathBuf>,
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
        } => build(&corpus, format, &out, config.as_deref(), quiet),
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
            json,
        } => search(
            &index, query, &filters, sort, from, to, limit, offset, typing, json,
        ),
        Command::Check {
            corpus,
            format,
            config,
        } => check(&corpus, format, config.as_deref()),
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

/// Reads the corpus, reporting every problem; fails when there is any.
fn read_corpus(
    corpus: &std::path::Path,
    format: files::Format,
    config: Option<&std::path::Path>,
    quiet: bool,
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
            "{} problem(s) in the corpus ({} articles read); fix them and run again",
            corpus_data.error_count(),
            corpus_data.seen
        );
    }
    if corpus_data.articles().is_empty() {
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
) -> Result<()> {
    let started = Instant::now();
    let corpus_data = read_corpus(corpus, format, config, quiet)?;
    let options = corpus_data.build_options();
    let warnings = files::config_warnings(&corpus_data);
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
    files::publish(out, &built)
        .with_context(|| format!("writing the index to {}", out.display()))?;
    if !quiet {
        print_warnings(&warnings);
        render::build_summary(&built, seen, skipped, date_warnings, out, started.elapsed());
    }
    Ok(())
}

/// Prints warnings, at most 20 of them: a million skipped drafts should not flood the terminal.
fn print_warnings(warnings: &[String]) {
    for warning in warnings.iter().take(20) {
        eprintln!("warning: {warning}");
    }
    if warnings.len() > 20 {
        eprintln!("warning: ... and {} more", warnings.len() - 20);
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
        "{} {} old index file(s), {} bytes; kept the current{} generation",
        if dry_run { "Would remove" } else { "Removed" },
        removed.len(),
        render::thousands(bytes as usize),
        if no_previous { "" } else { " and the previous" }
    );
    Ok(())
}

fn check(
    corpus: &std::path::Path,
    format: files::Format,
    config: Option<&std::path::Path>,
) -> Result<()> {
    let corpus_data = read_corpus(corpus, format, config, false)?;
    print_warnings(&files::config_warnings(&corpus_data));
    let entries: usize = corpus_data
        .articles()
        .iter()
        .map(|a| a.entries().count())
        .sum();
    println!(
        "ok: {} articles ({} entries{}) read from {}, {} skipped; nothing written",
        corpus_data.articles().len(),
        entries,
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
    json: bool,
) -> Result<()> {
    let mut index = files::open_index(index_dir)?;
    let mut request = SearchRequest {
        query,
        sort,
        date_from: from,
        date_to: to,
        limit,
        offset,
        typing,
        ..SearchRequest::default()
    };
    for filter in filters {
        let Some((facet, value)) = filter.split_once('=') else {
            bail!("--filter `{filter}` must look like FACET=VALUE, for example kind=Analysis");
        };
        request.filter(facet.trim(), value.trim());
    }
    let results = index.search_with(&request, |name| std::fs::read(index_dir.join(name)))?;
    if json {
        render::write_stdout(&(serde_json::to_string_pretty(&results)? + "\n"));
    } else {
        render::results(&request, &results);
    }
    Ok(())
}
