//! Matcher stage: find where aliases occur in one document.
//!
//! Candidates come from the gazetteer's tries, walked from each word
//! start over the word folded as it goes (from a lowercase letter, only the
//! aliases that may start with one); a candidate stands when it obeys
//! its alias's case rule, and ends at a word boundary or with endings the
//! language allows (`NATO-nun`, `Azərbaycanla`, `России`). Where candidates
//! overlap, the longest wins. It hands the resolver [`Candidate`]s, spans of
//! the text in order.

use std::collections::{BTreeMap, BTreeSet};

use crate::gazetteer::{CaseRule, Gazetteer, LanguageRules};
use crate::text::{Folding, Script, fold, is_word_char};

/// An alias found in a document, not yet tied to one entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    /// Byte offset in the original text where the word starts.
    pub start: usize,
    /// Byte offset in the original text where the word (with its endings)
    /// ends, exclusive.
    pub end: usize,
    /// Index into [`Gazetteer::aliases`].
    pub alias: usize,
}

/// Scans documents against a gazetteer. Free to create; share the
/// gazetteer, not the matcher.
#[derive(Clone, Copy, Debug)]
pub struct Matcher<'g> {
    gazetteer: &'g Gazetteer,
}

/// A hit that passed the checks, before overlaps are settled.
#[derive(Clone, Copy, Debug)]
struct Hit {
    candidate: Candidate,
    alias_len: usize,
    pattern: usize,
}

impl<'g> Matcher<'g> {
    /// A matcher over `gazetteer`.
    pub fn new(gazetteer: &'g Gazetteer) -> Matcher<'g> {
        Matcher { gazetteer }
    }

    /// Finds the aliases in `text`, for a document in language `lang` (an
    /// index into [`Gazetteer::languages`]; `None` when the language is
    /// unknown or has no rules). Candidates come back sorted by position and
    /// never overlap.
    pub fn find(&self, text: &str, lang: Option<usize>) -> Vec<Candidate> {
        let folding = self.gazetteer.folding();
        let languages = self.gazetteer.languages();
        // The rules for each script, looked up once per document.
        let rules_for = [Script::Latin, Script::Cyrillic, Script::Other]
            .map(|script| self.gazetteer.languages_for(lang, script));
        // Letters with marks of the document's language, and whether the
        // document uses any (looked up once, only when a match needs it).
        let native_letters = lang.map(|l| &languages[l].letters);
        let native_letters = native_letters.unwrap_or(&EMPTY_LETTERS);
        let mut writes_marks: Option<bool> = None;
        // What follows each alias, folded.
        let mut rest = String::new();
        let mut hits = Vec::new();
        for found in self.gazetteer.cased_occurrences(text) {
            let (start, alias_end) = (found.start, found.end);
            let pattern = self.gazetteer.patterns()[found.pattern];
            let alias = &self.gazetteer.aliases()[pattern.alias];
            // The case rule is the cheapest check, and rules most hits out
            // (`mali` is not `Mali`): it comes before the endings.
            if !alias.case.allows(&text[start..alias_end]) {
                continue;
            }
            if !alias.spellings.is_empty()
                && *writes_marks.get_or_insert_with(|| {
                    text.chars()
                        .any(|c| c.to_lowercase().any(|l| native_letters.contains(&l)))
                })
                && !typed_as_written(&alias.spellings, &text[start..alias_end], native_letters)
            {
                continue;
            }
            let rules = rules_for[match alias.script {
                Script::Latin => 0,
                Script::Cyrillic => 1,
                Script::Other => 2,
            }];
            let word_end = word_end(text, alias_end);
            let written = &text[alias_end..word_end];
            rest.clear();
            let end = match pattern.stem {
                Some((lang, rule)) => {
                    let stem = &languages[lang].stems[rule];
                    folding.fold_into(written, &mut rest);
                    if !rules.contains(&lang) || !stem.replacements.contains(&rest) {
                        continue;
                    }
                    word_end
                }
                None if written.is_empty() => {
                    joined_endings_end(text, alias_end, rules, languages, folding, &mut rest)
                }
                None => {
                    folding.fold_into(written, &mut rest);
                    if !rules.iter().any(|&l| languages[l].accepts_endings(&rest)) {
                        continue;
                    }
                    // An acronym takes endings in lower case (`МИДа`); in
                    // capitals it is another acronym (`ЕСА` is not `ЕС`).
                    if alias.case == CaseRule::AllCaps && written.chars().any(char::is_uppercase) {
                        continue;
                    }
                    word_end
                }
            };
            hits.push(Hit {
                candidate: Candidate {
                    start,
                    end,
                    alias: pattern.alias,
                },
                alias_len: found.folded_len,
                pattern: found.pattern,
            });
        }
        longest_first(hits)
    }
}

static EMPTY_LETTERS: BTreeSet<char> = BTreeSet::new();

/// Whether `written` (a match found with diacritic folding) keeps the marks
/// of one of the alias's `spellings` that its language's writers type: a
/// German `Erdogan` drops a `ğ` German has no key for, and stands; a Turkish
/// `Cadde` would drop the `ç` of `Çad`, and does not where the document
/// shows its writer types Turkish letters.
fn typed_as_written(spellings: &[String], written: &str, native_letters: &BTreeSet<char>) -> bool {
    let written = fold(written);
    spellings.iter().any(|spelling| {
        spelling
            .chars()
            .all(|c| !native_letters.contains(&c) || written.contains(c) || !has_marks(c))
    })
}

/// Whether diacritic folding changes `c`.
fn has_marks(c: char) -> bool {
    let mut folded = String::new();
    Folding::Diacritics.fold_char(c, &mut folded);
    !folded.starts_with(c)
}

/// Where the word that goes on at `at` ends.
fn word_end(text: &str, at: usize) -> usize {
    text[at..]
        .char_indices()
        .find(|&(_, c)| !is_word_char(c))
        .map_or(text.len(), |(i, _)| at + i)
}

/// Where a name that ends at a word boundary ends once a joined ending is
/// taken in (`NATO` + `-nun`, `Türkiye` + `'nin`); `at` when none follows.
/// The ending is folded into `joined`, which starts empty.
fn joined_endings_end(
    text: &str,
    at: usize,
    rules: &[usize],
    languages: &[LanguageRules],
    folding: Folding,
    joined: &mut String,
) -> usize {
    let Some(joiner) = text[at..].chars().next() else {
        return at;
    };
    let after = at + joiner.len_utf8();
    let word_end = word_end(text, after);
    if word_end == after {
        return at;
    }
    folding.fold_into(&text[at..word_end], joined);
    if rules.iter().any(|&l| languages[l].accepts_endings(joined)) {
        word_end
    } else {
        at
    }
}

/// Settles overlaps: the longest span wins, then the longest alias, then the
/// earliest; the winners come back in text order.
fn longest_first(mut hits: Vec<Hit>) -> Vec<Candidate> {
    hits.sort_by(|a, b| {
        let len = |h: &Hit| h.candidate.end - h.candidate.start;
        len(b)
            .cmp(&len(a))
            .then(b.alias_len.cmp(&a.alias_len))
            .then(a.candidate.start.cmp(&b.candidate.start))
            .then(a.pattern.cmp(&b.pattern))
    });
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    let mut winners = Vec::new();
    for hit in hits {
        let Candidate { start, end, .. } = hit.candidate;
        let before = taken.range(..end).next_back();
        if before.is_some_and(|(_, &taken_end)| taken_end > start) {
            continue;
        }
        taken.insert(start, end);
        winners.push(hit.candidate);
    }
    winners.sort();
    winners
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::GazetteerBuilder;

    /// A matching rule, written as a table row: aliases, a text, the
    /// surfaces expected.
    struct Case {
        name: &'static str,
        aliases: &'static [&'static str],
        lang: &'static str,
        text: &'static str,
        expected: &'static [&'static str],
    }

    const AZ: &str = "script latin\njoiners - ' ’\nmax_endings 3\n\
        endings ın in un ün nın nin nun nün a ə ya yə da də dan dən la lə \
        ı i u ü nı ni nu nü kı ki dakı dəki lar lər";
    const TR: &str =
        "script latin\njoiners ' ’ -\nmax_endings 3\nendings nin nın ın in a e ya ye da de";
    const RU: &str =
        "script cyrillic\nendings а у ом ым е ой\nstem я -> и ю ей е\nstem а -> ы е у ой";
    const DE: &str = "script latin\nendings s es";
    const EN: &str = "script latin\njoiners ' ’\nrequire_joiner yes\nendings s";

    const CASES: &[Case] = &[
        Case {
            name: "az genitive after hyphen",
            aliases: &["NATO"],
            lang: "az",
            text: "NATO-nun Cənubi Qafqazda bir Əlaqələndirmə Ofisi var.",
            expected: &["NATO-nun"],
        },
        Case {
            name: "az instrumental and stacked locative",
            aliases: &["Azərbaycan"],
            lang: "az",
            text: "NATO 2026-cı ildə Azərbaycanla fəal dialoqu davam etdirəcək. İsveçin Azərbaycandakı səfiri",
            expected: &["Azərbaycanla", "Azərbaycandakı"],
        },
        Case {
            name: "az genitive with buffer n and dotless i",
            aliases: &["İsveç", "Slovakiya", "Gürcüstan"],
            lang: "az",
            text: "İsveç və Slovakiyanın daimi nümayəndələri. Tbilisidə yerləşən bu nümayəndəlik təkcə Gürcüstanı deyil",
            expected: &["İsveç", "Slovakiyanın", "Gürcüstanı"],
        },
        Case {
            name: "capital I and İ are one letter",
            aliases: &["İsveç"],
            lang: "az",
            text: "ISVEÇ və Isveç",
            expected: &["ISVEÇ", "Isveç"],
        },
        Case {
            name: "a capitalized alias needs a capital in the text",
            aliases: &["Mali"],
            lang: "az",
            text: "mali sabitlik və Mali",
            expected: &["Mali"],
        },
        Case {
            name: "short all-capitals aliases match only capitals",
            aliases: &["US", "ABŞ"],
            lang: "en",
            text: "Let us see: the US and Us. ABŞ səfiri",
            expected: &["US", "ABŞ"],
        },
        Case {
            name: "no match inside a word",
            aliases: &["Iran"],
            lang: "en",
            text: "Tirana and Iranian and Iran",
            expected: &["Iran"],
        },
        Case {
            name: "an unlisted continuation is not a name",
            aliases: &["Azərbaycan"],
            lang: "az",
            text: "Azərbaycanlı tələbələr",
            expected: &[],
        },
        Case {
            name: "hyphen is a boundary when no ending follows",
            aliases: &["NATO"],
            lang: "de",
            text: "Präsident Ilham Aliyev trifft NATO-Generalsekretär",
            expected: &["NATO"],
        },
        Case {
            name: "tr apostrophe",
            aliases: &["Türkiye"],
            lang: "tr",
            text: "Türkiye'nin Irak'ın Manama Büyükelçisini",
            expected: &["Türkiye'nin"],
        },
        Case {
            name: "de genitive",
            aliases: &["Aserbaidschan"],
            lang: "de",
            text: "die Bedeutung der Partnerschaft Aserbaidschans mit der NATO",
            expected: &["Aserbaidschans"],
        },
        Case {
            name: "en possessive",
            aliases: &["Turkey"],
            lang: "en",
            text: "Turkey's president and Turkeys",
            expected: &["Turkey's"],
        },
        Case {
            name: "ru surname and stem change",
            aliases: &["Алиев", "Россия"],
            lang: "ru",
            text: "встреча Алиева с президентом России и Россией",
            expected: &["Алиева", "России", "Россией"],
        },
        Case {
            name: "an acronym's endings are in lower case",
            aliases: &["ЕС", "МИД"],
            lang: "ru",
            text: "агентство ЕСА и решение МИДа",
            expected: &["МИДа"],
        },
        Case {
            name: "ru rules apply to a Cyrillic headline in an az article",
            aliases: &["Азербайджан"],
            lang: "az",
            text: "Тобиас Лоренцсон: НАТО и Азербайджаном",
            expected: &["Азербайджаном"],
        },
        Case {
            name: "unknown language gets no endings",
            aliases: &["Azərbaycan"],
            lang: "xx",
            text: "Azərbaycanla və Azərbaycan",
            expected: &["Azərbaycan"],
        },
        Case {
            name: "longest alias wins",
            aliases: &[
                "Ilham Aliyev",
                "Aliyev",
                "NATO",
                "NATO Contact Point Embassies",
            ],
            lang: "de",
            text: "Präsident Ilham Aliyev. NATO Contact Point Embassies",
            expected: &["Ilham Aliyev", "NATO Contact Point Embassies"],
        },
    ];

    #[test]
    fn diacritic_folding_spares_the_letters_a_writer_types() {
        let tr = "script latin\njoiners '\nendings nin nın de da ye ya\nletters ç ğ ı ö ş ü";
        let de = "script latin\nendings s\nletters ä ö ü ß";
        let rules = [("tr", tr), ("de", de)]
            .iter()
            .map(|(code, source)| LanguageRules::parse(code, "test.txt".as_ref(), source).0)
            .collect();
        let mut builder = GazetteerBuilder::new();
        builder
            .folding(Folding::Diacritics)
            .entity("Q657", "country", "Çad", [])
            .entity("Q43", "country", "Türkiye", [])
            .entity("Q39934", "person", "Recep Tayyip Erdoğan", [])
            .languages(rules);
        let gazetteer = builder.build().unwrap();
        let found = |lang: &str, text: &str| -> Vec<String> {
            Matcher::new(&gazetteer)
                .find(text, gazetteer.language(lang))
                .iter()
                .map(|c| text[c.start..c.end].to_string())
                .collect()
        };
        // tr_rss: the item types Ümraniye and Şehitler, so its writer would
        // have typed Çad with its Ç.
        assert!(found("tr", "Ümraniye Dudullu'da Abdullah Azam Caddesi Şehitler").is_empty());
        // A text typed on a plain keyboard matches without the marks.
        assert_eq!(
            found("tr", "Cad ve Turkiye'nin sinirinda"),
            ["Cad", "Turkiye'nin"]
        );
        // Written with its marks, a name always matches.
        assert_eq!(
            found("tr", "Çad ve Türkiye'nin sınırında"),
            ["Çad", "Türkiye'nin"]
        );
        // German has no key for ğ: de_10kgnad writes Erdogan beside ü.
        assert_eq!(
            found("de", "den türkischen Präsidenten Recep Tayyip Erdogan"),
            ["Recep Tayyip Erdogan"]
        );
    }

    fn languages() -> Vec<LanguageRules> {
        [("az", AZ), ("de", DE), ("en", EN), ("ru", RU), ("tr", TR)]
            .iter()
            .map(|(code, source)| {
                let (rules, errors) = LanguageRules::parse(code, "test.txt".as_ref(), source);
                assert!(errors.is_empty(), "{errors:?}");
                rules
            })
            .collect()
    }

    #[test]
    fn matching_rules() {
        for case in CASES {
            let mut builder = GazetteerBuilder::new();
            builder.derive_partial_names(false);
            for (i, alias) in case.aliases.iter().enumerate() {
                builder.entity(&format!("e{i}"), "thing", alias, []);
            }
            builder.languages(languages());
            let gazetteer = builder.build().unwrap();
            let matcher = Matcher::new(&gazetteer);
            let lang = gazetteer.language(case.lang);
            let found: Vec<&str> = matcher
                .find(case.text, lang)
                .iter()
                .map(|c| &case.text[c.start..c.end])
                .collect();
            assert_eq!(found, case.expected, "case: {}", case.name);
        }
    }
}
