//! Reader for one-token-per-line column formats: CoNLL-2003 (`token POS
//! chunk NER`, space-separated, IOB1 or IOB2, `-DOCSTART-` between
//! documents) and GermEval 2014 (`idx token outer inner`, tab-separated, a
//! `#` line before each sentence, nested entities in the `inner` column;
//! `LOCpart`, `ORGderiv` and the like are ignored spans, not entities).
//!
//! A blank line ends a sentence. A CoNLL document runs from one
//! `-DOCSTART-` to the next; a GermEval sentence is a document of its own
//! (each comes from another web page). A bad line is reported and its
//! sentence left out.

use std::path::Path;

use super::tokens::{BioDecoder, Tag, TokenText};
use super::{Corpus, files_with_extension, read_text};
use crate::error::{Error, Result};

/// Which column layout a file has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Columns {
    /// `token POS chunk NER`.
    Conll,
    /// `idx<TAB>token<TAB>outer<TAB>inner`.
    GermEval,
}

/// Reads every `*.ext` file under `dir`, in name order.
pub(crate) fn read_dir(dir: &Path, ext: &str, columns: Columns) -> Result<Corpus> {
    let mut corpus = Corpus::default();
    for path in files_with_extension(dir, ext)? {
        let source = read_text(&path)?;
        let part = parse(&path, &source, columns);
        corpus.documents.extend(part.documents);
        corpus.problems.extend(part.problems);
    }
    Ok(corpus)
}

/// A token line: the token and its tags (outer, inner).
type TokenLine<'a> = (&'a str, [Tag<'a>; 2]);

struct Parser<'a> {
    path: &'a Path,
    corpus: Corpus,
    doc: TokenText,
    doc_line: Option<usize>,
    sentence: Vec<TokenLine<'a>>,
    bad_sentence: bool,
}

/// Parses one file.
pub(crate) fn parse(path: &Path, source: &str, columns: Columns) -> Corpus {
    let mut parser = Parser {
        path,
        corpus: Corpus::default(),
        doc: TokenText::default(),
        doc_line: None,
        sentence: Vec::new(),
        bad_sentence: false,
    };
    for (index, line) in source.lines().enumerate() {
        let number = index + 1;
        let starts_doc = match columns {
            Columns::Conll => line.starts_with("-DOCSTART-"),
            Columns::GermEval => line.starts_with('#'),
        };
        if starts_doc {
            parser.end_sentence();
            parser.end_document();
            parser.doc_line = Some(number);
            continue;
        }
        if line.trim().is_empty() {
            parser.end_sentence();
            if columns == Columns::GermEval {
                parser.end_document();
            }
            continue;
        }
        parser.doc_line.get_or_insert(number);
        match token_line(line, columns) {
            Ok(token) => parser.sentence.push(token),
            Err(message) => {
                parser.bad_sentence = true;
                parser
                    .corpus
                    .problems
                    .push(Error::line(path, number as u64, message));
            }
        }
    }
    parser.end_sentence();
    parser.end_document();
    parser.corpus
}

fn token_line(line: &str, columns: Columns) -> std::result::Result<TokenLine<'_>, String> {
    let (token, outer, inner) = match columns {
        Columns::Conll => {
            let fields: Vec<&str> = line.split_whitespace().collect();
            match fields.as_slice() {
                [token, .., tag] => (*token, *tag, "O"),
                _ => return Err("expected `token POS chunk NER`, found one field".to_string()),
            }
        }
        Columns::GermEval => {
            let fields: Vec<&str> = line.split('\t').collect();
            match fields.as_slice() {
                [idx, token, outer, rest @ ..]
                    if idx.parse::<u32>().is_ok() && !token.is_empty() =>
                {
                    (*token, *outer, rest.first().copied().unwrap_or("O"))
                }
                _ => {
                    return Err(format!(
                        "expected `idx<TAB>token<TAB>outer<TAB>inner`, found `{line}`"
                    ));
                }
            }
        }
    };
    Ok((token, [parse_tag(outer)?, parse_tag(inner)?]))
}

fn parse_tag(tag: &str) -> std::result::Result<Tag<'_>, String> {
    Tag::parse(tag).ok_or_else(|| format!("tag `{tag}` is not O, B-X or I-X"))
}

impl Parser<'_> {
    fn end_sentence(&mut self) {
        let sentence = std::mem::take(&mut self.sentence);
        if std::mem::take(&mut self.bad_sentence) || sentence.is_empty() {
            return;
        }
        self.doc.line_break();
        let first = self.doc.len();
        let mut decoders = [BioDecoder::default(), BioDecoder::default()];
        for (token, tags) in &sentence {
            let index = self.doc.push(token);
            for (decoder, tag) in decoders.iter_mut().zip(tags) {
                decoder.push(index, *tag);
            }
        }
        debug_assert!(self.doc.len() == first + sentence.len());
        for decoder in decoders {
            for (start, last, label) in decoder.finish() {
                self.doc.entity(start, last, label);
            }
        }
    }

    fn end_document(&mut self) {
        let doc = std::mem::take(&mut self.doc);
        let line = self.doc_line.take();
        if doc.is_empty() {
            return;
        }
        let id = format!("{}:{}", self.path.display(), line.unwrap_or(1));
        self.corpus.documents.push(doc.finish(id));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::GoldType::{Loc, Org, Per};
    use crate::eval::surfaces;

    #[test]
    fn conll_documents_and_sentences() {
        // en_conllpp/conllpp_dev.txt, lines 1-16 (IOB2).
        let source = "-DOCSTART- -X- -X- O\n\nCRICKET NNP B-NP O\n- : O O\n\
            LEICESTERSHIRE NNP B-NP B-ORG\nTAKE NNP I-NP O\n\nLONDON NNP B-NP B-LOC\n\
            1996-08-30 CD I-NP O\n\n-DOCSTART- -X- -X- O\n\nWest NNP B-NP B-MISC\n\
            Indian NNP I-NP I-MISC\nall-rounder NN I-NP O\nPhil NNP I-NP B-PER\nSimmons NNP I-NP I-PER\n";
        let corpus = parse("dev.txt".as_ref(), source, Columns::Conll);
        assert!(corpus.problems.is_empty(), "{:?}", corpus.problems);
        assert_eq!(corpus.documents.len(), 2);
        let first = &corpus.documents[0];
        assert_eq!(first.id, "dev.txt:1");
        assert_eq!(
            first.text,
            "CRICKET - LEICESTERSHIRE TAKE\nLONDON 1996-08-30"
        );
        assert_eq!(surfaces(first), [("LEICESTERSHIRE", Org), ("LONDON", Loc)]);
        assert_eq!(corpus.documents[1].id, "dev.txt:11");
        assert_eq!(surfaces(&corpus.documents[1]), [("Phil Simmons", Per)]);
    }

    #[test]
    fn germeval_outer_and_inner_without_deriv_and_part() {
        let source = "#\thttp://de.wikipedia.org/wiki/Toyota_Crown\t[2009-08-13]\n\
            1\t1980\tO\tO\n2\tkam\tO\tO\n3\tder\tO\tO\n4\tCrown\tB-OTH\tO\n5\tvon\tO\tO\n\
            6\tToyota\tB-ORG\tO\n\n\
            #\thttp://www.heise.de/tp/r4/artikel/32/32883/1.html\t[2010-07-04]\n\
            1\tUniversität\tB-ORG\tO\n2\tHamburg\tI-ORG\tB-LOC\n3\tdeutschen\tB-LOCderiv\tO\n";
        let corpus = parse("dev.tsv".as_ref(), source, Columns::GermEval);
        assert!(corpus.problems.is_empty(), "{:?}", corpus.problems);
        assert_eq!(corpus.documents.len(), 2);
        assert_eq!(corpus.documents[0].text, "1980 kam der Crown von Toyota");
        assert_eq!(surfaces(&corpus.documents[0]), [("Toyota", Org)]);
        assert_eq!(corpus.documents[1].id, "dev.tsv:9");
        assert_eq!(
            surfaces(&corpus.documents[1]),
            [("Universität Hamburg", Org), ("Hamburg", Loc)]
        );
        let doc = &corpus.documents[1];
        let ignored: Vec<&str> = doc.ignored.iter().map(|r| &doc.text[r.clone()]).collect();
        assert_eq!(ignored, ["deutschen"], "LOCderiv is ignored, not an entity");
    }

    #[test]
    fn a_bad_line_names_file_and_line_and_drops_its_sentence() {
        let source = "#\tx\n1\tGleich\tO\tO\n2 darauf O O\n\n#\ty\n1\tJesu\tB-PER\tO\n";
        let corpus = parse("de/dev.tsv".as_ref(), source, Columns::GermEval);
        let messages: Vec<String> = corpus.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            ["de/dev.tsv:3: expected `idx<TAB>token<TAB>outer<TAB>inner`, found `2 darauf O O`"]
        );
        assert_eq!(corpus.documents.len(), 1);
        assert_eq!(surfaces(&corpus.documents[0]), [("Jesu", Per)]);

        let corpus = parse("en.txt".as_ref(), "EU NNP B-NP B_ORG\n", Columns::Conll);
        assert_eq!(
            corpus.problems[0].to_string(),
            "en.txt:1: tag `B_ORG` is not O, B-X or I-X"
        );
    }
}
