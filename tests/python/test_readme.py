"""README.md's table of operations is exactly what scripts/ops_table.py generates."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import wxopen

ROOT = Path(__file__).resolve().parent.parent.parent
README = ROOT / "README.md"


def ops_table() -> Any:
    spec = importlib.util.spec_from_file_location("ops_table", ROOT / "scripts" / "ops_table.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_carries_exactly_the_generated_table() -> None:
    script = ops_table()
    text = README.read_text("utf-8")
    assert text.count(script.START) == 1 and text.count(script.END) == 1
    between = text[text.index(script.START) : text.index(script.END) + len(script.END)]
    assert between == script.block(), "README drifted: run python scripts/ops_table.py --write"


def test_table_lists_every_operation_once_in_the_operations_section() -> None:
    text = README.read_text("utf-8")
    section = text[text.index("## Operations\n") : text.index("\n## ", text.index("## Operations"))]
    assert text.index("## Quick start") < text.index("## Operations")
    rows = [line for line in section.splitlines() if line.startswith("| ")][1:]
    ops = wxopen.operations()
    assert len(rows) == len(ops)
    for line, op in zip(rows, ops):
        assert f"`{op['name']}`" in line and f"`{op['python']}`" in line and f"`{op['js']}`" in line
        assert ("**deprecated**" in line) == op["deprecated"], line
