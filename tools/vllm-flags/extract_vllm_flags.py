#!/usr/bin/env python3
"""Builds VramLint's vLLM flag table (src/VramLint.Core/Data/vllm-flags.json) from a vLLM source tree.

Reads, without importing vLLM (Python's ast only):
  vllm/engine/arg_utils.py             every add_argument call of the add_cli_args functions (names, aliases, explicit
                                       type/choices/default/action/nargs, deprecation), the X_kwargs = get_kwargs(Cls)
                                       assignments that say which config class a flag comes from, the edits made to
                                       those kwargs (X_kwargs["f"]["type"] = ...), and the human-readable int fields
  vllm/entrypoints/openai/cli_args.py  the server's *Args dataclass read through get_kwargs, plus its own add_argument calls
  vllm/config/*.py                     the config dataclasses: each field's annotation and default, the module-level
                                       Literal aliases (runtime branch of `if TYPE_CHECKING`), and the bounds the config
                                       checks itself (`if self.f > 1.0: raise ...` gives maximum 1.0, with file:line)
  --values NAME=FILE:ALIAS             optional: a Literal alias a flag is validated against after parsing (for example
                                       --quantization against QuantizationMethods), recorded as validValues
Each flag's value type follows vLLM's own get_kwargs rules (dataclass -> json, bool -> switch, Literal -> choices,
tuple/list -> list, int, float, dict -> json, anything else -> string). What the files do not state (a default
computed at run time, a choice list built from a registry) is written as null: unknown, never guessed.

usage: extract_vllm_flags.py VLLM_ROOT --release TAG --commit SHA --evidence URL [--evidence URL ...] > vllm-flags.json
"""
import argparse
import ast
import json
import os
import re
import sys

ENGINE = "vllm/engine/arg_utils.py"
SERVER = "vllm/entrypoints/openai/cli_args.py"
CONFIG = "vllm/config"
BUILTIN_SCALARS = {"int", "float", "str", "bool", "bytes"}
WRAPPERS = {"Optional", "Union", "Annotated", "SkipValidation", "ClassVar", "InitVar", "Final"}


def literal(node):
    try:
        return ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None


def is_none(node):
    return isinstance(node, ast.Constant) and node.value is None


def read(root, rel):
    with open(os.path.join(root, rel), encoding="utf-8") as f:
        return ast.parse(f.read())


def runtime_body(statements):
    """Module statements as they run: the else branch of `if TYPE_CHECKING:` instead of its body."""
    for node in statements:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            yield from runtime_body(node.orelse)
        else:
            yield node


class Module:
    """One source module: its runtime names (aliases, constants, imports from other read modules) and classes."""

    def __init__(self, rel, tree):
        self.rel = rel
        self.tree = tree
        self.assigned = {}  # name -> value node
        self.imported = {}  # name -> (module dotted path, original name)
        self.classes = {}  # name -> ClassDef
        for node in runtime_body(tree.body):
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                self.assigned[node.targets[0].id] = node.value
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
                self.assigned[node.target.id] = node.value
            elif isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    self.imported[alias.asname or alias.name] = (node.module, alias.name)
            elif isinstance(node, ast.ClassDef):
                self.classes[node.name] = node


class Source:
    """The modules read, by dotted name, and name resolution across them."""

    def __init__(self, root):
        self.root = root
        self.modules = {}
        self.unresolved = set()

    def load(self, rel):
        dotted = rel[:-3].replace("/", ".")
        if dotted.endswith(".__init__"):
            dotted = dotted[: -len(".__init__")]
        if dotted not in self.modules and os.path.exists(os.path.join(self.root, rel)):
            self.modules[dotted] = Module(rel, read(self.root, rel))
        return self.modules.get(dotted)

    def lookup(self, module, name, depth=0):
        """(module, node) a name stands for at run time: an assigned value, a class, or None when not read."""
        if depth > 10 or module is None:
            return None, None
        if name in module.assigned:
            return module, module.assigned[name]
        if name in module.classes:
            return module, module.classes[name]
        if name in module.imported:
            dotted, original = module.imported[name]
            return self.lookup(self.modules.get(dotted), original, depth + 1)
        return None, None

    def is_dataclass(self, module, name):
        owner, node = self.lookup(module, name)
        return isinstance(node, ast.ClassDef) and any(
            "dataclass" in ast.unparse(d) or ast.unparse(d) in ("config", "config()") for d in node.decorator_list)

    def hints(self, module, node, depth=0):
        """The flat set of type hints an annotation stands for, as vLLM's get_type_hints sees it."""
        if depth > 20 or node is None:
            return []
        if isinstance(node, ast.Constant):
            if node.value is None:
                return [("none",)]
            if isinstance(node.value, str):  # a forward reference
                return self.hints(module, ast.parse(node.value, mode="eval").body, depth + 1)
            return [("other", repr(node.value))]
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            return self.hints(module, node.left, depth + 1) + self.hints(module, node.right, depth + 1)
        if isinstance(node, ast.Subscript):
            head = ast.unparse(node.value).split(".")[-1]
            args = list(node.slice.elts) if isinstance(node.slice, ast.Tuple) else [node.slice]
            if head in ("Optional",):
                return self.hints(module, args[0], depth + 1) + [("none",)]
            if head == "Union":
                return [h for a in args for h in self.hints(module, a, depth + 1)]
            if head in WRAPPERS:
                return self.hints(module, args[0], depth + 1)
            if head == "Literal":
                return [("literal", self.literal_values(module, args, depth + 1))]
            if head.lower() in ("list", "set", "sequence"):
                return [("list", self.hints(module, args[0], depth + 1))]
            if head.lower() == "tuple":
                return [("tuple", self.hints(module, args[0], depth + 1), any(isinstance(a, ast.Constant) and a.value is Ellipsis for a in args))]
            if head.lower() in ("dict", "mapping"):
                return [("dict",)]
            if head in ("Callable", "type", "Type"):
                return [("other", head)]
            return [("other", ast.unparse(node))]
        if isinstance(node, ast.Name):
            name = node.id
            if name in BUILTIN_SCALARS:
                return [(name,)]
            if name in ("dict", "Dict"):
                return [("dict",)]
            if name in ("list", "List"):
                return [("list", [("other", "Any")])]
            if name == "Any":
                return [("other", "Any")]
            owner, value = self.lookup(module, name)
            if isinstance(value, ast.ClassDef):
                return [("dataclass", name)] if self.is_dataclass(owner, name) else [("other", name)]
            if value is not None:
                return self.hints(owner, value, depth + 1)
            self.unresolved.add(name)
            return [("other", name)]
        return [("other", ast.unparse(node))]

    def literal_values(self, module, args, depth):
        values = []
        for a in args:
            if isinstance(a, ast.Constant):
                values.append(a.value)
            else:
                for h in self.hints(module, a, depth + 1):
                    if h[0] == "literal":
                        values.extend(h[1])
        return values


def has(hints, tag):
    return any(h[0] == tag for h in hints)


def get(hints, tag):
    return next((h for h in hints if h[0] == tag), None)


def scalar_type(hints):
    """The JSON value type of a list's or tuple's items."""
    for tag, name in (("int", "int"), ("float", "float"), ("bool", "bool")):
        if has(hints, tag) and not has(hints, "str"):
            return name
    return "string"


def from_hints(name, hints, human_ints):
    """What vLLM's _compute_kwargs makes of a field's hints: the argparse shape of the flag."""
    spec = {"type": None, "items": None, "switch": False, "choices": None, "nullable": has(hints, "none"), "humanReadable": False}
    if has(hints, "dataclass"):
        spec["type"] = "json"
    elif has(hints, "bool"):
        spec.update(type="bool", switch=True, nullable=False)
    elif has(hints, "literal"):
        values = get(hints, "literal")[1]
        spec["type"] = {int: "int", float: "float", bool: "bool"}.get(type(values[0]), "string") if values else "string"
        if not has(hints, "str"):  # with str also allowed vLLM shows the values as a metavar only
            spec["choices"] = sorted(values)
    elif has(hints, "tuple"):
        spec.update(type="list", items=scalar_type(get(hints, "tuple")[1]))
    elif has(hints, "list"):
        spec.update(type="list", items=scalar_type(get(hints, "list")[1]))
    elif has(hints, "int"):
        spec["type"] = "int"
        spec["humanReadable"] = name in human_ints
    elif has(hints, "float"):
        spec["type"] = "float"
    elif has(hints, "dict"):
        spec["type"] = "json"
    else:
        spec["type"] = "string"
    if spec["nullable"] and spec["choices"] is not None:
        spec["choices"] = spec["choices"] + ["None"]
    return spec


def default_of(source, module, value):
    """(known, value) of a field's default as the file states it."""
    if value is None:
        return False, None
    if isinstance(value, ast.Call) and ast.unparse(value.func).split(".")[-1] in ("field", "Field"):
        for kw in value.keywords:
            if kw.arg == "default":
                return default_of(source, module, kw.value)
            if kw.arg == "default_factory":
                factory = ast.unparse(kw.value)
                if factory in ("list", "dict", "set"):
                    return True, {"list": [], "dict": {}, "set": []}[factory]
                if isinstance(kw.value, ast.Lambda):
                    return default_of(source, module, kw.value.body)
                return False, None
        return False, None
    if is_none(value):
        return True, None
    constant = literal(value)
    if constant is not None:
        return True, list(constant) if isinstance(constant, (tuple, set)) else constant
    if isinstance(value, ast.Name):
        owner, node = source.lookup(module, value.id)
        if node is not None and not isinstance(node, ast.ClassDef):
            return default_of(source, owner, node)
    return False, None


def class_fields(source, module, cls):
    """field name -> info for a dataclass's annotated fields, base classes read first."""
    fields = {}
    for base in cls.bases:
        owner, node = source.lookup(module, ast.unparse(base).split(".")[-1])
        if isinstance(node, ast.ClassDef):
            fields.update(class_fields(source, owner, node))
    body = cls.body
    for i, item in enumerate(body):
        if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
            if "ClassVar" in ast.unparse(item.annotation):
                continue
            doc = ""
            if i + 1 < len(body) and isinstance(body[i + 1], ast.Expr) and isinstance(literal(body[i + 1].value), str):
                doc = literal(body[i + 1].value)
            known, default = default_of(source, module, item.value)
            fields[item.target.id] = {
                "hints": source.hints(module, item.annotation),
                "defaultKnown": known,
                "default": default,
                "doc": doc,
                "at": f"{module.rel}:{item.lineno}",
                "ranges": {},
            }
    for name, bound in bounds(module, cls).items():
        if name in fields:
            fields[name]["ranges"] = bound
    return fields


COMPARE = {ast.Lt: ("minimum", False), ast.LtE: ("minimum", True), ast.Gt: ("maximum", False), ast.GtE: ("maximum", True)}
MIRROR = {ast.Lt: ast.Gt, ast.LtE: ast.GtE, ast.Gt: ast.Lt, ast.GtE: ast.LtE}


def bounds(module, cls):
    """field -> {minimum|maximum: (value, exclusive, file:line)} from `if self.f OP number: raise` at a method's top level."""
    found = {}
    for method in cls.body:
        if not isinstance(method, ast.FunctionDef):
            continue
        for stmt in method.body:
            if not (isinstance(stmt, ast.If) and stmt.body and isinstance(stmt.body[0], ast.Raise)):
                continue
            test = stmt.test
            if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
                continue
            left, op, right = test.left, type(test.ops[0]), test.comparators[0]
            if not isinstance(left, ast.Attribute):
                left, right, op = right, left, MIRROR.get(op, op)
            if not (isinstance(left, ast.Attribute) and isinstance(left.value, ast.Name) and left.value.id == "self"):
                continue
            number = literal(right)
            if op not in COMPARE or isinstance(number, bool) or not isinstance(number, (int, float)):
                continue
            # `if self.f < 1: raise` means vLLM needs f >= 1: the failing side names the bound's other side.
            side, exclusive = COMPARE[op]
            found.setdefault(left.attr, {})[side] = (number, exclusive, f"{module.rel}:{stmt.lineno}")
    return found


def removal_version(text):
    m = re.search(r"removed\s+in\s+(v?\d+\.\d+(?:\.\d+)?)", text or "")
    return m.group(1).lstrip("v") if m else None


def deprecated_by_help(text):
    """The help (a field's docstring) calls the option deprecated: "[DEPRECATED] ...", "(Deprecated) ...", "`x` is deprecated"."""
    return bool(re.match(r"\s*[\[(]deprecated[\])]", text or "", re.IGNORECASE) or re.search(r"\bis deprecated\b", text or ""))


def text_of(node):
    value = literal(node)
    if isinstance(value, str):
        return value
    return ast.unparse(node) if node is not None else ""


class Extractor:
    def __init__(self, root, valid_values):
        self.source = Source(root)
        for name in sorted(os.listdir(os.path.join(root, CONFIG))):
            if name.endswith(".py"):
                self.source.load(f"{CONFIG}/{name}")
        self.engine = self.source.load(ENGINE)
        self.server = self.source.load(SERVER)
        self.valid_values = {}
        for flag, (rel, alias) in valid_values.items():
            module = self.source.load(rel)
            owner, node = self.source.lookup(module, alias)
            values = [] if node is None else [v for h in self.source.hints(owner, node) if h[0] == "literal" for v in h[1]]
            self.valid_values[flag] = (sorted(values), f"{rel}:{alias}") if values else None
        self.human_ints = self.human_readable_ints()
        self.flags = {}

    def human_readable_ints(self):
        for node in ast.walk(self.engine.tree):
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "human_readable_ints" for t in node.targets):
                return set(literal(node.value) or [])
        return set()

    def config_class(self, module, name):
        owner, node = self.source.lookup(module, name)
        return (owner, node) if isinstance(node, ast.ClassDef) else (None, None)

    def kwargs_of(self, module, function):
        """X_kwargs -> {field -> info} for get_kwargs(Cls) calls in a function, with the later edits applied."""
        tables = {}
        for node in ast.walk(function):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and ast.unparse(node.value.func) == "get_kwargs":
                owner, cls = self.config_class(module, ast.unparse(node.value.args[0]))
                if cls is not None and isinstance(node.targets[0], ast.Name):
                    fields = class_fields(self.source, owner, cls)
                    for info in fields.values():
                        info["edits"] = {}
                        info["class"] = cls.name
                    tables[node.targets[0].id] = fields
        for node in ast.walk(function):
            # X_kwargs["field"]["key"] = value / += value / del X_kwargs["field"]["key"]
            targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target] if isinstance(node, ast.AugAssign) else []
            for target in targets:
                if not (isinstance(target, ast.Subscript) and isinstance(target.value, ast.Subscript) and isinstance(target.value.value, ast.Name)):
                    continue
                table = tables.get(target.value.value.id)
                field, key = literal(target.value.slice), literal(target.slice)
                if table is None or field not in table:
                    continue
                if isinstance(node, ast.Delete):
                    table[field]["edits"][key] = ("del", None)
                elif isinstance(node, ast.AugAssign):
                    table[field]["edits"][key] = ("extend", node.value)
                else:
                    table[field]["edits"][key] = ("set", node.value)
        return tables

    def add(self, names, keywords, tables, origin, module, loop_type=None):
        long = next((n for n in names if n.startswith("--")), None)
        if long is None:
            return
        name = long[2:].replace("_", "-")
        field = None
        spec = {"type": None, "items": None, "switch": False, "choices": None, "nullable": False, "humanReadable": False}
        default_known, default, help_text, deprecated, at, ranges = False, None, "", False, origin, {}
        explicit = {kw.arg: kw.value for kw in keywords if kw.arg is not None}
        for kw in keywords:
            if kw.arg is None and isinstance(kw.value, ast.Subscript) and isinstance(kw.value.value, ast.Name):
                table = tables.get(kw.value.value.id, {})
                field = literal(kw.value.slice)
                if field in table:
                    info = table[field]
                    spec = from_hints(field, info["hints"], self.human_ints)
                    default_known, default, help_text, at, ranges = info["defaultKnown"], info["default"], info["doc"], info["at"], info["ranges"]
                    for key, (how, value) in info["edits"].items():
                        explicit.setdefault(key, ("edit", how, value))
        default_source = field is not None and field in tables.get(self.table_of(keywords), {})
        for key in ("action", "nargs", "type", "choices", "default", "deprecated", "help"):
            if key not in explicit:
                continue
            how, value = "set", explicit[key]
            if isinstance(value, tuple):
                _, how, value = value
            if key == "deprecated":
                deprecated = bool(literal(value))
            elif key == "help":
                help_text = text_of(value)
            elif key == "action":
                action = ast.unparse(value)
                if "BooleanOptionalAction" in action or "store_true" in action or "store_false" in action:
                    spec.update(type="bool", switch=True, nullable=False, choices=None, items=None)
                    spec["negatable"] = "BooleanOptionalAction" in action
                    if "store_true" in action or "store_false" in action:
                        default_source, default_known, default = True, True, "store_false" in action
                elif "append" in action:
                    spec.update(items=spec["items"] or spec["type"] or "string", type="list", repeatable=True)
            elif key == "nargs":
                n = literal(value)
                if how == "del":
                    if spec["type"] == "list" and not spec.get("repeatable"):
                        spec.update(type=spec["items"] or "string", items=None)
                elif n in ("+", "*") and spec["type"] != "list":
                    spec.update(items=spec["type"] or "string", type="list")
                elif n == "?":
                    spec["valueOptional"] = True
            elif key == "type":
                if how == "del":
                    continue
                t = ast.unparse(value)
                inner = re.sub(r"^optional_type\((.*)\)$", r"\1", t)
                if inner != t:
                    spec["nullable"] = True
                mapped = {"int": "int", "float": "float", "str": "string", "bool": "bool", "json.loads": "json",
                          "human_readable_int": "int", "union_dict_and_str": "json"}.get(inner)
                if mapped is not None and not spec["switch"]:
                    if spec["type"] == "list":
                        spec["items"] = mapped
                    else:
                        spec["type"] = mapped
                    spec["humanReadable"] = inner == "human_readable_int" or (spec["humanReadable"] and mapped == "int")
            elif key == "choices":
                values = literal(value)
                if how == "extend" or not isinstance(values, list):
                    spec["choices"] = None  # built at run time (a registry, permutations): not stated
                else:
                    spec["choices"] = values
            elif key == "default":
                if how == "del":
                    continue
                default_source = True
                if isinstance(value, ast.Attribute) and ast.unparse(value.value) in ("EngineArgs", "AsyncEngineArgs"):
                    info = self.engine_field(value.attr)
                    default_known, default = (info["defaultKnown"], info["default"]) if info else (False, None)
                elif isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.Not) and isinstance(value.operand, ast.Attribute):
                    info = self.engine_field(value.operand.attr)
                    default_known, default = (True, not info["default"]) if info and info["defaultKnown"] and isinstance(info["default"], bool) else (False, None)
                elif isinstance(value, ast.Subscript) and isinstance(value.value, ast.Subscript) and literal(value.slice) == "default":
                    # default=X_kwargs["field"]["default"]: that field's default
                    info = tables.get(ast.unparse(value.value.value), {}).get(literal(value.value.slice))
                    default_known, default = (info["defaultKnown"], info["default"]) if info else (False, None)
                else:
                    default_known, default = default_of(self.source, module, value)
        if not default_source:
            # argparse's own default when add_argument names none
            default_known, default = True, None
        if loop_type is not None:
            spec["type"] = {"str": "string", "bool": "bool", "int": "int", "float": "float"}.get(loop_type, spec["type"])
        if spec["type"] is None:
            # argparse's own default type is str: a value is taken and kept as text
            spec["type"] = "string"
        entry = {
            "name": name,
            "aliases": [n.lstrip("-") for n in names if not n.startswith("--")],
            "kind": kind_of(spec),
            "type": spec["type"],
            "items": spec["items"],
            "takesValue": not spec["switch"],
            "valueOptional": bool(spec.get("valueOptional")),
            "negatable": bool(spec.get("negatable", spec["switch"])),
            "repeatable": bool(spec.get("repeatable")),
            "nullable": spec["nullable"],
            "humanReadable": spec["humanReadable"],
            "choices": spec["choices"],
            "validValues": None,
            "validValuesSource": None,
            "default": default if default_known else None,
            "defaultKnown": default_known,
            "minimum": None, "exclusiveMinimum": False, "maximum": None, "exclusiveMaximum": False, "rangeSource": None,
            "deprecated": deprecated or deprecated_by_help(help_text),
            "removedIn": removal_version(help_text) if deprecated or deprecated_by_help(help_text) else None,
            "definedAt": at,
            "source": "server" if module is self.server else "engine",
        }
        for side in ("minimum", "maximum"):
            if side in ranges:
                value, exclusive, where = ranges[side]
                entry[side] = value
                entry["exclusive" + side[0].upper() + side[1:]] = exclusive
                entry["rangeSource"] = where if entry["rangeSource"] is None else entry["rangeSource"] + ", " + where
        valid = self.valid_values.get(name)
        if valid:
            entry["validValues"], entry["validValuesSource"] = valid
        self.flags.setdefault(name, entry)

    @staticmethod
    def table_of(keywords):
        kw = next((k for k in keywords if k.arg is None and isinstance(k.value, ast.Subscript)), None)
        return ast.unparse(kw.value.value) if kw is not None else None

    def engine_field(self, name):
        cls = self.engine.classes.get("EngineArgs")
        fields = class_fields(self.source, self.engine, cls) if cls else {}
        async_cls = self.engine.classes.get("AsyncEngineArgs")
        if async_cls is not None:
            fields.update(class_fields(self.source, self.engine, async_cls))
        return fields.get(name)

    def walk(self, module):
        for function in ast.walk(module.tree):
            if not isinstance(function, ast.FunctionDef) or function.name not in ("add_cli_args", "make_arg_parser"):
                continue
            tables = self.kwargs_of(module, function)
            for node in ast.walk(function):
                if isinstance(node, ast.For) and isinstance(node.iter, (ast.List, ast.Tuple)):
                    # for arg, type in [("--flag", str), ...]: group.add_argument(arg, type=type, ...)
                    call = next((c for c in ast.walk(node) if isinstance(c, ast.Call) and getattr(c.func, "attr", "") == "add_argument"), None)
                    for item in node.iter.elts:
                        pair = item.elts if isinstance(item, ast.Tuple) else []
                        if call is not None and len(pair) == 2 and isinstance(literal(pair[0]), str):
                            keywords = [kw for kw in call.keywords if kw.arg != "type"]
                            help_kw = next((kw for kw in keywords if kw.arg == "help"), None)
                            if help_kw is not None:  # the loop's f-string names the flag: substitute it
                                text = "".join(v.value if isinstance(v, ast.Constant) else "{" + ast.unparse(v.value) + "}"
                                               for v in help_kw.value.values) if isinstance(help_kw.value, ast.JoinedStr) else text_of(help_kw.value)
                                keywords = [kw for kw in keywords if kw.arg != "help"] + [ast.keyword(arg="help", value=ast.Constant(text.replace("{arg}", literal(pair[0]))))]
                            self.add([literal(pair[0])], keywords, tables, f"{module.rel}:{item.lineno}", module, ast.unparse(pair[1]))
                if isinstance(node, ast.For) and isinstance(node.iter, ast.Call) and ast.unparse(node.iter).endswith(".items()"):
                    # for key, value in X_kwargs.items(): add_argument(f"--{key...}", **value): every field of the class
                    table = tables.get(ast.unparse(node.iter.func.value))
                    for field in (table or {}):
                        sub = ast.Subscript(value=ast.Name(id=ast.unparse(node.iter.func.value)), slice=ast.Constant(field))
                        self.add(["--" + field.replace("_", "-")], [ast.keyword(arg=None, value=sub)], tables, table[field]["at"], module)
                if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "add_argument":
                    names = [literal(a) for a in node.args if isinstance(literal(a), str)]
                    if names:
                        self.add(names, node.keywords, tables, f"{module.rel}:{node.lineno}", module)


def kind_of(spec):
    """The compact kind VramLint's reader has always used (kept for compatibility)."""
    if spec["switch"]:
        return "bool"
    if spec["choices"] is not None:
        return "choice"
    if spec["type"] == "list":
        return {"int": "int-list", "float": "number-list"}.get(spec["items"], "text-list")
    return {"int": "int", "float": "number", "json": "json", "bool": "bool-value"}.get(spec["type"], "text")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root")
    parser.add_argument("--release", required=True, help="the release tag the tree is, e.g. v0.11.0")
    parser.add_argument("--commit", required=True, help="the tag's commit in vllm-project/vllm")
    parser.add_argument("--evidence", action="append", default=[], help="where the tag's commit and the tree's origin are shown")
    parser.add_argument("--values", action="append", default=[], help="FLAG=FILE:ALIAS, a Literal a flag is validated against")
    args = parser.parse_args()
    valid_values = {}
    for item in args.values:
        flag, _, rest = item.partition("=")
        rel, _, alias = rest.partition(":")
        valid_values[flag] = (rel, alias)
    extractor = Extractor(args.root, valid_values)
    extractor.walk(extractor.engine)
    extractor.walk(extractor.server)
    files = sorted([ENGINE, SERVER] + [m.rel for m in extractor.source.modules.values() if m.rel.startswith(CONFIG)]
                   + [rel for rel, _ in valid_values.values()])
    table = {
        "release": args.release,
        "sources": {
            "repository": "vllm-project/vllm",
            "commit": args.commit,
            "files": sorted(set(files)),
            "evidence": args.evidence,
            "unresolvedTypes": sorted(extractor.source.unresolved),
        },
        "generator": "tools/vllm-flags/extract_vllm_flags.py",
        "flags": sorted(extractor.flags.values(), key=lambda f: f["name"]),
    }
    json.dump(table, sys.stdout, indent=1, sort_keys=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
