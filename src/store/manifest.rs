//! The manifest, `quire.json`: the one file a reader loads first, listing every index file
//! with its role, size and, for shards, the range it covers. It is rewritten in place, last,
//! by each build.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::format::{Role, VERSION};

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
    /// Terms files: the first term of the range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_term: Option<String>,
    /// Docs files: the first document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_doc: Option<u32>,
    /// Docs files: the number of documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs: Option<u32>,
}

/// The roles whose files the JSON lists compactly, under a key of the role's name.
const LISTED_BY_ROLE: [Role; 3] = [Role::Terms, Role::Positions, Role::Docs];

/// The manifest as stored in `quire.json`.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Stored {
    format: String,
    version: u32,
    documents: u32,
    entries: u32,
    terms: u32,
    files: Vec<ManifestFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    terms_files: Option<RoleFiles>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    positions_files: Option<RoleFiles>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    docs_files: Option<RoleFiles>,
}

/// The files of one role, compactly: file *n* is `<role>.<hash n>.qi`, with `bytes[n]` bytes.
#[derive(Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RoleFiles {
    /// The 16-hex-digit content hashes, end to end.
    pub hashes: String,
    pub bytes: Vec<u64>,
    /// Terms files: the first term of each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub first_terms: Vec<String>,
    /// Docs files: the number of documents of each (the first is the sum before it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub docs: Vec<u32>,
}

/// The length of a file name's content hash.
const HASH_LEN: usize = 16;

impl RoleFiles {
    /// The files it lists, as manifest entries.
    pub(crate) fn expand(&self, role: Role) -> Vec<ManifestFile> {
        let mut first_doc = 0;
        self.bytes
            .iter()
            .enumerate()
            .map(|(n, &bytes)| {
                let hash = self
                    .hashes
                    .get(n * HASH_LEN..(n + 1) * HASH_LEN)
                    .unwrap_or("");
                let docs = self.docs.get(n).copied();
                let file = ManifestFile {
                    role: role.name().into(),
                    name: format!("{}.{hash}.qi", role.name()),
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
}

/// The hash of a file named `<role>.<16 hex digits>.qi`.
fn hash_of(file: &ManifestFile, role: Role) -> Option<&str> {
    let hash = file
        .name
        .strip_prefix(role.name())?
        .strip_prefix('.')?
        .strip_suffix(".qi")?;
    (hash.len() == HASH_LEN && hash.bytes().all(|b| b.is_ascii_hexdigit())).then_some(hash)
}

impl From<Manifest> for Stored {
    fn from(manifest: Manifest) -> Stored {
        let mut lists: [Option<RoleFiles>; 3] = Default::default();
        let mut files = Vec::new();
        let mut first_doc = 0;
        for file in manifest.files {
            let slot = LISTED_BY_ROLE
                .iter()
                .position(|role| role.name() == file.role)
                .filter(|&r| {
                    let role = LISTED_BY_ROLE[r];
                    // Compact only what reads back the same: names of the usual form, terms
                    // files with their first term, docs files in order.
                    hash_of(&file, role).is_some()
                        && (role != Role::Terms || file.first_term.is_some())
                        && (role != Role::Docs
                            || (file.first_doc == Some(first_doc) && file.docs.is_some()))
                });
            let Some(r) = slot else {
                files.push(file);
                continue;
            };
            let list = lists[r].get_or_insert_with(RoleFiles::default);
            list.hashes
                .push_str(hash_of(&file, LISTED_BY_ROLE[r]).unwrap_or(""));
            list.bytes.push(file.bytes);
            list.first_terms.extend(file.first_term);
            if let Some(docs) = file.docs {
                list.docs.push(docs);
                first_doc += docs;
            }
        }
        let [terms_files, positions_files, docs_files] = lists;
        Stored {
            format: manifest.format,
            version: manifest.version,
            documents: manifest.documents,
            entries: manifest.entries,
            terms: manifest.terms,
            files,
            terms_files,
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
            files,
        }
    }
}

/// The value of the manifest's `format` key.
pub(crate) const FORMAT_NAME: &str = "quire-index";

impl Manifest {
    /// Checks the format and version, and that every file has a known role with the keys
    /// that role needs. Returns the role of each file, in manifest order.
    pub(crate) fn check(&self) -> Result<Vec<Role>> {
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
        let mut roles = Vec::with_capacity(self.files.len());
        for file in &self.files {
            let role = Role::from_name(&file.role).ok_or_else(|| Error::Manifest {
                message: format!("unknown file role `{}`; rebuild the index", file.role),
            })?;
            if role == Role::Terms && file.first_term.is_none() {
                return Err(Error::Manifest {
                    message: format!("terms file {} has no firstTerm", file.name),
                });
            }
            if role == Role::Docs && (file.first_doc.is_none() || file.docs.is_none()) {
                return Err(Error::Manifest {
                    message: format!("{} has no firstDoc or docs", file.name),
                });
            }
            roles.push(role);
        }
        for role in [Role::Meta, Role::Columns, Role::Facets, Role::Docs] {
            if !roles.contains(&role) {
                return Err(Error::Manifest {
                    message: format!("no {} file is listed; rebuild the index", role.name()),
                });
            }
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

    fn manifest() -> Manifest {
        let file = |role: Role, name: &str| ManifestFile {
            role: role.name().into(),
            name: name.into(),
            bytes: 100,
            first_term: (role == Role::Terms).then(|| "a".to_string()),
            first_doc: (role == Role::Docs).then_some(0),
            docs: (role == Role::Docs).then_some(3),
        };
        Manifest {
            format: FORMAT_NAME.into(),
            version: VERSION,
            documents: 3,
            entries: 0,
            terms: 10,
            files: vec![
                file(Role::Meta, "meta.0.qi"),
                file(Role::Columns, "columns.0.qi"),
                file(Role::Facets, "facets.0.qi"),
                file(Role::Terms, "terms.0.qi"),
                file(Role::Docs, "docs.0.qi"),
            ],
        }
    }

    #[test]
    fn manifests_round_trip_through_json() {
        let manifest = manifest();
        let back = Manifest::from_json(manifest.to_json().as_bytes()).unwrap();
        assert_eq!(back, manifest);
        assert_eq!(back.check().unwrap()[3], Role::Terms);
    }

    #[test]
    fn many_files_are_listed_compactly_and_read_back_alike() {
        let mut manifest = manifest();
        manifest.files.truncate(3);
        let hash = |n: usize| format!("{n:016x}");
        for n in 0..3 {
            manifest.files.push(ManifestFile {
                role: "terms".into(),
                name: format!("terms.{}.qi", hash(n)),
                bytes: 100 + n as u64,
                first_term: Some(format!("t{n}")),
                first_doc: None,
                docs: None,
            });
        }
        for n in 0..3 {
            manifest.files.push(ManifestFile {
                role: "docs".into(),
                name: format!("docs.{}.qi", hash(10 + n)),
                bytes: 200,
                first_term: None,
                first_doc: Some(16 * n as u32),
                docs: Some(if n == 2 { 5 } else { 16 }),
            });
        }
        let json = manifest.to_json();
        assert!(
            json.contains(r#""docsFiles":{"hashes":"000000000000000a000000000000000b000000000000000c","bytes":[200,200,200],"docs":[16,16,5]}"#),
            "{json}"
        );
        assert!(json.contains(r#""firstTerms":["t0","t1","t2"]"#), "{json}");
        assert_eq!(Manifest::from_json(json.as_bytes()).unwrap(), manifest);
    }

    #[test]
    fn checks_say_what_is_wrong() {
        let mut other = manifest();
        other.version = VERSION + 1;
        assert_eq!(other.check().unwrap_err().kind(), "version");
        let mut no_docs = manifest();
        no_docs.files.retain(|f| f.role != "docs");
        assert!(
            no_docs
                .check()
                .unwrap_err()
                .to_string()
                .contains("no docs file")
        );
        let mut unbounded = manifest();
        unbounded.files[3].first_term = None;
        assert!(
            unbounded
                .check()
                .unwrap_err()
                .to_string()
                .contains("firstTerm")
        );
        assert!(Manifest::from_json(b"<html>").is_err());
    }
}
