"""Split X12 text into interchanges and segments, using the separators each ISA declares.

A plain `str.split` tokenizer, chosen over pyx12's `X12Reader` after measuring both
(see README, "X12 tokenising"): the readers need every segment of every set, and
splitting on the declared separators is several times faster than a validating reader.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from supplychain_edi.segments import Issue, Segment

ISA_LENGTH = 106  # fixed width, terminator included


@dataclass(frozen=True, slots=True)
class Separators:
    element: str = "*"
    component: str = ">"
    segment: str = "~"
    repetition: str = ""


@dataclass(slots=True)
class InterchangeText:
    """The segments of one ISA..IEA interchange and what tokenising noticed."""

    separators: Separators
    segments: list[Segment]
    issues: list[Issue]
    start_offset: int
    first_file_position: int


def read_separators(text: str, offset: int = 0) -> tuple[Separators, list[Issue]]:
    """Separators from the ISA at `offset`: element at 3, component at 104, terminator at 105.

    A partner that pads ISA wrongly still declares its separators in order, so when
    the fixed-width reading does not hold up, the ISA is re-read by counting elements.
    """
    issues: list[Issue] = []
    element = text[offset + 3] if len(text) > offset + 3 else "*"
    fixed = text[offset : offset + ISA_LENGTH]
    if (
        len(fixed) == ISA_LENGTH
        and fixed.count(element) == 16
        and fixed[103] == element
        and not fixed[105].isalnum()
    ):
        component, segment = fixed[104], fixed[105]
        fields = fixed.split(element)
    else:
        fields = text[offset : offset + 400].split(element, 16)
        tail = fields[16] if len(fields) > 16 else ""
        component = tail[0] if tail else ">"
        segment = tail[1] if len(tail) > 1 else "~"
        issues.append(
            Issue(
                code="isa_not_fixed_width",
                message="ISA is not 106 characters wide; separators read by position",
                segment="ISA",
            )
        )
    repetition = ""
    if len(fields) > 12:
        version, candidate = fields[12], fields[11]
        # ISA11 became the repetition separator in 00402; before that it is "U".
        if version >= "00402" and len(candidate) == 1 and not candidate.isalnum():
            repetition = candidate
    return Separators(element, component, segment, repetition), issues


def find_interchange_starts(text: str) -> list[int]:
    """Offsets of each ISA that begins a segment (file start, or after whitespace/terminator)."""
    starts: list[int] = []
    index = text.find("ISA")
    while index != -1:
        if index == 0 or not text[index - 1].isalnum():
            starts.append(index)
        index = text.find("ISA", index + 3)
    return starts


def split_interchanges(text: str) -> Iterator[InterchangeText]:
    """Each interchange in the file, tokenised with its own separators."""
    starts = find_interchange_starts(text)
    file_position = 0
    for number, start in enumerate(starts):
        separators, issues = read_separators(text, start)
        end = starts[number + 1] if number + 1 < len(starts) else len(text)
        # No local keeps the segments: the envelope walk takes them over from the
        # InterchangeText, so that each set's segments go as soon as it has been read.
        interchange = InterchangeText(
            separators,
            tokenize(text[start:end], separators, file_position),
            issues,
            start,
            file_position,
        )
        # A file whose only "ISA" is data inside another segment gives nothing usable.
        file_position += len(interchange.segments)
        yield interchange


def tokenize(chunk: str, separators: Separators, file_position: int = 0) -> list[Segment]:
    """Segments of one interchange. Line breaks between segments are ignored."""
    element = separators.element
    component = separators.component
    if separators.segment not in "\r\n":
        # Translators wrap lines after (or inside) segments; X12 data never holds a line
        # break, so dropping them all at once is cheaper than stripping every segment.
        chunk = chunk.replace("\r", "").replace("\n", "")
    segments: list[Segment] = []
    append = segments.append
    number = file_position
    # Segment(tag, elements, 0, number, component), its fields set here: one segment per
    # line of X12, and the dataclass's __init__ call costs a quarter of making it.
    new = object.__new__
    for piece in chunk.split(separators.segment):
        if not piece or piece.isspace():
            continue
        if piece[0] in " \t\x00\r\n" or piece[-1] in "\t\x00\r\n":
            piece = piece.lstrip("\r\n \t\x00").rstrip("\r\n\t\x00")
            if not piece:
                continue
        number += 1
        elements = piece.split(element)
        segment = new(Segment)
        segment.tag = elements.pop(0)  # in place: no second list, as parts[1:] made
        segment.elements = elements
        segment.position = 0
        segment.file_position = number
        segment.component_separator = component
        append(segment)
    return segments
