"""client.pyi and client.py agree: same methods, same parameters (stubs checked for drift)."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import wxopen

STUB = Path(wxopen.__file__).with_name("client.pyi")


def stub_methods(class_name: str) -> dict[str, list[str]]:
    tree = ast.parse(STUB.read_text("utf-8"))
    (cls,) = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == class_name]
    out = {}
    for fn in cls.body:
        if isinstance(fn, ast.FunctionDef) and not fn.name.startswith("_"):
            a = fn.args
            out[fn.name] = [x.arg for x in a.args + a.kwonlyargs]
    return out


def runtime_methods(cls: type) -> dict[str, list[str]]:
    out = {}
    for name, fn in inspect.getmembers(cls, inspect.isfunction):
        if not name.startswith("_"):
            out[name] = list(inspect.signature(fn).parameters)
    return out


def test_stubs_match_runtime() -> None:
    for cls in (wxopen.Client, wxopen.AsyncClient):
        assert stub_methods(cls.__name__) == runtime_methods(cls), cls.__name__


def test_stubs_cover_every_operation() -> None:
    stubbed = stub_methods("Client")
    for op in wxopen.operations():
        assert op["python"] in stubbed, op["name"]


def test_every_method_names_its_spec_section() -> None:
    for op in wxopen.operations():
        doc = inspect.getdoc(getattr(wxopen.Client, op["python"])) or ""
        assert f"§{op['section']}" in doc, (op["python"], op["section"], doc[:80])
