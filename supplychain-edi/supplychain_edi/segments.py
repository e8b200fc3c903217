"""One segment as both dialects' readers see it: a tag and positional elements."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Segment:
    """A segment with 1-based element access, the way implementation guides number them.

    X12 elements stay plain strings and are split into components only when a reader
    asks (most never do, which keeps tokenising cheap). EDIFACT elements arrive from
    pydifact already split, as a string or a list of components.
    """

    tag: str
    elements: list[str | list[str]]
    # 1-based ordinal within the transaction set (ST or UNH is 1). The X12 envelope walk
    # leaves it 0 inside a set's body (Warnings works it out from file_position when
    # asked), and sets it on ST and SE and where it reports an issue itself.
    position: int = 0
    file_position: int = 0  # 1-based ordinal within the file
    component_separator: str = ""

    def get(self, index: int) -> str:
        """Element `index` (1-based) as written, or the first component of an EDIFACT
        composite; '' if absent. X12 composites are split only by `component()`."""
        # The readers' hottest call: a try beats a bounds check when the element exists.
        if index < 1:
            return ""
        try:
            value = self.elements[index - 1]
        except IndexError:
            return ""
        if value.__class__ is str:
            return value  # type: ignore[return-value]
        return value[0] if value else ""

    def raw(self, index: int) -> str:
        """Element `index` exactly as written, composites included (X12 only)."""
        if index < 1 or index > len(self.elements):
            return ""
        value = self.elements[index - 1]
        return value if isinstance(value, str) else ":".join(value)

    def component(self, index: int, sub: int) -> str:
        """Component `sub` (1-based) of element `index`; '' if absent."""
        if index < 1 or index > len(self.elements):
            return ""
        value = self.elements[index - 1]
        if isinstance(value, str):
            if not self.component_separator:
                return value if sub == 1 else ""
            value = value.split(self.component_separator)
        return value[sub - 1] if 0 < sub <= len(value) else ""

    def components(self, index: int) -> list[str]:
        if index < 1 or index > len(self.elements):
            return []
        value = self.elements[index - 1]
        if isinstance(value, list):
            return list(value)
        if self.component_separator:
            return value.split(self.component_separator)
        return [value]

    def __len__(self) -> int:
        return len(self.elements)


@dataclass(slots=True)
class Issue:
    """Where and why a document deviates: the fields an AK3/AK4 or an APERAK needs."""

    code: str
    message: str
    segment: str | None = None
    position: int | None = None
    element: str | None = None
    file_position: int | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "message": self.message,
            "segment": self.segment,
            "position": self.position,
            "element": self.element,
            "file_position": self.file_position,
        }


class DocumentUnreadableError(Exception):
    """A reader gives up on one document; the caller turns it into an error record."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.message)
        self.issue = issue


@dataclass(slots=True)
class Warnings:
    """Collects lenient-reading warnings for one document."""

    items: list[Issue] = field(default_factory=list)
    # file_position of the segment before the set's first: a segment of the set whose
    # position the walk left at 0 is at file_position - origin.
    origin: int = 0

    def add(
        self, code: str, message: str, segment: Segment | None = None, element: str | None = None
    ) -> None:
        self.items.append(
            Issue(
                code=code,
                message=message,
                segment=segment.tag if segment else None,
                position=(segment.position or segment.file_position - self.origin)
                if segment
                else None,
                element=element,
                file_position=segment.file_position if segment else None,
            )
        )
