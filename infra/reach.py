"""What each Lambda function can reach, read from the source (nothing is imported or called).

A function reaches:
1. the parts of the composition root (`chalicelib/container.py`, one cached property each) its
   entry code asks for: `services().X` or `call.services.X` in the HTTP handlers (the API), or in
   its app.py body and the `chalicelib/handlers/events.py` functions that body names (directly,
   or through a dispatch table: a name is enough);
2. every part those parts' properties name (`self.Y`), transitively; a property's body is the
   whole of what that part depends on, so this closure is what building the function's services
   can touch;
3. the modules of the classes those bodies build, and the storage/aws modules those modules
   import (a repository may use another's items);
4. the settings those bodies and modules read (`settings.signing_secret` means the signing key;
   `settings.<x>_queue_name` a queue it sends to).

infra/iam.py turns that into the actions the function needs; tests/infra/test_policy.py checks
each function's policy file against it.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
API_FUNCTION = "api_handler"
# Routes that exist in the local stage only (POST /dev/token, the outbox, jobs run on demand):
# they answer 404 in every deployed stage before calling anything, so grant them nothing there.
LOCAL_ONLY_MODULES = {"dev.py"}
EVENT_DECORATORS = {"on_sqs_message": "queue", "on_dynamodb_record": "stream_arn", "schedule": None,
                    "on_sns_message": "topic"}


@dataclass(frozen=True)
class Function:
    name: str  # chalice's name for it: the Python function's, or the schedule's name=
    kind: str  # "api", "on_sqs_message", "on_dynamodb_record", "schedule", "on_sns_message"
    source: str | None  # the env var or constant naming its queue / stream / topic, as written


@dataclass
class Reach:
    parts: set[str] = field(default_factory=set)  # container properties
    modules: set[Path] = field(default_factory=set)  # chalicelib modules whose AWS calls count
    settings: set[str] = field(default_factory=set)  # settings attributes read
    idempotency: bool = False  # uses the powertools idempotency store


def parse(path: Path) -> ast.Module:
    """The module's syntax tree, parsed once per text: every function's policy walks the same
    modules (a changed file is parsed again; nothing changes a tree it is handed)."""
    return _parse_source(path.read_text(), str(path))


@cache
def _parse_source(source: str, filename: str) -> ast.Module:
    return ast.parse(source, filename=filename)


def functions(root: Path = ROOT) -> list[Function]:
    """Every Lambda function chalice makes from app.py: the API's and one per event handler."""
    found = [Function(API_FUNCTION, "api", None)]
    for node in parse(root / "app.py").body:
        if not isinstance(node, ast.FunctionDef):
            continue
        for decorator in node.decorator_list:
            if not (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)
                    and decorator.func.attr in EVENT_DECORATORS):
                continue
            kind = decorator.func.attr
            keywords = {k.arg: k.value for k in decorator.keywords}
            name = keywords.get("name")
            source_node = keywords.get(EVENT_DECORATORS[kind] or "") or (decorator.args[0] if decorator.args else None)
            found.append(Function(name.value if isinstance(name, ast.Constant) else node.name, kind,
                                  ast.unparse(source_node) if source_node is not None and kind != "schedule" else None))
    return found


def _services_attributes(tree: ast.AST) -> set[str]:
    """X in `services().X`, `call.services.X`, `self.services.X`."""
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        inner = node.value
        if (isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) and inner.func.id == "services") or (
                isinstance(inner, ast.Attribute) and inner.attr == "services"):
            found.add(node.attr)
    return found


def _module_functions(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    return {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}


def _names(tree: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} | {
        n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}


def _module_tables(tree: ast.Module) -> dict[str, ast.AST]:
    """Module-level assignments by name: a dispatch table reaches every function it names."""
    found: dict[str, ast.AST] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            found.update({t.id: node.value for t in node.targets if isinstance(t, ast.Name)})
        elif isinstance(node, ast.AnnAssign) and node.value is not None and isinstance(node.target, ast.Name):
            found[node.target.id] = node.value
    return found


def entry_parts(function: Function, root: Path = ROOT) -> set[str]:
    """The container properties a function's own code asks for."""
    handlers = root / "chalicelib" / "handlers"
    if function.kind == "api":
        modules = [root / "chalicelib" / "api.py"] + [
            p for p in sorted(handlers.glob("*.py")) if p.name not in LOCAL_ONLY_MODULES | {"events.py"}]
        return set().union(*(_services_attributes(parse(p)) for p in modules))
    app_functions = _module_functions(parse(root / "app.py"))
    body = next(f for f in app_functions.values()
                if f.name == function.name or any(
                    isinstance(k.value, ast.Constant) and k.value.value == function.name
                    for d in f.decorator_list if isinstance(d, ast.Call) for k in d.keywords if k.arg == "name"))
    events_tree = parse(handlers / "events.py")
    events, tables = _module_functions(events_tree), _module_tables(events_tree)

    def named(node: ast.AST) -> set[str]:
        names = _names(node)
        return names.union(*(_names(tables[n]) for n in names if n in tables))

    parts = _services_attributes(body)
    todo = [events[n] for n in named(body) if n in events]
    seen: set[str] = set()
    while todo:
        node = todo.pop()
        if node.name in seen:
            continue
        seen.add(node.name)
        parts |= _services_attributes(node)
        todo += [events[n] for n in named(node) if n in events and n not in seen]
    return parts


@dataclass(frozen=True)
class Part:
    needs: frozenset[str]  # other properties
    builds: frozenset[Path]  # modules of the classes and functions its body calls
    settings: frozenset[str]
    idempotency: bool


@cache  # a tree is parsed once per text (parse), so this runs once per module too
def _imports(tree: ast.Module, path: Path, root: Path) -> dict[str, Path]:
    """Imported name -> the chalicelib module it comes from (relative imports only)."""
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = path.parent
            for _ in range(node.level - 1):
                base = base.parent
            module = base.joinpath(*(node.module or "").split(".")) if node.module else base
            for alias in node.names:
                target = module.with_suffix(".py") if module.with_suffix(".py").exists() else module / alias.name
                target = target if target.suffix == ".py" else target.with_suffix(".py")
                if not target.exists():
                    target = module / "__init__.py"
                found[alias.asname or alias.name] = target
    return found


@cache
def container_parts(root: Path = ROOT) -> dict[str, Part]:
    path = root / "chalicelib" / "container.py"
    tree = parse(path)
    imported = _imports(tree, path, root)
    services = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Services")
    properties = {n.name: n for n in services.body if isinstance(n, ast.FunctionDef)}
    parts = {}
    for name, node in properties.items():
        selfs = {a.attr for a in ast.walk(node) if isinstance(a, ast.Attribute)
                 and isinstance(a.value, ast.Name) and a.value.id == "self"}
        settings = {a.attr for a in ast.walk(node) if isinstance(a, ast.Attribute)
                    and isinstance(a.value, ast.Attribute) and a.value.attr == "settings"}
        called = {c.func.id for c in ast.walk(node) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)}
        parts[name] = Part(frozenset(selfs & set(properties) - {"_once", name}),
                           frozenset(imported[c] for c in called if c in imported),
                           frozenset(settings), "_once" in selfs)
    return parts


def _storage_and_aws_imports(path: Path, root: Path) -> set[Path]:
    """The module and the storage/aws modules it imports, transitively."""
    keep = (root / "chalicelib" / "storage", root / "chalicelib" / "aws")
    found, todo = set(), [path]
    while todo:
        current = todo.pop()
        if current in found or not current.exists():
            continue
        found.add(current)
        for target in _imports(parse(current), current, root).values():
            if target.parent in keep or target.parent.parent in keep:
                todo.append(target)
    return found


SETTING = re.compile(r"\bsettings\.([a-z_]+)")


def reach(function: Function, root: Path = ROOT) -> Reach:
    parts = container_parts(root)
    result = Reach()
    todo = [p for p in entry_parts(function, root) if p in parts]
    if function.kind == "api":  # the HTTP layer reads settings itself (it verifies local tokens with the key)
        result.settings |= {m.group(1) for p in (root / "chalicelib" / "handlers").glob("*.py")
                            if p.name not in LOCAL_ONLY_MODULES | {"events.py"}
                            for m in SETTING.finditer(p.read_text())}
    while todo:
        name = todo.pop()
        if name in result.parts:
            continue
        result.parts.add(name)
        part = parts[name]
        result.settings |= part.settings
        result.idempotency |= part.idempotency
        for module in part.builds:
            result.modules |= _storage_and_aws_imports(module, root)
        todo += [n for n in part.needs if n not in result.parts]
    for module in list(result.modules):
        result.settings |= {m.group(1) for m in SETTING.finditer(module.read_text())}
    return result
