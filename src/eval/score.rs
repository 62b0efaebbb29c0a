//! Scoring: compare entgraph's mentions of a document with its gold
//! entities and add up the counts per type.
//!
//! A mention is typed by its entity's kind (`person` → PER, `organization` →
//! ORG, `country` → LOC); mentions of other kinds are not scored. A mention
//! is a correct hit when it overlaps a gold entity its kind fits (a country
//! fits a gold LOC or ORG); a gold entity is found when such a mention
//! overlaps it. A gold entity is reachable when the gazetteers hold a name
//! that could match its whole text: its folded text starts with a folded
//! alias (or an alias's stem) of an entity of a fitting kind, and the rest
//! is empty, endings the corpus language's rules accept, or the stem's
//! replacement. That is decided from the gold text alone, without context:
//! surname-only aliases count (they need the full name elsewhere in the
//! document), case rules are not checked, blocked forms are left out.
//! Token-level counts are strict: a token is of type T in the output when it
//! overlaps a mention typed T, and in the gold when it overlaps a gold
//! entity of type T.

use std::collections::BTreeMap;

use serde::Serialize;

use super::report::{CorpusReport, ErrorExample, TypeReport};
use super::{Corpus, CorpusSource, GoldDocument, GoldType};
use crate::gazetteer::Gazetteer;
use crate::pipeline::MentionRow;
use crate::text::{Script, fold};

/// Counts for one type (or all types together).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Gold entities.
    pub gold: u64,
    /// Gold entities the gazetteers could match.
    pub reachable: u64,
    /// Gold entities found.
    pub found: u64,
    /// Reachable gold entities found.
    pub found_reachable: u64,
    /// entgraph's mentions of this type.
    pub hits: u64,
    /// Those that overlap a gold entity their kind fits.
    pub correct_hits: u64,
    /// Found gold entities that name a Wikidata id.
    pub linked: u64,
    /// Those given that id.
    pub linked_correct: u64,
    /// Tokens of this type in both output and gold.
    pub tokens_tp: u64,
    /// Tokens of this type in the output only.
    pub tokens_fp: u64,
    /// Tokens of this type in the gold only.
    pub tokens_fn: u64,
}

impl Counts {
    fn add(&mut self, other: &Counts) {
        self.gold += other.gold;
        self.reachable += other.reachable;
        self.found += other.found;
        self.found_reachable += other.found_reachable;
        self.hits += other.hits;
        self.correct_hits += other.correct_hits;
        self.linked += other.linked;
        self.linked_correct += other.linked_correct;
        self.tokens_tp += other.tokens_tp;
        self.tokens_fp += other.tokens_fp;
        self.tokens_fn += other.tokens_fn;
    }
}

/// A false hit or a miss, with how often its surface came up.
#[derive(Clone, Debug)]
struct Example {
    count: u64,
    context: String,
    document: String,
}

/// A mention with its byte span and the kind of its entity.
struct Typed<'a> {
    start: usize,
    end: usize,
    kind: &'a str,
    gold_type: GoldType,
    entity: usize,
}

/// Adds up the scores of a corpus, document by document.
#[derive(Debug)]
pub struct Tally<'g> {
    gazetteer: &'g Gazetteer,
    lang_code: String,
    lang: Option<usize>,
    counts: [Counts; 3],
    documents: usize,
    false_hits: BTreeMap<(GoldType, String), Example>,
    misses: BTreeMap<(GoldType, String), Example>,
}

fn slot(kind: GoldType) -> usize {
    match kind {
        GoldType::Per => 0,
        GoldType::Org => 1,
        GoldType::Loc => 2,
    }
}

impl<'g> Tally<'g> {
    /// A tally for documents in language `lang` (whose rules decide what is
    /// reachable).
    pub fn new(gazetteer: &'g Gazetteer, lang: &str) -> Tally<'g> {
        Tally {
            gazetteer,
            lang_code: lang.to_string(),
            lang: gazetteer.language(lang),
            counts: [Counts::default(); 3],
            documents: 0,
            false_hits: BTreeMap::new(),
            misses: BTreeMap::new(),
        }
    }

    /// Counts for one type so far.
    pub fn counts(&self, kind: GoldType) -> Counts {
        self.counts[slot(kind)]
    }

    /// Scores one document against the mentions entgraph found in its text
    /// (offsets in code points, as [`MentionRow`] has them).
    pub fn add_document(&mut self, doc: &GoldDocument, mentions: &[MentionRow]) {
        self.documents += 1;
        let text = doc.text.as_str();
        let bytes: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let entities = self.gazetteer.entities();
        let typed: Vec<Typed> = mentions
            .iter()
            .filter_map(|m| {
                let entity = entities
                    .binary_search_by(|e| e.id.as_str().cmp(&m.entity_id))
                    .ok()?;
                let kind = entities[entity].kind.as_str();
                Some(Typed {
                    start: *bytes.get(m.start)?,
                    end: *bytes.get(m.end)?,
                    kind,
                    gold_type: GoldType::of_kind(kind)?,
                    entity,
                })
            })
            .collect();

        for mention in &typed {
            let counts = &mut self.counts[slot(mention.gold_type)];
            counts.hits += 1;
            let correct = doc.entities.iter().any(|g| {
                g.start < mention.end && mention.start < g.end && g.kind.accepts_kind(mention.kind)
            });
            if correct {
                counts.correct_hits += 1;
            } else {
                note(
                    &mut self.false_hits,
                    mention.gold_type,
                    doc,
                    mention.start,
                    mention.end,
                );
            }
        }

        for gold in &doc.entities {
            let reachable = self.reachable(&text[gold.start..gold.end], gold.kind);
            let found_by: Vec<&Typed> = typed
                .iter()
                .filter(|m| {
                    gold.start < m.end && m.start < gold.end && gold.kind.accepts_kind(m.kind)
                })
                .collect();
            let counts = &mut self.counts[slot(gold.kind)];
            counts.gold += 1;
            counts.reachable += u64::from(reachable);
            if found_by.is_empty() {
                note(&mut self.misses, gold.kind, doc, gold.start, gold.end);
                continue;
            }
            counts.found += 1;
            counts.found_reachable += u64::from(reachable);
            if let Some(link) = &gold.link {
                counts.linked += 1;
                let right = found_by.iter().any(|m| {
                    let entity = &entities[m.entity];
                    entity.id == *link || entity.attributes.get("wikidata") == Some(link)
                });
                counts.linked_correct += u64::from(right);
            }
        }

        // Token types as bit sets, one bit per slot.
        let mut output = vec![0u8; doc.tokens.len()];
        let mut gold = vec![0u8; doc.tokens.len()];
        let spans_out = typed.iter().map(|m| (m.start, m.end, m.gold_type));
        let spans_gold = doc.entities.iter().map(|g| (g.start, g.end, g.kind));
        for (marks, spans) in [
            (&mut output, spans_out.collect::<Vec<_>>()),
            (&mut gold, spans_gold.collect::<Vec<_>>()),
        ] {
            for (start, end, kind) in spans {
                let first = doc.tokens.partition_point(|t| t.end <= start);
                for (i, token) in doc.tokens[first..].iter().enumerate() {
                    if token.start >= end {
                        break;
                    }
                    marks[first + i] |= 1 << slot(kind);
                }
            }
        }
        for kind in GoldType::ALL {
            let bit = 1 << slot(kind);
            let counts = &mut self.counts[slot(kind)];
            for (o, g) in output.iter().zip(&gold) {
                match (o & bit != 0, g & bit != 0) {
                    (true, true) => counts.tokens_tp += 1,
                    (true, false) => counts.tokens_fp += 1,
                    (false, true) => counts.tokens_fn += 1,
                    (false, false) => {}
                }
            }
        }
    }

    /// Whether the gazetteers hold a name that could match all of
    /// `surface`, for an entity of a kind that fits `kind`.
    pub fn reachable(&self, surface: &str, kind: GoldType) -> bool {
        let folded = fold(surface);
        let gazetteer = self.gazetteer;
        let languages = gazetteer.languages();
        let entities = gazetteer.entities();
        for found in gazetteer.automaton().find_overlapping_iter(&folded) {
            if found.start() != 0 {
                continue;
            }
            let pattern = gazetteer.patterns()[found.pattern().as_usize()];
            let alias = &gazetteer.aliases()[pattern.alias];
            if alias.blocked.applies(Some(&self.lang_code))
                || !alias
                    .senses
                    .iter()
                    .any(|s| kind.accepts_kind(&entities[s.entity].kind))
            {
                continue;
            }
            let rest = &folded[found.end()..];
            let rules = self.rules_for(alias.script);
            let fits = match pattern.stem {
                Some((lang, rule)) => {
                    rules.contains(&lang)
                        && languages[lang].stems[rule]
                            .replacements
                            .iter()
                            .any(|r| r == rest)
                }
                None => {
                    rest.is_empty() || rules.iter().any(|&l| languages[l].accepts_endings(rest))
                }
            };
            if fits {
                return true;
            }
        }
        false
    }

    /// The languages whose endings apply to a word in `script`, as the
    /// matcher picks them: the corpus language where the scripts agree,
    /// every language of the word's script where they differ.
    fn rules_for(&self, script: Script) -> Vec<usize> {
        let Some(lang) = self.lang else {
            return Vec::new();
        };
        let languages = self.gazetteer.languages();
        if languages[lang].script == script {
            return vec![lang];
        }
        (0..languages.len())
            .filter(|&l| languages[l].script == script)
            .collect()
    }

    /// The corpus's report, with the `errors` most frequent false hits and
    /// misses.
    pub fn report(&self, source: &CorpusSource, corpus: &Corpus, errors: usize) -> CorpusReport {
        let mut all = Counts::default();
        let mut types: Vec<TypeReport> = GoldType::ALL
            .iter()
            .map(|&kind| {
                all.add(&self.counts[slot(kind)]);
                TypeReport::new(kind.as_str(), self.counts[slot(kind)])
            })
            .collect();
        types.push(TypeReport::new("all", all));
        CorpusReport {
            corpus: source.name.clone(),
            format: source.format,
            lang: source.lang.clone(),
            documents: self.documents,
            gold_problems: corpus.problems.iter().map(ToString::to_string).collect(),
            unplaced: corpus.unplaced,
            types,
            false_hits: most_frequent(&self.false_hits, errors),
            misses: most_frequent(&self.misses, errors),
        }
    }
}

fn note(
    examples: &mut BTreeMap<(GoldType, String), Example>,
    kind: GoldType,
    doc: &GoldDocument,
    start: usize,
    end: usize,
) {
    let surface = doc.text[start..end].to_string();
    examples
        .entry((kind, surface))
        .or_insert_with(|| Example {
            count: 0,
            context: context(&doc.text, start, end),
            document: doc.id.clone(),
        })
        .count += 1;
}

fn most_frequent(examples: &BTreeMap<(GoldType, String), Example>, n: usize) -> Vec<ErrorExample> {
    let mut ranked: Vec<(&(GoldType, String), &Example)> = examples.iter().collect();
    ranked.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(b.0)));
    ranked
        .into_iter()
        .take(n)
        .map(|((kind, surface), example)| ErrorExample {
            kind: *kind,
            surface: surface.clone(),
            count: example.count,
            context: example.context.clone(),
            document: example.document.clone(),
        })
        .collect()
}

/// Up to 40 characters either side of `start..end`, on one line, with the
/// span in brackets: `…bu gün [Azərbaycan] Respublikası…`.
fn context(text: &str, start: usize, end: usize) -> String {
    const WIDTH: usize = 40;
    let one_line = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect()
    };
    let mut before: Vec<char> = text[..start].chars().rev().take(WIDTH + 1).collect();
    let cut_before = before.len() > WIDTH;
    before.truncate(WIDTH);
    before.reverse();
    let mut after: Vec<char> = text[end..].chars().take(WIDTH + 1).collect();
    let cut_after = after.len() > WIDTH;
    after.truncate(WIDTH);
    format!(
        "{}{}[{}]{}{}",
        if cut_before { "…" } else { "" },
        one_line(&before.iter().collect::<String>()),
        one_line(&text[start..end]),
        one_line(&after.iter().collect::<String>()),
        if cut_after { "…" } else { "" },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::GoldEntity;
    use crate::gazetteer::{GazetteerBuilder, LanguageRules};

    fn gazetteer() -> Gazetteer {
        let (az, errors) = LanguageRules::parse(
            "az",
            "az.txt".as_ref(),
            "script latin\njoiners -\nmax_endings 3\nendings ın in nın nun da dakı a ya sı",
        );
        assert!(errors.is_empty());
        let (ru, errors) = LanguageRules::parse(
            "ru",
            "ru.txt".as_ref(),
            "script cyrillic\nendings а у ом е\nstem я -> и ей",
        );
        assert!(errors.is_empty());
        let mut builder = GazetteerBuilder::new();
        builder
            .entity(
                "Q227",
                "country",
                "Azerbaijan",
                ["Azərbaycan", "Азербайджан"],
            )
            .entity("Q159", "country", "Russia", ["Россия"])
            .entity("Q7184", "organization", "NATO", ["НАТО"])
            .entity("Q57371", "person", "İlham Əliyev", ["Ильхам Алиев"])
            .languages(vec![az, ru]);
        builder.build().unwrap()
    }

    #[test]
    fn reachable_needs_an_alias_and_accepted_endings() {
        let gazetteer = gazetteer();
        let az = Tally::new(&gazetteer, "az");
        assert!(az.reachable("Azərbaycan", GoldType::Loc));
        assert!(az.reachable("Azərbaycanın", GoldType::Loc));
        assert!(
            az.reachable("Azərbaycan", GoldType::Org),
            "a country fits ORG"
        );
        assert!(!az.reachable("Azərbaycan", GoldType::Per));
        assert!(
            !az.reachable("Azərbaycanlı", GoldType::Loc),
            "-lı is not listed"
        );
        assert!(!az.reachable("Azərbaycan Respublikası", GoldType::Loc));
        assert!(
            az.reachable("Əliyevin", GoldType::Per),
            "surname forms count"
        );
        let ru = Tally::new(&gazetteer, "ru");
        assert!(ru.reachable("России", GoldType::Loc), "stem change");
        assert!(ru.reachable("Россией", GoldType::Loc));
        assert!(!ru.reachable("Российской Федерации", GoldType::Loc));
        assert!(ru.reachable("НАТО", GoldType::Org));
        assert!(ru.reachable("Азербайджаном", GoldType::Loc));
        assert!(!ru.reachable("Азербайджанцы", GoldType::Loc));
    }

    #[test]
    fn counts_of_one_document() {
        let gazetteer = gazetteer();
        let mut tally = Tally::new(&gazetteer, "az");
        // Gold: Azərbaycan (LOC), NATO-nun (ORG), İlham Əliyev (PER).
        let text = "Azərbaycan və NATO-nun İlham Əliyev";
        let at = |s: &str| text.find(s).unwrap();
        let gold = |start: usize, end: usize, kind| GoldEntity {
            start,
            end,
            kind,
            link: None,
        };
        let doc = GoldDocument {
            id: "t".into(),
            text: text.into(),
            entities: vec![
                gold(0, at(" və"), GoldType::Loc),
                gold(at("NATO"), at(" İlham"), GoldType::Org),
                gold(at("İlham"), text.len(), GoldType::Per),
            ],
            tokens: super::super::tokens::word_tokens(text),
        };
        // entgraph found Azərbaycan (right) and "və" as a country (wrong).
        let mention = |id: &str, start, end| MentionRow {
            entity_id: id.into(),
            start,
            end,
            sentence: 0,
            surface: String::new(),
            alias: String::new(),
        };
        tally.add_document(&doc, &[mention("Q227", 0, 10), mention("Q159", 11, 13)]);
        let loc = tally.counts(GoldType::Loc);
        assert_eq!(
            (loc.gold, loc.found, loc.hits, loc.correct_hits),
            (1, 1, 2, 1)
        );
        assert_eq!((loc.tokens_tp, loc.tokens_fp, loc.tokens_fn), (1, 1, 0));
        let per = tally.counts(GoldType::Per);
        assert_eq!((per.gold, per.reachable, per.found), (1, 1, 0));
        assert_eq!(per.tokens_fn, 2);
        let org = tally.counts(GoldType::Org);
        assert_eq!(
            (org.gold, org.reachable, org.found),
            (1, 1, 0),
            "the label NATO"
        );
        assert_eq!(
            context(text, at("və"), at(" NATO")),
            "Azərbaycan [və] NATO-nun İlham Əliyev"
        );
    }
}
