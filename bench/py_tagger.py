"""The dictionary tagger people write in Python, for the bench to time
entgraph against: the gazetteers' aliases lower-cased in one automaton
(pyahocorasick) or keyword table (flashtext), each record's title and text
lower-cased, whole words only, the longest match where matches overlap, and
the entities named in the same sentence counted as pairs. No inflections,
no case rules, no resolution: less than entgraph does.

Prints the documents, mentions and distinct pairs it found.

usage: python3 bench/py_tagger.py ahocorasick|flashtext GAZETTEER_DIR CORPUS.jsonl
"""

import collections
import itertools
import json
import re
import sys

from aliases import names

SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")


def aliases(gazetteer_dir):
    """Lower-cased alias -> the ids of the entities it may name."""
    ids = collections.defaultdict(set)
    for entity, name in names(gazetteer_dir):
        ids[name.lower()].add(entity)
    return {alias: sorted(entities) for alias, entities in ids.items()}


def ahocorasick_finder(table):
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for alias, entities in table.items():
        automaton.add_word(alias, (len(alias), entities))
    automaton.make_automaton()

    def find(sentence):
        found = []
        for end, (length, entities) in automaton.iter_long(sentence):
            start = end - length + 1
            before = sentence[start - 1] if start > 0 else " "
            after = sentence[end + 1] if end + 1 < len(sentence) else " "
            if not before.isalnum() and not after.isalnum():
                found.extend(entities)
        return found

    return find


def flashtext_finder(table):
    from flashtext import KeywordProcessor

    keywords = KeywordProcessor(case_sensitive=True)
    for alias in table:
        keywords.add_keyword(alias)

    def find(sentence):
        return [entity for alias in keywords.extract_keywords(sentence) for entity in table[alias]]

    return find


def main():
    engine, gazetteer_dir, corpus = sys.argv[1:4]
    table = aliases(gazetteer_dir)
    find = {"ahocorasick": ahocorasick_finder, "flashtext": flashtext_finder}[engine](table)
    documents = mentions = 0
    pairs = collections.Counter()
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            text = f"{record.get('title') or ''}\n\n{record.get('text') or ''}".lower()
            documents += 1
            for sentence in SENTENCE_END.split(text):
                entities = find(sentence)
                mentions += len(entities)
                for pair in itertools.combinations(sorted(set(entities)), 2):
                    pairs[pair] += 1
    print(f"{documents} documents, {mentions} mentions, {len(pairs)} pairs")


if __name__ == "__main__":
    main()
