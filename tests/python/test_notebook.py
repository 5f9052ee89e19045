"""examples/notebook.ipynb, executed cell by cell with nbclient in an ipykernel of this venv
(a kernel spec registered in a temporary prefix; Jupyter's and IPython's directories kept
there too; no network). Its outputs are checked: the trial registration's task settles as
``succeeded`` and the progress display ends on it, the events, the ApiError and the task list
render as HTML tables, and no output of any cell — text or HTML — holds a credential of the run
(read from the platform's store, the pushes and the sandbox before the last cell cleans up).
The committed notebook has its outputs cleared."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[2] / "examples" / "notebook.ipynb"
KERNEL = "wxopen-notebook-test"

# Run in the kernel before the clean-up cell: every credential the run produced, as JSON.
PROBE = """
import json as _json, sqlite3 as _sqlite3
_secrets = [sb.secret, sb.token, sb.encoding_aes_key]
for _e in events:
    for _name in ("ticket", "authorization_code", "pre_auth_code"):
        if isinstance(_e, wxopen.Event) and _name in _e and _e[_name]:
            _secrets.append(_e[_name])
_db = _sqlite3.connect(platform.store.path)
for (_value,) in _db.execute(f"SELECT value FROM {platform.store.table}"):
    _record = _json.loads(_value)
    if isinstance(_record, dict):
        _secrets += [
            v for k, v in _record.items()
            if wxopen.is_secret_field(k) and isinstance(v, str) and v
        ]
_db.close()
print(_json.dumps(_secrets))
"""


def outputs_text(cell: Any) -> str:
    """Everything a cell showed: streams, text/plain and text/html of results and displays."""
    parts = []
    for out in cell.get("outputs", []):
        if out["output_type"] == "stream":
            parts.append(out["text"])
        elif out["output_type"] == "error":
            parts.append("\n".join(out["traceback"]))
        else:
            data = out.get("data", {})
            parts += [data.get("text/plain", ""), data.get("text/html", "")]
    return "\n".join(parts)


def html_of(cell: Any) -> str:
    return "".join(o.get("data", {}).get("text/html", "") for o in cell.get("outputs", []))


def source_index(nb: Any, text: str) -> int:
    found = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and text in c.source]
    assert len(found) == 1, (text, found)
    return found[0]


@pytest.fixture
def kernel_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A kernel spec for this venv's Python in a temporary prefix, found through
    JUPYTER_PATH; Jupyter's and IPython's own directories under tmp_path."""
    prefix = tmp_path / "jupyter"
    subprocess.run(
        [sys.executable, "-m", "ipykernel", "install", "--prefix", str(prefix), "--name", KERNEL],
        check=True,
        capture_output=True,
    )
    monkeypatch.setenv("JUPYTER_PATH", str(prefix / "share" / "jupyter"))
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    # The kernel finds wxopen-sandbox beside this Python (testing.find_binary).
    monkeypatch.delenv("WXOPEN_SANDBOX_BIN", raising=False)


def test_the_committed_notebook_has_no_outputs() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


@pytest.mark.usefixtures("kernel_env")
def test_the_notebook_runs_and_shows_what_it_says() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    cleanup = source_index(nb, "sb.stop()")
    client = NotebookClient(
        nb, kernel_name=KERNEL, timeout=120, resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    )
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells[:cleanup]):
            client.execute_cell(cell, index)
        last = nb.cells[cleanup]
        probe = nbformat.v4.new_code_cell(PROBE)
        client.execute_cell(probe, cleanup)  # in the clean-up cell's place, for a moment
        secrets = json.loads("".join(o["text"] for o in probe.outputs if o.get("name") == "stdout"))
        client.execute_cell(last, cleanup)

    code = [c for c in nb.cells if c.cell_type == "code"]
    for cell in code:
        assert not [o for o in cell.outputs if o["output_type"] == "error"], cell.source[:80]

    # The wait: its progress display ended on the settled task's table.
    wait = nb.cells[source_index(nb, "tasks.wait(")]
    shown = html_of(wait)
    assert (
        "Task beta:" in shown
        and "succeeded" in shown
        and "waiting" not in shown.split("</caption>")[0]
    )
    # The state cell shows 'succeeded'; the task has the new appid and its authorization.
    state = nb.cells[source_index(nb, "task.state")]
    assert state.outputs[0]["data"]["text/plain"] == "'succeeded'"
    summary = outputs_text(nb.cells[source_index(nb, "task.appid, task.authorized")])
    assert "succeeded appid wx" in summary and "True)" in summary

    # Results, events, the error and the task list are tables.
    assert "<table" in html_of(nb.cells[source_index(nb, "reg = platform.register_beta(")])
    for kind in ("ComponentVerifyTicket", "FastRegisterBeta", "Authorized"):
        assert f">{kind}</caption>" in html_of(nb.cells[source_index(nb, f"wxopen.{kind})")])
    error = html_of(nb.cells[source_index(nb, "except wxopen.ApiError")])
    assert "ApiError" in error and "86011" in error and "hint" in error
    listed = html_of(nb.cells[source_index(nb, "platform.tasks.list()")])
    assert "1 task<" in listed and "succeeded" in listed

    # No credential of the run in any output.
    assert len(secrets) >= 6, secrets  # secret, token, AES key, ticket, code, tokens
    everything = "\n".join(outputs_text(c) for c in code)
    leaked = [s for s in secrets if len(s) >= 6 and s in everything]
    assert leaked == []
