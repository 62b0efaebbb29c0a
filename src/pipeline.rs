//! Pipeline: wires input → text → matcher → resolve → graph → export.
//!
//! One thread reads the dump and cuts it into batches of about a megabyte
//! (JSON Lines still unparsed); rayon workers parse, fold, segment, match
//! and resolve the documents of a batch, format their rows and count their
//! co-occurrences into per-worker counts; the calling thread writes the
//! batches' rows in input order. At most a few batches per worker are in
//! flight, whatever the size of the dump, and the outputs do not depend on
//! the thread count.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, sync_channel};
use std::sync::{Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use crate::document::{Document, Record, Skipped};
use crate::error::{Error, Result};
use crate::export::{self, CsvRows, CsvTable, DOCUMENTS_HEADER, MENTIONS_HEADER};
use crate::gazetteer::{Gazetteer, GazetteerBuilder};
use crate::graph::Cooccurrence;
use crate::input::{self, Chunk, FieldNames};
use crate::matcher::Matcher;
use crate::resolve::resolve;
use crate::text::{Folding, LanguageGuesser, Segmenter, Segments};

/// The unit two entities must share to co-occur.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// The same sentence (default): the tightest, most telling link.
    #[default]
    Sentence,
    /// The same paragraph.
    Paragraph,
    /// The same document: many more, weaker links.
    Document,
}

/// How to pick a document's language, which picks its inflection rules.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum LanguageChoice {
    /// The record's own `lang` field, else a guess from the text.
    #[default]
    Auto,
    /// This language for every document.
    Fixed(String),
}

#[derive(Clone, Debug)]
struct Config {
    gazetteers: PathBuf,
    unit: Unit,
    min_weight: u64,
    threads: usize,
    language: LanguageChoice,
    guess_among: Vec<String>,
    fields: FieldNames,
    progress: bool,
    batch_bytes: usize,
    folding: Folding,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            gazetteers: PathBuf::from("gazetteers"),
            unit: Unit::Sentence,
            min_weight: 1,
            threads: 0,
            language: LanguageChoice::Auto,
            guess_among: Vec::new(),
            fields: FieldNames::default(),
            progress: true,
            batch_bytes: 1 << 20,
            folding: Folding::Case,
        }
    }
}

/// Builds a [`Pipeline`]: options first, then the gazetteers are loaded and
/// compiled once.
#[derive(Clone, Debug, Default)]
pub struct PipelineBuilder {
    config: Config,
}

impl PipelineBuilder {
    /// Default options: `gazetteers/`, sentence units, every thread.
    pub fn new() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// The folder holding the gazetteers. Default `gazetteers`.
    pub fn gazetteers(&mut self, dir: impl Into<PathBuf>) -> &mut PipelineBuilder {
        self.config.gazetteers = dir.into();
        self
    }

    /// The co-occurrence unit. Default: sentence.
    pub fn unit(&mut self, unit: Unit) -> &mut PipelineBuilder {
        self.config.unit = unit;
        self
    }

    /// Edges with a weight under this are dropped. Default 1 (keep all).
    pub fn min_weight(&mut self, weight: u64) -> &mut PipelineBuilder {
        self.config.min_weight = weight;
        self
    }

    /// Worker threads; 0 means one per core. The outputs are the same
    /// whatever the number.
    pub fn threads(&mut self, threads: usize) -> &mut PipelineBuilder {
        self.config.threads = threads;
        self
    }

    /// How each document's language is chosen. Default: auto.
    pub fn language(&mut self, choice: LanguageChoice) -> &mut PipelineBuilder {
        self.config.language = choice;
        self
    }

    /// The languages a document without a declared language is guessed
    /// among (`az`, `ru`… or ISO 639-3 codes), for a dump known to hold
    /// only these: the fewer, the faster the guess, but a document in any
    /// other language is taken for the closest of them. Default: empty,
    /// every language the guesser knows.
    pub fn guess_among<S: AsRef<str>>(&mut self, codes: &[S]) -> &mut PipelineBuilder {
        self.config.guess_among = codes.iter().map(|c| c.as_ref().to_string()).collect();
        self
    }

    /// Which record fields hold text, id, date and title.
    pub fn fields(&mut self, fields: FieldNames) -> &mut PipelineBuilder {
        self.config.fields = fields;
        self
    }

    /// Whether `Turkiye` matches `Türkiye`: text and aliases folded without
    /// the marks of Latin letters. Default: no.
    pub fn fold_diacritics(&mut self, yes: bool) -> &mut PipelineBuilder {
        self.config.folding = if yes {
            Folding::Diacritics
        } else {
            Folding::Case
        };
        self
    }

    /// Whether to draw a progress bar (only ever on a terminal).
    pub fn progress(&mut self, yes: bool) -> &mut PipelineBuilder {
        self.config.progress = yes;
        self
    }

    /// Loads the gazetteers and builds the pipeline. Bad gazetteer rows are
    /// kept in [`Pipeline::gazetteer_errors`]; a gazetteer with no entity at
    /// all is an error.
    pub fn build(&self) -> Result<Pipeline> {
        self.config.fields.validate()?;
        let guesser = self.guesser()?;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(self.config.threads)
            .build()
            .map_err(|e| Error::Config(format!("cannot start worker threads: {e}")))?;
        let mut gazetteer_builder = GazetteerBuilder::new();
        gazetteer_builder.folding(self.config.folding);
        let gazetteer_errors = gazetteer_builder.read_dir(&self.config.gazetteers)?;
        // On the pool, so that the build uses the threads the run may.
        let gazetteer = pool.install(|| gazetteer_builder.build())?;
        if gazetteer.entities().is_empty() {
            let mut errors = gazetteer_errors;
            errors.push(Error::Config(format!(
                "{}: no usable entity in the gazetteers",
                self.config.gazetteers.display()
            )));
            return Err(Error::Many(errors));
        }
        if let LanguageChoice::Fixed(code) = &self.config.language
            && gazetteer.language(code).is_none()
        {
            return Err(Error::Config(format!(
                "--lang {code}: no rules file {}",
                self.config
                    .gazetteers
                    .join("lang")
                    .join(format!("{code}.txt"))
                    .display()
            )));
        }
        let languages = gazetteer.languages();
        let segmenter = Segmenter::new(
            languages
                .iter()
                .flat_map(|l| l.abbreviations.iter().map(String::as_str)),
            languages
                .iter()
                .flat_map(|l| l.months.iter().map(String::as_str)),
        );
        Ok(Pipeline {
            config: self.config.clone(),
            pool,
            gazetteer,
            gazetteer_errors,
            segmenter,
            guesser,
        })
    }

    fn guesser(&self) -> Result<LanguageGuesser> {
        let codes = &self.config.guess_among;
        if codes.is_empty() {
            return Ok(LanguageGuesser::default());
        }
        if let LanguageChoice::Fixed(code) = &self.config.language {
            return Err(Error::Config(format!(
                "--guess-among: nothing is guessed with --lang {code}"
            )));
        }
        LanguageGuesser::among(codes).map_err(|code| {
            Error::Config(format!(
                "--guess-among {code}: not a language code the guesser knows"
            ))
        })
    }
}

/// The built pipeline: immutable and shared by every worker.
#[derive(Debug)]
pub struct Pipeline {
    config: Config,
    /// The worker threads, which also build the gazetteer.
    pool: rayon::ThreadPool,
    gazetteer: Gazetteer,
    gazetteer_errors: Vec<Error>,
    segmenter: Segmenter,
    guesser: LanguageGuesser,
}

/// One mention as the outputs report it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MentionRow {
    /// The entity's id.
    pub entity_id: String,
    /// Code-point offset of the first character in the document's text.
    pub start: usize,
    /// Code-point offset just past the last character.
    pub end: usize,
    /// Index of the sentence holding it (0-based).
    pub sentence: usize,
    /// The text as written, endings included.
    pub surface: String,
    /// The gazetteer alias it matched.
    pub alias: String,
}

/// What processing one document gives.
#[derive(Debug, Default)]
struct Processed {
    lang: Option<String>,
    chars: usize,
    sentences: usize,
    units: usize,
    mentions: Vec<Found>,
    unit_entities: Vec<(usize, usize)>,
    /// Aliases left ambiguous (indices into the gazetteer's aliases), with
    /// the entities each may name.
    ambiguous: Vec<(usize, Vec<usize>)>,
    blocked: usize,
    unconfirmed: usize,
}

/// A mention as processing finds it, before it is formatted.
#[derive(Clone, Copy, Debug)]
struct Found {
    /// Index into the gazetteer's entities.
    entity: usize,
    /// Index into the gazetteer's aliases.
    alias: usize,
    /// Code-point offsets, as the outputs report them.
    start: usize,
    end: usize,
    /// Byte offsets, to slice the surface form.
    byte_start: usize,
    byte_end: usize,
    sentence: usize,
}

/// A slice of the dump on its way to a worker.
#[derive(Debug)]
struct Batch {
    /// Its place in the dump: batches are written in this order.
    index: usize,
    chunks: Vec<Chunk>,
}

/// What a worker makes of a [`Batch`]: its rows, formatted in input order
/// so that the writing thread only copies bytes, and its counts.
#[derive(Debug, Default)]
struct BatchOutput {
    mention_rows: Vec<u8>,
    document_rows: Vec<u8>,
    counts: Counts,
    skipped: Vec<Skipped>,
    ambiguous: Vec<(usize, Vec<usize>)>,
}

/// Counts and timings of a run, as `run.json` reports them.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Counts {
    /// Documents read, skipped ones included.
    pub documents: u64,
    /// Documents processed.
    pub documents_ok: u64,
    /// Documents or files skipped.
    pub skipped: u64,
    /// Bytes of document text processed.
    pub text_bytes: u64,
    /// Mentions written.
    pub mentions: u64,
    /// Entities mentioned (nodes).
    pub entities: u64,
    /// Edges written.
    pub edges: u64,
    /// Units counted (sentences, paragraphs or documents).
    pub units: u64,
    /// Candidates left ambiguous between several entities.
    pub ambiguous: u64,
    /// Candidates dropped by the block list.
    pub blocked: u64,
    /// Surname forms dropped: the person is not named in full.
    pub unconfirmed_partial: u64,
}

/// An alias left ambiguous, with the entities it may name.
#[derive(Clone, Debug, Serialize)]
pub struct AmbiguousAlias {
    /// The alias.
    pub alias: String,
    /// Ids of the entities it may name.
    pub entities: Vec<String>,
    /// How many times it was left ambiguous.
    pub count: u64,
}

/// The run manifest, `run.json`.
#[derive(Clone, Debug, Serialize)]
pub struct Manifest {
    /// entgraph's version.
    pub version: &'static str,
    /// Options of the run.
    pub options: ManifestOptions,
    /// The input paths, sorted.
    pub inputs: Vec<String>,
    /// Counts.
    pub counts: Counts,
    /// Seconds per phase.
    pub timings: Timings,
    /// Every skipped document or file (`source: reason`), and gazetteer
    /// problems.
    pub errors: Vec<String>,
    /// Aliases left ambiguous, most frequent first.
    pub ambiguous: Vec<AmbiguousAlias>,
}

/// The options recorded in `run.json`.
#[derive(Clone, Debug, Serialize)]
pub struct ManifestOptions {
    /// Gazetteer folder.
    pub gazetteers: String,
    /// Output folder.
    pub out: String,
    /// Co-occurrence unit.
    pub unit: Unit,
    /// Minimum edge weight.
    pub min_weight: u64,
    /// Threads used.
    pub threads: usize,
    /// `auto` or a language code.
    pub lang: String,
    /// The languages guessed among (`--guess-among`); empty: all.
    pub guess_among: Vec<String>,
    /// Whether diacritics were folded away (`--fold-diacritics`).
    pub fold_diacritics: bool,
}

/// Seconds spent per phase.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Timings {
    /// Reading, matching and writing the per-document tables.
    pub scan_seconds: f64,
    /// Building the graph and writing it.
    pub graph_seconds: f64,
    /// The whole run.
    pub total_seconds: f64,
}

/// What a run reports back to its caller.
#[derive(Clone, Debug)]
pub struct Summary {
    /// The manifest written to `run.json`.
    pub manifest: Manifest,
}

impl Pipeline {
    /// The compiled gazetteer.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Problems found in the gazetteers (their good rows are in use).
    pub fn gazetteer_errors(&self) -> &[Error] {
        &self.gazetteer_errors
    }

    /// Finds the mentions of one text, as `entgraph match` prints them.
    ///
    /// ```no_run
    /// let pipeline = entgraph::pipeline::PipelineBuilder::new().build()?;
    /// let mentions = pipeline.match_text("NATO-nun Azərbaycandakı səfirlikləri");
    /// assert_eq!(mentions[0].surface, "NATO-nun");
    /// # Ok::<(), entgraph::error::Error>(())
    /// ```
    pub fn match_text(&self, text: &str) -> Vec<MentionRow> {
        self.match_document(text, None)
    }

    /// Finds the mentions of one document declared to be in language
    /// `lang`, as a record's `lang` field would declare it: under
    /// [`LanguageChoice::Auto`] the declared language is used and only a
    /// `None` is guessed; a fixed `--lang` overrides it. `entgraph eval`
    /// uses it to give each corpus its own language.
    pub fn match_document(&self, text: &str, lang: Option<&str>) -> Vec<MentionRow> {
        let entities = self.gazetteer.entities();
        let aliases = self.gazetteer.aliases();
        self.process(text, lang)
            .mentions
            .iter()
            .map(|found| MentionRow {
                entity_id: entities[found.entity].id.clone(),
                start: found.start,
                end: found.end,
                sentence: found.sentence,
                surface: text[found.byte_start..found.byte_end].to_string(),
                alias: aliases[found.alias].text.clone(),
            })
            .collect()
    }

    fn language_of(&self, text: &str, declared: Option<&str>) -> Option<String> {
        match &self.config.language {
            LanguageChoice::Fixed(code) => Some(code.clone()),
            LanguageChoice::Auto => declared
                .map(str::to_string)
                .or_else(|| self.guesser.guess(text)),
        }
    }

    fn process(&self, text: &str, declared_lang: Option<&str>) -> Processed {
        let lang = self.language_of(text, declared_lang);
        let lang_index = lang.as_deref().and_then(|l| self.gazetteer.language(l));
        let candidates = Matcher::new(&self.gazetteer).find(text, lang_index);
        let resolution = resolve(&self.gazetteer, &candidates, lang.as_deref());
        let segments: Segments = self.segmenter.segment(text);
        let mut processed = Processed {
            lang,
            sentences: segments.sentences.len(),
            units: match self.config.unit {
                Unit::Sentence => segments.sentences.len(),
                Unit::Paragraph => segments.paragraphs.len(),
                Unit::Document => 1,
            },
            blocked: resolution.blocked,
            unconfirmed: resolution.unconfirmed,
            ..Processed::default()
        };
        let (mut byte_at, mut char_at) = (0, 0);
        let mut char_offset = |byte: usize| {
            char_at += text[byte_at..byte].chars().count();
            byte_at = byte;
            char_at
        };
        for mention in &resolution.mentions {
            let start = char_offset(mention.start);
            let end = char_offset(mention.end);
            let sentence = segments.sentence_of(mention.start);
            let unit = match self.config.unit {
                Unit::Sentence => sentence,
                Unit::Paragraph => segments.paragraph_of(mention.start),
                Unit::Document => 0,
            };
            processed.unit_entities.push((unit, mention.entity));
            processed.mentions.push(Found {
                entity: mention.entity,
                alias: mention.alias,
                start,
                end,
                byte_start: mention.start,
                byte_end: mention.end,
                sentence,
            });
        }
        processed.chars = char_offset(text.len());
        processed.ambiguous = resolution
            .ambiguous
            .into_iter()
            .map(|a| (a.candidate.alias, a.entities))
            .collect();
        processed
    }

    /// Runs the pipeline over `inputs` and writes every output into `out`.
    /// Skipped documents are passed to `on_skip` as they happen.
    pub fn run(
        &self,
        inputs: &[PathBuf],
        out: &Path,
        on_skip: &mut dyn FnMut(&Skipped),
    ) -> Result<Summary> {
        let started = Instant::now();
        std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
        let pool = &self.pool;
        let threads = pool.current_num_threads();
        let mut mentions_csv = CsvTable::create(&out.join("mentions.csv"), MENTIONS_HEADER)?;
        let mut documents_csv = CsvTable::create(&out.join("documents.csv"), DOCUMENTS_HEADER)?;

        let (files, missing) = input::discover(inputs);
        let total_bytes: u64 = files
            .iter()
            .filter_map(|f| std::fs::metadata(f).ok())
            .map(|m| m.len())
            .sum();
        let progress = self.progress_bar(total_bytes);
        let mut counts = Counts::default();
        let mut errors: Vec<String> = self
            .gazetteer_errors
            .iter()
            .map(ToString::to_string)
            .collect();
        let mut ambiguous: BTreeMap<(usize, Vec<usize>), u64> = BTreeMap::new();
        for skipped in &missing {
            on_skip(skipped);
            counts.documents += 1;
            counts.skipped += 1;
            errors.push(format!("{}: {}", skipped.source, skipped.reason));
            let mut row = CsvRows::new();
            skipped_row(&mut row, skipped);
            documents_csv.write_rows(&row.into_bytes())?;
        }

        // Each worker counts co-occurrences into its own slot; the slots
        // merge in any order to the same totals.
        let workers: Vec<Mutex<Cooccurrence>> = (0..threads).map(|_| Mutex::default()).collect();
        // A batch is read only once an earlier one is written, so at most
        // `window` batches are in memory, however slow one of them is.
        let window = 2 * threads + 2;
        let (credit_tx, credit_rx) = sync_channel::<()>(window);
        for _ in 0..window {
            credit_tx
                .send(())
                .expect("the channel has room for every credit");
        }
        let (done_tx, done_rx) = channel::<(usize, thread::Result<BatchOutput>)>();
        let batch_bytes = self.config.batch_bytes;
        let fields = &self.config.fields;
        let (workers_ref, files) = (&workers, &files);
        let reader_progress = progress.clone();
        thread::scope(|scope| -> Result<()> {
            scope.spawn(move || {
                pool.in_place_scope(|jobs| {
                    let mut index = 0;
                    // Hands a batch to the workers; false once the writer
                    // has stopped.
                    let mut dispatch = |chunks: Vec<Chunk>| {
                        if credit_rx.recv().is_err() {
                            return false;
                        }
                        let batch = Batch { index, chunks };
                        index += 1;
                        let done_tx = done_tx.clone();
                        jobs.spawn(move |_| {
                            // A panic goes to the writer, which raises it:
                            // a batch that never arrives would leave the
                            // writer, and so the reader, waiting forever.
                            let index = batch.index;
                            let output = panic::catch_unwind(AssertUnwindSafe(|| {
                                self.process_batch(batch, workers_ref)
                            }));
                            // A closed channel means the writer failed; it
                            // reports why.
                            let _ = done_tx.send((index, output));
                        });
                        true
                    };
                    let mut chunks = Vec::new();
                    let mut bytes = 0;
                    let mut open = true;
                    for file in files {
                        input::read_chunks(file, fields, batch_bytes, &mut |chunk| {
                            if !open {
                                return;
                            }
                            bytes += chunk.len();
                            chunks.push(chunk);
                            if bytes >= batch_bytes {
                                bytes = 0;
                                open = dispatch(std::mem::take(&mut chunks));
                            }
                        });
                        if !open {
                            return;
                        }
                        if let Ok(meta) = std::fs::metadata(file) {
                            reader_progress.inc(meta.len());
                        }
                    }
                    if !chunks.is_empty() {
                        dispatch(chunks);
                    }
                });
            });
            let credit_tx = credit_tx;
            let mut pending: BTreeMap<usize, BatchOutput> = BTreeMap::new();
            let mut next = 0;
            for (index, output) in done_rx {
                let output = output.unwrap_or_else(|panic| panic::resume_unwind(panic));
                pending.insert(index, output);
                while let Some(output) = pending.remove(&next) {
                    next += 1;
                    mentions_csv.write_rows(&output.mention_rows)?;
                    documents_csv.write_rows(&output.document_rows)?;
                    counts.add_scan(&output.counts);
                    for skipped in &output.skipped {
                        on_skip(skipped);
                        errors.push(format!("{}: {}", skipped.source, skipped.reason));
                    }
                    for key in output.ambiguous {
                        *ambiguous.entry(key).or_default() += 1;
                    }
                    // The reader may be done already.
                    let _ = credit_tx.send(());
                }
                let seconds = started.elapsed().as_secs_f64().max(1e-9);
                progress.set_message(format!(
                    "{} docs, {:.1} MB text, {:.1} MB/s, {} skipped",
                    counts.documents,
                    counts.text_bytes as f64 / 1e6,
                    counts.text_bytes as f64 / 1e6 / seconds,
                    counts.skipped
                ));
            }
            Ok(())
        })?;
        let mut cooccurrence = Cooccurrence::default();
        for worker in workers {
            cooccurrence.merge(worker.into_inner().unwrap_or_else(PoisonError::into_inner));
        }
        progress.finish_and_clear();
        let scan_seconds = started.elapsed().as_secs_f64();

        let graph_started = Instant::now();
        let graph = cooccurrence.build(self.config.min_weight);
        counts.entities = graph.graph.node_count() as u64;
        counts.edges = graph.graph.edge_count() as u64;
        counts.units = graph.units;
        thread::scope(|scope| -> Result<()> {
            // The two large tables wait on the disk while the graph is
            // written; the graph's tables and its GraphML are written side
            // by side where there are threads for both.
            let committed = scope.spawn(|| -> Result<()> {
                mentions_csv.commit()?;
                documents_csv.commit()
            });
            let (tables, graphml) = pool.join(
                || export::write_tables(out, &self.gazetteer, &graph),
                || export::write_graphml(out, &self.gazetteer, &graph),
            );
            let committed = committed
                .join()
                .unwrap_or_else(|panic| panic::resume_unwind(panic));
            committed.and(tables).and(graphml)
        })?;

        let entities = self.gazetteer.entities();
        let aliases = self.gazetteer.aliases();
        let ambiguous: BTreeMap<(&str, Vec<usize>), u64> = ambiguous
            .into_iter()
            .map(|((alias, ids), count)| ((aliases[alias].text.as_str(), ids), count))
            .collect();
        let mut ambiguous: Vec<AmbiguousAlias> = ambiguous
            .into_iter()
            .map(|((alias, ids), count)| AmbiguousAlias {
                alias: alias.to_string(),
                entities: ids.iter().map(|&i| entities[i].id.clone()).collect(),
                count,
            })
            .collect();
        ambiguous.sort_by(|a, b| b.count.cmp(&a.count).then(a.alias.cmp(&b.alias)));
        let mut inputs: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
        inputs.sort();
        let manifest = Manifest {
            version: env!("CARGO_PKG_VERSION"),
            options: ManifestOptions {
                gazetteers: self.config.gazetteers.display().to_string(),
                out: out.display().to_string(),
                unit: self.config.unit,
                min_weight: self.config.min_weight,
                threads,
                lang: match &self.config.language {
                    LanguageChoice::Auto => "auto".to_string(),
                    LanguageChoice::Fixed(code) => code.clone(),
                },
                guess_among: self.config.guess_among.clone(),
                fold_diacritics: self.config.folding == Folding::Diacritics,
            },
            inputs,
            counts,
            timings: Timings {
                scan_seconds: round_seconds(Duration::from_secs_f64(scan_seconds)),
                graph_seconds: round_seconds(graph_started.elapsed()),
                total_seconds: round_seconds(started.elapsed()),
            },
            errors,
            ambiguous,
        };
        export::write_manifest(out, &manifest)?;
        Ok(Summary { manifest })
    }

    /// Parses, processes and formats one batch, in a worker: its rows in
    /// input order, its counts, and its co-occurrences added to the
    /// worker's own slot of `workers`.
    fn process_batch(&self, batch: Batch, workers: &[Mutex<Cooccurrence>]) -> BatchOutput {
        let worker = rayon::current_thread_index().expect("batches run on the pool's threads");
        // A slot is only ever locked by its own worker; a panic in an
        // earlier batch is the error to report, not a poisoned lock.
        let mut cooccurrence = workers[worker]
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let mut output = BatchOutput::default();
        let mut mention_rows = CsvRows::new();
        let mut document_rows = CsvRows::new();
        for chunk in batch.chunks {
            chunk.records(&mut |record| match record {
                Record::Document(doc) => self.process_document(
                    &doc,
                    &mut output,
                    &mut mention_rows,
                    &mut document_rows,
                    &mut cooccurrence,
                ),
                Record::Skipped(skipped) => {
                    output.counts.documents += 1;
                    output.counts.skipped += 1;
                    skipped_row(&mut document_rows, &skipped);
                    output.skipped.push(skipped);
                }
            });
        }
        output.mention_rows = mention_rows.into_bytes();
        output.document_rows = document_rows.into_bytes();
        output
    }

    /// Processes one document: its `mentions.csv` and `documents.csv` rows,
    /// its counts, and its co-occurrences.
    fn process_document(
        &self,
        doc: &Document,
        output: &mut BatchOutput,
        mention_rows: &mut CsvRows,
        document_rows: &mut CsvRows,
        cooccurrence: &mut Cooccurrence,
    ) {
        let processed = self.process(&doc.text, doc.lang.as_deref());
        let entities = self.gazetteer.entities();
        let aliases = self.gazetteer.aliases();
        let mut digits = [[0u8; 20]; 3];
        for found in &processed.mentions {
            let [start, end, sentence] = &mut digits;
            mention_rows.row([
                doc.id.as_bytes(),
                entities[found.entity].id.as_bytes(),
                decimal(found.start, start),
                decimal(found.end, end),
                decimal(found.sentence, sentence),
                &doc.text.as_bytes()[found.byte_start..found.byte_end],
                aliases[found.alias].text.as_bytes(),
            ]);
        }
        let status = match &doc.note {
            Some(note) => format!("ok ({note})"),
            None => "ok".to_string(),
        };
        let [chars, sentences, mentions] = &mut digits;
        document_rows.row([
            doc.id.as_bytes(),
            doc.source.as_bytes(),
            doc.date.as_deref().unwrap_or("").as_bytes(),
            doc.title.as_deref().unwrap_or("").as_bytes(),
            processed.lang.as_deref().unwrap_or("").as_bytes(),
            decimal(processed.chars, chars),
            decimal(processed.sentences, sentences),
            decimal(processed.mentions.len(), mentions),
            status.as_bytes(),
        ]);
        let counts = &mut output.counts;
        counts.documents += 1;
        counts.documents_ok += 1;
        counts.text_bytes += doc.text.len() as u64;
        counts.mentions += processed.mentions.len() as u64;
        counts.ambiguous += processed.ambiguous.len() as u64;
        counts.blocked += processed.blocked as u64;
        counts.unconfirmed_partial += processed.unconfirmed as u64;
        cooccurrence.add_document(
            doc.date.as_deref(),
            &processed.unit_entities,
            processed.units,
        );
        output.ambiguous.extend(processed.ambiguous);
    }

    fn progress_bar(&self, total_bytes: u64) -> ProgressBar {
        if !self.config.progress || !std::io::stderr().is_terminal() {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::with_draw_target(Some(total_bytes), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(
            "{bar:30} {bytes}/{total_bytes} read, {elapsed} elapsed, {msg}",
        )
        .expect("the template is valid");
        bar.set_style(style);
        bar
    }
}

impl Counts {
    /// Adds the per-document counts of a batch (not the graph's, which are
    /// counted once at the end).
    fn add_scan(&mut self, batch: &Counts) {
        self.documents += batch.documents;
        self.documents_ok += batch.documents_ok;
        self.skipped += batch.skipped;
        self.text_bytes += batch.text_bytes;
        self.mentions += batch.mentions;
        self.ambiguous += batch.ambiguous;
        self.blocked += batch.blocked;
        self.unconfirmed_partial += batch.unconfirmed_partial;
    }
}

/// The `documents.csv` row of a skipped document or file.
fn skipped_row(rows: &mut CsvRows, skipped: &Skipped) {
    rows.row([
        skipped.id.as_str(),
        skipped.source.as_str(),
        "",
        "",
        "",
        "0",
        "0",
        "0",
        &format!("skipped: {}", skipped.reason),
    ]);
}

/// `n` in decimal, written into `buf`: a CSV field without an allocation.
fn decimal(mut n: usize, buf: &mut [u8; 20]) -> &[u8] {
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return &buf[at..];
        }
    }
}

fn round_seconds(elapsed: Duration) -> f64 {
    (elapsed.as_secs_f64() * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_types_are_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Pipeline>();
    }
}
