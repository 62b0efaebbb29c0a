//! Hygiene checks: what in a loaded gazetteer is valid but probably wrong.
//!
//! [`Gazetteer::load`] already rejects what cannot be used (an empty id or
//! label, a type that changes between rows, a broken CSV line). This module
//! looks at what loaded fine and hands back [`Warning`]s for a person to
//! review: an alias shared by several entities, an alias too short to be a
//! name, an id used in two files or for two labels, and, given a corpus, a
//! single-word alias that real text writes in lower case more often than
//! capitalized (a common word, not a name). Warnings never stop a run; the
//! command prints them as `file:line: warning: …`.
//!
//! ```
//! use entgraph::gazetteer::GazetteerBuilder;
//! use entgraph::gazetteer::check::{CheckerBuilder, WarningKind};
//!
//! let mut builder = GazetteerBuilder::new();
//! builder
//!     .entity("Q971", "country", "Republic of the Congo", ["Congo"])
//!     .entity("Q974", "country", "DR Congo", ["Congo"]);
//! let gazetteer = builder.build()?;
//! let report = CheckerBuilder::new().build()?.check(&gazetteer, None);
//! assert_eq!(report.warnings[0].kind, WarningKind::SharedAlias);
//! assert_eq!(
//!     report.warnings[0].to_string(),
//!     "warning: alias `Congo` names 2 entities: Q971 (Republic of the Congo), Q974 (DR Congo)"
//! );
//! # Ok::<(), entgraph::error::Error>(())
//! ```

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Blocked, CaseRule, Gazetteer};
use crate::document::{Record, Skipped};
use crate::error::Result;
use crate::input::{FieldNames, discover, read_file};
use crate::text::{fold, fold_text, is_word_char};

/// What a [`Warning`] is about, in the order the checks run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WarningKind {
    /// The same id in two files, or twice in a file with different labels.
    DuplicateId,
    /// An alias that names several entities (at least one of them by a
    /// form written in the gazetteer, not only by a derived surname).
    SharedAlias,
    /// An alias of fewer letters than the minimum that is not written in
    /// capitals.
    ShortAlias,
    /// A single-word alias the corpus writes in lower case more often than
    /// capitalized.
    CommonWord,
}

/// A problem worth a look, with where it was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// The gazetteer file, when known.
    pub path: Option<PathBuf>,
    /// The 1-based line in that file, when known.
    pub line: Option<u64>,
    /// Which check found it.
    pub kind: WarningKind,
    /// What is wrong, naming the alias and the entity ids.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.path, self.line) {
            (Some(path), Some(line)) => write!(f, "{}:{line}: ", path.display())?,
            (Some(path), None) => write!(f, "{}: ", path.display())?,
            (None, _) => {}
        }
        write!(f, "warning: {}", self.message)
    }
}

/// How often a folded word was seen in the corpus, by its first letter.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CaseCount {
    /// Occurrences whose first letter is lower case (`mali`).
    pub lower: u64,
    /// Occurrences whose first letter is a capital (`Mali`, `MALI`).
    pub capitalized: u64,
}

/// What [`Checker::check`] found.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Every warning, sorted by file, line and kind.
    pub warnings: Vec<Warning>,
    /// Aliases shared only as derived surnames (`Əliyev` of two members of
    /// parliament): not warned about, since a surname counts only where the
    /// document names the person in full.
    pub shared_surnames: usize,
    /// Documents read from the corpus.
    pub documents: u64,
    /// Words of the corpus looked up.
    pub words: u64,
    /// Corpus files and records that could not be read.
    pub skipped: Vec<Skipped>,
}

#[derive(Clone, Debug)]
struct Config {
    corpus: Vec<PathBuf>,
    fields: FieldNames,
    min_letters: usize,
    min_lowercase: u64,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            corpus: Vec::new(),
            fields: FieldNames::default(),
            min_letters: 3,
            min_lowercase: 3,
        }
    }
}

/// Configures a [`Checker`].
#[derive(Clone, Debug, Default)]
pub struct CheckerBuilder {
    config: Config,
}

impl CheckerBuilder {
    /// No corpus, aliases of 3 letters or more, common words seen at least
    /// 3 times in lower case.
    pub fn new() -> CheckerBuilder {
        CheckerBuilder::default()
    }

    /// Files and folders of articles (read like `entgraph run`'s inputs) in
    /// which to count how each single-word alias is capitalized. Without a
    /// corpus the common-word check is skipped. Reading costs one pass over
    /// the corpus with a hash lookup per word (a few seconds for 50 MB).
    pub fn corpus(&mut self, paths: &[PathBuf]) -> &mut CheckerBuilder {
        self.config.corpus = paths.to_vec();
        self
    }

    /// Which record fields hold the text and title of the corpus's JSON
    /// records.
    pub fn fields(&mut self, fields: FieldNames) -> &mut CheckerBuilder {
        self.config.fields = fields;
        self
    }

    /// Aliases with fewer letters than this, not written in capitals, are
    /// warned about. Default: 3 (`Ye`, `Li`; but `UN`, `ЕС` are fine).
    pub fn min_letters(&mut self, letters: usize) -> &mut CheckerBuilder {
        self.config.min_letters = letters;
        self
    }

    /// A word must be seen at least this often in lower case to be called
    /// common. Default: 3, so one odd spelling in a corpus proves nothing.
    pub fn min_lowercase(&mut self, count: u64) -> &mut CheckerBuilder {
        self.config.min_lowercase = count;
        self
    }

    /// Validates the options.
    pub fn build(&self) -> Result<Checker> {
        self.config.fields.validate()?;
        Ok(Checker {
            config: self.config.clone(),
        })
    }
}

/// Runs the hygiene checks; immutable and reusable.
#[derive(Clone, Debug)]
pub struct Checker {
    config: Config,
}

impl Checker {
    /// Checks `gazetteer`. With `dir`, the folder it was loaded from, each
    /// warning names the file and line of the row concerned, and ids are
    /// checked across files; without it only the loaded entities are seen.
    ///
    /// Never fails: an unreadable gazetteer file was already an error of
    /// [`Gazetteer::load`], and an unreadable corpus file is listed in
    /// [`Report::skipped`].
    pub fn check(&self, gazetteer: &Gazetteer, dir: Option<&Path>) -> Report {
        let rows = dir.map(Rows::scan).unwrap_or_default();
        let mut report = Report::default();
        report.warnings.extend(rows.duplicates.iter().cloned());
        self.aliases(gazetteer, &rows, &mut report);
        if !self.config.corpus.is_empty() {
            self.common_words(gazetteer, &rows, &mut report);
        }
        report
            .warnings
            .sort_by(|a, b| (&a.path, a.line, a.kind).cmp(&(&b.path, b.line, b.kind)));
        report
    }

    /// Shared and short aliases.
    fn aliases(&self, gazetteer: &Gazetteer, rows: &Rows, report: &mut Report) {
        let entities = gazetteer.entities();
        for alias in gazetteer.aliases() {
            let Some(first) = alias.senses.first() else {
                continue;
            };
            if alias.blocked == Blocked::Everywhere {
                continue;
            }
            let (path, line) = rows.locate(&entities[first.entity].id, &alias.folded);
            if alias.senses.len() > 1 {
                if alias.senses.iter().all(|s| s.partial) {
                    report.shared_surnames += 1;
                } else {
                    let names: Vec<String> = alias
                        .senses
                        .iter()
                        .map(|s| {
                            let entity = &entities[s.entity];
                            let derived = if s.partial { ", surname" } else { "" };
                            format!("{} ({}{derived})", entity.id, entity.label)
                        })
                        .collect();
                    report.warnings.push(Warning {
                        path: path.clone(),
                        line,
                        kind: WarningKind::SharedAlias,
                        message: format!(
                            "alias `{}` names {} entities: {}",
                            alias.text,
                            alias.senses.len(),
                            names.join(", ")
                        ),
                    });
                }
            }
            let letters = alias.text.chars().filter(|c| c.is_alphabetic()).count();
            if letters < self.config.min_letters && alias.case != CaseRule::AllCaps {
                report.warnings.push(Warning {
                    path,
                    line,
                    kind: WarningKind::ShortAlias,
                    message: format!(
                        "alias `{}` of {} has {letters} letter{} and is not written in capitals",
                        alias.text,
                        entities[first.entity].id,
                        if letters == 1 { "" } else { "s" }
                    ),
                });
            }
        }
    }

    /// Single-word aliases that the corpus writes mostly in lower case.
    fn common_words(&self, gazetteer: &Gazetteer, rows: &Rows, report: &mut Report) {
        let aliases = gazetteer.aliases();
        let mut index: HashMap<&str, usize> = HashMap::new();
        for (i, alias) in aliases.iter().enumerate() {
            if alias.senses.is_empty()
                || alias.case == CaseRule::AllCaps
                || alias.blocked == Blocked::Everywhere
                || !alias.folded.chars().all(is_word_char)
            {
                continue;
            }
            index.insert(alias.folded.as_str(), i);
        }
        let (files, skipped) = discover(&self.config.corpus);
        report.skipped.extend(skipped);
        let counter = CaseCounter::new(index.len());
        let tally = files
            .par_iter()
            .map(|file| {
                let mut tally = counter.clone();
                read_file(file, &self.config.fields, &mut |record| match record {
                    Record::Document(document) => tally.add_text(&index, &document.text),
                    Record::Skipped(skipped) => tally.skipped.push(skipped),
                });
                tally
            })
            .reduce(|| counter.clone(), CaseCounter::merge);
        report.documents = tally.documents;
        report.words = tally.words;
        report.skipped.extend(tally.skipped);

        let entities = gazetteer.entities();
        let mut hits: Vec<(usize, CaseCount)> = index
            .values()
            .map(|&i| (i, tally.counts.get(&i).copied().unwrap_or_default()))
            .filter(|(_, c)| c.lower >= self.config.min_lowercase && c.lower > c.capitalized)
            .collect();
        hits.sort_by_key(|&(i, _)| i);
        for (i, count) in hits {
            let alias = &aliases[i];
            let Some(first) = alias.senses.first() else {
                continue;
            };
            let entity = &entities[first.entity];
            let (path, line) = rows.locate(&entity.id, &alias.folded);
            let derived = if alias.senses.iter().all(|s| s.partial) {
                "derived surname"
            } else {
                "alias"
            };
            report.warnings.push(Warning {
                path,
                line,
                kind: WarningKind::CommonWord,
                message: format!(
                    "{derived} `{}` of {} ({}) is written in lower case {}, capitalized {}: a common word?",
                    alias.text,
                    entity.id,
                    entity.label,
                    times(count.lower),
                    times(count.capitalized)
                ),
            });
        }
    }
}

/// Counts, per alias, how its folded form is capitalized in running text.
/// Each worker has its own; they are merged at the end.
#[derive(Clone, Debug, Default)]
struct CaseCounter {
    counts: HashMap<usize, CaseCount>,
    documents: u64,
    words: u64,
    skipped: Vec<Skipped>,
}

impl CaseCounter {
    fn new(capacity: usize) -> CaseCounter {
        CaseCounter {
            counts: HashMap::with_capacity(capacity.min(4096)),
            ..CaseCounter::default()
        }
    }

    /// Looks up every word of `text` (a maximal run of word characters, so
    /// `Mali` in `Mali's` and `NATO-nun` counts, `Malidə` does not). Words
    /// of a web address, e-mail address, handle or path (`rt.com/russia/…
    /// -rossiya-…`, `@poroshenko`) are left out: they are lower case
    /// whatever the name.
    fn add_text(&mut self, index: &HashMap<&str, usize>, text: &str) {
        self.documents += 1;
        let folded = fold_text(text);
        let base = folded.folded.as_ptr() as usize;
        for chunk in folded.folded.split_whitespace() {
            if chunk.contains(['/', '@', '#', '_']) || chunk.contains("www.") {
                continue;
            }
            let offset = chunk.as_ptr() as usize - base;
            for (start, word) in words(chunk) {
                self.words += 1;
                let Some(&alias) = index.get(word) else {
                    continue;
                };
                let written = text[folded.original_start(offset + start)..].chars().next();
                let count = self.counts.entry(alias).or_default();
                if written.is_some_and(char::is_uppercase) {
                    count.capitalized += 1;
                } else {
                    count.lower += 1;
                }
            }
        }
    }

    fn merge(mut self, other: CaseCounter) -> CaseCounter {
        for (alias, count) in other.counts {
            let mine = self.counts.entry(alias).or_default();
            mine.lower += count.lower;
            mine.capitalized += count.capitalized;
        }
        self.documents += other.documents;
        self.words += other.words;
        self.skipped.extend(other.skipped);
        self
    }
}

/// `once`, `twice`, `N times`.
fn times(n: u64) -> String {
    match n {
        1 => "once".to_string(),
        2 => "twice".to_string(),
        n => format!("{n} times"),
    }
}

/// The words of `s` (maximal runs of word characters) with their byte
/// offsets.
fn words(s: &str) -> impl Iterator<Item = (usize, &str)> {
    s.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .map(move |w| (w.as_ptr() as usize - s.as_ptr() as usize, w))
}

/// Where each entity and each of its aliases is written in the gazetteer
/// files, from a light second read of their `id`, `label` and `aliases`
/// columns.
#[derive(Clone, Debug, Default)]
struct Rows {
    /// First row of each id.
    entity: BTreeMap<String, (PathBuf, u64)>,
    /// First row listing a folded alias (or label) for an id.
    alias: HashMap<(String, String), (PathBuf, u64)>,
    duplicates: Vec<Warning>,
}

/// The first row of an id, to compare later rows with.
#[derive(Clone, Debug)]
struct FirstRow {
    path: PathBuf,
    line: u64,
    label: String,
    kind: String,
}

impl Rows {
    fn scan(dir: &Path) -> Rows {
        let mut rows = Rows::default();
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|entry| entry.path())
            .filter(|p| p.extension().is_some_and(|e| e == "csv"))
            .filter(|p| p.file_name().is_some_and(|n| n != "block.csv"))
            .collect();
        paths.sort();
        let mut first = BTreeMap::new();
        for path in &paths {
            rows.scan_file(path, &mut first);
        }
        rows
    }

    fn scan_file(&mut self, path: &Path, first: &mut BTreeMap<String, FirstRow>) {
        // Unreadable files and lines are the loader's errors; skip them here.
        let Ok(mut reader) = csv::ReaderBuilder::new().flexible(true).from_path(path) else {
            return;
        };
        let Ok(headers) = reader.headers() else {
            return;
        };
        let column = |name: &str| headers.iter().position(|h| h.trim() == name);
        let (Some(id_col), Some(label_col), Some(aliases_col)) =
            (column("id"), column("label"), column("aliases"))
        else {
            return;
        };
        let kind_col = column("type");
        let implied_kind = match path.file_stem().and_then(|s| s.to_str()) {
            Some("people") => "person",
            Some("countries") => "country",
            Some("organizations") => "organization",
            _ => "",
        };
        let mut warned = std::collections::BTreeSet::new();
        for record in reader.records().flatten() {
            let line = record.position().map_or(0, |p| p.line());
            let field = |i: usize| record.get(i).unwrap_or("").trim();
            let (id, label) = (field(id_col), field(label_col));
            let kind = kind_col.map_or(implied_kind, field);
            if id.is_empty() {
                continue;
            }
            let here = (path.to_path_buf(), line);
            match first.get(id) {
                None => {
                    first.insert(
                        id.to_string(),
                        FirstRow {
                            path: path.to_path_buf(),
                            line,
                            label: label.to_string(),
                            kind: kind.to_string(),
                        },
                    );
                    self.entity.insert(id.to_string(), here.clone());
                }
                // A row whose type differs is an error of the loader.
                Some(known) if known.kind != kind => continue,
                Some(known) if known.path != path => {
                    if warned.insert(id.to_string()) {
                        self.duplicates.push(Warning {
                            path: Some(path.to_path_buf()),
                            line: Some(line),
                            kind: WarningKind::DuplicateId,
                            message: format!(
                                "id `{id}` is also used at {}:{}; the rows are merged into one entity",
                                known.path.display(),
                                known.line
                            ),
                        });
                    }
                }
                Some(known)
                    if !label.is_empty() && !known.label.is_empty() && known.label != label =>
                {
                    self.duplicates.push(Warning {
                        path: Some(path.to_path_buf()),
                        line: Some(line),
                        kind: WarningKind::DuplicateId,
                        message: format!(
                            "id `{id}` is labelled `{label}` here but `{}` on line {}: two entities with one id?",
                            known.label, known.line
                        ),
                    });
                }
                Some(_) => {}
            }
            for alias in std::iter::once(label).chain(field(aliases_col).split('|')) {
                let alias = alias.trim();
                if !alias.is_empty() {
                    self.alias
                        .entry((id.to_string(), fold(alias)))
                        .or_insert_with(|| here.clone());
                }
            }
        }
    }

    /// The row that lists `folded` for `id`, else the entity's first row.
    fn locate(&self, id: &str, folded: &str) -> (Option<PathBuf>, Option<u64>) {
        let found = self
            .alias
            .get(&(id.to_string(), folded.to_string()))
            .or_else(|| self.entity.get(id));
        match found {
            Some((path, line)) if *line > 0 => (Some(path.clone()), Some(*line)),
            Some((path, _)) => (Some(path.clone()), None),
            None => (None, None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::GazetteerBuilder;

    fn messages(report: &Report) -> Vec<String> {
        report.warnings.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn shared_aliases_list_their_entities() {
        let mut builder = GazetteerBuilder::new();
        builder
            .entity(
                "Q971",
                "country",
                "Republic of the Congo",
                ["Konqo", "Конго"],
            )
            .entity("Q974", "country", "DR Congo", ["Konqo", "Конго"])
            .entity("Q57371", "person", "İlham Əliyev", [])
            .entity("az-mp-1", "person", "Sevil Əliyeva", [])
            .entity("az-mp-2", "person", "Elman Əliyev", []);
        let report = CheckerBuilder::new()
            .build()
            .unwrap()
            .check(&builder.build().unwrap(), None);
        assert_eq!(
            messages(&report),
            [
                "warning: alias `Konqo` names 2 entities: Q971 (Republic of the Congo), Q974 (DR Congo)",
                "warning: alias `Конго` names 2 entities: Q971 (Republic of the Congo), Q974 (DR Congo)",
            ]
        );
        // `Əliyev` and `E.Əliyev`, `E. Əliyev`… are derived surnames only.
        assert!(report.shared_surnames >= 1, "{report:?}");
    }

    #[test]
    fn a_written_alias_that_is_also_a_derived_surname_is_shared() {
        let mut builder = GazetteerBuilder::new();
        builder
            .entity("Q7747", "person", "Vladimir Putin", ["Putin"])
            .entity("ru-duma-1", "person", "Ivan Putin", []);
        let report = CheckerBuilder::new()
            .build()
            .unwrap()
            .check(&builder.build().unwrap(), None);
        assert_eq!(
            messages(&report),
            [
                "warning: alias `Putin` names 2 entities: Q7747 (Vladimir Putin), ru-duma-1 (Ivan Putin, surname)"
            ]
        );
    }

    #[test]
    fn short_aliases_unless_in_capitals() {
        let mut builder = GazetteerBuilder::new();
        builder
            .entity(
                "Q1065",
                "organization",
                "United Nations",
                ["UN", "ООН", "BM"],
            )
            .entity("wang-yi", "person", "Wang Yi", ["Ван И", "Yi"])
            .entity("Q8", "country", "Iran", ["İr"]);
        let report = CheckerBuilder::new()
            .build()
            .unwrap()
            .check(&builder.build().unwrap(), None);
        assert_eq!(
            messages(&report),
            [
                "warning: alias `İr` of Q8 has 2 letters and is not written in capitals",
                "warning: alias `Yi` of wang-yi has 2 letters and is not written in capitals",
            ]
        );
    }

    #[test]
    fn common_words_are_counted_in_a_corpus() {
        let dir = tempfile::tempdir().unwrap();
        let news = dir.path().join("news");
        std::fs::create_dir(&news).unwrap();
        // `mali` is Azerbaijani for "financial"; `Mali` in a title and at a
        // sentence start. `Türkiyə` is always a name, `May` mostly a month
        // in German text, but the derived surname is capitalized there.
        std::fs::write(
            news.join("az.txt"),
            "Mali Nazirlik mali hesabat verdi. Mali-nin prezidenti.\n\
             Bu mali il üçün mali vəziyyət, mali bazarlar. Türkiyə və Türkiyənin.\n",
        )
        .unwrap();
        std::fs::write(
            news.join("de.jsonl"),
            "{\"title\":\"Im Mai\",\"text\":\"Theresa May sprach. May kam. MAY.\"}\n",
        )
        .unwrap();
        let mut builder = GazetteerBuilder::new();
        builder
            .entity("Q912", "country", "Mali", [])
            .entity("Q43", "country", "Türkiye", ["Türkiyə"])
            .entity("Q264766", "person", "Theresa May", []);
        let gazetteer = builder.build().unwrap();
        let report = CheckerBuilder::new()
            .corpus(std::slice::from_ref(&news))
            .build()
            .unwrap()
            .check(&gazetteer, None);
        assert_eq!(
            messages(&report),
            [
                "warning: alias `Mali` of Q912 (Mali) is written in lower case 4 times, \
              capitalized twice: a common word?"
            ]
        );
        assert_eq!(report.documents, 2);
        assert!(report.skipped.is_empty(), "{:?}", report.skipped);

        let strict = CheckerBuilder::new()
            .corpus(&[news])
            .min_lowercase(5)
            .build()
            .unwrap()
            .check(&gazetteer, None);
        assert!(strict.warnings.is_empty(), "{:?}", strict.warnings);
    }

    #[test]
    fn a_missing_corpus_is_skipped_not_fatal() {
        let mut builder = GazetteerBuilder::new();
        builder.entity("Q912", "country", "Mali", []);
        let report = CheckerBuilder::new()
            .corpus(&[PathBuf::from("/no/such/corpus")])
            .build()
            .unwrap()
            .check(&builder.build().unwrap(), None);
        assert!(report.warnings.is_empty());
        assert_eq!(report.skipped.len(), 1);
    }

    #[test]
    fn warnings_name_the_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("countries.csv"),
            "id,label,aliases\n\
             Q971,Republic of the Congo,Konqo|Kongo\n\
             Q974,DR Congo,Конго\n\
             Q974,,Kongo\n\
             Q974,Zaire,\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("more.csv"),
            "id,type,label,aliases\n\
             Q57371,person,İlham Əliyev,Ilham Aliyev\n\
             Q974,country,Democratic Republic of the Congo,\n\
             Q57371,person,,Ай\n\
             Q971,person,Someone,\n",
        )
        .unwrap();
        let (gazetteer, errors) = Gazetteer::load(dir.path()).unwrap();
        let report = CheckerBuilder::new()
            .build()
            .unwrap()
            .check(&gazetteer, Some(dir.path()));
        let countries = dir.path().join("countries.csv").display().to_string();
        let more = dir.path().join("more.csv").display().to_string();
        assert_eq!(
            messages(&report),
            [
                format!(
                    "{countries}:2: warning: alias `Kongo` names 2 entities: \
                     Q971 (Republic of the Congo), Q974 (DR Congo)"
                ),
                format!(
                    "{countries}:5: warning: id `Q974` is labelled `Zaire` here \
                     but `DR Congo` on line 3: two entities with one id?"
                ),
                format!(
                    "{more}:3: warning: id `Q974` is also used at {countries}:3; \
                     the rows are merged into one entity"
                ),
                format!(
                    "{more}:4: warning: alias `Ай` of Q57371 has 2 letters \
                     and is not written in capitals"
                ),
            ]
        );
        // The type clash of `Q971` on line 5 is the loader's error alone.
        let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].starts_with(&format!("{more}:5: `Q971` has type")));
    }

    #[test]
    fn shared_types_are_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Checker>();
        assert_send_sync::<Report>();
    }
}
