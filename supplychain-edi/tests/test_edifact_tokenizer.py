"""The EDIFACT tokenizer gives exactly pydifact's segments, release characters or not."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from supplychain_edi.edifact.tokenizer import (
    ServiceCharacters,
    tokenize,
    tokenize_with_pydifact,
)
from tests.conftest import MockExchange

GOLDEN = Path(__file__).parent / "golden"
DEFAULT = ServiceCharacters()


def shapes(text: str) -> tuple[list[tuple[str, list]], list[str]]:
    fast, fast_issues = tokenize(text, DEFAULT)
    slow, slow_issues = tokenize_with_pydifact(text, DEFAULT)
    return (
        [(s.tag, s.elements) for s in fast],
        [(s.tag, s.elements) for s in slow],
        [i.code for i in fast_issues],
        [i.code for i in slow_issues],
    )


def body_of(text: str) -> str:
    return text[9:] if text.startswith("UNA") else text


def assert_same(text: str) -> None:
    fast, slow, fast_issues, slow_issues = shapes(text)
    assert fast == slow
    assert fast_issues == slow_issues


def test_same_segments_on_every_edifact_document(mock_exchanges: list[MockExchange]) -> None:
    texts = [p.read_text() for p in GOLDEN.glob("edifact_*.edi")]
    texts += [i for e in mock_exchanges if e.dialect == "EDIFACT" for i in e.interchanges]
    checked = 0
    for text in texts:
        assert_same(body_of(text))
        checked += 1
    assert checked >= 10


def escaped(value: str) -> str:
    return "".join("?" + c if c in "+:'?" else c for c in value)


@settings(max_examples=300, deadline=2000, derandomize=True)
@given(
    st.lists(
        st.lists(
            st.lists(
                st.text(alphabet="AB1 .-+:'?", max_size=4).map(escaped),
                min_size=1,
                max_size=4,
            ),
            min_size=1,
            max_size=5,
        ),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from(["", "\n", "\r\n"]),
)
def test_same_segments_on_generated_text(segments: list[list[list[str]]], newline: str) -> None:
    text = "".join(
        "UNH+" + "+".join(":".join(components) for components in elements) + "'" + newline
        for elements in segments
    )
    assert_same(text)


def test_same_error_on_a_truncated_part() -> None:
    assert_same("UNH+1+ORDERS:D:96A:UN'BGM+220+PO-1+9")


def test_released_terminators_and_release_characters() -> None:
    assert_same("UNH+1'FTX+AAO+++O?'Brien?: 5?+3 ??'NAD+BY+X::92'FTX+AAO+++ends with ??'UNT+4+1'")
    segments, issues = tokenize("FTX+AAO+++O?'Brien'UNT+2+1'", DEFAULT)
    assert issues == []
    assert segments[0].elements == ["AAO", "", "", "O'Brien"]
