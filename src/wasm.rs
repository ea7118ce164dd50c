//! The WebAssembly bindings: the only `#[wasm_bindgen]` code. A thin layer that moves values
//! between JavaScript and the plain-Rust engine; fetching stays in JavaScript.

use wasm_bindgen::prelude::*;

use crate::error::Error;
use crate::format::Manifest;
use crate::index::Index;
use crate::search::SearchRequest;

/// A JavaScript `Error` whose `kind` says what went wrong: `corrupt`, `version`, `manifest`,
/// `not-loaded` or `query`.
fn js_error(error: Error) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    let _ = js_sys::Reflect::set(&js, &"kind".into(), &error.kind().into());
    js.into()
}

fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| js_error(Error::Query { message: e.to_string() }))
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
        let manifest: Manifest = serde_wasm_bindgen::from_value(manifest).map_err(|e| {
            js_error(Error::Manifest {
                message: format!("quire.json is not a Quire manifest ({e})"),
            })
        })?;
        Ok(Engine {
            index: Index::new(manifest).map_err(js_error)?,
        })
    }

    /// The names of the files not loaded yet, relative to the manifest's folder.
    #[wasm_bindgen(js_name = missingFiles)]
    pub fn missing_files(&self) -> Vec<String> {
        self.index.missing_files().into_iter().map(String::from).collect()
    }

    /// Checks and adds one file (its name as listed in the manifest).
    #[wasm_bindgen(js_name = addFile)]
    pub fn add_file(&mut self, name: &str, bytes: Vec<u8>) -> Result<(), JsValue> {
        self.index.add_file(name, bytes).map_err(js_error)
    }

    /// Counts and facets of the whole index, for drawing filters before the first search.
    pub fn info(&self) -> Result<JsValue, JsValue> {
        let meta = self.index.meta().map_err(js_error)?;
        let facets: Vec<serde_json_like::Facet> = meta
            .facets
            .iter()
            .map(|f| serde_json_like::Facet {
                name: &f.name,
                label: &f.label,
                values: f.values.iter().map(|(value, count)| (value.as_str(), *count)).collect(),
            })
            .collect();
        to_js(&serde_json_like::Info {
            documents: meta.documents,
            entries: meta.entries,
            facets,
            sort_keys: &meta.sort_keys,
        })
    }

    /// Runs a search. `request` is a `SearchRequest`-shaped object (`{query, filters,
    /// dateFrom, dateTo, sort, limit, offset, typing}`); highlight ranges come back in UTF-16
    /// code units, ready for `String.prototype.slice`.
    pub fn search(&self, request: JsValue) -> Result<JsValue, JsValue> {
        let mut request: SearchRequest = if request.is_undefined() || request.is_null() {
            SearchRequest::default()
        } else {
            serde_wasm_bindgen::from_value(request).map_err(|e| {
                js_error(Error::Query {
                    message: format!("bad search request: {e}"),
                })
            })?
        };
        request.utf16 = true;
        let results = self.index.search(&request).map_err(js_error)?;
        to_js(&results)
    }
}

/// Plain shapes for [`Engine::info`].
mod serde_json_like {
    use serde::Serialize;

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Info<'a> {
        pub documents: u32,
        pub entries: u32,
        pub facets: Vec<Facet<'a>>,
        pub sort_keys: &'a [String],
    }

    #[derive(Serialize)]
    pub struct Facet<'a> {
        pub name: &'a str,
        pub label: &'a str,
        pub values: Vec<(&'a str, u32)>,
    }
}
