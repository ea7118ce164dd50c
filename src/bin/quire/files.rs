//! The file work of the CLI: walking a corpus folder, publishing an index folder safely, and
//! loading an index from disk.

use std::collections::HashSet;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use indicatif::ProgressBar;

use quire::MANIFEST_NAME;
use quire::build::BuiltIndex;
use quire::corpus::{Config, Corpus, Registers};
use quire::{Error, Location};

use crate::lock;

/// What a corpus is read as (`--format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A built site when the folder holds .html pages and no Markdown article or JSON Lines
    /// file; else Markdown and JSON Lines.
    Auto,
    /// Markdown files with front matter only.
    Markdown,
    /// JSON Lines files only.
    Jsonl,
    /// The .html pages of a built site only.
    Html,
}

/// Reads `quire.toml`: the given path, else the one in `folder`, else defaults.
pub fn read_config(folder: &Path, explicit: Option<&Path>) -> Result<Config> {
    let path = match explicit {
        Some(path) => path.to_path_buf(),
        None => {
            let beside = folder.join("quire.toml");
            if !beside.is_file() {
                return Ok(Config::default());
            }
            beside
        }
    };
    let text = fs::read_to_string(&path)
        .with_context(|| format!("reading the configuration {}", path.display()))?;
    Ok(Config::parse(&path.display().to_string(), &text)?)
}

/// Reads `outlets.toml` and `people.toml` from `folder`; either may be missing.
pub fn read_registers(folder: &Path) -> Result<Registers> {
    let read = |name: &str| -> Result<(String, String)> {
        let path = folder.join(name);
        let label = path.display().to_string();
        match fs::read_to_string(&path) {
            Ok(text) => Ok((label, text)),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok((label, String::new())),
            Err(error) => Err(error).with_context(|| format!("reading {label}")),
        }
    };
    let (outlets_file, outlets) = read("outlets.toml")?;
    let (people_file, people) = read("people.toml")?;
    Ok(Registers::parse(
        &outlets_file,
        &outlets,
        &people_file,
        &people,
    )?)
}

const SETTINGS_FILES: [&str; 3] = ["quire.toml", "outlets.toml", "people.toml"];

/// The folder whose `quire.toml`, `outlets.toml` and `people.toml` apply: the corpus folder
/// (or a JSON Lines file's folder). A built site's folder (`public/`) is rebuilt by its
/// generator, so for a site they may also sit beside it, or beside the `--config` file.
fn settings_folder(corpus: &Path, format: Format, explicit_config: Option<&Path>) -> PathBuf {
    let own = if corpus.is_dir() {
        corpus.to_path_buf()
    } else {
        corpus.parent().unwrap_or(Path::new(".")).to_path_buf()
    };
    if format != Format::Html {
        return own;
    }
    if let Some(config) = explicit_config {
        return config.parent().unwrap_or(Path::new(".")).to_path_buf();
    }
    let has_settings = |dir: &Path| SETTINGS_FILES.iter().any(|name| dir.join(name).is_file());
    if !has_settings(&own)
        && corpus.is_dir()
        && let Some(parent) = fs::canonicalize(corpus)
            .ok()
            .and_then(|c| c.parent().map(Path::to_path_buf))
        && has_settings(&parent)
    {
        return parent;
    }
    own
}

/// Reads every article of a corpus folder, a JSON Lines file or a page, with the
/// configuration and registers that apply to it.
pub fn read_corpus(
    corpus: &Path,
    format: Format,
    explicit_config: Option<&Path>,
    bar: &ProgressBar,
) -> Result<Corpus> {
    if corpus == Path::new("-") {
        if matches!(format, Format::Html | Format::Markdown) {
            bail!(
                "standard input is read as JSON Lines; pass a folder or file for --format {format:?}"
            );
        }
        let folder = Path::new(".");
        let mut data = Corpus::new(read_config(folder, explicit_config)?)
            .with_registers(read_registers(folder)?);
        data.add_json_lines("<stdin>", io::stdin().lock())
            .context("reading JSON Lines from standard input")?;
        return Ok(data);
    }
    let metadata = fs::metadata(corpus)
        .with_context(|| format!("cannot read the corpus {}", corpus.display()))?;
    let mut problems = Vec::new();
    let (format, files) = if metadata.is_file() {
        let format = match format {
            Format::Auto if is_page(corpus) => Format::Html,
            other => other,
        };
        (format, vec![corpus.to_path_buf()])
    } else {
        let mut visited = HashSet::new();
        let mut files = Vec::new();
        walk(corpus, &mut visited, &mut files, &mut problems);
        files.sort();
        let format = match format {
            Format::Auto if is_site(&files) => Format::Html,
            other => other,
        };
        let files = files
            .into_iter()
            .filter(|path| match format {
                Format::Auto => is_markdown(path) || is_json_lines(path),
                Format::Markdown => is_markdown(path),
                Format::Jsonl => is_json_lines(path),
                Format::Html => is_page(path),
            })
            .collect();
        (format, files)
    };
    let folder = settings_folder(corpus, format, explicit_config);
    let mut data = Corpus::new(read_config(&folder, explicit_config)?)
        .with_registers(read_registers(&folder)?);
    for problem in problems {
        data.add_error(problem);
    }
    let explicit = metadata.is_file();
    for path in files {
        let label = if explicit && format == Format::Html {
            // One page: its name is its address, not the path it was given by.
            path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
        } else if explicit {
            path.display().to_string()
        } else {
            path.strip_prefix(corpus)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace(std::path::MAIN_SEPARATOR, "/")
        };
        add_file(&mut data, &path, &label, explicit, format);
        bar.set_position(data.seen as u64);
    }
    data.finish_html();
    Ok(data)
}

/// A file name in lower case: `NOTES.MD` is Markdown too.
fn lower_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

fn is_json_lines(path: &Path) -> bool {
    let name = lower_name(path);
    name.ends_with(".jsonl") || name.ends_with(".jsonl.gz") || name.ends_with(".ndjson")
}

fn is_markdown(path: &Path) -> bool {
    let name = lower_name(path);
    name.ends_with(".md") || name.ends_with(".markdown")
}

fn is_page(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(quire::corpus::is_page_file)
}

/// A folder is a built site when it has pages and no JSON Lines file or Markdown article
/// (a README.md without front matter is not one).
fn is_site(files: &[PathBuf]) -> bool {
    files.iter().any(|p| is_page(p))
        && !files.iter().any(|p| is_json_lines(p))
        && !files.iter().filter(|p| is_markdown(p)).any(|p| {
            fs::read(p).is_ok_and(|bytes| {
                let text = String::from_utf8_lossy(&bytes[..bytes.len().min(64)]).into_owned();
                let text = text.trim_start_matches('\u{feff}').trim_start();
                text.starts_with("---") || text.starts_with("+++")
            })
        })
}

/// Collects article files (Markdown, JSON Lines, pages) under `dir`, skipping hidden folders
/// and following each real folder once (a symlink loop cannot trap the walk).
fn walk(
    dir: &Path,
    visited: &mut HashSet<PathBuf>,
    files: &mut Vec<PathBuf>,
    problems: &mut Vec<Error>,
) {
    let Ok(real) = fs::canonicalize(dir) else {
        problems.push(Error::corpus(
            Location::new(dir.display().to_string(), None),
            None,
            "cannot resolve this folder (a broken symlink?); fix or remove it",
        ));
        return;
    };
    if !visited.insert(real) {
        return;
    }
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            problems.push(Error::corpus(
                Location::new(dir.display().to_string(), None),
                None,
                format!("cannot list this folder ({error}); check its permissions"),
            ));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || name == "node_modules" {
            continue;
        }
        if path.is_dir() {
            walk(&path, visited, files, problems);
        } else if is_markdown(&path) || is_json_lines(&path) || is_page(&path) {
            files.push(path);
        }
    }
}

fn add_file(data: &mut Corpus, path: &Path, label: &str, explicit: bool, format: Format) {
    let unreadable = |error: io::Error| {
        Error::corpus(
            Location::new(label, None),
            None,
            format!("cannot read this file ({error}); check its permissions"),
        )
    };
    let as_json_lines = match format {
        Format::Jsonl => true,
        Format::Html | Format::Markdown => false,
        Format::Auto => is_json_lines(path) || (explicit && !is_markdown(path)),
    };
    if as_json_lines {
        match fs::File::open(path) {
            Ok(file) => {
                if let Err(error) = data.add_json_lines(label, file) {
                    data.add_error(unreadable(error));
                }
            }
            Err(error) => data.add_error(unreadable(error)),
        }
        return;
    }
    let mut bytes = Vec::new();
    match fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes)) {
        Ok(_) if format == Format::Html => data.add_html(label, &bytes),
        Ok(_) => data.add_markdown(label, &bytes),
        Err(error) => {
            data.seen += 1;
            data.add_error(unreadable(error));
        }
    }
}

/// Things worth telling a maintainer that do not stop the build; `verbose` lists every
/// entry that names no outlet, not only the first five.
pub fn config_warnings(data: &Corpus, verbose: bool) -> Vec<String> {
    let mut warnings = Vec::new();
    // Default filters are a guess at the corpus; only filters a maintainer declared are
    // worth a warning when nothing has them.
    let declared = data
        .config()
        .source
        .as_deref()
        .filter(|_| data.config().filters_declared);
    for facet in declared
        .map(|_| data.config().filters.as_slice())
        .unwrap_or_default()
    {
        if !data
            .articles()
            .iter()
            .any(|a| !a.facet_values(facet).is_empty())
        {
            warnings.push(format!(
"filter `{facet}` (declared in {}) has no value in any article; remove it or add `{facet}:` to the front matter",
                declared.unwrap_or_default()
            ));
        }
    }
    for (at, reason) in &data.skipped {
        warnings.push(format!("{at}: skipped: {reason}"));
    }
    for (at, warning) in data.date_warnings() {
        warnings.push(format!("{at}: {warning}"));
    }
    let unlisted = data.date_warning_count() - data.date_warnings().len();
    if unlisted > 0 {
        warnings.push(format!(
            "... and {unlisted} more list items that look like dated entries but whose date does not read"
        ));
    }
    for (at, warning) in &data.warnings {
        warnings.push(format!("{at}: {warning}"));
    }
    if data.untagged_count() > 0 {
        let examples: Vec<String> = data
            .untagged_entries()
            .iter()
            .take(if verbose { usize::MAX } else { 5 })
            .map(|(at, anchor)| format!("{}#{anchor}", at.file))
            .collect();
        let more = data.untagged_count() - examples.len();
        warnings.push(format!(
            "{} name no outlet of outlets.toml (add the outlets they quote, or aliases): {}{}",
            plural(data.untagged_count(), "entry", "entries"),
            examples.join(", "),
            if more > 0 {
                format!(", and {more} more (--verbose lists them all)")
            } else {
                String::new()
            }
        ));
    }
    warnings
}

/// "1 entry", "2 entries".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    let count = crate::render::thousands(n);
    format!("{count} {}", if n == 1 { one } else { many })
}

/// Publishes an index into `out` without a moment where readers see a broken index: the new
/// files are written to a staging folder beside `out`, moved in, and the manifest is swapped
/// last, by rename, once every file it lists is checked in place. Older files stay, so a page
/// that loaded the previous manifest keeps working. Holds the publish lock throughout, so
/// that `quire prune` cannot delete the new files before their manifest is in.
pub fn publish(out: &Path, built: &BuiltIndex, quiet: bool) -> Result<()> {
    fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let _lock = lock::lock(out, "build", quiet)?;
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let base = out
        .file_name()
        .map_or("index".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{base}.staging-{}", std::process::id()));
    let result = stage_and_swap(out, &staging, built);
    let _ = fs::remove_dir_all(&staging);
    result
}

fn stage_and_swap(out: &Path, staging: &Path, built: &BuiltIndex) -> Result<()> {
    fs::create_dir_all(staging).with_context(|| format!("creating {}", staging.display()))?;
    for file in &built.files {
        write_synced(&staging.join(&file.name), &file.bytes)?;
    }
    write_synced(
        &staging.join(MANIFEST_NAME),
        built.manifest_json().as_bytes(),
    )?;
    for file in &built.files {
        let target = out.join(&file.name);
        // A file of that name has that content, unless it was damaged: then it is replaced,
        // so that a rebuild repairs the folder.
        if fs::read(&target).is_ok_and(|bytes| bytes == file.bytes) {
            continue;
        }
        fs::rename(staging.join(&file.name), &target)
            .with_context(|| format!("moving {} into place", file.name))?;
    }
    // The lock keeps `quire prune` away, not other programs: the manifest goes in only if
    // every file it lists is there.
    for file in &built.files {
        let size = fs::metadata(out.join(&file.name)).map(|m| m.len()).ok();
        if size != Some(file.bytes.len() as u64) {
            bail!(
                "{} disappeared or changed while the index was being published (is another program \
                 cleaning {}?); nothing was swapped in: run the build again",
                file.name,
                out.display()
            );
        }
    }
    // The manifest being replaced is kept as the previous generation, so that `quire prune`
    // spares the files that pages loaded before this build still ask for.
    let current = out.join(MANIFEST_NAME);
    if let Ok(old) = fs::read(&current)
        && old != built.manifest_json().as_bytes()
    {
        write_synced(&staging.join(PREVIOUS_MANIFEST_NAME), &old)?;
        fs::rename(
            staging.join(PREVIOUS_MANIFEST_NAME),
            out.join(PREVIOUS_MANIFEST_NAME),
        )
        .context("keeping the previous manifest")?;
    }
    fs::rename(staging.join(MANIFEST_NAME), current).context("swapping in the new manifest")?;
    Ok(())
}

/// The manifest of the generation before the current one.
pub const PREVIOUS_MANIFEST_NAME: &str = "quire.previous.json";

/// Whether `name` is an index file as `quire build` names them: `<role>.<16 hex>.qi`.
fn is_index_file(name: &str) -> bool {
    quire::Role::ALL
        .into_iter()
        .any(|role| quire::is_index_file_name(name, role))
}

/// The files a manifest lists, once it passed its checks: a damaged manifest could list
/// too few, and the files of a live generation would go.
fn listed_files(manifest: &Path) -> Result<Vec<String>> {
    let bytes = fs::read(manifest).with_context(|| format!("reading {}", manifest.display()))?;
    let parsed = quire::Manifest::from_json(&bytes)
        .and_then(|m| m.check().map(|_| m))
        .with_context(|| {
            format!(
                "{} is damaged, so nothing was pruned; rebuild the index first",
                manifest.display()
            )
        })?;
    Ok(parsed.files.into_iter().map(|f| f.name).collect())
}

/// Removes the index files that neither the current manifest nor (with `keep_previous`) the
/// previous one lists. Only files named like index files are touched. Returns the names
/// removed (or that would be, with `dry_run`) and their bytes. Holds the publish lock, so
/// that a build cannot publish meanwhile.
pub fn prune(dir: &Path, keep_previous: bool, dry_run: bool) -> Result<Vec<(String, u64)>> {
    let current = dir.join(MANIFEST_NAME);
    if !current.is_file() {
        bail!(
            "no index at {} (missing {MANIFEST_NAME}); nothing to prune",
            dir.display()
        );
    }
    let _lock = lock::lock(dir, "prune", false)?;
    let mut keep = listed_files(&current)?;
    let previous = dir.join(PREVIOUS_MANIFEST_NAME);
    if keep_previous && previous.is_file() {
        keep.extend(listed_files(&previous)?);
    }
    let mut removed = Vec::new();
    let mut entries: Vec<_> = fs::read_dir(dir)
        .with_context(|| format!("listing {}", dir.display()))?
        .flatten()
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !is_index_file(&name) || keep.contains(&name) {
            continue;
        }
        let bytes = entry.metadata().map(|m| m.len()).unwrap_or(0);
        if !dry_run {
            fs::remove_file(entry.path()).with_context(|| format!("removing {name}"))?;
        }
        removed.push((name, bytes));
    }
    if !keep_previous && previous.is_file() && !dry_run {
        fs::remove_file(&previous).with_context(|| format!("removing {PREVIOUS_MANIFEST_NAME}"))?;
    }
    Ok(removed)
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file =
        fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
    file.write_all(bytes)
        .with_context(|| format!("writing {}", path.display()))?;
    file.sync_all()
        .with_context(|| format!("syncing {}", path.display()))?;
    Ok(())
}
