//! Index files: payloads packed into files of bounded size, sealed with the segment header,
//! named by their content's hash (by groups for the many-file roles), and listed in the manifest.

use sha2::{Digest, Sha256};

use crate::format::{self, Role, VERSION};
use crate::language;
use crate::store::docs;
use crate::store::manifest::{FORMAT_NAME, Manifest, ManifestFile, NAMED_BY_GROUPS, grouped_hash};

use super::{BuiltIndex, OutputFile};

/// A terms file is cut once its terms and postings lists reach about this size: small
/// enough that a word's file is a quick fetch even from a host that ignores `Range`, large
/// enough that a big corpus needs few files. A longer postings list makes a file of its own.
/// Every new query fetches a terms file per word, so this is most of its bytes: 16 kB
/// against 32 took tehrantimes' median from 117 to 86 kB (Range) and 318 to 289 kB (no
/// Range), for 2,659 files instead of 2,434 (`examples/rounds.rs`).
pub const TERMS_FILE_BYTES: usize = 16 << 10;

/// A small dictionary is cut into about eight terms files, none under this size.
pub const MIN_TERMS_FILE_BYTES: usize = 4 << 10;

/// A lexicon file is cut once its terms and frequencies reach about this many bytes (its
/// FST is about two thirds of that), or at a new first letter once it is a quarter of that.
pub const LEXICON_FILE_BYTES: usize = 24 << 10;

/// Positions files are at most this large (a longer list makes a file of its own), so that a
/// host without `Range` sends little for a phrase.
pub const POSITIONS_FILE_BYTES: usize = 128 << 10;

/// No file is larger than this (hosts cap file sizes; Cloudflare Pages at 25 MiB).
pub const MAX_FILE_BYTES: usize = 8 << 20;

/// Documents in one docs file: a hit's record is fetched by its range, or with its file's
/// neighbours from a host that ignores `Range` (about 21 kB on a news archive).
pub const DOCS_PER_FILE: usize = 16;

/// A payload of a role, with what the manifest says of it besides its name and size.
pub(super) struct Sealed {
    role: Role,
    payload: Vec<u8>,
    first_term: Option<String>,
    first_doc: Option<u32>,
    docs: Option<u32>,
}

impl Sealed {
    pub(super) fn new(role: Role, payload: Vec<u8>) -> Sealed {
        Sealed {
            role,
            payload,
            first_term: None,
            first_doc: None,
            docs: None,
        }
    }

    /// A terms or lexicon file, whose range starts at `first_term`.
    pub(super) fn ranged(role: Role, payload: Vec<u8>, first_term: String) -> Sealed {
        Sealed {
            first_term: Some(first_term),
            ..Sealed::new(role, payload)
        }
    }
}

/// Byte strings packed into files of at most `max` bytes (one longer makes a file of its
/// own).
pub(super) struct Chunks {
    files: Vec<Vec<u8>>,
    max: usize,
}

impl Chunks {
    pub(super) fn new(max: usize) -> Chunks {
        Chunks {
            files: Vec::new(),
            max: max.min(MAX_FILE_BYTES),
        }
    }

    /// Appends `bytes` and says where: (file number, offset in its payload).
    pub(super) fn push(&mut self, bytes: &[u8]) -> (usize, usize) {
        if self
            .files
            .last()
            .is_none_or(|f| !f.is_empty() && f.len() + bytes.len() > self.max)
        {
            self.files.push(Vec::new());
        }
        let n = self.files.len() - 1;
        let file = &mut self.files[n];
        let offset = file.len();
        file.extend_from_slice(bytes);
        (n, offset)
    }

    pub(super) fn finish(self) -> Vec<Vec<u8>> {
        self.files
    }
}

/// The docs files: consecutive documents, at most [`DOCS_PER_FILE`] and [`MAX_FILE_BYTES`] to
/// a file, so that a host without `Range` sends little for a hit.
pub(super) fn docs_files(records: &[Vec<u8>]) -> Vec<Sealed> {
    let mut groups = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, record) in records.iter().enumerate() {
        if i > start && (i - start >= DOCS_PER_FILE || bytes + record.len() > MAX_FILE_BYTES) {
            groups.push(start..i);
            (start, bytes) = (i, 0);
        }
        bytes += record.len();
    }
    groups.push(start..records.len());
    groups
        .into_iter()
        .map(|range| {
            let mut payload = Vec::with_capacity(bytes_of(&records[range.clone()]) + 8);
            docs::put_docs(&mut payload, range.start as u32, &records[range.clone()]);
            Sealed {
                first_doc: Some(range.start as u32),
                docs: Some(range.len() as u32),
                ..Sealed::new(Role::Docs, payload)
            }
        })
        .collect()
}

fn bytes_of(records: &[Vec<u8>]) -> usize {
    records.iter().map(Vec::len).sum()
}

/// The first `digits` hex digits of a SHA-256.
fn hex(digest: &[u8], digits: usize) -> String {
    digest[..digits.div_ceil(2)]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>()[..digits]
        .to_string()
}

/// The hash in each file's name, in the order of `sealed`: the first 16 hex digits of its
/// SHA-256 for a file of its own; for the roles named by groups (see [`format`]), the group's
/// 14 digits, from the SHA-256s of its files, then the file's number in the group.
fn name_hashes(sealed: &[(Role, Vec<u8>)]) -> Vec<String> {
    let digests: Vec<[u8; 32]> = sealed
        .iter()
        .map(|(_, bytes)| Sha256::digest(bytes).into())
        .collect();
    let mut hashes: Vec<String> = digests.iter().map(|d| hex(d, 16)).collect();
    for role in NAMED_BY_GROUPS {
        let of_role: Vec<usize> = (0..sealed.len()).filter(|&i| sealed[i].0 == role).collect();
        for (g, group) in of_role.chunks(format::NAME_GROUP_FILES).enumerate() {
            let mut hasher = Sha256::new();
            for &i in group {
                hasher.update(digests[i]);
            }
            let group_hash = hex(&hasher.finalize(), format::GROUP_HASH_DIGITS);
            for (k, &i) in group.iter().enumerate() {
                hashes[i] = grouped_hash(&group_hash, g * format::NAME_GROUP_FILES + k);
            }
        }
    }
    hashes
}

/// Seals and names the files, and lists them in the manifest.
pub(super) fn assemble(
    files: Vec<Sealed>,
    documents: u32,
    entries: u32,
    terms: u32,
    languages: Vec<String>,
) -> BuiltIndex {
    let sealed: Vec<(Role, Vec<u8>)> = files
        .iter()
        .map(|file| (file.role, format::seal(file.role, &file.payload)))
        .collect();
    let hashes = name_hashes(&sealed);
    let mut listed = Vec::with_capacity(files.len());
    let mut outputs = Vec::with_capacity(files.len());
    for ((file, (role, bytes)), hash) in files.into_iter().zip(sealed).zip(hashes) {
        let name = format!("{}.{hash}.qi", role.name());
        listed.push(ManifestFile {
            role: role.name().into(),
            name: name.clone(),
            bytes: bytes.len() as u64,
            first_term: file.first_term,
            first_doc: file.first_doc,
            docs: file.docs,
        });
        outputs.push(OutputFile { role, name, bytes });
    }
    BuiltIndex {
        manifest: Manifest {
            format: FORMAT_NAME.into(),
            version: VERSION,
            documents,
            entries,
            terms,
            all_stemmers: language::needs_all_stemmers(languages.iter().map(String::as_str)),
            languages,
            checksum: String::new(),
            files: listed,
        }
        .seal(),
        files: outputs,
    }
}
