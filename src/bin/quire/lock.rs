//! The publish lock: `quire build` (while it moves files in and swaps the manifest) and `quire
//! prune` exclude each other on one index folder, or a prune could delete the files of a
//! generation whose manifest is about to be swapped in.
//!
//! The lock is an advisory `flock` on `.quire.lock` in the index folder (the system releases
//! it when the process ends, however it ends); while held, the file says who holds it, for
//! the message of the one that waits. The file stays, empty: deleting a lock file races with
//! a process about to lock it.

use std::fs::{self, File};
use std::io::{self, Read, Seek, Write};
use std::path::Path;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};

/// The lock file's name in the index folder.
pub const LOCK_NAME: &str = ".quire.lock";

/// How long a command waits for another to finish publishing or pruning before it gives up:
/// both take seconds, not minutes.
const WAIT: Duration = Duration::from_secs(120);

/// The lock, held until dropped.
pub struct PublishLock {
    file: File,
}

impl Drop for PublishLock {
    fn drop(&mut self) {
        // Emptied, so that a rebuild of the same corpus leaves the folder as it was; the
        // lock goes with the file's closing.
        let _ = self.file.set_len(0);
    }
}

/// Takes the advisory lock of `file` if no other process holds it: `Ok(false)` when one
/// does. (`flock` through libc: `File::try_lock` needs a newer Rust than this crate's.)
#[cfg(unix)]
fn try_lock(file: &File) -> io::Result<bool> {
    use std::os::fd::AsRawFd;
    // SAFETY: flock only reads the descriptor, which `file` keeps open for the call.
    if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
        return Ok(true);
    }
    let error = io::Error::last_os_error();
    match error.raw_os_error() {
        Some(libc::EWOULDBLOCK) => Ok(false),
        _ => Err(error),
    }
}

/// Elsewhere builds and prunes do not exclude each other.
#[cfg(not(unix))]
fn try_lock(_: &File) -> io::Result<bool> {
    Ok(true)
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Who holds the lock, in words, from what its holder wrote: "quire prune (pid 123),
/// running for 4 s".
fn holder(file: &mut File) -> String {
    let mut text = String::new();
    let _ = file.rewind().and_then(|()| file.read_to_string(&mut text));
    let mut words = text.split_whitespace();
    let (Some(command), Some(pid), Some(since)) = (words.next(), words.next(), words.next()) else {
        return "another quire command".into();
    };
    let running = since
        .parse::<u64>()
        .map(|since| format!(", running for {} s", now().saturating_sub(since)))
        .unwrap_or_default();
    format!("quire {command} (pid {pid}){running}")
}

/// Takes the publish lock of `folder` for `command` (`build` or `prune`), waiting for the
/// command that holds it (and saying so, unless `quiet`) up to two minutes.
pub fn lock(folder: &Path, command: &str, quiet: bool) -> Result<PublishLock> {
    let path = folder.join(LOCK_NAME);
    let mut file = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .with_context(|| format!("opening the lock file {}", path.display()))?;
    let started = Instant::now();
    let mut told = false;
    loop {
        match try_lock(&file) {
            Ok(true) => break,
            Ok(false) => {
                let who = holder(&mut file);
                if started.elapsed() >= WAIT {
                    bail!(
                        "{who} is still working on {} after {} s of waiting; let it finish, then run `quire {command}` again",
                        folder.display(),
                        WAIT.as_secs()
                    );
                }
                if !told && !quiet {
                    eprintln!("waiting for {who} to finish with {} ...", folder.display());
                    told = true;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(error) => {
                return Err(error).with_context(|| format!("locking {}", path.display()));
            }
        }
    }
    // Who holds it now, for anyone who has to wait.
    file.set_len(0)
        .and_then(|()| file.rewind())
        .and_then(|()| writeln!(file, "{command} {} {}", std::process::id(), now()))
        .with_context(|| format!("writing the lock file {}", path.display()))?;
    Ok(PublishLock { file })
}
