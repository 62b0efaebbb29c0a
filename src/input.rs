//! Input: find the article files of a dump and read each into [`Document`]s.
//!
//! [`discover`] expands the INPUT paths into a sorted list of files;
//! [`read_file`] reads one of them (`.txt`, JSON Lines, JSON, each possibly
//! gzip or zstd compressed) and hands the next stage a [`Record`] per
//! article, in file order: a [`Document`] whose `text` is what mention offsets
//! index into, or a [`Skipped`] naming the file (and line) and saying why.
//! Bad input never stops the reading: a broken line costs that line only.
//!
//! Text that is not UTF-8 is decoded from the encoding chardetng detects, and
//! the document's `note` says so. HTML in JSON records (RSS descriptions,
//! scraped pages) is reduced to its visible text.

use std::borrow::Cow;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::Encoding;
use regex::Regex;
use serde_json::Value;

use crate::document::{Document, Record, Skipped};
use crate::error::{Error, Result};

mod array;

use array::{ArrayEnd, Enclosing, find_array_in_object, split_array};

/// Which record fields hold what, so dumps with their own layout can be read
/// without converting them first.
///
/// Each value is a dotted path into nested JSON, such as
/// `properties.description.stringValue`; a number segment indexes an array.
/// `None` means: try the usual names (`text`, `content`, `body`,
/// `description` for the text; `id`, `url`, `link` for the id; `date`,
/// `date_iso`, `published`, `published_date`, `gathered_date` for the date;
/// `title`, `headline` for the title). A path that ends at an object like
/// `{"stringValue": "…"}` takes that string.
#[derive(Clone, Debug, Default)]
pub struct FieldNames {
    /// Path of the article body.
    pub text: Option<String>,
    /// Path of the record's stable id (often its URL).
    pub id: Option<String>,
    /// Path of the publication date, in any of the forms the reader knows.
    pub date: Option<String>,
    /// Path of the headline.
    pub title: Option<String>,
}

impl FieldNames {
    /// Rejects unusable paths (empty, or with an empty segment such as
    /// `a..b`) up front, so a typo in a flag is a bad argument rather than
    /// every record skipped with `no text field`.
    pub fn validate(&self) -> Result<()> {
        let named = [
            ("--text-field", &self.text),
            ("--id-field", &self.id),
            ("--date-field", &self.date),
            ("--title-field", &self.title),
        ];
        for (flag, path) in named {
            if let Some(path) = path
                && path.split('.').any(|segment| segment.trim().is_empty())
            {
                return Err(Error::Config(format!(
                    "{flag}: `{path}` is not a dotted field path (like `properties.title`)"
                )));
            }
        }
        Ok(())
    }
}

/// The usual names of the body field, in order of preference.
const TEXT_FIELDS: &[&str] = &["text", "content", "body", "description"];
/// The usual names of the id field.
const ID_FIELDS: &[&str] = &["id", "url", "link"];
/// The usual names of the date field (`published_date` is often null, then
/// the next one is used).
const DATE_FIELDS: &[&str] = &[
    "date",
    "date_iso",
    "published",
    "published_date",
    "gathered_date",
];
/// The usual names of the title field.
const TITLE_FIELDS: &[&str] = &["title", "headline"];
/// The usual names of a declared language.
const LANG_FIELDS: &[&str] = &["lang", "language"];
/// Fields that may hold a URL with the date in its path.
const URL_FIELDS: &[&str] = &["url", "link"];
/// How much of a file is looked at to tell text from binary.
const HEAD_LEN: usize = 8 * 1024;

/// Bytes asked of a file at a time: dumps are read through, and each read is
/// a system call; what a read brings still fits the core's cache when it is
/// copied into a batch.
const READ_BYTES: usize = 1 << 17;
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Expands INPUT paths into the sorted list of readable article files, so
/// the run's order does not depend on argument order or directory listing
/// order.
///
/// Folders are walked recursively (following symlinks, never around a
/// cycle); inside them hidden entries and files whose extension (after a
/// `.gz` or `.zst`) is not `.txt`, `.json`, `.jsonl`, `.jsonlines` or
/// `.ndjson` are left out. A file given explicitly is read whatever its
/// extension (as `.txt` unless it has a known one). Paths that cannot be
/// read come back as [`Skipped`] records (`no such file or directory`),
/// sorted too. Identical paths are listed once.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Skipped>) {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for path in paths {
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                let mut ancestors = Vec::new();
                walk(path, &mut ancestors, &mut files, &mut skipped);
            }
            Ok(_) => files.push(path.clone()),
            Err(err) => skipped.push(skip_path(path, io_reason(&err))),
        }
    }
    files.sort();
    files.dedup();
    skipped.sort_by(|a, b| (&a.source, &a.reason).cmp(&(&b.source, &b.reason)));
    skipped.dedup();
    (files, skipped)
}

/// Collects the article files under `dir`. `ancestors` holds the canonical
/// folders being walked, so a symlink back up the tree is not followed.
fn walk(
    dir: &Path,
    ancestors: &mut Vec<PathBuf>,
    files: &mut Vec<PathBuf>,
    skipped: &mut Vec<Skipped>,
) {
    let canonical = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if ancestors.contains(&canonical) {
        return;
    }
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            skipped.push(skip_path(dir, io_reason(&err)));
            return;
        }
    };
    ancestors.push(canonical);
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                skipped.push(skip_path(dir, io_reason(&err)));
                continue;
            }
        };
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let known = classify(&path).1.is_some();
        match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => walk(&path, ancestors, files, skipped),
            Ok(meta) if meta.is_file() && known => files.push(path),
            Ok(_) => {}
            // A dangling symlink: worth reporting only if it looks like an article.
            Err(err) if known => skipped.push(skip_path(&path, io_reason(&err))),
            Err(_) => {}
        }
    }
    ancestors.pop();
}

/// A [`Skipped`] for a whole file or folder.
fn skip_path(path: &Path, reason: String) -> Skipped {
    let name = path.display().to_string();
    Skipped {
        id: name.clone(),
        source: name,
        reason,
    }
}

/// A short reason for an I/O error; the common ones in plain words.
fn io_reason(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => err.to_string(),
    }
}

/// How a file is compressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Compression {
    None,
    Gzip,
    Zstd,
}

/// How the (decompressed) content is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    /// One article per file.
    Text,
    /// One JSON object per line.
    JsonLines,
    /// One JSON document (array or object of records), or JSON Lines.
    Json,
}

/// Compression and format from the file name; `None` format for an unknown
/// extension.
fn classify(path: &Path) -> (Compression, Option<Format>) {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let (compression, rest) = if let Some(rest) = name.strip_suffix(".gz") {
        (Compression::Gzip, rest)
    } else if let Some(rest) = name.strip_suffix(".zst") {
        (Compression::Zstd, rest)
    } else {
        (Compression::None, name.as_str())
    };
    let format = match Path::new(rest).extension().and_then(|ext| ext.to_str()) {
        Some("txt") => Some(Format::Text),
        Some("jsonl" | "jsonlines" | "ndjson") => Some(Format::JsonLines),
        Some("json") => Some(Format::Json),
        _ => None,
    };
    (compression, format)
}

/// Reads one file, calling `emit` for each [`Record`] in file order.
///
/// Never panics and never stops early on a bad record: a broken JSON line
/// becomes one [`Skipped`] naming `path:LINE` (`path:#N` in an array) and
/// the next record is read. A file that cannot be opened, is binary or
/// empty, or whose compressed stream is truncated gives a [`Skipped`] for
/// the file (after the records read before the damage). JSON Lines and
/// arrays are streamed, so memory does not grow with the file.
pub fn read_file(path: &Path, fields: &FieldNames, emit: &mut dyn FnMut(Record)) {
    read_chunks(path, fields, 1 << 20, &mut |chunk| chunk.records(emit));
}

/// What [`read_chunks`] hands on: a record, or JSON Lines read but not
/// parsed yet.
#[derive(Debug)]
pub enum Chunk {
    /// A record, ready.
    Record(Record),
    /// Consecutive lines of a JSON Lines file; [`Lines::records`] parses
    /// them.
    Lines(Lines),
}

impl Chunk {
    /// Bytes of text the chunk holds: a document's text, or the raw lines.
    pub fn len(&self) -> usize {
        match self {
            Chunk::Record(Record::Document(doc)) => doc.text.len(),
            Chunk::Record(Record::Skipped(_)) => 0,
            Chunk::Lines(lines) => lines.data.len(),
        }
    }

    /// Whether the chunk holds no text.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Calls `emit` for each record of the chunk, in file order.
    pub fn records(self, emit: &mut dyn FnMut(Record)) {
        match self {
            Chunk::Record(record) => emit(record),
            Chunk::Lines(lines) => lines.records(emit),
        }
    }
}

/// Non-blank lines of one JSON Lines file, with their line numbers, read
/// but not parsed: parsing is the costly part of reading JSON, and a batch
/// of lines can be parsed on another thread than the one reading the file.
#[derive(Debug)]
pub struct Lines {
    file: Arc<LinesFile>,
    /// The lines' bytes, one after another, trimmed.
    data: Vec<u8>,
    /// For each line: its number in the file and its span in `data`.
    spans: Vec<LineSpan>,
}

/// A line's number in its file (or an array element's), and where it is
/// in a buffer of lines.
type LineSpan = (u64, Range<usize>);

/// The file a [`Lines`] batch comes from.
#[derive(Debug)]
struct LinesFile {
    name: String,
    fields: FieldNames,
    /// Whether the batch holds the elements of a JSON array, each named
    /// `path:#N`, rather than lines, named `path:LINE`.
    elements: bool,
}

/// Unparsed records of one file on their way into [`Lines`] batches: the
/// spans gathered so far of the records in the caller's buffer.
struct Batches {
    file: Arc<LinesFile>,
    batch_bytes: usize,
    spans: Vec<LineSpan>,
}

impl Batches {
    /// A buffer with room for the record that takes a batch past
    /// `batch_bytes`, so that it is not copied again to grow; pages never
    /// written take no memory.
    fn buffer(&self) -> Vec<u8> {
        Vec::with_capacity(2 * self.batch_bytes)
    }

    /// Takes the span of a record just added to `data`, and hands the
    /// batch on once it is full.
    fn add(&mut self, data: &mut Vec<u8>, span: LineSpan, emit: &mut dyn FnMut(Chunk)) {
        self.spans.push(span);
        if data.len() >= self.batch_bytes {
            let full = std::mem::replace(data, self.buffer());
            self.hand_on(full, emit);
        }
    }

    /// Hands on the records of `data` gathered so far, if any.
    fn hand_on(&mut self, data: Vec<u8>, emit: &mut dyn FnMut(Chunk)) {
        if !self.spans.is_empty() {
            emit(Chunk::Lines(Lines {
                file: Arc::clone(&self.file),
                data,
                spans: std::mem::take(&mut self.spans),
            }));
        }
    }
}

impl Lines {
    /// Parses the lines, calling `emit` with a [`Record`] for each, in
    /// order.
    pub fn records(&self, emit: &mut dyn FnMut(Record)) {
        let file = FileCtx {
            name: self.file.name.clone(),
            compression: Compression::None,
            fields: &self.file.fields,
        };
        let mark = if self.file.elements { "#" } else { "" };
        for (number, span) in &self.spans {
            let at = format!("{}:{mark}{number}", file.name);
            emit(file.json_line(at, &self.data[span.clone()], None).0);
        }
    }
}

/// Reads one file like [`read_file`], but hands JSON Lines on in batches of
/// about `batch_bytes` unparsed lines, so that the caller can parse them in
/// parallel ([`Chunk::records`]); everything else comes as records. The
/// order of the records is the file's.
pub fn read_chunks(
    path: &Path,
    fields: &FieldNames,
    batch_bytes: usize,
    emit: &mut dyn FnMut(Chunk),
) {
    let (compression, format) = classify(path);
    let file = FileCtx {
        name: path.display().to_string(),
        compression,
        fields,
    };
    let mut emit_record = |record: Record| emit(Chunk::Record(record));
    let mut reader = match open(path, compression) {
        Ok(reader) => reader,
        Err(err) => return emit_record(file.skip(file.stream_reason(&err))),
    };
    let mut head = Vec::with_capacity(HEAD_LEN);
    if let Err(err) = (&mut reader).take(HEAD_LEN as u64).read_to_end(&mut head) {
        return emit_record(file.skip(file.stream_reason(&err)));
    }
    if looks_binary(&head) {
        return emit_record(file.skip("binary file".to_string()));
    }
    match format.unwrap_or(Format::Text) {
        Format::Text => match file.read_all(head, reader) {
            Ok(bytes) => emit_record(file.text_document(&bytes)),
            Err(reason) => emit_record(file.skip(reason)),
        },
        Format::JsonLines if utf16_bom(&head).is_some() => match file.read_all(head, reader) {
            Ok(bytes) => file.json_document(&bytes, &mut emit_record),
            Err(reason) => emit_record(file.skip(reason)),
        },
        Format::JsonLines => {
            file.stream_json_lines(Cursor::new(head).chain(reader), batch_bytes, emit);
        }
        Format::Json => file.json(head, reader, batch_bytes, emit),
    }
}

/// Opens `path` and undoes its compression.
fn open(path: &Path, compression: Compression) -> io::Result<Box<dyn BufRead>> {
    let file = File::open(path)?;
    let decoded: Box<dyn Read> = match compression {
        Compression::None => Box::new(file),
        Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(file)),
        Compression::Zstd => Box::new(zstd::stream::read::Decoder::new(file)?),
    };
    Ok(Box::new(BufReader::with_capacity(READ_BYTES, decoded)))
}

/// What reading one file needs to know about it.
struct FileCtx<'a> {
    /// The path as shown in ids, sources and messages.
    name: String,
    compression: Compression,
    fields: &'a FieldNames,
}

impl FileCtx<'_> {
    /// A [`Skipped`] for the whole file.
    fn skip(&self, reason: String) -> Record {
        Record::Skipped(Skipped {
            id: self.name.clone(),
            source: self.name.clone(),
            reason,
        })
    }

    /// A reason for an error met while reading: a compressed stream that
    /// fails is most likely cut short or damaged.
    fn stream_reason(&self, err: &io::Error) -> String {
        match self.compression {
            Compression::None => io_reason(err),
            Compression::Gzip => format!("truncated or corrupt gzip stream: {err}"),
            Compression::Zstd => format!("truncated or corrupt zstd stream: {err}"),
        }
    }

    /// The rest of the file after `head`, for formats read whole.
    fn read_all(
        &self,
        mut head: Vec<u8>,
        mut rest: impl Read,
    ) -> std::result::Result<Vec<u8>, String> {
        match rest.read_to_end(&mut head) {
            Ok(_) => Ok(head),
            Err(err) => Err(self.stream_reason(&err)),
        }
    }

    /// A `.txt` file: one article, optionally headed by ` date YYYY-MM-DD
    /// Title…`.
    fn text_document(&self, bytes: &[u8]) -> Record {
        let (text, note) = match decode(bytes) {
            Ok(decoded) => decoded,
            Err(err) => return self.skip(err.reason(true)),
        };
        if text.trim().is_empty() {
            return self.skip("empty file".to_string());
        }
        let first_line = text.lines().next().unwrap_or_default();
        let (date, title) = match parse_header(first_line) {
            Some((date, title)) => {
                let title = title.or_else(|| first_non_empty_line(text.lines().skip(1)));
                (Some(date), title)
            }
            None => (None, first_non_empty_line(text.lines())),
        };
        Record::Document(Document {
            id: self.name.clone(),
            source: self.name.clone(),
            date,
            title,
            lang: None,
            text: text.into_owned(),
            note,
        })
    }

    /// A `.json` file: an array of records, an object holding one, a single
    /// record, or JSON Lines under a `.json` name. JSON Lines, recognised
    /// from their first line, and arrays are streamed. So is the array of
    /// an object that holds one (`{"articles": […]}`): its first array
    /// member, in file order, whose first element is a record, unless a
    /// text field comes before it. The rest is parsed whole.
    fn json(
        &self,
        head: Vec<u8>,
        rest: Box<dyn BufRead>,
        batch_bytes: usize,
        emit_chunk: &mut dyn FnMut(Chunk),
    ) {
        let emit = &mut |record: Record| emit_chunk(Chunk::Record(record));
        let bom = if head.starts_with(UTF8_BOM) {
            UTF8_BOM.len()
        } else {
            0
        };
        let first = head[bom..]
            .iter()
            .copied()
            .find(|b| !b.is_ascii_whitespace());
        if first == Some(b'{') && utf16_bom(&head).is_none() {
            let mut reader = Cursor::new(head).chain(rest);
            let mut lines = Vec::new();
            // A first line longer than four batches is not one record of
            // JSON Lines but a whole document written on one line, whose
            // array of records is streamed like any other.
            let longest_line = 4 * batch_bytes as u64;
            if let Err(err) = (&mut reader)
                .take(longest_line)
                .read_until(b'\n', &mut lines)
            {
                return emit(self.skip(self.stream_reason(&err)));
            }
            let whole_line = (lines.len() as u64) < longest_line || lines.ends_with(b"\n");
            let first_line = lines.strip_prefix(UTF8_BOM).unwrap_or(&lines).trim_ascii();
            if whole_line && serde_json::from_slice::<serde::de::IgnoredAny>(first_line).is_ok() {
                // A complete value on line 1: JSON Lines if another line follows.
                loop {
                    let start = lines.len();
                    match reader.read_until(b'\n', &mut lines) {
                        Ok(0) => break,
                        Ok(_) if lines[start..].trim_ascii().is_empty() => {}
                        Ok(_) => {
                            let reader = Cursor::new(lines).chain(reader);
                            self.stream_json_lines(reader, batch_bytes, emit_chunk);
                            return;
                        }
                        Err(err) => return emit(self.skip(self.stream_reason(&err))),
                    }
                }
                return self.json_document(&lines, emit);
            }
            let mut holds_records =
                |members: &[u8], first: &[u8]| self.holds_records(members, first);
            match find_array_in_object(&mut reader, &mut lines, bom, &mut holds_records) {
                Ok(Some(array)) => {
                    let array = Cursor::new(lines.split_off(array)).chain(reader);
                    self.stream_json_array(array, batch_bytes, Enclosing::Object, emit_chunk);
                }
                Ok(None) => match self.read_all(lines, reader) {
                    Ok(bytes) => self.json_document(&bytes, emit),
                    Err(reason) => emit(self.skip(reason)),
                },
                Err(err) => emit(self.skip(self.stream_reason(&err))),
            }
        } else if first == Some(b'[') && utf16_bom(&head).is_none() {
            let mut reader = Cursor::new(head).chain(rest);
            reader.consume(bom);
            self.stream_json_array(reader, batch_bytes, Enclosing::Nothing, emit_chunk);
        } else if utf16_bom(&head).is_some() {
            match self.read_all(head, rest) {
                Ok(bytes) => self.json_document(&bytes, emit),
                Err(reason) => emit(self.skip(reason)),
            }
        } else {
            self.stream_json_lines(Cursor::new(head).chain(rest), batch_bytes, emit_chunk);
        }
    }

    /// A JSON file read whole. If it does not parse as one document it is
    /// read as JSON Lines, unless no line parses either: then it is one
    /// broken document, reported once where the parser stopped.
    fn json_document(&self, bytes: &[u8], emit: &mut dyn FnMut(Record)) {
        let (text, note) = match decode(bytes) {
            Ok(decoded) => decoded,
            Err(err) => return emit(self.skip(err.reason(true))),
        };
        if text.trim().is_empty() {
            return emit(self.skip("empty file".to_string()));
        }
        let whole_err = match serde_json::from_str::<Value>(&text) {
            Ok(value) => return self.json_value(&value, note.as_deref(), emit),
            Err(err) => err,
        };
        let mut records = Vec::new();
        let parsed = self.json_lines(
            Cursor::new(text.as_bytes()),
            note.as_deref(),
            &mut |record| records.push(record),
        );
        if parsed == 0 {
            return emit(Record::Skipped(Skipped {
                id: self.name.clone(),
                source: format!("{}:{}", self.name, whole_err.line()),
                reason: format!("invalid JSON: {whole_err}"),
            }));
        }
        records.into_iter().for_each(emit);
    }

    /// Whether the array member of a JSON object whose first element is
    /// `first` holds the records: that element is a record, and the object
    /// is not one itself, as far as its `members` before the array tell.
    fn holds_records(&self, members: &[u8], first: &[u8]) -> bool {
        let parse = |bytes| serde_json::from_slice::<Value>(bytes).ok();
        parse(first)
            .is_some_and(|first| first.is_object() && text_of(&first, self.fields).is_some())
            && parse(members).is_some_and(|members| text_of(&members, self.fields).is_none())
    }

    /// Records of a parsed JSON document.
    fn json_value(&self, value: &Value, note: Option<&str>, emit: &mut dyn FnMut(Record)) {
        let items = match value {
            Value::Array(items) => items,
            Value::Object(map) if text_of(value, self.fields).is_none() => {
                match record_array(map, self.fields) {
                    Some(items) => items,
                    None => return emit(self.record(value, self.name.clone(), note)),
                }
            }
            Value::Object(_) => return emit(self.record(value, self.name.clone(), note)),
            other => {
                return emit(self.skip(format!(
                    "expected a JSON object or array, found {}",
                    kind(other)
                )));
            }
        };
        if items.is_empty() {
            return emit(self.skip("no records (empty array)".to_string()));
        }
        for (index, item) in items.iter().enumerate() {
            emit(self.record(item, format!("{}:#{}", self.name, index + 1), note));
        }
    }

    /// Reads JSON Lines held in memory, one record per non-blank line, and
    /// returns how many lines parsed as JSON. `note` is for text that was
    /// decoded beforehand.
    fn json_lines(
        &self,
        reader: impl BufRead,
        note: Option<&str>,
        emit: &mut dyn FnMut(Record),
    ) -> usize {
        let mut parsed = 0;
        let problem = self.split_lines(reader, &mut Vec::new(), &mut |data, line| {
            if let Some((line_no, span)) = line {
                let at = format!("{}:{line_no}", self.name);
                let (record, ok) = self.json_line(at, &data[span], note);
                parsed += usize::from(ok);
                emit(record);
                data.clear();
            }
        });
        if let Some(record) = problem {
            emit(record);
        }
        parsed
    }

    /// Gathers this file's records, read but not parsed, into batches of
    /// about `batch_bytes`; `elements` for the elements of a JSON array.
    fn batches(&self, elements: bool, batch_bytes: usize) -> Batches {
        Batches {
            file: Arc::new(LinesFile {
                name: self.name.clone(),
                fields: self.fields.clone(),
                elements,
            }),
            batch_bytes,
            spans: Vec::new(),
        }
    }

    /// Streams JSON Lines in batches of about `batch_bytes` unparsed lines.
    fn stream_json_lines(
        &self,
        reader: impl BufRead,
        batch_bytes: usize,
        emit: &mut dyn FnMut(Chunk),
    ) {
        let mut batches = self.batches(false, batch_bytes);
        let mut data = batches.buffer();
        let problem = self.split_lines(reader, &mut data, &mut |data, line| match line {
            Some(line) => batches.add(data, line, emit),
            None => batches.hand_on(std::mem::take(data), emit),
        });
        if let Some(record) = problem {
            emit(Chunk::Record(record));
        }
    }

    /// Streams the elements of a JSON array in batches of about
    /// `batch_bytes`, unparsed, as JSON Lines are: a dump that is one large
    /// array takes no more memory than one made of lines. A broken array
    /// gives the records before the damage, then a [`Skipped`] saying
    /// where it is. An array in an object is read up to its `]`.
    fn stream_json_array(
        &self,
        reader: impl BufRead,
        batch_bytes: usize,
        enclosing: Enclosing,
        emit: &mut dyn FnMut(Chunk),
    ) {
        let mut batches = self.batches(true, batch_bytes);
        let mut data = batches.buffer();
        let mut elements = 0;
        let end = split_array(reader, &mut data, enclosing, &mut |data, element| {
            elements = element.0;
            batches.add(data, element, emit);
        });
        batches.hand_on(data, emit);
        let at_element = |number: u64, reason: String| {
            let at = format!("{}:#{number}", self.name);
            Record::Skipped(Skipped {
                id: at.clone(),
                source: at,
                reason,
            })
        };
        let problem = match end {
            Ok(ArrayEnd::Closed) if elements == 0 => {
                self.skip("no records (empty array)".to_string())
            }
            Ok(ArrayEnd::Closed) => return,
            Ok(ArrayEnd::Unclosed(Some(number))) => at_element(
                number,
                "invalid JSON: the file ends inside this record".to_string(),
            ),
            Ok(ArrayEnd::Unclosed(None)) if elements == 0 => {
                self.skip("invalid JSON: the file ends before the array's `]`".to_string())
            }
            Ok(ArrayEnd::Unclosed(None)) => self.skip(format!(
                "invalid JSON: the file ends after record #{elements}, before the array's `]`"
            )),
            Ok(ArrayEnd::TextAfter) => self.skip(format!(
                "invalid JSON: text after the array's `]` (after record #{elements}) is not read"
            )),
            Ok(ArrayEnd::NotAnArray) => self.skip("invalid JSON: expected `[`".to_string()),
            Err(err) => self.skip(self.stream_reason(&err)),
        };
        emit(Chunk::Record(problem));
    }

    /// Splits JSON Lines into trimmed, non-blank lines appended to `data`,
    /// calling `on_line` with the line's number and span after each, and
    /// with `None` at the end; `on_line` may take `data`'s contents away.
    /// Gives back the file's problem, if any: a stream that broke off, or
    /// no line at all.
    fn split_lines(
        &self,
        mut reader: impl BufRead,
        data: &mut Vec<u8>,
        on_line: &mut dyn FnMut(&mut Vec<u8>, Option<LineSpan>),
    ) -> Option<Record> {
        let mut line_no = 0u64;
        let mut non_blank = 0usize;
        loop {
            let start = data.len();
            match reader.read_until(b'\n', data) {
                Ok(0) => break,
                Ok(_) => {}
                Err(err) => {
                    data.truncate(start);
                    on_line(data, None);
                    return Some(self.skip(self.stream_reason(&err)));
                }
            }
            line_no += 1;
            let mut from = start;
            if line_no == 1 && data[start..].starts_with(UTF8_BOM) {
                from += UTF8_BOM.len();
            }
            let line = &data[from..];
            let to = from + line.trim_ascii_end().len();
            from += line.len() - line.trim_ascii_start().len();
            if from >= to {
                data.truncate(start);
                continue;
            }
            non_blank += 1;
            data.truncate(to);
            on_line(data, Some((line_no, from..to)));
        }
        on_line(data, None);
        (non_blank == 0).then(|| self.skip("empty file".to_string()))
    }

    /// The record of one trimmed, non-blank line, and whether it parsed as
    /// JSON. A line that is not UTF-8 is decoded on its own.
    fn json_line(&self, at: String, line: &[u8], note: Option<&str>) -> (Record, bool) {
        // The whole line is checked for UTF-8 at once (with SIMD, where
        // serde_json would check string by string); only a line that is not
        // UTF-8 or does not parse is looked at again, to say why.
        if let Ok(text) = simdutf8::basic::from_utf8(line)
            && let Ok(value) = serde_json::from_str::<Value>(text)
        {
            return (self.record(&value, at, note), true);
        }
        let skip = |reason: String| {
            Record::Skipped(Skipped {
                id: at.clone(),
                source: at.clone(),
                reason,
            })
        };
        let (text, line_note) = match std::str::from_utf8(line) {
            Ok(text) => (Cow::Borrowed(text), note.map(str::to_string)),
            Err(_) => match decode(line) {
                Ok(decoded) => decoded,
                Err(err) => return (skip(err.reason(false)), false),
            },
        };
        match serde_json::from_str::<Value>(&text) {
            Ok(value) => (self.record(&value, at, line_note.as_deref()), true),
            Err(err) => (skip(format!("invalid JSON: {err}")), false),
        }
    }

    /// One JSON record found at `at` (`path:LINE`, `path:#N` or `path`).
    fn record(&self, value: &Value, at: String, note: Option<&str>) -> Record {
        let fields = self.fields;
        let id = field(value, fields.id.as_deref(), ID_FIELDS).map(|id| id.trim().to_string());
        let skip = |reason: String| {
            Record::Skipped(Skipped {
                id: id.clone().unwrap_or_else(|| at.clone()),
                source: at.clone(),
                reason,
            })
        };
        if !value.is_object() {
            return skip(format!("expected a JSON object, found {}", kind(value)));
        }
        let Some(body) = text_of(value, fields) else {
            let tried = match &fields.text {
                Some(path) => path.clone(),
                None => TEXT_FIELDS.join(", "),
            };
            return skip(format!("no text field (tried {tried})"));
        };
        let body = if looks_like_html(&body) {
            Cow::Owned(html_to_text(&body))
        } else {
            body
        };
        if body.trim().is_empty() {
            return skip("no text left after removing HTML markup".to_string());
        }
        let title = field(value, fields.title.as_deref(), TITLE_FIELDS)
            .map(|title| {
                if looks_like_html(&title) {
                    html_to_text(&title)
                } else {
                    title.trim().to_string()
                }
            })
            .filter(|title| !title.is_empty());
        let date = date_of(value, fields.date.as_deref()).or_else(|| {
            id.iter()
                .map(String::as_str)
                .chain(
                    URL_FIELDS
                        .iter()
                        .filter_map(|name| value.get(name)?.as_str()),
                )
                .find_map(url_date)
        });
        let lang = field(value, None, LANG_FIELDS).map(|lang| lang.trim().to_string());
        // The body is copied once, into the text, not into a string of its
        // own first.
        let text = match &title {
            Some(title) => [title, "\n\n", &body].concat(),
            None => body.into_owned(),
        };
        Record::Document(Document {
            id: id.unwrap_or_else(|| at.clone()),
            source: at,
            date,
            title,
            lang,
            text,
            note: note.map(str::to_string),
        })
    }
}

/// The first array of objects in `map` that holds records (objects with a
/// text field), else the first array of objects, in key order.
fn record_array<'a>(
    map: &'a serde_json::Map<String, Value>,
    fields: &FieldNames,
) -> Option<&'a Vec<Value>> {
    let arrays: Vec<&Vec<Value>> = map
        .values()
        .filter_map(Value::as_array)
        .filter(|items| items.first().is_some_and(Value::is_object))
        .collect();
    arrays
        .iter()
        .find(|items| items.iter().any(|item| text_of(item, fields).is_some()))
        .or(arrays.first())
        .copied()
}

/// A JSON value's kind, for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Follows a dotted path (`properties.title.stringValue`).
fn lookup<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.')
        .try_fold(value, |current, segment| match current {
            Value::Object(map) => map.get(segment),
            Value::Array(items) => items.get(segment.parse::<usize>().ok()?),
            _ => None,
        })
}

/// A field's value as a string: a string, a number, or a datastore-style
/// wrapper such as `{"stringValue": "…"}`.
fn scalar(value: &Value) -> Option<Cow<'_, str>> {
    match value {
        Value::String(text) => Some(Cow::Borrowed(text)),
        Value::Number(number) => Some(Cow::Owned(number.to_string())),
        Value::Object(map) => ["stringValue", "timestampValue"]
            .iter()
            .find_map(|key| map.get(*key)?.as_str().map(Cow::Borrowed)),
        _ => None,
    }
}

/// The first non-blank value: at `path` when given, else under one of the
/// usual `names`.
fn field<'a>(value: &'a Value, path: Option<&str>, names: &[&str]) -> Option<Cow<'a, str>> {
    let non_blank = |text: &Cow<'_, str>| !text.trim().is_empty();
    match path {
        Some(path) => lookup(value, path).and_then(scalar).filter(non_blank),
        None => names
            .iter()
            .find_map(|name| value.get(name).and_then(scalar).filter(non_blank)),
    }
}

/// The record's body.
fn text_of<'a>(value: &'a Value, fields: &FieldNames) -> Option<Cow<'a, str>> {
    field(value, fields.text.as_deref(), TEXT_FIELDS)
}

/// The record's date as `YYYY-MM-DD`: the first date field that parses.
fn date_of(value: &Value, path: Option<&str>) -> Option<String> {
    match path {
        Some(path) => normalize_date(&scalar(lookup(value, path)?)?),
        None => DATE_FIELDS
            .iter()
            .find_map(|name| normalize_date(&scalar(value.get(name)?)?)),
    }
}

/// The first non-empty line, trimmed.
fn first_non_empty_line<'a>(mut lines: impl Iterator<Item = &'a str>) -> Option<String> {
    lines
        .find(|line| !line.trim().is_empty())
        .map(|line| line.trim().to_string())
}

/// Parses the seeds' header line ` date YYYY-MM-DD Title…` into its date
/// and title (`None` when the rest of the line is blank).
fn parse_header(line: &str) -> Option<(String, Option<String>)> {
    let rest = line.trim_start().strip_prefix("date ")?;
    let (date, title) = rest.split_at_checked(10)?;
    if !(title.is_empty() || title.starts_with(char::is_whitespace)) {
        return None;
    }
    let date = normalize_date(date)?;
    let title = title.trim();
    Some((date, (!title.is_empty()).then(|| title.to_string())))
}

static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:$|[T\s])").expect("the pattern is valid")
});
static DOTTED_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:$|[\s,])").expect("the pattern is valid")
});
static RFC2822_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[A-Za-z]{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{4})(?:$|\s)")
        .expect("the pattern is valid")
});
static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/(\d{4})(?:-(\d{2})-(\d{2})|/(\d{2})/(\d{2}))/").expect("the pattern is valid")
});

/// Normalizes a date to `YYYY-MM-DD`. Knows ISO dates and datetimes (with or
/// without zone; the date is taken as written, not moved to UTC),
/// `YYYY/MM/DD`, `DD.MM.YYYY` and RFC 2822 (`Mon, 02 Jan 2017 10:00:00
/// +0300`). Anything else, or an impossible date, is `None`.
fn normalize_date(text: &str) -> Option<String> {
    let text = text.trim();
    let number = |caps: &regex::Captures<'_>, i: usize| caps.get(i)?.as_str().parse::<u32>().ok();
    if let Some(caps) = ISO_DATE.captures(text) {
        return ymd(number(&caps, 1)?, number(&caps, 2)?, number(&caps, 3)?);
    }
    if let Some(caps) = DOTTED_DATE.captures(text) {
        return ymd(number(&caps, 3)?, number(&caps, 2)?, number(&caps, 1)?);
    }
    if let Some(caps) = RFC2822_DATE.captures(text) {
        const MONTHS: [&str; 12] = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ];
        let month = caps[2].to_ascii_lowercase();
        let month = MONTHS.iter().position(|name| *name == month)? as u32 + 1;
        return ymd(number(&caps, 3)?, month, number(&caps, 1)?);
    }
    None
}

/// A date in a URL path, `/YYYY-MM-DD/` or `/YYYY/MM/DD/` (ng.ru, many
/// news sites), from 1900 on so that ids and counters are not taken for years.
fn url_date(url: &str) -> Option<String> {
    let caps = URL_DATE.captures(url)?;
    let part = |a: usize, b: usize| caps.get(a).or(caps.get(b))?.as_str().parse::<u32>().ok();
    let year = part(1, 1)?;
    if year < 1900 {
        return None;
    }
    ymd(year, part(2, 4)?, part(3, 5)?)
}

/// `YYYY-MM-DD` when the date exists.
fn ymd(year: u32, month: u32, day: u32) -> Option<String> {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    ((1..=9999).contains(&year) && (1..=days).contains(&day))
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// Why bytes could not be turned into text.
#[derive(Debug, PartialEq, Eq)]
enum DecodeError {
    /// Control characters: not text at all.
    Binary,
    /// Not UTF-8, and the detected encoding does not fit either.
    Undetected(&'static Encoding),
}

impl DecodeError {
    fn reason(&self, whole_file: bool) -> String {
        match self {
            DecodeError::Binary if whole_file => "binary file".to_string(),
            DecodeError::Binary => "binary data, not text".to_string(),
            DecodeError::Undetected(guess) => format!(
                "not UTF-8 and no encoding detected (best guess {} does not fit)",
                guess.name().to_lowercase()
            ),
        }
    }
}

/// A UTF-16 byte-order mark at the start, and its encoding.
fn utf16_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    match Encoding::for_bom(bytes) {
        Some((encoding, _)) if encoding != encoding_rs::UTF_8 => Some(encoding),
        _ => None,
    }
}

/// Whether the start of a file is binary: a NUL byte (not UTF-16), or many
/// control characters in something that is not UTF-8.
fn looks_binary(head: &[u8]) -> bool {
    if utf16_bom(head).is_some() {
        return false;
    }
    if head.contains(&0) {
        return true;
    }
    // A multi-byte character cut at the end of the head is still UTF-8.
    let utf8 = match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(err) => err.error_len().is_none(),
    };
    !utf8 && too_many_controls(head)
}

/// More than 5% control characters other than tab, newlines, form feed and
/// escape: text in any encoding has next to none.
fn too_many_controls(bytes: &[u8]) -> bool {
    let controls = bytes
        .iter()
        .filter(|&&b| {
            (b < 0x20 && !matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | 0x1B)) || b == 0x7F
        })
        .count();
    controls * 20 > bytes.len()
}

/// Bytes to text: UTF-8 as is (without its BOM), UTF-16 by its BOM, anything
/// else from the encoding chardetng detects. The note names the encoding
/// when one was used.
fn decode(bytes: &[u8]) -> std::result::Result<(Cow<'_, str>, Option<String>), DecodeError> {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((Cow::Borrowed(text), None));
    }
    if let Some(encoding) = utf16_bom(bytes) {
        let (text, had_errors) = encoding.decode_with_bom_removal(bytes);
        return match had_errors {
            false => Ok((text, Some(decoded_note(encoding)))),
            true => Err(DecodeError::Undetected(encoding)),
        };
    }
    if bytes.contains(&0) || too_many_controls(bytes) {
        return Err(DecodeError::Binary);
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, Utf8Detection::Deny);
    match encoding.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => Ok((text, Some(decoded_note(encoding)))),
        None => Err(DecodeError::Undetected(encoding)),
    }
}

/// `decoded from windows-1251`, with encoding_rs's name for the encoding.
fn decoded_note(encoding: &'static Encoding) -> String {
    format!("decoded from {}", encoding.name().to_lowercase())
}

static HTML_MARKUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)</?[a-z][a-z0-9]*(?:\s[^<>]*)?/?>|<!--|&(?:[a-z][a-z0-9]*|#[0-9]+|#x[0-9a-f]+);",
    )
    .expect("the pattern is valid")
});

/// Whether text carries HTML tags or entities.
fn looks_like_html(text: &str) -> bool {
    HTML_MARKUP.is_match(text)
}

/// Tags that end a line of visible text.
const BLOCK_TAGS: &[&str] = &[
    "br",
    "p",
    "div",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "section",
    "article",
    "ul",
    "ol",
    "table",
    "header",
    "footer",
    "figure",
    "figcaption",
    "hr",
];

/// Reduces HTML to its visible text: tags dropped (with the contents of
/// `<script>` and `<style>`), block tags and `<br>` made line breaks,
/// entities decoded, runs of spaces collapsed, at most one blank line.
fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let tag = &rest[lt..];
        if let Some(comment) = tag.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let Some(gt) = tag.find('>') else {
            out.push_str(tag);
            rest = "";
            break;
        };
        let inner = &tag[1..gt];
        let closing = inner.starts_with('/');
        let name: String = inner
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        let is_tag =
            name.starts_with(|c: char| c.is_ascii_alphabetic()) || inner.starts_with(['!', '?']);
        if !is_tag {
            // A lone `<`, as in `a < b`: text.
            out.push('<');
            rest = &tag[1..];
            continue;
        }
        rest = &tag[gt + 1..];
        if !closing && (name == "script" || name == "style") {
            let end_tag = format!("</{name}");
            rest = match find_ascii_ci(rest, &end_tag) {
                Some(end) => rest[end..].find('>').map_or("", |gt| &rest[end + gt + 1..]),
                None => "",
            };
        } else if BLOCK_TAGS.contains(&name.as_str()) {
            out.push('\n');
        }
    }
    out.push_str(rest);
    collapse_whitespace(&html_escape::decode_html_entities(&out))
}

/// Byte offset of an ASCII `needle` in `haystack`, ignoring ASCII case.
fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Collapses runs of spaces within lines, trims lines, and keeps at most one
/// blank line between paragraphs.
fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.split('\n') {
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(&words.join(" "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// Everything `read_file` emits for `path`.
    fn read(path: &Path, fields: &FieldNames) -> Vec<Record> {
        let mut records = Vec::new();
        read_file(path, fields, &mut |record| records.push(record));
        records
    }

    /// The records of `path` read in batches of about `batch_bytes`, and
    /// how many batches of unparsed records there were.
    fn read_in_batches(path: &Path, batch_bytes: usize) -> (usize, Vec<Record>) {
        let mut batches = 0;
        let mut records = Vec::new();
        read_chunks(path, &FieldNames::default(), batch_bytes, &mut |chunk| {
            batches += usize::from(matches!(chunk, Chunk::Lines(_)));
            chunk.records(&mut |record| records.push(record));
        });
        (batches, records)
    }

    /// Reads `cut`, a JSON array (alone or in an object) that ends inside
    /// its second record: the first record, then the second named as cut.
    fn assert_cut_inside_the_second_record(dir: &Path, cut: &str) {
        let path = write(dir, "cut.json", cut.as_bytes());
        let records = read(&path, &FieldNames::default());
        assert_eq!(records.len(), 2, "{records:?}");
        assert_eq!(doc(&records[0]).source, format!("{}:#1", name(&path)));
        let skip = skipped(&records[1]);
        assert_eq!(skip.source, format!("{}:#2", name(&path)));
        assert_eq!(
            skip.reason,
            "invalid JSON: the file ends inside this record"
        );
    }

    fn doc(record: &Record) -> &Document {
        match record {
            Record::Document(doc) => doc,
            Record::Skipped(skip) => panic!("expected a document, got {skip:?}"),
        }
    }

    fn skipped(record: &Record) -> &Skipped {
        match record {
            Record::Skipped(skip) => skip,
            Record::Document(doc) => panic!("expected a skip, got {doc:?}"),
        }
    }

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(&path, bytes).unwrap();
        path
    }

    fn name(path: &Path) -> String {
        path.display().to_string()
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    const AZ_HEADER: &str = " date 2025-12-15 WUF13 Büdcə zərfi İlham Əliyev\n";
    const AZ_BODY: &str = "    Tobias Lorentsson: NATO və Azərbaycan 2026-cı ildə fəal dialoqu davam etdirəcək\n\n    Xarici siyasət\n";
    const RU: &str = "Тобиас Лоренцсон: НАТО и Азербайджан продолжат в 2026 году активный диалог. \
        Об этом заявил специальный представитель генерального секретаря НАТО по Южному Кавказу и Центральной Азии.";
    const TR: &str = "Bahreyn Dışişleri Bakanlığının, Iraklı yetkililerin ülkedeki yargı kararlarına ilişkin \
        açıklamalarının ardından Irak'ın Manama Büyükelçisini bakanlığa çağırdığı bildirildi. \
        Mısır'ın güneyindeki El-Vadi El-Cedid yakınında silahlı saldırıda 8 polisin öldüğü bildirildi.";
    const DE: &str = "Präsident Ilham Aliyev trifft NATO-Generalsekretär. Der zu einem Arbeitsbesuch in Brüssel \
        weilende Präsident der Republik Aserbaidschan ist heute mit dem NATO-Generalsekretär zusammengetroffen. \
        Jens Stoltenberg begrüßte Präsident Ilham Aliyev. Er äußerte sich lobend über den Beitrag.";

    fn de_line() -> String {
        serde_json::json!({
            "gathered_date": "2025-08-05",
            "title": "Prozess gegen Ex-Mitarbeiter von Krah beginnt",
            "content": "Ein ehemaliger Mitarbeiter des AfD-Politikers Krah steht unter Spionage-Verdacht für China.",
            "url": "https://www.tagesschau.de/inland/innenpolitik/spionage-prozess-mitarbeiter-krah-100.html",
            "language": "de",
            "published_date": null,
        })
        .to_string()
    }

    fn ru_line() -> String {
        serde_json::json!({
            "title": "Молодежное «Яблоко»",
            "url": "http://www.ng.ru/ng_politics/2017-04-18/11_6976_apple.html",
            "content": "Многие интересуются, зачем нужна «Яблоку» молодежная фракция?",
        })
        .to_string()
    }

    #[test]
    fn txt_with_header_keeps_whole_file_as_text() {
        let dir = tempfile::tempdir().unwrap();
        let content = format!("{AZ_HEADER}{AZ_BODY}");
        let path = write(dir.path(), "000.txt", content.as_bytes());
        let records = read(&path, &FieldNames::default());
        assert_eq!(
            records,
            vec![Record::Document(Document {
                id: name(&path),
                source: name(&path),
                date: Some("2025-12-15".into()),
                title: Some("WUF13 Büdcə zərfi İlham Əliyev".into()),
                lang: None,
                text: content,
                note: None,
            })]
        );
    }

    #[test]
    fn txt_without_header_takes_first_line_as_title() {
        let dir = tempfile::tempdir().unwrap();
        let content = "\r\nOFFIZIELLE NEWS\r\n\r\nPräsident Ilham Aliyev trifft NATO-Generalsekretär VIDEO\r\n";
        let path = write(dir.path(), "004.txt", content.as_bytes());
        let records = read(&path, &FieldNames::default());
        let doc = doc(&records[0]);
        assert_eq!(doc.title.as_deref(), Some("OFFIZIELLE NEWS"));
        assert_eq!(doc.date, None);
        assert_eq!(
            doc.text, content,
            "CRLF is kept: offsets index the text as read"
        );
    }

    #[test]
    fn txt_bom_is_stripped_and_header_still_found() {
        let dir = tempfile::tempdir().unwrap();
        let content = " date 2025-12-15 Elçin Qasımov: Azərbaycan NATO ilə\n- 15 dekabr, 2025\n";
        let path = write(
            dir.path(),
            "001.txt",
            format!("\u{FEFF}{content}").as_bytes(),
        );
        let records = read(&path, &FieldNames::default());
        let doc = doc(&records[0]);
        assert_eq!(doc.text, content);
        assert_eq!(doc.date.as_deref(), Some("2025-12-15"));
        assert_eq!(
            doc.title.as_deref(),
            Some("Elçin Qasımov: Azərbaycan NATO ilə")
        );
    }

    #[test]
    fn header_needs_a_real_date() {
        assert_eq!(
            parse_header(" date 2025-12-15"),
            Some(("2025-12-15".into(), None))
        );
        assert_eq!(
            parse_header("date 2025-12-15  NATO "),
            Some(("2025-12-15".into(), Some("NATO".into())))
        );
        assert_eq!(parse_header(" date 2025-13-15 Title"), None);
        assert_eq!(parse_header(" date 2025-12-150 Title"), None);
        assert_eq!(parse_header(" dated 2025-12-15 Title"), None);
        assert_eq!(parse_header("Tobias Lorentsson"), None);
    }

    #[test]
    fn jsonl_broken_line_is_skipped_and_reading_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let content = format!(
            "{}\n\n{{\"title\": \"kaputt\", \n{}\n",
            de_line(),
            ru_line()
        );
        let path = write(dir.path(), "archive.jsonl", content.as_bytes());
        let records = read(&path, &FieldNames::default());
        assert_eq!(records.len(), 3, "{records:?}");

        let de = doc(&records[0]);
        assert_eq!(
            de.id,
            "https://www.tagesschau.de/inland/innenpolitik/spionage-prozess-mitarbeiter-krah-100.html"
        );
        assert_eq!(de.source, format!("{}:1", name(&path)));
        assert_eq!(de.date.as_deref(), Some("2025-08-05"));
        assert_eq!(de.lang.as_deref(), Some("de"));
        assert_eq!(
            de.text,
            "Prozess gegen Ex-Mitarbeiter von Krah beginnt\n\n\
             Ein ehemaliger Mitarbeiter des AfD-Politikers Krah steht unter Spionage-Verdacht für China."
        );

        let bad = skipped(&records[1]);
        assert_eq!(bad.id, format!("{}:3", name(&path)));
        assert_eq!(bad.source, format!("{}:3", name(&path)));
        assert!(bad.reason.starts_with("invalid JSON: "), "{}", bad.reason);

        let ru = doc(&records[2]);
        assert_eq!(ru.source, format!("{}:4", name(&path)));
        assert_eq!(
            ru.date.as_deref(),
            Some("2017-04-18"),
            "date from the ng.ru URL"
        );
        assert_eq!(ru.title.as_deref(), Some("Молодежное «Яблоко»"));
    }

    #[test]
    fn record_without_text_or_id() {
        let dir = tempfile::tempdir().unwrap();
        let content = "{\"title\": \"Nur ein Titel\", \"url\": \"https://www.zeit.de/a\"}\n{\"body\": \"Alijew\"}\n[1]\n";
        let path = write(dir.path(), "x.ndjson", content.as_bytes());
        let records = read(&path, &FieldNames::default());
        let no_text = skipped(&records[0]);
        assert_eq!(no_text.id, "https://www.zeit.de/a");
        assert_eq!(no_text.source, format!("{}:1", name(&path)));
        assert_eq!(
            no_text.reason,
            "no text field (tried text, content, body, description)"
        );
        let no_id = doc(&records[1]);
        assert_eq!(no_id.id, format!("{}:2", name(&path)));
        assert_eq!(no_id.text, "Alijew");
        assert_eq!(no_id.title, None);
        assert_eq!(
            skipped(&records[2]).reason,
            "expected a JSON object, found an array"
        );
    }

    #[test]
    fn json_array_of_records() {
        let dir = tempfile::tempdir().unwrap();
        let content = r#"[
          {"title": "Azərbaycanda bu ixtisaslara qəbul olunanlar iş tapa bilmir",
           "url": "https://banker.az/a/", "date_iso": "2025-08-24T11:03:18+04:00",
           "content": "Azərbaycanda hər il minlərlə gənc ali məktəblərə daxil olur."},
          {"title": "İlon Mask Azərbaycanla bağlı paylaşım edib", "url": "https://banker.az/b/", "content": ""}
        ]"#;
        let path = write(dir.path(), "banker.json", content.as_bytes());
        let records = read(&path, &FieldNames::default());
        assert_eq!(records.len(), 2);
        let first = doc(&records[0]);
        assert_eq!(first.id, "https://banker.az/a/");
        assert_eq!(first.source, format!("{}:#1", name(&path)));
        assert_eq!(first.date.as_deref(), Some("2025-08-24"));
        assert_eq!(
            first.text,
            "Azərbaycanda bu ixtisaslara qəbul olunanlar iş tapa bilmir\n\n\
             Azərbaycanda hər il minlərlə gənc ali məktəblərə daxil olur."
        );
        let second = skipped(&records[1]);
        assert_eq!(second.source, format!("{}:#2", name(&path)));
        assert_eq!(second.id, "https://banker.az/b/");
    }

    #[test]
    fn json_array_is_streamed_in_batches_like_json_lines() {
        let dir = tempfile::tempdir().unwrap();
        let content = format!(
            "\u{FEFF}[\n{},\n{} ,\n  {}\n]\n",
            de_line(),
            ru_line(),
            de_line()
        );
        let path = write(dir.path(), "dump.json", content.as_bytes());
        let (batches, records) = read_in_batches(&path, 100);
        // Each record is longer than the batch size: one batch each.
        assert_eq!(batches, 3);
        let sources: Vec<&str> = records.iter().map(|r| doc(r).source.as_str()).collect();
        let at = |n| format!("{}:#{n}", name(&path));
        assert_eq!(sources, [at(1), at(2), at(3)]);
        assert_eq!(
            doc(&records[1]).title.as_deref(),
            Some("Молодежное «Яблоко»")
        );
        assert_eq!(records, read(&path, &FieldNames::default()));
    }

    #[test]
    fn broken_json_array_keeps_the_records_around_the_damage() {
        let dir = tempfile::tempdir().unwrap();
        // The second record is cut short; the third is whole.
        let content = format!("[{}, {{\"text\": \"NATO\", }}, {}]", de_line(), ru_line());
        let path = write(dir.path(), "broken.json", content.as_bytes());
        let records = read(&path, &FieldNames::default());
        assert_eq!(records.len(), 3, "{records:?}");
        assert_eq!(doc(&records[0]).source, format!("{}:#1", name(&path)));
        let skip = skipped(&records[1]);
        assert_eq!(skip.source, format!("{}:#2", name(&path)));
        assert!(skip.reason.starts_with("invalid JSON: "), "{}", skip.reason);
        assert_eq!(doc(&records[2]).source, format!("{}:#3", name(&path)));

        // A file that ends inside a record: the records before it, then
        // the record that was cut named.
        let cut = format!("[{}, {}", de_line(), ru_line());
        let cut = &cut[..cut.len() - 10];
        assert_cut_inside_the_second_record(dir.path(), cut);

        for (content, reason) in [
            ("[]", "no records (empty array)".to_string()),
            (
                "[ ",
                "invalid JSON: the file ends before the array's `]`".to_string(),
            ),
            (
                &format!("[{}] x", ru_line()),
                "invalid JSON: text after the array's `]` (after record #1) is not read"
                    .to_string(),
            ),
        ] {
            let path = write(dir.path(), "other.json", content.as_bytes());
            let records = read(&path, &FieldNames::default());
            let skip = skipped(records.last().unwrap());
            assert_eq!(skip.source, name(&path));
            assert_eq!(skip.reason, reason);
        }
    }

    #[test]
    fn records_array_in_an_object_is_streamed_too() {
        let dir = tempfile::tempdir().unwrap();
        // As the banker.az dump: a list of headlines (no text) comes before
        // the records, and more members after them.
        let content = format!(
            "{{\n  \"extraction_info\": {{\"categories_found\": [\"Bank xəbərləri\", \"]\"]}},\n  \
             \"news_list\": [{{\"title\": \"Vergi xəbərləri\"}}],\n  \
             \"articles_with_content\": [\n{},\n{},\n{}\n],\n  \"status\": \"ok\"\n}}\n",
            de_line(),
            ru_line(),
            de_line()
        );
        let path = write(dir.path(), "wrapped.json", content.as_bytes());
        let (batches, streamed) = read_in_batches(&path, 100);
        assert_eq!(batches, 3, "{streamed:?}");
        // The same records as the object parsed whole.
        let file = FileCtx {
            name: name(&path),
            compression: Compression::None,
            fields: &FieldNames::default(),
        };
        let mut whole = Vec::new();
        file.json_document(content.as_bytes(), &mut |record| whole.push(record));
        assert_eq!(streamed, whole);
        let sources: Vec<&str> = streamed.iter().map(|r| doc(r).source.as_str()).collect();
        let at = |n| format!("{}:#{n}", name(&path));
        assert_eq!(sources, [at(1), at(2), at(3)]);
        // With a byte order mark, the same.
        let path = write(
            dir.path(),
            "bom.json",
            format!("\u{FEFF}{content}").as_bytes(),
        );
        let (batches, records) = read_in_batches(&path, 100);
        assert_eq!((batches, records.len()), (3, 3), "{records:?}");

        // Cut inside the second record: the first, then the cut named.
        let cut = &content[..content.find(&ru_line()).unwrap() + 20];
        assert_cut_inside_the_second_record(dir.path(), cut);

        // Written on one line, as `json.dump` does: streamed all the same
        // once the line is longer than a record could be.
        let one_line: String = content.lines().map(str::trim).collect();
        let path = write(dir.path(), "one-line.json", one_line.as_bytes());
        let (batches, records) = read_in_batches(&path, 100);
        assert_eq!(batches, 3, "{records:?}");
        assert_eq!(records.len(), 3);
        assert_eq!(doc(&records[1]).text, doc(&whole[1]).text);

        // An object with a text field before its array is one record.
        let one = "{\n  \"text\": \"NATO sammiti\",\n  \"comments\": [{\"text\": \"Bəli\"}]\n}\n";
        let path = write(dir.path(), "one.json", one.as_bytes());
        let records = read(&path, &FieldNames::default());
        assert_eq!(records.len(), 1, "{records:?}");
        assert_eq!(doc(&records[0]).text, "NATO sammiti");
        assert_eq!(doc(&records[0]).source, name(&path));
    }

    #[test]
    fn json_object_holding_the_records() {
        let dir = tempfile::tempdir().unwrap();
        let content = serde_json::json!({
            "extraction_info": {"extraction_timestamp": "2025-08-24T23:10:48.125689"},
            "news_list": [{"title": "Vergi xəbərləri", "url": "https://banker.az/v/"}],
            "articles_with_content": [
                {"title": "Vergi xəbərləri", "url": "https://banker.az/v/",
                 "date_iso": "2025-08-24T23:10:48.125689", "content": "Dövlət büdcəsi artır."}
            ],
        });
        let path = write(dir.path(), "banker.json", content.to_string().as_bytes());
        let records = read(&path, &FieldNames::default());
        assert_eq!(records.len(), 1, "{records:?}");
        let doc = doc(&records[0]);
        assert_eq!(doc.source, format!("{}:#1", name(&path)));
        assert_eq!(doc.text, "Vergi xəbərləri\n\nDövlət büdcəsi artır.");
        assert_eq!(doc.date.as_deref(), Some("2025-08-24"));
    }

    #[test]
    fn json_single_record_and_broken_document() {
        let dir = tempfile::tempdir().unwrap();
        let one = write(
            dir.path(),
            "one.json",
            b"{\n  \"text\": \"NATO-nun Bak\xc4\xb1ya s\xc9\x99f\xc9\x99ri\"\n}\n",
        );
        let records = read(&one, &FieldNames::default());
        assert_eq!(doc(&records[0]).text, "NATO-nun Bakıya səfəri");
        assert_eq!(doc(&records[0]).source, name(&one));

        let broken = write(
            dir.path(),
            "broken.json",
            b"{\n  \"text\": \"NATO\",\n  \"title\": \n}\n",
        );
        let records = read(&broken, &FieldNames::default());
        assert_eq!(
            records.len(),
            1,
            "one message for one broken document: {records:?}"
        );
        let skip = skipped(&records[0]);
        assert_eq!(skip.source, format!("{}:4", name(&broken)));
        assert!(skip.reason.starts_with("invalid JSON: "), "{}", skip.reason);
    }

    #[test]
    fn json_lines_under_json_name_with_bom_and_dotted_fields() {
        let dir = tempfile::tempdir().unwrap();
        let line = |link: &str, description: &str, title: &str| {
            serde_json::json!({
                "key": {"path": [{"kind": "News_Entry", "name": link}]},
                "properties": {
                    "description": {"stringValue": description, "excludeFromIndexes": true},
                    "link": {"stringValue": link},
                    "title": {"stringValue": title},
                    "published": {"stringValue": "2017-01-17 12:12:58"},
                }
            })
            .to_string()
        };
        let content = format!(
            "\u{FEFF}{}\n{}\n",
            line(
                "http://www.spothaber.com/guncel/h254801.html",
                "<a href=\"\"><img src=\"http://www.spothaber.com/x.jpg\" align=\"left\" border=\"0\"  /></a>\
                 Bahreyn Dışişleri Bakanlığının açıklamalarının ardından Irak&apos;ın Manama Büyükelçisini \
                 bakanlığa çağırdığı bildirildi.",
                "Irak büyükelçisini bakanlığa çağırdılar!"
            ),
            line(
                "http://www.spothaber.com/guncel/h254802.html",
                "Kent kuşatılacak.",
                "Mısır&apos;da emniyet müdürlüğüne saldırı"
            ),
        );
        let path = write(dir.path(), "news.json", content.as_bytes());
        let fields = FieldNames {
            text: Some("properties.description.stringValue".into()),
            id: Some("properties.link.stringValue".into()),
            date: Some("properties.published".into()),
            title: Some("properties.title".into()),
        };
        let records = read(&path, &fields);
        assert_eq!(records.len(), 2, "{records:?}");
        let first = doc(&records[0]);
        assert_eq!(first.id, "http://www.spothaber.com/guncel/h254801.html");
        assert_eq!(first.source, format!("{}:1", name(&path)));
        assert_eq!(first.date.as_deref(), Some("2017-01-17"));
        assert_eq!(
            first.text,
            "Irak büyükelçisini bakanlığa çağırdılar!\n\n\
             Bahreyn Dışişleri Bakanlığının açıklamalarının ardından Irak'ın Manama Büyükelçisini \
             bakanlığa çağırdığı bildirildi."
        );
        assert_eq!(
            doc(&records[1]).title.as_deref(),
            Some("Mısır'da emniyet müdürlüğüne saldırı")
        );

        // An array index in the path, and a path that leads nowhere.
        let by_key = FieldNames {
            text: Some("properties.description".into()),
            id: Some("key.path.0.name".into()),
            ..FieldNames::default()
        };
        assert_eq!(
            doc(&read(&path, &by_key)[1]).id,
            "http://www.spothaber.com/guncel/h254802.html"
        );
        let wrong = FieldNames {
            text: Some("properties.body".into()),
            ..FieldNames::default()
        };
        assert_eq!(
            skipped(&read(&path, &wrong)[0]).reason,
            "no text field (tried properties.body)"
        );
    }

    #[test]
    fn field_names_are_validated() {
        assert!(FieldNames::default().validate().is_ok());
        let ok = FieldNames {
            text: Some("properties.description.stringValue".into()),
            ..FieldNames::default()
        };
        assert!(ok.validate().is_ok());
        let bad = FieldNames {
            id: Some("properties..link".into()),
            ..FieldNames::default()
        };
        let err = bad.validate().unwrap_err().to_string();
        assert!(err.starts_with("--id-field: `properties..link`"), "{err}");
    }

    #[test]
    fn gzip_and_zstd_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let lines = format!("{}\n{}\n", de_line(), ru_line());
        // Two gzip members back to back, as `cat a.gz b.gz` makes.
        let mut two_members = gzip(format!("{}\n", de_line()).as_bytes());
        two_members.extend(gzip(format!("{}\n", ru_line()).as_bytes()));
        let jsonl_gz = write(dir.path(), "a.jsonl.gz", &two_members);
        let records = read(&jsonl_gz, &FieldNames::default());
        assert_eq!(records.len(), 2, "{records:?}");
        assert_eq!(doc(&records[1]).source, format!("{}:2", name(&jsonl_gz)));

        let jsonl_zst = write(
            dir.path(),
            "a.ndjson.zst",
            &zstd::encode_all(lines.as_bytes(), 3).unwrap(),
        );
        assert_eq!(read(&jsonl_zst, &FieldNames::default()).len(), 2);

        let txt = format!("{AZ_HEADER}{AZ_BODY}");
        let txt_zst = write(
            dir.path(),
            "b.txt.zst",
            &zstd::encode_all(txt.as_bytes(), 3).unwrap(),
        );
        let records = read(&txt_zst, &FieldNames::default());
        assert_eq!(doc(&records[0]).text, txt);
        assert_eq!(doc(&records[0]).date.as_deref(), Some("2025-12-15"));

        let array = format!("[{},{}]", de_line(), ru_line());
        let json_gz = write(dir.path(), "c.json.gz", &gzip(array.as_bytes()));
        let records = read(&json_gz, &FieldNames::default());
        assert_eq!(doc(&records[1]).source, format!("{}:#2", name(&json_gz)));
    }

    #[test]
    fn truncated_streams_keep_earlier_records_and_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut lines = String::new();
        for i in 0..400 {
            lines.push_str(&format!("{{\"id\": \"{i}\", \"text\": \"{RU} {i}\"}}\n"));
        }
        let compressed = gzip(lines.as_bytes());
        let path = write(
            dir.path(),
            "cut.jsonl.gz",
            &compressed[..compressed.len() / 2],
        );
        let records = read(&path, &FieldNames::default());
        let (last, before) = records.split_last().unwrap();
        let last = skipped(last);
        assert_eq!(last.source, name(&path));
        assert!(
            last.reason
                .starts_with("truncated or corrupt gzip stream: "),
            "{}",
            last.reason
        );
        assert!(!before.is_empty(), "complete lines before the cut come out");
        for (i, record) in before.iter().enumerate() {
            assert_eq!(doc(record).id, i.to_string());
        }

        let compressed = zstd::encode_all(lines.as_bytes(), 3).unwrap();
        let path = write(
            dir.path(),
            "cut.txt.zst",
            &compressed[..compressed.len() / 2],
        );
        let records = read(&path, &FieldNames::default());
        assert_eq!(records.len(), 1);
        assert!(
            skipped(&records[0])
                .reason
                .starts_with("truncated or corrupt zstd stream: "),
            "{records:?}"
        );

        let path = write(dir.path(), "not-really.txt.gz", RU.as_bytes());
        let records = read(&path, &FieldNames::default());
        let reason = &skipped(&records[0]).reason;
        assert!(
            reason.starts_with("truncated or corrupt gzip stream: "),
            "{reason}"
        );
    }

    #[test]
    fn legacy_encodings_are_detected_and_noted() {
        let dir = tempfile::tempdir().unwrap();
        let cases = [
            (
                "ru.txt",
                RU,
                encoding_rs::WINDOWS_1251,
                "decoded from windows-1251",
            ),
            (
                "tr.txt",
                TR,
                encoding_rs::WINDOWS_1254,
                "decoded from windows-1254",
            ),
            (
                "de.txt",
                DE,
                encoding_rs::WINDOWS_1252,
                "decoded from windows-1252",
            ),
        ];
        for (file, text, encoding, note) in cases {
            let (bytes, _, unmappable) = encoding.encode(text);
            assert!(!unmappable, "{file}");
            assert!(
                std::str::from_utf8(&bytes).is_err(),
                "{file} must not be UTF-8"
            );
            let path = write(dir.path(), file, &bytes);
            let records = read(&path, &FieldNames::default());
            let doc = doc(&records[0]);
            assert_eq!(doc.text, text, "{file}");
            assert_eq!(doc.note.as_deref(), Some(note), "{file}");
        }

        // A JSON line in windows-1251 between two UTF-8 lines.
        let mut bytes = format!("{}\n", de_line()).into_bytes();
        let ru_json = serde_json::json!({"id": "ru", "text": RU}).to_string();
        bytes.extend(encoding_rs::WINDOWS_1251.encode(&ru_json).0.iter());
        bytes.extend(format!("\n{}\n", ru_line()).bytes());
        let path = write(dir.path(), "mixed.jsonl", &bytes);
        let records = read(&path, &FieldNames::default());
        assert_eq!(records.len(), 3);
        assert_eq!(doc(&records[0]).note, None);
        assert_eq!(doc(&records[1]).text, RU);
        assert_eq!(
            doc(&records[1]).note.as_deref(),
            Some("decoded from windows-1251")
        );
        assert_eq!(doc(&records[2]).note, None);

        // UTF-16 with a byte-order mark.
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(TR.encode_utf16().flat_map(u16::to_le_bytes));
        let path = write(dir.path(), "tr16.txt", &utf16);
        let records = read(&path, &FieldNames::default());
        assert_eq!(doc(&records[0]).text, TR);
        assert_eq!(
            doc(&records[0]).note.as_deref(),
            Some("decoded from utf-16le")
        );
    }

    #[test]
    fn binary_and_empty_files_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0";
        let controls: Vec<u8> = (0..200u8)
            .map(|i| if i % 3 == 0 { 0x01 } else { 0xC7 })
            .collect();
        let cases: [(&str, &[u8], &str); 7] = [
            ("image.txt", png, "binary file"),
            ("image.jsonl", png, "binary file"),
            ("controls.txt", &controls, "binary file"),
            ("zero.txt", b"", "empty file"),
            ("blank.txt", b" \n\t\r\n", "empty file"),
            ("zero.jsonl", b"", "empty file"),
            ("blank.json", b"\xEF\xBB\xBF\n\n", "empty file"),
        ];
        for (file, bytes, reason) in cases {
            let path = write(dir.path(), file, bytes);
            let records = read(&path, &FieldNames::default());
            assert_eq!(
                records,
                vec![Record::Skipped(Skipped {
                    id: name(&path),
                    source: name(&path),
                    reason: reason.to_string(),
                })],
                "{file}"
            );
        }
        let gz = write(dir.path(), "zero.jsonl.gz", &gzip(b""));
        assert_eq!(
            skipped(&read(&gz, &FieldNames::default())[0]).reason,
            "empty file"
        );
    }

    #[test]
    fn unreadable_file_gives_io_reason() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gone.jsonl");
        let records = read(&path, &FieldNames::default());
        assert_eq!(skipped(&records[0]).reason, "no such file or directory");
        assert_eq!(skipped(&records[0]).source, name(&path));
    }

    #[test]
    fn discover_walks_sorts_filters_and_reports_missing() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for file in [
            "dump/b.txt",
            "dump/a.jsonl.gz",
            "dump/sub/c.JSON",
            "dump/sub/d.ndjson.zst",
            "dump/sub/e.jsonlines",
            "dump/notes.md",
            "dump/archive.csv",
            "dump/.hidden.txt",
            "dump/.git/f.txt",
            "README",
        ] {
            write(root, file, b"x");
        }
        let missing = root.join("missing.jsonl");
        let readme = root.join("README");
        let forward = [
            root.join("dump"),
            readme.clone(),
            missing.clone(),
            root.join("dump/b.txt"),
        ];
        let mut backward = forward.clone();
        backward.reverse();

        let (files, skipped) = discover(&forward);
        let expected: Vec<PathBuf> = [
            "README",
            "dump/a.jsonl.gz",
            "dump/b.txt",
            "dump/sub/c.JSON",
            "dump/sub/d.ndjson.zst",
            "dump/sub/e.jsonlines",
        ]
        .iter()
        .map(|file| root.join(file))
        .collect();
        assert_eq!(files, expected);
        assert_eq!(
            skipped,
            vec![Skipped {
                id: name(&missing),
                source: name(&missing),
                reason: "no such file or directory".into(),
            }]
        );
        assert_eq!(discover(&backward), (files, skipped));
    }

    #[cfg(unix)]
    #[test]
    fn discover_does_not_loop_on_symlink_cycles() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "dump/a.txt", b"x");
        std::os::unix::fs::symlink(dir.path().join("dump"), dir.path().join("dump/loop")).unwrap();
        let (files, skipped) = discover(&[dir.path().join("dump")]);
        assert_eq!(files, vec![dir.path().join("dump/a.txt")]);
        assert!(skipped.is_empty());
    }

    #[test]
    fn explicit_file_with_unknown_extension_reads_as_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "article.md", "Алиев и НАТО\n".as_bytes());
        let records = read(&path, &FieldNames::default());
        assert_eq!(doc(&records[0]).title.as_deref(), Some("Алиев и НАТО"));
        assert_eq!(doc(&records[0]).text, "Алиев и НАТО\n");
    }

    #[test]
    fn html_is_reduced_to_visible_text() {
        let cases = [
            (
                "img and apos",
                "<a href=\"\"><img src=\"x.jpg\" border=\"0\"  /></a>Irak&apos;ın Manama Büyükelçisi",
                "Irak'ın Manama Büyükelçisi",
            ),
            (
                "numeric entity",
                "Mısır&#39;da  saldırı",
                "Mısır'da saldırı",
            ),
            (
                "paragraphs and breaks",
                "<p>Bakı, 15 dekabr</p><p>NATO&amp;Azərbaycan<br>dialoq</p>",
                "Bakı, 15 dekabr\n\nNATO&Azərbaycan\ndialoq",
            ),
            (
                "script and style dropped",
                "<div>Алиев<SCRIPT>var x = '<b>';</script><style>p{}</style> и НАТО</div>",
                "Алиев и НАТО",
            ),
            (
                "comment",
                "Brüssel<!-- <p>versteckt</p> --> heute",
                "Brüssel heute",
            ),
            ("lone less-than", "<b>3 < 5</b> &lt;ok&gt;", "3 < 5 <ok>"),
            ("unclosed tag", "<b>Aliyev</b> <a href", "Aliyev <a href"),
            (
                "nbsp collapses",
                "Jens&nbsp;&nbsp; Stoltenberg\t\t trifft",
                "Jens Stoltenberg trifft",
            ),
        ];
        for (case, html, text) in cases {
            assert!(looks_like_html(html), "{case}");
            assert_eq!(html_to_text(html), text, "{case}");
        }
        for plain in [
            "3 < 5 and 7 > 2",
            "AT&T und Procter & Gamble",
            "Алиев: «НАТО»",
        ] {
            assert!(!looks_like_html(plain), "{plain}");
        }
    }

    #[test]
    fn dates_are_normalized() {
        let cases = [
            ("2025-08-05", Some("2025-08-05")),
            ("2025-08-24T23:10:48.125689", Some("2025-08-24")),
            ("2025-08-24T11:03:18+04:00", Some("2025-08-24")),
            ("2017-01-17 12:12:58", Some("2017-01-17")),
            ("2024-02-29T00:00:00Z", Some("2024-02-29")),
            ("Mon, 02 Jan 2017 10:00:00 +0300", Some("2017-01-02")),
            ("2 January 2017", Some("2017-01-02")),
            ("02.01.2017", Some("2017-01-02")),
            ("2.1.2017 10:00", Some("2017-01-02")),
            ("2017/01/02", Some("2017-01-02")),
            (" 2017-1-2 ", Some("2017-01-02")),
            ("2023-02-29", None),
            ("2025-13-01", None),
            ("24/08/2025", None),
            ("15 dekabr, 2025", None),
            ("yesterday", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(normalize_date(text).as_deref(), expected, "{text:?}");
        }
    }

    #[test]
    fn dates_from_urls() {
        let cases = [
            (
                "http://www.ng.ru/ng_politics/2017-04-18/11_6976_apple.html",
                Some("2017-04-18"),
            ),
            (
                "https://www.sozcu.com.tr/2018/03/13/izmir-2284521/",
                Some("2018-03-13"),
            ),
            ("https://www.sozcu.com.tr/2018/ilan-2/izmir-2284521/", None),
            (
                "https://russian.rt.com/world/article/455367-ssha-turciya",
                None,
            ),
            ("https://example.com/0042/01/02/x", None),
            ("https://example.com/2017-02-30/x", None),
        ];
        for (url, expected) in cases {
            assert_eq!(url_date(url).as_deref(), expected, "{url}");
        }
    }
}
