//! The unit of work every stage passes along: one article.

/// One article read from a dump, ready for matching.
///
/// `text` is what mention offsets index into: for a `.txt` file the whole
/// decoded file (header line included); for a JSON record `title + "\n\n" +
/// body`, or the body alone when there is no title.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    /// Stable id: the record's own id or URL, else the file path (plus the
    /// record's line for multi-record files).
    pub id: String,
    /// Where it came from: the file path, with `:LINE` for a record of a
    /// multi-record file.
    pub source: String,
    /// Publication date as `YYYY-MM-DD`, when known.
    pub date: Option<String>,
    /// Headline, when known.
    pub title: Option<String>,
    /// Language code the record declares, if any (detection happens later).
    pub lang: Option<String>,
    /// The text mentions are found in.
    pub text: String,
    /// How the input stage got the text, for `documents.csv` (e.g. `decoded
    /// from windows-1251`); `None` for plain UTF-8.
    pub note: Option<String>,
}

/// A document the input stage could not produce, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// The id the document would have had (path, or `path:LINE`).
    pub id: String,
    /// The file, with `:LINE` where the problem is on one line.
    pub source: String,
    /// A short reason a user can act on (`not UTF-8 and no encoding
    /// detected`, `invalid JSON: …`).
    pub reason: String,
}

/// What reading a dump yields, in a deterministic order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Record {
    /// An article to process.
    Document(Document),
    /// An article or file that had to be skipped.
    Skipped(Skipped),
}
