"""Weighted random choice, the one random helper every generator uses."""
from __future__ import annotations

import random
from typing import TypeVar

T = TypeVar("T")


def weighted(rng: random.Random, choices: list[tuple[T, float]]) -> T:
    """One item, with probability proportional to its weight."""
    total = sum(weight for _, weight in choices)
    pick = rng.uniform(0, total)
    for item, weight in choices:
        pick -= weight
        if pick <= 0:
            return item
    return choices[-1][0]
