"""The numeral writer handles any integer, and the reader reads back what it writes."""

import pytest
from hypothesis import given, strategies as st

from knowledge.numerals import cn_to_int, int_to_cn


@pytest.mark.parametrize("number, written", [
    (0, "零"), (7, "七"), (10, "十"), (15, "十五"), (24, "二十四"), (100, "一百"), (105, "一百零五"),
    (110, "一百一十"), (2023, "二千零二十三"), (10_015, "一万零一十五"), (100_001, "十万零一"),
    (123_456_789, "一亿二千三百四十五万六千七百八十九"), (10**12, "一万亿"), (-5, "负五"),
])
def test_numbers_are_written_as_the_measures_write_them(number, written):
    assert int_to_cn(number) == written


@given(st.integers(min_value=0, max_value=10**16 - 1))
def test_every_number_below_ten_thousand_trillion_reads_back(number):
    assert cn_to_int(int_to_cn(number)) == number


@given(st.integers(min_value=-(10**400), max_value=10**400))
def test_any_integer_at_all_is_written_without_failing(number):
    assert int_to_cn(number)
