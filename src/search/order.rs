//! The order of hits: relevance (match kind, then score), newest, oldest, or a sort key.

use crate::error::{Error, Result};
use crate::store::columns::Columns;
use crate::store::meta::Meta;

use super::sets::Scored;

/// The order of hits.
pub(super) enum Order {
    Relevance,
    Newest,
    Oldest,
    Key { index: usize, descending: bool },
}

impl Order {
    pub(super) fn parse(sort: &str, meta: &Meta, browsing: bool) -> Result<Order> {
        let order = match sort.trim() {
            "" | "relevance" => Order::Relevance,
            "newest" | "-date" => Order::Newest,
            "oldest" | "date" => Order::Oldest,
            other => {
                let (name, descending) = match other.strip_prefix('-') {
                    Some(name) => (name, true),
                    None => (other, false),
                };
                let index = meta
                    .sort_keys
                    .iter()
                    .position(|k| k == name)
                    .ok_or_else(|| Error::Query {
                        message: format!(
                            "unknown sort `{other}`; use relevance, newest, oldest{}",
                            meta.sort_keys
                                .iter()
                                .map(|k| format!(", {k}, -{k}"))
                                .collect::<String>()
                        ),
                    })?;
                Order::Key { index, descending }
            }
        };
        // Relevance means nothing without a query: show the newest first.
        Ok(match order {
            Order::Relevance if browsing => Order::Newest,
            order => order,
        })
    }

    pub(super) fn compare(&self, a: &Scored, b: &Scored, columns: &Columns) -> std::cmp::Ordering {
        match self {
            // Ties go to the newer document.
            Order::Relevance => a
                .kind
                .cmp(&b.kind)
                .then(b.score.total_cmp(&a.score))
                .then(b.doc.cmp(&a.doc)),
            // Document ids run undated first, then oldest to newest.
            Order::Newest => b.doc.cmp(&a.doc),
            Order::Oldest => {
                let undated = |s: &Scored| columns.dates[s.doc as usize].is_none();
                undated(a).cmp(&undated(b)).then(a.doc.cmp(&b.doc))
            }
            Order::Key { index, descending } => {
                let key = |s: &Scored| columns.sort_keys[*index][s.doc as usize];
                let (ka, kb) = (key(a), key(b));
                ka.is_nan()
                    .cmp(&kb.is_nan())
                    .then(if *descending {
                        kb.total_cmp(&ka)
                    } else {
                        ka.total_cmp(&kb)
                    })
                    .then(b.doc.cmp(&a.doc))
            }
        }
    }
}
