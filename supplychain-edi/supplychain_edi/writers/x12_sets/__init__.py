"""X12 transaction-set bodies (ST and SE excluded), one writer per set, from normalised records.

Each writer emits what its reader reads, so a record written and read back is the
same record (tests/test_writing.py holds them to that).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from supplychain_edi.writers.x12_sets.advice import write_824, write_997, write_999
from supplychain_edi.writers.x12_sets.common import Segments
from supplychain_edi.writers.x12_sets.inventory import write_846, write_852
from supplychain_edi.writers.x12_sets.invoicing import write_810
from supplychain_edi.writers.x12_sets.orders import write_850, write_855, write_870
from supplychain_edi.writers.x12_sets.planning import write_830
from supplychain_edi.writers.x12_sets.returns import write_180
from supplychain_edi.writers.x12_sets.shipping import write_214, write_856

SET_WRITERS: dict[str, Callable[[Mapping[str, Any], str], Segments]] = {
    "850": write_850,
    "855": write_855,
    "856": write_856,
    "810": write_810,
    "846": write_846,
    "852": write_852,
    "830": write_830,
    "870": write_870,
    "214": write_214,
    "824": write_824,
    "997": write_997,
    "999": write_999,
    "180": write_180,
}
