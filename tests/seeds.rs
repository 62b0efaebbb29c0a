//! What a reader of the seed articles sees, found by entgraph.

use std::collections::BTreeMap;

use crate::util::{Workdir, read_csv, seed, seeds};

type Row = BTreeMap<String, String>;

struct SeedRun {
    nodes: Vec<Row>,
    edges: Vec<Row>,
    mentions: Vec<Row>,
}

impl SeedRun {
    fn new() -> SeedRun {
        let dir = Workdir::new();
        let out = dir.run_ok(&[&seeds().display().to_string()]);
        SeedRun {
            nodes: read_csv(&out.join("nodes.csv")),
            edges: read_csv(&out.join("edges.csv")),
            mentions: read_csv(&out.join("mentions.csv")),
        }
    }

    fn id(&self, label: &str) -> String {
        self.nodes
            .iter()
            .find(|n| n["Label"] == label)
            .unwrap_or_else(|| panic!("no node labelled {label}"))["Id"]
            .clone()
    }

    /// Surfaces found for the entity labelled `label` in the seed `file`.
    fn surfaces(&self, file: &str, label: &str) -> Vec<String> {
        let id = self.id(label);
        self.mentions
            .iter()
            .filter(|m| m["doc_id"].ends_with(file) && m["entity_id"] == id)
            .map(|m| m["surface"].clone())
            .collect()
    }

    fn linked(&self, a: &str, b: &str) -> bool {
        let (a, b) = (self.id(a), self.id(b));
        self.edges.iter().any(|e| {
            (e["Source"] == a && e["Target"] == b) || (e["Source"] == b && e["Target"] == a)
        })
    }
}

const AZ_NATO: &str = "000_9a670cb9cd3e9141.txt";
const AZ_QASIMOV: &str = "001_c0abff782d71be11.txt";
const DE_AZERTAC: &str = "004_d6d645764ae949bf.txt";

#[test]
fn aliyev_and_stoltenberg_meet_in_a_german_sentence() {
    let run = SeedRun::new();
    // "Jens Stoltenberg begrüßte Präsident Ilham Aliyev."
    assert!(run.linked("Ilham Aliyev", "Jens Stoltenberg"));
    let aliyev = run.surfaces(DE_AZERTAC, "Ilham Aliyev");
    assert!(aliyev.len() >= 6, "{aliyev:?}");
    assert!(aliyev.iter().all(|s| s == "Ilham Aliyev"));
    // Genitive -s: "die Bedeutung der Partnerschaft Aserbaidschans".
    assert!(
        run.surfaces(DE_AZERTAC, "Azerbaijan")
            .contains(&"Aserbaidschans".to_string())
    );
    assert!(
        run.surfaces(DE_AZERTAC, "Türkiye")
            .contains(&"Türkei".to_string())
    );
    assert!(
        run.surfaces(DE_AZERTAC, "Armenia")
            .contains(&"Armenien".to_string())
    );
}

#[test]
fn inflected_names_in_the_azerbaijani_articles() {
    let run = SeedRun::new();
    let expected = [
        (AZ_NATO, "Sweden", "İsveçin"),
        (AZ_NATO, "Slovakia", "Slovakiyanın"),
        (AZ_NATO, "NATO", "NATO-nun"),
        (AZ_NATO, "Georgia", "Gürcüstanı"),
        (AZ_NATO, "Armenia", "Ermənistanı"),
        (AZ_NATO, "Azerbaijan", "Azərbaycanla"),
        (AZ_NATO, "Azerbaijan", "Azərbaycandakı"),
        (AZ_NATO, "Türkiye", "Türkiyə"),
        (AZ_NATO, "Syria", "Suriyadan"),
        (AZ_NATO, "United States", "ABŞ"),
        (AZ_NATO, "Ilham Aliyev", "İlham Əliyevin"),
        (AZ_QASIMOV, "Slovakia", "Slovakiyanın"),
        (AZ_QASIMOV, "NATO", "NATO-ya"),
        (AZ_QASIMOV, "Afghanistan", "Əfqanıstanda"),
        (AZ_QASIMOV, "Kosovo", "Kosovo"),
    ];
    for (file, label, surface) in expected {
        let found = run.surfaces(file, label);
        assert!(
            found.iter().any(|s| s == surface),
            "{label} as {surface} in {file}: found {found:?}"
        );
    }
}

#[test]
fn the_russian_headline_in_an_azerbaijani_article() {
    let run = SeedRun::new();
    // "Тобиас Лоренцсон: НАТО и Азербайджан продолжат в 2026 году активный диалог"
    assert!(run.surfaces(AZ_NATO, "NATO").contains(&"НАТО".to_string()));
    assert!(
        run.surfaces(AZ_NATO, "Azerbaijan")
            .contains(&"Азербайджан".to_string())
    );
    assert!(
        run.surfaces(AZ_NATO, "Tobias Lorentsson")
            .contains(&"Тобиас Лоренцсон".to_string())
    );
}

#[test]
fn surnames_count_after_the_full_name() {
    let run = SeedRun::new();
    // "Elçin Qasımov deyib." then "E.Qasımovun sözlərinə görə".
    let qasimov = run.surfaces(AZ_QASIMOV, "Elchin Gasimov");
    assert!(
        qasimov.contains(&"Elçin Qasımov".to_string()),
        "{qasimov:?}"
    );
    assert!(qasimov.contains(&"E.Qasımovun".to_string()), "{qasimov:?}");
    // "Tobias Lorentsson deyib." then "… toxunan Lorentsson NATO rəsmiləri".
    let lorentsson = run.surfaces(AZ_NATO, "Tobias Lorentsson");
    assert!(
        lorentsson.contains(&"Lorentsson".to_string()),
        "{lorentsson:?}"
    );
}

#[test]
fn no_mention_in_sentences_that_name_nobody() {
    let run = SeedRun::new();
    let empty_sentences = [
        (
            AZ_NATO,
            "Səfirlərlə müsahibənin tam mətni ilə bu link vasitəsilə tanış olmaq mümkündür.",
        ),
        (
            AZ_NATO,
            "Balakəndə yol-nəqliyyat hadisəsi olub, ölən və xəsarət alanlar var",
        ),
        (AZ_QASIMOV, "Belə səfərlərin sayı sabit şəkildə artır."),
        (
            DE_AZERTAC,
            "Auch Sicherheitsprobleme in der Region wurden angesprochen.",
        ),
        (
            DE_AZERTAC,
            "Sie trugen zum Evakuierungsflug von mehr als 120.000 Menschen vom Flughafen Kabul bei, fügte er hinzu.",
        ),
    ];
    for (file, sentence) in empty_sentences {
        let text = std::fs::read_to_string(seed(file)).unwrap();
        let byte = text.find(sentence).unwrap();
        let start = text[..byte].chars().count();
        let end = start + sentence.chars().count();
        for mention in run.mentions.iter().filter(|m| m["doc_id"].ends_with(file)) {
            let at: usize = mention["start"].parse().unwrap();
            assert!(
                !(start..end).contains(&at),
                "{} found in {sentence:?}",
                mention["surface"]
            );
        }
    }
}

#[test]
fn every_surface_is_its_slice_of_the_text() {
    let run = SeedRun::new();
    assert!(run.mentions.len() > 50);
    for mention in &run.mentions {
        let text: Vec<char> = std::fs::read_to_string(&mention["doc_id"])
            .unwrap()
            .chars()
            .collect();
        let start: usize = mention["start"].parse().unwrap();
        let end: usize = mention["end"].parse().unwrap();
        let slice: String = text[start..end].iter().collect();
        assert_eq!(slice, mention["surface"]);
    }
}

#[test]
fn heads_of_state_named_by_surname_alone() {
    let run = SeedRun::new();
    // "Zelenski və Ştaynmayer sülhün əldə olunması istiqamətində səyləri
    // müzakirə ediblər": news names these two by surname alone.
    assert!(
        run.surfaces(AZ_NATO, "Volodymyr Zelensky")
            .contains(&"Zelenski".to_string())
    );
    assert!(
        run.surfaces(AZ_NATO, "Frank-Walter Steinmeier")
            .contains(&"Ştaynmayer".to_string())
    );
    assert!(run.linked("Volodymyr Zelensky", "Frank-Walter Steinmeier"));
}
