"""platform.pyi and platform.py agree: the same public methods on Platform, AsyncPlatform,
Authorizer and AsyncAuthorizer, the same parameters and defaults-or-not, coroutines where the
runtime has them; every operation of the registry is declared on exactly one of the two
surfaces (platform or authorizer) or is one of the three token calls the driver manages."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import wxopen
from wxopen.client import MANAGED_OPERATIONS, REQUIRED

STUB = Path(wxopen.__file__).with_name("platform.pyi")
CLASSES = (wxopen.Platform, wxopen.AsyncPlatform, wxopen.Authorizer, wxopen.AsyncAuthorizer)


def stub_classes() -> dict[str, ast.ClassDef]:
    tree = ast.parse(STUB.read_text("utf-8"))
    return {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}


def stub_methods(name: str) -> dict[str, tuple[list[tuple[str, bool]], bool, bool]]:
    """name -> ([(param, has_default)], is_async, returns_awaitable) of the stub's methods."""
    out: dict[str, tuple[list[tuple[str, bool]], bool, bool]] = {}
    for fn in stub_classes()[name].body:
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) or fn.name.startswith("_"):
            continue
        a = fn.args
        positional = [(x.arg, False) for x in a.args]
        defaults = len(a.defaults)
        if defaults:
            positional[-defaults:] = [(n, True) for n, _ in positional[-defaults:]]
        kwonly = [(x.arg, d is not None) for x, d in zip(a.kwonlyargs, a.kw_defaults)]
        awaitable = fn.returns is not None and ast.unparse(fn.returns).startswith("Awaitable")
        out[fn.name] = (positional + kwonly, isinstance(fn, ast.AsyncFunctionDef), awaitable)
    return out


def runtime_methods(cls: type) -> dict[str, tuple[list[tuple[str, bool]], bool]]:
    out = {}
    for name, member in inspect.getmembers(cls):
        if name.startswith("_") or not callable(member):
            continue
        sig = inspect.signature(member)
        params = [
            (p.name, p.default is not inspect.Parameter.empty and p.default is not REQUIRED)
            for p in sig.parameters.values()
        ]
        if not isinstance(inspect.getattr_static(cls, name), staticmethod):
            params = params if params and params[0][0] == "self" else [("self", False), *params]
        out[name] = (params, inspect.iscoroutinefunction(member))
    return out


def test_stubs_match_runtime() -> None:
    for cls in CLASSES:
        stubs = stub_methods(cls.__name__)
        runtime = runtime_methods(cls)
        assert set(stubs) == set(runtime), cls.__name__
        attributes = {
            n.target.id
            for n in stub_classes()[cls.__name__].body
            if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)
        }
        properties = {
            n
            for n, m in inspect.getmembers(cls)
            if not n.startswith("_") and isinstance(inspect.getattr_static(cls, n), property)
        }
        assert attributes == properties | ({"appid"} if "Authorizer" in cls.__name__ else set())
        for name, (params, is_async) in runtime.items():
            stub_params, stub_async, stub_awaitable = stubs[name]
            if name == "default_policy":
                params = [p for p in params if p[0] != "self"]
            assert stub_params == params, (cls.__name__, name)
            if cls.__name__.startswith("Async") and not name.endswith("_url"):
                if name not in ("authorizer", "clear_cache", "default_policy"):
                    assert is_async or stub_awaitable, (cls.__name__, name)
                    assert stub_async or stub_awaitable, (cls.__name__, name)
            else:
                assert not stub_async and not stub_awaitable, (cls.__name__, name)


def test_every_operation_has_one_home() -> None:
    platform, authorizer = stub_methods("Platform"), stub_methods("Authorizer")
    for op in wxopen.operations():
        homes = [op["python"] in platform, op["python"] in authorizer]
        if op["name"] in MANAGED_OPERATIONS:
            assert homes == [False, False], op["name"]
        else:
            assert homes.count(True) == 1, op["name"]
            assert homes[1] == (op["token"] == "authorizer"), op["name"]


def test_the_generated_blocks_are_marked() -> None:
    text = STUB.read_text("utf-8")
    for cls in CLASSES:
        name = cls.__name__
        assert text.count(f"# <generated:ops {name}>") == 1, name
        assert text.count(f"# </generated:ops {name}>") == 1, name


def test_registrations_return_their_task_on_the_platform() -> None:
    """The registration creates (the core's ``task_kind``) are declared to return a
    ``Registration`` (a result with ``.task``) on the platform surfaces, as the runtime does."""
    creates = {op["python"] for op in wxopen.operations() if op["task_kind"]}
    assert len(creates) == 6
    for cls in CLASSES:
        for fn in stub_classes()[cls.__name__].body:
            if not isinstance(fn, ast.FunctionDef) or fn.name not in creates:
                continue
            assert fn.returns is not None
            returns = ast.unparse(fn.returns)
            name = returns.removeprefix("Awaitable[").removesuffix("]")
            assert issubclass(getattr(wxopen, name), wxopen.Registration), (cls, fn.name)
    declared = {
        fn.name
        for cls in CLASSES
        for fn in stub_classes()[cls.__name__].body
        if isinstance(fn, ast.FunctionDef)
    }
    assert creates <= declared
