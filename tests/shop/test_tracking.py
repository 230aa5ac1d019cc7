"""Check digits of every tracking number in the sample shop, and of known published examples."""

from __future__ import annotations

import pytest

from tactful.shop.tracking import (dhl_check_digit, is_valid_tracking, make_s10, s10_check_digit,
                                   tracking_format, ups_check_digit)


def test_published_examples():
    assert s10_check_digit("12345678") == 5                   # UPU S10 standard example RR123456785CN
    assert is_valid_tracking("RA250500415CN")                  # the seed's ePacket example
    assert ups_check_digit("999AA1012345678") == 4             # 1Z999AA10123456784, UPS test number
    assert is_valid_tracking("1Z 999 AA1 01 2345 6784")
    assert dhl_check_digit("123456789") == 123456789 % 7


def test_s10_special_remainders():
    # 11 - sum % 11 gives 10 -> 0 and 11 -> 5 (S10 rule)
    serials = {s10_check_digit(f"{n:08d}") for n in range(0, 400)}
    assert serials <= set(range(10))
    assert make_s10("RR", "00000000", "CN") == "RR000000005CN"


def test_wrong_digits_are_rejected():
    assert is_valid_tracking("RR123456784CN") is False
    assert is_valid_tracking("1Z999AA10123456785") is False
    assert is_valid_tracking("LX-whatever") is None
    assert tracking_format("1Z999AA10123456784") == "ups"


def test_every_sample_tracking_number_is_valid(sample_shop):
    numbers = {o.tracking_number for o in sample_shop.orders if o.tracking_number}
    assert len(numbers) >= 40
    formats = {tracking_format(n) for n in numbers}
    assert formats == {"upu_s10", "ups", "dhl_express"}
    for number in numbers:
        assert is_valid_tracking(number) is True, number


@pytest.mark.parametrize("method,fmt", [("economy", "upu_s10"), ("baltic", "upu_s10"),
                                        ("ups", "ups"), ("dhl", "dhl_express")])
def test_carrier_formats_match_the_method(sample_shop, method, fmt):
    numbers = [o.tracking_number for o in sample_shop.orders if o.shipping_method == method and o.tracking_number]
    assert numbers and all(tracking_format(n) == fmt for n in numbers)


from hypothesis import given, strategies as st  # noqa: E402

from tactful.shop.tracking import make_dhl, make_ups  # noqa: E402


@given(st.integers(0, 99_999_999), st.sampled_from(["RR", "RL", "EA", "CP"]), st.sampled_from(["CN", "LV", "EE"]))
def test_generated_s10_numbers_always_validate(serial, service, country):
    number = make_s10(service, f"{serial:08d}", country)
    assert is_valid_tracking(number) is True and tracking_format(number) == "upu_s10"


@given(st.text("0123456789ABCDEFGHJKLMNPRSTUVWXYZ", min_size=6, max_size=6), st.integers(0, 9_999_999))
def test_generated_ups_numbers_always_validate(shipper, package):
    number = make_ups(shipper, "65", f"{package:07d}")
    assert is_valid_tracking(number) is True and len(number) == 18


@given(st.integers(0, 999_999_999))
def test_generated_dhl_numbers_always_validate(body):
    assert is_valid_tracking(make_dhl(f"{body:09d}")) is True
