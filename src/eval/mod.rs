//! Evaluation: score entgraph against human-annotated text.
//!
//! Each gold corpus is read by the reader its folder name picks (CoNLL,
//! GermEval, brat standoff, BSNLP, FactRuEval, inline brackets, parallel BIO
//! files) into [`GoldDocument`]s: a text, the gold entities as byte spans of
//! it, the spans the gold marks as ignored (GermEval `…part`/`…deriv`), and
//! its tokens. Token formats are turned back into text by joining the
//! tokens with single spaces (sentences with line breaks), keeping each
//! token's offsets, so gold spans map onto the text entgraph is run on. Every
//! document is matched with the corpus's own language, then [`score`]
//! counts, per type (PER, ORG, LOC), precision, reachable recall, coverage,
//! linking accuracy and token-level precision/recall/F1, and [`report`]
//! prints them as a table or JSON.
//!
//! ```no_run
//! use entgraph::eval::EvaluatorBuilder;
//!
//! let evaluator = EvaluatorBuilder::new().gazetteers("gazetteers").build()?;
//! let report = evaluator.evaluate_root("../shared/data/gold".as_ref())?;
//! print!("{}", report.table());
//! # Ok::<(), entgraph::error::Error>(())
//! ```

mod az_ner;
mod brackets;
mod brat;
mod bsnlp;
mod columns;
mod factrueval;
pub mod report;
pub mod score;
mod tokens;

use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::pipeline::{LanguageChoice, Pipeline, PipelineBuilder};

pub use self::report::{CorpusReport, ErrorExample, Report, TypeReport};

/// The entity types scored: what entgraph's `person`, `organization` and
/// `country` map to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum GoldType {
    /// People (`PER`, NEREL `PERSON`).
    #[serde(rename = "PER")]
    Per,
    /// Organizations (`ORG`, NEREL `ORGANIZATION`).
    #[serde(rename = "ORG")]
    Org,
    /// Places (`LOC`, `GPE`, NEREL `COUNTRY`, `CITY`, `STATE_OR_PROVINCE`,
    /// `LOCATION`).
    #[serde(rename = "LOC")]
    Loc,
}

impl GoldType {
    /// Every type, in the order reports list them.
    pub const ALL: [GoldType; 3] = [GoldType::Per, GoldType::Org, GoldType::Loc];

    /// The type a gold label names, if it is one that is scored. Labels with
    /// a suffix (GermEval `LOCderiv`, `ORGpart`: adjectives and compounds)
    /// and other types (`MISC`, `OTH`, `DATE`, NEREL `NATIONALITY`) are not.
    ///
    /// ```
    /// use entgraph::eval::GoldType;
    /// assert_eq!(GoldType::from_label("COUNTRY"), Some(GoldType::Loc));
    /// assert_eq!(GoldType::from_label("PER"), Some(GoldType::Per));
    /// assert_eq!(GoldType::from_label("LOCderiv"), None);
    /// ```
    pub fn from_label(label: &str) -> Option<GoldType> {
        match label {
            "PER" | "PERSON" | "Person" | "Per" => Some(GoldType::Per),
            "ORG" | "ORGANIZATION" | "Org" => Some(GoldType::Org),
            "LOC" | "GPE" | "LOCATION" | "COUNTRY" | "CITY" | "STATE_OR_PROVINCE"
            | "STATE_OR_PROV" | "Loc" | "LocOrg" | "Location" => Some(GoldType::Loc),
            _ => None,
        }
    }

    /// The type entgraph gives an entity of kind `kind` (`person` → PER,
    /// `organization` → ORG, `country` → LOC); other kinds are not scored.
    pub fn of_kind(kind: &str) -> Option<GoldType> {
        match kind {
            "person" => Some(GoldType::Per),
            "organization" => Some(GoldType::Org),
            "country" => Some(GoldType::Loc),
            _ => None,
        }
    }

    /// Whether a mention of an entity of kind `kind` is right for a gold
    /// entity of this type. A country is also right where the gold says ORG
    /// (a country acting as a state: `Russia said`, CoNLL sports teams).
    pub fn accepts_kind(self, kind: &str) -> bool {
        matches!(
            (kind, self),
            ("person", GoldType::Per)
                | ("organization", GoldType::Org)
                | ("country", GoldType::Loc | GoldType::Org)
        )
    }

    /// `PER`, `ORG` or `LOC`.
    pub fn as_str(self) -> &'static str {
        match self {
            GoldType::Per => "PER",
            GoldType::Org => "ORG",
            GoldType::Loc => "LOC",
        }
    }
}

/// One annotated entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldEntity {
    /// Byte offset in the document's text.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
    /// Its type.
    pub kind: GoldType,
    /// The Wikidata id the gold links it to (NEREL), if any.
    pub link: Option<String>,
}

/// One annotated document, ready to be matched.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GoldDocument {
    /// Where it comes from: `file:line` of its first line, or the file.
    pub id: String,
    /// The text entgraph is run on.
    pub text: String,
    /// The gold entities of a scored type, in text order.
    pub entities: Vec<GoldEntity>,
    /// Byte ranges the gold marks as names that are not entities of their
    /// own: GermEval `LOCpart`/`LOCderiv` (`US-Bürger`, `deutschen`, and
    /// the same for PER and ORG), FactRuEval geographic adjectives
    /// (`российские`). A hit that overlaps one and no gold entity is
    /// neither right nor wrong: it is left out of the hits and counted
    /// apart.
    pub ignored: Vec<Range<usize>>,
    /// Byte ranges of the tokens, for token-level scores: the corpus's own
    /// tokens, or runs of word characters where it has none.
    pub tokens: Vec<Range<usize>>,
}

impl GoldDocument {
    /// A document whose tokens are the runs of word characters of its text
    /// (for formats that carry no tokens), entities sorted.
    fn with_word_tokens(id: &str, text: String, mut entities: Vec<GoldEntity>) -> GoldDocument {
        entities.sort_by_key(|e| (e.start, e.end, e.kind));
        GoldDocument {
            id: id.to_string(),
            tokens: tokens::word_tokens(&text),
            text,
            entities,
            ignored: Vec::new(),
        }
    }
}

/// The gold formats, each with its reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// `sents.txt` and `tags.txt`: one sentence per line, space-separated
    /// tokens and BIO tags (az_ner).
    Parallel,
    /// `idx token outer inner` TSV with `#` lines (GermEval 2014).
    GermEval,
    /// `token POS chunk NER` columns, IOB1 or IOB2, `-DOCSTART-` lines
    /// (CoNLL-2003).
    Conll,
    /// brat standoff `.txt` + `.ann` (NEREL).
    Brat,
    /// BSNLP raw files and `mention base TYPE id` annotations.
    Bsnlp,
    /// FactRuEval-2016 `.txt`, `.tokens`, `.spans` and `.objects` files.
    FactRuEval,
    /// Inline brackets, `[PER Helmut Kohl ]` (TUR2003).
    Brackets,
}

impl Format {
    /// The format of a corpus folder, from its name: `…germeval…`,
    /// `…conll…`, `…nerel…`, `…bsnlp…`, `…factrueval…`, `…tur2003…`, or
    /// `…_ner`.
    ///
    /// ```
    /// use entgraph::eval::Format;
    /// assert_eq!(Format::of_folder("de_germeval2014"), Some(Format::GermEval));
    /// assert_eq!(Format::of_folder("az_ner"), Some(Format::Parallel));
    /// assert_eq!(Format::of_folder("ru_factrueval"), Some(Format::FactRuEval));
    /// assert_eq!(Format::of_folder("ru_rucoref"), None);
    /// ```
    pub fn of_folder(name: &str) -> Option<Format> {
        let name = name.to_lowercase();
        let known = [
            ("germeval", Format::GermEval),
            ("conll", Format::Conll),
            ("nerel", Format::Brat),
            ("bsnlp", Format::Bsnlp),
            ("factrueval", Format::FactRuEval),
            ("tur2003", Format::Brackets),
        ];
        known
            .iter()
            .find(|(word, _)| name.contains(word))
            .map(|&(_, format)| format)
            .or_else(|| name.ends_with("_ner").then_some(Format::Parallel))
    }

    /// A short name for reports.
    pub fn name(self) -> &'static str {
        match self {
            Format::Parallel => "parallel",
            Format::GermEval => "germeval",
            Format::Conll => "conll",
            Format::Brat => "brat",
            Format::Bsnlp => "bsnlp",
            Format::FactRuEval => "factrueval",
            Format::Brackets => "brackets",
        }
    }
}

/// A gold corpus folder found under the gold root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CorpusSource {
    /// The folder's name (`az_ner`).
    pub name: String,
    /// The folder.
    pub path: PathBuf,
    /// Its format.
    pub format: Format,
    /// Its language: the folder name up to the first `_`.
    pub lang: String,
}

/// A corpus read into documents.
#[derive(Debug, Default)]
pub struct Corpus {
    /// The documents, in file and line order.
    pub documents: Vec<GoldDocument>,
    /// Lines that could not be read (`file:line: message`); their sentence
    /// or document is left out, the rest is kept.
    pub problems: Vec<Error>,
    /// BSNLP annotations whose form never occurs in its document's text.
    pub unplaced: usize,
}

impl CorpusSource {
    /// Reads the corpus. An unreadable or missing file is an error; a bad
    /// line is kept in [`Corpus::problems`] and the rest is read.
    pub fn load(&self) -> Result<Corpus> {
        match self.format {
            Format::Parallel => az_ner::read(&self.path),
            Format::GermEval => columns::read_dir(&self.path, "tsv", columns::Columns::GermEval),
            Format::Conll => columns::read_dir(&self.path, "txt", columns::Columns::Conll),
            Format::Brat => brat::read_dir(&self.path),
            Format::Bsnlp => bsnlp::read_dir(&self.path),
            Format::FactRuEval => factrueval::read_dir(&self.path),
            Format::Brackets => brackets::read_dir(&self.path),
        }
    }
}

/// The corpus folders under `root` whose format is known, sorted by name,
/// and the names of the folders skipped because no reader knows them.
pub fn discover(root: &Path) -> Result<(Vec<CorpusSource>, Vec<String>)> {
    let mut sources = Vec::new();
    let mut unknown = Vec::new();
    for entry in std::fs::read_dir(root).map_err(|e| Error::io(root, e))? {
        let path = entry.map_err(|e| Error::io(root, e))?.path();
        if !path.is_dir() {
            continue;
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match Format::of_folder(&name) {
            Some(format) => {
                let lang = name.split('_').next().unwrap_or_default().to_string();
                sources.push(CorpusSource {
                    name,
                    path,
                    format,
                    lang,
                });
            }
            None => unknown.push(name),
        }
    }
    sources.sort_by(|a, b| a.name.cmp(&b.name));
    unknown.sort();
    Ok((sources, unknown))
}

/// The files under `dir` (recursively) whose name ends in `.ext`, sorted.
fn files_with_extension(dir: &Path, ext: &str) -> Result<Vec<PathBuf>> {
    files_where(dir, |path| path.extension().is_some_and(|e| e == ext))
}

/// The files under `dir` (recursively) that `keep` accepts, sorted.
fn files_where(dir: &Path, keep: impl Fn(&Path) -> bool) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))? {
            let path = entry.map_err(|e| Error::io(&dir, e))?.path();
            if path.is_dir() {
                pending.push(path);
            } else if keep(&path) {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Reads a UTF-8 file, without a byte-order mark.
fn read_text(path: &Path) -> Result<String> {
    let text = read_utf8(path)?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// Reads a UTF-8 file as it is, byte-order mark included.
fn read_utf8(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    String::from_utf8(bytes).map_err(|e| {
        Error::io(
            path,
            std::io::Error::new(std::io::ErrorKind::InvalidData, e),
        )
    })
}

/// Which language each document is matched in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum EvalLanguage {
    /// The corpus's own language (default): no guessing.
    #[default]
    Corpus,
    /// A guess per document, as `entgraph run --lang auto` makes it.
    Auto,
    /// This language for every corpus.
    Fixed(String),
}

#[derive(Clone, Debug)]
struct Config {
    gazetteers: PathBuf,
    language: EvalLanguage,
    corpora: Vec<String>,
    errors: usize,
    fold_diacritics: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            gazetteers: PathBuf::from("gazetteers"),
            language: EvalLanguage::Corpus,
            corpora: Vec::new(),
            fold_diacritics: false,
            errors: 0,
        }
    }
}

/// Builds an [`Evaluator`]: options first, then the gazetteers are loaded
/// once.
#[derive(Clone, Debug, Default)]
pub struct EvaluatorBuilder {
    config: Config,
}

impl EvaluatorBuilder {
    /// Default options: `gazetteers/`, each corpus in its own language,
    /// every corpus found, no error examples.
    pub fn new() -> EvaluatorBuilder {
        EvaluatorBuilder::default()
    }

    /// The folder holding the gazetteers. Default `gazetteers`.
    pub fn gazetteers(&mut self, dir: impl Into<PathBuf>) -> &mut EvaluatorBuilder {
        self.config.gazetteers = dir.into();
        self
    }

    /// Which language documents are matched in. Default: the corpus's.
    pub fn language(&mut self, language: EvalLanguage) -> &mut EvaluatorBuilder {
        self.config.language = language;
        self
    }

    /// Only these corpora (folder names); all found when empty.
    pub fn corpora(&mut self, names: Vec<String>) -> &mut EvaluatorBuilder {
        self.config.corpora = names;
        self
    }

    /// How many of the most frequent false hits and misses to list per
    /// corpus. Default 0.
    pub fn errors(&mut self, n: usize) -> &mut EvaluatorBuilder {
        self.config.errors = n;
        self
    }

    /// Whether text and aliases are folded without the marks of Latin
    /// letters, as `run --fold-diacritics` folds them. Default: no.
    pub fn fold_diacritics(&mut self, yes: bool) -> &mut EvaluatorBuilder {
        self.config.fold_diacritics = yes;
        self
    }

    /// Loads the gazetteers and builds the evaluator.
    pub fn build(&self) -> Result<Evaluator> {
        let language = match &self.config.language {
            EvalLanguage::Fixed(code) => LanguageChoice::Fixed(code.clone()),
            EvalLanguage::Corpus | EvalLanguage::Auto => LanguageChoice::Auto,
        };
        let pipeline = PipelineBuilder::new()
            .gazetteers(&self.config.gazetteers)
            .language(language)
            .fold_diacritics(self.config.fold_diacritics)
            .progress(false)
            .build()?;
        Ok(Evaluator {
            config: self.config.clone(),
            pipeline,
        })
    }
}

/// Scores the pipeline against gold corpora. Immutable once built.
#[derive(Debug)]
pub struct Evaluator {
    config: Config,
    pipeline: Pipeline,
}

impl Evaluator {
    /// The pipeline being scored (its gazetteer problems are in
    /// [`Pipeline::gazetteer_errors`]).
    pub fn pipeline(&self) -> &Pipeline {
        &self.pipeline
    }

    /// Evaluates every known corpus under `root` (or those asked for). A
    /// corpus named with [`EvaluatorBuilder::corpora`] but not found is an
    /// error; a corpus that cannot be read is reported in
    /// [`Report::problems`] and the others are scored; a folder no reader
    /// knows is listed in [`Report::skipped`].
    pub fn evaluate_root(&self, root: &Path) -> Result<Report> {
        let (mut sources, unknown) = discover(root)?;
        let mut report = Report {
            gazetteers: self.config.gazetteers.display().to_string(),
            corpora: Vec::new(),
            skipped: Vec::new(),
            problems: Vec::new(),
        };
        if self.config.corpora.is_empty() {
            report.skipped.extend(unknown.iter().map(|name| {
                format!(
                    "{}: no reader for this corpus, skipped",
                    root.join(name).display()
                )
            }));
        } else {
            let missing: Vec<&String> = self
                .config
                .corpora
                .iter()
                .filter(|name| !sources.iter().any(|s| &s.name == *name))
                .collect();
            if !missing.is_empty() {
                let known: Vec<&str> = sources.iter().map(|s| s.name.as_str()).collect();
                return Err(Error::Config(format!(
                    "--corpus {}: not found under {} (found: {})",
                    missing
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    root.display(),
                    known.join(", ")
                )));
            }
            sources.retain(|s| self.config.corpora.contains(&s.name));
        }
        for source in &sources {
            match source.load() {
                Ok(corpus) => report.corpora.push(self.evaluate(source, &corpus)),
                Err(error) => report.problems.push(format!("{}: {error}", source.name)),
            }
        }
        Ok(report)
    }

    /// Matches and scores one corpus read from `source`.
    pub fn evaluate(&self, source: &CorpusSource, corpus: &Corpus) -> CorpusReport {
        let declared = match &self.config.language {
            EvalLanguage::Corpus => Some(source.lang.as_str()),
            EvalLanguage::Auto => None,
            EvalLanguage::Fixed(code) => Some(code.as_str()),
        };
        let mentions: Vec<_> = corpus
            .documents
            .par_iter()
            .map(|doc| self.pipeline.match_document(&doc.text, declared))
            .collect();
        let rules_lang = declared.unwrap_or(source.lang.as_str());
        let mut tally = score::Tally::new(self.pipeline.gazetteer(), rules_lang);
        for (doc, found) in corpus.documents.iter().zip(&mentions) {
            tally.add_document(doc, found);
        }
        tally.report(source, corpus, self.config.errors)
    }
}

/// The gold entities of a document as (surface, type), for tests.
#[cfg(test)]
pub(crate) fn surfaces(doc: &GoldDocument) -> Vec<(&str, GoldType)> {
    doc.entities
        .iter()
        .map(|e| (&doc.text[e.start..e.end], e.kind))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixtures() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eval")
    }

    #[test]
    fn shared_types_are_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Evaluator>();
    }

    /// (gold, reachable, found, hits, correct hits, linked, linked correct,
    /// token tp, token fp, token fn) of one type.
    type Row = (u64, u64, u64, u64, u64, u64, u64, u64, u64, u64);

    fn row(c: &score::Counts) -> Row {
        (
            c.gold,
            c.reachable,
            c.found,
            c.hits,
            c.correct_hits,
            c.linked,
            c.linked_correct,
            c.tokens_tp,
            c.tokens_fp,
            c.tokens_fn,
        )
    }

    #[test]
    fn scores_of_the_fixtures_match_a_hand_count() {
        let evaluator = EvaluatorBuilder::new()
            .gazetteers(fixtures().join("gazetteers"))
            .errors(3)
            .build()
            .unwrap();
        assert!(evaluator.pipeline().gazetteer_errors().is_empty());
        let report = evaluator.evaluate_root(&fixtures().join("gold")).unwrap();
        let scores = |name: &str| -> (usize, [Row; 3]) {
            let corpus = report.corpora.iter().find(|c| c.corpus == name).unwrap();
            let types = &corpus.types;
            assert_eq!(types[3].kind, "all");
            (
                corpus.documents,
                [
                    row(&types[0].counts),
                    row(&types[1].counts),
                    row(&types[2].counts),
                ],
            )
        };
        //        gold reach found hits right linked right  tp fp fn
        // az_ner: sentence 1 "Azərbaycan Respublikasının" (LOC, found through
        // `Azərbaycan`, not reachable: the gazetteer has no such long name),
        // "İlham Əliyev" (PER), "Bakıda" (LOC, missed), "NATO" (ORG);
        // sentence 2 "Almaniya", "Rusiya" (LOC, found); sentence 3 "Bakı"
        // (missed) and an untagged "Azərbaycanın" (a false hit); sentence 4
        // has the bad tag `C0LOC` and is left out.
        // LOC: 5 gold, 2 reachable (Almaniya, Rusiya), 3 found, 4 hits of
        // which 3 right: precision 3/4, coverage 3/5, reachable recall 2/2.
        // LOC tokens: output Azərbaycan, Almaniya, Rusiya, Azərbaycanın;
        // gold Azərbaycan, Respublikasının, Bakıda, Almaniya, Rusiya, Bakı.
        assert_eq!(
            scores("az_ner"),
            (
                3,
                [
                    (1, 1, 1, 1, 1, 0, 0, 2, 0, 0),
                    (1, 1, 1, 1, 1, 0, 0, 1, 0, 0),
                    (5, 2, 3, 4, 3, 0, 0, 3, 1, 3),
                ]
            )
        );
        // de_germeval2014: "Aserbaidschans" (LOC, alias + s), "Ilham
        // Alijew" (PER), "Deutsche Bank" (ORG, missed), "Berlin" (LOC,
        // missed); "USA-Botschaft" is LOCpart, so `USA` is neither a right
        // nor a false hit, and its token is not counted; "deutsche"
        // (LOCderiv) is not scored; "Russland" (LOC) is found; then
        // "NATO-Partner" is ORGpart (its `NATO` left out the same way) and
        // "Aserbaidschan" (LOC) is found.
        // LOC: precision 3/3, coverage 3/4, reachable recall 3/3.
        assert_eq!(
            scores("de_germeval2014"),
            (
                3,
                [
                    (1, 1, 1, 1, 1, 0, 0, 2, 0, 0),
                    (1, 0, 0, 0, 0, 0, 0, 0, 0, 2),
                    (4, 3, 3, 3, 3, 0, 0, 3, 0, 1),
                ]
            )
        );
        let ignored = |name: &str| -> Vec<u64> {
            let corpus = report.corpora.iter().find(|c| c.corpus == name).unwrap();
            corpus.types.iter().map(|t| t.counts.ignored_hits).collect()
        };
        // PER, ORG (NATO), LOC (USA), all.
        assert_eq!(ignored("de_germeval2014"), [0, 1, 1, 2]);
        assert_eq!(ignored("az_ner"), [0, 0, 0, 0]);
        // en_conllpp (IOB1): "NATO" (ORG), "Russia" (LOC), "Brussels" (LOC,
        // missed); then "Russia" tagged ORG (a team: a country fits ORG, so
        // found and a right hit) and "Jordan" tagged PER (the country is a
        // false hit and does not find the person).
        // Tokens are strict: the second Russia is a LOC token in the output
        // and an ORG token in the gold.
        assert_eq!(
            scores("en_conllpp"),
            (
                1,
                [
                    (1, 0, 0, 0, 0, 0, 0, 0, 0, 1),
                    (2, 2, 2, 1, 1, 0, 0, 1, 0, 1),
                    (2, 1, 1, 3, 2, 0, 0, 1, 2, 1),
                ]
            )
        );
        // ru_bsnlp: "Тереза Мэй" occurs twice (PER, missed); "Евросоюз",
        // "ЕС" (ORG, found); "МИД России" (ORG, not reachable, found
        // through the country `России`, a right hit since a country fits
        // ORG); "Великобритания" (LOC); "Брюссель" never occurs.
        assert_eq!(
            scores("ru_bsnlp"),
            (
                1,
                [
                    (2, 0, 0, 0, 0, 0, 0, 0, 0, 4),
                    (3, 2, 3, 2, 2, 0, 0, 2, 0, 2),
                    (1, 1, 1, 2, 2, 0, 0, 1, 1, 0),
                ]
            )
        );
        // ru_factrueval: book_1 "Азербайджана" (LocOrg: LOC), "Ильхам
        // Алиев" (Person), "Москву" (Location, missed), "Алиев" (Person,
        // reachable and found: the document names him in full),
        // "делегацией НАТО" (Org, not reachable, found through `НАТО`),
        // "российские" (an adjective: no entity), "США" (LocOrg). book_2
        // "Алиев" and "Коль" (Person, surnames alone: neither reachable nor
        // found), "Германии" (LocOrg, found), "Берлин" (its token line says
        // `Бонн`: reported, left out), an untagged "Россия" (a false hit).
        // PER tokens: Ильхам, Алиев, Алиев found; Алиев, Коль missed.
        assert_eq!(
            scores("ru_factrueval"),
            (
                2,
                [
                    (4, 2, 2, 2, 2, 0, 0, 3, 0, 2),
                    (1, 0, 1, 1, 1, 0, 0, 1, 0, 1),
                    (4, 3, 3, 4, 3, 0, 0, 3, 1, 1),
                ]
            )
        );
        // ru_nerel: "Азербайджана" (Q227), "Москве" (missed, no link),
        // "Россия" (gold links Q2184, entgraph says Q159: wrong), "США"
        // (Q30); "Ильхам Алиев" (Q57371); "НАТО" (Q7184). LOC linking 2/3.
        assert_eq!(
            scores("ru_nerel"),
            (
                1,
                [
                    (1, 1, 1, 1, 1, 1, 1, 2, 0, 0),
                    (1, 1, 1, 1, 1, 1, 1, 1, 0, 0),
                    (4, 3, 3, 3, 3, 3, 2, 3, 0, 1),
                ]
            )
        );
        // tr_tur2003: "Helmut Kohl", "Almanya", "Türkiye", "NATO",
        // "Ankara" (missed), "Rusya"; an untagged "Türkiye" is a false hit;
        // line 4 has an unclosed bracket and is left out.
        assert_eq!(
            scores("tr_tur2003"),
            (
                3,
                [
                    (1, 1, 1, 1, 1, 0, 0, 2, 0, 0),
                    (1, 1, 1, 1, 1, 0, 0, 1, 0, 0),
                    (4, 3, 3, 4, 3, 0, 0, 3, 1, 1),
                ]
            )
        );

        let az = &report.corpora[0];
        assert_eq!(az.types[2].precision, Some(0.75));
        assert_eq!(az.types[2].coverage, Some(0.6));
        assert_eq!(az.types[2].reachable_recall, Some(1.0));
        assert_eq!(az.gold_problems.len(), 1);
        assert!(
            az.gold_problems[0].ends_with(
                "tags.txt:4: tag `C0LOC` of token 1 (`Yunanıstanın`) is not O, B-X or I-X"
            )
        );
        assert_eq!(az.false_hits[0].surface, "Azərbaycanın");
        assert_eq!(
            az.false_hits[0].context,
            "[Azərbaycanın] paytaxtı Bakı şəhəridir ."
        );
        assert_eq!(az.misses.len(), 2);
        let nerel = report
            .corpora
            .iter()
            .find(|c| c.corpus == "ru_nerel")
            .unwrap();
        assert_eq!(nerel.types[2].linking_accuracy, Some(0.6667));
        let bsnlp = report
            .corpora
            .iter()
            .find(|c| c.corpus == "ru_bsnlp")
            .unwrap();
        assert_eq!(bsnlp.unplaced, 1);
        let factrueval = report
            .corpora
            .iter()
            .find(|c| c.corpus == "ru_factrueval")
            .unwrap();
        assert_eq!(factrueval.gold_problems.len(), 1);
        assert!(
            factrueval.gold_problems[0].ends_with(
                "book_2.tokens:9: token 2007 `Бонн` at 34 (length 6) is `Берлин` in the text"
            ),
            "{:?}",
            factrueval.gold_problems
        );
        assert!(report.skipped[0].ends_with("xx_unknown: no reader for this corpus, skipped"));
        assert!(report.problems.is_empty());

        let table = report.table();
        let az_loc = table
            .lines()
            .find(|l| l.starts_with("az_ner") && l.contains(" LOC "))
            .unwrap();
        let cells: Vec<&str> = az_loc.split_whitespace().collect();
        assert_eq!(cells[8..11], ["75.0", "100.0", "60.0"], "{table}");
        assert!(
            table.contains(
                "de_germeval2014: 2 hit(s) on spans the gold marks as ignored, left out of hits and P\n"
            ),
            "{table}"
        );
        let json: serde_json::Value = serde_json::from_str(&report.json()).unwrap();
        assert_eq!(json["corpora"][0]["types"][2]["precision"], 0.75);
    }

    #[test]
    fn an_unknown_corpus_name_is_an_error() {
        let evaluator = EvaluatorBuilder::new()
            .gazetteers(fixtures().join("gazetteers"))
            .corpora(vec!["az_ner".into(), "ru_ner".into()])
            .build()
            .unwrap();
        let error = evaluator
            .evaluate_root(&fixtures().join("gold"))
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("--corpus ru_ner: not found under"),
            "{error}"
        );
    }

    #[test]
    fn discovers_corpora_by_folder_name() {
        let (sources, unknown) = discover(&fixtures().join("gold")).unwrap();
        let names: Vec<(&str, Format, &str)> = sources
            .iter()
            .map(|s| (s.name.as_str(), s.format, s.lang.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("az_ner", Format::Parallel, "az"),
                ("de_germeval2014", Format::GermEval, "de"),
                ("en_conllpp", Format::Conll, "en"),
                ("ru_bsnlp", Format::Bsnlp, "ru"),
                ("ru_factrueval", Format::FactRuEval, "ru"),
                ("ru_nerel", Format::Brat, "ru"),
                ("tr_tur2003", Format::Brackets, "tr"),
            ]
        );
        assert_eq!(unknown, ["xx_unknown"]);
    }
}
