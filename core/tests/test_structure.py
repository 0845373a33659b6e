"""The import graph runs one way: the kernel (core) imports no app, and no module imports
another that imports it back, at the top or inside a function."""
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("accounts", "programs", "cadres", "placements", "reports", "imports", "demo",
        "secondment", "benchmarks")


def modules():
    """{module name: path} of the project's code, tests and migrations aside."""
    found = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if parts[0] not in (*APPS, "core") or "tests" in parts or "migrations" in parts:
            continue
        name = ".".join(parts)[:-3]
        found[name.removesuffix(".__init__")] = path
    return found


def imports_of(name, path, known):
    """The project modules `name` imports, wherever in the file."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    result = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        result |= {t for t in targets if t in known and t != name}
    return result


def graph():
    known = modules()
    return {name: imports_of(name, path, known) for name, path in known.items()}


def test_the_kernel_imports_no_app():
    offenders = {name: sorted(t for t in targets if not t.startswith("core"))
                 for name, targets in graph().items() if name.startswith("core")}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_no_two_modules_import_each_other_round_a_cycle():
    edges = graph()
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(node):  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            # A package importing its own submodules (its __init__ re-exporting them) is
            # not a cycle of behaviour.
            if len(component) > 1 and not all(
                    m.startswith(min(component, key=len) + ".") or m == min(component, key=len)
                    for m in component):
                cycles.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))  # a deep import chain
    for node in edges:
        if node not in index:
            visit(node)
    assert not cycles, "\n".join(" ↔ ".join(c) for c in cycles)
