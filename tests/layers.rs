//! The layers of ARCHITECTURE.md, held against the code: a module may use the modules of its
//! own layer and of the layers below it, never those above. (This also keeps `src/` free of
//! import cycles between layers.)

use std::path::Path;

/// Top to bottom, as ARCHITECTURE.md lists them: the crate-level modules of each layer.
const LAYERS: &[&[&str]] = &[
    &["wasm", "js_tree", "fuzzing"],
    &["index"],
    &["search", "query"],
    &["reader"],
    &["corpus"],
    &["build"],
    &["store"],
    &["format"],
    &["model", "date", "tokenize", "language", "fold_table"],
    &["error", "field", "crc32", "heap"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The crate-level module a file of `src/` belongs to.
fn module_of(path: &Path, src: &Path) -> String {
    let relative = path.strip_prefix(src).unwrap();
    let first = relative.components().next().unwrap();
    first
        .as_os_str()
        .to_string_lossy()
        .trim_end_matches(".rs")
        .to_string()
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn modules_use_only_their_layer_and_those_below() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    let mut wrong = Vec::new();
    for path in all {
        let module = module_of(&path, &src);
        if matches!(module.as_str(), "lib" | "bin") {
            continue;
        }
        let own = layer_of(&module)
            .unwrap_or_else(|| panic!("src/{module} is in no layer of tests/layers.rs"));
        let text = std::fs::read_to_string(&path).unwrap();
        // Unit tests may reach anywhere.
        let code = text.split("#[cfg(test)]").next().unwrap();
        for (at, _) in code.match_indices("crate::") {
            let used: String = code[at + 7..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if let Some(layer) = layer_of(&used)
                && layer < own
            {
                wrong.push(format!("{} uses crate::{used}", path.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports that go up a layer:\n{}",
        wrong.join("\n")
    );
}
