//! Matching throughput per language with the shipped gazetteers: folding,
//! trie walk, endings, resolution and sentence split, per document, in
//! MB/s of text; each document declares its language, as the bench corpora
//! of `bench/run` do. The language guess, which a document without a `lang`
//! field adds, is timed apart.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use entgraph::pipeline::PipelineBuilder;
use entgraph::text::LanguageGuesser;

mod corpus;

fn matcher(c: &mut Criterion) {
    let pipeline = PipelineBuilder::new()
        .gazetteers(corpus::gazetteers())
        .progress(false)
        .build()
        .expect("the shipped gazetteers load");
    let mut group = c.benchmark_group("matcher");
    for corpus in corpus::per_language() {
        // The samples mix languages: each is guessed.
        let lang = (corpus.name != "samples").then_some(corpus.name.as_str());
        let find = || {
            corpus
                .documents
                .iter()
                .map(|d| pipeline.match_document(&d.text, lang).len())
                .sum::<usize>()
        };
        // Real news names an entity every few hundred bytes; a matcher that
        // finds far fewer is broken, however fast it looks.
        let found = find();
        let floor = corpus.bytes() as usize / 2000;
        assert!(
            found >= floor,
            "{}: {found} mentions in {} bytes",
            corpus.name,
            corpus.bytes()
        );
        group.throughput(Throughput::Bytes(corpus.bytes()));
        group.bench_function(&corpus.name, |b| b.iter(find));
    }
    group.finish();
}

/// The guess among every language whatlang knows, and among the five
/// languages of the bench corpora (`--guess-among az,de,en,ru,tr`).
fn language_guess(c: &mut Criterion) {
    let guessers = [
        ("all", LanguageGuesser::default()),
        (
            "five",
            LanguageGuesser::among(&["az", "de", "en", "ru", "tr"]).expect("known codes"),
        ),
    ];
    let mut group = c.benchmark_group("language_guess");
    for corpus in corpus::per_language() {
        group.throughput(Throughput::Bytes(corpus.bytes()));
        for (among, guesser) in &guessers {
            let guess = || {
                corpus
                    .documents
                    .iter()
                    .filter(|d| guesser.guess(&d.text).as_deref() == Some(corpus.name.as_str()))
                    .count()
            };
            // The guess is right for nearly every article of its language.
            let right = guess();
            if corpus.name != "samples" {
                assert!(
                    right * 10 >= corpus.documents.len() * 9,
                    "{} among {among}: {right} of {} guessed",
                    corpus.name,
                    corpus.documents.len()
                );
            }
            group.bench_function(format!("{}/{among}", corpus.name), |b| b.iter(guess));
        }
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = matcher, language_guess
}
criterion_main!(benches);
