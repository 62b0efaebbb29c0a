//! Scoring: compare entgraph's mentions of a document with its gold
//! entities and add up the counts per type.
//!
//! A mention is typed by its entity's kind (`person` → PER, `organization` →
//! ORG, `country` → LOC); mentions of other kinds are not scored. A mention
//! is a correct hit when it overlaps a gold entity its kind fits (a country
//! fits a gold LOC or ORG); a gold entity is found when such a mention
//! overlaps it. A mention that overlaps no gold entity but a span the gold
//! marks as ignored (GermEval `LOCpart`: the `US` of `US-Bürger`) is neither
//! right nor wrong: it is counted apart and left out of the hits and the
//! tokens.
//!
//! A gold entity is reachable when the gazetteers hold a name that could
//! match its whole text: its folded text starts with a folded alias (or an
//! alias's stem) of an entity of a fitting kind, and the rest is empty,
//! endings the corpus language's rules accept, or the stem's replacement.
//! A partial alias (a person's surname, or initial plus surname) reaches it
//! only where the same gold document also has an entity reachable through
//! a full alias of that person, as the resolver accepts a surname only where
//! the document names the person in full. That is decided from the gold
//! alone, never from entgraph's output: case rules are not checked, blocked
//! forms are left out.
//!
//! Token-level counts are strict: a token is of type T in the output when it
//! overlaps a mention typed T, and in the gold when it overlaps a gold
//! entity of type T.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::report::{CorpusReport, ErrorExample, TypeReport};
use super::{Corpus, CorpusSource, GoldDocument, GoldType};
use crate::gazetteer::Gazetteer;
use crate::pipeline::MentionRow;
use crate::text::Script;

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
    /// entgraph's mentions of this type, but those left out as ignored.
    pub hits: u64,
    /// Those that overlap a gold entity their kind fits.
    pub correct_hits: u64,
    /// Mentions left out of `hits`: they overlap no gold entity, only a
    /// span the gold marks as ignored (GermEval `…part`/`…deriv`,
    /// FactRuEval geographic adjectives).
    pub ignored_hits: u64,
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
        self.ignored_hits += other.ignored_hits;
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

/// The gazetteer entities that could match all of a gold entity's text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reach {
    /// Entities reachable through a full alias, sorted.
    pub full: Vec<usize>,
    /// Entities reachable only through a partial alias (a surname, or
    /// initial plus surname), sorted.
    pub partial: Vec<usize>,
}

impl Reach {
    /// Whether the gold entity counts as reachable in a document whose gold
    /// entities reach `named_in_full` through full aliases: a full alias
    /// always does, a partial one only for a person named in full there.
    pub fn is_reachable(&self, named_in_full: &BTreeSet<usize>) -> bool {
        !self.full.is_empty() || self.partial.iter().any(|e| named_in_full.contains(e))
    }
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

        // Mentions on an ignored span only: neither right nor wrong.
        let mut scored = vec![true; typed.len()];
        for (mention, scored) in typed.iter().zip(&mut scored) {
            let counts = &mut self.counts[slot(mention.gold_type)];
            let overlaps = |start: usize, end: usize| start < mention.end && mention.start < end;
            let on_gold = doc.entities.iter().any(|g| overlaps(g.start, g.end));
            if !on_gold && doc.ignored.iter().any(|r| overlaps(r.start, r.end)) {
                counts.ignored_hits += 1;
                *scored = false;
                continue;
            }
            counts.hits += 1;
            let correct = doc
                .entities
                .iter()
                .any(|g| overlaps(g.start, g.end) && g.kind.accepts_kind(mention.kind));
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

        let reaches: Vec<Reach> = doc
            .entities
            .iter()
            .map(|g| self.reach(&text[g.start..g.end], g.kind))
            .collect();
        let named_in_full: BTreeSet<usize> = reaches
            .iter()
            .flat_map(|r| r.full.iter().copied())
            .collect();
        for (gold, reach) in doc.entities.iter().zip(&reaches) {
            let reachable = reach.is_reachable(&named_in_full);
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
        let spans_out = typed
            .iter()
            .zip(&scored)
            .filter(|(_, scored)| **scored)
            .map(|(m, _)| (m.start, m.end, m.gold_type));
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

    /// The entities of a kind that fits `kind` whose names in the
    /// gazetteers could match all of `surface`, through full and through
    /// partial aliases.
    pub fn reach(&self, surface: &str, kind: GoldType) -> Reach {
        let gazetteer = self.gazetteer;
        let languages = gazetteer.languages();
        let entities = gazetteer.entities();
        let mut full = BTreeSet::new();
        let mut partial = BTreeSet::new();
        // Occurrences come by start: those at 0 come first.
        for found in gazetteer
            .occurrences(surface)
            .take_while(|found| found.start == 0)
        {
            let pattern = gazetteer.patterns()[found.pattern];
            let alias = &gazetteer.aliases()[pattern.alias];
            if alias.blocked.applies(Some(&self.lang_code)) {
                continue;
            }
            let rest = gazetteer.folding().fold(&surface[found.end..]);
            let rules = self.rules_for(alias.script);
            let fits = match pattern.stem {
                Some((lang, rule)) => {
                    rules.contains(&lang)
                        && languages[lang].stems[rule].replacements.contains(&rest)
                }
                None => {
                    rest.is_empty() || rules.iter().any(|&l| languages[l].accepts_endings(&rest))
                }
            };
            if !fits {
                continue;
            }
            for sense in &alias.senses {
                if kind.accepts_kind(&entities[sense.entity].kind) {
                    if sense.partial {
                        partial.insert(sense.entity);
                    } else {
                        full.insert(sense.entity);
                    }
                }
            }
        }
        Reach {
            partial: partial.difference(&full).copied().collect(),
            full: full.into_iter().collect(),
        }
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

    /// Whether `surface` is reachable through a full alias.
    fn full(tally: &Tally, surface: &str, kind: GoldType) -> bool {
        !tally.reach(surface, kind).full.is_empty()
    }

    #[test]
    fn reachable_needs_an_alias_and_accepted_endings() {
        let gazetteer = gazetteer();
        let az = Tally::new(&gazetteer, "az");
        assert!(full(&az, "Azərbaycan", GoldType::Loc));
        assert!(full(&az, "Azərbaycanın", GoldType::Loc));
        assert!(full(&az, "Azərbaycan", GoldType::Org), "a country fits ORG");
        assert_eq!(az.reach("Azərbaycan", GoldType::Per), Reach::default());
        assert!(
            !full(&az, "Azərbaycanlı", GoldType::Loc),
            "-lı is not listed"
        );
        assert!(!full(&az, "Azərbaycan Respublikası", GoldType::Loc));
        let ru = Tally::new(&gazetteer, "ru");
        assert!(full(&ru, "России", GoldType::Loc), "stem change");
        assert!(full(&ru, "Россией", GoldType::Loc));
        assert!(!full(&ru, "Российской Федерации", GoldType::Loc));
        assert!(full(&ru, "НАТО", GoldType::Org));
        assert!(full(&ru, "Азербайджаном", GoldType::Loc));
        assert_eq!(ru.reach("Азербайджанцы", GoldType::Loc), Reach::default());
    }

    #[test]
    fn surname_forms_reach_only_a_person_named_in_full() {
        let gazetteer = gazetteer();
        let aliyev = gazetteer
            .entities()
            .iter()
            .position(|e| e.id == "Q57371")
            .unwrap();
        let az = Tally::new(&gazetteer, "az");
        let surname = az.reach("Əliyevin", GoldType::Per);
        assert_eq!(
            surname,
            Reach {
                full: vec![],
                partial: vec![aliyev]
            }
        );
        assert!(!surname.is_reachable(&BTreeSet::new()));
        assert!(surname.is_reachable(&BTreeSet::from([aliyev])));
        assert_eq!(
            az.reach("İlham Əliyevin", GoldType::Per).full,
            [aliyev],
            "the full name"
        );
        let ru = Tally::new(&gazetteer, "ru");
        assert_eq!(ru.reach("И. Алиева", GoldType::Per).partial, [aliyev]);

        // One document names him in full, then by surname: both reachable.
        // The other has the surname alone: not reachable, as the resolver
        // would not take the surname there either.
        let mut tally = Tally::new(&gazetteer, "az");
        for (text, names) in [
            (
                "İlham Əliyev Bakıda. Əliyevin sözləri",
                ["İlham Əliyev", "Əliyevin"].as_slice(),
            ),
            ("Əliyevin sözləri", ["Əliyevin"].as_slice()),
        ] {
            // Each name is looked for after the one before it.
            let mut from = 0;
            let entities = names
                .iter()
                .map(|name| {
                    let start = from + text[from..].find(name).unwrap();
                    from = start + name.len();
                    GoldEntity {
                        start,
                        end: from,
                        kind: GoldType::Per,
                        link: None,
                    }
                })
                .collect();
            let doc = GoldDocument {
                id: "t".into(),
                tokens: super::super::tokens::word_tokens(text),
                text: text.into(),
                entities,
                ignored: Vec::new(),
            };
            tally.add_document(&doc, &[]);
        }
        let per = tally.counts(GoldType::Per);
        assert_eq!((per.gold, per.reachable), (3, 2));
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
            ignored: Vec::new(),
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
