"""The tap's Singer message writer: the SDK's msgspec writer, with less copying."""

from __future__ import annotations

import dataclasses
import datetime
import sys
from typing import TYPE_CHECKING, Any

from singer_sdk.contrib.msgspec import MsgSpecWriter, serialize_jsonl
from singer_sdk.singerlib import SchemaMessage, StateMessage
from typing_extensions import override

if TYPE_CHECKING:
    from singer_sdk.singerlib.encoding.simple import Message


class SingerWriter(MsgSpecWriter):
    """The SDK's msgspec writer, without a deep copy of each SCHEMA and STATE message first.

    (And with `write_record`, for the records the mailbox streams write themselves.)

    The SDK turns those messages into dicts with `dataclasses.asdict`, which copies everything
    they carry: the mailbox state holds thousands of file entries, and every stream's sync ends
    with a STATE message. Both hold only plain JSON values, so the bytes written are the same.
    """

    @override
    def serialize_message(self, message: Message) -> bytearray:
        if isinstance(message, (SchemaMessage, StateMessage)):
            return serialize_jsonl(_shallow_dict(message))
        return super().serialize_message(message)

    def write_record(self, stream: str, record: Any, version: int | None) -> None:
        """Write a RECORD message extracted now, as `write_message(RecordMessage(...))` would.

        The same dict `RecordMessage.to_dict()` makes, written the same way, without the
        message object: building it costs as much as writing a record the mailbox spooled.
        """
        message: dict[str, Any] = {"type": "RECORD", "stream": stream, "record": record}
        if version is not None:
            message["version"] = version
        message["time_extracted"] = datetime.datetime.now(datetime.UTC)
        sys.stdout.buffer.write(serialize_jsonl(message))
        sys.stdout.flush()


def _shallow_dict(message: Message) -> dict[str, Any]:
    """What `message.to_dict()` gives (its fields in order, None left out), sharing the values."""
    pairs = ((field.name, getattr(message, field.name)) for field in dataclasses.fields(message))
    return {name: value for name, value in pairs if value is not None}
