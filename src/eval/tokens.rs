//! Shared by the token formats: text rebuilt from tokens with their offsets,
//! and BIO/IOB1 tags decoded into entity spans.
//!
//! Tokens are joined with single spaces and sentences with a line break, so
//! every token's byte range in the rebuilt text is known and a gold span over
//! tokens `i..=j` is the bytes from the start of `i` to the end of `j`.

use std::ops::Range;

use super::{GoldDocument, GoldEntity, GoldType};
use crate::text::is_word_char;

/// A document being rebuilt from its tokens.
#[derive(Clone, Debug, Default)]
pub(crate) struct TokenText {
    text: String,
    tokens: Vec<Range<usize>>,
    entities: Vec<GoldEntity>,
    ignored: Vec<Range<usize>>,
}

impl TokenText {
    /// Appends a token (after a space unless it starts a line) and returns
    /// its index.
    pub(crate) fn push(&mut self, token: &str) -> usize {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push(' ');
        }
        let start = self.text.len();
        self.text.push_str(token);
        self.tokens.push(start..self.text.len());
        self.tokens.len() - 1
    }

    /// Starts a new line: the next token begins a sentence.
    pub(crate) fn line_break(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
    }

    /// Number of tokens so far.
    pub(crate) fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Adds a gold entity over tokens `first..=last` when its label is a
    /// scored type, or an ignored span when it is a scored type with a
    /// GermEval `part` or `deriv` suffix (`LOCpart`: `US-Bürger`; `LOCderiv`:
    /// `deutschen`). Other labels (`OTHpart`, `MISC`) add nothing.
    pub(crate) fn entity(&mut self, first: usize, last: usize, label: &str) {
        let span = self.tokens[first].start..self.tokens[last].end;
        if let Some(kind) = GoldType::from_label(label) {
            self.entities.push(GoldEntity {
                start: span.start,
                end: span.end,
                kind,
                link: None,
            });
        } else if ["part", "deriv"].iter().any(|suffix| {
            label
                .strip_suffix(suffix)
                .is_some_and(|base| GoldType::from_label(base).is_some())
        }) {
            self.ignored.push(span);
        }
    }

    /// Whether nothing has been added.
    pub(crate) fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// The finished document.
    pub(crate) fn finish(mut self, id: String) -> GoldDocument {
        self.entities.sort_by_key(|e| (e.start, e.end, e.kind));
        self.ignored.sort_by_key(|r| (r.start, r.end));
        GoldDocument {
            id,
            text: self.text,
            entities: self.entities,
            ignored: self.ignored,
            tokens: self.tokens,
        }
    }
}

/// The tokens of a text that comes without them: runs of word characters.
pub(crate) fn word_tokens(text: &str) -> Vec<Range<usize>> {
    let mut tokens = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                tokens.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        tokens.push(s..text.len());
    }
    tokens
}

/// One BIO tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tag<'a> {
    /// `O`: outside any entity.
    Outside,
    /// `B-X`: the first token of an entity of type X.
    Begin(&'a str),
    /// `I-X`: inside an entity of type X (in IOB1, also the first token).
    Inside(&'a str),
}

impl<'a> Tag<'a> {
    /// Parses `O`, `B-X` or `I-X`; `None` for anything else. A lower-case
    /// `o` is taken as `O` (az_ner writes it a few times).
    pub(crate) fn parse(tag: &'a str) -> Option<Tag<'a>> {
        if tag.eq_ignore_ascii_case("O") {
            return Some(Tag::Outside);
        }
        let (prefix, label) = tag.split_once('-')?;
        if label.is_empty() || !label.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return None;
        }
        match prefix {
            "B" => Some(Tag::Begin(label)),
            "I" => Some(Tag::Inside(label)),
            _ => None,
        }
    }
}

/// Turns a sentence's tags into spans. IOB1 and IOB2 both decode: `B-X`
/// always starts an entity, `I-X` starts one unless it continues an entity
/// of type X.
#[derive(Clone, Debug, Default)]
pub(crate) struct BioDecoder<'a> {
    open: Option<(usize, usize, &'a str)>,
    spans: Vec<(usize, usize, &'a str)>,
}

impl<'a> BioDecoder<'a> {
    /// The tag of token `index` (indices must follow one another).
    pub(crate) fn push(&mut self, index: usize, tag: Tag<'a>) {
        match tag {
            Tag::Inside(label) if matches!(self.open, Some((_, _, open)) if open == label) => {
                if let Some(open) = &mut self.open {
                    open.1 = index;
                }
            }
            Tag::Begin(label) | Tag::Inside(label) => {
                self.close();
                self.open = Some((index, index, label));
            }
            Tag::Outside => self.close(),
        }
    }

    fn close(&mut self) {
        self.spans.extend(self.open.take());
    }

    /// The spans `(first, last, label)`, last inclusive.
    pub(crate) fn finish(mut self) -> Vec<(usize, usize, &'a str)> {
        self.close();
        self.spans
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(tags: &str) -> Vec<(usize, usize, &str)> {
        let mut decoder = BioDecoder::default();
        for (i, tag) in tags.split(' ').enumerate() {
            decoder.push(i, Tag::parse(tag).unwrap());
        }
        decoder.finish()
    }

    #[test]
    fn bio_and_iob1_decode_alike() {
        // az_ner line 1: "İnformasiya Texnologiyaları Universiteti Azərbaycan
        // Respublikasında informasiya …"
        assert_eq!(
            decode("B-ORG I-ORG I-ORG B-LOC I-LOC O"),
            [(0, 2, "ORG"), (3, 4, "LOC")]
        );
        // IOB1 (CoNLL-2003 as first released): "U.N. official Ekeus heads for Baghdad"
        assert_eq!(
            decode("I-ORG O I-PER O O I-LOC"),
            [(0, 0, "ORG"), (2, 2, "PER"), (5, 5, "LOC")]
        );
        // Two entities of one type side by side, IOB1.
        assert_eq!(decode("I-LOC B-LOC I-LOC"), [(0, 0, "LOC"), (1, 2, "LOC")]);
    }

    #[test]
    fn tags_that_are_not_bio_are_refused() {
        assert_eq!(Tag::parse("o"), Some(Tag::Outside));
        assert_eq!(Tag::parse("I-ATE"), Some(Tag::Inside("ATE")));
        assert_eq!(Tag::parse("B-LOCderiv"), Some(Tag::Begin("LOCderiv")));
        assert_eq!(Tag::parse("C0LOC"), None);
        assert_eq!(Tag::parse("B-"), None);
        assert_eq!(Tag::parse(""), None);
    }

    #[test]
    fn tokens_keep_their_offsets() {
        let mut text = TokenText::default();
        for token in ["Azərbaycan", "Respublikasının", "Prezidentinin"] {
            text.push(token);
        }
        text.line_break();
        text.push("Bakı");
        text.entity(0, 1, "LOC");
        text.entity(3, 3, "LOC");
        text.entity(2, 2, "PERderiv");
        text.entity(2, 2, "OTHpart");
        let doc = text.finish("t".into());
        assert_eq!(doc.text, "Azərbaycan Respublikasının Prezidentinin\nBakı");
        let spans: Vec<&str> = doc
            .entities
            .iter()
            .map(|e| &doc.text[e.start..e.end])
            .collect();
        assert_eq!(spans, ["Azərbaycan Respublikasının", "Bakı"]);
        let ignored: Vec<&str> = doc.ignored.iter().map(|r| &doc.text[r.clone()]).collect();
        assert_eq!(ignored, ["Prezidentinin"], "PERderiv, not OTHpart");
    }

    #[test]
    fn word_tokens_skip_punctuation() {
        let text = "Тобиас Лоренцсон: НАТО-нун";
        let tokens: Vec<&str> = word_tokens(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(tokens, ["Тобиас", "Лоренцсон", "НАТО", "нун"]);
    }
}
