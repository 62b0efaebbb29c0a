//! Reader for parallel BIO files (az_ner): `sents.txt` holds one sentence
//! per line with tokens separated by spaces, `tags.txt` the tags of the
//! same tokens on the same line. Each sentence is one document: the corpus
//! marks no document boundaries.

use std::path::Path;

use super::tokens::{BioDecoder, Tag, TokenText};
use super::{Corpus, read_text};
use crate::error::{Error, Result};

/// Reads `sents.txt` and `tags.txt` of `dir`.
pub(crate) fn read(dir: &Path) -> Result<Corpus> {
    let sents_path = dir.join("sents.txt");
    let tags_path = dir.join("tags.txt");
    let sents = read_text(&sents_path)?;
    let tags = read_text(&tags_path)?;
    Ok(parse(&sents_path, &sents, &tags_path, &tags))
}

/// Parses the two files; a line whose token and tag counts differ, or with
/// a tag that is not BIO, is reported (naming the tags file and line) and
/// left out.
pub(crate) fn parse(sents_path: &Path, sents: &str, tags_path: &Path, tags: &str) -> Corpus {
    let mut corpus = Corpus::default();
    let sent_lines: Vec<&str> = sents.lines().collect();
    let tag_lines: Vec<&str> = tags.lines().collect();
    if sent_lines.len() != tag_lines.len() {
        let line = sent_lines.len().min(tag_lines.len()) + 1;
        corpus.problems.push(Error::line(
            tags_path,
            line as u64,
            format!(
                "{} has {} lines but {} has {}; lines from here on are left out",
                sents_path.display(),
                sent_lines.len(),
                tags_path.display(),
                tag_lines.len()
            ),
        ));
    }
    for (index, (sent, tag_line)) in sent_lines.iter().zip(&tag_lines).enumerate() {
        let line = index as u64 + 1;
        match parse_line(sent, tag_line) {
            Ok(Some(text)) => corpus
                .documents
                .push(text.finish(format!("{}:{line}", sents_path.display()))),
            Ok(None) => {}
            Err(message) => corpus.problems.push(Error::line(tags_path, line, message)),
        }
    }
    corpus
}

/// One sentence and its tags; `None` for a blank line.
fn parse_line(sent: &str, tags: &str) -> std::result::Result<Option<TokenText>, String> {
    let tokens: Vec<&str> = sent.split_whitespace().collect();
    let tags: Vec<&str> = tags.split_whitespace().collect();
    if tokens.is_empty() && tags.is_empty() {
        return Ok(None);
    }
    if tokens.len() != tags.len() {
        return Err(format!("{} tokens but {} tags", tokens.len(), tags.len()));
    }
    let mut text = TokenText::default();
    let mut decoder = BioDecoder::default();
    for (token, tag) in tokens.iter().zip(&tags) {
        let index = text.push(token);
        let tag = Tag::parse(tag).ok_or_else(|| {
            format!(
                "tag `{tag}` of token {} (`{token}`) is not O, B-X or I-X",
                index + 1
            )
        })?;
        decoder.push(index, tag);
    }
    for (first, last, label) in decoder.finish() {
        text.entity(first, last, label);
    }
    Ok(Some(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::GoldType::{Loc, Org};
    use crate::eval::surfaces;

    #[test]
    fn reads_real_lines() {
        // az_ner sents.txt/tags.txt, line 2.
        let sents = "Azərbaycan Respublikasının Prezidentinin Sərəncamı ilə 1 fevral 2013 - cü ildə yaradılmışdır .\n";
        let tags = "B-LOC I-LOC O O O B-DATE I-DATE I-DATE I-DATE I-DATE I-DATE O O\n";
        let corpus = parse("sents.txt".as_ref(), sents, "tags.txt".as_ref(), tags);
        assert!(corpus.problems.is_empty(), "{:?}", corpus.problems);
        let doc = &corpus.documents[0];
        assert_eq!(doc.id, "sents.txt:1");
        assert_eq!(doc.text, sents.trim_end());
        assert_eq!(surfaces(doc), [("Azərbaycan Respublikasının", Loc)]);
        assert_eq!(doc.tokens.len(), 13);
    }

    #[test]
    fn a_bad_line_names_file_and_line_and_the_rest_is_kept() {
        // az_ner line 438 has the tag `C0LOC`; line 3 is fine.
        let sents = "\n\nBu , Yunanıstanın şimalında yerləşir .\n\"ADA\" Universiteti\n";
        let tags = "\n\nO O C0LOC O O O\nB-ORG I-ORG\n";
        let corpus = parse("az/sents.txt".as_ref(), sents, "az/tags.txt".as_ref(), tags);
        let messages: Vec<String> = corpus.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            ["az/tags.txt:3: tag `C0LOC` of token 3 (`Yunanıstanın`) is not O, B-X or I-X"]
        );
        assert_eq!(corpus.documents.len(), 1);
        assert_eq!(
            surfaces(&corpus.documents[0]),
            [("\"ADA\" Universiteti", Org)]
        );

        let corpus = parse("s".as_ref(), "Bakı şəhəri\n", "t".as_ref(), "B-LOC\n");
        assert_eq!(corpus.problems[0].to_string(), "t:1: 2 tokens but 1 tags");
    }
}
