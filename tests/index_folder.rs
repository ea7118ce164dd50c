//! The index folder as `quire` writes and reads it (issue 14): builds and prunes exclude each
//! other, a rebuild repairs a damaged file, and `quire search` reads nothing but the regular
//! files its manifest lists.

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use quire::{MANIFEST_NAME, Manifest};

fn quire(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(args)
        .output()
        .expect("quire runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn build(corpus: &Path, out: &Path) -> Output {
    quire(&[
        "build",
        corpus.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ])
}

fn article(n: usize) -> String {
    format!(
        "---\ntitle: Talks round {n}\ndate: 2025-05-{:02}\n---\n- May 11: Round {n} took place in Muscat with word{n}.\n",
        1 + n % 28
    )
}

fn manifest(index: &Path) -> Manifest {
    Manifest::from_json(&fs::read(index.join(MANIFEST_NAME)).unwrap()).unwrap()
}

/// The files `quire.json` lists that the folder lacks.
fn missing(index: &Path) -> Vec<String> {
    manifest(index)
        .files
        .into_iter()
        .map(|f| f.name)
        .filter(|name| !index.join(name).is_file())
        .collect()
}

#[test]
fn a_prune_loop_never_breaks_a_build() {
    let corpus = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let index = out.path().join("index");
    // Enough articles that a build takes a while to publish: many docs records and terms.
    for n in 0..200 {
        fs::write(corpus.path().join(format!("a{n}.md")), article(n)).unwrap();
    }
    let first = build(corpus.path(), &index);
    assert!(first.status.success(), "{}", text(&first.stderr));

    let stop = Arc::new(AtomicBool::new(false));
    let pruner = {
        let stop = Arc::clone(&stop);
        let index = index.clone();
        std::thread::spawn(move || {
            let mut runs = 0;
            while !stop.load(Ordering::Relaxed) {
                let run = quire(&["prune", index.to_str().unwrap(), "--no-previous"]);
                assert!(run.status.success(), "{}", text(&run.stderr));
                runs += 1;
            }
            runs
        })
    };
    let mut broken = Vec::new();
    for n in 200..230 {
        // Each build has new files: a new article changes the docs and terms files.
        fs::write(corpus.path().join(format!("a{n}.md")), article(n)).unwrap();
        let run = build(corpus.path(), &index);
        assert!(run.status.success(), "{}", text(&run.stderr));
        let gone = missing(&index);
        if !gone.is_empty() {
            broken.push((n, gone));
        }
    }
    stop.store(true, Ordering::Relaxed);
    let prunes = pruner.join().unwrap();
    assert!(prunes > 5, "the prune loop ran {prunes} times");
    assert!(
        broken.is_empty(),
        "builds whose quire.json names files that are gone: {broken:?}"
    );
    let run = quire(&["search", index.to_str().unwrap(), "word229"]);
    assert!(
        text(&run.stdout).starts_with("1 result"),
        "{}",
        text(&run.stderr)
    );
}

#[test]
fn a_command_waits_for_the_one_holding_the_lock_and_says_who() {
    let corpus = tempfile::tempdir().unwrap();
    fs::write(corpus.path().join("a.md"), article(1)).unwrap();
    let out = tempfile::tempdir().unwrap();
    assert!(build(corpus.path(), out.path()).status.success());

    // Another process holds the lock: a build that started 30 s ago, as it would write it.
    let mut lock = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(out.path().join(".quire.lock"))
        .expect("the lock file is in the index folder");
    use std::os::fd::AsRawFd;
    // SAFETY: the descriptor is open for the call.
    assert_eq!(unsafe { libc::flock(lock.as_raw_fd(), libc::LOCK_EX) }, 0);
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        - 30;
    std::io::Write::write_all(&mut lock, format!("build 4242 {since}\n").as_bytes()).unwrap();

    let started = Instant::now();
    let prune = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["prune", out.path().to_str().unwrap()])
        .stderr(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    lock.set_len(0).unwrap();
    drop(lock);
    let run = prune.wait_with_output().unwrap();
    let stderr = text(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(
        started.elapsed() >= Duration::from_millis(1500),
        "prune did not wait"
    );
    assert!(
        stderr.contains("waiting for quire build (pid 4242), running for 3"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&out.path().display().to_string()),
        "{stderr}"
    );
}

#[test]
fn a_rebuild_repairs_a_damaged_file() {
    let corpus = tempfile::tempdir().unwrap();
    fs::write(corpus.path().join("a.md"), article(1)).unwrap();
    let out = tempfile::tempdir().unwrap();
    assert!(build(corpus.path(), out.path()).status.success());
    let docs = manifest(out.path())
        .files
        .into_iter()
        .find(|f| f.role == "docs")
        .unwrap()
        .name;
    let path = out.path().join(&docs);
    let good = fs::read(&path).unwrap();
    let mut bad = good.clone();
    let middle = bad.len() / 2;
    bad[middle] ^= 0x40;
    fs::write(&path, &bad).unwrap();
    let run = quire(&["search", out.path().to_str().unwrap(), "muscat"]);
    assert!(!run.status.success());
    assert!(text(&run.stderr).contains("checksum mismatch"));

    let run = build(corpus.path(), out.path());
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert_eq!(
        fs::read(&path).unwrap(),
        good,
        "the damaged file was replaced"
    );
    let run = quire(&["search", out.path().to_str().unwrap(), "muscat"]);
    assert!(run.status.success(), "{}", text(&run.stderr));
}

/// A built index whose manifest `change` rewrote (and sealed again, as a careful attacker
/// would), searched: the error, within a few seconds.
fn search_with_manifest(change: impl FnOnce(&Path, &mut Manifest)) -> String {
    let corpus = tempfile::tempdir().unwrap();
    fs::write(corpus.path().join("a.md"), article(1)).unwrap();
    let out = tempfile::tempdir().unwrap();
    let index = out.path().join("index");
    assert!(build(corpus.path(), &index).status.success());
    let mut manifest = manifest(&index);
    change(&index, &mut manifest);
    fs::write(index.join(MANIFEST_NAME), manifest.seal().to_json()).unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["search", index.to_str().unwrap(), "muscat"])
        .stdin(Stdio::piped()) // held open: a read of /dev/stdin would block
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(20) {
            child.kill().unwrap();
            panic!("quire search hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let run = child.wait_with_output().unwrap();
    assert!(!run.status.success());
    text(&run.stderr)
}

fn name_of(manifest: &Manifest, role: &str) -> String {
    manifest
        .files
        .iter()
        .find(|f| f.role == role)
        .unwrap()
        .name
        .clone()
}

fn rename_in_manifest(manifest: &mut Manifest, role: &str, name: &str) {
    let file = manifest.files.iter_mut().find(|f| f.role == role).unwrap();
    file.name = name.to_string();
}

#[test]
fn search_reads_only_the_regular_files_of_the_folder() {
    for name in [
        "/dev/zero",
        "/dev/stdin",
        "../outside.qi",
        "meta/../../x.qi",
    ] {
        let stderr = search_with_manifest(|_, m| rename_in_manifest(m, "meta", name));
        assert!(
            stderr.contains("is not the name of a meta file"),
            "{name}: {stderr}"
        );
    }

    // A listed file that is a symlink to a device, or a pipe, or larger than listed.
    let stderr = search_with_manifest(|index, m| {
        let name = name_of(m, "meta");
        fs::remove_file(index.join(&name)).unwrap();
        std::os::unix::fs::symlink("/dev/zero", index.join(&name)).unwrap();
    });
    assert!(stderr.contains("a symbolic link"), "{stderr}");

    let stderr = search_with_manifest(|index, m| {
        let name = name_of(m, "columns");
        fs::remove_file(index.join(&name)).unwrap();
        let fifo = std::ffi::CString::new(index.join(&name).to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
    });
    assert!(stderr.contains("not a regular file"), "{stderr}");

    let stderr = search_with_manifest(|index, m| {
        let name = name_of(m, "meta");
        let mut bytes = fs::read(index.join(&name)).unwrap();
        bytes.resize(64 << 20, 0);
        fs::write(index.join(&name), bytes).unwrap();
    });
    assert!(stderr.contains("67108864 bytes, where"), "{stderr}");
}

#[test]
fn an_altered_manifest_is_refused_by_its_checksum() {
    let corpus = tempfile::tempdir().unwrap();
    fs::write(corpus.path().join("a.md"), article(1)).unwrap();
    let out = tempfile::tempdir().unwrap();
    assert!(build(corpus.path(), out.path()).status.success());
    let path = out.path().join(MANIFEST_NAME);
    let json = fs::read_to_string(&path).unwrap();
    // One flipped bit in the first term of the dictionary's first shard.
    let at = json.find("\"firstTerms\":[\"").unwrap() + 15;
    let mut bytes = json.into_bytes();
    bytes[at] ^= 0x01;
    fs::write(&path, &bytes).unwrap();
    for args in [
        vec!["search", out.path().to_str().unwrap(), "muscat"],
        vec!["prune", out.path().to_str().unwrap()],
    ] {
        let run = quire(&args);
        let stderr = text(&run.stderr);
        assert!(!run.status.success(), "{args:?}");
        assert!(
            stderr.contains("quire.json: checksum mismatch"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn search_prints_the_facet_counts_it_reads_only_what_it_needs_for() {
    let corpus = tempfile::tempdir().unwrap();
    fs::write(corpus.path().join("a.md"), article(1)).unwrap();
    let out = tempfile::tempdir().unwrap();
    assert!(build(corpus.path(), out.path()).status.success());
    let run = quire(&["search", out.path().to_str().unwrap(), "muscat", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(json["facetsPending"], false);
    assert!(
        json["facets"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["name"] == "year" && f["values"][0]["value"] == "2025"),
        "{json}"
    );
}
