//! Reader for brat standoff (NEREL): a `.txt` file and its `.ann` beside it.
//! `T` lines are entities (`T4<TAB>CITY 28 38<TAB>Вашингтоне`, offsets in
//! code points, end exclusive; a discontinuous entity, `1647 1658;1674 1704`,
//! is taken from its first start to its last end); `N` lines link one to
//! Wikidata (`N3<TAB>Reference T18 Wikidata:Q30<TAB>США`, `Wikidata:NULL`
//! for none). Relations, events and attributes are not read.

use std::collections::BTreeMap;
use std::path::Path;

use super::{Corpus, GoldDocument, GoldEntity, GoldType, files_with_extension, read_text};
use crate::error::{Error, Result};

/// Reads every `.ann` file under `dir` with its `.txt`, in name order.
pub(crate) fn read_dir(dir: &Path) -> Result<Corpus> {
    let mut corpus = Corpus::default();
    for ann_path in files_with_extension(dir, "ann")? {
        let txt_path = ann_path.with_extension("txt");
        let text = read_text(&txt_path)?;
        let ann = read_text(&ann_path)?;
        let (doc, problems) = parse(&ann_path, &ann, &txt_path.display().to_string(), text);
        corpus.documents.push(doc);
        corpus.problems.extend(problems);
    }
    Ok(corpus)
}

/// Parses the annotations of `text`; a bad line is reported and skipped.
pub(crate) fn parse(
    ann_path: &Path,
    ann: &str,
    id: &str,
    text: String,
) -> (GoldDocument, Vec<Error>) {
    let mut problems = Vec::new();
    // Byte offset of every code point, and of the end.
    let bytes: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let mut entities: Vec<(String, GoldEntity)> = Vec::new();
    let mut links: BTreeMap<String, String> = BTreeMap::new();
    for (index, line) in ann.lines().enumerate() {
        let number = index as u64 + 1;
        let mut fail = |message: String| problems.push(Error::line(ann_path, number, message));
        if line.starts_with('T') {
            match entity_line(line, &bytes, &text) {
                Ok(Some(entity)) => entities.push(entity),
                Ok(None) => {}
                Err(message) => fail(message),
            }
        } else if line.starts_with('N') {
            match link_line(line) {
                Ok(Some((target, qid))) => {
                    links.insert(target, qid);
                }
                Ok(None) => {}
                Err(message) => fail(message),
            }
        }
    }
    let entities: Vec<GoldEntity> = entities
        .into_iter()
        .map(|(tid, mut entity)| {
            entity.link = links.get(&tid).cloned();
            entity
        })
        .collect();
    let doc = GoldDocument::with_word_tokens(id, text, entities);
    (doc, problems)
}

/// A `T` line: the entity when its type is scored.
fn entity_line(
    line: &str,
    bytes: &[usize],
    text: &str,
) -> std::result::Result<Option<(String, GoldEntity)>, String> {
    let mut fields = line.split('\t');
    let (Some(tid), Some(spec), Some(surface)) = (fields.next(), fields.next(), fields.next())
    else {
        return Err("expected `Tn<TAB>TYPE START END<TAB>text`".to_string());
    };
    let (label, ranges) = spec
        .split_once(' ')
        .ok_or_else(|| format!("expected `TYPE START END`, found `{spec}`"))?;
    let mut start = usize::MAX;
    let mut end = 0;
    for range in ranges.split(';') {
        let numbers: Vec<usize> = range
            .split(' ')
            .map(|n| n.parse::<usize>())
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| format!("offsets `{range}`: {e}"))?;
        let [s, e] = numbers[..] else {
            return Err(format!("expected `START END`, found `{range}`"));
        };
        if s > e || e >= bytes.len() {
            return Err(format!(
                "offsets {s}..{e} are outside the text ({} characters)",
                bytes.len() - 1
            ));
        }
        start = start.min(s);
        end = end.max(e);
    }
    let Some(kind) = GoldType::from_label(label) else {
        return Ok(None);
    };
    let (start, end) = (bytes[start], bytes[end]);
    if !ranges.contains(';') && text[start..end] != *surface {
        return Err(format!(
            "{tid}: the text at {ranges} is `{}`, not `{surface}`",
            &text[start..end]
        ));
    }
    Ok(Some((
        tid.to_string(),
        GoldEntity {
            start,
            end,
            kind,
            link: None,
        },
    )))
}

/// An `N` line: the entity it links and the Wikidata id, `None` for
/// `Wikidata:NULL` and other references.
fn link_line(line: &str) -> std::result::Result<Option<(String, String)>, String> {
    let spec = line
        .split('\t')
        .nth(1)
        .ok_or_else(|| "expected `Nn<TAB>Reference Tn Wikidata:Q…`".to_string())?;
    let words: Vec<&str> = spec.split(' ').collect();
    let ["Reference", target, reference] = words[..] else {
        return Err(format!(
            "expected `Reference Tn Wikidata:Q…`, found `{spec}`"
        ));
    };
    Ok(reference
        .strip_prefix("Wikidata:")
        .filter(|q| q.starts_with('Q') && q[1..].chars().all(|c| c.is_ascii_digit()))
        .map(|q| (target.to_string(), q.to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::GoldType::{Loc, Per};
    use crate::eval::surfaces;

    // NEREL-v1.1/dev/119336_text.txt and .ann, first lines.
    const TEXT: &str = "Семья Обамы приобрела дом в Вашингтоне за 8,1 млн долларов\n\n\
        Барак Обама\nБывший президент США Барак Обама с женой Мишель";
    const ANN: &str = "T2\tPERSON 6 11\tОбамы\nT4\tCITY 28 38\tВашингтоне\n\
        T5\tMONEY 42 58\t8,1 млн долларов\nT9\tCOUNTRY 89 92\tСША\n\
        T10\tPERSON 93 104\tБарак Обама\nR1\tWORKPLACE Arg1:T10 Arg2:T9\n\
        N3\tReference T9 Wikidata:Q30\tСША\nN4\tReference T2 Wikidata:NULL\tнет данных\n";

    #[test]
    fn reads_entities_and_links() {
        let (doc, problems) = parse("a.ann".as_ref(), ANN, "a.txt", TEXT.to_string());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            surfaces(&doc),
            [
                ("Обамы", Per),
                ("Вашингтоне", Loc),
                ("США", Loc),
                ("Барак Обама", Per)
            ]
        );
        let links: Vec<Option<&str>> = doc.entities.iter().map(|e| e.link.as_deref()).collect();
        assert_eq!(links, [None, None, Some("Q30"), None]);
    }

    #[test]
    fn bad_lines_name_file_and_line() {
        let ann = "T2\tPERSON 6 11\tОбамы\nT4\tCITY 28 x\tВашингтоне\nT9\tCOUNTRY 89 92\tРФ\n\
            T10\tPERSON 93 999\tБарак\nN3\tReference\n";
        let (doc, problems) = parse("nerel/a.ann".as_ref(), ann, "a.txt", TEXT.to_string());
        let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "nerel/a.ann:2: offsets `28 x`: invalid digit found in string",
                "nerel/a.ann:3: T9: the text at 89 92 is `США`, not `РФ`",
                "nerel/a.ann:4: offsets 93..999 are outside the text (119 characters)",
                "nerel/a.ann:5: expected `Reference Tn Wikidata:Q…`, found `Reference`",
            ]
        );
        assert_eq!(surfaces(&doc), [("Обамы", Per)]);
    }
}
