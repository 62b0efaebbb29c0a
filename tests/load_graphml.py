"""Load entgraph's GraphML with networkx and igraph and check it against the
CSV tables: same nodes and edges, every attribute typed.

usage: python3 tests/load_graphml.py graph.graphml nodes.csv edges.csv
"""

import csv
import sys

import igraph
import networkx


def main(graphml, nodes_csv, edges_csv):
    with open(nodes_csv, encoding="utf-8") as f:
        nodes = {row["Id"]: row for row in csv.DictReader(f)}
    with open(edges_csv, encoding="utf-8") as f:
        edges = list(csv.DictReader(f))

    g = networkx.read_graphml(graphml)
    assert not g.is_directed(), "undirected graph"
    assert set(g.nodes) == set(nodes), "same node ids as nodes.csv"
    assert g.number_of_edges() == len(edges), "same edge count as edges.csv"
    for node_id, data in g.nodes(data=True):
        assert data["label"] == nodes[node_id]["Label"]
        assert isinstance(data["mentions"], int), data
        assert isinstance(data["documents"], int), data
        assert isinstance(data["type"], str), data
    for row in edges:
        data = g.edges[row["Source"], row["Target"]]
        assert isinstance(data["weight"], int) and data["weight"] == int(row["Weight"])
        assert isinstance(data["npmi"], float)
        assert abs(data["npmi"] - float(row["npmi"])) < 1e-9

    ig = igraph.Graph.Read_GraphML(graphml)
    assert ig.vcount() == len(nodes) and ig.ecount() == len(edges)
    assert isinstance(ig.vs[0]["mentions"], float) or isinstance(ig.vs[0]["mentions"], int)
    assert isinstance(ig.es[0]["npmi"], float)
    assert isinstance(ig.vs[0]["label"], str)
    print(f"networkx and igraph: {len(nodes)} nodes, {len(edges)} edges, typed")


if __name__ == "__main__":
    main(*sys.argv[1:4])
