//! Entry points for the fuzz targets in `fuzz/`, shared with `tests/fuzz_regressions.rs`,
//! which replays their saved corpora on every test run. Each takes arbitrary bytes and must
//! neither panic nor hang: every failure has to come back as an [`crate::Error`].

use std::sync::OnceLock;

use crate::build::{BuiltIndex, build_index};
use crate::corpus::{Config, Corpus, parse_json_line, parse_markdown};
use crate::error::Location;
use crate::format::{Role, seal};
use crate::{Index, SearchRequest};

/// The sample corpus, compiled in so that the targets need no files.
const SAMPLE: [(&str, &str); 10] = [
    (
        "2023-10-03-khamenei-direct-negotiations.md",
        include_str!("../examples/iran-media-review/2023-10-03-khamenei-direct-negotiations.md"),
    ),
    (
        "2023-10-12-event-israel-hamas-reconciliation.md",
        include_str!(
            "../examples/iran-media-review/2023-10-12-event-israel-hamas-reconciliation.md"
        ),
    ),
    (
        "2024-01-09-event-2024-outlook.md",
        include_str!("../examples/iran-media-review/2024-01-09-event-2024-outlook.md"),
    ),
    (
        "2024-07-11-event-presidential-election.md",
        include_str!("../examples/iran-media-review/2024-07-11-event-presidential-election.md"),
    ),
    (
        "2025-01-31-khamenei-greenlights-talks.md",
        include_str!("../examples/iran-media-review/2025-01-31-khamenei-greenlights-talks.md"),
    ),
    (
        "2025-04-29-event-real-deal.md",
        include_str!("../examples/iran-media-review/2025-04-29-event-real-deal.md"),
    ),
    (
        "2025-05-02-all-roads-lead-away-from-rome.md",
        include_str!("../examples/iran-media-review/2025-05-02-all-roads-lead-away-from-rome.md"),
    ),
    (
        "2025-05-06-nour-news-postponement.md",
        include_str!("../examples/iran-media-review/2025-05-06-nour-news-postponement.md"),
    ),
    (
        "2025-05-09-use-of-force-trajectory.md",
        include_str!("../examples/iran-media-review/2025-05-09-use-of-force-trajectory.md"),
    ),
    (
        "2025-05-13-araghchi-continued-talks.md",
        include_str!("../examples/iran-media-review/2025-05-13-araghchi-continued-talks.md"),
    ),
];

const SAMPLE_CONFIG: &str = include_str!("../examples/iran-media-review/quire.toml");

/// The sample index, built once.
pub fn sample() -> &'static BuiltIndex {
    static BUILT: OnceLock<BuiltIndex> = OnceLock::new();
    BUILT.get_or_init(|| {
        let config = Config::parse("quire.toml", SAMPLE_CONFIG).expect("the sample config parses");
        let mut corpus = Corpus::new(config.clone());
        for (name, text) in SAMPLE {
            corpus.add_markdown(name, text.as_bytes());
        }
        build_index(corpus.into_articles(), &config.build_options(), &mut |_| {})
            .expect("the sample builds")
    })
}

fn open(built: &BuiltIndex, replace: Option<(Role, Vec<u8>)>) -> crate::Result<Index> {
    let mut index = Index::new(built.manifest.clone())?;
    // Meta first: the columns and facets files are sized by it.
    let mut files: Vec<_> = built.files.iter().collect();
    files.sort_by_key(|f| f.role);
    for file in files {
        let bytes = match &replace {
            Some((role, bytes)) if *role == file.role => bytes.clone(),
            _ => file.bytes.clone(),
        };
        index.add_file(&file.name, bytes)?;
    }
    Ok(index)
}

/// Searches that touch every part of an index: words, prefixes, typos, phrases, exclusions,
/// scopes, filters, dates and each sort.
fn exercise(index: &Index) {
    let requests = [
        SearchRequest::new("talks"),
        SearchRequest::new("zar"),
        SearchRequest::new("araqchi shargh"),
        SearchRequest::new("\"supreme leader\" -kayhan"),
        SearchRequest::new("title:khamenei OR outlet:shargh"),
        SearchRequest {
            sort: "oldest".into(),
            date_from: Some("2024".into()),
            ..SearchRequest::new("")
        },
        SearchRequest {
            filters: vec![("kind".into(), vec!["Analysis".into()])],
            sort: "newest".into(),
            ..SearchRequest::new("iran")
        },
    ];
    for request in &requests {
        let _ = index.search(request);
    }
    let _ = index.info();
}

/// Target `index_bytes`: one index file replaced by arbitrary bytes, both as they are (the
/// header checks) and re-sealed with a valid checksum (the structure checks).
pub fn index_bytes(data: &[u8]) {
    let Some((&selector, payload)) = data.split_first() else {
        return;
    };
    let role = Role::ALL[selector as usize % Role::ALL.len()];
    let built = sample();
    for bytes in [payload.to_vec(), seal(role, payload)] {
        if let Ok(index) = open(built, Some((role, bytes.clone()))) {
            exercise(&index);
        }
        lazily(built, role, &bytes);
    }
}

/// Searches as the browser does, fetching what each round asks for from the files (one of
/// them replaced): ranges and text records come through `add_fetched`.
fn lazily(built: &BuiltIndex, role: Role, replacement: &[u8]) {
    let Ok(mut index) = Index::new(built.manifest.clone()) else {
        return;
    };
    let file = |name: &str| -> Option<&[u8]> {
        let file = built.files.iter().find(|f| f.name == name)?;
        Some(if file.role == role {
            replacement
        } else {
            &file.bytes
        })
    };
    for name in index
        .files_to_load()
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>()
    {
        let Some(bytes) = file(&name) else { return };
        if index.add_file(&name, bytes.to_vec()).is_err() {
            return;
        }
    }
    let request = SearchRequest::new("talks zarif");
    for _ in 0..16 {
        let Ok(crate::Step::Need(fetches)) = index.search(&request) else {
            return;
        };
        for fetch in fetches {
            let Some(bytes) = file(&fetch.file) else {
                return;
            };
            if index.add_fetched(&fetch, bytes).is_err() {
                return;
            }
        }
    }
}

/// Target `query`: arbitrary query text and options over the sample index.
pub fn query(data: &[u8]) {
    static INDEX: OnceLock<Index> = OnceLock::new();
    let index = INDEX.get_or_init(|| open(sample(), None).expect("the sample opens"));
    let Some((&options, text)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(text);
    let sorts = ["relevance", "newest", "oldest", "-date", "date", "nonsense"];
    let mut request = SearchRequest {
        query: text.to_string(),
        typing: options & 1 == 1,
        sort: sorts[(options >> 1) as usize % sorts.len()].into(),
        limit: usize::from(options >> 4) * 7,
        offset: usize::from(options & 0x0c),
        ..SearchRequest::default()
    };
    if options & 0x40 != 0 {
        // The text doubles as a filter value and a date bound.
        request
            .filters
            .push(("outlets".into(), vec![text.to_string()]));
        request.date_from = Some(text.chars().take(10).collect());
    }
    let _ = index.search(&request);
}

/// Target `corpus`: arbitrary bytes as a Markdown file, a JSON line and a `quire.toml`; an
/// article that parses is indexed and searched for its own title.
pub fn corpus(data: &[u8]) {
    let config = Config::default();
    let _ = Config::parse("quire.toml", &String::from_utf8_lossy(data));
    let _ = parse_json_line(&Location::new("fuzz.jsonl", Some(1)), data, &config);
    let Ok(crate::corpus::Parsed::Article(article, _)) = parse_markdown("fuzz.md", data, &config)
    else {
        return;
    };
    let title = article.title.clone();
    let Ok(built) = build_index(vec![*article], &config.build_options(), &mut |_| {}) else {
        return;
    };
    if let Ok(index) = open(&built, None) {
        let _ = index.search(&SearchRequest::new(&title));
    }
}
