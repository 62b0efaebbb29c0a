//! Text stage: case folding, language guess, and the sentence and paragraph
//! units co-occurrence is counted in.
//!
//! The gazetteer's trie matches folded text, and folding happens here: the
//! matcher folds each word it walks one character at a time
//! ([`Folding::fold_next`]), and [`FoldedText`] folds a whole text with the
//! way back to where each character was written.

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{canonical_combining_class, decompose_canonical};

/// How far text and aliases are folded before matching. Both sides of a
/// match are folded the same way, so the gazetteer decides it once.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Folding {
    /// Case only: `TÜRKİYE` matches `Türkiye`, `Turkiye` does not.
    #[default]
    Case,
    /// Case and the marks of Latin letters, for text typed without them:
    /// `Turkiye` matches `Türkiye`, `Aliyev` matches `Əliyev` (`ə` folds to
    /// `e`; the gazetteer adds the `a` spelling of such aliases). Cyrillic
    /// keeps its marks: `й` is a letter of its own, not `и`.
    Diacritics,
}

impl Folding {
    /// Folds one character and appends the result to `out`.
    ///
    /// ```
    /// use entgraph::text::Folding;
    /// let mut out = String::new();
    /// for c in "İŞƏй".chars() {
    ///     Folding::Case.fold_char(c, &mut out);
    /// }
    /// for c in "İŞƏй".chars() {
    ///     Folding::Diacritics.fold_char(c, &mut out);
    /// }
    /// assert_eq!(out, "işəйiseй");
    /// ```
    pub fn fold_char(self, c: char, out: &mut String) {
        match c {
            'İ' | 'I' | 'ı' => out.push('i'),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => match self {
                Folding::Case => out.extend(c.to_lowercase()),
                Folding::Diacritics => {
                    for lower in c.to_lowercase() {
                        push_without_marks(lower, out);
                    }
                }
            },
        }
    }

    /// Folds a whole string (an alias, an ending) the way text is folded.
    ///
    /// ```
    /// use entgraph::text::Folding;
    /// assert_eq!(Folding::Case.fold("İSVEÇ"), Folding::Case.fold("Isveç"));
    /// assert_eq!(Folding::Diacritics.fold("Azərbaycan"), "azerbaycan");
    /// ```
    pub fn fold(self, s: &str) -> String {
        self.fold_text(s).folded
    }

    /// Appends `s` folded, as [`Folding::fold`] gives it, to `out`: the
    /// matcher folds what follows every alias it finds, into one buffer.
    pub fn fold_into(self, s: &str, out: &mut String) {
        let mut at = 0;
        while at < s.len() {
            at = self.fold_next(s, at, out);
        }
    }

    /// Folds `text` and records where each folded byte came from.
    ///
    /// Text that is already NFC (almost all news) costs one pass; a
    /// combining sequence is composed first so `e` + U+0301 matches `é`.
    /// Runs of ASCII are folded a run at a time, and the characters of the
    /// scripts news is written in (Latin, Greek, Cyrillic, punctuation)
    /// through a table built from [`Folding::fold_char`], so a character
    /// folds the same on every path.
    pub fn fold_text(self, text: &str) -> FoldedText {
        let bytes = text.as_bytes();
        let table = self.table();
        let mut folded = String::with_capacity(text.len() + 8);
        let mut reshaped = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            let lead = bytes[at];
            if lead.is_ascii() {
                // The last character of a run is left to the general path
                // when a combining mark follows it.
                let mut end = ascii_run_end(bytes, at);
                if combining_at(text, end) {
                    end -= 1;
                }
                if end > at {
                    let from = folded.len();
                    folded.push_str(&text[at..end]);
                    folded[from..].make_ascii_lowercase();
                    at = end;
                    continue;
                }
            } else if (0xC2..0xE0).contains(&lead) && !combining_at(text, at + 2) {
                // A two-byte character (Latin, Greek, Cyrillic) through the
                // table, without decoding it as a `char`.
                let code = usize::from(lead & 0x1F) << 6 | usize::from(bytes[at + 1] & 0x3F);
                let entry = table[code];
                if entry.len > 0 {
                    if entry.len != 2 {
                        reshaped.push(Reshaped {
                            folded: folded.len()..folded.len() + usize::from(entry.len),
                            original: at..at + 2,
                        });
                    }
                    folded.push(entry.char);
                    at += 2;
                    continue;
                }
            }
            let start = at;
            let folded_start = folded.len();
            at = self.fold_next(text, at, &mut folded);
            let one_for_one = folded.len() - folded_start == at - start
                && folded[folded_start..].chars().nth(1).is_none()
                && text[start..at].chars().nth(1).is_none();
            if !one_for_one {
                reshaped.push(Reshaped {
                    folded: folded_start..folded.len(),
                    original: start..at,
                });
            }
        }
        FoldedText {
            folded,
            reshaped,
            original_len: text.len(),
        }
    }

    /// Folds the character that starts at `at` (a character boundary of
    /// `text`), with the combining marks after it, onto `out`; returns where
    /// the next character starts. The matcher folds a word this way as it
    /// walks it, exactly as [`Folding::fold_text`] folds the whole text.
    pub fn fold_next(self, text: &str, at: usize, out: &mut String) -> usize {
        let Some(c) = text[at..].chars().next() else {
            return at;
        };
        let mut end = at + c.len_utf8();
        if combining_at(text, end) {
            let mut cluster = String::from(c);
            for next in text[end..].chars().take_while(|&next| is_combining(next)) {
                cluster.push(next);
                end += next.len_utf8();
            }
            for composed in cluster.nfc() {
                self.fold_char(composed, out);
            }
        } else {
            match self.fold_single(c) {
                Some(folded) => out.push(folded),
                None => self.fold_char(c, out),
            }
        }
        end
    }

    /// What `c` folds to, where the table knows it to be one character:
    /// no string is built for it.
    pub(crate) fn fold_single(self, c: char) -> Option<char> {
        self.table()
            .get(c as usize)
            .filter(|entry| entry.len > 0)
            .map(|entry| entry.char)
    }

    /// What each character below U+2070 folds to, where that is one
    /// character; built once per folding from [`Folding::fold_char`].
    fn table(self) -> &'static [FoldedChar] {
        static CASE: LazyLock<Vec<FoldedChar>> = LazyLock::new(|| fold_table(Folding::Case));
        static DIACRITICS: LazyLock<Vec<FoldedChar>> =
            LazyLock::new(|| fold_table(Folding::Diacritics));
        match self {
            Folding::Case => &CASE,
            Folding::Diacritics => &DIACRITICS,
        }
    }
}

/// What one character folds to, and its length in UTF-8; `len` 0 where
/// folding gives more than one character and [`Folding::fold_char`] must
/// decide.
#[derive(Clone, Copy, Debug, Default)]
struct FoldedChar {
    char: char,
    len: u8,
}

/// The table behind [`Folding::table`]: Latin, Greek, Cyrillic and general
/// punctuation, where nearly all news text is.
fn fold_table(folding: Folding) -> Vec<FoldedChar> {
    const END: u32 = 0x2070;
    let mut out = String::new();
    (0..END)
        .map(|code| {
            let Some(c) = char::from_u32(code) else {
                return FoldedChar::default();
            };
            out.clear();
            folding.fold_char(c, &mut out);
            let mut chars = out.chars();
            match (chars.next(), chars.next()) {
                (Some(single), None) => FoldedChar {
                    char: single,
                    len: single.len_utf8() as u8,
                },
                _ => FoldedChar::default(),
            }
        })
        .collect()
}

/// Where the run of ASCII bytes starting at `at` ends, eight bytes at a
/// time.
fn ascii_run_end(bytes: &[u8], mut at: usize) -> usize {
    while let Some(word) = bytes.get(at..at + 8) {
        let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        if word & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        at += 8;
    }
    bytes[at..]
        .iter()
        .position(|b| !b.is_ascii())
        .map_or(bytes.len(), |n| at + n)
}

/// Whether a combining mark starts at byte `at` of `text` (a character
/// boundary, or the end).
pub(crate) fn combining_at(text: &str, at: usize) -> bool {
    match text.as_bytes().get(at) {
        // Below U+0300, where the first combining marks are.
        None | Some(0..=0xCB) => false,
        // U+0380 to U+047F: Greek and Cyrillic letters.
        Some(0xCE..=0xD1) => false,
        Some(_) => text[at..].chars().next().is_some_and(is_combining),
    }
}

/// Appends a lowercase letter without its marks where it is a Latin letter
/// (`ü` → `u`, `ş` → `s`); letters with no decomposition that readers type
/// as a plain one are mapped by hand (`ə` → `e`, `ø` → `o`, `ł` → `l`).
fn push_without_marks(c: char, out: &mut String) {
    match c {
        'ə' => out.push('e'),
        'ø' => out.push('o'),
        'ł' => out.push('l'),
        'đ' => out.push('d'),
        '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}' => {
            decompose_canonical(c, |part| {
                if !is_combining(part) {
                    out.push(part);
                }
            });
        }
        c => out.push(c),
    }
}

/// Folds one character with [`Folding::Case`].
///
/// ```
/// let mut out = String::new();
/// entgraph::text::fold_char('İ', &mut out);
/// entgraph::text::fold_char('Ş', &mut out);
/// assert_eq!(out, "iş");
/// ```
pub fn fold_char(c: char, out: &mut String) {
    Folding::Case.fold_char(c, out);
}

/// Folds a whole string with [`Folding::Case`].
///
/// ```
/// assert_eq!(entgraph::text::fold("İSVEÇ"), entgraph::text::fold("Isveç"));
/// ```
pub fn fold(s: &str) -> String {
    Folding::Case.fold(s)
}

/// Text folded for matching, with the way back to the original.
#[derive(Clone, Debug, Default)]
pub struct FoldedText {
    /// NFC, case-folded text.
    pub folded: String,
    /// The characters (or combining sequences) that did not fold to one
    /// character of their own length (`İ` → `i`, `ﬁ` → `fi`, `e` + U+0301 →
    /// `é`), in order. Every other character folds in place, a fixed number
    /// of bytes away from where it was written: nearly all news text folds
    /// without one, so only these are kept.
    reshaped: Vec<Reshaped>,
    /// Length of the original text in bytes.
    original_len: usize,
}

/// A character or combining sequence whose folded bytes do not stand one for
/// one for its original bytes.
#[derive(Clone, Debug)]
struct Reshaped {
    folded: Range<usize>,
    original: Range<usize>,
}

impl FoldedText {
    /// Original byte offset of a folded start offset (a character boundary
    /// of `folded`): where the character it came from starts.
    pub fn original_start(&self, folded_start: usize) -> usize {
        match self.reshaped_before(folded_start + 1) {
            Some(r) if r.folded.contains(&folded_start) => r.original.start,
            before => self.in_place(folded_start, before),
        }
        .min(self.original_len)
    }

    /// Original byte offset of a folded end offset (exclusive; a character
    /// boundary of `folded`). An end inside the expansion of one original
    /// character is moved past that character.
    pub fn original_end(&self, folded_end: usize) -> usize {
        if folded_end == 0 {
            return 0;
        }
        match self.reshaped_before(folded_end) {
            Some(r) if r.folded.contains(&(folded_end - 1)) => r.original.end,
            before => self.in_place(folded_end, before),
        }
        .min(self.original_len)
    }

    /// The last reshaped character that starts before folded offset `end`.
    fn reshaped_before(&self, end: usize) -> Option<&Reshaped> {
        let after = self.reshaped.partition_point(|r| r.folded.start < end);
        after.checked_sub(1).map(|i| &self.reshaped[i])
    }

    /// Where folded offset `at` lies in the original, for a character that
    /// folded in place after `before`.
    fn in_place(&self, at: usize, before: Option<&Reshaped>) -> usize {
        let (folded, original) = before.map_or((0, 0), |r| (r.folded.end, r.original.end));
        original + (at - folded)
    }
}

/// Folds `text` with [`Folding::Case`].
pub fn fold_text(text: &str) -> FoldedText {
    Folding::Case.fold_text(text)
}

/// Whether `c` is a combining mark. Latin, Greek and Cyrillic letters are
/// ruled out by range first: the table lookup is the costly part of folding.
fn is_combining(c: char) -> bool {
    match c {
        '\0'..='\u{2FF}' | '\u{370}'..='\u{482}' | '\u{48A}'..='\u{590}' => false,
        _ => canonical_combining_class(c) != 0,
    }
}

/// A character that is part of a word: names start and end where these stop.
pub fn is_word_char(c: char) -> bool {
    match below_0800(c) {
        Some(flags) => flags & WORD != 0,
        None => is_word_char_uncached(c),
    }
}

/// Whether `c` is a lowercase letter, as [`char::is_lowercase`].
pub fn is_lowercase(c: char) -> bool {
    match below_0800(c) {
        Some(flags) => flags & LOWERCASE != 0,
        None => c.is_lowercase(),
    }
}

const WORD: u8 = 1;
const LOWERCASE: u8 = 2;

/// The [`WORD`] and [`LOWERCASE`] flags of a character below U+0800 (Latin,
/// Greek, Cyrillic…), from a table: the matcher and the segmenter ask for
/// nearly every character of a text.
fn below_0800(c: char) -> Option<u8> {
    static FLAGS: LazyLock<Vec<u8>> = LazyLock::new(|| {
        (0..0x800)
            .map(|code| match char::from_u32(code) {
                Some(c) => {
                    let word = if is_word_char_uncached(c) { WORD } else { 0 };
                    let lowercase = if c.is_lowercase() { LOWERCASE } else { 0 };
                    word | lowercase
                }
                None => 0,
            })
            .collect()
    });
    FLAGS.get(c as usize).copied()
}

fn is_word_char_uncached(c: char) -> bool {
    c.is_alphanumeric() || is_combining(c)
}

/// The writing system of a word, which decides which language's inflection
/// rules may apply to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Script {
    /// Latin letters (az, tr, de, en…).
    Latin,
    /// Cyrillic letters (ru, uk…).
    Cyrillic,
    /// Anything else (Georgian, Armenian, Arabic…): no inflection rules yet.
    Other,
}

impl Script {
    /// The script of the first letter of `s`.
    pub fn of(s: &str) -> Script {
        match s.chars().find(|c| c.is_alphabetic()) {
            Some(c) if ('\u{0400}'..='\u{052F}').contains(&c) => Script::Cyrillic,
            Some(c) if c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c) => {
                Script::Latin
            }
            Some('ə' | 'Ə') => Script::Latin,
            _ => Script::Other,
        }
    }
}

/// The languages whose ISO 639-1 code names them (as `gazetteers/lang/`
/// and records' `lang` fields do), with whatlang's ISO 639-3 code; any
/// other language goes by its ISO 639-3 code.
const SHORT_CODES: &[(&str, &str)] = &[
    ("az", "aze"),
    ("tr", "tur"),
    ("ru", "rus"),
    ("uk", "ukr"),
    ("de", "deu"),
    ("en", "eng"),
    ("fr", "fra"),
    ("es", "spa"),
    ("it", "ita"),
    ("pt", "por"),
    ("nl", "nld"),
    ("pl", "pol"),
    ("ka", "kat"),
    ("hy", "hye"),
    ("be", "bel"),
    ("kk", "kaz"),
];

/// Guesses the language of a text, among every language whatlang knows or
/// among the few a dump is known to hold.
///
/// A guess compares the text with the trigram profile of every candidate
/// language of its script (about 40 for Latin), whatever the text's
/// length: naming fewer candidates makes it that much cheaper.
#[derive(Clone, Debug, Default)]
pub struct LanguageGuesser {
    detector: whatlang::Detector,
}

impl LanguageGuesser {
    /// A guesser choosing only among `codes` (`az`, `ru`… or ISO 639-3
    /// codes); `Err` holds the first code whatlang does not know.
    pub fn among<S: AsRef<str>>(codes: &[S]) -> Result<LanguageGuesser, String> {
        let languages = codes
            .iter()
            .map(|code| {
                let code = code.as_ref();
                let long = SHORT_CODES
                    .iter()
                    .find(|(short, _)| *short == code)
                    .map_or(code, |(_, long)| long);
                whatlang::Lang::from_code(long).ok_or_else(|| code.to_string())
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(LanguageGuesser {
            detector: whatlang::Detector::with_allowlist(languages),
        })
    }

    /// The language of `text` as an ISO 639-1 code where there is one
    /// (`az`, `tr`, `ru`, `uk`, `de`, `en`…), else the ISO 639-3 code.
    ///
    /// Only the first kilobyte or so is read: a hundred words are enough
    /// for a reliable guess.
    pub fn guess(&self, text: &str) -> Option<String> {
        const SAMPLE: usize = 1200;
        let mut end = text.len().min(SAMPLE);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let code = self.detector.detect_lang(&text[..end])?.code();
        let short = SHORT_CODES
            .iter()
            .find(|(_, long)| *long == code)
            .map_or(code, |(short, _)| short);
        Some(short.to_string())
    }
}

/// Splits text into sentences and paragraphs, the units co-occurrence is
/// counted in.
///
/// A period does not end a sentence after an initial (`E.Qasımov`,
/// `z. B.`, `т. е.`), after a listed abbreviation (`Dr.`), or after a number
/// followed by a month name (`14. Dezember`). A line break ends a sentence
/// unless the next line goes on in lower case (hard-wrapped text); a blank
/// line ends a paragraph.
#[derive(Clone, Debug, Default)]
pub struct Segmenter {
    abbreviations: BTreeSet<String>,
    /// Letters in the longest abbreviation: a longer word before a full
    /// stop (nearly every one) is not looked up.
    longest_abbreviation: usize,
    months: BTreeSet<String>,
}

/// Sentence and paragraph spans of one text, as byte ranges.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Segments {
    /// Sentences in order; they cover every non-blank part of the text.
    pub sentences: Vec<Range<usize>>,
    /// Paragraphs in order.
    pub paragraphs: Vec<Range<usize>>,
}

impl Segments {
    /// Index of the sentence holding byte `offset` (the last one starting at
    /// or before it).
    pub fn sentence_of(&self, offset: usize) -> usize {
        unit_of(&self.sentences, offset)
    }

    /// Index of the paragraph holding byte `offset`.
    pub fn paragraph_of(&self, offset: usize) -> usize {
        unit_of(&self.paragraphs, offset)
    }
}

fn unit_of(units: &[Range<usize>], offset: usize) -> usize {
    units
        .partition_point(|unit| unit.start <= offset)
        .saturating_sub(1)
}

impl Segmenter {
    /// A segmenter that knows these abbreviations and month names (from the
    /// language rules), compared case-insensitively.
    pub fn new<'a>(
        abbreviations: impl IntoIterator<Item = &'a str>,
        months: impl IntoIterator<Item = &'a str>,
    ) -> Segmenter {
        let abbreviations: BTreeSet<String> = abbreviations.into_iter().map(fold).collect();
        Segmenter {
            longest_abbreviation: abbreviations
                .iter()
                .map(|a| a.chars().count())
                .max()
                .unwrap_or(0),
            abbreviations,
            months: months.into_iter().map(fold).collect(),
        }
    }

    /// Splits `text`.
    pub fn segment(&self, text: &str) -> Segments {
        let mut segments = Segments::default();
        let mut sentence_start: Option<usize> = None;
        let mut paragraph_start: Option<usize> = None;
        let mut marks = MarkFinder::new(text);
        let mut i = 0;
        while i < text.len() {
            if sentence_start.is_some() && paragraph_start.is_some() {
                // Inside a sentence only line breaks and sentence marks
                // matter: skip to the next one.
                i = marks.next(i);
                if i == text.len() {
                    break;
                }
            }
            let c = text[i..].chars().next().expect("i is a char boundary");
            let width = c.len_utf8();
            if c == '\n' {
                let next = skip_spaces(text, i + 1);
                let blank_line = text[i + 1..next].contains('\n');
                if blank_line || !continues_lowercase(text, next) {
                    close(&mut segments.sentences, &mut sentence_start, text, i);
                }
                if blank_line {
                    close(&mut segments.paragraphs, &mut paragraph_start, text, i);
                }
                i = next;
                continue;
            }
            if !c.is_whitespace() {
                sentence_start.get_or_insert(i);
                paragraph_start.get_or_insert(i);
            }
            if matches!(c, '.' | '!' | '?' | '…') {
                let mut end = i + width;
                while let Some(q) = text[end..].chars().next() {
                    if !matches!(q, '"' | '”' | '»' | ')' | '\'' | '’' | '“') {
                        break;
                    }
                    end += q.len_utf8();
                }
                let next = skip_spaces(text, end);
                let spaced = next > end && !text[end..next].contains('\n');
                if spaced && self.ends_sentence(text, i, c, next) {
                    close(&mut segments.sentences, &mut sentence_start, text, end);
                }
                i = end.max(i + width);
                continue;
            }
            i += width;
            debug_assert!(i <= text.len());
        }
        close(
            &mut segments.sentences,
            &mut sentence_start,
            text,
            text.len(),
        );
        close(
            &mut segments.paragraphs,
            &mut paragraph_start,
            text,
            text.len(),
        );
        segments
    }

    /// Whether the punctuation `mark` at `at`, followed by the word starting
    /// at `next`, ends a sentence.
    fn ends_sentence(&self, text: &str, at: usize, mark: char, next: usize) -> bool {
        let Some(first) = text[next..].chars().next() else {
            return false;
        };
        if is_lowercase(first) {
            return false;
        }
        if mark != '.' {
            return true;
        }
        let word_start = text[..at]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_word_char(c))
            .last()
            .map_or(at, |(i, _)| i);
        let word = &text[word_start..at];
        let letters = word.chars().count();
        if letters == 1 && word.chars().all(char::is_alphabetic) {
            return false;
        }
        // Folding gives at least one letter for each that is not a mark.
        let folds_short =
            || word.chars().filter(|&c| !is_combining(c)).count() <= self.longest_abbreviation;
        if letters > 0 && folds_short() && self.abbreviations.contains(&fold(word)) {
            return false;
        }
        if !word.is_empty() && word.chars().all(|c| c.is_ascii_digit()) {
            let next_word: String = text[next..]
                .chars()
                .take_while(|&c| is_word_char(c))
                .collect();
            if self.months.contains(&fold(&next_word)) {
                return false;
            }
        }
        true
    }
}

/// Finds the bytes that may end a sentence or a line, `\n . ! ?` and the
/// first byte of `…`, with vector searches: `\n . …` in one pass, and the
/// rarer `! ?` in another, whose answer is kept until the text read passes
/// it, so that the text is not searched for them again at every full stop.
struct MarkFinder<'t> {
    bytes: &'t [u8],
    /// The first `!` or `?` at or after where the last search started, or
    /// the end of the text; `None` before the first search.
    next_rare: Option<usize>,
}

impl<'t> MarkFinder<'t> {
    fn new(text: &'t str) -> MarkFinder<'t> {
        MarkFinder {
            bytes: text.as_bytes(),
            next_rare: None,
        }
    }

    /// Offset of the first mark at or after `at`, or the text's length;
    /// `at` must not go back from one call to the next.
    fn next(&mut self, at: usize) -> usize {
        let bytes = self.bytes;
        let next_rare = match self.next_rare {
            Some(rare) if rare >= at => rare,
            _ => memchr::memchr2(b'!', b'?', &bytes[at..]).map_or(bytes.len(), |n| at + n),
        };
        self.next_rare = Some(next_rare);
        memchr::memchr3(b'\n', b'.', 0xE2, &bytes[at..next_rare]).map_or(next_rare, |n| at + n)
    }
}

/// Offset of the first character at or after `from` that is not a space or
/// tab or line break.
fn skip_spaces(text: &str, from: usize) -> usize {
    text[from..]
        .char_indices()
        .find(|&(_, c)| !c.is_whitespace())
        .map_or(text.len(), |(i, _)| from + i)
}

fn continues_lowercase(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_some_and(is_lowercase)
}

/// Ends the open unit (if any) at `end`, trimming trailing whitespace.
fn close(units: &mut Vec<Range<usize>>, start: &mut Option<usize>, text: &str, end: usize) {
    if let Some(s) = start.take() {
        let trimmed = s + text[s..end].trim_end().len();
        units.push(s..trimmed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_character_table_agrees_with_unicode() {
        for c in ('\0'..='\u{3000}').chain(['𝐀', '𝐚']) {
            assert_eq!(is_lowercase(c), c.is_lowercase(), "{c:?}");
            assert_eq!(is_word_char(c), is_word_char_uncached(c), "{c:?}");
        }
    }

    #[test]
    fn diacritic_folding_strips_latin_marks_only() {
        let folding = Folding::Diacritics;
        for (written, typed) in [
            ("Türkiye", "Turkiye"),
            ("Gürcüstanın", "Gurcustanin"),
            ("Ştaynmayer", "Staynmayer"),
            ("Çavuşoğlu", "Cavusoglu"),
            ("ƏLİYEV", "eliyev"),
            ("Łukaszenka", "Lukaszenka"),
        ] {
            assert_eq!(folding.fold(written), folding.fold(typed), "{written}");
        }
        assert_eq!(folding.fold("Алиев и Зеленский"), "алиев и зеленский");
        assert_eq!(folding.fold("Straße"), "straße");
        assert_ne!(Folding::Case.fold("Türkiye"), Folding::Case.fold("Turkiye"));
    }

    #[test]
    fn diacritic_folding_maps_back_to_whole_letters() {
        let text = "Gürcüstan və Azərbaycan";
        let folded = Folding::Diacritics.fold_text(text);
        assert_eq!(folded.folded, "gurcustan ve azerbaycan");
        let start = folded.folded.find("azerbaycan").unwrap();
        let end = start + "azerbaycan".len();
        let span = folded.original_start(start)..folded.original_end(end);
        assert_eq!(&text[span], "Azərbaycan");
    }

    fn sentences(text: &str) -> Vec<&str> {
        let segmenter = Segmenter::new(["Dr", "z", "B", "т", "е"], ["dezember", "dekabr"]);
        segmenter
            .segment(text)
            .sentences
            .iter()
            .map(|r| &text[r.clone()])
            .collect()
    }

    #[test]
    fn turkic_i_folds_to_one_letter() {
        for word in ["İSVEÇ", "İsveç", "Isveç", "ısveç", "isveç"] {
            assert_eq!(fold(word), "isveç", "{word}");
        }
        assert_eq!(fold("ƏLİYEV"), "əliyev");
        assert_eq!(fold("Алиева"), "алиева");
    }

    #[test]
    fn folded_offsets_point_into_the_original() {
        let text = "Prezident İlham Əliyevin";
        let folded = fold_text(text);
        let at = folded.folded.find("əliyev").unwrap();
        let start = folded.original_start(at);
        let end = folded.original_end(at + "əliyev".len());
        assert_eq!(&text[start..end], "Əliyev");
        let end = folded.original_end(folded.folded.len());
        assert_eq!(end, text.len());
    }

    /// Folds one character (or combining sequence) at a time with
    /// [`Folding::fold_char`]: the oracle for the fast paths of `fold_text`.
    fn fold_slowly(folding: Folding, text: &str) -> (String, Vec<u32>) {
        let mut folded = String::new();
        let mut origin = Vec::new();
        let mut chars = text.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            let mut cluster = c.to_string();
            while let Some(&(_, next)) = chars.peek() {
                if canonical_combining_class(next) == 0 {
                    break;
                }
                cluster.push(next);
                chars.next();
            }
            if cluster.len() == c.len_utf8() {
                folding.fold_char(c, &mut folded);
            } else {
                for composed in cluster.nfc() {
                    folding.fold_char(composed, &mut folded);
                }
            }
            origin.resize(folded.len(), start as u32);
        }
        (folded, origin)
    }

    #[test]
    fn sentence_marks_are_found_as_one_byte_at_a_time() {
        let texts = [
            "Präsident Ilham Aliyev trifft NATO-Generalsekretär… Er sagte!\nJa?",
            "Тобиас Лоренцсон: НАТО и Азербайджан продолжат — «диалог».",
            "Wer? Wann?? Wo! Was… Warum. Nein!\n\nDoch?",
            "no mark at all in this rather long line of plain ascii text",
            "",
        ];
        let slow = |bytes: &[u8], at: usize| {
            bytes[at..]
                .iter()
                .position(|b| matches!(b, b'\n' | b'.' | b'!' | b'?' | 0xE2))
                .map_or(bytes.len(), |n| at + n)
        };
        for text in texts {
            let bytes = text.as_bytes();
            // Every start the segmenter may ask for, in order, and only
            // the marks themselves plus one, as it asks when it skips.
            let mut every = MarkFinder::new(text);
            for at in 0..=bytes.len() {
                assert_eq!(every.next(at), slow(bytes, at), "{text} at {at}");
            }
            let mut skipping = MarkFinder::new(text);
            let mut at = 0;
            while at < bytes.len() {
                let mark = skipping.next(at);
                assert_eq!(mark, slow(bytes, at), "{text} at {at}");
                at = mark + 1;
            }
        }
    }

    #[test]
    fn fast_paths_fold_like_one_character_at_a_time() {
        let mut every_char: String = (0..0x2100u32).filter_map(char::from_u32).collect();
        every_char.push_str("ႠႡ ﬃ ǅ ΐ ẞ Ⅻ ⓐ 𝐀 ＡＢ ǰ");
        let texts = [
            "Prezident İlham Əliyevin NATO-nun Baş katibi ilə görüşü",
            "IŞID, İSVEÇ və Isveç; TÜRKİYE'NİN Irak'ın Manama Büyükelçisi",
            "Тобиас Лоренцсон: НАТО и Азербайджан — «ЁЛКА» Ёлка ЇЖАК",
            "Präsident Ilham Aliyev trifft NATO-Generalsekretär … „Straße“ ẞ",
            "Gu\u{0308}rcu\u{0308}stan e\u{0301}\u{0323}x A\u{030A} I\u{0307}stanbul \u{0301}start",
            "Ελλάδα ΣΟΦΟΣ ΐ ᾼ Ὰ ﬁnance ǅemal ŉ",
            "ASCII only, every byte: 0123 ABC xyz ~!@#$%^&*() \t\r\n",
            "ends with a mark: e\u{0301}",
            "",
            &every_char,
        ];
        for folding in [Folding::Case, Folding::Diacritics] {
            for text in texts {
                let fast = folding.fold_text(text);
                let (folded, origin) = fold_slowly(folding, text);
                assert_eq!(fast.folded, folded, "{folding:?}: {text}");
                let mut appended = String::from("x");
                folding.fold_into(text, &mut appended);
                assert_eq!(appended, format!("x{folded}"), "{folding:?}: {text}");
                for (at, _) in folded.char_indices().chain([(folded.len(), ' ')]) {
                    let start = origin.get(at).map_or(text.len(), |&o| o as usize);
                    assert_eq!(
                        fast.original_start(at),
                        start,
                        "{folding:?}: {text} at {at}"
                    );
                    // An end moves past the whole original character.
                    let end = match at.checked_sub(1) {
                        None => 0,
                        Some(last) => origin[at..]
                            .iter()
                            .find(|&&o| o != origin[last])
                            .map_or(text.len(), |&o| o as usize),
                    };
                    assert_eq!(fast.original_end(at), end, "{folding:?}: {text} at {at}");
                }
            }
        }
    }

    #[test]
    fn decomposed_text_is_composed_before_folding() {
        let text = "Azərbaycan Gu\u{0308}rcu\u{0308}stan";
        let folded = fold_text(text);
        assert!(folded.folded.ends_with("gürcüstan"), "{}", folded.folded);
        let at = folded.folded.find("gürcüstan").unwrap();
        let start = folded.original_start(at);
        let end = folded.original_end(folded.folded.len());
        assert_eq!(&text[start..end], "Gu\u{0308}rcu\u{0308}stan");
    }

    #[test]
    fn sentences_do_not_break_at_initials_abbreviations_or_dates() {
        assert_eq!(
            sentences(
                "E.Qasımovun sözlərinə görə, Azərbaycan töhfə verib. Dr. Müller kam. \
                 Brüssel, 14. Dezember, AZERTAC. Das ist z. B. wahr. Это т. е. правда."
            ),
            [
                "E.Qasımovun sözlərinə görə, Azərbaycan töhfə verib.",
                "Dr. Müller kam.",
                "Brüssel, 14. Dezember, AZERTAC.",
                "Das ist z. B. wahr.",
                "Это т. е. правда."
            ]
        );
    }

    #[test]
    fn line_breaks_end_sentences_unless_the_line_goes_on() {
        let text = "Xarici siyasət\n    • 15 dekabr, 2025\n    • 18:18\nNATO 2026-cı ildə\ndavam etdirəcək.";
        assert_eq!(
            sentences(text),
            [
                "Xarici siyasət",
                "• 15 dekabr, 2025",
                "• 18:18",
                "NATO 2026-cı ildə\ndavam etdirəcək."
            ]
        );
    }

    #[test]
    fn blank_lines_end_paragraphs() {
        let text = "Jens Stoltenberg begrüßte Präsident Ilham Aliyev.\n\n  Präsident Ilham Aliyev sagte.\nEr erinnerte.";
        let segments = Segmenter::default().segment(text);
        let paragraphs: Vec<_> = segments
            .paragraphs
            .iter()
            .map(|r| &text[r.clone()])
            .collect();
        assert_eq!(
            paragraphs,
            [
                "Jens Stoltenberg begrüßte Präsident Ilham Aliyev.",
                "Präsident Ilham Aliyev sagte.\nEr erinnerte."
            ]
        );
        assert_eq!(segments.sentences.len(), 3);
        assert_eq!(segments.sentence_of(text.find("Er ").unwrap()), 2);
        assert_eq!(segments.paragraph_of(text.find("Er ").unwrap()), 1);
    }

    #[test]
    fn languages_of_the_seeds_are_told_apart() {
        let az = "Azərbaycan minatəmizləmə, kritik enerji obyektlərinin mühafizəsi, o cümlədən terror hücumlarından qorunması məsələlərində NATO ilə əməkdaşlığa maraq göstərir.";
        let de = "Der zu einem Arbeitsbesuch in Brüssel weilende Präsident der Republik Aserbaidschan, Ilham Aliyev, ist heute mit dem NATO-Generalsekretär zusammengetroffen.";
        let ru = "Тобиас Лоренцсон: НАТО и Азербайджан продолжат в 2026 году активный диалог";
        let guesser = LanguageGuesser::default();
        assert_eq!(guesser.guess(az).as_deref(), Some("az"));
        assert_eq!(guesser.guess(de).as_deref(), Some("de"));
        assert_eq!(guesser.guess(ru).as_deref(), Some("ru"));
    }

    #[test]
    fn a_guess_among_some_languages_keeps_to_them() {
        let de = "Der zu einem Arbeitsbesuch in Brüssel weilende Präsident der Republik Aserbaidschan, Ilham Aliyev, ist heute mit dem NATO-Generalsekretär zusammengetroffen.";
        let ru = "Тобиас Лоренцсон: НАТО и Азербайджан продолжат в 2026 году активный диалог";
        // Short and ISO 639-3 codes name the same languages.
        let guesser = LanguageGuesser::among(&["az", "deu", "ru"]).unwrap();
        assert_eq!(guesser.guess(de).as_deref(), Some("de"));
        assert_eq!(guesser.guess(ru).as_deref(), Some("ru"));
        // A German text guessed among languages that leave German out is
        // taken for one of them.
        let guesser = LanguageGuesser::among(&["az", "tr"]).unwrap();
        let guess = guesser.guess(de);
        assert!(matches!(guess.as_deref(), Some("az" | "tr")), "{guess:?}");
        assert_eq!(
            LanguageGuesser::among(&["az", "xx"]).unwrap_err(),
            "xx".to_string()
        );
    }

    #[test]
    fn script_of_words() {
        assert_eq!(Script::of("Əliyev"), Script::Latin);
        assert_eq!(Script::of("Алиев"), Script::Cyrillic);
        assert_eq!(Script::of("ალიევი"), Script::Other);
    }
}
