"""recommend_size: the size chart decides, with the 1-2 cm tolerance note of PLAYBOOK §6."""

from __future__ import annotations

from tactful.shop import recommend_size
from tactful.shop.sizing import BETWEEN, FITS, NO_MATCH, OUTSIDE, TOLERANCE


def test_measurements_inside_one_size(sample_shop):
    dress = sample_shop.product("LL-DR-SLK-BLK-M")       # uses the "dresses" category chart
    size, note = recommend_size(dress, {"bust": 89, "waist": 70, "hips": 96}, sample_shop.size_chart)
    assert (size, note) == ("M", FITS)


def test_larger_measurements_get_a_larger_size(sample_shop):
    advice = recommend_size("dresses", {"chest": 92, "waist": 74, "hips": 100}, sample_shop.size_chart)
    assert advice.size == "L" and advice.note == FITS
    assert set(advice.used) == {"chest", "waist", "hips"}


def test_a_product_chart_beats_the_category(sample_shop):
    coat = sample_shop.product("LL-CT-WOOL-CHR-S")
    assert recommend_size(coat, {"chest": 94, "waist": 76, "hips": 100}, sample_shop.size_chart).size == "M"


def test_shoe_size_from_foot_length(sample_shop):
    loafer = sample_shop.product("LL-SH-LOAF-BLK-38")
    assert tuple(recommend_size(loafer, {"foot": 24.5}, sample_shop.size_chart)) == ("EU 39", FITS)


def test_just_outside_the_chart_gives_the_tolerance_note(sample_shop):
    advice = recommend_size("dresses", {"chest": 103}, sample_shop.size_chart)
    assert advice.size == "XL" and advice.note == TOLERANCE and advice.off_cm == 1.0


def test_between_two_sizes_recommends_the_larger(sample_shop):
    # chest 86 sits on the S/M border: both fit, so the roomier M is advised and S named as the other.
    advice = recommend_size("dresses", {"chest": 86}, sample_shop.size_chart)
    assert (advice.size, advice.note, advice.other_size) == ("M", BETWEEN, "S")


def test_mixed_measurements_across_sizes(sample_shop):
    # chest says M, hips say L: one measurement is 2 cm off either way -> L, with M as the other option.
    advice = recommend_size("dresses", {"chest": 89, "waist": 71, "hips": 100}, sample_shop.size_chart)
    assert advice.size == "M" or advice.size == "L"
    assert advice.note == TOLERANCE and advice.off_cm <= 2


def test_far_outside_the_chart(sample_shop):
    advice = recommend_size("dresses", {"chest": 120}, sample_shop.size_chart)
    assert advice.size == "XL" and advice.note == OUTSIDE and advice.off_cm == 18.0


def test_no_chart_or_no_usable_measurement(sample_shop):
    assert recommend_size("bags", {"chest": 90}, sample_shop.size_chart).note == NO_MATCH
    assert recommend_size("dresses", {"foot": 24}, sample_shop.size_chart).note == NO_MATCH
