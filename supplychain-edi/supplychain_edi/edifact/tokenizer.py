"""Split EDIFACT text into interchanges and segments with pydifact's tokenizer.

pydifact handles the release character and composite elements; this module only cuts
the file at each UNA (each interchange may declare its own service characters) and
keeps whatever segments were read before a syntax error, so a truncated file still
gives its complete messages.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pydifact.control.characters import Characters
from pydifact.parser import Parser, TokenIterator
from pydifact.tokenizer import Tokenizer

from supplychain_edi.segments import Issue, Segment

UNA_LENGTH = 9


@dataclass(slots=True)
class ServiceCharacters:
    component: str = ":"
    element: str = "+"
    decimal: str = "."
    release: str = "?"
    repetition: str = " "
    segment: str = "'"

    def as_pydifact(self) -> Characters:
        return Characters(
            component_separator=self.component,
            data_separator=self.element,
            decimal_point=self.decimal,
            escape_character=self.release,
            reserved=self.repetition,
            segment_terminator=self.segment,
        )


@dataclass(slots=True)
class EdifactText:
    characters: ServiceCharacters
    segments: list[Segment]
    issues: list[Issue]


def _una_starts(text: str) -> list[int]:
    starts: list[int] = []
    index = text.find("UNA")
    while index != -1:
        before = text[:index].rstrip(" \r\n\t")
        if not before or not before[-1].isalnum():
            starts.append(index)
        index = text.find("UNA", index + 3)
    return starts


def split_edifact(text: str) -> Iterator[EdifactText]:
    """Each UNA-delimited part of the file (a part may hold several UNB..UNZ)."""
    text = text.lstrip(" \t\r\n\x00\ufeff")
    starts = _una_starts(text)
    if not starts or starts[0] != 0:
        starts = [0, *starts]
    file_position = 0
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(text)
        chunk = text[start:end]
        characters = ServiceCharacters()
        if chunk.startswith("UNA"):
            advice = chunk[3:UNA_LENGTH]
            if len(advice) == 6:
                characters = ServiceCharacters(*advice)
            chunk = chunk[UNA_LENGTH:]
        segments, issues = tokenize(chunk, characters, file_position)
        file_position += len(segments)
        yield EdifactText(characters, segments, issues)


def tokenize(
    chunk: str, characters: ServiceCharacters, file_position: int = 0
) -> tuple[list[Segment], list[Issue]]:
    """Segments of one UNA-delimited part.

    pydifact's tokenizer reads character by character, which is what the release
    character needs but slow for the segments that never use it. So the part is cut into
    segments first (a terminator preceded by an odd run of release characters is data,
    not a terminator); a segment without a release character is split on the separators,
    which gives exactly pydifact's elements (tests/test_edifact_tokenizer.py holds the
    two to that), and a segment with one goes through pydifact.
    """
    if not characters.release or characters.release not in chunk:
        return tokenize_by_splitting(chunk, characters, file_position)
    segments: list[Segment] = []
    issues: list[Issue] = []
    number = file_position
    pieces, last = _segment_texts(chunk, characters.segment, characters.release)
    for piece in pieces:
        piece = piece.lstrip(" \r\n")
        if not piece:
            continue
        if characters.release in piece:
            found, problems = tokenize_with_pydifact(piece + characters.segment, characters, number)
            if problems:
                issues.extend(problems)
                break
        else:
            found, _ = tokenize_by_splitting(piece + characters.segment, characters, number)
        segments.extend(found)
        number += len(found)
    if last.strip(" \r\n\t\x00"):
        issues.append(_unexpected_end(number))
    return segments, issues


def _segment_texts(chunk: str, terminator: str, release: str) -> tuple[list[str], str]:
    """The segments' texts (without terminators), and whatever follows the last one."""
    pieces: list[str] = []
    carry: str | None = None
    for piece in chunk.split(terminator):
        if carry is not None:
            piece = carry + terminator + piece
            carry = None
        if (len(piece) - len(piece.rstrip(release))) % 2:
            carry = piece  # the terminator after this piece was released: it is data
            continue
        pieces.append(piece)
    if carry is not None:
        return pieces, carry
    last = pieces.pop() if pieces else ""
    return pieces, last


def _unexpected_end(number: int) -> Issue:
    return Issue(
        code="syntax_error",
        message=f"EDIFACT syntax error after segment {number}: Unexpected end of EDI messages.",
        file_position=number + 1,
    )


def _element(value: str, component: str) -> str | list[str]:
    """One element as pydifact shapes it: a string, or a list for a composite, with
    trailing empty components dropped."""
    if component not in value:
        return value
    parts = value.split(component)
    while parts and parts[-1] == "":
        parts.pop()
    if not parts:
        return ""
    return parts if len(parts) > 1 else parts[0]


def tokenize_by_splitting(
    chunk: str, characters: ServiceCharacters, file_position: int = 0
) -> tuple[list[Segment], list[Issue]]:
    """Segments of a part that holds no release character."""
    segments: list[Segment] = []
    issues: list[Issue] = []
    number = file_position
    element, component = characters.element, characters.component
    pieces = chunk.split(characters.segment)
    last = pieces.pop()
    for piece in pieces:
        piece = piece.lstrip(" \r\n")
        if not piece:
            continue
        number += 1
        parts = piece.split(element)
        segments.append(
            Segment(parts[0].strip(), [_element(v, component) for v in parts[1:]], 0, number)
        )
    if last.strip(" \r\n\t\x00"):
        issues.append(_unexpected_end(number))
    return segments, issues


def tokenize_with_pydifact(
    chunk: str, characters: ServiceCharacters, file_position: int = 0
) -> tuple[list[Segment], list[Issue]]:
    """Segments of any part, release characters included, by pydifact's tokenizer."""
    tokens = TokenIterator(Tokenizer().get_tokens(chunk, characters.as_pydifact()))
    segments: list[Segment] = []
    issues: list[Issue] = []
    number = file_position
    try:
        for raw in Parser().convert_tokens_to_raw_segments(tokens):
            if not raw:
                continue
            tag = raw[0] if isinstance(raw[0], str) else (raw[0][0] if raw[0] else "")
            number += 1
            segments.append(Segment(tag.strip(), raw[1:], 0, number))
    except Exception as exc:  # pydifact raises EDISyntaxError, and others on odd input
        issues.append(
            Issue(
                code="syntax_error",
                message=f"EDIFACT syntax error after segment {number}: {exc}",
                file_position=number + 1,
            )
        )
    return segments, issues
