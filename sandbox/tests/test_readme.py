"""The README's in-process example runs as written."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def test_in_process_example_runs() -> None:
    section = README.read_text(encoding="utf-8").split("### In-process", 1)[1]
    example = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert example is not None
    exec(compile(example.group(1), str(README), "exec"), {})
