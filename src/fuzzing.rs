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

/// Whether a target may re-seal (give a valid checksum to) bytes it made up for a file of
/// `role`. Never for a terms or lexicon file: its dictionary is an `fst` crate FST, which trusts a file
/// that passed its checks and may panic on a crafted one (SECURITY.md, "What the engine
/// trusts"); re-sealing is what only someone who can write the index can do, and they can
/// equally rewrite the JavaScript. Such inputs still run unsealed, so the checksum must
/// refuse them.
fn may_reseal(role: Role) -> bool {
    !matches!(role, Role::Terms | Role::Lexicon)
}

/// Target `index_bytes`: one index file replaced by arbitrary bytes, both as they are (the
/// header checks) and re-sealed with a valid checksum (the structure checks; not for a terms
/// or lexicon file, see [`may_reseal`]).
pub fn index_bytes(data: &[u8]) {
    let Some((&selector, payload)) = data.split_first() else {
        return;
    };
    let role = Role::ALL[selector as usize % Role::ALL.len()];
    let built = sample();
    let resealed = may_reseal(role).then(|| seal(role, payload));
    for bytes in std::iter::once(payload.to_vec()).chain(resealed) {
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

/// Searches that a fuzz input picks: its text as the query, with options from `options`.
fn request_of(text: &[u8], options: u8) -> SearchRequest {
    let sorts = ["relevance", "newest", "oldest"];
    let mut request = SearchRequest {
        query: String::from_utf8_lossy(text).into_owned(),
        typing: options & 1 == 1,
        sort: sorts[(options >> 1) as usize % sorts.len()].into(),
        ..SearchRequest::default()
    };
    if options & 0x08 != 0 {
        request.date_from = Some("2015".into());
    }
    if options & 0x10 != 0 {
        request
            .filters
            .push(("kind".into(), vec!["Analysis".into()]));
    }
    request
}

/// Searches lazily, as the browser does, fetching from `file` (by name) what each round asks
/// for; gives up at the first error, as the worker would.
fn search_lazily<'a>(
    mut index: Index,
    file: impl Fn(&str) -> Option<std::borrow::Cow<'a, [u8]>>,
    requests: &[SearchRequest],
) {
    for name in index
        .files_to_load()
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>()
    {
        let Some(bytes) = file(&name) else { return };
        if index.add_file(&name, bytes.into_owned()).is_err() {
            return;
        }
    }
    let _ = index.info();
    for request in requests {
        for _ in 0..16 {
            let Ok(crate::Step::Need(fetches)) = index.search(request) else {
                break;
            };
            for fetch in fetches {
                let Some(bytes) = file(&fetch.file) else {
                    return;
                };
                if index.add_fetched(&fetch, &bytes).is_err() {
                    return;
                }
            }
        }
    }
}

/// Target `manifest`: the sample's `quire.json` as arbitrary bytes (up to the first zero
/// byte), with its checksum as it comes and set again (to reach the checks behind it),
/// together with one of its files replaced by the bytes after the zero (a role byte, then
/// the file), as they come and re-sealed (but for a terms file, see [`may_reseal`]). The
/// files are served by the names the manifest gives, whatever they are.
pub fn manifest(data: &[u8]) {
    let (json, rest) = match data.iter().position(|&b| b == 0) {
        Some(zero) => (&data[..zero], &data[zero + 1..]),
        None => (data, &[][..]),
    };
    let Ok(parsed) = crate::Manifest::from_json(json) else {
        return;
    };
    let built = sample();
    let replaced = rest.split_first().map(|(&selector, bytes)| {
        let role = Role::ALL[selector as usize % Role::ALL.len()];
        let bytes = if selector & 0x80 != 0 && may_reseal(role) {
            seal(role, bytes)
        } else {
            bytes.to_vec()
        };
        (role, bytes)
    });
    let file = |name: &str| -> Option<std::borrow::Cow<'_, [u8]>> {
        let file = built.files.iter().find(|f| f.name == name)?;
        Some(match &replaced {
            Some((role, bytes)) if *role == file.role => std::borrow::Cow::Borrowed(bytes),
            _ => std::borrow::Cow::Borrowed(&file.bytes),
        })
    };
    let requests = [
        SearchRequest::new("talks zarif"),
        SearchRequest::new("\"supreme leader\" -kayhan"),
        request_of(b"iran", 0x1f),
    ];
    for manifest in [parsed.clone(), parsed.seal()] {
        if let Ok(index) = Index::new(manifest) {
            search_lazily(index, file, &requests);
        }
    }
}

/// Target `many_shards`: an index of many terms shards (bbc from `../shared/corpora` when
/// the caller hands its bytes over, else a generated corpus), one of its files patched by the
/// input and searched lazily for the input's query. Input: file number (2 bytes), options
/// (1 byte: bit 7 re-seals the patched file unless it is a terms file, the rest shape the
/// request), the query up to a
/// zero byte, then the patch: 4 bytes of offset into the file's payload, then bytes XORed in.
pub fn many_shards(data: &[u8], corpus: Option<&[u8]>) {
    let built = many_shards_index(corpus);
    if data.len() < 3 || built.files.is_empty() {
        return;
    }
    let target =
        &built.files[usize::from(u16::from_le_bytes([data[0], data[1]])) % built.files.len()];
    let options = data[2];
    let rest = &data[3..];
    let (query, patch) = match rest.iter().position(|&b| b == 0) {
        Some(zero) => (&rest[..zero], &rest[zero + 1..]),
        None => (rest, &[][..]),
    };
    let patched = (patch.len() > 4).then(|| {
        let payload = &target.bytes[crate::format::HEADER_LEN..];
        let at = u32::from_le_bytes([patch[0], patch[1], patch[2], patch[3]]) as usize;
        let mut payload = payload.to_vec();
        let len = payload.len().max(1);
        for (i, byte) in patch[4..].iter().enumerate() {
            if let Some(slot) = payload.get_mut(at.wrapping_add(i) % len) {
                *slot ^= byte;
            }
        }
        if options & 0x80 != 0 && may_reseal(target.role) {
            seal(target.role, &payload)
        } else {
            let mut bytes = target.bytes[..crate::format::HEADER_LEN].to_vec();
            bytes.extend_from_slice(&payload);
            bytes
        }
    });
    let file = |name: &str| -> Option<std::borrow::Cow<'_, [u8]>> {
        if name == target.name
            && let Some(bytes) = &patched
        {
            return Some(std::borrow::Cow::Borrowed(bytes));
        }
        let file = built.files.iter().find(|f| f.name == name)?;
        Some(std::borrow::Cow::Borrowed(&file.bytes))
    };
    let Ok(index) = Index::new(built.manifest.clone()) else {
        return;
    };
    search_lazily(index, file, &[request_of(query, options)]);
}

/// The index of [`many_shards`], built once: from the JSON Lines bytes (gzip or not) given
/// first, else from 3,000 generated articles over a 6,000-word vocabulary.
pub fn many_shards_index(corpus: Option<&[u8]>) -> &'static BuiltIndex {
    static BUILT: OnceLock<BuiltIndex> = OnceLock::new();
    BUILT.get_or_init(|| {
        let config = Config::default();
        let mut articles = Corpus::new(config.clone());
        match corpus {
            Some(bytes) => articles
                .add_json_lines("corpus.jsonl", bytes)
                .expect("the corpus reads"),
            None => articles
                .add_json_lines("generated.jsonl", generated_corpus().as_bytes())
                .expect("the generated corpus reads"),
        }
        build_index(
            articles.into_articles(),
            &config.build_options(),
            &mut |_| {},
        )
        .expect("the corpus builds")
    })
}

/// 3,000 articles of made-up words, enough for several terms shards.
fn generated_corpus() -> String {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let syllables = [
        "ka", "ra", "mi", "to", "shar", "gh", "an", "ze", "vo", "lu", "qi", "dor", "be", "su",
    ];
    let vocabulary: Vec<String> = (0..6_000)
        .map(|_| {
            (0..2 + next() % 3)
                .map(|_| syllables[(next() % syllables.len() as u64) as usize])
                .collect()
        })
        .collect();
    let mut lines = String::new();
    for i in 0..3_000 {
        let mut words = |n: usize| -> String {
            (0..n)
                .map(|_| vocabulary[(next() % vocabulary.len() as u64) as usize].as_str())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let (title, body) = (words(5), words(80));
        lines.push_str(&format!(
            "{{\"id\":\"a{i}\",\"title\":\"{title}\",\"date\":\"{}-0{}-1{}\",\"section\":\"{}\",\"body\":\"{body}\"}}\n",
            2000 + i % 20,
            1 + i % 9,
            i % 9,
            ["Analysis", "Event", "News"][i % 3]
        ));
    }
    lines
}

/// Target `text_record`: the bytes as document 0's text record in the sample's docs file,
/// decompressed as the native reader does (whole file) and as the browser's rounds ask for
/// it (one record). The first byte chooses the record's head (bit 2: the bytes are the whole
/// record, their first four the size it claims; else the size of what they inflate to, up to
/// the limit, is put before them) and the CRC-32 stored for it (by its value modulo 3: of
/// what the bytes inflate to, so that arbitrary text reaches the excerpts; of the bytes
/// themselves; or the input's next four bytes).
pub fn text_record(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let built = sample();
    let Some(docs) = built.files.iter().find(|f| f.role == Role::Docs) else {
        return;
    };
    let limit = crate::store::docs::MAX_TEXT_BYTES;
    let plain = {
        use std::io::Read;
        let mut out = Vec::new();
        flate2::read::DeflateDecoder::new(rest)
            .take(limit as u64)
            .read_to_end(&mut out)
            .ok()
            .map(|_| out)
    };
    let record = if mode & 0x04 != 0 {
        rest.to_vec()
    } else {
        let size = plain.as_ref().map_or(0, Vec::len) as u32;
        [&size.to_le_bytes()[..], rest].concat()
    };
    let crc = match mode % 3 {
        0 => plain.map_or(0, |text| crate::crc32::checksum(&text)),
        1 => crate::crc32::checksum(rest),
        _ => rest
            .get(..4)
            .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])),
    };
    let Some(bytes) = replace_text_record(&docs.bytes, &record, crc) else {
        return;
    };
    let file = |name: &str| -> Option<std::borrow::Cow<'_, [u8]>> {
        if name == docs.name {
            return Some(std::borrow::Cow::Borrowed(&bytes));
        }
        let file = built.files.iter().find(|f| f.name == name)?;
        Some(std::borrow::Cow::Borrowed(&file.bytes))
    };
    // The first document by id order is the oldest: searched by browsing, oldest first.
    let requests = [
        SearchRequest {
            sort: "oldest".into(),
            ..SearchRequest::new("")
        },
        SearchRequest::new("khamenei"),
    ];
    // The manifest gives the file's new size (under its old name, which no reader checks).
    let mut manifest = built.manifest.clone();
    if let Some(entry) = manifest.files.iter_mut().find(|f| f.name == docs.name) {
        entry.bytes = bytes.len() as u64;
    }
    let manifest = manifest.seal();
    if let Ok(index) = Index::new(manifest.clone()) {
        search_lazily(index, file, &requests);
    }
    let mut whole = built.files.clone();
    if let Some(file) = whole.iter_mut().find(|f| f.role == Role::Docs) {
        file.bytes = bytes.clone();
    }
    let replaced = BuiltIndex {
        manifest,
        files: whole,
    };
    if let Ok(index) = open(&replaced, None) {
        exercise(&index);
    }
}

/// A docs file with document 0's text record replaced by `record` (stored with `crc`) and the
/// file re-sealed; `None` when the new record does not fit in the old one's units (the
/// columns file gives each record's size, which stays as it was).
fn replace_text_record(file: &[u8], record: &[u8], crc: u32) -> Option<Vec<u8>> {
    use crate::store::docs::{DOCS_HEAD, RECORD_UNIT, encode_record, split_record};
    let payload = crate::format::open("docs", Role::Docs, file).ok()?;
    let first = payload.get(DOCS_HEAD..)?;
    let parts = split_record("docs", first).ok()?;
    let word = |at: usize| -> Option<usize> {
        Some(u32::from_le_bytes(first.get(at..at + 4)?.try_into().ok()?) as usize)
    };
    let old_len = (8 + word(0)? + 4 + word(4)? + 4).div_ceil(RECORD_UNIT) * RECORD_UNIT;
    let mut new = encode_record(parts.display, &(record.to_vec(), crc));
    if new.len() > old_len {
        return None;
    }
    new.resize(old_len, 0);
    let mut out = payload[..DOCS_HEAD].to_vec();
    out.extend_from_slice(&new);
    out.extend_from_slice(payload.get(DOCS_HEAD + old_len..)?);
    Some(seal(Role::Docs, &out))
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
