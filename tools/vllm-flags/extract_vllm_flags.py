#!/usr/bin/env python3
"""Builds VramLint's vLLM flag table (src/VramLint.Core/Data/vllm-flags.json) from a vLLM source tree.

Reads, without importing vLLM:
  vllm/engine/arg_utils.py            EngineArgs' annotated fields (types) and every add_argument call in
                                      EngineArgs.add_cli_args (names, aliases, deprecations, literal defaults/choices)
  vllm/entrypoints/openai/cli_args.py the frontend dataclasses (*Args): one --flag per field, with its type and default
  vllm/config/*.py (when present)     the config dataclasses, for the defaults and Literal choices of the fields that
                                      add_cli_args takes from them (X_kwargs["field"])
Anything the files do not state (a default computed at run time, a choice list built from a registry) is written as
null: unknown, never guessed.

usage: extract_vllm_flags.py VLLM_ROOT --release TEXT --engine-commit SHA --server-commit SHA > vllm-flags.json
"""
import argparse
import ast
import json
import os
import re
import sys

KWARGS_CLASS = {
    "model_kwargs": "ModelConfig", "load_kwargs": "LoadConfig", "parallel_kwargs": "ParallelConfig",
    "cache_kwargs": "CacheConfig", "multimodal_kwargs": "MultiModalConfig", "lora_kwargs": "LoRAConfig",
    "observability_kwargs": "ObservabilityConfig", "scheduler_kwargs": "SchedulerConfig",
    "compilation_kwargs": "CompilationConfig", "vllm_kwargs": "VllmConfig",
    "structured_outputs_kwargs": "StructuredOutputsConfig",
}


def literal(node):
    try:
        return ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError):
        return None


def kind_of(annotation):
    """The value kind VramLint reads from a Python annotation's source text."""
    if annotation is None:
        return None, None
    text = annotation.replace(" ", "")
    choices = None
    m = re.search(r"Literal\[(.*?)\]", text)
    if m:
        choices = [c.strip("'\"") for c in m.group(1).split(",") if c]
    if re.search(r"(^|[\[|,(])bool($|[\]|,)])", text):
        return "bool", None
    if choices:
        return "choice", choices
    if re.search(r"list\[int\]|tuple\[int", text):
        return "int-list", None
    if re.search(r"list\[", text):
        return "text-list", None
    if re.search(r"(^|[\[|,(])int($|[\]|,)])", text):
        return "int", None
    if re.search(r"(^|[\[|,(])float($|[\]|,)])", text):
        return "number", None
    if "dict" in text or text.endswith("Config") or "Config|" in text or "|Config" in text:
        return "json", None
    return "text", None


def dataclass_fields(tree, class_name=None, class_suffix=None):
    """name -> (annotation source, literal default or None, has_default) for the annotated fields of matching classes."""
    found = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        if class_name and node.name != class_name:
            continue
        if class_suffix and not node.name.endswith(class_suffix):
            continue
        for item in node.body:
            if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                default = literal(item.value) if item.value is not None else None
                found[item.target.id] = (ast.unparse(item.annotation), default, item.value is not None and default is not None or (isinstance(item.value, ast.Constant) and item.value.value is None))
    return found


def config_fields(root):
    """ClassName -> fields for every dataclass in vllm/config/*.py that is present."""
    result = {}
    folder = os.path.join(root, "vllm", "config")
    if not os.path.isdir(folder):
        return result
    for name in sorted(os.listdir(folder)):
        if name.endswith(".py"):
            tree = ast.parse(open(os.path.join(folder, name), encoding="utf-8").read())
            for node in tree.body:
                if isinstance(node, ast.ClassDef):
                    result[node.name] = dataclass_fields(ast.Module(body=[node], type_ignores=[]), node.name)
    return result


def removal_version(text):
    m = re.search(r"removed in (v?\d+\.\d+(?:\.\d+)?)", text or "")
    return m.group(1).lstrip("v") if m else None


def engine_flags(root, configs):
    tree = ast.parse(open(os.path.join(root, "vllm", "engine", "arg_utils.py"), encoding="utf-8").read())
    fields = dataclass_fields(tree, "EngineArgs")
    add_cli = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "add_cli_args")
    flags = []

    def add(names, keywords, loop_type=None):
        long = next((n for n in names if n.startswith("--")), None)
        if long is None:
            return
        entry = {"name": long[2:].replace("_", "-"), "aliases": [n.lstrip("-") for n in names if not n.startswith("--")]}
        field = None
        help_text = ""
        deprecated = False
        kind, choices, default, has_default = None, None, None, False
        for kw in keywords:
            if kw.arg is None and isinstance(kw.value, ast.Subscript) and isinstance(kw.value.value, ast.Name):
                field = literal(kw.value.slice)
                config = configs.get(KWARGS_CLASS.get(kw.value.value.id, ""), {})
                if field in config:
                    kind, choices = kind_of(config[field][0])
                    default, has_default = config[field][1], config[field][2]
            elif kw.arg == "deprecated":
                deprecated = bool(literal(kw.value))
            elif kw.arg == "help":
                help_text = literal(kw.value) or (ast.unparse(kw.value) if isinstance(kw.value, ast.JoinedStr) else "")
            elif kw.arg == "action":
                action = ast.unparse(kw.value)
                if "BooleanOptionalAction" in action or "store_true" in action:
                    kind = "bool"
            elif kw.arg == "type":
                t = ast.unparse(kw.value)
                kind = kind or {"int": "int", "float": "number", "str": "text", "bool": "bool"}.get(t, kind)
            elif kw.arg == "choices" and isinstance(literal(kw.value), list):
                choices = literal(kw.value)
            elif kw.arg == "default":
                value = literal(kw.value)
                if value is not None or (isinstance(kw.value, ast.Constant) and kw.value.value is None):
                    default, has_default = value, True
        if loop_type is not None:
            kind = {"str": "text", "bool": "bool", "int": "int"}.get(loop_type, kind)
        engine_field = fields.get(field) or fields.get(entry["name"].replace("-", "_"))
        if kind is None and engine_field is not None:
            kind, choices = kind_of(engine_field[0])
        if choices is not None and kind not in ("bool",):
            kind = "choice"
        entry["kind"] = kind
        entry["choices"] = choices
        entry["default"] = default if has_default else None
        entry["defaultKnown"] = has_default
        entry["deprecated"] = deprecated
        entry["removedIn"] = removal_version(help_text) if deprecated else None
        entry["source"] = "engine"
        flags.append(entry)

    for node in ast.walk(add_cli):
        if isinstance(node, ast.For) and isinstance(node.iter, (ast.List, ast.Tuple)):
            # for arg, type in [("--flag", str), ...]: add_argument(arg, type=type, ...)
            for item in node.iter.elts:
                pair = item.elts if isinstance(item, ast.Tuple) else []
                if len(pair) == 2 and isinstance(literal(pair[0]), str):
                    call = next((c for c in ast.walk(node) if isinstance(c, ast.Call) and getattr(c.func, "attr", "") == "add_argument"), None)
                    if call is not None:
                        add([literal(pair[0])], call.keywords, ast.unparse(pair[1]))
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "add_argument":
            names = [literal(a) for a in node.args if isinstance(literal(a), str)]
            if names:
                add(names, node.keywords)
    return flags


def server_flags(root):
    path = os.path.join(root, "vllm", "entrypoints", "openai", "cli_args.py")
    tree = ast.parse(open(path, encoding="utf-8").read())
    flags = []
    for name, (annotation, default, has_default) in dataclass_fields(tree, class_suffix="Args").items():
        kind, choices = kind_of(annotation)
        flags.append({
            "name": name.replace("_", "-"), "aliases": [], "kind": "choice" if choices else kind, "choices": choices,
            "default": default if has_default else None, "defaultKnown": has_default, "deprecated": False, "removedIn": None,
            "source": "server",
        })
    return flags


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root")
    parser.add_argument("--release", required=True)
    parser.add_argument("--engine-commit", required=True)
    parser.add_argument("--server-commit", required=True)
    args = parser.parse_args()
    configs = config_fields(args.root)
    by_name = {}
    for flag in engine_flags(args.root, configs) + server_flags(args.root):
        by_name.setdefault(flag["name"], flag)
    table = {
        "release": args.release,
        "sources": {
            "repository": "vllm-project/vllm",
            "vllm/engine/arg_utils.py": args.engine_commit,
            "vllm/entrypoints/openai/cli_args.py": args.server_commit,
            "vllm/config": sorted(configs) and "read" or "not read: defaults and choices taken from config classes are unknown (null)",
        },
        "generator": "tools/vllm-flags/extract_vllm_flags.py",
        "flags": sorted(by_name.values(), key=lambda f: f["name"]),
    }
    json.dump(table, sys.stdout, indent=1, sort_keys=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
