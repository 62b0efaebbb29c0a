//! The `entgraph` command: parses arguments, builds the library's
//! configuration, runs it and maps the outcome to an exit code.

use std::io::{BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};

use entgraph::document::Skipped;
use entgraph::eval::{EvalLanguage, EvaluatorBuilder};
use entgraph::gazetteer::Gazetteer;
use entgraph::gazetteer::check::CheckerBuilder;
use entgraph::input::FieldNames;
use entgraph::pipeline::{LanguageChoice, PipelineBuilder, Unit};

/// Find the people, countries and organizations named in news articles and
/// build the graph of which are named together.
#[derive(Debug, Parser)]
#[command(name = "entgraph", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read a dump of articles and write the graph and tables.
    Run(RunArgs),
    /// Print the mentions of one text (or stdin) as JSON lines.
    Match(MatchArgs),
    /// Score entgraph against annotated corpora (precision, recall, linking).
    Eval(EvalArgs),
    /// Gazetteer tools.
    Gazetteer {
        #[command(subcommand)]
        command: GazetteerCommand,
    },
}

#[derive(Debug, Subcommand)]
enum GazetteerCommand {
    /// Validate every gazetteer file; print each problem as `file:line: message`.
    Check {
        /// The gazetteer folder.
        #[arg(default_value = "gazetteers")]
        dir: PathBuf,
        /// Articles (files or folders, read like `run`'s inputs) in which to
        /// count how each one-word alias is capitalized: an alias written
        /// more often in lower case is a common word. Repeatable.
        #[arg(long, value_name = "PATH")]
        corpus: Vec<PathBuf>,
        /// Record field holding the text (a dotted path into nested records).
        #[arg(long, value_name = "PATH")]
        text_field: Option<String>,
        /// Record field holding the title.
        #[arg(long, value_name = "PATH")]
        title_field: Option<String>,
    },
}

/// Options shared by `run` and `match`, with the same meaning and help.
#[derive(Debug, Args)]
struct CommonArgs {
    /// The folder holding the gazetteers (`*.csv`, `block.csv`, `lang/`).
    #[arg(long, default_value = "gazetteers")]
    gazetteers: PathBuf,
    /// Language of the documents: `auto` guesses per document.
    #[arg(long, default_value = "auto")]
    lang: String,
    /// With `--lang auto`, guess only among these languages (`az,ru,…`):
    /// faster, but a document in another language gets the closest.
    #[arg(long, value_name = "L,…", value_delimiter = ',')]
    guess_among: Vec<String>,
    /// Match text typed without diacritics: `Turkiye` as `Türkiye`,
    /// `Aliyev` as `Əliyev`.
    #[arg(long)]
    fold_diacritics: bool,
}

#[derive(Debug, Args)]
struct RunArgs {
    /// Files and folders to read (`.txt`, `.jsonl`, `.json`, optionally
    /// `.gz`/`.zst`); folders are read recursively.
    #[arg(default_value = "samples")]
    inputs: Vec<PathBuf>,
    #[command(flatten)]
    common: CommonArgs,
    /// The output folder.
    #[arg(long, default_value = "output")]
    out: PathBuf,
    /// The unit two entities must share to co-occur.
    #[arg(long, value_enum, default_value_t = UnitArg::Sentence)]
    unit: UnitArg,
    /// Drop edges with a weight under N.
    #[arg(long, default_value_t = 1, value_name = "N")]
    min_weight: u64,
    /// Worker threads (0: one per core).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Record field holding the text (a dotted path into nested records).
    #[arg(long, value_name = "PATH")]
    text_field: Option<String>,
    /// Record field holding the id.
    #[arg(long, value_name = "PATH")]
    id_field: Option<String>,
    /// Record field holding the date.
    #[arg(long, value_name = "PATH")]
    date_field: Option<String>,
    /// Record field holding the title.
    #[arg(long, value_name = "PATH")]
    title_field: Option<String>,
    /// No progress bar and no summary; errors only.
    #[arg(long, short)]
    quiet: bool,
    /// Exit with 1 when any document was skipped.
    #[arg(long)]
    strict: bool,
}

#[derive(Debug, Args)]
struct MatchArgs {
    /// The text to scan; read from stdin when absent.
    text: Option<String>,
    #[command(flatten)]
    common: CommonArgs,
}

#[derive(Debug, Args)]
struct EvalArgs {
    /// The folder holding one folder per gold corpus (`az_ner`,
    /// `de_germeval2014`, `en_conllpp`, `ru_nerel`, `tr_tur2003`, `ru_bsnlp`,
    /// `ru_factrueval`).
    #[arg(default_value = "../shared/data/gold")]
    gold_root: PathBuf,
    /// The folder holding the gazetteers (`*.csv`, `block.csv`, `lang/`).
    #[arg(long, default_value = "gazetteers")]
    gazetteers: PathBuf,
    /// Language of the documents: `corpus` uses each corpus's own, `auto`
    /// guesses per document.
    #[arg(long, default_value = "corpus")]
    lang: String,
    /// Match text typed without diacritics: `Turkiye` as `Türkiye`,
    /// `Aliyev` as `Əliyev`.
    #[arg(long)]
    fold_diacritics: bool,
    /// How to print the scores.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    format: ReportFormat,
    /// List the N most frequent false hits and misses of each corpus.
    #[arg(long, default_value_t = 0, value_name = "N")]
    errors: usize,
    /// Only this corpus (a folder name under GOLD_ROOT); repeat or separate
    /// with commas for more.
    #[arg(long, value_name = "NAME", value_delimiter = ',')]
    corpus: Vec<String>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ReportFormat {
    Table,
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum UnitArg {
    Sentence,
    Paragraph,
    Document,
}

impl From<UnitArg> for Unit {
    fn from(unit: UnitArg) -> Unit {
        match unit {
            UnitArg::Sentence => Unit::Sentence,
            UnitArg::Paragraph => Unit::Paragraph,
            UnitArg::Document => Unit::Document,
        }
    }
}

/// A failure and the exit code it maps to.
struct Failure {
    code: u8,
    error: anyhow::Error,
}

fn fail(code: u8) -> impl FnOnce(anyhow::Error) -> Failure {
    move |error| Failure { code, error }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => run(args),
        Command::Match(args) => match_text(args),
        Command::Eval(args) => eval(args),
        Command::Gazetteer {
            command:
                GazetteerCommand::Check {
                    dir,
                    corpus,
                    text_field,
                    title_field,
                },
        } => check(
            dir,
            &corpus,
            FieldNames {
                text: text_field,
                title: title_field,
                ..FieldNames::default()
            },
        ),
    };
    match result {
        Ok(code) => code,
        Err(failure) => {
            if is_broken_pipe(&failure.error) {
                return ExitCode::SUCCESS;
            }
            eprintln!("entgraph: {:#}", failure.error);
            ExitCode::from(failure.code)
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn language_choice(lang: &str) -> LanguageChoice {
    match lang {
        "auto" => LanguageChoice::Auto,
        code => LanguageChoice::Fixed(code.to_string()),
    }
}

fn run(args: RunArgs) -> Result<ExitCode, Failure> {
    let mut builder = PipelineBuilder::new();
    builder
        .gazetteers(&args.common.gazetteers)
        .language(language_choice(&args.common.lang))
        .guess_among(&args.common.guess_among)
        .fold_diacritics(args.common.fold_diacritics)
        .unit(args.unit.into())
        .min_weight(args.min_weight)
        .threads(args.threads)
        .progress(!args.quiet)
        .fields(FieldNames {
            text: args.text_field,
            id: args.id_field,
            date: args.date_field,
            title: args.title_field,
        });
    let pipeline = builder.build().map_err(|e| fail(2)(e.into()))?;
    for error in pipeline.gazetteer_errors() {
        eprintln!("entgraph: warning: {error}");
    }
    let summary = pipeline
        .run(&args.inputs, &args.out, &mut |skipped| {
            eprintln!("entgraph: {}: skipped: {}", skipped.source, skipped.reason);
        })
        .map_err(|e| fail(1)(e.into()))?;
    // The process is about to end, and the system takes the memory back at
    // once: freeing the gazetteer's many allocations one by one would only
    // make the user wait.
    std::mem::forget(pipeline);
    let manifest = &summary.manifest;
    let counts = &manifest.counts;
    if !args.quiet {
        eprintln!(
            "entgraph: {} documents ({} skipped), {} mentions, {} entities, {} edges in {:.2} s -> {}",
            counts.documents,
            counts.skipped,
            counts.mentions,
            counts.entities,
            counts.edges,
            manifest.timings.total_seconds,
            args.out.display()
        );
    }
    if args.strict && counts.skipped > 0 {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn match_text(args: MatchArgs) -> Result<ExitCode, Failure> {
    let text = match args.text {
        Some(text) => text,
        None => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .context("reading stdin")
                .map_err(fail(1))?;
            text
        }
    };
    let pipeline = PipelineBuilder::new()
        .gazetteers(&args.common.gazetteers)
        .language(language_choice(&args.common.lang))
        .guess_among(&args.common.guess_among)
        .fold_diacritics(args.common.fold_diacritics)
        .progress(false)
        .build()
        .map_err(|e| fail(2)(e.into()))?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    for mention in pipeline.match_text(&text) {
        serde_json::to_writer(&mut out, &mention)
            .context("writing stdout")
            .map_err(fail(1))?;
        writeln!(out).context("writing stdout").map_err(fail(1))?;
    }
    out.flush().context("writing stdout").map_err(fail(1))?;
    Ok(ExitCode::SUCCESS)
}

fn eval(args: EvalArgs) -> Result<ExitCode, Failure> {
    let started = std::time::Instant::now();
    let language = match args.lang.as_str() {
        "corpus" => EvalLanguage::Corpus,
        "auto" => EvalLanguage::Auto,
        code => EvalLanguage::Fixed(code.to_string()),
    };
    let evaluator = EvaluatorBuilder::new()
        .gazetteers(&args.gazetteers)
        .language(language)
        .fold_diacritics(args.fold_diacritics)
        .corpora(args.corpus)
        .errors(args.errors)
        .build()
        .map_err(|e| fail(2)(e.into()))?;
    for error in evaluator.pipeline().gazetteer_errors() {
        eprintln!("entgraph: warning: {error}");
    }
    let report = evaluator
        .evaluate_root(&args.gold_root)
        .map_err(|e| fail(2)(e.into()))?;
    for corpus in &report.corpora {
        for problem in &corpus.gold_problems {
            eprintln!("entgraph: warning: {problem}");
        }
    }
    let text = match args.format {
        ReportFormat::Table => report.table(),
        ReportFormat::Json => report.json() + "\n",
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .context("writing stdout")
        .map_err(fail(1))?;
    eprintln!(
        "entgraph: {} corpora, {} documents in {:.2} s",
        report.corpora.len(),
        report.corpora.iter().map(|c| c.documents).sum::<usize>(),
        started.elapsed().as_secs_f64()
    );
    Ok(if report.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn check(dir: PathBuf, corpus: &[PathBuf], fields: FieldNames) -> Result<ExitCode, Failure> {
    let (gazetteer, errors) = Gazetteer::load(&dir).map_err(|e| fail(2)(e.into()))?;
    let checker = CheckerBuilder::new()
        .corpus(corpus)
        .fields(fields)
        .build()
        .map_err(|e| fail(2)(e.into()))?;
    let report = checker.check(&gazetteer, Some(&dir));
    let mut out = BufWriter::new(std::io::stdout().lock());
    for error in &errors {
        writeln!(out, "{error}")
            .context("writing stdout")
            .map_err(fail(1))?;
    }
    for warning in &report.warnings {
        writeln!(out, "{warning}")
            .context("writing stdout")
            .map_err(fail(1))?;
    }
    out.flush().context("writing stdout").map_err(fail(1))?;
    // One line per corpus file: a dump read with the wrong field names
    // would otherwise print a line per record.
    let mut by_file: Vec<(&str, Vec<&Skipped>)> = Vec::new();
    for skipped in &report.skipped {
        let file = skipped
            .source
            .rsplit_once(':')
            .filter(|(_, line)| {
                let line = line.trim_start_matches('#');
                !line.is_empty() && line.chars().all(|c| c.is_ascii_digit())
            })
            .map_or(skipped.source.as_str(), |(file, _)| file);
        match by_file.last_mut() {
            Some((last, group)) if *last == file => group.push(skipped),
            _ => by_file.push((file, vec![skipped])),
        }
    }
    for (file, group) in &by_file {
        let first = group[0];
        if group.len() == 1 {
            eprintln!("entgraph: {}: skipped: {}", first.source, first.reason);
        } else {
            eprintln!(
                "entgraph: {file}: {} records skipped, the first at {}: {}",
                group.len(),
                first.source,
                first.reason
            );
        }
    }
    eprintln!(
        "entgraph: {}: {} entities, {} aliases, {} languages, {} errors, {} warnings \
         ({} derived surnames shared by several people, not warned about)",
        dir.display(),
        gazetteer.entities().len(),
        gazetteer.aliases().len(),
        gazetteer.languages().len(),
        errors.len(),
        report.warnings.len(),
        report.shared_surnames
    );
    if !corpus.is_empty() {
        eprintln!(
            "entgraph: corpus: {} documents, {} words ({} skipped)",
            report.documents,
            report.words,
            report.skipped.len()
        );
    }
    Ok(if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}
