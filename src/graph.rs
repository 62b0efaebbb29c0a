//! Graph stage: count which entities are named together, then build the
//! co-occurrence graph.
//!
//! Each worker fills its own [`Cooccurrence`]; the partial counts merge in any
//! order to the same totals (sums, minimum and maximum dates), so the result
//! does not depend on the thread count. [`Cooccurrence::build`] sorts by id
//! and hands the export stage an [`EntityGraph`].

use std::collections::HashMap;

use petgraph::graph::{NodeIndex, UnGraph};

/// Counts for one entity.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeStats {
    /// Index into the gazetteer's entities.
    pub entity: usize,
    /// Mentions over all documents.
    pub mentions: u64,
    /// Documents that mention it.
    pub documents: u64,
    /// Units (sentences, paragraphs or documents) that mention it.
    pub units: u64,
    /// Earliest and latest date of those documents.
    pub first_date: Option<String>,
    /// See `first_date`.
    pub last_date: Option<String>,
}

/// Counts for one pair of entities.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EdgeStats {
    /// Units in which both occur.
    pub weight: u64,
    /// Documents in which both occur in one unit.
    pub documents: u64,
    /// Earliest and latest date of those documents.
    pub first_date: Option<String>,
    /// See `first_date`.
    pub last_date: Option<String>,
    /// Normalized pointwise mutual information over units, in [-1, 1].
    pub npmi: f64,
}

/// Partial co-occurrence counts; merge them, then build the graph.
#[derive(Clone, Debug, Default)]
pub struct Cooccurrence {
    nodes: HashMap<usize, NodeStats>,
    edges: HashMap<(usize, usize), EdgeStats>,
    units: u64,
}

/// The co-occurrence graph: nodes sorted by entity id, edges by their
/// endpoints' ids.
#[derive(Clone, Debug, Default)]
pub struct EntityGraph {
    /// Nodes and edges with their counts.
    pub graph: UnGraph<NodeStats, EdgeStats>,
    /// Units counted over all documents.
    pub units: u64,
}

impl Cooccurrence {
    /// Counts one document: `mentions` holds `(unit, entity)` for each
    /// mention, `units` how many units the document has.
    pub fn add_document(&mut self, date: Option<&str>, mentions: &[(usize, usize)], units: usize) {
        self.units += units as u64;
        for &(_, entity) in mentions {
            self.nodes
                .entry(entity)
                .or_insert_with(|| NodeStats {
                    entity,
                    ..NodeStats::default()
                })
                .mentions += 1;
        }
        let mut by_unit: Vec<(usize, usize)> = mentions.to_vec();
        by_unit.sort_unstable();
        by_unit.dedup();
        let mut pairs_in_doc = Vec::new();
        for unit in by_unit.chunk_by(|a, b| a.0 == b.0) {
            for (i, &(_, a)) in unit.iter().enumerate() {
                self.nodes.get_mut(&a).expect("counted above").units += 1;
                for &(_, b) in &unit[i + 1..] {
                    self.edges.entry((a, b)).or_default().weight += 1;
                    pairs_in_doc.push((a, b));
                }
            }
        }
        let mut entities_in_doc: Vec<usize> = by_unit.iter().map(|&(_, entity)| entity).collect();
        entities_in_doc.sort_unstable();
        entities_in_doc.dedup();
        for entity in entities_in_doc {
            let node = self.nodes.get_mut(&entity).expect("counted above");
            node.documents += 1;
            widen(&mut node.first_date, &mut node.last_date, date);
        }
        pairs_in_doc.sort_unstable();
        pairs_in_doc.dedup();
        for pair in pairs_in_doc {
            let edge = self.edges.get_mut(&pair).expect("counted above");
            edge.documents += 1;
            widen(&mut edge.first_date, &mut edge.last_date, date);
        }
    }

    /// Adds another worker's counts to these.
    pub fn merge(&mut self, other: Cooccurrence) {
        self.units += other.units;
        for (entity, theirs) in other.nodes {
            let node = self.nodes.entry(entity).or_insert_with(|| NodeStats {
                entity,
                ..NodeStats::default()
            });
            node.mentions += theirs.mentions;
            node.documents += theirs.documents;
            node.units += theirs.units;
            widen(
                &mut node.first_date,
                &mut node.last_date,
                theirs.first_date.as_deref(),
            );
            widen(
                &mut node.first_date,
                &mut node.last_date,
                theirs.last_date.as_deref(),
            );
        }
        for (pair, theirs) in other.edges {
            let edge = self.edges.entry(pair).or_default();
            edge.weight += theirs.weight;
            edge.documents += theirs.documents;
            widen(
                &mut edge.first_date,
                &mut edge.last_date,
                theirs.first_date.as_deref(),
            );
            widen(
                &mut edge.first_date,
                &mut edge.last_date,
                theirs.last_date.as_deref(),
            );
        }
    }

    /// Builds the graph, dropping edges whose weight is under `min_weight`.
    /// Entity indices sort like entity ids, so sorting by index is sorting
    /// by id.
    pub fn build(self, min_weight: u64) -> EntityGraph {
        let mut graph = UnGraph::default();
        let mut nodes: Vec<NodeStats> = self.nodes.into_values().collect();
        nodes.sort_by_key(|n| n.entity);
        let mut index_of: HashMap<usize, NodeIndex> = HashMap::new();
        let unit_share: HashMap<usize, f64> = nodes
            .iter()
            .map(|n| (n.entity, n.units as f64 / self.units.max(1) as f64))
            .collect();
        for node in nodes {
            let entity = node.entity;
            index_of.insert(entity, graph.add_node(node));
        }
        let mut edges: Vec<((usize, usize), EdgeStats)> = self
            .edges
            .into_iter()
            .filter(|(_, e)| e.weight >= min_weight)
            .collect();
        edges.sort_by_key(|(pair, _)| *pair);
        for ((a, b), mut edge) in edges {
            edge.npmi = npmi(
                edge.weight as f64 / self.units.max(1) as f64,
                unit_share[&a],
                unit_share[&b],
            );
            graph.add_edge(index_of[&a], index_of[&b], edge);
        }
        EntityGraph {
            graph,
            units: self.units,
        }
    }
}

/// Normalized PMI of two events with joint probability `pxy`: 1 when they
/// always occur together, 0 when independent, towards -1 when they avoid
/// each other.
///
/// ```
/// assert_eq!(entgraph::graph::npmi(0.5, 0.5, 0.5), 1.0);
/// assert!(entgraph::graph::npmi(0.25, 0.5, 0.5).abs() < 1e-12);
/// ```
pub fn npmi(pxy: f64, px: f64, py: f64) -> f64 {
    if pxy <= 0.0 {
        return -1.0;
    }
    if pxy >= 1.0 {
        return 1.0;
    }
    let value = (pxy / (px * py)).ln() / -pxy.ln();
    value.clamp(-1.0, 1.0)
}

fn widen(first: &mut Option<String>, last: &mut Option<String>, date: Option<&str>) {
    let Some(date) = date else {
        return;
    };
    if first.as_deref().is_none_or(|f| date < f) {
        *first = Some(date.to_string());
    }
    if last.as_deref().is_none_or(|l| date > l) {
        *last = Some(date.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_units_documents_and_dates() {
        let mut counts = Cooccurrence::default();
        // Entities 0 and 1 share sentence 0 twice over; 2 is alone.
        counts.add_document(Some("2025-12-15"), &[(0, 0), (0, 1), (0, 1), (1, 2)], 3);
        counts.add_document(Some("2021-12-14"), &[(4, 1), (4, 0)], 5);
        counts.add_document(None, &[(0, 0)], 1);
        let graph = counts.build(1);
        assert_eq!(graph.units, 9);
        let nodes: Vec<&NodeStats> = graph.graph.node_weights().collect();
        assert_eq!(nodes.len(), 3);
        assert_eq!(
            (nodes[0].mentions, nodes[0].documents, nodes[0].units),
            (3, 3, 3)
        );
        assert_eq!(
            (nodes[1].mentions, nodes[1].documents, nodes[1].units),
            (3, 2, 2)
        );
        assert_eq!(nodes[1].first_date.as_deref(), Some("2021-12-14"));
        assert_eq!(nodes[1].last_date.as_deref(), Some("2025-12-15"));
        let edges: Vec<&EdgeStats> = graph.graph.edge_weights().collect();
        assert_eq!(edges.len(), 1);
        assert_eq!((edges[0].weight, edges[0].documents), (2, 2));
        // p(0,1) = 2/9, p(0) = 3/9, p(1) = 2/9.
        let expected = ((2.0f64 / 9.0) / ((3.0 / 9.0) * (2.0 / 9.0))).ln() / -(2.0f64 / 9.0).ln();
        assert!((edges[0].npmi - expected).abs() < 1e-12);
        assert!(graph.graph.edge_weights().all(|e| e.weight > 0));
    }

    #[test]
    fn merging_in_any_order_gives_the_same_counts() {
        type Doc = (Option<&'static str>, Vec<(usize, usize)>);
        let docs: [Doc; 3] = [
            (Some("2025-01-02"), vec![(0, 3), (0, 1), (1, 2)]),
            (Some("2024-05-06"), vec![(0, 1), (0, 2), (0, 3)]),
            (None, vec![(2, 2), (2, 3)]),
        ];
        let build = |order: &[usize]| {
            let mut total = Cooccurrence::default();
            for &i in order {
                let mut part = Cooccurrence::default();
                part.add_document(docs[i].0, &docs[i].1, 3);
                total.merge(part);
            }
            let graph = total.build(1);
            let nodes: Vec<NodeStats> = graph.graph.node_weights().cloned().collect();
            let edges: Vec<EdgeStats> = graph.graph.edge_weights().cloned().collect();
            (nodes, edges)
        };
        assert_eq!(build(&[0, 1, 2]), build(&[2, 0, 1]));
    }

    #[test]
    fn min_weight_drops_weak_edges_and_no_self_loops() {
        let mut counts = Cooccurrence::default();
        counts.add_document(None, &[(0, 0), (0, 0), (0, 1), (1, 1), (1, 2)], 2);
        let graph = counts.build(1);
        assert_eq!(graph.graph.edge_count(), 2);
        for edge in graph.graph.edge_indices() {
            let (a, b) = graph.graph.edge_endpoints(edge).unwrap();
            assert_ne!(a, b);
        }
        let mut counts = Cooccurrence::default();
        counts.add_document(None, &[(0, 0), (0, 1), (1, 1), (1, 2)], 2);
        assert_eq!(counts.build(2).graph.edge_count(), 0);
    }
}
