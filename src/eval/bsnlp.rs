//! Reader for BSNLP shared-task data: `<topic>/raw/<lang>/*` documents (four
//! header lines: id, language, date, URL; then the text) and
//! `<topic>/annotated/<lang>/*` annotations (the id, then one
//! `mention<TAB>base<TAB>TYPE<TAB>cross-lingual id` line per distinct form).
//!
//! Annotations carry no offsets, so every occurrence of a form in its
//! document (case-folded, at word boundaries) is a gold entity; where
//! occurrences of two forms overlap the longer wins. The cross-lingual ids
//! (`GPE-Russia`) are not Wikidata ids and are not used for linking.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use super::{Corpus, GoldDocument, GoldEntity, GoldType, files_where, read_text};
use crate::error::{Error, Result};
use crate::text::{fold, fold_text, is_word_char};

/// Reads every annotation file under `dir` with its raw document.
pub(crate) fn read_dir(dir: &Path) -> Result<Corpus> {
    let mut corpus = Corpus::default();
    let mut raw_by_dir: BTreeMap<PathBuf, BTreeMap<String, PathBuf>> = BTreeMap::new();
    for ann_path in annotation_files(dir)? {
        let ann = read_text(&ann_path)?;
        let Some(id) = ann
            .lines()
            .next()
            .map(str::trim)
            .filter(|id| !id.is_empty())
        else {
            corpus.problems.push(Error::line(
                &ann_path,
                1,
                "the first line must be the document id",
            ));
            continue;
        };
        let raw_dir = raw_dir_of(&ann_path);
        if !raw_by_dir.contains_key(&raw_dir) {
            let index = index_raw_dir(&raw_dir)?;
            raw_by_dir.insert(raw_dir.clone(), index);
        }
        let Some(raw_path) = raw_by_dir.get(&raw_dir).and_then(|index| index.get(id)) else {
            corpus.problems.push(Error::line(
                &ann_path,
                1,
                format!("no document with id `{id}` in {}", raw_dir.display()),
            ));
            continue;
        };
        let raw = read_text(raw_path)?;
        let Some(text) = body(&raw) else {
            corpus.problems.push(Error::line(
                raw_path,
                1,
                "expected four header lines (id, language, date, URL) before the text",
            ));
            continue;
        };
        let (doc, unplaced, problems) =
            parse(&ann_path, &ann, &raw_path.display().to_string(), text);
        corpus.documents.push(doc);
        corpus.unplaced += unplaced;
        corpus.problems.extend(problems);
    }
    Ok(corpus)
}

/// Files under any `annotated` folder of `dir`, sorted.
fn annotation_files(dir: &Path) -> Result<Vec<PathBuf>> {
    files_where(dir, |path| {
        path.components().any(|c| c.as_os_str() == "annotated")
    })
}

/// `<topic>/raw/<lang>` for `<topic>/annotated/<lang>/<file>`.
fn raw_dir_of(ann_path: &Path) -> PathBuf {
    let parent = ann_path.parent().unwrap_or(Path::new(""));
    parent
        .components()
        .map(|c| match c {
            Component::Normal(name) if name == "annotated" => Component::Normal("raw".as_ref()),
            other => other,
        })
        .collect()
}

/// The raw documents of a folder by the id on their first line.
fn index_raw_dir(dir: &Path) -> Result<BTreeMap<String, PathBuf>> {
    let mut index = BTreeMap::new();
    if !dir.is_dir() {
        return Ok(index);
    }
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        paths.push(entry.map_err(|e| Error::io(dir, e))?.path());
    }
    paths.sort();
    for path in paths {
        let text = read_text(&path)?;
        if let Some(id) = text.lines().next() {
            index.entry(id.trim().to_string()).or_insert(path);
        }
    }
    Ok(index)
}

/// The text after the four header lines.
fn body(raw: &str) -> Option<String> {
    let mut rest = raw;
    for _ in 0..4 {
        rest = &rest[rest.find('\n')? + 1..];
    }
    Some(rest.to_string())
}

/// Places the annotations of `ann` in `text`. Returns the document, how
/// many forms never occur in it, and the bad lines.
pub(crate) fn parse(
    ann_path: &Path,
    ann: &str,
    id: &str,
    text: String,
) -> (GoldDocument, usize, Vec<Error>) {
    let mut problems = Vec::new();
    let mut unplaced = 0;
    let folded = fold_text(&text);
    let haystack = folded.folded.as_str();
    // (start, end, type) of every occurrence of every form.
    let mut found: Vec<(usize, usize, Option<GoldType>)> = Vec::new();
    for (index, line) in ann.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let (form, label) = match fields[..] {
            [form, _base, label, ..] if !form.trim().is_empty() => (form.trim(), label.trim()),
            _ => {
                problems.push(Error::line(
                    ann_path,
                    index as u64 + 1,
                    "expected `mention<TAB>base<TAB>TYPE<TAB>id`",
                ));
                continue;
            }
        };
        let needle = fold(form);
        let before = found.len();
        for (at, _) in haystack.match_indices(&needle) {
            let end = at + needle.len();
            let bounded = !haystack[..at].chars().next_back().is_some_and(is_word_char)
                && !haystack[end..].chars().next().is_some_and(is_word_char);
            if bounded {
                let start = folded.original_start(at);
                found.push((start, folded.original_end(end), GoldType::from_label(label)));
            }
        }
        unplaced += usize::from(found.len() == before);
    }
    // Longest first; an occurrence inside a longer one is not an entity.
    found.sort_by(|a, b| (b.1 - b.0).cmp(&(a.1 - a.0)).then(a.0.cmp(&b.0)));
    let mut taken: Vec<(usize, usize, Option<GoldType>)> = Vec::new();
    for span in found {
        if !taken.iter().any(|t| t.0 < span.1 && span.0 < t.1) {
            taken.push(span);
        }
    }
    let entities: Vec<GoldEntity> = taken
        .into_iter()
        .filter_map(|(start, end, kind)| {
            Some(GoldEntity {
                start,
                end,
                kind: kind?,
                link: None,
            })
        })
        .collect();
    let doc = GoldDocument::with_word_tokens(id, text, entities);
    (doc, unplaced, problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::GoldType::{Loc, Org};
    use crate::eval::surfaces;

    #[test]
    fn forms_are_found_in_the_text() {
        // bsnlp/ryanair/raw/ru/ryan-ru_file_1.txt and its annotation.
        let raw = "ru-1\nru\n2018-07-09\nhttp://gazetaslovo.com/item/otdyh.html\n\
            Отдых в Испании под угрозой из-за забастовок в Ryanair и Iberia\n\n\
            Бортпроводники Ryanair объявили забастовку в четырех странах: Испании, \
            Португалии, Италии и Бельгии";
        let ann = "ru-1\nIberia\tIberia\tORG\tORG-Iberia\nRyanair\tRyanair\tORG\tORG-Ryanair\n\
            Испании\tИспания\tLOC\tGPE-Spain\nБельгии\tБельгия\tLOC\tGPE-Belgium\n\
            Барселоны\tБарселона\tLOC\tGPE-Barcelona\n";
        let text = body(raw).unwrap();
        let (doc, unplaced, problems) = parse("a.out".as_ref(), ann, "a.txt", text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(unplaced, 1, "Барселоны is not in this excerpt");
        assert_eq!(
            surfaces(&doc),
            [
                ("Испании", Loc),
                ("Ryanair", Org),
                ("Iberia", Org),
                ("Ryanair", Org),
                ("Испании", Loc),
                ("Бельгии", Loc),
            ]
        );
    }

    #[test]
    fn lower_case_forms_and_the_longest_occurrence() {
        // bsnlp/ec: annotations in lower case; the ORG "европейской
        // комиссией" holds no shorter entity.
        let text = "«Газпром», похоже, намерен урегулировать разногласия с Европейской комиссией.";
        let ann = "233\nгазпром\tгазпром\tORG\t10001\n\
            европейской комиссией\tевропейская комиссия\tORG\t1\nкомиссией\tкомиссия\tORG\t2\n\
            broken line\n";
        let (doc, _, problems) = parse("ec/233.txt".as_ref(), ann, "x", text.to_string());
        assert_eq!(
            problems[0].to_string(),
            "ec/233.txt:5: expected `mention<TAB>base<TAB>TYPE<TAB>id`"
        );
        assert_eq!(
            surfaces(&doc),
            [("Газпром", Org), ("Европейской комиссией", Org)]
        );
    }
}
