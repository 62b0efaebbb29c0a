//! Reports: the scores of every corpus as an aligned plain-text table (for
//! people) or JSON (for scripts). Rows come in corpus order, then PER, ORG,
//! LOC and `all`; ratios are shares in 0..1 in JSON and percentages in the
//! table, `-` where there is nothing to divide by.

use serde::Serialize;

use super::score::Counts;
use super::{Format, GoldType};

/// The outcome of `entgraph eval`.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// The gazetteer folder scored.
    pub gazetteers: String,
    /// One report per corpus, sorted by name.
    pub corpora: Vec<CorpusReport>,
    /// Folders under the gold root that no reader knows, skipped.
    pub skipped: Vec<String>,
    /// Corpora that could not be read.
    pub problems: Vec<String>,
}

/// The scores of one corpus.
#[derive(Clone, Debug, Serialize)]
pub struct CorpusReport {
    /// The corpus folder's name.
    pub corpus: String,
    /// Its format.
    pub format: Format,
    /// The language its documents were matched in.
    pub lang: String,
    /// Documents scored.
    pub documents: usize,
    /// Gold lines left out, as `file:line: message`.
    pub gold_problems: Vec<String>,
    /// BSNLP forms that never occur in their document.
    pub unplaced: usize,
    /// PER, ORG, LOC and `all`.
    pub types: Vec<TypeReport>,
    /// The most frequent false hits.
    pub false_hits: Vec<ErrorExample>,
    /// The most frequent misses.
    pub misses: Vec<ErrorExample>,
}

/// The scores of one type.
#[derive(Clone, Debug, Serialize)]
pub struct TypeReport {
    /// `PER`, `ORG`, `LOC` or `all`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The counts the ratios come from.
    #[serde(flatten)]
    pub counts: Counts,
    /// Correct hits / hits.
    pub precision: Option<f64>,
    /// Reachable gold entities found / reachable gold entities.
    pub reachable_recall: Option<f64>,
    /// Gold entities found / gold entities.
    pub coverage: Option<f64>,
    /// Found linked entities given the gold's Wikidata id / found linked
    /// entities.
    pub linking_accuracy: Option<f64>,
    /// Token-level precision.
    pub token_precision: Option<f64>,
    /// Token-level recall.
    pub token_recall: Option<f64>,
    /// Token-level F1.
    pub token_f1: Option<f64>,
}

impl TypeReport {
    /// The ratios of `counts`.
    pub fn new(kind: &str, counts: Counts) -> TypeReport {
        let token_precision = ratio(counts.tokens_tp, counts.tokens_tp + counts.tokens_fp);
        let token_recall = ratio(counts.tokens_tp, counts.tokens_tp + counts.tokens_fn);
        let token_f1 = ratio(
            2 * counts.tokens_tp,
            2 * counts.tokens_tp + counts.tokens_fp + counts.tokens_fn,
        );
        TypeReport {
            kind: kind.to_string(),
            counts,
            precision: ratio(counts.correct_hits, counts.hits),
            reachable_recall: ratio(counts.found_reachable, counts.reachable),
            coverage: ratio(counts.found, counts.gold),
            linking_accuracy: ratio(counts.linked_correct, counts.linked),
            token_precision,
            token_recall,
            token_f1,
        }
    }
}

/// A frequent false hit or miss.
#[derive(Clone, Debug, Serialize)]
pub struct ErrorExample {
    /// The type of the mention (false hit) or gold entity (miss).
    #[serde(rename = "type")]
    pub kind: GoldType,
    /// The text as written.
    pub surface: String,
    /// How many times it came up.
    pub count: u64,
    /// The first occurrence with up to 40 characters either side.
    pub context: String,
    /// The document of that occurrence.
    pub document: String,
}

/// `part / whole` rounded to 4 decimals, `None` for an empty whole.
fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 / whole as f64 * 10_000.0).round() / 10_000.0)
}

fn percent(share: Option<f64>) -> String {
    share.map_or_else(|| "-".to_string(), |s| format!("{:.1}", s * 100.0))
}

impl Report {
    /// The report as pretty-printed JSON.
    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a report always serializes: no maps, no NaN")
    }

    /// The aligned plain-text table, then notes and examples of errors.
    ///
    /// Columns: `gold` entities, how many are `reach`able, `found`, entgraph's
    /// `hits`; `P` precision, `reach-R` reachable recall, `cover` coverage,
    /// `link` linking accuracy over `linked` found entities that name a
    /// Wikidata id; token-level `tok-P`, `tok-R`, `tok-F1`. In percent.
    pub fn table(&self) -> String {
        let header = [
            "corpus", "lang", "docs", "type", "gold", "reach", "found", "hits", "P", "reach-R",
            "cover", "linked", "link", "tok-P", "tok-R", "tok-F1",
        ];
        let mut rows: Vec<Vec<String>> = vec![header.iter().map(|h| h.to_string()).collect()];
        for corpus in &self.corpora {
            for t in &corpus.types {
                let c = &t.counts;
                rows.push(vec![
                    corpus.corpus.clone(),
                    corpus.lang.clone(),
                    corpus.documents.to_string(),
                    t.kind.clone(),
                    c.gold.to_string(),
                    c.reachable.to_string(),
                    c.found.to_string(),
                    c.hits.to_string(),
                    percent(t.precision),
                    percent(t.reachable_recall),
                    percent(t.coverage),
                    c.linked.to_string(),
                    percent(t.linking_accuracy),
                    percent(t.token_precision),
                    percent(t.token_recall),
                    percent(t.token_f1),
                ]);
            }
        }
        let mut widths = vec![0; header.len()];
        for row in &rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        let mut out = String::new();
        for row in &rows {
            let mut line = String::new();
            for (i, (cell, width)) in row.iter().zip(&widths).enumerate() {
                let pad = " ".repeat(width - cell.chars().count());
                if i > 0 {
                    line.push_str("  ");
                }
                // Names left-aligned, numbers right-aligned.
                if i == 0 || i == 1 || i == 3 {
                    line.push_str(cell);
                    line.push_str(&pad);
                } else {
                    line.push_str(&pad);
                    line.push_str(cell);
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        for corpus in &self.corpora {
            if !corpus.gold_problems.is_empty() {
                out.push_str(&format!(
                    "{}: {} gold line(s) left out as malformed\n",
                    corpus.corpus,
                    corpus.gold_problems.len()
                ));
            }
            if corpus.unplaced > 0 {
                out.push_str(&format!(
                    "{}: {} annotated form(s) never occur in their document\n",
                    corpus.corpus, corpus.unplaced
                ));
            }
            let ignored: u64 = corpus
                .types
                .iter()
                .filter(|t| t.kind != "all")
                .map(|t| t.counts.ignored_hits)
                .sum();
            if ignored > 0 {
                out.push_str(&format!(
                    "{}: {ignored} hit(s) on spans the gold marks as ignored, left out of hits and P\n",
                    corpus.corpus
                ));
            }
        }
        for line in self.skipped.iter().chain(&self.problems) {
            out.push_str(line);
            out.push('\n');
        }
        for corpus in &self.corpora {
            for (title, examples) in [
                ("false hits", &corpus.false_hits),
                ("misses", &corpus.misses),
            ] {
                if examples.is_empty() {
                    continue;
                }
                out.push_str(&format!("\n{} — most frequent {title}:\n", corpus.corpus));
                let width = examples
                    .iter()
                    .map(|e| e.count.to_string().len())
                    .max()
                    .unwrap_or(1);
                for e in examples {
                    out.push_str(&format!(
                        "  {:>width$}  {}  {}  {}\n",
                        e.count,
                        e.kind.as_str(),
                        e.surface,
                        e.context
                    ));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_and_empty_denominators() {
        let counts = Counts {
            gold: 3,
            found: 2,
            hits: 3,
            correct_hits: 2,
            ..Counts::default()
        };
        let report = TypeReport::new("LOC", counts);
        assert_eq!(report.precision, Some(0.6667));
        assert_eq!(report.coverage, Some(0.6667));
        assert_eq!(report.reachable_recall, None);
        assert_eq!(percent(report.precision), "66.7");
        assert_eq!(percent(None), "-");
    }
}
