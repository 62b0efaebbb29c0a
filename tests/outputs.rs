//! The output files: columns, formats, GraphML typing, atomic writes.

use std::collections::BTreeMap;

use quick_xml::events::Event;

use crate::util::{Workdir, header, read_csv, seeds};

#[test]
fn tables_have_the_design_columns_and_no_bom() {
    let dir = Workdir::new();
    let out = dir.run_ok(&[&seeds().display().to_string()]);
    for name in ["nodes.csv", "edges.csv", "mentions.csv", "documents.csv"] {
        let bytes = std::fs::read(out.join(name)).unwrap();
        assert!(!bytes.starts_with(b"\xEF\xBB\xBF"), "{name} has a BOM");
    }
    assert_eq!(
        header(&out.join("nodes.csv"))[..7],
        [
            "Id",
            "Label",
            "type",
            "mentions",
            "documents",
            "first_date",
            "last_date"
        ]
    );
    assert_eq!(
        header(&out.join("edges.csv")),
        [
            "Source",
            "Target",
            "Type",
            "Weight",
            "documents",
            "first_date",
            "last_date",
            "npmi"
        ]
    );
    assert_eq!(
        header(&out.join("mentions.csv")),
        [
            "doc_id",
            "entity_id",
            "start",
            "end",
            "sentence",
            "surface",
            "alias"
        ]
    );
    assert_eq!(
        header(&out.join("documents.csv")),
        [
            "doc_id",
            "source",
            "date",
            "title",
            "lang",
            "chars",
            "sentences",
            "mentions",
            "status"
        ]
    );
    let nodes = read_csv(&out.join("nodes.csv"));
    let ids: Vec<&str> = nodes.iter().map(|n| n["Id"].as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "nodes sorted by id");
    let edges = read_csv(&out.join("edges.csv"));
    assert!(!edges.is_empty());
    for edge in &edges {
        assert!(ids.contains(&edge["Source"].as_str()));
        assert!(ids.contains(&edge["Target"].as_str()));
        assert_ne!(edge["Source"], edge["Target"]);
        assert_eq!(edge["Type"], "Undirected");
        let npmi: f64 = edge["npmi"].parse().unwrap();
        assert!((-1.0..=1.0).contains(&npmi));
    }
    // An edge's documents are at most either endpoint's.
    let documents: BTreeMap<&str, u64> = nodes
        .iter()
        .map(|n| (n["Id"].as_str(), n["documents"].parse().unwrap()))
        .collect();
    for edge in &edges {
        let d: u64 = edge["documents"].parse().unwrap();
        assert!(d <= documents[edge["Source"].as_str()]);
        assert!(d <= documents[edge["Target"].as_str()]);
    }
    // Mentions per node add up to mentions.csv.
    let mentions = read_csv(&out.join("mentions.csv"));
    let total: u64 = nodes
        .iter()
        .map(|n| n["mentions"].parse::<u64>().unwrap())
        .sum();
    assert_eq!(total, mentions.len() as u64);
    // Dates come from the seeds' header lines.
    let azerbaijan = nodes.iter().find(|n| n["Label"] == "Azerbaijan").unwrap();
    assert_eq!(azerbaijan["first_date"], "2025-12-15");
    assert_eq!(azerbaijan["documents"], "3");
}

/// The GraphML as a structure: keys by id, nodes and edges with their data.
struct GraphMl {
    keys: BTreeMap<String, (String, String, String)>,
    nodes: Vec<BTreeMap<String, String>>,
    edges: Vec<BTreeMap<String, String>>,
}

fn parse_graphml(xml: &str) -> GraphMl {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut graph = GraphMl {
        keys: BTreeMap::new(),
        nodes: Vec::new(),
        edges: Vec::new(),
    };
    let mut current: Option<(bool, BTreeMap<String, String>)> = None;
    let mut data_key: Option<String> = None;
    let attr = |e: &quick_xml::events::BytesStart, name: &str| -> Option<String> {
        e.attributes()
            .map(|a| a.unwrap())
            .find(|a| a.key.as_ref() == name)
            .map(|a| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .unwrap()
                    .into_owned()
            })
    };
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => break,
            Event::Empty(e) if e.name().as_ref() == "key" => {
                graph.keys.insert(
                    attr(&e, "id").unwrap(),
                    (
                        attr(&e, "for").unwrap(),
                        attr(&e, "attr.name").unwrap(),
                        attr(&e, "attr.type").unwrap(),
                    ),
                );
            }
            Event::Start(e) if e.name().as_ref() == "node" || e.name().as_ref() == "edge" => {
                let mut fields = BTreeMap::new();
                for name in ["id", "source", "target"] {
                    if let Some(value) = attr(&e, name) {
                        fields.insert(format!("@{name}"), value);
                    }
                }
                current = Some((e.name().as_ref() == "node", fields));
            }
            Event::Start(e) if e.name().as_ref() == "data" => data_key = attr(&e, "key"),
            Event::Text(t) => {
                if let (Some(key), Some((_, fields))) = (&data_key, &mut current) {
                    fields
                        .entry(key.clone())
                        .or_default()
                        .push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let (Some(key), Some((_, fields))) = (&data_key, &mut current) {
                    let name = r.xml10_content();
                    let c = match name.as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "apos" => '\'',
                        "quot" => '"',
                        other => panic!("unexpected entity {other}"),
                    };
                    fields.entry(key.clone()).or_default().push(c);
                }
            }
            Event::End(e) if e.name().as_ref() == "data" => data_key = None,
            Event::End(e) if e.name().as_ref() == "node" || e.name().as_ref() == "edge" => {
                let (is_node, fields) = current.take().unwrap();
                if is_node {
                    graph.nodes.push(fields);
                } else {
                    graph.edges.push(fields);
                }
            }
            _ => {}
        }
    }
    graph
}

#[test]
fn graphml_has_typed_keys_and_matches_the_tables() {
    let dir = Workdir::new();
    let out = dir.run_ok(&[&seeds().display().to_string()]);
    let xml = std::fs::read_to_string(out.join("graph.graphml")).unwrap();
    let graph = parse_graphml(&xml);
    let key = |domain: &str, name: &str| {
        graph
            .keys
            .iter()
            .find(|(_, (d, n, _))| d == domain && n == name)
            .map(|(id, (_, _, kind))| (id.clone(), kind.clone()))
            .unwrap_or_else(|| panic!("no {domain} key {name}"))
    };
    assert_eq!(key("node", "label").1, "string");
    assert_eq!(key("node", "mentions").1, "int");
    assert_eq!(key("edge", "weight").1, "int");
    assert_eq!(key("edge", "npmi").1, "double");
    for (domain, _, kind) in graph.keys.values() {
        assert!(domain == "node" || domain == "edge");
        assert!(["int", "double", "string"].contains(&kind.as_str()));
    }
    let nodes = read_csv(&out.join("nodes.csv"));
    let edges = read_csv(&out.join("edges.csv"));
    assert_eq!(graph.nodes.len(), nodes.len());
    assert_eq!(graph.edges.len(), edges.len());
    let (label, _) = key("node", "label");
    for (xml_node, row) in graph.nodes.iter().zip(&nodes) {
        assert_eq!(xml_node["@id"], row["Id"]);
        assert_eq!(xml_node[&label], row["Label"]);
    }
    let (weight, _) = key("edge", "weight");
    for (xml_edge, row) in graph.edges.iter().zip(&edges) {
        assert_eq!(xml_edge["@source"], row["Source"]);
        assert_eq!(xml_edge["@target"], row["Target"]);
        assert_eq!(xml_edge[&weight], row["Weight"]);
    }
    // Every data element refers to a declared key of the right domain, and
    // typed values parse as their type.
    for (items, domain) in [(&graph.nodes, "node"), (&graph.edges, "edge")] {
        for item in items {
            for (key_id, value) in item.iter().filter(|(k, _)| !k.starts_with('@')) {
                let (d, name, kind) = &graph.keys[key_id];
                assert_eq!(d, domain, "{name}");
                match kind.as_str() {
                    "int" => assert!(value.parse::<i64>().is_ok(), "{name}={value}"),
                    "double" => assert!(value.parse::<f64>().is_ok(), "{name}={value}"),
                    _ => {}
                }
            }
        }
    }
}

/// Loads the GraphML with networkx and igraph (real GraphML readers) via
/// `tests/load_graphml.py`; needs `pip install -r tests/requirements.txt`.
#[test]
fn graphml_loads_in_networkx_and_igraph() {
    let dir = Workdir::new();
    let out = dir.run_ok(&[&seeds().display().to_string()]);
    let script = crate::util::repo().join("tests").join("load_graphml.py");
    let output = std::process::Command::new("python3")
        .arg(script)
        .arg(out.join("graph.graphml"))
        .arg(out.join("nodes.csv"))
        .arg(out.join("edges.csv"))
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "load_graphml.py failed (pip install -r tests/requirements.txt):\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn run_json_records_options_counts_and_errors() {
    let dir = Workdir::new();
    let broken = dir.write(
        "in/broken.jsonl",
        "{\"title\": \"NATO\", \"text\": \"NATO və Azərbaycan\"}\n{oops\n",
    );
    let out = dir.run_ok(&[
        broken.to_str().unwrap(),
        "--unit",
        "paragraph",
        "--min-weight",
        "2",
    ]);
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(manifest["options"]["unit"], "paragraph");
    assert_eq!(manifest["options"]["min_weight"], 2);
    assert_eq!(manifest["counts"]["documents"], 2);
    assert_eq!(manifest["counts"]["skipped"], 1);
    assert_eq!(manifest["counts"]["mentions"], 3);
    let errors = manifest["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].as_str().unwrap().contains("broken.jsonl:2"),
        "{errors:?}"
    );
}

#[test]
fn min_weight_and_units_change_the_edges() {
    let dir = Workdir::new();
    let seeds = seeds().display().to_string();
    let sentence = read_csv(&dir.run_ok(&[&seeds]).join("edges.csv"));
    let document = read_csv(
        &dir.run_ok(&[&seeds, "--unit", "document"])
            .join("edges.csv"),
    );
    let strong = read_csv(&dir.run_ok(&[&seeds, "--min-weight", "3"]).join("edges.csv"));
    assert!(document.len() > sentence.len());
    assert!(strong.len() < sentence.len());
    assert!(
        strong
            .iter()
            .all(|e| e["Weight"].parse::<u64>().unwrap() >= 3)
    );
    // With document units, every pair in a document is linked, and each
    // document counts once: weight == documents.
    assert!(document.iter().all(|e| e["Weight"] == e["documents"]));
}
