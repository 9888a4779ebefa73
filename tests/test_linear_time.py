"""No input slower than linear (issue 22, section 5): each pathological shape at two sizes, four times apart.

The shapes are ``bench/hostile_bench.py``'s (the benchmark prints the same ones at bigger sizes,
before and after). A linear stage takes about four times as long on four times the input, a
quadratic one sixteen times: the bound of eight leaves room for a loaded two-core machine, and
each time is the median of three runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from hostile_bench import SHAPES, measure

#: The smaller of each shape's two sizes here (the larger is four times it).
SMALL = {
    "spaces-in-a-paragraph": 20_000,
    "caption-spaces-no-close": 20_000,
    "caption-open-parens": 20_000,
    "one-line-of-names": 25_000,
    "html-nested-p-b": 500,
    "html-unclosed-p": 500,
    "dotted-acronym": 5_000,
    "periods-in-a-quotation": 20_000,
    "long-msgstr-check": 100_000,
}


def test_every_shape_of_the_benchmark_is_tested_here() -> None:
    assert set(SMALL) == set(SHAPES)


@pytest.mark.parametrize("name", list(SMALL))
def test_each_stage_is_linear_in_its_input(name: str) -> None:
    small, _ = measure(name, SMALL[name])
    large, _ = measure(name, 4 * SMALL[name])
    assert large / small < 8, (
        f"{name}: {small:.3f} s at {SMALL[name]:,}, {large:.3f} s at {4 * SMALL[name]:,}"
    )


@pytest.mark.parametrize("count", [3, 50, 500])
def test_unclosed_paragraphs_are_one_unit_each(count: int) -> None:
    """Valid HTML5 leaves <p> unclosed: each is the next paragraph, not a copy of all that follow."""
    shape = SHAPES["html-unclosed-p"]
    assert shape.run(shape.make(count)) == count + 1  # and the title
