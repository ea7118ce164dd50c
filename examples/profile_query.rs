//! Runs one query many times against an index folder, for profiling with `perf`.
//!
//!     cargo build --profile bench --example profile_query
//!     N=1000 perf record -g target/release/examples/profile_query <index-dir> "<query>" [typing]
use quire::{Index, SearchRequest, Step};
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = std::path::PathBuf::from(&args[1]);
    let mut index =
        Index::from_manifest_json(&std::fs::read(dir.join("quire.json")).unwrap()).unwrap();
    for f in index.manifest().files.clone() {
        index
            .add_file(&f.name, std::fs::read(dir.join(&f.name)).unwrap())
            .unwrap();
    }
    let request = SearchRequest {
        typing: args.get(3).is_some(),
        ..SearchRequest::new(&args[2])
    };
    let t = std::time::Instant::now();
    let n: u32 = std::env::var("N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    for _ in 0..n {
        let Step::Done(results) = index.search(&request).unwrap() else {
            panic!("an index loaded whole needs nothing more");
        };
        std::hint::black_box(results);
    }
    println!("{:?} per query", t.elapsed() / n);
}
