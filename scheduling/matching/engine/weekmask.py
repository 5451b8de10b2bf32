"""Weekly times as bit masks: one uint64 per weekday, a bit per quarter hour 06:00-22:00.

A window's part outside whole quarters or outside those hours is not counted,
so the engine never claims an overlap that is not there.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import time as Time
from functools import lru_cache

import numpy as np

from scheduling.matching.engine.data import Window

SLOT_MINUTES = 15
DAY_START_MINUTES = 6 * 60
SLOTS_PER_DAY = 64  # 06:00-22:00 in quarter hours
DAYS = 7

# --- quarter-hour masks ----------------------------------------------------------------

ALL_DAY = np.uint64(2**SLOTS_PER_DAY - 1)


def _slot(moment: Time, *, up: bool) -> int:
    minutes = moment.hour * 60 + moment.minute + (1 if up and moment.second else 0)
    offset = (minutes - DAY_START_MINUTES) / SLOT_MINUTES
    slot = math.ceil(offset) if up else math.floor(offset)
    return min(max(slot, 0), SLOTS_PER_DAY)


def week_mask(windows: Iterable[Window]) -> np.ndarray:
    """Seven uint64 words: bit i of day d is the quarter from 06:00 + 15*i on day d."""
    return np.array(week_words(tuple(windows)), dtype=np.uint64)


@lru_cache(maxsize=2**16)
def week_words(windows: tuple[Window, ...]) -> tuple[int, ...]:
    """week_mask as plain ints; cached because many people share the same times."""
    words = [0] * DAYS
    for window in windows:
        first, last = _slot(window.start, up=True), _slot(window.end, up=False)
        if last > first:
            words[window.weekday] |= ((1 << (last - first)) - 1) << first
    return tuple(words)


def usable(mask: np.ndarray, run: int) -> np.ndarray:
    """Keep only the quarters that lie in a stretch of at least `run` quarters in a row."""
    starts = mask.copy()
    for shift in range(1, run):
        starts &= mask >> np.uint64(shift)
    kept = starts.copy()
    for shift in range(1, run):
        kept |= starts << np.uint64(shift)
    return kept & mask


def first_stretch(words: np.ndarray) -> Window:
    """The first run of set quarters in a week mask, as a Window."""
    for day, word in enumerate(int(w) for w in words):
        if word:
            first = (word & -word).bit_length() - 1
            length = 0
            while first + length < SLOTS_PER_DAY and word >> (first + length) & 1:
                length += 1
            return Window(day, _time(first), _time(first + length))
    raise ValueError("empty mask")


def _time(slot: int) -> Time:
    minutes = DAY_START_MINUTES + slot * SLOT_MINUTES
    return Time(minutes // 60, minutes % 60)
