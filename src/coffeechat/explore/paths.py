"""Introduction paths: chains from the user, through people who know each other, to a person."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice

YOU = 0  # no person has id 0
MAX_HOPS = 3  # You → Maria → Dev → Priya
PATHS_EXAMINED = 60  # shortest_simple_paths is lazy; a dense graph must not make it run on


def edge_cost(strength: int) -> int:
    """Every step costs one favour, and a weaker tie more: 2 for strong, 3 for medium, 4 for weak.

    So a short chain wins over a longer one of like ties, and strong ties over weak ones.
    """
    return 5 - max(1, min(3, strength))


def best_paths(
    target: int,
    ties: Iterable[tuple[int, int, int]],
    direct: dict[int, int],
    blocked: set[int],
    limit: int = 3,
) -> list[list[int]]:
    """The best chains to `target`, each a list of person ids from a direct contact to it.

    Shorter and stronger chains come first; nobody in `blocked` (off-limits people) is on one.
    A person the user knows directly needs no chain: the answer is [[]].
    """
    if target in blocked:
        return []
    if target in direct:
        return [[]]
    import networkx as nx  # here, not at the top: every command loads this module (issue 13)

    graph = nx.Graph()
    for a, b, strength in ties:
        if a not in blocked and b not in blocked and a != b:
            cost = edge_cost(strength)
            if not graph.has_edge(a, b) or graph[a][b]["cost"] > cost:
                graph.add_edge(a, b, cost=cost)
    if target not in graph:
        return []
    for person, strength in direct.items():
        if person not in blocked and person in graph:
            graph.add_edge(YOU, person, cost=edge_cost(strength))
    if YOU not in graph:
        return []
    found: list[list[int]] = []
    try:
        candidates = nx.shortest_simple_paths(graph, YOU, target, weight="cost")
        for path in islice(candidates, PATHS_EXAMINED):
            if len(path) - 1 <= MAX_HOPS:
                found.append(path[1:])
                if len(found) == limit:
                    break
    except nx.NetworkXNoPath:
        return []
    return found
