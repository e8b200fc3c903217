"""Braze Currents as Avro files in a local folder, in Currents' storage layout (reference §7).

Layout under the Currents root:
  dataexport.<cluster>.<conn>.integration.<id>/event_type=<type>/date=<YYYY-MM-DD-HH>/<schema-id>/
  <zone>/dataexport.<cluster>.<conn>.integration.<id>+<partition>+<offset>.avro
Field lists follow the `Appboy/currents-examples` schemas; optional fields are nullable unions.
"""

from __future__ import annotations

import functools
import hashlib
import json
import random
import threading
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import fastavro

from grid_braze_sandbox.braze.config import BrazeConfig

COMMON_FIELDS: list[tuple[str, str]] = [
    ("id", "string"),
    ("user_id", "string"),
    ("external_user_id", "?string"),
    ("time", "int"),
    ("app_group_id", "?string"),
    ("timezone", "?string"),
]
MESSAGE_FIELDS: list[tuple[str, str]] = [
    ("campaign_id", "?string"),
    ("campaign_name", "?string"),
    ("message_variation_id", "?string"),
    ("message_variation_name", "?string"),
    ("canvas_id", "?string"),
    ("canvas_name", "?string"),
    ("canvas_variation_id", "?string"),
    ("canvas_variation_name", "?string"),
    ("canvas_step_id", "?string"),
    ("canvas_step_name", "?string"),
    ("send_id", "?string"),
    ("dispatch_id", "?string"),
]
EMAIL_FIELDS: list[tuple[str, str]] = [
    ("email_address", "string"),
    ("ip_pool", "?string"),
    ("esp", "?string"),
    ("from_domain", "?string"),
]
DEVICE_FIELDS: list[tuple[str, str]] = [
    ("app_id", "?string"),
    ("platform", "?string"),
    ("os_version", "?string"),
    ("device_model", "?string"),
    ("device_id", "?string"),
    ("ad_id", "?string"),
    ("ad_id_type", "?string"),
    ("ad_tracking_enabled", "?boolean"),
]

EVENT_FIELDS: dict[str, list[tuple[str, str]]] = {
    "users.messages.email.Send": MESSAGE_FIELDS + EMAIL_FIELDS,
    "users.messages.email.Delivery": [*MESSAGE_FIELDS, *EMAIL_FIELDS, ("sending_ip", "?string")],
    "users.messages.email.Open": [
        *MESSAGE_FIELDS,
        *EMAIL_FIELDS,
        ("user_agent", "?string"),
        ("machine_open", "?string"),
        ("is_amp", "?boolean"),
        ("device_class", "?string"),
        ("device_os", "?string"),
        ("browser", "?string"),
        ("mailbox_provider", "?string"),
    ],
    "users.messages.email.Click": [
        *MESSAGE_FIELDS,
        *EMAIL_FIELDS,
        ("url", "?string"),
        ("link_id", "?string"),
        ("link_alias", "?string"),
        ("user_agent", "?string"),
        ("is_amp", "?boolean"),
        ("device_class", "?string"),
        ("device_os", "?string"),
        ("browser", "?string"),
        ("mailbox_provider", "?string"),
        ("is_suspected_bot_click", "?boolean"),
        ("suspected_bot_click_reason", "?array"),
    ],
    "users.messages.email.Bounce": [
        *MESSAGE_FIELDS,
        *EMAIL_FIELDS,
        ("bounce_reason", "?string"),
        ("sending_ip", "?string"),
        ("is_drop", "?boolean"),
    ],
    "users.messages.email.Unsubscribe": MESSAGE_FIELDS + EMAIL_FIELDS,
    "users.messages.pushnotification.Send": [
        *MESSAGE_FIELDS,
        ("app_id", "?string"),
        ("platform", "?string"),
        ("push_token", "?string"),
    ],
    "users.messages.pushnotification.Open": [
        *MESSAGE_FIELDS,
        ("app_id", "?string"),
        ("platform", "?string"),
        ("push_token", "?string"),
        ("button_action_type", "?string"),
        ("button_string", "?string"),
    ],
    "users.messages.sms.Send": [
        *MESSAGE_FIELDS,
        ("to_phone_number", "?string"),
        ("subscription_group_id", "?string"),
    ],
    "users.messages.sms.Delivery": [
        *MESSAGE_FIELDS,
        ("to_phone_number", "?string"),
        ("from_phone_number", "?string"),
        ("subscription_group_id", "?string"),
    ],
    "users.campaigns.Conversion": [
        ("campaign_id", "string"),
        ("campaign_name", "?string"),
        ("message_variation_id", "?string"),
        ("message_variation_name", "?string"),
        ("send_id", "?string"),
        ("conversion_behavior_index", "?int"),
        ("conversion_behavior", "?string"),
        ("app_id", "?string"),
    ],
    "users.canvas.Entry": [
        ("canvas_id", "string"),
        ("canvas_name", "?string"),
        ("canvas_variation_id", "?string"),
        ("canvas_variation_name", "?string"),
        ("canvas_step_id", "?string"),
        ("in_control_group", "boolean"),
    ],
    "users.behaviors.CustomEvent": [("name", "string"), ("properties", "string"), *DEVICE_FIELDS],
    "users.behaviors.Purchase": [
        ("product_id", "string"),
        ("price", "double"),
        ("currency", "string"),
        ("properties", "string"),
        *DEVICE_FIELDS,
    ],
    "users.behaviors.subscriptiongroup.StateChange": [
        ("subscription_group_id", "string"),
        ("subscription_status", "string"),
        ("email_address", "?string"),
        ("phone_number", "?string"),
        ("channel", "?string"),
        ("state_change_source", "?string"),
        ("app_id", "?string"),
        ("campaign_id", "?string"),
        ("campaign_name", "?string"),
        ("canvas_id", "?string"),
        ("canvas_name", "?string"),
    ],
}

SCHEMA_ID = 1  # Braze bumps this integer on every schema change of an event type.


def _avro_type(spec: str) -> Any:
    nullable = spec.startswith("?")
    base = spec.lstrip("?")
    avro: Any = {"type": "array", "items": "string"} if base == "array" else base
    return ["null", avro] if nullable else avro


def avro_schema(event_type: str, connection: str) -> dict[str, Any]:
    namespace, _, record = event_type.rpartition(".")
    fields = []
    seen: set[str] = set()
    for name, spec in COMMON_FIELDS + EVENT_FIELDS[event_type]:
        if name in seen:
            continue
        seen.add(name)
        field: dict[str, Any] = {"name": name, "type": _avro_type(spec)}
        if spec.startswith("?"):
            field["default"] = None
        fields.append(field)
    return {
        "type": "record",
        "name": record,
        "namespace": f"dataexport.{connection}.inner.{namespace}",
        "fields": fields,
    }


class CurrentsWriter:
    """Buffers Currents events and writes them as Avro files, one file per type and hour."""

    def __init__(self, root: Path, config: BrazeConfig) -> None:
        self.root = root
        self._config = config
        self._lock = threading.Lock()
        # Per event type: (hour the event was queued, record, whether it is a redelivery).
        self._buffer: dict[str, list[tuple[str, dict[str, Any], bool]]] = defaultdict(list)
        self._duplicates = random.Random(config.seed + 2)
        self._offsets: dict[str, int] = defaultdict(int)
        self._parsed = {
            event_type: fastavro.parse_schema(avro_schema(event_type, config.currents_connection))
            for event_type in EVENT_FIELDS
        }

    @property
    def integration_folder(self) -> str:
        config = self._config
        return (
            f"dataexport.{config.currents_cluster}.{config.currents_connection}"
            f".integration.{config.currents_integration_id}"
        )

    def emit(self, event_type: str, event: dict[str, Any], queued_at: datetime) -> None:
        """Buffer an event. Its folder is the hour it was queued, not the hour it happened, so an
        event sent late (an old `time` in /users/track) lands in a later folder, as in Currents."""
        if event_type not in EVENT_FIELDS:
            raise KeyError(event_type)
        hour = _hour_folder(queued_at)
        with self._lock:
            self._buffer[event_type].append((hour, event, False))
            full = len(self._buffer[event_type]) >= self._config.currents_events_per_file
        if full:
            self.flush()

    def pending(self) -> int:
        with self._lock:
            return sum(len(events) for events in self._buffer.values())

    def flush(self) -> list[Path]:
        """Write every buffered event; Currents never writes empty files, neither does this."""
        with self._lock:
            buffered, self._buffer = self._buffer, defaultdict(list)
            written: list[Path] = []
            rate = self._config.currents_duplicate_rate
            for event_type, events in sorted(buffered.items()):
                by_hour: dict[str, list[dict[str, Any]]] = defaultdict(list)
                for hour, event, redelivery in events:
                    by_hour[hour].append(event)
                    # Currents delivers at least once: some events come again in a later file.
                    if not redelivery and rate > 0 and self._duplicates.random() < rate:
                        self._buffer[event_type].append((hour, dict(event), True))
                for hour, records in sorted(by_hour.items()):
                    written.append(self._write(event_type, hour, records))
            return written

    def _write(self, event_type: str, hour: str, records: list[dict[str, Any]]) -> Path:
        folder = (
            self.root
            / self.integration_folder
            / f"event_type={event_type}"
            / f"date={hour}"
            / str(SCHEMA_ID)
            / self._config.currents_zone
        )
        folder.mkdir(parents=True, exist_ok=True)
        offset = self._offsets[event_type]
        self._offsets[event_type] += len(records)
        path = folder / f"{self.integration_folder}+0+{offset}.avro"
        partial = path.with_suffix(".avro.partial")
        # Readers list the folder while files are written: a rename makes each file appear whole.
        # Avro's sync marker is random by default; deriving it makes the same seed give
        # byte-identical files, which reproducible scenarios rely on.
        marker = hashlib.sha256(f"{self._config.seed}:{event_type}:{offset}".encode()).digest()[:16]
        with partial.open("wb") as handle:
            fastavro.writer(handle, self._parsed[event_type], records, sync_marker=marker)
        partial.replace(path)
        return path


# `json.dumps` with options builds a new encoder on every call; /users/track encodes the
# properties of every event and purchase, so one encoder serves them all (same output).
_PROPERTIES_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"))


def properties_json(properties: dict[str, Any] | None) -> str:
    """Currents carries event properties as a JSON-encoded string."""
    return _PROPERTIES_ENCODER.encode(properties or {})


@functools.lru_cache(maxsize=256)
def _hour_folder(queued_at: datetime) -> str:
    """The `date=` folder of an event queued at this moment. The simulated clock stands still
    between moves, so a burst of events shares one moment and this is worked out once."""
    return queued_at.astimezone(UTC).strftime("%Y-%m-%d-%H")
