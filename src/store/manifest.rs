//! The manifest, `quire.json`: the one file a reader loads first, listing every index file
//! with its role, size and, for shards, the range it covers. It is rewritten in place, last,
//! by each build.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::format::{Role, VERSION};
use crate::language::ALL_STEMMERS_BUILT;

/// The manifest's file name.
pub const MANIFEST_NAME: &str = "quire.json";

/// The manifest, `quire.json`: what a reader loads first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
        if self.all_stemmers && !ALL_STEMMERS_BUILT {
            return Err(Error::Manifest {
                message: "this index has articles in a language that needs a stemmer besides \
                          English (`allStemmers`): load quire_all_bg.wasm (built with the \
                          `all-stemmers` feature) instead of quire_bg.wasm"
                    .into(),
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
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
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
            languages: vec!["en".into(), "fr".into()],
            all_stemmers: true,
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
