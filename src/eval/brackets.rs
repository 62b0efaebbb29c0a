//! Reader for inline bracket annotation (TUR2003): one sentence per line,
//! tokens separated by spaces, an entity written `[PER Helmut Kohl ]`, with
//! the opening `[TYPE` and the closing `]` as tokens of their own. Suffixes
//! split off by the corpus (`[LOC Anadolu ] 'nun`) stay separate tokens.
//! Each line is one document: the corpus marks no article boundaries.

use std::path::Path;

use super::tokens::TokenText;
use super::{Corpus, files_with_extension, read_text};
use crate::error::{Error, Result};

/// Reads every `*.txt` file under `dir`, in name order.
pub(crate) fn read_dir(dir: &Path) -> Result<Corpus> {
    let mut corpus = Corpus::default();
    for path in files_with_extension(dir, "txt")? {
        let source = read_text(&path)?;
        let part = parse(&path, &source);
        corpus.documents.extend(part.documents);
        corpus.problems.extend(part.problems);
    }
    Ok(corpus)
}

/// Parses one file; a line with an unbalanced or nested bracket is reported
/// and left out.
pub(crate) fn parse(path: &Path, source: &str) -> Corpus {
    let mut corpus = Corpus::default();
    for (index, line) in source.lines().enumerate() {
        let number = index + 1;
        match parse_line(line) {
            Ok(Some(text)) => corpus
                .documents
                .push(text.finish(format!("{}:{number}", path.display()))),
            Ok(None) => {}
            Err(message) => corpus
                .problems
                .push(Error::line(path, number as u64, message)),
        }
    }
    corpus
}

fn parse_line(line: &str) -> std::result::Result<Option<TokenText>, String> {
    let mut text = TokenText::default();
    let mut open: Option<(&str, usize)> = None;
    for token in line.split_whitespace() {
        if let Some(label) = token.strip_prefix('[').filter(|l| !l.is_empty()) {
            if let Some((outer, _)) = open {
                return Err(format!("`{token}` opens inside `[{outer}`"));
            }
            open = Some((label, text.len()));
        } else if token == "]" {
            let Some((label, first)) = open.take() else {
                return Err("`]` closes no bracket".to_string());
            };
            if text.len() == first {
                return Err(format!("`[{label} ]` is empty"));
            }
            let last = text.len() - 1;
            text.entity(first, last, label);
        } else {
            text.push(token);
        }
    }
    if let Some((label, _)) = open {
        return Err(format!("`[{label}` is never closed"));
    }
    Ok((!text.is_empty()).then_some(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::GoldType::{Loc, Org, Per};
    use crate::eval::surfaces;

    #[test]
    fn reads_real_lines() {
        // tr_tur2003/reyyan.train.txt, line 1, and a PER from the corpus.
        let source = "Müzik Şenliği 'ne hazırlanın  [ORG POZİTİF ve Açık Radyo ]  işbirliğiyle \
            düzenlenecek olan  [LOC İstanbul ]  Müzik Şenliği 2\n\n\
            [PER Helmut Kohl ] [LOC Almanya ] 'nın\n";
        let corpus = parse("tr.txt".as_ref(), source);
        assert!(corpus.problems.is_empty(), "{:?}", corpus.problems);
        assert_eq!(corpus.documents.len(), 2);
        let doc = &corpus.documents[0];
        assert_eq!(
            doc.text,
            "Müzik Şenliği 'ne hazırlanın POZİTİF ve Açık Radyo işbirliğiyle düzenlenecek olan İstanbul Müzik Şenliği 2"
        );
        assert_eq!(
            surfaces(doc),
            [("POZİTİF ve Açık Radyo", Org), ("İstanbul", Loc)]
        );
        assert_eq!(corpus.documents[1].id, "tr.txt:3");
        assert_eq!(
            surfaces(&corpus.documents[1]),
            [("Helmut Kohl", Per), ("Almanya", Loc)]
        );
    }

    #[test]
    fn unbalanced_brackets_name_file_and_line() {
        let source = "[PER Helmut Kohl [LOC Almanya ]\nAnkara ]\n[ORG Milliyet\n[LOC Bonn ]\n";
        let corpus = parse("tr/reyyan.txt".as_ref(), source);
        let messages: Vec<String> = corpus.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "tr/reyyan.txt:1: `[LOC` opens inside `[PER`",
                "tr/reyyan.txt:2: `]` closes no bracket",
                "tr/reyyan.txt:3: `[ORG` is never closed",
            ]
        );
        assert_eq!(corpus.documents.len(), 1);
        assert_eq!(surfaces(&corpus.documents[0]), [("Bonn", Loc)]);
    }
}
