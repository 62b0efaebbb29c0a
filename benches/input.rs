//! The reader thread's share of a run: records read into batches of
//! unparsed lines from a plain, a gzip and a zstd JSON Lines file and a
//! JSON array of the same records. Parsing happens on the workers and is
//! timed with the pipeline.

use std::io::Write;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use entgraph::input::{self, FieldNames};

mod corpus;

fn input(c: &mut Criterion) {
    let mut jsonl = Vec::new();
    let mut array = b"[".to_vec();
    let mut lines = 0;
    for document in corpus::per_language().into_iter().flat_map(|c| c.documents) {
        let record = serde_json::json!({
            "id": document.id,
            "lang": document.lang,
            "text": document.text,
        });
        serde_json::to_writer(&mut jsonl, &record).expect("a record serializes");
        jsonl.push(b'\n');
        if lines > 0 {
            array.extend_from_slice(b",\n");
        }
        serde_json::to_writer(&mut array, &record).expect("a record serializes");
        lines += 1;
    }
    array.extend_from_slice(b"]\n");
    let dir = tempfile::tempdir().expect("a temp dir");
    let plain = dir.path().join("news.jsonl");
    std::fs::write(&plain, &jsonl).expect("the plain file is written");
    let json = dir.path().join("news.json");
    std::fs::write(&json, &array).expect("the array file is written");
    let gzip = dir.path().join("news.jsonl.gz");
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(&jsonl).expect("gzip compresses");
    std::fs::write(&gzip, encoder.finish().expect("gzip compresses"))
        .expect("the gzip file is written");
    let zstd = dir.path().join("news.jsonl.zst");
    std::fs::write(
        &zstd,
        zstd::encode_all(&jsonl[..], 3).expect("zstd compresses"),
    )
    .expect("the zstd file is written");

    let mut group = c.benchmark_group("read_lines");
    group.throughput(Throughput::Bytes(jsonl.len() as u64));
    for (name, path) in [
        ("plain", &plain),
        ("gzip", &gzip),
        ("zstd", &zstd),
        ("array", &json),
    ] {
        let read = || {
            let mut bytes = 0;
            input::read_chunks(path, &FieldNames::default(), 1 << 20, &mut |chunk| {
                bytes += chunk.len()
            });
            // Every record, less what separates it from the next, whatever
            // the compression or the format.
            assert_eq!(bytes, jsonl.len() - lines, "{name}");
            bytes
        };
        group.bench_function(name, |b| b.iter(read));
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = input
}
criterion_main!(benches);
