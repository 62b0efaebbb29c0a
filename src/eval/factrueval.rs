//! Reader for FactRuEval-2016 (`devset/`, `testset/`): per document a `.txt`
//! text and three layers beside it. `.tokens` has one token per line,
//! `id start length text` (offsets in code points), a blank line between
//! sentences; `.spans` one span per line, `id type start length first-token
//! token-count # …`; `.objects` one mention per line, `id Type span-id… #
//! …`. The `.coref` and `.facts` layers are not read.
//!
//! A mention of type `Person`, `Org`, `Location` or `LocOrg` is a gold
//! entity (PER, ORG, LOC; `LocOrg`, a place acting as a state, is LOC) from
//! its first span's start to its last span's end, as brat's discontinuous
//! entities are taken: the spans of one mention may lie apart
//! (`органами Китая, Малайзии, Сингапура`). A `geo_adj` span is a
//! geographic adjective (`российские`): an ignored span, and a mention made
//! of such spans alone is not an entity.
//!
//! Offsets are checked: each token's text must be the text at its offsets.
//! Where the `.txt` has a byte-order mark or CRLF line ends, the offsets may
//! count them or not; the reading in which the tokens fit is taken. A token
//! that does not fit is reported as `file:line: message`, and the spans over
//! it and the mentions made of them are left out; a bad line is reported and
//! skipped.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use super::{
    Corpus, GoldDocument, GoldEntity, GoldType, files_with_extension, read_text, read_utf8,
};
use crate::error::{Error, Result};

/// Reads every `.objects` file under `dir` with the `.txt`, `.tokens` and
/// `.spans` files beside it, in name order. A document one of whose files
/// cannot be read is reported and left out.
pub(crate) fn read_dir(dir: &Path) -> Result<Corpus> {
    let mut corpus = Corpus::default();
    for objects_path in files_with_extension(dir, "objects")? {
        // The text as it is: its offsets may count a byte-order mark.
        let txt = read_utf8(&objects_path.with_extension("txt"));
        let read = |ext: &str| read_text(&objects_path.with_extension(ext));
        let files = (txt, read("tokens"), read("spans"), read("objects"));
        let (txt, tokens, spans, objects) = match files {
            (Ok(txt), Ok(tokens), Ok(spans), Ok(objects)) => (txt, tokens, spans, objects),
            (Err(e), ..) | (_, Err(e), ..) | (_, _, Err(e), _) | (.., Err(e)) => {
                corpus.problems.push(e);
                continue;
            }
        };
        let layers = Layers {
            tokens: &tokens,
            spans: &spans,
            objects: &objects,
        };
        let (doc, problems) = parse(&objects_path.with_extension("txt"), &txt, &layers);
        corpus.documents.push(doc);
        corpus.problems.extend(problems);
    }
    Ok(corpus)
}

/// The annotation layers of one document, as read.
pub(crate) struct Layers<'a> {
    /// The `.tokens` file.
    pub(crate) tokens: &'a str,
    /// The `.spans` file.
    pub(crate) spans: &'a str,
    /// The `.objects` file.
    pub(crate) objects: &'a str,
}

/// A token line: its line number, offsets in code points and text.
struct TokenLine<'a> {
    line: u64,
    id: &'a str,
    start: usize,
    len: usize,
    text: &'a str,
}

/// A span that fits: its byte range, and whether it is a geographic
/// adjective.
struct Span {
    range: Range<usize>,
    adjective: bool,
}

/// One way to read offsets into the `.txt`: the text they index, and how
/// many code points they count before it (a byte-order mark).
struct Reading {
    text: String,
    shift: usize,
    /// Byte offset of every code point of `text`, and of its end.
    bytes: Vec<usize>,
}

impl Reading {
    fn new(text: String, shift: usize) -> Reading {
        let bytes = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        Reading { text, shift, bytes }
    }

    /// The byte range of `len` code points from offset `start`, if inside
    /// the text.
    fn range(&self, start: usize, len: usize) -> Option<Range<usize>> {
        let first = start.checked_sub(self.shift)?;
        let last = first.checked_add(len)?;
        Some(*self.bytes.get(first)?..*self.bytes.get(last)?)
    }

    /// The token's byte range when its text is the text at its offsets.
    fn fit(&self, token: &TokenLine) -> Option<Range<usize>> {
        self.range(token.start, token.len)
            .filter(|r| self.text[r.clone()] == *token.text)
    }
}

/// Parses one document: its `.txt` (`txt_path`, as read, a byte-order mark
/// included) and its layers. Bad lines are returned as errors and skipped.
pub(crate) fn parse(txt_path: &Path, txt: &str, layers: &Layers) -> (GoldDocument, Vec<Error>) {
    let tokens_path = txt_path.with_extension("tokens");
    let spans_path = txt_path.with_extension("spans");
    let objects_path = txt_path.with_extension("objects");
    // Messages about `.tokens` lines, by line number.
    let mut token_problems: Vec<(u64, String)> = Vec::new();
    let mut token_lines = Vec::new();
    for (index, line) in layers.tokens.lines().enumerate() {
        let number = index as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        match token_line(line, number) {
            Ok(token) => token_lines.push(token),
            Err(message) => token_problems.push((number, message)),
        }
    }

    let reading = best_reading(txt, &token_lines);
    // Token ids with their byte ranges; `None` for a token that does not fit.
    let mut token_ranges: BTreeMap<&str, Option<Range<usize>>> = BTreeMap::new();
    for token in &token_lines {
        let range = reading.fit(token);
        if range.is_none() {
            let found = reading.range(token.start, token.len).map_or_else(
                || "outside the text".to_string(),
                |r| format!("`{}` in the text", &reading.text[r]),
            );
            token_problems.push((
                token.line,
                format!(
                    "token {} `{}` at {} (length {}) is {found}",
                    token.id, token.text, token.start, token.len
                ),
            ));
        }
        token_ranges.insert(token.id, range);
    }
    token_problems.sort_by_key(|(line, _)| *line);
    let mut problems: Vec<Error> = token_problems
        .into_iter()
        .map(|(line, message)| Error::line(&tokens_path, line, message))
        .collect();
    let mut tokens: Vec<Range<usize>> = token_ranges.values().flatten().cloned().collect();
    tokens.sort_by_key(|r| (r.start, r.end));
    tokens.dedup();
    let bad: Vec<Range<usize>> = token_lines
        .iter()
        .filter(|t| token_ranges.get(t.id).is_some_and(Option::is_none))
        .filter_map(|t| reading.range(t.start, t.len))
        .collect();

    // Spans by id; `None` for one reported already (its line, or a token
    // under it), so that the mentions made of it are left out quietly.
    let mut spans: BTreeMap<&str, Option<Span>> = BTreeMap::new();
    for (index, line) in layers.spans.lines().enumerate() {
        let number = index as u64 + 1;
        let Some(id) = line.split_whitespace().next() else {
            continue;
        };
        match span_line(line, &reading, &token_ranges, &tokens, &bad) {
            Ok(span) => {
                spans.insert(id, span);
            }
            Err(message) => {
                problems.push(Error::line(&spans_path, number, message));
                spans.insert(id, None);
            }
        }
    }

    let mut entities = Vec::new();
    for (index, line) in layers.objects.lines().enumerate() {
        let number = index as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        match object_line(line, &spans) {
            Ok(Some(entity)) => entities.push(entity),
            Ok(None) => {}
            Err(message) => problems.push(Error::line(&objects_path, number, message)),
        }
    }

    let mut ignored: Vec<Range<usize>> = spans
        .values()
        .flatten()
        .filter(|span| span.adjective)
        .map(|span| span.range.clone())
        .collect();
    ignored.sort_by_key(|r| (r.start, r.end));
    entities.sort_by_key(|e: &GoldEntity| (e.start, e.end, e.kind));
    let doc = GoldDocument {
        id: txt_path.display().to_string(),
        text: reading.text,
        entities,
        ignored,
        tokens,
    };
    (doc, problems)
}

/// The reading of `txt` in which the most tokens fit: as written without
/// its byte-order mark first, then counting the mark, then with CRLF line
/// ends read as LF.
fn best_reading(txt: &str, tokens: &[TokenLine]) -> Reading {
    let (text, bom) = match txt.strip_prefix('\u{feff}') {
        Some(rest) => (rest, true),
        None => (txt, false),
    };
    let mut readings = Vec::new();
    if bom {
        readings.push(Reading::new(text.to_string(), 1));
    }
    if text.contains("\r\n") {
        let lf = text.replace("\r\n", "\n");
        readings.push(Reading::new(lf.clone(), 0));
        if bom {
            readings.push(Reading::new(lf, 1));
        }
    }
    let fitting = |reading: &Reading| tokens.iter().filter(|t| reading.fit(t).is_some()).count();
    let mut readings = readings.into_iter();
    let mut best = Reading::new(text.to_string(), 0);
    let mut most = fitting(&best);
    while most < tokens.len() {
        let Some(reading) = readings.next() else {
            break;
        };
        let count = fitting(&reading);
        if count > most {
            (best, most) = (reading, count);
        }
    }
    best
}

/// `id start length text`.
fn token_line(line: &str, number: u64) -> std::result::Result<TokenLine<'_>, String> {
    let fields: Vec<&str> = line.split(' ').collect();
    let [id, start, len, text] = fields[..] else {
        return Err(format!("expected `id start length text`, found `{line}`"));
    };
    let number_of = |field: &str, what: &str| {
        field
            .parse::<usize>()
            .map_err(|e| format!("{what} `{field}`: {e}"))
    };
    Ok(TokenLine {
        line: number,
        id,
        start: number_of(start, "start")?,
        len: number_of(len, "length")?,
        text,
    })
}

/// `id type start length first-token token-count # …`: the span, `None`
/// when it covers a token that does not fit (reported already). It must
/// start where its first token starts and end where a token ends.
fn span_line(
    line: &str,
    reading: &Reading,
    token_ranges: &BTreeMap<&str, Option<Range<usize>>>,
    tokens: &[Range<usize>],
    bad: &[Range<usize>],
) -> std::result::Result<Option<Span>, String> {
    let fields = fields_before_comment(line);
    let [id, kind, start, len, first, _count] = fields[..] else {
        return Err(format!(
            "expected `id type start length first-token token-count`, found `{line}`"
        ));
    };
    let number_of = |field: &str, what: &str| {
        field
            .parse::<usize>()
            .map_err(|e| format!("span {id}: {what} `{field}`: {e}"))
    };
    let (start, len) = (number_of(start, "start")?, number_of(len, "length")?);
    let Some(range) = reading.range(start, len) else {
        return Err(format!(
            "span {id}: {start}..{} is outside the text",
            start + len
        ));
    };
    let first_range = match token_ranges.get(first) {
        None => return Err(format!("span {id}: no token {first}")),
        Some(range) => range,
    };
    if first_range.is_none()
        || bad
            .iter()
            .any(|b| b.start < range.end && range.start < b.end)
    {
        return Ok(None);
    }
    let starts_at_token = first_range.as_ref().is_some_and(|t| t.start == range.start);
    let ends_at_token = tokens.iter().any(|t| t.end == range.end);
    if !starts_at_token || !ends_at_token {
        return Err(format!(
            "span {id}: `{}` at {start} (length {len}) does not start at token {first} and end \
             at a token's end",
            &reading.text[range]
        ));
    }
    Ok(Some(Span {
        range,
        adjective: kind == "geo_adj",
    }))
}

/// `id Type span-id… # …`: a gold entity when the type is scored, all its
/// spans are known and fit, and not all are geographic adjectives.
fn object_line(
    line: &str,
    spans: &BTreeMap<&str, Option<Span>>,
) -> std::result::Result<Option<GoldEntity>, String> {
    let fields = fields_before_comment(line);
    let [id, label, span_ids @ ..] = &fields[..] else {
        return Err(format!("expected `id Type span-id…`, found `{line}`"));
    };
    if span_ids.is_empty() {
        return Err(format!("mention {id} has no spans"));
    }
    let mut parts = Vec::new();
    for span_id in span_ids {
        match spans.get(span_id) {
            None => return Err(format!("mention {id}: no span {span_id}")),
            // Over a token that does not fit, reported already.
            Some(None) => return Ok(None),
            Some(Some(part)) => parts.push(part),
        }
    }
    let Some(kind) = GoldType::from_label(label) else {
        return Ok(None);
    };
    if parts.iter().all(|span| span.adjective) {
        return Ok(None);
    }
    let start = parts
        .iter()
        .map(|s| s.range.start)
        .min()
        .unwrap_or_default();
    let end = parts.iter().map(|s| s.range.end).max().unwrap_or_default();
    Ok(Some(GoldEntity {
        start,
        end,
        kind,
        link: None,
    }))
}

/// The whitespace-separated fields of a layer line, up to its `#` comment.
fn fields_before_comment(line: &str) -> Vec<&str> {
    line.split('#')
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::GoldType::{Loc, Org, Per};
    use crate::eval::surfaces;

    // After devset/book_100: "мэрии Москвы" is an Org holding the LocOrg
    // "Москвы"; "подмосковного" is a geographic adjective; "Юрия Лужкова"
    // a Person; "Тверской площади" a Location.
    const TXT: &str = "У здания мэрии Москвы на Тверской площади.\n\n\
        Отставка мэра Юрия Лужкова и подмосковного губернатора.";
    const TOKENS: &str = "1 0 1 У\n2 2 6 здания\n3 9 5 мэрии\n4 15 6 Москвы\n5 22 2 на\n\
        6 25 8 Тверской\n7 34 7 площади\n8 41 1 .\n\n\
        9 44 8 Отставка\n10 53 4 мэра\n11 58 4 Юрия\n12 63 7 Лужкова\n13 71 1 и\n\
        14 73 13 подмосковного\n15 87 11 губернатора\n16 98 1 .\n";
    const SPANS: &str = "20 loc_name 15 6 4 1  # 4 Москвы\n21 org_descr 9 5 3 1  # 3 мэрии\n\
        22 loc_name 25 8 6 1  # 6 Тверской\n23 loc_descr 34 7 7 1  # 7 площади\n\
        24 name 58 4 11 1  # 11 Юрия\n25 surname 63 7 12 1  # 12 Лужкова\n\
        26 geo_adj 73 13 14 1  # 14 подмосковного\n27 job 53 4 10 1  # 10 мэра\n";
    const OBJECTS: &str = "30 Org 20 21 # Москвы мэрии\n31 LocOrg 20 # Москвы\n\
        32 Location 22 23 # Тверской площади\n33 Person 24 25 # Юрия Лужкова\n\
        34 LocOrg 26 # подмосковного\n";

    fn layers() -> Layers<'static> {
        Layers {
            tokens: TOKENS,
            spans: SPANS,
            objects: OBJECTS,
        }
    }

    fn ignored(doc: &GoldDocument) -> Vec<&str> {
        doc.ignored.iter().map(|r| &doc.text[r.clone()]).collect()
    }

    #[test]
    fn reads_mentions_from_spans_and_tokens() {
        let (doc, problems) = parse("dev/book_1.txt".as_ref(), TXT, &layers());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(doc.id, "dev/book_1.txt");
        assert_eq!(
            surfaces(&doc),
            [
                ("мэрии Москвы", Org),
                ("Москвы", Loc),
                ("Тверской площади", Loc),
                ("Юрия Лужкова", Per),
            ]
        );
        assert_eq!(ignored(&doc), ["подмосковного"]);
        assert_eq!(doc.tokens.len(), 16);
        assert_eq!(&doc.text[doc.tokens[15].clone()], ".");
    }

    #[test]
    fn a_byte_order_mark_and_crlf_are_read_the_way_the_offsets_count() {
        // Offsets that count neither the mark nor the CRs.
        let txt = format!("\u{feff}{}", TXT.replace('\n', "\r\n"));
        let (doc, problems) = parse("a.txt".as_ref(), &txt, &layers());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(doc.text, TXT);
        assert_eq!(surfaces(&doc).len(), 4);
        // Offsets that count the mark: every one is one more.
        let shifted = |source: &str, column: usize| -> String {
            source
                .lines()
                .map(|line| {
                    let mut fields: Vec<String> = line.split(' ').map(String::from).collect();
                    if let Some(field) = fields.get_mut(column)
                        && let Ok(n) = field.parse::<usize>()
                    {
                        *field = (n + 1).to_string();
                    }
                    fields.join(" ") + "\n"
                })
                .collect()
        };
        let (tokens, spans) = (shifted(TOKENS, 1), shifted(SPANS, 2));
        let layers = Layers {
            tokens: &tokens,
            spans: &spans,
            objects: OBJECTS,
        };
        let (doc, problems) = parse("a.txt".as_ref(), &format!("\u{feff}{TXT}"), &layers);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(surfaces(&doc)[0], ("мэрии Москвы", Org));
    }

    #[test]
    fn tokens_that_do_not_fit_and_bad_lines_name_file_and_line() {
        // Token 12 says `Лужков` where the text has `Лужкова`; the span and
        // the mention over it are left out without more messages.
        let tokens = TOKENS.replace("12 63 7 Лужкова", "12 63 7 Лужков") + "17 x 1 .\n";
        let spans = SPANS.replace("22 loc_name 25 8 6 1", "22 loc_name 25 9 6 1")
            + "28 name 500 3 9 1\nbroken\n";
        let objects = OBJECTS.to_string() + "35 Org 29 # ?\n36 Person\n";
        let layers = Layers {
            tokens: &tokens,
            spans: &spans,
            objects: &objects,
        };
        let (doc, problems) = parse("dev/b.txt".as_ref(), TXT, &layers);
        let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "dev/b.tokens:13: token 12 `Лужков` at 63 (length 7) is `Лужкова` in the text",
                "dev/b.tokens:18: start `x`: invalid digit found in string",
                "dev/b.spans:3: span 22: `Тверской ` at 25 (length 9) does not start at token \
                 6 and end at a token's end",
                "dev/b.spans:9: span 28: 500..503 is outside the text",
                "dev/b.spans:10: expected `id type start length first-token token-count`, \
                 found `broken`",
                "dev/b.objects:6: mention 35: no span 29",
                "dev/b.objects:7: mention 36 has no spans",
            ]
        );
        assert_eq!(surfaces(&doc), [("мэрии Москвы", Org), ("Москвы", Loc)]);
        assert_eq!(doc.tokens.len(), 15);
    }
}
