"""Walk ISA/GS/ST envelopes, check their counts and control numbers, and cut out the sets."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from supplychain_edi.document import RawDocument
from supplychain_edi.envelope_fields import edi_party, group_envelope, interchange_envelope
from supplychain_edi.segments import Issue, Segment
from supplychain_edi.values import SharedCodes, date_value
from supplychain_edi.x12.tokenizer import InterchangeText, split_interchanges

# Tags that open or close a set, group or interchange; any other tag is a set's body.
_ENVELOPE_TAGS = frozenset({"ST", "SE", "GE", "IEA", "GS", "ISA"})


def _issue(code: str, message: str, segment: Segment | None, element: str | None = None) -> Issue:
    return Issue(
        code=code,
        message=message,
        segment=segment.tag if segment else None,
        position=segment.position if segment and segment.position else None,
        element=element,
        file_position=segment.file_position if segment else None,
    )


def _same_number(left: str, right: str) -> bool:
    # Control numbers are compared as numbers: "000000077" and "77" are the same one.
    left, right = left.strip(), right.strip()
    if left.isdigit() and right.isdigit():
        return int(left) == int(right)
    return left == right


def _count_matches(stated: str, actual: int) -> bool:
    stated = stated.strip()
    return stated.isdigit() and int(stated) == actual


def read_x12(text: str, source: str | None = None) -> Iterator[RawDocument]:
    """Every transaction set in every interchange of `text`."""
    for interchange in split_interchanges(text):
        yield from _walk_interchange(interchange, source)


def _walk_interchange(interchange: InterchangeText, source: str | None) -> Iterator[RawDocument]:
    # Taken over, not shared: once the walk is done, a set's segments are held by its
    # document alone and are freed as soon as it has been read (see the end).
    segments = interchange.segments
    interchange.segments = []
    isa = segments[0]
    envelope = interchange_envelope(
        dialect="X12",
        sender=edi_party(isa.get(5), isa.get(6), "X12"),
        receiver=edi_party(isa.get(7), isa.get(8), "X12"),
        control_number=isa.get(13).strip(),
        date=date_value(isa.get(9), isa.get(10)),
        usage_code=isa.get(15).strip(),
        syntax_version=isa.get(12).strip(),
    )
    interchange_issues = list(interchange.issues)
    if len(isa) < 16:
        interchange_issues.append(
            _issue("isa_incomplete", f"ISA has {len(isa)} elements, 16 expected", isa)
        )
    documents: list[RawDocument] = []
    codes = SharedCodes()
    group: dict[str, Any] | None = None
    group_documents: list[RawDocument] = []
    group_set_count = 0
    group_count = 0
    current: list[Segment] | None = None
    iea_seen: Segment | None = None
    stray: list[Issue] = []

    def open_document(st: Segment) -> list[Segment]:
        st.position = 1
        return [st]

    def close_document(body: list[Segment], se: Segment | None) -> RawDocument:
        st = body[0]
        env = dict(envelope)
        env["group"] = group
        env["group_control_number"] = group["control_number"] if group else None
        env["set_control_number"] = st.get(2).strip()
        document = RawDocument(
            dialect="X12",
            set_code=st.get(1).strip(),
            version=(group or {}).get("version") or envelope["syntax_version"],
            envelope=env,
            segments=body,
            warnings=list(interchange_issues),
            source=source,
            codes=codes,
        )
        if group is None:
            document.warnings.append(_issue("group_missing", "set outside a GS/GE group", st))
        if se is None:
            last = body[-1]
            last.position = len(body)
            document.fatal = _issue(
                "set_trailer_missing",
                f"transaction set {st.get(2)} has no SE trailer (the set is truncated)",
                last,
            )
            return document
        if not _count_matches(se.get(1), len(body)):
            document.warnings.append(
                _issue(
                    "segment_count_mismatch",
                    f"SE01 says {se.get(1)!r} segments, the set has {len(body)}",
                    se,
                    "SE01",
                )
            )
        if not _same_number(se.get(2), st.get(2)):
            document.warnings.append(
                _issue(
                    "set_control_number_mismatch",
                    f"SE02 {se.get(2)!r} does not match ST02 {st.get(2)!r}",
                    se,
                    "SE02",
                )
            )
        return document

    for index, segment in enumerate(segments[1:], 2):
        tag = segment.tag
        if current is not None:
            if tag not in _ENVELOPE_TAGS:
                # The body of a set, by far the most segments: tested first, in one lookup.
                # Its position is left to be worked out if a warning needs it (Warnings).
                current.append(segment)
                continue
            if tag == "SE":
                segment.position = len(current) + 1
                current.append(segment)
                document = close_document(current, segment)
                group_documents.append(document)
                current = None
                continue
            # A header or trailer arrived inside an open set: the set was cut off.
            group_documents.append(close_document(current, None))
            current = None
        if tag == "ST":
            group_set_count += 1
            current = open_document(segment)
        elif tag == "GS":
            if group is not None:
                stray.append(_issue("group_trailer_missing", "GS without a GE before it", segment))
                documents.extend(group_documents)
                group_documents = []
            group_count += 1
            group_set_count = 0
            group = group_envelope(
                functional_id=segment.get(1),
                control_number=segment.get(6).strip(),
                application_sender=segment.get(2).strip(),
                application_receiver=segment.get(3).strip(),
                date=date_value(segment.get(4), segment.get(5)),
                version=segment.get(8).strip(),
            )
        elif tag == "GE":
            if group is None:
                stray.append(_issue("unexpected_segment", "GE without a GS", segment))
                continue
            group_issues: list[Issue] = []
            if not _count_matches(segment.get(1), group_set_count):
                group_issues.append(
                    _issue(
                        "set_count_mismatch",
                        f"GE01 says {segment.get(1)!r} sets, the group has {group_set_count}",
                        segment,
                        "GE01",
                    )
                )
            if not _same_number(segment.get(2), group["control_number"]):
                group_issues.append(
                    _issue(
                        "group_control_number_mismatch",
                        f"GE02 {segment.get(2)!r} does not match GS06 {group['control_number']!r}",
                        segment,
                        "GE02",
                    )
                )
            for document in group_documents:
                document.warnings.extend(group_issues)
            documents.extend(group_documents)
            group_documents = []
            group = None
        elif tag == "IEA":
            iea_seen = segment
            trailing = segments[index:]
            if trailing:
                # Data after the IEA belongs to no interchange; say so rather than drop it.
                stray.append(
                    _issue(
                        "data_after_interchange",
                        f"{len(trailing)} segment(s) after IEA, starting with "
                        f"{trailing[0].tag[:10]!r}, were not read",
                        trailing[0],
                    )
                )
            break
        else:
            stray.append(
                _issue("unexpected_segment", f"segment {tag} outside a transaction set", segment)
            )
    if current is not None:
        group_documents.append(close_document(current, None))
    if group is not None:
        for document in group_documents:
            document.warnings.append(
                _issue("group_trailer_missing", "functional group has no GE trailer", None)
            )
    documents.extend(group_documents)

    trailer_issues: list[Issue] = []
    if iea_seen is None:
        trailer_issues.append(
            _issue("interchange_trailer_missing", "interchange has no IEA trailer", None)
        )
    else:
        if not _count_matches(iea_seen.get(1), group_count):
            trailer_issues.append(
                _issue(
                    "group_count_mismatch",
                    f"IEA01 says {iea_seen.get(1)!r} groups, the interchange has {group_count}",
                    iea_seen,
                    "IEA01",
                )
            )
        if not _same_number(iea_seen.get(2), envelope["interchange_control_number"]):
            trailer_issues.append(
                _issue(
                    "interchange_control_number_mismatch",
                    f"IEA02 {iea_seen.get(2)!r} does not match ISA13 "
                    f"{envelope['interchange_control_number']!r}",
                    iea_seen,
                    "IEA02",
                )
            )
    for document in documents:
        document.warnings.extend(stray)
        document.warnings.extend(trailer_issues)
    # Nothing here holds a set's segments any more but its document, and each document
    # is handed over and forgotten in turn: the memory of a set that has been read is
    # reused for the next one's record instead of the file's segments all staying alive.
    del segments, group_documents
    document = None  # type: ignore[assignment]
    if not documents:
        # An interchange with nothing readable in it is still reported, never dropped.
        yield RawDocument(
            dialect="X12",
            set_code="",
            version=envelope["syntax_version"],
            envelope=dict(envelope),
            segments=[],
            warnings=stray + trailer_issues,
            fatal=(
                stray + trailer_issues
                or [_issue("empty_interchange", "interchange holds no transaction set", isa)]
            )[0],
            source=source,
        )
        return
    documents.reverse()
    while documents:
        yield documents.pop()
