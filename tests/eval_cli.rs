//! `entgraph eval` on the hand-made gold corpora of `tests/fixtures/eval`.

use std::path::PathBuf;
use std::process::Output;

use crate::util::{Workdir, repo};

fn fixtures() -> PathBuf {
    repo().join("tests").join("fixtures").join("eval")
}

/// Runs `entgraph eval <fixtures>/gold --gazetteers <fixtures>/gazetteers
/// ARGS`.
fn eval(args: &[&str]) -> Output {
    Workdir::new()
        .command()
        .arg("eval")
        .arg(fixtures().join("gold"))
        .arg("--gazetteers")
        .arg(fixtures().join("gazetteers"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn eval_json_matches_a_hand_count() {
    let output = eval(&["--format", "json"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();

    // The `all` row of each corpus, counted from the fixture files and the
    // fixture gazetteer (countries, the EU, NATO, Helmut Kohl, Ilham
    // Aliyev; a surname counts only next to the full name):
    //
    // az_ner, sents.txt lines 1-3 (line 4 has the tag `C0LOC`, left out).
    //   gold: Azərbaycan Respublikasının, İlham Əliyev, Bakıda, NATO,
    //   Almaniya, Rusiya, Bakı = 7. hits: Azərbaycan (inside the gold LOC),
    //   İlham Əliyev, NATO, Almaniya, Rusiya, and the untagged Azərbaycanın
    //   (false) = 6, right 5; P 5/6.
    // de_germeval2014, three sentences. gold: Aserbaidschans, Ilham Alijew,
    //   Deutsche Bank, Berlin, Russland, Aserbaidschan = 6 (USA-Botschaft is
    //   LOCpart, deutsche LOCderiv, NATO-Partner ORGpart: no entities).
    //   hits: Aserbaidschans, Ilham Alijew, Russland, Aserbaidschan = 4,
    //   right 4; P 4/4. USA and NATO are hits on ignored spans: 2.
    // en_conllpp. gold: NATO, Russia, Brussels, Russia (ORG), Jordan (PER)
    //   = 5. hits: NATO, Russia, Russia (a country fits ORG), Jordan (the
    //   country, false) = 4, right 3; P 3/4.
    // ru_bsnlp: the forms of the annotation, at each occurrence. gold:
    //   Тереза Мэй twice, Евросоюз, Великобритания, ЕС, МИД России = 6
    //   (Брюссель never occurs). hits: Евросоюз, Великобритания, ЕС, России
    //   (inside the ORG) = 4, right 4; P 4/4.
    // ru_factrueval, devset/book_1 and book_2. gold: Азербайджана, Ильхам
    //   Алиев, Москву, Алиев, делегацией НАТО, США; Алиев, Коль, Германии
    //   = 9 (российские is an adjective; Берлин's token line says `Бонн`,
    //   so it is left out). hits: Азербайджана, Ильхам Алиев, Алиев (the
    //   document names him in full), НАТО, США; Германии and the untagged
    //   Россия (false); not Алиев or Коль in book_2 = 7, right 6; P 6/7.
    // ru_nerel. gold: Азербайджана, Ильхам Алиев, НАТО, Москве, Россия, США
    //   = 6 (Президент is a PROFESSION). hits: all but Москве = 5, right 5;
    //   P 5/5.
    // tr_tur2003, lines 1-3 (line 4 nests brackets, left out). gold:
    //   Helmut Kohl, Almanya, Türkiye, NATO, Ankara, Rusya = 6. hits: all
    //   but Ankara, and the untagged Türkiye of line 3 (false) = 6, right 5;
    //   P 5/6.
    //
    // (corpus, gold, hits, right hits, precision, ignored hits)
    let expected = [
        ("az_ner", 7, 6, 5, 0.8333, 0),
        ("de_germeval2014", 6, 4, 4, 1.0, 2),
        ("en_conllpp", 5, 4, 3, 0.75, 0),
        ("ru_bsnlp", 6, 4, 4, 1.0, 0),
        ("ru_factrueval", 9, 7, 6, 0.8571, 0),
        ("ru_nerel", 6, 5, 5, 1.0, 0),
        ("tr_tur2003", 6, 6, 5, 0.8333, 0),
    ];
    let corpora = report["corpora"].as_array().unwrap();
    let found: Vec<(&str, u64, u64, u64, f64, u64)> = corpora
        .iter()
        .map(|corpus| {
            let all = &corpus["types"][3];
            assert_eq!(all["type"], "all");
            (
                corpus["corpus"].as_str().unwrap(),
                all["gold"].as_u64().unwrap(),
                all["hits"].as_u64().unwrap(),
                all["correct_hits"].as_u64().unwrap(),
                all["precision"].as_f64().unwrap(),
                all["ignored_hits"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(found, expected);

    let factrueval = &corpora[4];
    assert_eq!(factrueval["format"], "factrueval");
    assert_eq!(factrueval["documents"], 2);
    let skipped = report["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1);
    assert!(
        skipped[0]
            .as_str()
            .unwrap()
            .ends_with("xx_unknown: no reader for this corpus, skipped")
    );
    // Each bad gold line is a warning naming its file and line.
    for (file, line) in [("tags.txt", 4), ("book_2.tokens", 9), ("train.txt", 4)] {
        assert!(
            stderr
                .lines()
                .any(|l| l.starts_with("entgraph: warning: ")
                    && l.contains(&format!("{file}:{line}: "))),
            "no warning for {file}:{line} in:\n{stderr}"
        );
    }
}

#[test]
fn eval_table_notes_the_hits_left_out() {
    let output = eval(&["--corpus", "de_germeval2014"]);
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains(
            "de_germeval2014: 2 hit(s) on spans the gold marks as ignored, left out of hits and P"
        ),
        "{stdout}"
    );
    assert_eq!(
        stdout
            .lines()
            .filter(|l| l.starts_with("de_germeval"))
            .count(),
        5,
        "four rows and the note:\n{stdout}"
    );
}

#[test]
fn eval_with_an_unknown_corpus_exits_2() {
    let output = eval(&["--corpus", "xx_nowhere"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--corpus xx_nowhere: not found under"),
        "{stderr}"
    );
}
