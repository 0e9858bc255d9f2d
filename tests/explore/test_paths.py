"""Introduction paths as pure graph logic (no database)."""

from coffeechat.explore.paths import best_paths

# Ties: (person, person, strength 1-3)
TIES = [
    (1, 2, 3),  # Maria - Dev, close
    (2, 3, 3),  # Dev - Priya, close
    (1, 4, 1),  # Maria - Omar, weak
    (4, 3, 1),  # Omar - Priya, weak
    (5, 3, 2),  # Kim - Priya
]


def test_a_short_chain_comes_before_a_longer_one_of_like_ties() -> None:
    # The user knows Maria (1) and Kim (5) well.
    paths = best_paths(3, TIES, direct={1: 3, 5: 3}, blocked=set())
    assert paths[0] == [5, 3]  # one introducer (Kim) before two (Maria, then Dev)
    assert paths[1] == [1, 2, 3] and len(paths) == 3


def test_strong_ties_win_over_weak_ones_of_the_same_length() -> None:
    paths = best_paths(3, TIES, direct={1: 3}, blocked=set())
    assert paths[0] == [1, 2, 3] and paths[1] == [1, 4, 3]


def test_off_limits_people_are_never_on_a_path() -> None:
    paths = best_paths(3, TIES, direct={1: 3, 5: 1}, blocked={5, 2})
    assert paths == [[1, 4, 3]]
    assert best_paths(3, TIES, direct={1: 3}, blocked={3}) == []


def test_no_path_longer_than_three_hops() -> None:
    chain = [(10, 11, 3), (11, 12, 3), (12, 13, 3)]
    assert best_paths(13, chain, direct={10: 3}, blocked=set()) == []
    assert best_paths(12, chain, direct={10: 3}, blocked=set()) == [[10, 11, 12]]


def test_someone_known_directly_needs_no_path_and_a_stranger_has_none() -> None:
    assert best_paths(1, TIES, direct={1: 2}, blocked=set()) == [[]]
    assert best_paths(99, TIES, direct={1: 2}, blocked=set()) == []


def test_a_dense_graph_with_cycles_stays_bounded() -> None:
    ties = [(a, b, 1 + (a + b) % 3) for a in range(1, 60) for b in range(a + 1, 60)]
    paths = best_paths(59, ties, direct={1: 3, 2: 2}, blocked=set())
    assert paths and all(len(p) <= 3 for p in paths)
