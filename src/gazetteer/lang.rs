//! Language rules: the endings a name may take in a language, stem changes,
//! and the abbreviations and month names sentence splitting must know.
//!
//! One file per language under `gazetteers/lang/<code>.txt`, so adding a
//! language is adding a file. A line is a directive and its values:
//!
//! ```text
//! script latin          # latin | cyrillic: words these rules apply to
//! joiners - '           # may stand before the first ending (NATO-nun)
//! require_joiner no     # yes: endings only after a joiner (Turkey's)
//! max_endings 3         # endings that may follow one another
//! endings ın in da də   # endings that may follow a name in one word
//! stem я -> и е ю ей    # Россия → России
//! abbrev Dr Prof        # a period after these does not end a sentence
//! months Januar Mai     # nor after a number followed by one of these
//! letters ç ğ ı ö ş ü    # letters with marks its writers type
//! ```

use std::collections::BTreeSet;
use std::path::Path;

use crate::error::{Error, Result};
use crate::text::{Folding, Script, fold};

/// A stem change: an alias ending in `ending` may end in one of
/// `replacements` instead (`Россия` → `России`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StemRule {
    /// Folded ending the alias must have.
    pub ending: String,
    /// Folded endings that may replace it.
    pub replacements: Vec<String>,
}

/// The inflection and segmentation rules of one language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LanguageRules {
    /// Language code (the file's name without `.txt`).
    pub code: String,
    /// The script of the words these rules apply to.
    pub script: Script,
    /// Characters that may stand between a name and its first ending.
    pub joiners: Vec<char>,
    /// Endings count only after a joiner (English `Turkey's`, never
    /// `Turkeys`).
    pub require_joiner: bool,
    /// Folded endings that may follow a name.
    pub endings: BTreeSet<String>,
    /// How many endings may follow one another.
    pub max_endings: usize,
    /// Stem changes.
    pub stems: Vec<StemRule>,
    /// Abbreviations, as written.
    pub abbreviations: Vec<String>,
    /// Month names, as written.
    pub months: Vec<String>,
    /// The letters with marks of the language's alphabet, lowercase. A
    /// writer who types them at all types them in names too, so with
    /// diacritic folding a name of this language found only without its
    /// marks is not taken in such a document (`Cadde` is not `Çad`).
    pub letters: BTreeSet<char>,
}

impl LanguageRules {
    /// Rules that accept no inflection (what an unknown language gets).
    pub fn none(code: &str, script: Script) -> LanguageRules {
        LanguageRules {
            code: code.to_string(),
            script,
            joiners: Vec::new(),
            require_joiner: false,
            endings: BTreeSet::new(),
            max_endings: 1,
            stems: Vec::new(),
            abbreviations: Vec::new(),
            months: Vec::new(),
            letters: BTreeSet::new(),
        }
    }

    /// Reads a rules file; every bad line is reported with its number and
    /// the good lines are kept.
    pub fn parse(code: &str, path: &Path, source: &str) -> (LanguageRules, Vec<Error>) {
        let mut rules = LanguageRules::none(code, Script::Other);
        let mut errors = Vec::new();
        let mut script_seen = false;
        for (index, raw) in source.lines().enumerate() {
            let line = (index + 1) as u64;
            let content = strip_comment(raw);
            let mut words = content.split_whitespace();
            let Some(directive) = words.next() else {
                continue;
            };
            let values: Vec<&str> = words.collect();
            let mut fail = |message: String| errors.push(Error::line(path, line, message));
            match directive {
                "name" => {}
                "script" => match values.as_slice() {
                    ["latin"] => (rules.script, script_seen) = (Script::Latin, true),
                    ["cyrillic"] => (rules.script, script_seen) = (Script::Cyrillic, true),
                    _ => fail(format!(
                        "script must be `latin` or `cyrillic`, found `{}`",
                        values.join(" ")
                    )),
                },
                "joiners" => rules.joiners.extend(values.iter().filter_map(|v| {
                    single_char(v).or_else(|| {
                        fail(format!("a joiner is one character, found `{v}`"));
                        None
                    })
                })),
                "require_joiner" => match values.as_slice() {
                    ["yes"] => rules.require_joiner = true,
                    ["no"] => rules.require_joiner = false,
                    _ => fail("require_joiner takes `yes` or `no`".to_string()),
                },
                "max_endings" => match values.as_slice() {
                    [n] => match n.parse::<usize>() {
                        Ok(n) if (1..=8).contains(&n) => rules.max_endings = n,
                        _ => fail(format!("max_endings must be 1 to 8, found `{n}`")),
                    },
                    _ => fail("max_endings takes one number".to_string()),
                },
                "endings" => rules.endings.extend(values.iter().map(|v| fold(v))),
                "stem" => match values.split_first() {
                    Some((ending, ["->", replacements @ ..])) if !replacements.is_empty() => {
                        rules.stems.push(StemRule {
                            ending: fold(ending),
                            replacements: replacements.iter().map(|r| fold(r)).collect(),
                        })
                    }
                    _ => fail("expected `stem ENDING -> REPLACEMENT…`".to_string()),
                },
                "abbrev" => rules
                    .abbreviations
                    .extend(values.iter().map(|v| v.trim_end_matches('.').to_string())),
                "months" => rules.months.extend(values.iter().map(|v| v.to_string())),
                "letters" => rules.letters.extend(values.iter().filter_map(|v| {
                    single_char(v)
                        .map(|c| c.to_lowercase().collect::<Vec<_>>())
                        .and_then(|lower| match lower.as_slice() {
                            [c] => Some(*c),
                            _ => None,
                        })
                        .or_else(|| {
                            fail(format!("a letter is one character, found `{v}`"));
                            None
                        })
                })),
                other => fail(format!("unknown directive `{other}`")),
            }
        }
        if !script_seen {
            errors.push(Error::line(path, 1, "missing `script latin|cyrillic` line"));
        }
        (rules, errors)
    }

    /// These rules with their endings and stems folded by `folding`, to
    /// match text folded the same way.
    pub fn folded(&self, folding: Folding) -> LanguageRules {
        LanguageRules {
            endings: self.endings.iter().map(|e| folding.fold(e)).collect(),
            stems: self
                .stems
                .iter()
                .map(|stem| StemRule {
                    ending: folding.fold(&stem.ending),
                    replacements: stem.replacements.iter().map(|r| folding.fold(r)).collect(),
                })
                .collect(),
            ..self.clone()
        }
    }

    /// Whether `rest` (folded, what follows a name up to the end of its
    /// word, joiner included) is a valid sequence of endings.
    ///
    /// ```
    /// use entgraph::gazetteer::LanguageRules;
    /// let source = "script latin\njoiners -\nmax_endings 2\nendings nun da kı";
    /// let (az, errors) = LanguageRules::parse("az", "az.txt".as_ref(), source);
    /// use entgraph::text::fold;
    /// assert!(errors.is_empty());
    /// assert!(az.accepts_endings("-nun"));
    /// assert!(az.accepts_endings(&fold("dakı")));
    /// assert!(!az.accepts_endings(&fold("dakıkı")));
    /// ```
    pub fn accepts_endings(&self, rest: &str) -> bool {
        let mut chars = rest.chars();
        let rest = match chars.next() {
            Some(c) if self.joiners.contains(&c) => chars.as_str(),
            _ if self.require_joiner => return false,
            _ => rest,
        };
        !rest.is_empty() && self.splits_into_endings(rest, self.max_endings)
    }

    fn splits_into_endings(&self, rest: &str, budget: usize) -> bool {
        if rest.is_empty() {
            return true;
        }
        budget > 0
            && rest
                .char_indices()
                .skip(1)
                .map(|(i, _)| i)
                .chain([rest.len()])
                .any(|i| {
                    self.endings.contains(&rest[..i])
                        && self.splits_into_endings(&rest[i..], budget - 1)
                })
    }
}

fn strip_comment(line: &str) -> &str {
    if line.trim_start().starts_with('#') {
        return "";
    }
    match line.find(" #").or_else(|| line.find("\t#")) {
        Some(at) => &line[..at],
        None => line,
    }
}

fn single_char(s: &str) -> Option<char> {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// Loads every `*.txt` file of `dir` (sorted by name) as language rules.
/// A missing folder is no rules, not an error: a gazetteer may do without.
pub fn load_dir(dir: &Path) -> Result<(Vec<LanguageRules>, Vec<Error>)> {
    let mut languages = Vec::new();
    let mut errors = Vec::new();
    if !dir.is_dir() {
        return Ok((languages, errors));
    }
    for path in super::files_with_extension(dir, "txt")? {
        let code = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let source = match std::fs::read_to_string(&path) {
            Ok(source) => source,
            Err(e) => {
                errors.push(Error::io(&path, e));
                continue;
            }
        };
        let (rules, problems) = LanguageRules::parse(&code, &path, &source);
        errors.extend(problems);
        languages.push(rules);
    }
    Ok((languages, errors))
}

#[cfg(test)]
mod tests {
    use super::*;

    const RU: &str =
        "script cyrillic\nendings а у ом е ым\nstem я -> и ю ей # Россия\nabbrev т. г\n";

    #[test]
    fn parses_directives_and_comments() {
        let (ru, errors) = LanguageRules::parse("ru", Path::new("ru.txt"), RU);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(ru.script, Script::Cyrillic);
        assert_eq!(ru.stems[0].ending, "я");
        assert_eq!(ru.stems[0].replacements, ["и", "ю", "ей"]);
        assert_eq!(ru.abbreviations, ["т", "г"]);
        assert!(ru.accepts_endings("а"));
        assert!(ru.accepts_endings("ым"));
        assert!(!ru.accepts_endings("ами"));
        assert!(!ru.accepts_endings("ау"), "one ending only by default");
    }

    #[test]
    fn bad_lines_are_reported_with_their_number() {
        let source =
            "script latin\nendings a\nsuffix b\nmax_endings lots\nstem a b\nletters Ç şş\n";
        let (rules, errors) = LanguageRules::parse("xx", Path::new("lang/xx.txt"), source);
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(messages[0].starts_with("lang/xx.txt:3: unknown directive `suffix`"));
        assert!(messages[1].starts_with("lang/xx.txt:4:"));
        assert!(messages[2].starts_with("lang/xx.txt:5:"));
        assert!(messages[3].starts_with("lang/xx.txt:6: a letter is one character"));
        assert!(rules.accepts_endings("a"), "good lines are kept");
        assert_eq!(
            rules.letters,
            BTreeSet::from(['ç']),
            "letters are lowercased"
        );
    }

    #[test]
    fn required_joiner() {
        let source = "script latin\njoiners ' ’\nrequire_joiner yes\nendings s\n";
        let (en, errors) = LanguageRules::parse("en", Path::new("en.txt"), source);
        assert!(errors.is_empty(), "{errors:?}");
        assert!(en.accepts_endings("'s"));
        assert!(en.accepts_endings("’s"));
        assert!(!en.accepts_endings("s"), "Turkeys, Americas");
    }

    #[test]
    fn joiner_only_before_the_first_ending() {
        let source = "script latin\njoiners - '\nmax_endings 3\nendings nun ya da kı nın\n";
        let (az, _) = LanguageRules::parse("az", Path::new("az.txt"), source);
        assert!(az.accepts_endings("-nun"));
        assert!(az.accepts_endings(&fold("'nın")));
        assert!(az.accepts_endings(&fold("dakı")));
        assert!(!az.accepts_endings(&fold("da-kı")));
        assert!(!az.accepts_endings("-"));
        assert!(!az.accepts_endings("generalsekretär"));
    }
}
