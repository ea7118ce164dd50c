//! Index files: payloads packed into files of bounded size, sealed with the segment header,
//! named by their content's hash, and listed in the manifest.

use sha2::{Digest, Sha256};

use crate::format::{self, Role, VERSION};
use crate::language;
use crate::store::docs::{self, Record};
use crate::store::manifest::{FORMAT_NAME, Manifest, ManifestFile};

use super::{BuiltIndex, OutputFile};

/// At most this many terms in one terms file: small enough that the words of a query fetch
/// a few kilobytes of dictionary, large enough that a big corpus needs few files.
pub const TERMS_PER_SHARD: usize = 512;

/// No file is larger than this (hosts cap file sizes; Cloudflare Pages at 25 MiB).
pub const MAX_FILE_BYTES: usize = 8 << 20;

/// At most this many documents in one docs file.
pub const DOCS_PER_FILE: usize = 8192;

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

    /// A terms file, whose range starts at `first_term`.
    pub(super) fn terms(payload: Vec<u8>, first_term: String) -> Sealed {
        Sealed {
            first_term: Some(first_term),
            ..Sealed::new(Role::Terms, payload)
        }
    }
}

/// Byte strings packed into files of at most [`MAX_FILE_BYTES`].
#[derive(Default)]
pub(super) struct Chunks {
    files: Vec<Vec<u8>>,
}

impl Chunks {
    /// Appends `bytes` and says where: (file number, offset in its payload).
    pub(super) fn push(&mut self, bytes: &[u8]) -> (usize, usize) {
        if self
            .files
            .last()
            .is_none_or(|f| !f.is_empty() && f.len() + bytes.len() > MAX_FILE_BYTES)
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

/// The docs files: consecutive documents grouped into record tables of at most
/// [`DOCS_PER_FILE`] documents and [`MAX_FILE_BYTES`] bytes.
pub(super) fn docs_files(documents: &[[Record; 2]]) -> Vec<Sealed> {
    let mut groups = Vec::new();
    let mut start = 0;
    let mut bytes = 0;
    for (i, [display, text]) in documents.iter().enumerate() {
        let size = display.0.len() + text.0.len();
        if i > start && (i - start >= DOCS_PER_FILE || bytes + size > MAX_FILE_BYTES) {
            groups.push((start, i));
            start = i;
            bytes = 0;
        }
        bytes += size;
    }
    groups.push((start, documents.len()));
    groups
        .into_iter()
        .map(|(start, end)| {
            let mut payload = Vec::new();
            docs::put_record_table(&mut payload, start as u32, &documents[start..end]);
            Sealed {
                first_doc: Some(start as u32),
                docs: Some((end - start) as u32),
                ..Sealed::new(Role::Docs, payload)
            }
        })
        .collect()
}

/// The first 16 hex digits of the SHA-256 of `bytes`.
fn content_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// Seals and names the files, and lists them in the manifest.
pub(super) fn assemble(
    files: Vec<Sealed>,
    documents: u32,
    entries: u32,
    terms: u32,
    languages: Vec<String>,
) -> BuiltIndex {
    let mut listed = Vec::with_capacity(files.len());
    let mut outputs = Vec::with_capacity(files.len());
    for file in files {
        let bytes = format::seal(file.role, &file.payload);
        let name = format!("{}.{}.qi", file.role.name(), content_hash(&bytes));
        listed.push(ManifestFile {
            role: file.role.name().into(),
            name: name.clone(),
            bytes: bytes.len() as u64,
            first_term: file.first_term,
            first_doc: file.first_doc,
            docs: file.docs,
        });
        outputs.push(OutputFile {
            role: file.role,
            name,
            bytes,
        });
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
