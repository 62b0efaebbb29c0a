//! Export stage: the CSV tables, the GraphML graph and the run manifest.
//!
//! Every file is written under a temporary name in the output folder and
//! renamed into place only when complete, so a reader never sees half a
//! file and a failed run leaves the previous outputs as they were. CSV is
//! UTF-8 without a byte-order mark (a BOM hides Gephi's `Id` header), RFC
//! 4180 quoted, one header row.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use crate::graph::{EdgeStats, EntityGraph};

/// A file written under a temporary name and renamed into place by
/// [`AtomicFile::commit`]; dropped uncommitted, it is removed.
#[derive(Debug)]
pub struct AtomicFile {
    temp: PathBuf,
    dest: PathBuf,
    writer: Option<BufWriter<File>>,
}

impl AtomicFile {
    /// Starts writing `dest` (as a hidden temporary file beside it).
    pub fn create(dest: &Path) -> Result<AtomicFile> {
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temp = dest.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
        let file = File::create(&temp).map_err(|e| Error::io(&temp, e))?;
        Ok(AtomicFile {
            temp,
            dest: dest.to_path_buf(),
            writer: Some(BufWriter::new(file)),
        })
    }

    /// Flushes the file and renames it into place.
    pub fn commit(mut self) -> Result<()> {
        let writer = self.writer.take().expect("committed only once");
        let file = writer
            .into_inner()
            .map_err(|e| Error::io(&self.temp, e.into_error()))?;
        file.sync_all().map_err(|e| Error::io(&self.temp, e))?;
        std::fs::rename(&self.temp, &self.dest).map_err(|e| Error::io(&self.dest, e))
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writer.as_mut().expect("not yet committed").write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.writer.as_mut().expect("not yet committed").flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.writer.take().is_some() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

/// CSV rows formatted in memory, so workers can format their documents'
/// rows in parallel and the writer only copies bytes.
#[derive(Debug)]
pub struct CsvRows {
    writer: csv::Writer<Vec<u8>>,
}

impl Default for CsvRows {
    fn default() -> CsvRows {
        CsvRows::new()
    }
}

impl CsvRows {
    /// No rows yet.
    pub fn new() -> CsvRows {
        CsvRows {
            writer: csv::Writer::from_writer(Vec::new()),
        }
    }

    /// Adds one row.
    pub fn row<I, F>(&mut self, fields: I)
    where
        I: IntoIterator<Item = F>,
        F: AsRef<[u8]>,
    {
        self.writer
            .write_record(fields)
            .expect("writing CSV into memory cannot fail");
    }

    /// The formatted rows.
    pub fn into_bytes(self) -> Vec<u8> {
        self.writer
            .into_inner()
            .expect("flushing CSV into memory cannot fail")
    }
}

/// A CSV table written atomically.
#[derive(Debug)]
pub struct CsvTable {
    path: PathBuf,
    file: AtomicFile,
    /// Rows of [`CsvTable::row`] not yet written, if any: they are
    /// formatted together, as a CSV writer is costly to set up for each of
    /// thousands of rows.
    pending: Option<CsvRows>,
}

/// How many bytes of rows [`CsvTable::row`] formats before it writes them.
const PENDING_BYTES: usize = 1 << 16;

impl CsvTable {
    /// Starts `path` with its header row.
    pub fn create(path: &Path, header: &[&str]) -> Result<CsvTable> {
        let mut table = CsvTable {
            path: path.to_path_buf(),
            file: AtomicFile::create(path)?,
            pending: None,
        };
        table.row(header)?;
        Ok(table)
    }

    /// Writes one row.
    pub fn row<I, F>(&mut self, fields: I) -> Result<()>
    where
        I: IntoIterator<Item = F>,
        F: AsRef<[u8]>,
    {
        let pending = self.pending.get_or_insert_with(CsvRows::new);
        pending.row(fields);
        if pending.writer.get_ref().len() >= PENDING_BYTES {
            self.write_pending()?;
        }
        Ok(())
    }

    /// Writes rows formatted by [`CsvRows`].
    pub fn write_rows(&mut self, rows: &[u8]) -> Result<()> {
        self.write_pending()?;
        self.write_bytes(rows)
    }

    fn write_pending(&mut self) -> Result<()> {
        match self.pending.take() {
            Some(rows) => self.write_bytes(&rows.into_bytes()),
            None => Ok(()),
        }
    }

    fn write_bytes(&mut self, bytes: &[u8]) -> Result<()> {
        self.file
            .write_all(bytes)
            .map_err(|e| Error::io(&self.path, e))
    }

    /// Finishes the table and renames it into place.
    pub fn commit(mut self) -> Result<()> {
        self.write_pending()?;
        self.file.commit()
    }
}

/// Header of `mentions.csv`.
pub const MENTIONS_HEADER: &[&str] = &[
    "doc_id",
    "entity_id",
    "start",
    "end",
    "sentence",
    "surface",
    "alias",
];

/// Header of `documents.csv`.
pub const DOCUMENTS_HEADER: &[&str] = &[
    "doc_id",
    "source",
    "date",
    "title",
    "lang",
    "chars",
    "sentences",
    "mentions",
    "status",
];

/// Fixed columns of `nodes.csv`; attribute columns follow.
const NODE_COLUMNS: &[&str] = &[
    "Id",
    "Label",
    "type",
    "mentions",
    "documents",
    "first_date",
    "last_date",
];

/// Columns of `edges.csv`.
const EDGE_COLUMNS: &[&str] = &[
    "Source",
    "Target",
    "Type",
    "Weight",
    "documents",
    "first_date",
    "last_date",
    "npmi",
];

/// Formats an NPMI value: six decimals, `.` as the decimal mark.
fn format_npmi(value: f64) -> String {
    format!("{value:.6}")
}

/// The graph's edges in order, with their endpoints' entity ids.
fn edges_by_id<'a>(
    gazetteer: &'a Gazetteer,
    graph: &'a EntityGraph,
) -> impl Iterator<Item = (&'a str, &'a str, &'a EdgeStats)> {
    let id =
        |n: petgraph::graph::NodeIndex| gazetteer.entities()[graph.graph[n].entity].id.as_str();
    graph.graph.edge_indices().map(move |edge| {
        let (a, b) = graph
            .graph
            .edge_endpoints(edge)
            .expect("the index comes from this graph");
        (id(a), id(b), &graph.graph[edge])
    })
}

/// Writes `nodes.csv` and `edges.csv`.
pub fn write_tables(out: &Path, gazetteer: &Gazetteer, graph: &EntityGraph) -> Result<()> {
    let attributes = gazetteer.attribute_names();
    let mut header: Vec<&str> = NODE_COLUMNS.to_vec();
    header.extend(attributes.iter().map(String::as_str));
    let mut nodes = CsvTable::create(&out.join("nodes.csv"), &header)?;
    for node in graph.graph.node_weights() {
        let entity = &gazetteer.entities()[node.entity];
        let mut row = vec![
            entity.id.clone(),
            entity.label.clone(),
            entity.kind.clone(),
            node.mentions.to_string(),
            node.documents.to_string(),
            node.first_date.clone().unwrap_or_default(),
            node.last_date.clone().unwrap_or_default(),
        ];
        row.extend(
            attributes
                .iter()
                .map(|name| entity.attributes.get(name).cloned().unwrap_or_default()),
        );
        nodes.row(&row)?;
    }
    nodes.commit()?;

    let mut edges = CsvTable::create(&out.join("edges.csv"), EDGE_COLUMNS)?;
    for (source, target, stats) in edges_by_id(gazetteer, graph) {
        edges.row([
            source,
            target,
            "Undirected",
            &stats.weight.to_string(),
            &stats.documents.to_string(),
            stats.first_date.as_deref().unwrap_or(""),
            stats.last_date.as_deref().unwrap_or(""),
            &format_npmi(stats.npmi),
        ])?;
    }
    edges.commit()
}

/// A GraphML `<key>`: the id it is referred to by, its element, name, type.
struct Key {
    id: String,
    domain: &'static str,
    name: String,
    kind: &'static str,
}

fn graphml_keys(gazetteer: &Gazetteer) -> Vec<Key> {
    let key = |domain: &'static str, name: &str, kind: &'static str| Key {
        id: format!(
            "{}_{}",
            &domain[..1],
            name.chars()
                .map(|c| if c.is_ascii_alphanumeric() || c == '_' {
                    c
                } else {
                    '_'
                })
                .collect::<String>()
        ),
        domain,
        name: name.to_string(),
        kind,
    };
    let mut keys = vec![
        key("node", "label", "string"),
        key("node", "type", "string"),
        key("node", "mentions", "int"),
        key("node", "documents", "int"),
        key("node", "first_date", "string"),
        key("node", "last_date", "string"),
    ];
    for name in gazetteer.attribute_names() {
        keys.push(key("node", name, "string"));
    }
    keys.extend([
        key("edge", "weight", "int"),
        key("edge", "documents", "int"),
        key("edge", "first_date", "string"),
        key("edge", "last_date", "string"),
        key("edge", "npmi", "double"),
    ]);
    keys
}

/// Writes `graph.graphml`: the same nodes and edges as the tables, with
/// typed keys in a fixed order.
pub fn write_graphml(out: &Path, gazetteer: &Gazetteer, graph: &EntityGraph) -> Result<()> {
    let path = out.join("graph.graphml");
    let xml_error = |source: std::io::Error| Error::io(&path, source);
    let mut writer = quick_xml::Writer::new_with_indent(AtomicFile::create(&path)?, b' ', 2);
    let keys = graphml_keys(gazetteer);
    let key_id = |domain: &str, name: &str| {
        keys.iter()
            .find(|k| k.domain == domain && k.name == name)
            .map(|k| k.id.as_str())
            .expect("every written attribute has a key")
    };

    writer
        .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .map_err(xml_error)?;
    let mut root = BytesStart::new("graphml");
    root.push_attribute(("xmlns", "http://graphml.graphdrawing.org/xmlns"));
    root.push_attribute(("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"));
    root.push_attribute((
        "xsi:schemaLocation",
        "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
    ));
    writer.write_event(Event::Start(root)).map_err(xml_error)?;
    for key in &keys {
        let mut element = BytesStart::new("key");
        element.push_attribute(("id", key.id.as_str()));
        element.push_attribute(("for", key.domain));
        element.push_attribute(("attr.name", key.name.as_str()));
        element.push_attribute(("attr.type", key.kind));
        writer
            .write_event(Event::Empty(element))
            .map_err(xml_error)?;
    }
    let mut graph_element = BytesStart::new("graph");
    graph_element.push_attribute(("id", "G"));
    graph_element.push_attribute(("edgedefault", "undirected"));
    writer
        .write_event(Event::Start(graph_element))
        .map_err(xml_error)?;

    let data = |writer: &mut quick_xml::Writer<AtomicFile>, key: &str, value: &str| {
        if value.is_empty() {
            return Ok(());
        }
        let mut element = BytesStart::new("data");
        element.push_attribute(("key", key));
        writer.write_event(Event::Start(element))?;
        writer.write_event(Event::Text(BytesText::new(value)))?;
        writer.write_event(Event::End(BytesEnd::new("data")))
    };
    for node in graph.graph.node_weights() {
        let entity = &gazetteer.entities()[node.entity];
        let mut element = BytesStart::new("node");
        element.push_attribute(("id", entity.id.as_str()));
        writer
            .write_event(Event::Start(element))
            .map_err(xml_error)?;
        let fields = [
            ("label", entity.label.clone()),
            ("type", entity.kind.clone()),
            ("mentions", node.mentions.to_string()),
            ("documents", node.documents.to_string()),
            ("first_date", node.first_date.clone().unwrap_or_default()),
            ("last_date", node.last_date.clone().unwrap_or_default()),
        ];
        for (name, value) in &fields {
            data(&mut writer, key_id("node", name), value).map_err(xml_error)?;
        }
        for (name, value) in &entity.attributes {
            data(&mut writer, key_id("node", name), value).map_err(xml_error)?;
        }
        writer
            .write_event(Event::End(BytesEnd::new("node")))
            .map_err(xml_error)?;
    }
    for (index, (source, target, stats)) in edges_by_id(gazetteer, graph).enumerate() {
        let edge_id = format!("e{index}");
        let mut element = BytesStart::new("edge");
        element.push_attribute(("id", edge_id.as_str()));
        element.push_attribute(("source", source));
        element.push_attribute(("target", target));
        writer
            .write_event(Event::Start(element))
            .map_err(xml_error)?;
        let fields = [
            ("weight", stats.weight.to_string()),
            ("documents", stats.documents.to_string()),
            ("first_date", stats.first_date.clone().unwrap_or_default()),
            ("last_date", stats.last_date.clone().unwrap_or_default()),
            ("npmi", format_npmi(stats.npmi)),
        ];
        for (name, value) in &fields {
            data(&mut writer, key_id("edge", name), value).map_err(xml_error)?;
        }
        writer
            .write_event(Event::End(BytesEnd::new("edge")))
            .map_err(xml_error)?;
    }
    writer
        .write_event(Event::End(BytesEnd::new("graph")))
        .map_err(xml_error)?;
    writer
        .write_event(Event::End(BytesEnd::new("graphml")))
        .map_err(xml_error)?;
    let mut file = writer.into_inner();
    file.write_all(b"\n").map_err(xml_error)?;
    file.commit()
}

/// Writes `run.json` (pretty-printed, keys in the struct's order).
pub fn write_manifest<T: Serialize>(out: &Path, manifest: &T) -> Result<()> {
    let path = out.join("run.json");
    let mut file = AtomicFile::create(&path)?;
    serde_json::to_writer_pretty(&mut file, manifest).map_err(|cause| Error::Json {
        path: path.clone(),
        cause,
    })?;
    file.write_all(b"\n").map_err(|e| Error::io(&path, e))?;
    file.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_uncommitted_file_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("nodes.csv");
        std::fs::write(&dest, "old\n").unwrap();
        {
            let mut file = AtomicFile::create(&dest).unwrap();
            file.write_all(b"half a fi").unwrap();
        }
        assert_eq!(std::fs::read_to_string(&dest).unwrap(), "old\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

        let mut file = AtomicFile::create(&dest).unwrap();
        file.write_all(b"new\n").unwrap();
        file.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&dest).unwrap(), "new\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn rows_come_out_whole_and_in_order_past_the_pending_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        let mut table = CsvTable::create(&path, &["n", "text"]).unwrap();
        let text = "Ilham Aliyev, NATO";
        let rows = 3 * PENDING_BYTES / text.len();
        for n in 0..rows {
            table.row([n.to_string().as_str(), text]).unwrap();
            if n == rows / 2 {
                table.write_rows(b"batch,rows\n").unwrap();
            }
        }
        table.commit().unwrap();
        let written = std::fs::read_to_string(&path).unwrap();
        let mut expected = vec!["n,text".to_string()];
        for n in 0..rows {
            expected.push(format!("{n},\"{text}\""));
            if n == rows / 2 {
                expected.push("batch,rows".to_string());
            }
        }
        assert_eq!(written.lines().collect::<Vec<_>>(), expected);
    }

    #[test]
    fn csv_quotes_per_rfc_4180_without_bom() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        let mut table = CsvTable::create(&path, &["Id", "Label"]).unwrap();
        table.row(["Q1", "Tobias \"Lorentsson\", NATO"]).unwrap();
        table.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "Id,Label\nQ1,\"Tobias \"\"Lorentsson\"\", NATO\"\n"
        );
    }
}
