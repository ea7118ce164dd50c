//! The one error type of the library: every message says what went wrong and how to fix it.

use std::fmt;

/// Where in the corpus a problem was found: a file (or `-` for standard input), and a 1-based
/// line when one is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The file, as the corpus names it (relative to the corpus folder).
    pub file: String,
    /// The 1-based line, when one is known.
    pub line: Option<usize>,
}

impl Location {
    /// A place in `file`, at `line` when one is known.
    pub fn new(file: impl Into<String>, line: Option<usize>) -> Location {
        Location {
            file: file.into(),
            line,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}", self.file, line),
            None => write!(f, "{}", self.file),
        }
    }
}

/// Everything that can go wrong in Quire, from a corpus file that does not parse to an index
/// file that was truncated in transit.
#[derive(Clone, Debug, PartialEq)]
pub enum Error {
    /// An article or its front matter could not be read. `field` names the offending key when
    /// there is one; `message` says what to change.
    Corpus {
        /// Where.
        at: Location,
        /// The front-matter key, when one is to blame.
        field: Option<String>,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// The `quire.toml` configuration is wrong.
    Config {
        /// Where.
        at: Location,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// An index file was written by another format version of Quire.
    WrongVersion {
        /// The file.
        file: String,
        /// The version it was written in.
        found: u32,
        /// The version this Quire reads.
        expected: u32,
    },
    /// An index file does not start with Quire's magic bytes: it is not an index file at all.
    NotAnIndex {
        /// The file.
        file: String,
    },
    /// An index file's checksum does not match its contents: it was truncated or altered.
    Checksum {
        /// The file.
        file: String,
    },
    /// An index file is structurally wrong although its checksum matched (a bug, or a file
    /// crafted by hand).
    Corrupt {
        /// The file.
        file: String,
        /// What is wrong in it, and where.
        detail: String,
    },
    /// The manifest does not describe this index: a file it names is missing, or it does not
    /// parse.
    Manifest {
        /// What is wrong and how to fix it.
        message: String,
    },
    /// Writing an index failed (the articles came in the wrong order, a dictionary could not
    /// be built).
    Build {
        /// What is wrong and how to fix it.
        message: String,
    },
    /// A query or a search option is invalid.
    Query {
        /// What is wrong and how to fix it.
        message: String,
    },
    /// An index file could not be read (natively: a missing file, a permission).
    Read {
        /// The file.
        file: String,
        /// The system's reason.
        message: String,
    },
}

/// `Result` with Quire's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub(crate) fn corrupt(file: &str, detail: impl Into<String>) -> Error {
        Error::Corrupt {
            file: file.to_string(),
            detail: detail.into(),
        }
    }

    /// A file that could not be read, with the system's reason.
    pub(crate) fn read(file: &str, error: &std::io::Error) -> Error {
        Error::Read {
            file: file.to_string(),
            message: error.to_string(),
        }
    }

    /// A corpus error at `at`, about `field` when there is one.
    pub fn corpus(at: Location, field: Option<&str>, message: impl Into<String>) -> Error {
        Error::Corpus {
            at,
            field: field.map(str::to_string),
            message: message.into(),
        }
    }

    /// A short, stable name of the kind of error, for programs (the widget shows a different
    /// message for a missing index than for a corrupt one).
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Corpus { .. } => "corpus",
            Error::Config { .. } => "config",
            Error::WrongVersion { .. } => "version",
            Error::NotAnIndex { .. } | Error::Checksum { .. } | Error::Corrupt { .. } => "corrupt",
            Error::Manifest { .. } => "manifest",
            Error::Build { .. } => "build",
            Error::Read { .. } => "read",
            Error::Query { .. } => "query",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Corpus { at, field, message } => match field {
                Some(field) => write!(f, "{at}: field `{field}`: {message}"),
                None => write!(f, "{at}: {message}"),
            },
            Error::Config { at, message } => write!(f, "{at}: {message}"),
            Error::WrongVersion {
                file,
                found,
                expected,
            } => write!(
                f,
                "{file}: index format version {found}, but this Quire reads version {expected}; \
                 rebuild the index with `quire build` from the same Quire release as the search code"
            ),
            Error::NotAnIndex { file } => write!(
                f,
                "{file}: not a Quire index file (wrong magic bytes); check that the index folder \
                 is served as-is and was written by `quire build`"
            ),
            Error::Checksum { file } => write!(
                f,
                "{file}: checksum mismatch, the file is truncated or corrupt; rebuild the index \
                 and upload every file again"
            ),
            Error::Corrupt { file, detail } => write!(
                f,
                "{file}: corrupt index file ({detail}); rebuild the index with `quire build`"
            ),
            Error::Manifest { message } => write!(f, "manifest: {message}"),
            Error::Build { message } => write!(f, "build: {message}"),
            Error::Read { file, message } => write!(
                f,
                "{file}: cannot be read ({message}); check that the index folder holds every \
                 file that quire.json lists"
            ),
            Error::Query { message } => write!(f, "query: {message}"),
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_errors_name_file_line_and_field() {
        let error = Error::corpus(
            Location::new("posts/a.md", Some(3)),
            Some("date"),
            "`2025-02-30` is not a real date; write it as YYYY-MM-DD",
        );
        assert_eq!(
            error.to_string(),
            "posts/a.md:3: field `date`: `2025-02-30` is not a real date; write it as YYYY-MM-DD"
        );
        assert_eq!(error.kind(), "corpus");
    }

    #[test]
    fn version_error_says_how_to_fix() {
        let error = Error::WrongVersion {
            file: "meta.x.qx".into(),
            found: 9,
            expected: 1,
        };
        let text = error.to_string();
        assert!(text.contains("version 9"), "{text}");
        assert!(text.contains("rebuild the index"), "{text}");
        assert_eq!(error.kind(), "version");
    }
}
