//! Gazetteer stage: load and validate the entity lists and language rules,
//! and compile every alias into tries.
//!
//! It hands the matcher a [`Gazetteer`]: entities sorted by id, aliases with
//! their case rule and the entities they may name, and a trie of the folded
//! aliases (plus the stems that language rules let inflect), walked only
//! from where words start. It is built once and shared by every worker.

pub mod check;
mod lang;

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crawdad::MpTrie;

pub use self::lang::{LanguageRules, StemRule};
use crate::error::{Error, Result};
use crate::text::{Folding, Script, combining_at, fold, is_lowercase, is_word_char};

/// One entity: a person, country, organization…
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    /// Stable id (a Wikidata id where known).
    pub id: String,
    /// `person`, `country`, `organization` or any other word.
    pub kind: String,
    /// Display name.
    pub label: String,
    /// Pass-through columns (`iso2`, `wikidata`…), by column name.
    pub attributes: BTreeMap<String, String>,
}

/// Where an alias must be written in capitals for it to match.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum CaseRule {
    /// Any case (an alias written in lower case).
    Any,
    /// The first letter must be a capital (`Mali`, not `mali`).
    Capitalized,
    /// Every letter must be a capital: acronyms of up to five letters
    /// (`NATO`, `ABŞ`, `ЕС`), so `us` is not `US`.
    AllCaps,
}

impl CaseRule {
    /// The rule an alias written like `alias` gets.
    ///
    /// ```
    /// use entgraph::gazetteer::CaseRule;
    /// assert_eq!(CaseRule::of("ABŞ"), CaseRule::AllCaps);
    /// assert_eq!(CaseRule::of("Mali"), CaseRule::Capitalized);
    /// assert_eq!(CaseRule::of("UNESCO-nun"), CaseRule::Capitalized);
    /// ```
    pub fn of(alias: &str) -> CaseRule {
        // Stops at the first letter that rules capitals out: the second,
        // for nearly every name.
        let mut letters = 0;
        let short_caps = alias.chars().filter(|c| c.is_alphabetic()).all(|c| {
            letters += 1;
            letters <= 5 && c.is_uppercase()
        });
        if short_caps && letters > 0 {
            CaseRule::AllCaps
        } else if alias.chars().next().is_some_and(char::is_uppercase) {
            CaseRule::Capitalized
        } else {
            CaseRule::Any
        }
    }

    /// Whether `written` (the text where the alias was found) obeys the rule.
    pub fn allows(self, written: &str) -> bool {
        match self {
            CaseRule::Any => true,
            CaseRule::Capitalized => written.chars().next().is_some_and(char::is_uppercase),
            CaseRule::AllCaps => written
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase),
        }
    }
}

/// One entity an alias may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Sense {
    /// Index into [`Gazetteer::entities`].
    pub entity: usize,
    /// A surname or initial-plus-surname form derived from a person's full
    /// name: it counts only where the document names the person in full.
    pub partial: bool,
}

/// A surface form, folded, with what it may name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alias {
    /// The alias as first written in a gazetteer.
    pub text: String,
    /// Folded form, what the tries match.
    pub folded: String,
    /// Capitalization the text must have.
    pub case: CaseRule,
    /// The script of the alias, which picks the inflection rules.
    pub script: Script,
    /// The entities it may name, sorted.
    pub senses: Vec<Sense>,
    /// Listed in `block.csv`: found, so that it wins over shorter aliases
    /// inside it (`New Jersey` over `Jersey`), then dropped.
    pub blocked: Blocked,
    /// With [`Folding::Diacritics`]: every case-folded spelling that folds
    /// to this alias, marks kept (`azərbaycan`, `azerbaycan`), to tell a
    /// match written with its marks from one found only without them.
    /// Empty under [`Folding::Case`].
    pub spellings: Vec<String>,
}

/// Where a form listed in `block.csv` is blocked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Blocked {
    /// Not listed.
    #[default]
    No,
    /// In every language.
    Everywhere,
    /// In documents of these languages only (`Mali` is Azerbaijani and
    /// Turkish for "financial", but the country in German).
    In(BTreeSet<String>),
}

impl Blocked {
    /// Whether the form is blocked in a document of language `lang`.
    pub fn applies(&self, lang: Option<&str>) -> bool {
        match self {
            Blocked::No => false,
            Blocked::Everywhere => true,
            Blocked::In(langs) => lang.is_some_and(|l| langs.contains(l)),
        }
    }

    fn widen(&mut self, other: &Blocked) {
        *self = match (std::mem::take(self), other) {
            (Blocked::Everywhere, _) | (_, Blocked::Everywhere) => Blocked::Everywhere,
            (Blocked::In(mut a), Blocked::In(b)) => {
                a.extend(b.iter().cloned());
                Blocked::In(a)
            }
            (Blocked::No, other) => other.clone(),
            (mine, Blocked::No) => mine,
        };
    }
}

/// What a pattern of the tries stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pattern {
    /// Index into [`Gazetteer::aliases`].
    pub alias: usize,
    /// For a stem pattern: the language and the index of its stem rule.
    pub stem: Option<(usize, usize)>,
}

/// The compiled gazetteers: immutable, `Send + Sync`, built once.
#[derive(Clone, Debug)]
pub struct Gazetteer {
    entities: Vec<Entity>,
    aliases: Vec<Alias>,
    patterns: Vec<Pattern>,
    /// The trie of every pattern; `None` when there are none.
    all: Option<Walker>,
    /// The patterns that may start with a lowercase letter (of aliases
    /// with [`CaseRule::Any`]); `None` when there are none.
    lowercase: Option<Walker>,
    /// What the scan for walk starts needs to know of each character below
    /// U+0800: see [`StartFlags`].
    start_flags: StartFlags,
    languages: Vec<LanguageRules>,
    /// Language indices by the script their rules apply to.
    languages_by_script: BTreeMap<Script, Vec<usize>>,
    /// `0..languages`, to lend out one language as a slice.
    language_indices: Vec<usize>,
    attribute_names: Vec<String>,
    folding: Folding,
}

impl Gazetteer {
    /// Loads every gazetteer of `dir`: `*.csv` (but `block.csv`) for
    /// entities, `block.csv` for forms never to match, `lang/*.txt` for
    /// language rules. Bad rows come back as errors; the good ones are kept.
    pub fn load(dir: &Path) -> Result<(Gazetteer, Vec<Error>)> {
        let mut builder = GazetteerBuilder::new();
        let errors = builder.read_dir(dir)?;
        Ok((builder.build()?, errors))
    }

    /// Entities, sorted by id.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// Aliases, in the order they were first listed.
    pub fn aliases(&self) -> &[Alias] {
        &self.aliases
    }

    /// What each pattern of the tries stands for, by pattern id.
    pub fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }

    /// Every pattern that occurs in `text`, folded as
    /// [`Gazetteer::folding`], where a word may start: at the start of the
    /// text or after a character that is not a word character. A word is
    /// folded as it is walked, and only while some pattern goes on; patterns
    /// inside words (`mali` in `Somali`) are never looked for. Offsets are
    /// those of `text`, and a pattern ends where a character of `text` ends.
    pub fn occurrences<'g, 't>(&'g self, text: &'t str) -> Occurrences<'g, 't> {
        Occurrences {
            all: self.all.as_ref(),
            by_case: false,
            lowercase: self.lowercase.as_ref(),
            start_flags: &self.start_flags,
            folding: self.folding,
            text,
            scan: 0,
            after_word: false,
            found: Vec::new(),
            next_found: 0,
            folded_char: String::new(),
        }
    }

    /// The [`Gazetteer::occurrences`] whose case rule can hold: where a
    /// word starts with a lowercase letter, only those of aliases with
    /// [`CaseRule::Any`]. Four words in five start so, and are walked in
    /// the small trie of those aliases alone.
    pub fn cased_occurrences<'g, 't>(&'g self, text: &'t str) -> Occurrences<'g, 't> {
        Occurrences {
            by_case: true,
            ..self.occurrences(text)
        }
    }

    /// Heap bytes held by the compiled tries.
    pub fn trie_bytes(&self) -> usize {
        [&self.all, &self.lowercase]
            .into_iter()
            .flatten()
            .map(Walker::heap_bytes)
            .sum()
    }

    /// Language rules, sorted by code.
    pub fn languages(&self) -> &[LanguageRules] {
        &self.languages
    }

    /// The languages whose rules apply to a word in `script` in a document
    /// of language `lang`: the document's own where the scripts agree, all
    /// of the word's script where they differ (a Russian headline in an
    /// Azerbaijani article), none for an unknown language.
    pub fn languages_for(&self, lang: Option<usize>, script: Script) -> &[usize] {
        let Some(lang) = lang else {
            return &[];
        };
        if self.languages[lang].script == script {
            return std::slice::from_ref(&self.language_indices[lang]);
        }
        self.languages_by_script
            .get(&script)
            .map_or(&[], Vec::as_slice)
    }

    /// Index of the rules for language `code`, if there are any.
    pub fn language(&self, code: &str) -> Option<usize> {
        self.languages.iter().position(|l| l.code == code)
    }

    /// Names of the pass-through attribute columns, sorted.
    pub fn attribute_names(&self) -> &[String] {
        &self.attribute_names
    }

    /// How text must be folded to be matched against the aliases.
    pub fn folding(&self) -> Folding {
        self.folding
    }
}

/// A pattern found by [`Gazetteer::occurrences`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Occurrence {
    /// Index into [`Gazetteer::patterns`].
    pub pattern: usize,
    /// Byte offset in the text where the pattern starts.
    pub start: usize,
    /// Byte offset in the text where the pattern ends, exclusive.
    pub end: usize,
    /// Length of the pattern in folded bytes.
    pub folded_len: usize,
}

/// The folded strings of all patterns or some, in a trie: walks start
/// only where words start, so the failure links of an Aho-Corasick
/// automaton would go unused. A double-array trie is built from sorted
/// strings many times faster and walked as fast; its minimal-prefix form
/// keeps each string's unshared tail as plain characters, which halves its
/// size and the cache misses of a walk.
#[derive(Clone)]
struct Walker {
    /// Maps each distinct string to its index in `group_starts`.
    trie: Arc<MpTrie>,
    /// Where each string's patterns start in `pattern_ids`; one more entry
    /// closes the last.
    group_starts: Vec<u32>,
    /// The [`Gazetteer::patterns`] indices, grouped by string, ascending
    /// within a group.
    pattern_ids: Vec<u32>,
}

impl Walker {
    /// The walker over `strings`, each pattern's folded string with its
    /// [`Gazetteer::patterns`] index, sorted; `None` where none can be
    /// walked. An empty string never occurs, and U+FFFF, a noncharacter,
    /// ends the trie's keys: strings with it (a gazetteer file reports them
    /// as bad rows; only [`GazetteerBuilder::entity`] lets them through)
    /// are left out.
    fn new(strings: &[(&str, u32)]) -> Result<Option<Walker>> {
        let mut keys = Vec::new();
        let mut group_starts = Vec::new();
        let mut pattern_ids = Vec::with_capacity(strings.len());
        let walkable = strings
            .iter()
            .filter(|(string, _)| !string.is_empty() && !string.contains(crawdad::END_MARKER));
        for &(string, id) in walkable {
            if keys.last() != Some(&string) {
                keys.push(string);
                group_starts.push(pattern_ids.len() as u32);
            }
            pattern_ids.push(id);
        }
        if keys.is_empty() {
            return Ok(None);
        }
        group_starts.push(pattern_ids.len() as u32);
        let records = keys.iter().zip(0..);
        let trie = MpTrie::from_records(records)
            .map_err(|e| Error::Config(format!("cannot compile the gazetteer trie: {e}")))?;
        Ok(Some(Walker {
            trie: Arc::new(trie),
            group_starts,
            pattern_ids,
        }))
    }

    /// The patterns of the string with trie value `group`.
    fn patterns(&self, group: u32) -> &[u32] {
        let start = self.group_starts[group as usize] as usize;
        let end = self.group_starts[group as usize + 1] as usize;
        &self.pattern_ids[start..end]
    }

    fn heap_bytes(&self) -> usize {
        self.trie.heap_bytes()
            + (self.group_starts.len() + self.pattern_ids.len()) * size_of::<u32>()
    }
}

impl fmt::Debug for Walker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Walker")
            .field("strings", &(self.group_starts.len() - 1))
            .field("patterns", &self.pattern_ids.len())
            .finish()
    }
}

/// Whether some string of `sorted` starts with `prefix`.
fn some_starts_with(sorted: &[(&str, u32)], prefix: &str) -> bool {
    let first = sorted.partition_point(|&(string, _)| string < prefix);
    sorted
        .get(first)
        .is_some_and(|(string, _)| string.starts_with(prefix))
}

/// For each character below U+0800 (Latin, Greek, Cyrillic…), whether it is
/// a word character and whether a walk may start with it: the scan for walk
/// starts reads every character of a text, and lets most go without folding
/// one.
#[derive(Clone, Debug)]
struct StartFlags(Box<[u8; 0x800]>);

impl StartFlags {
    /// A word character, as [`is_word_char`].
    const WORD: u8 = 1;
    /// Folded, it starts some pattern.
    const STARTS_ANY: u8 = 2;
    /// Folded, it starts a pattern whose case rule a word starting with it
    /// may meet: where it is lowercase, a pattern of `lowercase`.
    const STARTS_CASED: u8 = 4;

    /// The flags for patterns of `all` and of `lowercase`, each a sorted
    /// list of folded strings.
    fn new(all: &[(&str, u32)], lowercase: &[(&str, u32)], folding: Folding) -> StartFlags {
        let mut flags = Box::new([0; 0x800]);
        let mut folded = String::new();
        for (code, flag) in (0u32..).zip(flags.iter_mut()) {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            folded.clear();
            folding.fold_char(c, &mut folded);
            let starts_any = some_starts_with(all, &folded);
            let starts_cased = if is_lowercase(c) {
                some_starts_with(lowercase, &folded)
            } else {
                starts_any
            };
            for (holds, bit) in [
                (is_word_char(c), StartFlags::WORD),
                (starts_any, StartFlags::STARTS_ANY),
                (starts_cased, StartFlags::STARTS_CASED),
            ] {
                if holds {
                    *flag |= bit;
                }
            }
        }
        StartFlags(flags)
    }
}

/// Iterator over [`Occurrence`]s, by start, then end: one anchored walk of
/// the trie from each place a word may start, until no pattern can go on.
#[derive(Clone, Debug)]
pub struct Occurrences<'g, 't> {
    /// Every pattern, if any.
    all: Option<&'g Walker>,
    /// Whether a word that starts with a lowercase letter walks
    /// `lowercase` alone.
    by_case: bool,
    /// The patterns that may start with a lowercase letter, if any.
    lowercase: Option<&'g Walker>,
    start_flags: &'g StartFlags,
    folding: Folding,
    text: &'t str,
    /// Where the scan for the next walk start goes on.
    scan: usize,
    /// Whether the character before `scan` is a word character.
    after_word: bool,
    /// What the last walk found, and the next of them to report.
    found: Vec<Occurrence>,
    next_found: usize,
    /// The folded form of a character that is not plain ASCII.
    folded_char: String,
}

impl Iterator for Occurrences<'_, '_> {
    type Item = Occurrence;

    fn next(&mut self) -> Option<Occurrence> {
        loop {
            if let Some(&found) = self.found.get(self.next_found) {
                self.next_found += 1;
                return Some(found);
            }
            let (start, first) = self.next_start()?;
            let walker = if self.by_case && is_lowercase(first) {
                self.lowercase
            } else {
                self.all
            };
            if let Some(walker) = walker {
                self.walk(walker, start);
            }
        }
    }
}

impl Occurrences<'_, '_> {
    /// The next place, with its character, where a word may start (the
    /// start of the text, or after a character that is not a word
    /// character) and a walk may too: not where a character below U+0800,
    /// with no combining mark after it, folds to what no pattern starts
    /// with.
    fn next_start(&mut self) -> Option<(usize, char)> {
        let bytes = self.text.as_bytes();
        let flags: &[u8; 0x800] = &self.start_flags.0;
        let starts = if self.by_case {
            StartFlags::STARTS_CASED
        } else {
            StartFlags::STARTS_ANY
        };
        let mut at = self.scan;
        let mut after_word = self.after_word;
        while let Some(&lead) = bytes.get(at) {
            let start = at;
            let (c, flag) = if lead.is_ascii() {
                at += 1;
                (char::from(lead), flags[usize::from(lead)])
            } else if let Some(c) = two_byte_char(bytes, at) {
                at += 2;
                (c, flags.get(c as usize).copied().unwrap_or_default())
            } else {
                // At U+0800 and above, past the table: any may start a walk.
                let c = self.text[at..].chars().next()?;
                at += c.len_utf8();
                let word = if is_word_char(c) { StartFlags::WORD } else { 0 };
                (c, word | starts)
            };
            let was_after_word = after_word;
            after_word = flag & StartFlags::WORD != 0;
            if !was_after_word && (flag & starts != 0 || combining_at(self.text, at)) {
                self.scan = at;
                self.after_word = after_word;
                return Some((start, c));
            }
        }
        self.scan = at;
        None
    }

    /// Walks `walker` from `start`, folding the text as it goes, until no
    /// pattern goes on; what it finds replaces `found`.
    fn walk(&mut self, walker: &Walker, start: usize) {
        self.found.clear();
        self.next_found = 0;
        self.folded_char.clear();
        let progress = Cell::new(Progress {
            at: start,
            walked: 0,
            whole: true,
        });
        let folded = FoldedChars {
            text: self.text,
            folding: self.folding,
            buffer: &mut self.folded_char,
            pending: 0,
            progress: &progress,
        };
        for (group, _) in walker.trie.common_prefix_search(folded) {
            let Progress { at, walked, whole } = progress.get();
            // A pattern ends where a character of the text ends, not
            // inside what one character folds to.
            if !whole {
                continue;
            }
            self.found
                .extend(walker.patterns(group).iter().map(|&id| Occurrence {
                    pattern: id as usize,
                    start,
                    end: at,
                    folded_len: walked,
                }));
        }
    }
}

/// How far a walk has read: what [`FoldedChars`] tells the walk, which
/// lends it to the trie's search.
#[derive(Clone, Copy, Debug)]
struct Progress {
    /// Where the next character of the text starts.
    at: usize,
    /// Folded bytes given so far.
    walked: usize,
    /// Whether all that the last character folds to has been given.
    whole: bool,
}

/// The folded characters of a text from some offset, folded one character
/// of the text at a time, as the trie asks for them; how far it has read
/// is kept in `progress` alone, where the walk reads it.
struct FoldedChars<'t, 'w> {
    text: &'t str,
    folding: Folding,
    /// What the last character folded to, where it is not one character
    /// found in the fold table; `pending` bytes of it have been given.
    buffer: &'w mut String,
    pending: usize,
    progress: &'w Cell<Progress>,
}

impl Iterator for FoldedChars<'_, '_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        let Progress { mut at, walked, .. } = self.progress.get();
        let bytes = self.text.as_bytes();
        let (c, whole) = loop {
            if let Some(c) = self.buffer[self.pending..].chars().next() {
                self.pending += c.len_utf8();
                break (c, self.pending == self.buffer.len());
            }
            let lead = *bytes.get(at)?;
            if lead.is_ascii() && bytes.get(at + 1).is_none_or(u8::is_ascii) {
                // ASCII folds to itself in lower case, unless a combining
                // mark follows.
                at += 1;
                break (char::from(lead.to_ascii_lowercase()), true);
            }
            if let Some(c) = two_byte_char(bytes, at)
                && !combining_at(self.text, at + 2)
                && let Some(folded) = self.folding.fold_single(c)
            {
                // Nearly every Cyrillic letter and Latin letter with marks:
                // one character, found in a table.
                at += 2;
                break (folded, true);
            }
            self.buffer.clear();
            self.pending = 0;
            at = self.folding.fold_next(self.text, at, self.buffer);
        };
        self.progress.set(Progress {
            at,
            walked: walked + c.len_utf8(),
            whole,
        });
        Some(c)
    }
}

/// The character of two bytes (U+0080 to U+07FF) that starts at `at` of
/// UTF-8 `bytes`, if one does: decoded by hand, since nearly every Cyrillic
/// letter and Latin letter with marks is one.
fn two_byte_char(bytes: &[u8], at: usize) -> Option<char> {
    let lead = *bytes.get(at)?;
    if !(0xC0..0xE0).contains(&lead) {
        return None;
    }
    let code = u32::from(lead & 0x1F) << 6 | u32::from(*bytes.get(at + 1)? & 0x3F);
    char::from_u32(code)
}

/// Collects entities, aliases, blocked forms and language rules, then
/// compiles them with [`GazetteerBuilder::build`].
#[derive(Clone, Debug, Default)]
pub struct GazetteerBuilder {
    entities: BTreeMap<String, (Entity, Vec<String>, PathBuf, u64)>,
    blocked: BTreeMap<String, (String, Blocked)>,
    languages: Vec<LanguageRules>,
    derive_partial_names: bool,
    folding: Folding,
}

impl GazetteerBuilder {
    /// An empty builder that derives surname forms for people.
    pub fn new() -> GazetteerBuilder {
        GazetteerBuilder {
            derive_partial_names: true,
            ..GazetteerBuilder::default()
        }
    }

    /// Whether a person's surname (`Stoltenberg`) and initial plus surname
    /// (`E.Qasımov`) are added as partial aliases. Default: yes.
    pub fn derive_partial_names(&mut self, yes: bool) -> &mut GazetteerBuilder {
        self.derive_partial_names = yes;
        self
    }

    /// How aliases (and the text matched against them) are folded.
    /// Default: [`Folding::Case`].
    pub fn folding(&mut self, folding: Folding) -> &mut GazetteerBuilder {
        self.folding = folding;
        self
    }

    /// Reads every gazetteer of `dir`: `*.csv` (but `block.csv`) for
    /// entities, `block.csv` for forms never to match, `lang/*.txt` for
    /// language rules. Bad rows come back as errors; the good ones are kept.
    pub fn read_dir(&mut self, dir: &Path) -> Result<Vec<Error>> {
        let mut errors = Vec::new();
        for path in &files_with_extension(dir, "csv")? {
            let result = if path.file_name().is_some_and(|n| n == "block.csv") {
                self.read_block_csv(path)
            } else {
                self.read_entity_csv(path)
            };
            match result {
                Ok(problems) => errors.extend(problems),
                Err(e) => errors.push(e),
            }
        }
        let (languages, problems) = lang::load_dir(&dir.join("lang"))?;
        errors.extend(problems);
        self.languages(languages);
        Ok(errors)
    }

    /// Adds an entity, or more aliases to an entity already added.
    pub fn entity<'a>(
        &mut self,
        id: &str,
        kind: &str,
        label: &str,
        aliases: impl IntoIterator<Item = &'a str>,
    ) -> &mut GazetteerBuilder {
        let entry = self.entities.entry(id.to_string()).or_insert_with(|| {
            let entity = Entity {
                id: id.to_string(),
                kind: kind.to_string(),
                label: label.to_string(),
                attributes: BTreeMap::new(),
            };
            (entity, Vec::new(), PathBuf::new(), 0)
        });
        entry.1.extend(aliases.into_iter().map(str::to_string));
        self
    }

    /// Sets the language rules.
    pub fn languages(&mut self, languages: Vec<LanguageRules>) -> &mut GazetteerBuilder {
        self.languages = languages;
        self.languages.sort_by(|a, b| a.code.cmp(&b.code));
        self
    }

    /// Adds a surface form never to match, in the languages listed (every
    /// language when none is).
    pub fn block(&mut self, surface: &str, languages: &[&str]) -> &mut GazetteerBuilder {
        let scope = if languages.is_empty() {
            Blocked::Everywhere
        } else {
            Blocked::In(languages.iter().map(|l| l.to_string()).collect())
        };
        self.blocked
            .entry(fold(surface))
            .or_insert_with(|| (surface.to_string(), Blocked::No))
            .1
            .widen(&scope);
        self
    }

    /// Reads one entity file. The `type` column may be left out of
    /// `people.csv`, `countries.csv` and `organizations.csv`.
    pub fn read_entity_csv(&mut self, path: &Path) -> Result<Vec<Error>> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_path(path)
            .map_err(|source| csv_error(path, source))?;
        let headers = reader
            .headers()
            .map_err(|source| csv_error(path, source))?
            .clone();
        let column = |name: &str| headers.iter().position(|h| h.trim() == name);
        let implied_kind = match path.file_stem().and_then(|s| s.to_str()) {
            Some("people") => Some("person"),
            Some("countries") => Some("country"),
            Some("organizations") => Some("organization"),
            _ => None,
        };
        let (Some(id_col), Some(label_col), Some(aliases_col)) =
            (column("id"), column("label"), column("aliases"))
        else {
            return Err(Error::line(
                path,
                1,
                "header must name the columns id, label and aliases",
            ));
        };
        let kind_col = column("type");
        if kind_col.is_none() && implied_kind.is_none() {
            return Err(Error::line(
                path,
                1,
                "no `type` column (only people.csv, countries.csv and organizations.csv may omit it)",
            ));
        }
        let fixed = [Some(id_col), Some(label_col), Some(aliases_col), kind_col];
        let attribute_cols: Vec<(usize, String)> = headers
            .iter()
            .enumerate()
            .filter(|(i, h)| !fixed.contains(&Some(*i)) && !h.trim().is_empty())
            .map(|(i, h)| (i, h.trim().to_string()))
            .collect();

        let mut errors = Vec::new();
        for record in reader.records() {
            let record = match record {
                Ok(record) => record,
                Err(source) => {
                    let line = source.position().map_or(0, |p| p.line());
                    errors.push(Error::line(path, line, source.to_string()));
                    continue;
                }
            };
            let line = record.position().map_or(0, |p| p.line());
            if record.len() != headers.len() {
                errors.push(Error::line(
                    path,
                    line,
                    format!("{} fields, the header has {}", record.len(), headers.len()),
                ));
                continue;
            }
            let field = |i: usize| record.get(i).unwrap_or("").trim();
            let id = field(id_col);
            let label = field(label_col);
            let kind = kind_col.map(field).or(implied_kind).unwrap_or("");
            if id.is_empty() {
                errors.push(Error::line(path, line, "empty id"));
                continue;
            }
            if id.chars().any(char::is_whitespace) {
                errors.push(Error::line(path, line, format!("id `{id}` has a space")));
                continue;
            }
            if kind.is_empty() {
                errors.push(Error::line(path, line, format!("`{id}`: empty type")));
                continue;
            }
            let aliases: Vec<&str> = field(aliases_col)
                .split('|')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .collect();
            if let Some(a) = aliases
                .iter()
                .find(|a| !a.chars().any(char::is_alphanumeric))
            {
                errors.push(Error::line(
                    path,
                    line,
                    format!("`{id}`: alias `{a}` has no letter"),
                ));
                continue;
            }
            if let Some(name) = std::iter::once(&label)
                .chain(&aliases)
                .find(|name| name.contains(crawdad::END_MARKER))
            {
                errors.push(Error::line(
                    path,
                    line,
                    format!("`{id}`: `{name}` holds U+FFFF, a noncharacter never matched"),
                ));
                continue;
            }
            match self.entities.get_mut(id) {
                Some((entity, known, first_path, first_line)) => {
                    if entity.kind != kind {
                        errors.push(Error::line(
                            path,
                            line,
                            format!(
                                "`{id}` has type `{kind}` here but `{}` at {}:{first_line}",
                                entity.kind,
                                first_path.display()
                            ),
                        ));
                        continue;
                    }
                    if !label.is_empty() && label != entity.label {
                        known.push(label.to_string());
                    }
                    known.extend(aliases.iter().map(|a| a.to_string()));
                }
                None => {
                    if label.is_empty() {
                        errors.push(Error::line(path, line, format!("`{id}`: empty label")));
                        continue;
                    }
                    let attributes = attribute_cols
                        .iter()
                        .map(|(i, name)| (name.clone(), field(*i).to_string()))
                        .filter(|(_, value)| !value.is_empty())
                        .collect();
                    let entity = Entity {
                        id: id.to_string(),
                        kind: kind.to_string(),
                        label: label.to_string(),
                        attributes,
                    };
                    let known = aliases.iter().map(|a| a.to_string()).collect();
                    self.entities
                        .insert(id.to_string(), (entity, known, path.to_path_buf(), line));
                }
            }
        }
        Ok(errors)
    }

    /// Reads `block.csv`: a `surface` column of forms never to match, and
    /// an optional `lang` column of space-separated language codes.
    pub fn read_block_csv(&mut self, path: &Path) -> Result<Vec<Error>> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_path(path)
            .map_err(|source| csv_error(path, source))?;
        let headers = reader.headers().map_err(|source| csv_error(path, source))?;
        let Some(surface_col) = headers.iter().position(|h| h.trim() == "surface") else {
            return Err(Error::line(path, 1, "header must name a `surface` column"));
        };
        let lang_col = headers.iter().position(|h| h.trim() == "lang");
        let mut errors = Vec::new();
        for record in reader.records() {
            match record {
                Ok(record) => match record.get(surface_col).map(str::trim) {
                    Some(surface) if !surface.is_empty() => {
                        let langs = lang_col.and_then(|i| record.get(i)).unwrap_or("");
                        let langs: Vec<&str> = langs.split_whitespace().collect();
                        self.block(surface, &langs);
                    }
                    _ => {
                        let line = record.position().map_or(0, |p| p.line());
                        errors.push(Error::line(path, line, "empty surface"));
                    }
                },
                Err(source) => {
                    let line = source.position().map_or(0, |p| p.line());
                    errors.push(Error::line(path, line, source.to_string()));
                }
            }
        }
        Ok(errors)
    }

    /// Compiles everything added so far.
    pub fn build(&self) -> Result<Gazetteer> {
        let folding = self.folding;
        let languages: Vec<LanguageRules> = self
            .languages
            .iter()
            .map(|rules| rules.folded(folding))
            .collect();
        let mut entities = Vec::with_capacity(self.entities.len());
        let mut aliases: Vec<Alias> = Vec::new();
        // Looked up only, never walked in order: a hash map is enough.
        let mut alias_index: HashMap<String, usize> = HashMap::new();
        let mut add_folded =
            |aliases: &mut Vec<Alias>,
             text: &str,
             folded: String,
             sense: std::result::Result<Sense, &Blocked>| {
                let case = CaseRule::of(text);
                let index = *alias_index.entry(folded.clone()).or_insert_with(|| {
                    aliases.push(Alias {
                        text: text.to_string(),
                        folded,
                        case,
                        script: Script::of(text),
                        senses: Vec::new(),
                        blocked: Blocked::No,
                        spellings: Vec::new(),
                    });
                    aliases.len() - 1
                });
                let alias = &mut aliases[index];
                // Where the same folded form is written twice, the laxer case
                // rule wins: someone listed it in that case on purpose.
                alias.case = alias.case.min(case);
                if folding == Folding::Diacritics {
                    let spelling = fold(text);
                    if !alias.spellings.contains(&spelling) {
                        alias.spellings.push(spelling);
                    }
                }
                let sense = match sense {
                    Ok(sense) => sense,
                    Err(scope) => {
                        alias.blocked.widen(scope);
                        return;
                    }
                };
                // Entities come one after another, each with all its names,
                // so an entity already named by this alias is the last one:
                // a surname shared by thousands is not searched each time.
                match alias.senses.last_mut() {
                    Some(known) if known.entity == sense.entity => known.partial &= sense.partial,
                    _ => alias.senses.push(sense),
                }
            };
        // Without its marks, `ə` is typed `e` (Turkish `Azerbaycan`) or `a`
        // (`Aliyev`): an alias with `ə` gets both spellings.
        let mut add =
            |aliases: &mut Vec<Alias>, text: &str, sense: std::result::Result<Sense, &Blocked>| {
                add_folded(aliases, text, folding.fold(text), sense);
                if folding == Folding::Diacritics && text.contains(['ə', 'Ə']) {
                    let typed = folding.fold(&fold(text).replace('ə', "a"));
                    add_folded(aliases, text, typed, sense);
                }
            };
        for (index, (entity, names, _, _)) in self.entities.values().enumerate() {
            let full = Ok(Sense {
                entity: index,
                partial: false,
            });
            add(&mut aliases, &entity.label, full);
            for name in names {
                add(&mut aliases, name, full);
            }
            if self.derive_partial_names && entity.kind == "person" {
                let partial = Ok(Sense {
                    entity: index,
                    partial: true,
                });
                for name in std::iter::once(&entity.label).chain(names) {
                    for form in partial_names(name) {
                        add(&mut aliases, &form, partial);
                    }
                }
            }
            entities.push(entity.clone());
        }
        for (surface, scope) in self.blocked.values() {
            add(&mut aliases, surface, Err(scope));
        }
        for alias in &mut aliases {
            alias.senses.sort();
        }

        let mut patterns = Vec::new();
        let mut strings = Vec::new();
        for (index, alias) in aliases.iter().enumerate() {
            patterns.push(Pattern {
                alias: index,
                stem: None,
            });
            strings.push(alias.folded.clone());
            for (lang, rules) in languages.iter().enumerate() {
                if rules.script != alias.script || alias.case == CaseRule::AllCaps {
                    continue;
                }
                for (rule, stem) in rules.stems.iter().enumerate() {
                    let Some(base) = alias.folded.strip_suffix(stem.ending.as_str()) else {
                        continue;
                    };
                    if base.chars().filter(|c| c.is_alphabetic()).nth(2).is_some() {
                        patterns.push(Pattern {
                            alias: index,
                            stem: Some((lang, rule)),
                        });
                        strings.push(base.to_string());
                    }
                }
            }
        }
        let mut all: Vec<(&str, u32)> = strings.iter().map(String::as_str).zip(0..).collect();
        all.sort_unstable();
        let lowercase: Vec<(&str, u32)> = all
            .iter()
            .filter(|&&(_, id)| aliases[patterns[id as usize].alias].case == CaseRule::Any)
            .copied()
            .collect();
        // The largest parts of the build, side by side where there are
        // threads for both.
        let (all_trie, (lowercase_trie, start_flags)) = rayon::join(
            || Walker::new(&all),
            || {
                let start_flags = StartFlags::new(&all, &lowercase, folding);
                (Walker::new(&lowercase), start_flags)
            },
        );
        let attribute_names: BTreeSet<String> = entities
            .iter()
            .flat_map(|e| e.attributes.keys().cloned())
            .collect();
        let mut languages_by_script: BTreeMap<Script, Vec<usize>> = BTreeMap::new();
        for (index, rules) in languages.iter().enumerate() {
            languages_by_script
                .entry(rules.script)
                .or_default()
                .push(index);
        }
        let language_indices = (0..languages.len()).collect();
        Ok(Gazetteer {
            entities,
            aliases,
            patterns,
            all: all_trie?,
            lowercase: lowercase_trie?,
            start_flags,
            languages,
            languages_by_script,
            language_indices,
            attribute_names: attribute_names.into_iter().collect(),
            folding,
        })
    }
}

/// The files of `dir` (not its subfolders) named `*.ext`, sorted.
fn files_with_extension(dir: &Path, ext: &str) -> Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let path = entry.map_err(|e| Error::io(dir, e))?.path();
        if path.extension().is_some_and(|e| e == ext) {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

fn csv_error(path: &Path, cause: csv::Error) -> Error {
    Error::Csv {
        path: path.to_path_buf(),
        cause,
    }
}

/// The partial forms of a person's full name: the surname (`Qasımov`) and
/// the initial plus surname with and without a space (`E.Qasımov`,
/// `E. Qasımov`). A one-word name has none.
fn partial_names(full: &str) -> Vec<String> {
    let words: Vec<&str> = full.split_whitespace().collect();
    let (Some(first), Some(surname)) = (words.first(), words.last()) else {
        return Vec::new();
    };
    // A regnal name (`Charles III`, `Carl XVI Gustaf`) has no surname.
    let regnal = |word: &&str| word.chars().all(|c| "IVXLCDM".contains(c));
    if words.len() < 2
        || surname.chars().filter(|c| c.is_alphabetic()).count() < 3
        || !surname.chars().next().is_some_and(char::is_uppercase)
        || words.iter().any(regnal)
    {
        return Vec::new();
    }
    let mut forms = vec![surname.to_string()];
    if let Some(initial) = first.chars().next().filter(|c| c.is_uppercase()) {
        forms.push(format!("{initial}.{surname}"));
        forms.push(format!("{initial}. {surname}"));
    }
    forms
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn case_rules_follow_how_the_alias_is_written() {
        assert_eq!(CaseRule::of("NATO"), CaseRule::AllCaps);
        assert_eq!(CaseRule::of("ЕС"), CaseRule::AllCaps);
        assert_eq!(CaseRule::of("UNESCO"), CaseRule::Capitalized, "six letters");
        assert_eq!(CaseRule::of("İsveç"), CaseRule::Capitalized);
        assert_eq!(CaseRule::of("de Gaulle"), CaseRule::Any);
        assert!(CaseRule::AllCaps.allows("NATO"));
        assert!(!CaseRule::AllCaps.allows("Nato"));
        assert!(!CaseRule::Capitalized.allows("mali"));
        assert!(CaseRule::Capitalized.allows("İSVEÇ"));
    }

    fn gazetteer_of(names: &[&str]) -> Gazetteer {
        let mut builder = GazetteerBuilder::new();
        builder.derive_partial_names(false);
        for (i, name) in names.iter().enumerate() {
            builder.entity(&format!("Q{i}"), "person", name, [*name]);
        }
        builder.build().unwrap()
    }

    #[test]
    fn occurrences_start_only_where_words_start() {
        let gazetteer = gazetteer_of(&["Mali", "NATO", "Li", "İsveç"]);
        let found = |text: &str| -> Vec<(String, usize)> {
            gazetteer
                .occurrences(text)
                .map(|o| (text[o.start..o.end].to_string(), o.start))
                .collect()
        };
        assert_eq!(found("Somali"), vec![], "no pattern inside a word");
        assert_eq!(found("MALI"), vec![("MALI".into(), 0)]);
        assert_eq!(
            found("(Nato) li, mali"),
            vec![("Nato".into(), 1), ("li".into(), 7), ("mali".into(), 11)]
        );
        // `mali` ends with `li`; the suffix does not start a word.
        assert_eq!(found("mali."), vec![("mali".into(), 0)]);
        // Folded as walked: `İ` is two bytes written, one folded.
        assert_eq!(found("İSVEÇ və"), vec![("İSVEÇ".into(), 0)]);
        // No name starts with `e`, but with its accent it is `é`.
        let gazetteer = gazetteer_of(&["Élysée"]);
        let text = "E\u{301}lysée";
        let found: Vec<_> = gazetteer
            .occurrences(text)
            .map(|o| (o.start, o.end))
            .collect();
        assert_eq!(found, vec![(0, text.len())]);
    }

    #[test]
    fn each_walk_folds_afresh() {
        // `e` + U+0301 and `ﬁ` are folded outside the table, into a buffer
        // that the next walk must not read again.
        let gazetteer = gazetteer_of(&["Café Noir", "Fiji", "NATO"]);
        for text in ["Cafe\u{301} NATO", "ﬁx NATO", "ﬁji NATO"] {
            let found: Vec<&str> = gazetteer
                .occurrences(text)
                .map(|o| &text[o.start..o.end])
                .collect();
            assert_eq!(found.last(), Some(&"NATO"), "in {text:?}");
        }
    }

    /// Up to eight names that start with a letter of `initials`, and a text
    /// of random characters with some of the names written in it.
    fn names_and_text(initials: &'static str) -> impl Strategy<Value = (Vec<String>, String)> {
        let name = proptest::string::string_regex(&format!("{initials}[a-cfié ]{{0,11}}"))
            .expect("a valid pattern");
        proptest::collection::vec(name, 1..8).prop_flat_map(|names| {
            let piece = prop_oneof![
                proptest::sample::select(names.clone()),
                "[a-ceé İIﬁ.\u{301}]{0,6}",
            ];
            let text = proptest::collection::vec(piece, 0..10).prop_map(|p| p.concat());
            (Just(names), text)
        })
    }

    proptest::proptest! {
        /// Folding word by word as the walk goes finds exactly what a full
        /// overlapping scan of the folded text finds where no word
        /// character comes before and a character of the text ends.
        #[test]
        fn occurrences_match_a_full_scan((names, text) in names_and_text("[a-cfié]")) {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let gazetteer = gazetteer_of(&names);
            let folded = gazetteer.folding().fold_text(&text);
            let haystack = folded.folded.as_str();
            let strings: Vec<&str> = gazetteer.aliases().iter().map(|a| a.folded.as_str()).collect();
            let full = aho_corasick::AhoCorasick::new(&strings).unwrap();
            let ends_a_char = |end: usize| {
                end == haystack.len() || folded.original_start(end) != folded.original_start(end - 1)
            };
            let mut expected: Vec<(usize, usize, usize)> = full
                .find_overlapping_iter(haystack)
                .filter(|m| !haystack[..m.start()].chars().next_back().is_some_and(is_word_char))
                .filter(|m| ends_a_char(m.end()))
                .map(|m| {
                    let start = folded.original_start(m.start());
                    (start, folded.original_end(m.end()), m.pattern().as_usize())
                })
                .collect();
            expected.sort();
            let mut walked: Vec<(usize, usize, usize)> = gazetteer
                .occurrences(&text)
                .map(|o| (o.start, o.end, o.pattern))
                .collect();
            walked.sort();
            proptest::prop_assert_eq!(walked, expected);
        }

        /// The occurrences left out by case are exactly those whose case
        /// rule cannot hold, so the matcher loses nothing by them.
        #[test]
        fn cased_occurrences_leave_out_only_what_case_rules_out(
            (names, text) in names_and_text("[a-cAB1ÉİIé]"),
        ) {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let gazetteer = gazetteer_of(&names);
            let cased: Vec<Occurrence> = gazetteer.cased_occurrences(&text).collect();
            let all: Vec<Occurrence> = gazetteer.occurrences(&text).collect();
            let case_holds = |o: &Occurrence| {
                let alias = &gazetteer.aliases()[gazetteer.patterns()[o.pattern].alias];
                alias.case.allows(&text[o.start..o.end])
            };
            let kept: Vec<Occurrence> = all.iter().copied().filter(|o| cased.contains(o)).collect();
            proptest::prop_assert_eq!(&kept, &cased, "a subset, in the same order");
            for left_out in all.iter().filter(|o| !cased.contains(o)) {
                proptest::prop_assert!(!case_holds(left_out), "{left_out:?} left out");
            }
        }
    }

    #[test]
    fn partial_names_of_a_person() {
        assert_eq!(
            partial_names("Elçin Qasımov"),
            ["Qasımov", "E.Qasımov", "E. Qasımov"]
        );
        assert_eq!(partial_names("Ştaynmayer"), Vec::<String>::new());
        assert_eq!(partial_names("Charles III"), Vec::<String>::new());
        assert_eq!(partial_names("Carl XVI Gustaf"), Vec::<String>::new());
    }

    #[test]
    fn rows_with_the_same_id_add_aliases() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("people.csv");
        std::fs::write(
            &path,
            "id,label,aliases,wikidata\n\
             Q1,İlham Əliyev,Ilham Aliyev|Ильхам Алиев,Q1\n\
             Q1,,Ilham Alijew,\n\
             ,Nobody,Nobody,\n\
             Q2,,Jens Stoltenberg,\n\
             Q3,Too,Many,Fields,Here\n",
        )
        .unwrap();
        let mut builder = GazetteerBuilder::new();
        let errors = builder.read_entity_csv(&path).unwrap();
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        let file = path.display();
        assert_eq!(
            messages,
            [
                format!("{file}:4: empty id"),
                format!("{file}:5: `Q2`: empty label"),
                format!("{file}:6: 5 fields, the header has 4"),
            ]
        );
        let gazetteer = builder.build().unwrap();
        assert_eq!(gazetteer.entities().len(), 1);
        assert_eq!(gazetteer.entities()[0].kind, "person");
        assert_eq!(gazetteer.entities()[0].attributes["wikidata"], "Q1");
        let folded: Vec<&str> = gazetteer
            .aliases()
            .iter()
            .map(|a| a.folded.as_str())
            .collect();
        for form in [
            "ilham əliyev",
            "ilham alijew",
            "ильхам алиев",
            "əliyev",
            "i.əliyev",
        ] {
            assert!(folded.contains(&form), "{form} in {folded:?}");
        }
    }

    #[test]
    fn diacritic_folding_spells_schwa_both_ways() {
        let mut builder = GazetteerBuilder::new();
        builder
            .folding(Folding::Diacritics)
            .entity("Q57371", "person", "İlham Əliyev", ["Ильхам Алиев"])
            .entity("Q227", "country", "Azərbaycan", ["Türkei"]);
        let gazetteer = builder.build().unwrap();
        let folded: BTreeSet<&str> = gazetteer
            .aliases()
            .iter()
            .map(|a| a.folded.as_str())
            .collect();
        for form in [
            "ilham eliyev",
            "ilham aliyev",
            "eliyev",
            "aliyev",
            "azerbaycan",
            "azarbaycan",
            "turkei",
            "ильхам алиев",
        ] {
            assert!(folded.contains(form), "{form} in {folded:?}");
        }
        assert_eq!(gazetteer.folding(), Folding::Diacritics);
    }

    #[test]
    fn shared_types_are_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Gazetteer>();
        assert_send_sync::<GazetteerBuilder>();
    }
}
