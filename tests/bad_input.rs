//! Bad input gets a message naming the file (and line); the rest goes on.

use std::io::Write;

use crate::util::{Workdir, read_csv, seed};

const RU_HEADLINE: &str = "Тобиас Лоренцсон: НАТО и Азербайджан продолжат в 2026 году активный диалог. \
    Посол Швеции в Азербайджане рассказал о планах НАТО.";
const TR_TEXT: &str = "Bahreyn Dışişleri Bakanlığının, Iraklı yetkililerin açıklamalarının ardından \
    Türkiye ve Azerbaycan büyükelçilerini bakanlığa çağırdığı bildirildi. Gürcistan ve Ermenistan da açıklama yaptı.";
const DE_TEXT: &str = "Präsident Ilham Aliyev sagte seinerseits, dass Aserbaidschan ein zuverlässiger \
    Partner der NATO ist. Er äußerte sich lobend über den Beitrag der Streitkräfte in Afghanistan.";

fn status_of(rows: &[std::collections::BTreeMap<String, String>], file: &str) -> String {
    rows.iter()
        .find(|r| r["source"].contains(file))
        .unwrap_or_else(|| panic!("no row for {file}"))["status"]
        .clone()
}

#[test]
fn legacy_encodings_are_decoded_and_said_so() {
    let dir = Workdir::new();
    let (ru, _, _) = encoding_rs::WINDOWS_1251.encode(RU_HEADLINE);
    let (tr, _, _) = encoding_rs::WINDOWS_1254.encode(TR_TEXT);
    let (de, _, _) = encoding_rs::WINDOWS_1252.encode(DE_TEXT);
    dir.write("in/ru.txt", &ru);
    dir.write("in/tr.txt", &tr);
    dir.write("in/de.txt", &de);
    let out = dir.run_ok(&[dir.path().join("in").to_str().unwrap()]);
    let documents = read_csv(&out.join("documents.csv"));
    assert_eq!(
        status_of(&documents, "ru.txt"),
        "ok (decoded from windows-1251)"
    );
    assert_eq!(
        status_of(&documents, "tr.txt"),
        "ok (decoded from windows-1254)"
    );
    assert_eq!(
        status_of(&documents, "de.txt"),
        "ok (decoded from windows-1252)"
    );
    let mentions = read_csv(&out.join("mentions.csv"));
    let surfaces: Vec<&str> = mentions.iter().map(|m| m["surface"].as_str()).collect();
    for surface in [
        "НАТО",
        "Азербайджан",
        "Швеции",
        "Türkiye",
        "Gürcistan",
        "Aserbaidschan",
    ] {
        assert!(surfaces.contains(&surface), "{surface} in {surfaces:?}");
    }
}

#[test]
fn empty_binary_and_broken_files_are_skipped_and_the_rest_goes_on() {
    let dir = Workdir::new();
    dir.write("in/empty.txt", "");
    dir.write(
        "in/binary.txt",
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00",
    );
    dir.write(
        "in/records.jsonl",
        "{\"id\": \"a\", \"text\": \"NATO və Azərbaycan\"}\n{\"id\": \"b\", \"text\": \n{\"id\": \"c\", \"text\": \"İsveçin səfiri\"}\n",
    );
    let good = std::fs::read(seed("004_d6d645764ae949bf.txt")).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&good).unwrap();
    let gz = gz.finish().unwrap();
    dir.write("in/truncated.txt.gz", &gz[..gz.len() / 2]);
    dir.write("in/good.txt", &good);
    let missing = dir.path().join("in/missing.jsonl");

    let (out, output) = dir.run(&[
        dir.path().join("in").to_str().unwrap(),
        missing.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "a completed run exits 0");
    let stderr = String::from_utf8_lossy(&output.stderr);
    for name in [
        "empty.txt",
        "binary.txt",
        "records.jsonl:2",
        "truncated.txt.gz",
        "missing.jsonl",
    ] {
        assert!(stderr.contains(name), "stderr names {name}: {stderr}");
    }
    let documents = read_csv(&out.join("documents.csv"));
    assert!(status_of(&documents, "empty.txt").starts_with("skipped: "));
    assert!(status_of(&documents, "binary.txt").starts_with("skipped: "));
    assert!(status_of(&documents, "records.jsonl:2").starts_with("skipped: "));
    assert!(status_of(&documents, "truncated.txt.gz").starts_with("skipped: "));
    assert!(status_of(&documents, "missing.jsonl").starts_with("skipped: "));
    assert_eq!(status_of(&documents, "good.txt"), "ok");
    // The good records on either side of the broken line are processed.
    let mentions = read_csv(&out.join("mentions.csv"));
    for id in ["a", "c"] {
        assert!(mentions.iter().any(|m| m["doc_id"] == id), "record {id}");
    }
    assert!(mentions.iter().any(|m| m["doc_id"].ends_with("good.txt")));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(manifest["counts"]["skipped"], 5);

    let (_, strict) = dir.run(&[dir.path().join("in").to_str().unwrap(), "--strict"]);
    assert_eq!(strict.status.code(), Some(1), "--strict fails on skips");
}

#[test]
fn a_truncated_json_array_keeps_the_records_read_before_the_damage() {
    let dir = Workdir::new();
    let records: Vec<serde_json::Value> = (0..400)
        .map(|i| {
            let text = if i % 2 == 0 { DE_TEXT } else { TR_TEXT };
            serde_json::json!({"id": format!("r{i}"), "text": text})
        })
        .collect();
    let array = serde_json::to_vec_pretty(&records).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&array).unwrap();
    let gz = gz.finish().unwrap();
    dir.write("in/dump.json.gz", &gz[..gz.len() * 3 / 4]);
    let (out, output) = dir.run(&[dir.path().join("in").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "a completed run exits 0");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("dump.json.gz: skipped: truncated or corrupt gzip stream"),
        "{stderr}"
    );
    let documents = read_csv(&out.join("documents.csv"));
    let read: Vec<&str> = documents
        .iter()
        .filter(|d| d["status"] == "ok")
        .map(|d| d["doc_id"].as_str())
        .collect();
    // The records before the damage, in order, each under its own number.
    assert!(read.len() > 100 && read.len() < 400, "{} read", read.len());
    for (i, id) in read.iter().enumerate() {
        assert_eq!(*id, format!("r{i}"));
    }
    let sources: Vec<&str> = documents.iter().map(|d| d["source"].as_str()).collect();
    assert!(sources[1].ends_with("dump.json.gz:#2"), "{sources:?}");
}

#[test]
fn an_unwritable_out_fails_and_leaves_old_outputs_whole() {
    let dir = Workdir::new();
    let blocker = dir.write("not-a-folder", "a file where the folder should be");
    let output = dir
        .command()
        .args(["run", &seed("004_d6d645764ae949bf.txt"), "--out"])
        .arg(&blocker)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("not-a-folder"), "{stderr}");

    // A second run into a folder with earlier outputs replaces them whole;
    // no temporary file is left behind.
    let out = dir.run_ok(&[&seed("004_d6d645764ae949bf.txt")]);
    let before = std::fs::read(out.join("nodes.csv")).unwrap();
    dir.run_ok(&[&seed("004_d6d645764ae949bf.txt")]);
    assert_eq!(std::fs::read(out.join("nodes.csv")).unwrap(), before);
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_graph_that_cannot_be_written_still_leaves_the_mention_tables() {
    let dir = Workdir::new();
    // A non-empty folder where the GraphML goes: the rename onto it fails.
    dir.write("out/graph.graphml/keep", "in the way");
    let (out, output) = dir.run(&[&seed("004_d6d645764ae949bf.txt")]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("graph.graphml"), "{stderr}");
    // The scan's work is on disk, whole, even though the graph is not.
    let mentions = read_csv(&out.join("mentions.csv"));
    assert!(!mentions.is_empty());
    assert_eq!(read_csv(&out.join("documents.csv")).len(), 1);
}
