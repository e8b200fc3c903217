"""The check: per flow, the manifest's expected messages against what Braze and the Trading Grid
received.

Both sides are multisets of messages (messages.Message.identity), so a message sent twice, or
with one property different, shows as a difference; so does one that never arrived.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .dead_letters import DeadLetters
from .flows import FLOWS
from .messages import Message


@dataclass
class FlowResult:
    number: str
    title: str
    expected: int = 0
    delivered: int = 0  # received messages that the manifest expects
    dead_letters: int = 0
    in_doubt: int = 0
    missing: list[Message] = field(default_factory=list)
    unexpected: list[Message] = field(default_factory=list)
    samples: list[Message] = field(default_factory=list)

    @property
    def status(self) -> str:
        return "matches" if not (self.missing or self.unexpected) else "differs"

    @property
    def differs(self) -> bool:
        return self.status == "differs"


def check_flows(
    expected: list[Message], received: list[Message], dead: DeadLetters
) -> list[FlowResult]:
    results = []
    for flow in FLOWS:
        result = FlowResult(flow.number, flow.title)
        wanted = [m for m in expected if m.flow == flow.number]
        got = [m for m in received if m.flow == flow.number]
        result.expected = len(wanted)
        result.dead_letters = dead.refused.get(flow.number, 0)
        result.in_doubt = dead.in_doubt.get(flow.number, 0)
        result.missing, result.unexpected, matched = _compare(wanted, got)
        result.delivered = len(matched)
        result.samples = _one_per_stream(matched)
        results.append(result)
    return results


def _compare(
    wanted: list[Message], got: list[Message]
) -> tuple[list[Message], list[Message], list[Message]]:
    # Received messages are attributed to a flow by their campaign or stream; an expected
    # message of the same identity may carry another flow only if two flows share a campaign,
    # which DESIGN §10 rules out.
    remaining = Counter(m.identity for m in got)
    missing, matched_identities = [], Counter()
    for message in wanted:
        if remaining[message.identity] > 0:
            remaining[message.identity] -= 1
            matched_identities[message.identity] += 1
        else:
            missing.append(message)
    unexpected, matched, seen = [], [], Counter()
    for message in got:
        if seen[message.identity] < matched_identities[message.identity]:
            seen[message.identity] += 1
            matched.append(message)
        else:
            unexpected.append(message)
    return missing, unexpected, matched


def _one_per_stream(messages: list[Message]) -> list[Message]:
    samples: dict[str, Message] = {}
    for message in messages:
        samples.setdefault(message.stream, message)
    return list(samples.values())


def new_messages(after: list[Message], before: list[Message]) -> list[Message]:
    """The messages of `after` beyond those of `before` (a cumulative manifest's new rows)."""
    keys = {m.message_key for m in before}
    return [m for m in after if m.message_key not in keys]
