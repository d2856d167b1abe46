#!/usr/bin/env python3
"""Rebuild spec/calls.json and spec/models.json from the official Python SDK.

Maintainer's tool, not run in CI (CI has no SDK installed). It needs the
`stytch` package at the version pinned below; when the running interpreter
lacks it, the script makes a virtual environment outside the repository
(default: a `venv-stytch` folder next to the repository's folder, or
$STYTCH_SDK_VENV), installs the SDK there with pip and runs itself again with
that environment's Python.

How the facts are found:

* calls: a consumer `stytch.Client` and a `stytch.B2BClient` are built with
  dummy credentials (nothing is sent). Their API objects are walked in the
  order the clients assign them: first the methods of an object, in source
  order, then its child API objects. Each public, synchronous method is
  parsed (inspect.getsource + ast): the route handed to `api_base.url_for`,
  which `sync_client` verb sends it, the keys it puts into the request dict,
  the headers it touches and the model whose `from_json` reads the answer.
  Methods that never call `sync_client` (local JWT checks, paging helpers,
  policy checks) are no HTTP calls and are left out.
* models: every class defined in `stytch.consumer.models.*` and
  `stytch.b2b.models.*`: enums become `{"enum": [values]}`, pydantic models
  a list of fields taken from `model_fields` (wire name, whether required,
  the annotation written the way the spec spells it).
* `groups` and `alternatives_without_stated_exclusivity` are not in the
  SDK's code: they come from the prose of the API reference. They are
  carried over from the current spec/calls.json, matched by side and
  sdk_method (a new call gets empty lists and a warning).

Usage:
    scripts/spec_from_sdk.py            # rewrite spec/calls.json, spec/models.json
    scripts/spec_from_sdk.py --out DIR  # write into DIR instead
    scripts/spec_from_sdk.py --check    # regenerate into a temp dir, diff, exit 1 on change
"""

from __future__ import annotations

import argparse
import ast
import difflib
import json
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

SDK_VERSION = "15.3.0"
REPO = Path(__file__).resolve().parent.parent
SPEC = REPO / "spec"
DEFAULT_VENV = Path(os.environ.get("STYTCH_SDK_VENV", REPO.parent / "venv-stytch"))

# The spec's words for the two kinds of host. The SDK picks the project's
# host from the project id (or an explicit environment); the fraud products
# get one fixed host whatever the environment.
PROJECT_HOST = "test.stytch.com or api.stytch.com (by project id)"
FRAUD_HOST_NOTE = "(the fraud products, all environments)"


# --------------------------------------------------------------------------
# Getting an interpreter that has the SDK


def sdk_ready() -> bool:
    try:
        import stytch  # noqa: F401
    except ImportError:
        return False
    return getattr(stytch, "__version__", None) == SDK_VERSION


def reexec_in_venv(venv: Path) -> None:
    py = venv / "bin" / "python"
    if not py.exists():
        print(f"making a venv at {venv}", file=sys.stderr)
        subprocess.check_call([sys.executable, "-m", "venv", str(venv)])
    probe = subprocess.run(
        [str(py), "-c", "import stytch; print(stytch.__version__)"],
        capture_output=True,
        text=True,
    )
    if probe.stdout.strip() != SDK_VERSION:
        print(f"installing stytch=={SDK_VERSION} into {venv}", file=sys.stderr)
        subprocess.check_call(
            [str(py), "-m", "pip", "install", "-q", f"stytch=={SDK_VERSION}"]
        )
    if os.environ.get("SPEC_FROM_SDK_REEXEC"):
        sys.exit("the venv's python still cannot import the pinned SDK")
    os.environ["SPEC_FROM_SDK_REEXEC"] = "1"
    os.execv(str(py), [str(py), str(Path(__file__).resolve()), *sys.argv[1:]])


# --------------------------------------------------------------------------
# Models


def spell_type(annotation) -> str:
    """Write a resolved annotation the way the spec does.

    Generic forms come from their repr with the `typing.` prefix dropped;
    a model of the SDK is named `<module>.<Class>` (module relative to
    `consumer.models` / `b2b.models`); anything else keeps its full dotted
    path (`datetime.datetime`, `stytch.shared.method_options.Authorization`).
    A bare enum class keeps Python's own repr, `<enum 'Name'>`: that is how
    the spec files have always spelled it (an enum inside Optional[...] or
    List[...] is named like a model), so it is kept for byte-stable output.
    """
    import enum

    if isinstance(annotation, type) and not getattr(annotation, "__args__", None):
        if issubclass(annotation, enum.Enum):
            text = repr(annotation)
        elif annotation.__module__ == "builtins":
            text = annotation.__name__
        else:
            text = f"{annotation.__module__}.{annotation.__qualname__}"
    else:
        text = repr(annotation)
    text = text.replace("typing.", "")
    for prefix in ("stytch.consumer.models.", "stytch.b2b.models."):
        text = text.replace(prefix, "")
    return text.replace("NoneType", "None")


def model_modules():
    import importlib
    import pkgutil

    import stytch.b2b.models
    import stytch.consumer.models

    for side, pkg in (("consumer", stytch.consumer.models), ("b2b", stytch.b2b.models)):
        for info in pkgutil.iter_modules(pkg.__path__):
            yield side, info.name, importlib.import_module(f"{pkg.__name__}.{info.name}")


def build_models() -> dict:
    import enum

    import pydantic

    models: dict = {}
    for side, modname, mod in model_modules():
        for name, obj in vars(mod).items():
            if not isinstance(obj, type) or obj.__module__ != mod.__name__:
                continue  # imported from elsewhere, or not a class
            key = f"{side}.models.{modname}.{name}"
            if issubclass(obj, enum.Enum):
                models[key] = {"enum": [member.value for member in obj]}
            elif issubclass(obj, pydantic.BaseModel):
                models[key] = [
                    {
                        "name": field.alias or fname,
                        "required": field.is_required(),
                        "type": spell_type(field.annotation),
                    }
                    for fname, field in obj.model_fields.items()
                ]
    return models


# --------------------------------------------------------------------------
# Calls

HTTP_VERBS = {
    "get": ("GET", "application/json"),
    "post": ("POST", "application/json"),
    "put": ("PUT", "application/json"),
    "delete": ("DELETE", "application/json"),
    "post_form": ("POST", "application/x-www-form-urlencoded"),
}


def is_attr_chain(node, *names) -> bool:
    """True when node is `names[0].names[1]...` (e.g. self.sync_client.get)."""
    for name in reversed(names[1:]):
        if not (isinstance(node, ast.Attribute) and node.attr == name):
            return False
        node = node.value
    return isinstance(node, ast.Name) and node.id == names[0]


def route_text(node) -> str:
    """The route given to url_for: a literal, or an f-string over self.X."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = []
        for piece in node.values:
            if isinstance(piece, ast.Constant):
                parts.append(piece.value)
            elif isinstance(piece.value, ast.Attribute):
                parts.append("{" + piece.value.attr + "}")
            else:
                parts.append("{" + ast.unparse(piece.value) + "}")
        return "".join(parts)
    raise ValueError(f"unexpected route expression {ast.unparse(node)}")


def strip_optional(text: str) -> str:
    if text.startswith("Optional[") and text.endswith("]"):
        return text[len("Optional[") : -1]
    return text


def names_in(node) -> set:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def analyse_method(fn) -> dict | None:
    """Read one API method's source; None when it makes no HTTP call."""
    import inspect

    tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    func = tree.body[0]
    if isinstance(func, ast.AsyncFunctionDef):
        return None  # the *_async twins repeat their synchronous method
    assert isinstance(func, ast.FunctionDef)

    args = func.args.args[1:]  # drop self
    defaults = [None] * (len(args) - len(func.args.defaults)) + list(func.args.defaults)
    params = [
        {"name": a.arg, "annotation": ast.unparse(a.annotation), "default": d}
        for a, d in zip(args, defaults)
    ]
    pnames = {p["name"] for p in params}

    verb = route = model_name = None
    wire = {}  # param -> (key in the request dict, value expression)
    fixed = []  # (key, constant) set by the SDK itself
    spread = []  # params unpacked with ** into the request dict
    header_params = set()

    for node in ast.walk(func):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            f = node.func
            if is_attr_chain(f.value, "self", "sync_client") and f.attr in HTTP_VERBS:
                verb = f.attr
            elif is_attr_chain(f, "self", "api_base", "url_for"):
                route = route_text(node.args[0])
            elif f.attr == "from_json" and isinstance(f.value, ast.Name):
                model_name = f.value.id
            elif f.attr == "add_headers" and isinstance(f.value, ast.Name):
                header_params.add(f.value.id)
        # The dict literal the request starts from.
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Dict):
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            if isinstance(target, ast.Name) and target.id == "data":
                for k, v in zip(node.value.keys, node.value.values):
                    if k is None:
                        spread.extend(sorted(names_in(v) & pnames))
                    elif isinstance(v, ast.Name) and v.id in pnames:
                        wire[v.id] = (k.value, v)
                    elif isinstance(v, ast.Constant):
                        fixed.append((k.value, v.value))
        # `data["key"] = <expression over one param>` (inside `if p is not None`).
        if isinstance(node, ast.Assign):
            target = node.targets[0]
            if (
                isinstance(target, ast.Subscript)
                and isinstance(target.value, ast.Name)
                and target.value.id == "data"
                and isinstance(target.slice, ast.Constant)
            ):
                used = names_in(node.value) & pnames
                if len(used) == 1:
                    wire.setdefault(used.pop(), (target.slice.value, node.value))

    if verb is None:
        return None
    http_method, content_type = HTTP_VERBS[verb]
    if verb == "get":
        default_in = "query"
    elif verb == "post_form":
        default_in = "form"
    else:
        default_in = "body"
    path_params = {seg[1:-1] for seg in route.split("/") if seg.startswith("{")}

    required, optional = [], []
    for p in params:
        name = p["name"]
        if name in path_params:
            where = "path"
        elif name in header_params:
            where = "header"
        elif name in spread:
            where = f"{default_in}(spread)"
        else:
            where = default_in
        entry = {"name": name, "type": p["annotation"], "in": where}
        if p["default"] is None:
            required.append(entry)
            continue
        entry["type"] = strip_optional(entry["type"])
        if not (isinstance(p["default"], ast.Constant) and p["default"].value is None):
            entry["default"] = ast.unparse(p["default"])
        key, value = wire.get(name, (name, None))
        if key != name:
            # The SDK renames (and maybe reshapes) the value on the wire.
            note = key
            if (
                isinstance(value, ast.Call)
                and isinstance(value.func, ast.Attribute)
                and value.func.attr == "join"
                and isinstance(value.func.value, ast.Constant)
                and value.func.value.value == " "
            ):
                note += " (space-joined)"
            entry["wire_name"] = note
        optional.append(entry)
    for key, value in fixed:
        required.append(
            {
                "name": key,
                "type": type(value).__name__,
                "in": default_in,
                "fixed_value": value,
                "sdk_sets_it": True,
            }
        )

    module = sys.modules[fn.__module__]
    model = getattr(module, model_name)
    model_key = model.__module__.removeprefix("stytch.") + "." + model.__qualname__

    return {
        "http_method": http_method,
        "path": route,
        "content_type": content_type,
        "required_params": required,
        "optional_params": optional,
        "response_model": model_key,
    }


# Phrases of the API reference that state a rule between parameters.
RULE_PHRASES = ("exactly one", "one of", "at least one", "either", "or both",
                "is required", "must be provided", "cannot be used with")
DOC_HINTS: dict = {}


def rule_hints(doc: str) -> list:
    """Docstring lines that may state a group rule, shown for new calls."""
    return [line.strip() for line in doc.splitlines()
            if any(p in line.lower() for p in RULE_PHRASES)]


def is_api_object(value) -> bool:
    mod = type(value).__module__
    return (
        mod.startswith(("stytch.consumer.api.", "stytch.b2b.api."))
        and hasattr(value, "api_base")
        and hasattr(value, "sync_client")
    )


def walk_api(obj, prefix, side, host_of, out) -> None:
    import inspect

    for name, member in type(obj).__dict__.items():
        if name.startswith("_") or not inspect.isfunction(member):
            continue
        facts = analyse_method(member)
        if facts is None:
            continue
        product = ".".join(prefix)
        DOC_HINTS[(side, f"{product}.{name}")] = rule_hints(member.__doc__ or "")
        out.append(
            {
                "side": side,
                "product": product,
                "sdk_method": f"{product}.{name}",
                **{k: facts[k] for k in ("http_method", "path", "content_type",
                                          "required_params", "optional_params")},
                "groups": [],
                "alternatives_without_stated_exclusivity": [],
                "response_model": facts["response_model"],
                "host": host_of(obj),
            }
        )
    for name, child in vars(obj).items():
        if is_api_object(child):
            walk_api(child, prefix + [name], side, host_of, out)


def build_calls(previous: list | None) -> list:
    import warnings
    from urllib.parse import urlparse

    import stytch

    calls: list = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clients = [
            ("b2c", stytch.Client(project_id="project-test-spec", secret="unused")),
            ("b2b", stytch.B2BClient(project_id="project-test-spec", secret="unused")),
        ]
    for side, client in clients:
        fraud_base = client.fraud_api_base

        def host_of(obj, fraud_base=fraud_base):
            if obj.api_base is fraud_base:
                return f"{urlparse(fraud_base.base_url).hostname} {FRAUD_HOST_NOTE}"
            return PROJECT_HOST

        for name, child in vars(client).items():
            if is_api_object(child):
                walk_api(child, [name], side, host_of, calls)

    # Rules from the API reference's prose, carried over by (side, sdk_method).
    carried = {(c["side"], c["sdk_method"]): c for c in previous or []}
    for call in calls:
        old = carried.get((call["side"], call["sdk_method"]))
        if old is None:
            key = (call["side"], call["sdk_method"])
            print(f"new call, fill in its group rules by hand: {key[0]} {key[1]}",
                  file=sys.stderr)
            for line in DOC_HINTS.get(key, []):
                print(f"    docstring: {line[:160]}", file=sys.stderr)
            continue
        call["groups"] = old["groups"]
        call["alternatives_without_stated_exclusivity"] = old[
            "alternatives_without_stated_exclusivity"
        ]
    return calls


# --------------------------------------------------------------------------
# Output


def render_calls(calls) -> str:
    return json.dumps(calls, indent=1)


def render_models(models) -> str:
    return json.dumps(models, indent=1, sort_keys=True)


def generate(out_dir: Path, previous_calls: Path) -> None:
    previous = json.loads(previous_calls.read_text()) if previous_calls.exists() else None
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "calls.json").write_text(render_calls(build_calls(previous)))
    (out_dir / "models.json").write_text(render_models(build_models()))


def check(spec: Path) -> int:
    differs = 0
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), spec / "calls.json")
        for name in ("calls.json", "models.json"):
            want = (spec / name).read_text().splitlines(keepends=True)
            got = (Path(tmp) / name).read_text().splitlines(keepends=True)
            if want != got:
                differs += 1
                sys.stdout.writelines(
                    difflib.unified_diff(want, got, f"spec/{name}", f"generated/{name}")
                )
                print()
    if differs:
        print(f"{differs} file(s) differ from the SDK's facts", file=sys.stderr)
        return 1
    print("spec/ matches the SDK")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="regenerate into a temp dir and diff against spec/")
    ap.add_argument("--out", type=Path, default=SPEC,
                    help="where to write calls.json and models.json (default: spec/)")
    ap.add_argument("--spec", type=Path, default=SPEC,
                    help="spec folder to compare with / carry group rules from")
    ap.add_argument("--venv", type=Path, default=DEFAULT_VENV,
                    help="venv to make or use when this python lacks the SDK")
    args = ap.parse_args()

    if not sdk_ready():
        reexec_in_venv(args.venv)

    if args.check:
        return check(args.spec)
    generate(args.out, args.spec / "calls.json")
    print(f"wrote {args.out}/calls.json and {args.out}/models.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
