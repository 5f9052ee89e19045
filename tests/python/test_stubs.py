"""The stubs agree with the runtime and with the core's registry.

* client.pyi and client.py agree: same methods, same parameters;
* the generated regions of client.pyi, platform.pyi and index.d.ts are what scripts/gen_stubs.py
  makes from schema/operations.json (the core's registry), and generating twice changes nothing;
* each class declares exactly the agreed operations (Platform: component-token and token-less
  ones but the three token calls the driver manages; Authorizer: the authorizer-token ones);
* the result classes of results.py declare the fields, types and nested classes the core's
  output schemas give.
"""

from __future__ import annotations

import ast
import importlib.util
import inspect
import json
import sys
import typing
from pathlib import Path
from typing import Any, Optional

import wxopen
from wxopen import results

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "schema" / "operations.json").read_text("utf-8"))
OPS = SCHEMA["operations"]
DEFS = SCHEMA["$defs"]
PKG = ROOT / "bindings-py" / "python" / "wxopen"  # the stubs in the tree (the wheel ships them)
STUBS = {
    "Client": PKG / "client.pyi",
    "AsyncClient": PKG / "client.pyi",
    "Platform": PKG / "platform.pyi",
    "AsyncPlatform": PKG / "platform.pyi",
    "Authorizer": PKG / "platform.pyi",
    "AsyncAuthorizer": PKG / "platform.pyi",
}
# The token calls a platform driver manages itself (docs/driver.md §1): not Platform methods.
MANAGED = {"component.api_component_token", "component.authorizer_token", "component.query_auth"}


def load_generator() -> Any:
    spec = importlib.util.spec_from_file_location("gen_stubs", ROOT / "scripts" / "gen_stubs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_stubs"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def stub_class(class_name: str, path: Optional[Path] = None) -> ast.ClassDef:
    tree = ast.parse((path or STUBS[class_name]).read_text("utf-8"))
    (cls,) = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == class_name]
    return cls


def stub_methods(class_name: str, path: Optional[Path] = None) -> dict[str, list[str]]:
    """Each public method's parameter names; an optional one (with a default) ends in ``=``."""
    out = {}
    for fn in stub_class(class_name, path).body:
        if not isinstance(fn, ast.FunctionDef) or fn.name.startswith("_"):
            continue
        if any(ast.unparse(d) == "property" for d in fn.decorator_list):
            continue  # an attribute, not a method
        a = fn.args
        positional_defaults = [None] * (len(a.args) - len(a.defaults)) + list(a.defaults)
        out[fn.name] = [
            x.arg + ("=" if d is not None else "")
            for x, d in zip(a.args + a.kwonlyargs, positional_defaults + list(a.kw_defaults))
        ]
    return out


def runtime_methods(cls: type) -> dict[str, list[str]]:
    """The same for a runtime class: ``REQUIRED`` (the core reports a left-out argument) is no
    default."""
    out = {}
    for name, fn in inspect.getmembers(cls, inspect.isfunction):
        if not name.startswith("_"):
            out[name] = [
                p.name + ("=" if p.default not in (p.empty, wxopen.client.REQUIRED) else "")
                for p in inspect.signature(fn).parameters.values()
            ]
    return out


def test_stubs_match_runtime() -> None:
    # Every stubbed class the package has at run time (Platform and friends once they exist):
    # same methods, same parameters in the same order, the same ones optional.
    checked = []
    for name in STUBS:
        cls = getattr(wxopen, name, None)
        if isinstance(cls, type):
            assert stub_methods(name) == runtime_methods(cls), name
            checked.append(name)
    assert {"Client", "AsyncClient"} <= set(checked), checked


def test_stubs_cover_every_operation() -> None:
    stubbed = stub_methods("Client")
    for op in wxopen.operations():
        assert op["python"] in stubbed, op["name"]


def test_every_method_names_its_spec_section() -> None:
    for op in wxopen.operations():
        doc = inspect.getdoc(getattr(wxopen.Client, op["python"])) or ""
        assert f"§{op['section']}" in doc, (op["python"], op["section"], doc[:80])


def test_schema_lists_the_registry() -> None:
    """schema/operations.json is the registry this build of the core has."""
    keys = ("name", "section", "kind", "token", "path", "rust", "python", "js", "deprecated")
    assert [{k: op[k] for k in keys} for op in OPS] == [
        {k: op[k] for k in keys} for op in wxopen.operations()
    ]


def test_generated_regions_are_current_and_stable() -> None:
    gen = load_generator()
    paths = (gen.CLIENT_PYI, gen.PLATFORM_PYI, gen.INDEX_DTS)
    current = {p: p.read_text("utf-8") for p in paths}
    once = gen.generate(SCHEMA, current)
    stale = [str(p.relative_to(ROOT)) for p in paths if once[p] != current[p]]
    assert not stale, f"run python3 scripts/gen_stubs.py: {stale} out of date"
    assert gen.generate(SCHEMA, once) == once
    assert gen.main(["--check"]) == 0


def test_generator_refuses_a_missing_marker_or_result_class() -> None:
    gen = load_generator()
    paths = (gen.CLIENT_PYI, gen.PLATFORM_PYI, gen.INDEX_DTS)
    current = {p: p.read_text("utf-8") for p in paths}
    broken = dict(current)
    broken[gen.PLATFORM_PYI] = current[gen.PLATFORM_PYI].replace("# </generated:ops Platform>", "")
    try:
        gen.generate(SCHEMA, broken)
    except gen.GenerationError as e:
        assert "generated:ops Platform" in str(e)
    else:
        raise AssertionError("a missing closing marker was accepted")
    renamed = json.loads(json.dumps(SCHEMA))
    renamed["$defs"]["OpenAccountRenamed"] = renamed["$defs"].pop("OpenAccount")
    for op in renamed["operations"]:
        if op["output"].get("$ref") == "#/$defs/OpenAccount":
            op["output"]["$ref"] = "#/$defs/OpenAccountRenamed"
    try:
        gen.generate(renamed, current)
    except gen.GenerationError as e:
        assert "OpenAccountRenamed" in str(e)
    else:
        raise AssertionError("a result class results.py lacks was referenced")


def expected_surface() -> dict[str, list[str]]:
    platform = [
        op["python"]
        for op in OPS
        if op["token"] in ("component", "none") and op["name"] not in MANAGED
    ]
    authorizer = [op["python"] for op in OPS if op["token"] == "authorizer"]
    return {
        "Client": [op["python"] for op in OPS],
        "Platform": platform,
        "Authorizer": authorizer,
    }


def test_each_class_has_the_agreed_operations() -> None:
    surface = expected_surface()
    by_py = {op["python"]: op for op in OPS}
    for name in STUBS:
        base = name.removeprefix("Async")
        generated = [m for m in stub_methods(name) if m in by_py]
        assert generated == surface[base], name
        for fn in stub_class(name).body:
            if not isinstance(fn, ast.FunctionDef) or fn.name not in by_py:
                continue
            op = by_py[fn.name]
            positional = [a.arg for a in fn.args.args]
            takes_token = base == "Client" and op["token"] != "none"
            assert positional == (["self", "token"] if takes_token else ["self"]), fn.name
            returns = ast.unparse(fn.returns) if fn.returns else ""
            if op["kind"] == "page":
                assert returns == "str", (name, fn.name)
            elif name.startswith("Async"):
                assert returns.startswith("Awaitable["), (name, fn.name)
            else:
                assert not returns.startswith("Awaitable["), (name, fn.name)
            # Required keyword arguments have no default; on a Platform, the fields the driver
            # fills are optional.
            required = set(op["input"].get("required", ()))
            if base == "Platform":
                required -= set(op["platform_fills"])
            kw_required = {
                a.arg for a, d in zip(fn.args.kwonlyargs, fn.args.kw_defaults) if d is None
            }
            assert kw_required == required, (name, fn.name)
            deprecated = any(
                isinstance(d, ast.Call) and ast.unparse(d.func) == "deprecated"
                for d in fn.decorator_list
            )
            assert deprecated == op["deprecated"], (name, fn.name)


def test_platform_fills_are_the_platform_identity() -> None:
    fills = {op["python"]: op["platform_fills"] for op in OPS if op["platform_fills"]}
    assert fills == {
        "start_push_ticket": ["component_appid", "component_secret"],
        "component_token": ["component_appid", "component_appsecret"],
        "create_preauthcode": ["component_appid"],
        "component_login_url": ["component_appid"],
        "bind_component_url": ["component_appid"],
        "query_auth": ["component_appid"],
        "authorizer_token": ["component_appid"],
        "get_authorizer_info": ["component_appid"],
        "fastregister_auth_url": ["component_appid"],
        "rebind_admin_url": ["component_appid"],
        "clear_quota": ["appid"],
        "clear_quota_v2": ["component_appid", "appsecret"],
    }


# ---- results.py against the output schemas ----


def resolve(schema: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The schema without its null alternative, and whether it had one."""
    types = schema.get("type")
    if isinstance(types, list) and "null" in types:
        (only,) = [t for t in types if t != "null"]
        return {**schema, "type": only}, True
    if "anyOf" in schema:
        rest = [a for a in schema["anyOf"] if a.get("type") != "null"]
        if len(rest) == 1 and len(rest) < len(schema["anyOf"]):
            return rest[0], True
    return schema, False


def def_name(schema: dict[str, Any]) -> Optional[str]:
    ref = schema.get("$ref")
    return ref.removeprefix("#/$defs/") if ref else None


def expected_hint(schema: dict[str, Any]) -> Any:
    inner, nullable = resolve(schema)
    name = def_name(inner)
    if name is not None:
        kind = DEFS[name].get("x-status-kind")
        t: Any = {"task": results.TaskStatus, "link": results.LinkStatus}.get(kind, None)
        if kind is None:
            t = getattr(results, name)
    elif inner.get("type") == "array":
        t = list[expected_hint(inner["items"])]  # type: ignore[misc]
    else:
        t = {"string": str, "integer": int, "boolean": bool}[inner["type"]]
    return Optional[t] if nullable else t


def nested_class(schema: dict[str, Any]) -> Optional[type]:
    """The class results.py must wrap a field's value in (objects, lists of them, statuses)."""
    inner, _ = resolve(schema)
    if inner.get("type") == "array":
        inner, _ = resolve(inner["items"])
    name = def_name(inner)
    if name is None:
        return None
    kind = DEFS[name].get("x-status-kind")
    if kind is not None:
        return {"task": results.TaskStatus, "link": results.LinkStatus}[kind]
    return getattr(results, name)


def test_result_classes_match_the_output_schemas() -> None:
    outputs = []
    for op in OPS:
        name = def_name(op["output"])
        if name and name not in outputs:
            outputs.append(name)
    seen = set()
    while outputs:
        name = outputs.pop(0)
        if name in seen or DEFS[name].get("type") != "object":
            continue
        seen.add(name)
        cls = getattr(results, name, None)
        assert isinstance(cls, type) and issubclass(cls, results.Result), name
        assert name in results.__all__, name
        hints = {k: v for k, v in typing.get_type_hints(cls).items() if k not in ("_nested", "raw")}
        properties = DEFS[name]["properties"]
        # `WxOpens.items` is read as wxopens["items"] (`.items` is the Mapping method).
        declared = {k for k in properties if not callable(getattr(results.Result, k, None))}
        assert set(hints) == declared, name
        for field, schema in properties.items():
            if field in hints:
                assert hints[field] == expected_hint(schema), (name, field, hints[field])
            want = nested_class(schema)
            assert cls._nested.get(field) is want, (name, field, cls._nested.get(field), want)
            inner, _ = resolve(schema)
            item = inner.get("items", inner)
            ref = def_name(resolve(item)[0])
            if ref:
                outputs.append(ref)
        assert set(cls._nested) <= set(properties), name
    assert {"ComponentTokenGrant", "QueryAuthResult", "LinkedMiniProgram", "Quota"} <= seen


def test_stub_types_name_real_things() -> None:
    """Every name a stub's signatures use is a builtin, or defined or imported by the stub."""
    import builtins

    for path in sorted(set(STUBS.values())):
        tree = ast.parse(path.read_text("utf-8"))
        known = set(dir(builtins))
        for node in tree.body:
            if isinstance(node, (ast.ImportFrom, ast.Import)):
                known |= {(a.asname or a.name).split(".")[0] for a in node.names}
            elif isinstance(node, ast.ClassDef):
                known.add(node.name)
            elif isinstance(node, ast.Assign):
                known |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef):
                continue
            annotations = [a.annotation for a in [*node.args.args, *node.args.kwonlyargs]]
            for annotation in [*annotations, node.returns]:
                for n in ast.walk(annotation) if annotation is not None else ():
                    if isinstance(n, ast.Name):
                        assert n.id in known, (path.name, node.name, n.id)
