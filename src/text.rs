//! Text stage: case folding with an offset map, language guess, and the
//! sentence and paragraph units co-occurrence is counted in.
//!
//! The matcher scans [`FoldedText::folded`]; every byte of it maps back to the
//! byte where its character starts in the original text, so a mention found
//! in folded text is reported as a span of the text as written. aho-corasick
//! folds only ASCII case, which is why the Unicode folding happens here.

use std::collections::BTreeSet;
use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

/// Folds one character for matching: `İ I ı i` are one letter (Turkic and
/// non-Turkic text must both match), everything else is lowercased.
///
/// ```
/// let mut out = String::new();
/// entgraph::text::fold_char('İ', &mut out);
/// entgraph::text::fold_char('Ş', &mut out);
/// assert_eq!(out, "iş");
/// ```
pub fn fold_char(c: char, out: &mut String) {
    match c {
        'İ' | 'I' | 'ı' => out.push('i'),
        c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        c => out.extend(c.to_lowercase()),
    }
}

/// Folds a whole string (an alias, an ending) the way text is folded.
///
/// ```
/// assert_eq!(entgraph::text::fold("İSVEÇ"), entgraph::text::fold("Isveç"));
/// ```
pub fn fold(s: &str) -> String {
    fold_text(s).folded
}

/// Text folded for matching, with the way back to the original.
#[derive(Clone, Debug, Default)]
pub struct FoldedText {
    /// NFC, case-folded text.
    pub folded: String,
    /// For each byte of `folded`, the byte offset in the original text where
    /// the character (or combining sequence) it came from starts.
    origin: Vec<u32>,
    /// Length of the original text in bytes.
    original_len: usize,
}

impl FoldedText {
    /// Original byte offset of a folded start offset.
    pub fn original_start(&self, folded_start: usize) -> usize {
        self.origin
            .get(folded_start)
            .map_or(self.original_len, |&o| o as usize)
    }

    /// Original byte offset of a folded end offset (exclusive). An end inside
    /// the expansion of one original character is moved past that character.
    pub fn original_end(&self, folded_end: usize) -> usize {
        if folded_end == 0 {
            return 0;
        }
        let last = self.origin[folded_end - 1];
        self.origin[folded_end..]
            .iter()
            .find(|&&o| o != last)
            .map_or(self.original_len, |&o| o as usize)
    }
}

/// Folds `text` and records where each folded byte came from.
///
/// Text that is already NFC (almost all news) costs one pass; a combining
/// sequence is composed first so `e` + U+0301 matches `é`.
pub fn fold_text(text: &str) -> FoldedText {
    let mut folded = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len());
    let mut cluster = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let combined = matches!(chars.peek(), Some(&(_, next)) if is_combining(next));
        if combined {
            cluster.clear();
            cluster.push(c);
            while let Some(&(_, next)) = chars.peek() {
                if !is_combining(next) {
                    break;
                }
                cluster.push(next);
                chars.next();
            }
            for composed in cluster.nfc() {
                fold_char(composed, &mut folded);
            }
        } else {
            fold_char(c, &mut folded);
        }
        // Offsets fit in u32: the input stage reads a document into one
        // String, and news articles are far below 4 GiB.
        origin.resize(folded.len(), start as u32);
    }
    FoldedText {
        folded,
        origin,
        original_len: text.len(),
    }
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

/// Guesses the language of a text as an ISO 639-1 code where there is one
/// (`az`, `tr`, `ru`, `uk`, `de`, `en`), else the ISO 639-3 code.
///
/// Only the first kilobyte or so is read: a hundred words are enough for a
/// reliable guess, and detection was the costliest step on whole articles.
pub fn detect_language(text: &str) -> Option<String> {
    const SAMPLE: usize = 1200;
    let mut end = text.len().min(SAMPLE);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let info = whatlang::detect(&text[..end])?;
    let code = info.lang().code();
    let short = match code {
        "aze" => "az",
        "tur" => "tr",
        "rus" => "ru",
        "ukr" => "uk",
        "deu" => "de",
        "eng" => "en",
        "fra" => "fr",
        "spa" => "es",
        "ita" => "it",
        "por" => "pt",
        "nld" => "nl",
        "pol" => "pl",
        "kat" => "ka",
        "hye" => "hy",
        "bel" => "be",
        "kaz" => "kk",
        other => other,
    };
    Some(short.to_string())
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
        Segmenter {
            abbreviations: abbreviations.into_iter().map(fold).collect(),
            months: months.into_iter().map(fold).collect(),
        }
    }

    /// Splits `text`.
    pub fn segment(&self, text: &str) -> Segments {
        let mut segments = Segments::default();
        let mut sentence_start: Option<usize> = None;
        let mut paragraph_start: Option<usize> = None;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < text.len() {
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
            debug_assert!(i <= bytes.len());
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
        if first.is_lowercase() {
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
        if !word.is_empty() && self.abbreviations.contains(&fold(word)) {
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

/// Offset of the first character at or after `from` that is not a space or
/// tab or line break.
fn skip_spaces(text: &str, from: usize) -> usize {
    text[from..]
        .char_indices()
        .find(|&(_, c)| !c.is_whitespace())
        .map_or(text.len(), |(i, _)| from + i)
}

fn continues_lowercase(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_some_and(char::is_lowercase)
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
        assert_eq!(detect_language(az).as_deref(), Some("az"));
        assert_eq!(detect_language(de).as_deref(), Some("de"));
        assert_eq!(detect_language(ru).as_deref(), Some("ru"));
    }

    #[test]
    fn script_of_words() {
        assert_eq!(Script::of("Əliyev"), Script::Latin);
        assert_eq!(Script::of("Алиев"), Script::Cyrillic);
        assert_eq!(Script::of("ალიევი"), Script::Other);
    }
}
