//! The manifest, `quire.json`: the one file a reader loads first, listing every index file
//! with its role, size and, for shards, the range it covers. It is rewritten in place, last,
//! by each build.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::format::{GROUP_HASH_DIGITS, HEADER_LEN, NAME_GROUP_FILES, Put, Role, VERSION};
use crate::language::ALL_STEMMERS_BUILT;

/// The manifest's file name.
pub const MANIFEST_NAME: &str = "quire.json";

/// The manifest, `quire.json`: what a reader loads first. In memory every file is listed in
/// [`Manifest::files`]; in JSON the files of the many-file roles (terms, positions, docs) are
/// listed compactly, by role (see [`crate::format`]), so that `quire.json` stays small.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(into = "Stored", from = "Stored")]
pub struct Manifest {
    /// Always `quire-index`.
    pub format: String,
    /// The format version of the index files ([`crate::VERSION`]).
    pub version: u32,
    /// Articles in the index.
    pub documents: u32,
    /// Dated entries in them.
    pub entries: u32,
    /// Terms in the dictionary.
    pub terms: u32,
    /// The language tags of the articles, sorted (as in the meta file).
    #[serde(default)]
    pub languages: Vec<String>,
    /// Whether a search needs stemmers that the default Wasm engine leaves out (a stemmed
    /// language other than English): the worker then loads `quire_all_bg.wasm`.
    #[serde(default, rename = "allStemmers")]
    pub all_stemmers: bool,
    /// The CRC-32 of the manifest's content (see [`Manifest::content_checksum`]), as 8 hex
    /// digits: a flipped bit in a shard bound or a document range would otherwise go
    /// unnoticed, and answer searches wrongly.
    #[serde(default)]
    pub checksum: String,
    /// Every index file; files of one role in order.
    pub files: Vec<ManifestFile>,
}

/// One index file of the manifest.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManifestFile {
    /// What it holds: a [`crate::Role`] name.
    pub role: String,
    /// Its name in the index folder.
    pub name: String,
    /// Its size.
    pub bytes: u64,
    /// Terms and lexicon files: the first term of the range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_term: Option<String>,
    /// Docs files: the first document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_doc: Option<u32>,
    /// Docs files: the number of documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs: Option<u32>,
}

/// The roles of many files, named by groups (see [`crate::format`]) and listed compactly in
/// the JSON, under a key of the role's name.
pub(crate) const NAMED_BY_GROUPS: [Role; 4] =
    [Role::Terms, Role::Lexicon, Role::Positions, Role::Docs];

/// The roles whose files are ranges of the dictionary, each with its first term.
const RANGED: [Role; 2] = [Role::Terms, Role::Lexicon];

/// The manifest as stored in `quire.json`.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Stored {
    format: String,
    version: u32,
    documents: u32,
    entries: u32,
    terms: u32,
    #[serde(default)]
    languages: Vec<String>,
    #[serde(default)]
    all_stemmers: bool,
    #[serde(default)]
    checksum: String,
    files: Vec<ManifestFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    terms_files: Option<RoleFiles>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lexicon_files: Option<RoleFiles>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    positions_files: Option<RoleFiles>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    docs_files: Option<RoleFiles>,
}

/// The files of one role, compactly: file *n* is `<role>.<hash of group n / 256><n % 256 as
/// 2 hex digits>.qi`, with `bytes[n]` bytes (see "named by groups" in [`crate::format`]).
#[derive(Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RoleFiles {
    /// The 14-hex-digit hashes of the groups, end to end.
    pub hashes: String,
    pub bytes: Vec<u64>,
    /// Terms and lexicon files: the first term of each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub first_terms: Vec<String>,
    /// Docs files: the number of documents of each (the first is the sum before it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub docs: Vec<u32>,
}

/// The length of a file name's hash.
const HASH_LEN: usize = GROUP_HASH_DIGITS + 2;

/// The hash in the name of file `n` of a role named by groups, whose group hash is `group`.
pub(crate) fn grouped_hash(group: &str, n: usize) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let k = n % NAME_GROUP_FILES;
    let mut hash = String::with_capacity(HASH_LEN);
    hash.push_str(group);
    hash.push(HEX[k >> 4] as char);
    hash.push(HEX[k & 15] as char);
    hash
}

impl RoleFiles {
    /// The files it lists, as manifest entries.
    pub(crate) fn expand(&self, role: Role) -> Vec<ManifestFile> {
        let mut first_doc = 0;
        self.bytes
            .iter()
            .enumerate()
            .map(|(n, &bytes)| {
                let group = n / NAME_GROUP_FILES;
                let group_hash = self
                    .hashes
                    .get(group * GROUP_HASH_DIGITS..(group + 1) * GROUP_HASH_DIGITS)
                    .unwrap_or("");
                let docs = self.docs.get(n).copied();
                let mut name = String::with_capacity(role.name().len() + HASH_LEN + 4);
                name.push_str(role.name());
                name.push('.');
                name.push_str(&grouped_hash(group_hash, n));
                name.push_str(".qi");
                let file = ManifestFile {
                    role: role.name().into(),
                    name,
                    bytes,
                    first_term: self.first_terms.get(n).cloned(),
                    first_doc: docs.map(|_| first_doc),
                    docs,
                };
                first_doc += docs.unwrap_or(0);
                file
            })
            .collect()
    }

    /// The files of `role` listed compactly, when every one of them can be: its name is that
    /// of file *n* of a role named by groups, terms and lexicon files have their first term,
    /// docs files cover the documents in order. Otherwise `None`, and they are listed in
    /// full (all of them, so that the order of a role's files reads back the same).
    fn compact(files: &[&ManifestFile], role: Role) -> Option<RoleFiles> {
        let mut list = RoleFiles::default();
        let mut first_doc = 0;
        for (n, file) in files.iter().enumerate() {
            let hash = hash_of(file, role)?;
            let (group, _) = hash.split_at(GROUP_HASH_DIGITS);
            if n % NAME_GROUP_FILES == 0 {
                list.hashes.push_str(group);
            }
            if grouped_hash(&list.hashes[list.hashes.len() - GROUP_HASH_DIGITS..], n) != hash
                || (RANGED.contains(&role) != file.first_term.is_some())
                || (role == Role::Docs
                    && (file.first_doc != Some(first_doc) || file.docs.is_none()))
                || (role != Role::Docs && (file.first_doc.is_some() || file.docs.is_some()))
            {
                return None;
            }
            list.bytes.push(file.bytes);
            list.first_terms.extend(file.first_term.clone());
            if let Some(docs) = file.docs {
                list.docs.push(docs);
                first_doc += docs;
            }
        }
        Some(list)
    }
}

/// The hash of a file named `<role>.<16 hex digits>.qi`.
fn hash_of(file: &ManifestFile, role: Role) -> Option<&str> {
    is_index_file_name(&file.name, role)
        .then(|| &file.name[role.name().len() + 1..file.name.len() - ".qi".len()])
}

impl From<Manifest> for Stored {
    fn from(manifest: Manifest) -> Stored {
        let mut lists: [Option<RoleFiles>; 4] = Default::default();
        for (slot, &role) in lists.iter_mut().zip(&NAMED_BY_GROUPS) {
            let of_role: Vec<&ManifestFile> = manifest
                .files
                .iter()
                .filter(|file| file.role == role.name())
                .collect();
            if !of_role.is_empty() {
                *slot = RoleFiles::compact(&of_role, role);
            }
        }
        let files = manifest
            .files
            .into_iter()
            .filter(|file| {
                !NAMED_BY_GROUPS
                    .iter()
                    .zip(&lists)
                    .any(|(role, list)| list.is_some() && file.role == role.name())
            })
            .collect();
        let [terms_files, lexicon_files, positions_files, docs_files] = lists;
        Stored {
            format: manifest.format,
            version: manifest.version,
            documents: manifest.documents,
            entries: manifest.entries,
            terms: manifest.terms,
            languages: manifest.languages,
            all_stemmers: manifest.all_stemmers,
            checksum: manifest.checksum,
            files,
            terms_files,
            lexicon_files,
            positions_files,
            docs_files,
        }
    }
}

impl From<Stored> for Manifest {
    fn from(stored: Stored) -> Manifest {
        let mut files = stored.files;
        for (list, role) in [
            (stored.terms_files, Role::Terms),
            (stored.lexicon_files, Role::Lexicon),
            (stored.positions_files, Role::Positions),
            (stored.docs_files, Role::Docs),
        ] {
            if let Some(list) = list {
                files.extend(list.expand(role));
            }
        }
        Manifest {
            format: stored.format,
            version: stored.version,
            documents: stored.documents,
            entries: stored.entries,
            terms: stored.terms,
            languages: stored.languages,
            all_stemmers: stored.all_stemmers,
            checksum: stored.checksum,
            files,
        }
    }
}

/// The value of the manifest's `format` key.
pub(crate) const FORMAT_NAME: &str = "quire-index";

/// A manifest problem, with how to fix it.
fn wrong(message: impl Into<String>) -> Error {
    Error::Manifest {
        message: message.into(),
    }
}

/// The largest `bytes` a file can have: its header and a payload whose length fits the
/// header's 32 bits.
const MAX_FILE_SIZE: u64 = HEADER_LEN as u64 + u32::MAX as u64;

/// Whether `name` is an index file name of `role` as `quire build` writes them:
/// `<role>.<16 hex digits>.qi`. Nothing else can reach a reader: no path, no other file.
pub fn is_index_file_name(name: &str, role: Role) -> bool {
    let Some(hash) = name
        .strip_prefix(role.name())
        .and_then(|rest| rest.strip_prefix('.'))
        .and_then(|rest| rest.strip_suffix(".qi"))
    else {
        return false;
    };
    hash.len() == HASH_LEN
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl Manifest {
    /// The CRC-32 of the manifest's content, every key but `checksum` itself, in the byte
    /// form the format spec gives (`src/format.rs`): it does not depend on how the JSON
    /// was spaced, nor on the order of its keys.
    pub fn content_checksum(&self) -> u32 {
        let mut out = Vec::new();
        out.put_str(&self.format);
        for count in [self.version, self.documents, self.entries, self.terms] {
            out.put_varint(u64::from(count));
        }
        out.put_varint(self.languages.len() as u64);
        for tag in &self.languages {
            out.put_str(tag);
        }
        out.push(u8::from(self.all_stemmers));
        out.put_varint(self.files.len() as u64);
        for file in &self.files {
            out.put_str(&file.role);
            out.put_str(&file.name);
            out.put_varint(file.bytes);
            match &file.first_term {
                Some(term) => {
                    out.push(1);
                    out.put_str(term);
                }
                None => out.push(0),
            }
            for number in [file.first_doc, file.docs] {
                match number {
                    Some(n) => {
                        out.push(1);
                        out.put_varint(u64::from(n));
                    }
                    None => out.push(0),
                }
            }
        }
        crate::crc32::checksum(&out)
    }

    /// Sets `checksum` to the content's: the last step of writing a manifest.
    pub fn seal(mut self) -> Manifest {
        self.checksum = format!("{:08x}", self.content_checksum());
        self
    }

    /// Checks the format and version, the checksum, and that every file has a known role
    /// with the keys that role needs, a name `quire build` could have given it, a size a
    /// file can have, and that the shards' bounds are in order and the docs files cover the
    /// documents. Returns the role of each file, in manifest order.
    pub fn check(&self) -> Result<Vec<Role>> {
        if self.format != FORMAT_NAME {
            return Err(Error::Manifest {
                message: format!(
                    "`format` is `{}`, not `{FORMAT_NAME}`: this is not a Quire manifest",
                    self.format
                ),
            });
        }
        if self.version != VERSION {
            return Err(Error::WrongVersion {
                file: MANIFEST_NAME.to_string(),
                found: self.version,
                expected: VERSION,
            });
        }
        // Checked after the version: another version may sum its manifest otherwise.
        if self.checksum.is_empty() {
            return Err(wrong(format!(
                "{MANIFEST_NAME} has no `checksum`; rebuild the index with `quire build`"
            )));
        }
        if self.checksum != format!("{:08x}", self.content_checksum()) {
            return Err(Error::Checksum {
                file: MANIFEST_NAME.to_string(),
            });
        }
        if self.all_stemmers && !ALL_STEMMERS_BUILT {
            return Err(Error::Manifest {
                message: "this index has articles in a language that needs a stemmer besides \
                          English (`allStemmers`): load quire_all_bg.wasm (built with the \
                          `all-stemmers` feature) instead of quire_bg.wasm"
                    .into(),
            });
        }
        let mut roles = Vec::with_capacity(self.files.len());
        // Sorted, for finding a name listed twice: a hash set would bring its hasher and
        // table code into the Wasm module for this one check.
        let mut names: Vec<&str> = Vec::with_capacity(self.files.len());
        // Per ranged role, the first term of its last file.
        let mut last_terms: [Option<&str>; RANGED.len()] = [None; RANGED.len()];
        let mut next_doc = 0u64;
        for file in &self.files {
            let role = Role::from_name(&file.role).ok_or_else(|| {
                wrong(format!(
                    "unknown file role `{}`; rebuild the index",
                    file.role
                ))
            })?;
            if !is_index_file_name(&file.name, role) {
                return Err(wrong(format!(
                    "`{}` is not the name of a {} file (`{}.<16 hex digits>.qi`); rebuild the index",
                    file.name,
                    role.name(),
                    role.name()
                )));
            }
            match names.binary_search(&file.name.as_str()) {
                // Two positions shards with the same bytes have the same name, and the terms
                // files locate them by number: a repetitive corpus (a million generated
                // articles) makes such twins. A name holds its role and its content's hash,
                // so no other file can hide behind the repeat.
                Ok(_) if role == Role::Positions => {}
                Ok(_) => {
                    return Err(wrong(format!(
                        "{} is listed twice; rebuild the index",
                        file.name
                    )));
                }
                Err(at) => names.insert(at, &file.name),
            }
            if !(HEADER_LEN as u64..=MAX_FILE_SIZE).contains(&file.bytes) {
                return Err(wrong(format!(
                    "{} has a size of {} bytes, which no index file has; rebuild the index",
                    file.name, file.bytes
                )));
            }
            if let Some(r) = RANGED.iter().position(|&ranged| ranged == role) {
                let first = file.first_term.as_deref().ok_or_else(|| {
                    wrong(format!(
                        "{} file {} has no firstTerm",
                        role.name(),
                        file.name
                    ))
                })?;
                if last_terms[r].is_some_and(|last| last >= first) {
                    return Err(wrong(format!(
                        "the {} files are not in the order of their firstTerm (at {}); rebuild the index",
                        role.name(),
                        file.name
                    )));
                }
                last_terms[r] = Some(first);
            }
            if role == Role::Docs {
                let (Some(first), Some(docs)) = (file.first_doc, file.docs) else {
                    return Err(wrong(format!("{} has no firstDoc or docs", file.name)));
                };
                if u64::from(first) != next_doc {
                    return Err(wrong(format!(
                        "{} starts at document {first}, not {next_doc}: the docs files must cover the documents in order; rebuild the index",
                        file.name
                    )));
                }
                next_doc += u64::from(docs);
            }
            roles.push(role);
        }
        for role in [Role::Meta, Role::Columns, Role::Facets, Role::Docs] {
            if !roles.contains(&role) {
                return Err(wrong(format!(
                    "no {} file is listed; rebuild the index",
                    role.name()
                )));
            }
        }
        if next_doc != u64::from(self.documents) {
            return Err(wrong(format!(
                "the docs files hold {next_doc} documents, the index {}; rebuild the index",
                self.documents
            )));
        }
        Ok(roles)
    }

    /// The JSON text of `quire.json`.
    #[cfg(feature = "build")]
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default() + "\n"
    }

    /// Parses the JSON text of `quire.json` (the browser hands the engine a parsed object
    /// instead, read in `wasm.rs`).
    #[cfg(feature = "build")]
    pub fn from_json(json: &[u8]) -> Result<Manifest> {
        serde_json::from_slice(json).map_err(|e| Error::Manifest {
            message: format!("{MANIFEST_NAME} does not parse ({e}); rebuild the index"),
        })
    }
}

#[cfg(all(test, feature = "build"))]
mod tests {
    use super::*;

    fn file(role: Role, n: u8) -> ManifestFile {
        ManifestFile {
            role: role.name().into(),
            name: format!("{}.{:016x}.qi", role.name(), n),
            bytes: 100,
            first_term: (role == Role::Terms).then(|| format!("{}", (b'a' + n) as char)),
            first_doc: (role == Role::Docs).then_some(0),
            docs: (role == Role::Docs).then_some(3),
        }
    }

    fn manifest() -> Manifest {
        Manifest {
            format: FORMAT_NAME.into(),
            version: VERSION,
            documents: 3,
            entries: 0,
            terms: 10,
            languages: vec!["en".into(), "fr".into()],
            all_stemmers: true,
            checksum: String::new(),
            files: vec![
                file(Role::Meta, 0),
                file(Role::Columns, 0),
                file(Role::Facets, 0),
                file(Role::Terms, 0),
                file(Role::Terms, 1),
                file(Role::Docs, 0),
            ],
        }
        .seal()
    }

    /// The message of a manifest that `change` altered and that was sealed again (as a
    /// tool that rewrites manifests would), or not.
    fn refused(change: impl FnOnce(&mut Manifest), reseal: bool) -> Error {
        let mut manifest = manifest();
        change(&mut manifest);
        if reseal {
            manifest = manifest.seal();
        }
        manifest.check().unwrap_err()
    }

    #[test]
    fn identical_positions_shards_may_share_a_name() {
        let mut twins = manifest();
        twins.files.push(file(Role::Positions, 0));
        twins.files.push(file(Role::Positions, 0));
        twins.seal().check().unwrap();
    }

    #[test]
    fn manifests_round_trip_through_json() {
        let manifest = manifest();
        let back = Manifest::from_json(manifest.to_json().as_bytes()).unwrap();
        assert_eq!(back, manifest);
        assert_eq!(back.check().unwrap()[3], Role::Terms);
        // Spacing and key order do not change the sum.
        let compact = serde_json::to_string(&manifest).unwrap();
        assert_eq!(Manifest::from_json(compact.as_bytes()).unwrap(), manifest);
    }

    #[test]
    fn any_changed_value_fails_the_checksum() {
        let changes: [fn(&mut Manifest); 8] = [
            |m| m.documents += 1,
            |m| m.terms -= 1,
            |m| m.files[3].first_term = Some("b".into()),
            |m| m.files[4].first_term = Some("c".into()),
            |m| m.files[5].first_doc = Some(1),
            |m| m.files[5].bytes = 101,
            |m| m.files.swap(3, 4),
            |m| m.files[0].name = "meta.0000000000000001.qi".into(),
        ];
        for change in changes {
            let error = refused(change, false);
            assert!(matches!(error, Error::Checksum { .. }), "{error}");
            assert!(error.to_string().starts_with("quire.json: checksum"));
        }
        let error = refused(|m| m.checksum.clear(), false);
        assert!(error.to_string().contains("no `checksum`"), "{error}");
    }

    #[test]
    fn many_files_are_listed_compactly_and_read_back_alike() {
        let mut manifest = manifest();
        manifest.files.truncate(3);
        for n in 0..3 {
            manifest.files.push(ManifestFile {
                role: "terms".into(),
                name: format!("terms.{}.qi", grouped_hash("0123456789abcd", n)),
                bytes: 100 + n as u64,
                first_term: Some(format!("t{n}")),
                first_doc: None,
                docs: None,
            });
        }
        // 258 docs files: two groups, the second of two files.
        for n in 0..258 {
            let group = if n < NAME_GROUP_FILES {
                "aaaaaaaaaaaaaa"
            } else {
                "bbbbbbbbbbbbbb"
            };
            manifest.files.push(ManifestFile {
                role: "docs".into(),
                name: format!("docs.{}.qi", grouped_hash(group, n)),
                bytes: 200,
                first_term: None,
                first_doc: Some(n as u32),
                docs: Some(1),
            });
        }
        assert_eq!(manifest.files[3 + 3 + 257].name, "docs.bbbbbbbbbbbbbb01.qi");
        manifest.documents = 258;
        let manifest = manifest.seal();
        manifest.check().unwrap();
        let json = manifest.to_json();
        assert!(
            json.contains(r#""docsFiles":{"hashes":"aaaaaaaaaaaaaabbbbbbbbbbbbbb","bytes":[200,"#),
            "{json}"
        );
        assert!(json.contains(r#""termsFiles":{"hashes":"0123456789abcd","bytes":[100,101,102],"firstTerms":["t0","t1","t2"]}"#), "{json}");
        assert!(json.contains(r#""files":[{"role":"meta""#), "{json}");
        assert!(!json.contains(r#""role":"docs""#), "{json}");
        assert_eq!(Manifest::from_json(json.as_bytes()).unwrap(), manifest);
    }

    #[test]
    fn a_role_whose_names_are_not_by_groups_is_listed_in_full_in_its_order() {
        let mut manifest = manifest();
        manifest.files.truncate(3);
        // The second name does not number its file 1 in the group: every terms file is
        // listed in full, so that their order reads back the same.
        for (n, k) in [(0, 0), (1, 7), (2, 2)] {
            manifest.files.push(ManifestFile {
                role: "terms".into(),
                name: format!("terms.{}.qi", grouped_hash("0123456789abcd", k)),
                bytes: 100,
                first_term: Some(format!("t{n}")),
                first_doc: None,
                docs: None,
            });
        }
        manifest.files.push(file(Role::Docs, 0));
        let manifest = manifest.seal();
        let json = manifest.to_json();
        assert!(!json.contains("termsFiles"), "{json}");
        assert!(json.contains(r#""docsFiles""#), "{json}");
        assert!(
            json.contains(r#""name":"terms.0123456789abcd07.qi""#),
            "{json}"
        );
        assert_eq!(Manifest::from_json(json.as_bytes()).unwrap(), manifest);
    }

    #[test]
    fn checks_say_what_is_wrong() {
        let mut other = manifest();
        other.version = VERSION + 1;
        assert_eq!(other.check().unwrap_err().kind(), "version");
        type Case = (fn(&mut Manifest), &'static str);
        let cases: [Case; 10] = [
            (|m| m.files.retain(|f| f.role != "docs"), "no docs file"),
            (|m| m.files[3].first_term = None, "firstTerm"),
            (|m| m.files.swap(3, 4), "not in the order"),
            (|m| m.files[5].first_doc = Some(1), "starts at document 1"),
            (|m| m.documents = 4, "hold 3 documents, the index 4"),
            (
                |m| m.files[0].name = "../meta.qi".into(),
                "not the name of a meta file",
            ),
            (|m| m.files[0].name = "/dev/zero".into(), "not the name"),
            (
                // Positions pointed at the docs file.
                |m| {
                    let mut positions = file(Role::Positions, 0);
                    positions.name = m.files[5].name.clone();
                    m.files.push(positions);
                },
                "not the name of a positions file",
            ),
            (|m| m.files.push(m.files[4].clone()), "is listed twice"),
            (|m| m.files[0].bytes = 1 << 53, "no index file has"),
        ];
        for (change, expected) in cases {
            let error = refused(change, true).to_string();
            assert!(error.contains(expected), "{expected}: {error}");
        }
        assert!(Manifest::from_json(b"<html>").is_err());
    }

    #[test]
    fn index_file_names() {
        assert!(is_index_file_name("terms.0123456789abcdef.qi", Role::Terms));
        for bad in [
            "terms.0123456789ABCDEF.qi",
            "terms.0123456789abcde.qi",
            "terms.0123456789abcdef.qi.gz",
            "docs.0123456789abcdef.qi",
            "terms/../0123456789abcdef.qi",
            "terms.0123456789abcdef",
        ] {
            assert!(!is_index_file_name(bad, Role::Terms), "{bad}");
        }
    }
}
