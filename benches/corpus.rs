//! Bench corpora: about 1 MB of real news per language, read at bench time
//! from `../shared/data/news` (whose licences allow testing, not copying);
//! without it, the articles in `samples/`. Each bench uses a part of it.

#![allow(dead_code)]

use std::path::PathBuf;

use entgraph::document::{Document, Record};
use entgraph::input::{self, FieldNames};

/// One language's slice of real news.
pub struct Corpus {
    /// Language code, or `samples`.
    pub name: String,
    /// The documents.
    pub documents: Vec<Document>,
}

impl Corpus {
    /// Bytes of text.
    pub fn bytes(&self) -> u64 {
        self.documents.iter().map(|d| d.text.len() as u64).sum()
    }
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Reads documents from `paths` until about `limit` bytes of text.
pub fn read(paths: &[PathBuf], fields: &FieldNames, limit: usize) -> Vec<Document> {
    let (files, _) = input::discover(paths);
    let mut documents = Vec::new();
    let mut bytes = 0;
    for file in files {
        input::read_file(&file, fields, &mut |record| {
            if let Record::Document(doc) = record
                && bytes < limit
            {
                bytes += doc.text.len();
                documents.push(doc);
            }
        });
        if bytes >= limit {
            break;
        }
    }
    documents
}

/// About 1 MB per language, or the samples when the shared data is absent.
pub fn per_language() -> Vec<Corpus> {
    let news = repo().join("../shared/data/news");
    if !news.is_dir() {
        let documents = read(
            &[repo().join("samples")],
            &FieldNames::default(),
            usize::MAX,
        );
        return vec![Corpus {
            name: "samples".to_string(),
            documents,
        }];
    }
    let tr_fields = FieldNames {
        text: Some("properties.description.stringValue".to_string()),
        id: Some("properties.link.stringValue".to_string()),
        ..FieldNames::default()
    };
    let sources: [(&str, &str, FieldNames); 5] = [
        ("az", "az_banker", FieldNames::default()),
        ("de", "de_zeitgeist", FieldNames::default()),
        ("en", "en_bbc", FieldNames::default()),
        ("ru", "ru_rt_ng", FieldNames::default()),
        ("tr", "tr_rss/news.json", tr_fields),
    ];
    sources
        .into_iter()
        .map(|(name, path, fields)| Corpus {
            name: name.to_string(),
            documents: read(&[news.join(path)], &fields, 1 << 20),
        })
        .collect()
}

/// The shipped gazetteers.
pub fn gazetteers() -> PathBuf {
    repo().join("gazetteers")
}
