//! Reading an index folder for `quire search`: the manifest, then only the files it lists,
//! each a regular file inside the folder of the size the manifest gives. The library reads
//! through the function given here, so this is where a manifest that names `/dev/zero`,
//! `../../secret` or a symlink out of the folder stops.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use quire::{Index, MANIFEST_NAME};

/// A manifest is a few kilobytes per hundred files; anything this large is not one.
const MAX_MANIFEST_BYTES: u64 = 16 << 20;

/// The files of an index folder that a search may read, with their sizes.
pub struct IndexFolder {
    dir: PathBuf,
    sizes: HashMap<String, u64>,
}

fn refused(message: String) -> io::Error {
    io::Error::other(message)
}

/// Reads a file that must be a regular file of at most `limit` bytes (exactly `limit` when
/// `exact`), without reading more than that from it, whatever it turns out to be.
fn read_regular(path: &Path, limit: u64, exact: bool, follow: bool) -> io::Result<Vec<u8>> {
    let seen = if follow {
        fs::metadata(path)?
    } else {
        fs::symlink_metadata(path)?
    };
    if seen.file_type().is_symlink() {
        return Err(refused(
            "a symbolic link; quire reads only regular files inside the index folder".into(),
        ));
    }
    if !seen.is_file() {
        // A device, a pipe or a folder: opening it could block or never end.
        return Err(refused("not a regular file".into()));
    }
    let file = File::open(path)?;
    let opened = file.metadata()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Swapped for something else between the look and the opening.
        if (opened.dev(), opened.ino()) != (seen.dev(), seen.ino()) {
            return Err(refused("changed while it was being opened".into()));
        }
    }
    let size = opened.len();
    if size > limit || (exact && size != limit) {
        return Err(refused(format!(
            "{size} bytes, where {}{limit} were expected",
            if exact { "" } else { "at most " }
        )));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 != size {
        return Err(refused("changed while it was being read".into()));
    }
    Ok(bytes)
}

impl IndexFolder {
    /// Reads one file the manifest lists, by name.
    pub fn read(&self, name: &str) -> io::Result<Vec<u8>> {
        let Some(&size) = self.sizes.get(name) else {
            return Err(refused(format!("{name} is not a file of {MANIFEST_NAME}")));
        };
        // The manifest's checks allow no other names; checked again where the path is made.
        if !quire::Role::ALL
            .into_iter()
            .any(|role| quire::is_index_file_name(name, role))
        {
            return Err(refused(format!("`{name}` is not an index file name")));
        }
        read_regular(&self.dir.join(name), size, true, false)
    }
}

/// Opens the index in `dir`: its manifest, the files every search needs, and the facet
/// lists (the terminal prints the counts beside every answer).
pub fn open(dir: &Path) -> Result<(Index, IndexFolder)> {
    let manifest_path = dir.join(MANIFEST_NAME);
    let json = match read_regular(&manifest_path, MAX_MANIFEST_BYTES, false, true) {
        Ok(json) => json,
        Err(error) if error.kind() == io::ErrorKind::NotFound => bail!(
            "no index at {} (it has no {MANIFEST_NAME}); build one with `quire build <corpus> --out {}`",
            dir.display(),
            dir.display()
        ),
        Err(error) => {
            return Err(error).with_context(|| format!("cannot read {}", manifest_path.display()));
        }
    };
    let manifest = quire::Manifest::from_json(&json)?;
    let folder = IndexFolder {
        dir: dir.to_path_buf(),
        sizes: manifest
            .files
            .iter()
            .map(|f| (f.name.clone(), f.bytes))
            .collect(),
    };
    let facets = manifest
        .files
        .iter()
        .filter(|f| f.role == quire::Role::Facets.name())
        .map(|f| f.name.clone());
    let mut index = Index::new(manifest.clone())?;
    let first: Vec<String> = index
        .files_to_load()
        .into_iter()
        .map(String::from)
        .collect();
    for name in first.into_iter().chain(facets) {
        let bytes = folder.read(&name).map_err(|error| quire::Error::Read {
            file: name.clone(),
            message: error.to_string(),
        })?;
        index.add_file(&name, bytes)?;
    }
    Ok((index, folder))
}
