//! The WebAssembly bindings: the only `#[wasm_bindgen]` code. A thin layer that moves values
//! between JavaScript and the plain-Rust engine; fetching stays in JavaScript.

use js_sys::{Array, Object, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::js_tree::{self, Tree};
use crate::store::manifest::RoleFiles;
use crate::{Error, Index, Manifest, ManifestFile, Role, SearchRequest, Step};

/// A JavaScript `Error` whose `kind` says what went wrong: `corrupt`, `version`, `manifest`,
/// `not-loaded` or `query`.
fn js_error(error: Error) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    let _ = js_sys::Reflect::set(&js, &"kind".into(), &error.kind().into());
    js.into()
}

/// Through one tree type, so that serde-wasm-bindgen is instantiated once (see `js_tree`).
fn to_js(value: &Tree<'_>) -> Result<JsValue, JsValue> {
    // Only a number beyond what JavaScript holds exactly fails here, and only index data
    // carries such numbers: the index is at fault, not the request.
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| {
            js_error(Error::Manifest {
                message: format!(
                    "the index holds a value JavaScript cannot represent ({e}); rebuild the index"
                ),
            })
        })
}

// Incoming objects are read field by field rather than through serde: the request and
// manifest are small, and serde's deserializer would add a quarter to the module's size.

fn field(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn text(object: &JsValue, key: &str) -> Option<String> {
    field(object, key).as_string()
}

fn number(object: &JsValue, key: &str) -> Option<f64> {
    field(object, key)
        .as_f64()
        .filter(|n| n.is_finite() && *n >= 0.0)
}

/// A whole number of the manifest that JavaScript holds exactly (below 2^53); anything else
/// is absent, and the manifest's checks then say what is wrong.
fn whole_number(object: &JsValue, key: &str) -> Option<u64> {
    number(object, key)
        .filter(|n| n.fract() == 0.0 && *n < 9_007_199_254_740_992.0)
        .map(|n| n as u64)
}

/// A count of the manifest: a whole number up to `u32::MAX`.
fn count(object: &JsValue, key: &str) -> Option<u32> {
    whole_number(object, key).and_then(|n| u32::try_from(n).ok())
}

/// The numbers of an array, copied across the boundary at once (`new Float64Array(array)`)
/// rather than element by element: a manifest lists thousands of files, and its reading is
/// on the way to a visitor's first results. What is not a number is left out, and the
/// manifest's checks then say what is wrong.
fn numbers(value: &JsValue) -> Vec<f64> {
    if !Array::is_array(value) {
        return Vec::new();
    }
    let mut all = js_sys::Float64Array::new(value).to_vec();
    all.retain(|n| !n.is_nan());
    all
}

/// The strings of an array of terms, brought across the boundary as one string (joined with
/// U+0000, which no term holds; a manifest whose terms do is refused by its checksum).
fn terms(value: &JsValue) -> Vec<String> {
    if !Array::is_array(value) {
        return Vec::new();
    }
    let array = Array::from(value);
    if array.length() == 0 {
        return Vec::new();
    }
    String::from(array.join("\u{0}"))
        .split('\u{0}')
        .map(String::from)
        .collect()
}

fn texts(value: &JsValue) -> Vec<String> {
    if let Some(one) = value.as_string() {
        return vec![one];
    }
    if Array::is_array(value) {
        return Array::from(value)
            .iter()
            .filter_map(|v| v.as_string())
            .collect();
    }
    Vec::new()
}

fn manifest_from_js(value: &JsValue) -> Result<Manifest, Error> {
    let bad = |what: &str| Error::Manifest {
        message: format!("quire.json has no valid `{what}`; rebuild the index"),
    };
    let files_value = field(value, "files");
    if !Array::is_array(&files_value) {
        return Err(bad("files"));
    }
    let mut files = Vec::new();
    for file in Array::from(&files_value).iter() {
        files.push(ManifestFile {
            role: text(&file, "role").ok_or_else(|| bad("files[].role"))?,
            name: text(&file, "name").ok_or_else(|| bad("files[].name"))?,
            bytes: whole_number(&file, "bytes").ok_or_else(|| bad("files[].bytes"))?,
            first_term: text(&file, "firstTerm"),
            first_doc: count(&file, "firstDoc"),
            docs: count(&file, "docs"),
        });
    }
    // The many-file roles, listed compactly (see `store::manifest::RoleFiles`).
    for (list, role) in [
        (field(value, "termsFiles"), Role::Terms),
        (field(value, "lexiconFiles"), Role::Lexicon),
        (field(value, "positionsFiles"), Role::Positions),
        (field(value, "docsFiles"), Role::Docs),
    ] {
        if !list.is_object() {
            continue;
        }
        let role_files = RoleFiles {
            hashes: text(&list, "hashes").ok_or_else(|| bad(role.name()))?,
            bytes: numbers(&field(&list, "bytes"))
                .iter()
                .map(|&n| n as u64)
                .collect(),
            first_terms: terms(&field(&list, "firstTerms")),
            docs: numbers(&field(&list, "docs"))
                .iter()
                .map(|&n| n as u32)
                .collect(),
        };
        files.extend(role_files.expand(role));
    }
    Ok(Manifest {
        format: text(value, "format").ok_or_else(|| bad("format"))?,
        version: count(value, "version").ok_or_else(|| bad("version"))?,
        documents: count(value, "documents").ok_or_else(|| bad("documents"))?,
        entries: count(value, "entries").ok_or_else(|| bad("entries"))?,
        terms: count(value, "terms").ok_or_else(|| bad("terms"))?,
        // Checked against the content by `Manifest::check`, as natively.
        checksum: text(value, "checksum").unwrap_or_default(),
        languages: texts(&field(value, "languages")),
        all_stemmers: field(value, "allStemmers").as_bool().unwrap_or(false),
        files,
    })
}

fn request_from_js(value: &JsValue) -> SearchRequest {
    let mut request = SearchRequest::default();
    if !value.is_object() {
        return request;
    }
    if let Some(query) = text(value, "query") {
        request.query = query;
    }
    let filters = field(value, "filters");
    if filters.is_object() {
        for key in Object::keys(&Object::from(filters.clone())).iter() {
            if let Some(name) = key.as_string() {
                request.filters.push((
                    name,
                    texts(&Reflect::get(&filters, &key).unwrap_or(JsValue::UNDEFINED)),
                ));
            }
        }
    }
    request.date_from = text(value, "dateFrom");
    request.lang = text(value, "lang");
    request.date_to = text(value, "dateTo");
    if let Some(sort) = text(value, "sort") {
        request.sort = sort;
    }
    let set = |slot: &mut usize, key: &str| {
        if let Some(n) = number(value, key) {
            *slot = n.min(u32::MAX as f64) as usize;
        }
    };
    set(&mut request.limit, "limit");
    set(&mut request.offset, "offset");
    set(&mut request.entries_per_hit, "entriesPerHit");
    set(&mut request.facet_values, "facetValues");
    set(&mut request.excerpt_bytes, "excerptBytes");
    if let Some(typing) = field(value, "typing").as_bool() {
        request.typing = typing;
    }
    request
}

/// A search index in the browser: created from the parsed `quire.json`, fed the files it
/// lists, then searched.
#[wasm_bindgen]
pub struct Engine {
    index: Index,
}

#[wasm_bindgen]
impl Engine {
    /// `manifest` is the parsed `quire.json`.
    #[wasm_bindgen(constructor)]
    pub fn new(manifest: JsValue) -> Result<Engine, JsValue> {
        let manifest = manifest_from_js(&manifest).map_err(js_error)?;
        Ok(Engine {
            index: Index::new(manifest).map_err(js_error)?,
        })
    }

    /// The files to load before the first search (the rest is asked for by searches).
    #[wasm_bindgen(js_name = filesToLoad)]
    pub fn files_to_load(&self) -> Vec<String> {
        self.index
            .files_to_load()
            .iter()
            .map(|&name| String::from(name))
            .collect()
    }

    /// The names of every file of the index, as the manifest lists them.
    #[wasm_bindgen(js_name = fileNames)]
    pub fn file_names(&self) -> Vec<String> {
        self.index.files().map(String::from).collect()
    }

    /// Checks and adds one whole file (its name as listed in the manifest).
    #[wasm_bindgen(js_name = addFile)]
    pub fn add_file(&mut self, name: &str, bytes: Vec<u8>) -> Result<(), JsValue> {
        self.index.add_file(name, bytes).map_err(js_error)
    }

    /// Adds a byte range of a file, as a search asked for it (`start`: its offset in the file).
    #[wasm_bindgen(js_name = addRange)]
    pub fn add_range(&mut self, name: &str, start: f64, bytes: Vec<u8>) -> Result<(), JsValue> {
        self.index
            .add_range(name, start as u64, bytes)
            .map_err(js_error)
    }

    /// Adds a document's record, as a search asked for it, with its text decompressed.
    #[wasm_bindgen(js_name = addRecord)]
    pub fn add_record(&mut self, doc: u32, record: Vec<u8>, text: Vec<u8>) -> Result<(), JsValue> {
        self.index.add_record(doc, record, text).map_err(js_error)
    }

    /// Counts and facets of the whole index, for drawing filters before the first search.
    pub fn info(&self) -> Result<JsValue, JsValue> {
        let info = self.index.info().ok_or_else(|| {
            js_error(Error::Manifest {
                message: "load the files of filesToLoad() before asking for info()".into(),
            })
        })?;
        to_js(&js_tree::info(&info))
    }

    /// Runs a search. `request` is a `SearchRequest`-shaped object (`{query, filters,
    /// dateFrom, dateTo, sort, limit, offset, typing, lang}`); highlight ranges come back in UTF-16
    /// code units, ready for `String.prototype.slice`. When index data is missing, the answer
    /// is `{need: [{file, start, end, whole, recordOf}]}`: fetch each (a whole file, a byte
    /// range, or the record of document `recordOf`, whose text part to decompress with raw
    /// deflate), add it with `addFile`, `addRange` or `addRecord`, and search again.
    pub fn search(&self, request: JsValue) -> Result<JsValue, JsValue> {
        let mut request = request_from_js(&request);
        request.utf16 = true;
        match self.index.search(&request).map_err(js_error)? {
            Step::Done(results) => to_js(&js_tree::results(&results)),
            Step::Need(need) => to_js(&js_tree::need(&need)),
        }
    }

    /// While a search waits for data, its first page (the hits of the words as typed, before
    /// typo lookups end), shaped as `search`'s results, when the complete results will begin
    /// with those hits in the same order; else `null` (see `Index::first_results`).
    #[wasm_bindgen(js_name = firstResults)]
    pub fn first_results(&self, request: JsValue) -> Result<JsValue, JsValue> {
        let mut request = request_from_js(&request);
        request.utf16 = true;
        match self.index.first_results(&request).map_err(js_error)? {
            Some(results) => to_js(&js_tree::results(&results)),
            None => Ok(JsValue::NULL),
        }
    }
}
