"""Walk UNB/UNG/UNH envelopes, check UNT/UNE/UNZ counts and references, cut out messages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from supplychain_edi.document import RawDocument
from supplychain_edi.edifact.tokenizer import split_edifact
from supplychain_edi.envelope_fields import edi_party, group_envelope, interchange_envelope
from supplychain_edi.segments import Issue, Segment
from supplychain_edi.values import date_value
from supplychain_edi.x12.envelope import _count_matches, _issue, _same_number


def message_version(unh: Segment) -> str:
    """UNH S009 version + release as the directory name: D:96A -> D96A."""
    return f"{unh.component(2, 2)}{unh.component(2, 3)}".upper()


def read_edifact(text: str, source: str | None = None) -> Iterator[RawDocument]:
    for part in split_edifact(text):
        yield from _walk(part.segments, part.issues, source)


def _interchange(unb: Segment) -> dict[str, Any]:
    test = unb.get(11)
    envelope = interchange_envelope(
        dialect="EDIFACT",
        sender=edi_party(unb.component(2, 2), unb.component(2, 1), "EDIFACT"),
        receiver=edi_party(unb.component(3, 2), unb.component(3, 1), "EDIFACT"),
        control_number=unb.get(5).strip(),
        date=date_value(unb.component(4, 1), unb.component(4, 2)),
        usage_code="T" if test == "1" else "P",
        syntax_version=":".join(c for c in unb.components(1) if c),
    )
    return envelope


def _walk(
    segments: list[Segment], tokenizer_issues: list[Issue], source: str | None
) -> Iterator[RawDocument]:
    documents: list[RawDocument] = []
    envelope: dict[str, Any] | None = None
    interchange_documents: list[RawDocument] = []
    group: dict[str, Any] | None = None
    group_count = 0
    group_message_count = 0
    message_count = 0
    current: list[Segment] | None = None
    stray: list[Issue] = []

    def close(body: list[Segment], unt: Segment | None) -> RawDocument:
        unh = body[0]
        env = dict(envelope or _interchange(Segment("UNB", [])))
        env["group"] = group
        env["group_control_number"] = group["control_number"] if group else None
        env["set_control_number"] = unh.get(1).strip()
        document = RawDocument(
            dialect="EDIFACT",
            set_code=unh.get(2).strip().upper(),
            version=message_version(unh),
            envelope=env,
            segments=body,
            warnings=[],
            source=source,
        )
        if envelope is None:
            document.warnings.append(
                _issue("interchange_header_missing", "message outside UNB", unh)
            )
        if unt is None:
            document.fatal = _issue(
                "message_trailer_missing",
                f"message {unh.get(1)} has no UNT trailer (the message is truncated)",
                body[-1],
            )
            return document
        if not _count_matches(unt.get(1), len(body)):
            document.warnings.append(
                _issue(
                    "segment_count_mismatch",
                    f"UNT says {unt.get(1)!r} segments, the message has {len(body)}",
                    unt,
                    "UNT01",
                )
            )
        if unt.get(2).strip() != unh.get(1).strip():
            document.warnings.append(
                _issue(
                    "message_reference_mismatch",
                    f"UNT reference {unt.get(2)!r} does not match UNH {unh.get(1)!r}",
                    unt,
                    "UNT02",
                )
            )
        return document

    def finish_interchange(unz: Segment | None) -> None:
        nonlocal interchange_documents
        issues: list[Issue] = []
        if envelope is not None and unz is None:
            issues.append(
                _issue("interchange_trailer_missing", "interchange has no UNZ trailer", None)
            )
        elif envelope is not None and unz is not None:
            expected = group_count if group_count else message_count
            if not _count_matches(unz.get(1), expected):
                issues.append(
                    _issue(
                        "message_count_mismatch",
                        f"UNZ says {unz.get(1)!r}, the interchange has {expected}",
                        unz,
                        "UNZ01",
                    )
                )
            if not _same_number(unz.get(2), envelope["interchange_control_number"]):
                issues.append(
                    _issue(
                        "interchange_control_number_mismatch",
                        f"UNZ reference {unz.get(2)!r} does not match UNB "
                        f"{envelope['interchange_control_number']!r}",
                        unz,
                        "UNZ02",
                    )
                )
        for document in interchange_documents:
            document.warnings.extend(issues)
        documents.extend(interchange_documents)
        interchange_documents = []

    for segment in segments:
        tag = segment.tag
        if current is not None:
            if tag == "UNT":
                segment.position = len(current) + 1
                current.append(segment)
                interchange_documents.append(close(current, segment))
                current = None
                continue
            if tag not in ("UNH", "UNB", "UNZ", "UNG", "UNE"):
                segment.position = len(current) + 1
                current.append(segment)
                continue
            interchange_documents.append(close(current, None))
            current = None
        if tag == "UNH":
            message_count += 1
            group_message_count += 1
            segment.position = 1
            current = [segment]
        elif tag == "UNB":
            if envelope is not None:
                finish_interchange(None)
            envelope = _interchange(segment)
            group_count = message_count = 0
        elif tag == "UNZ":
            finish_interchange(segment)
            envelope = None
        elif tag == "UNG":
            group_count += 1
            group_message_count = 0
            group = group_envelope(
                functional_id=segment.get(1),
                control_number=segment.get(5).strip(),
                application_sender=segment.get(2).strip(),
                application_receiver=segment.get(3).strip(),
                date=date_value(segment.component(4, 1), segment.component(4, 2)),
                version=f"{segment.component(6, 1)}{segment.component(6, 2)}",
            )
        elif tag == "UNE":
            if group is not None and not _count_matches(segment.get(1), group_message_count):
                issue = _issue(
                    "message_count_mismatch",
                    f"UNE says {segment.get(1)!r}, the group has {group_message_count}",
                    segment,
                    "UNE01",
                )
                for document in interchange_documents:
                    if document.envelope.get("group") is group:
                        document.warnings.append(issue)
            group = None
        else:
            stray.append(
                _issue("unexpected_segment", f"segment {tag!r} outside a message", segment)
            )
    if current is not None:
        interchange_documents.append(close(current, None))
    if envelope is not None or interchange_documents:
        finish_interchange(None if envelope is not None else Segment("UNZ", []))
    for document in documents:
        document.warnings.extend(tokenizer_issues)
        document.warnings.extend(stray)
    if not documents:
        issues = tokenizer_issues + stray
        yield RawDocument(
            dialect="EDIFACT",
            set_code="",
            version="",
            envelope=dict(_interchange(Segment("UNB", []))),
            segments=[],
            warnings=issues,
            fatal=issues[0]
            if issues
            else _issue("empty_interchange", "interchange holds no message", None),
            source=source,
        )
        return
    yield from documents
