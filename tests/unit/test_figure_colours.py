"""The figures' colour words have one meaning each: tint towards white, mix from one colour to another."""

import pytest

from figures.style import BLUE, INK, MUTED, WHITE, mix, rgb, tint


@pytest.mark.parametrize("color, amount, expected", [
    (BLUE, 0, BLUE),                 # 0 is the colour itself
    (BLUE, 1, WHITE),                # 1 is white
    (BLUE, 0.5, "#94b7d8"),          # halfway to white
    ("#000000", 0.5, "#808080"),
    (MUTED, 0.35, "#9fa5aa"),        # 170.5 rounds to even, as matplotlib's to_hex does
    (BLUE, -0.5, BLUE),              # amounts outside 0..1 are clipped
    (BLUE, 1.5, WHITE),
])
def test_tint_goes_from_the_colour_at_0_to_white_at_1(color, amount, expected):
    assert tint(color, amount) == expected


@pytest.mark.parametrize("start, end, t, expected", [
    (BLUE, INK, 0, BLUE),
    (BLUE, INK, 1, INK),
    ("#000000", "#0a1428", 0.5, "#050a14"),
    ("#000000", "#010101", 0.5, "#000000"),   # halves round to even
    ("#000000", "#030303", 0.5, "#020202"),
])
def test_mix_goes_from_start_at_0_to_end_at_1(start, end, t, expected):
    assert mix(start, end, t) == expected


def test_tint_is_a_mix_with_white():
    assert [tint(BLUE, a / 10) for a in range(11)] == [mix(BLUE, WHITE, a / 10) for a in range(11)]


def test_rgb_reads_a_hex_colour():
    assert rgb("#2a6fb0") == (42, 111, 176)
    assert rgb("2a6fb0") == (42, 111, 176)
