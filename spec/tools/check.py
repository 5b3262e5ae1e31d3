#!/usr/bin/env python3
"""Checks spec/: the swagger files and spec/overrides.json against each other (and the reference, when present).

    python3 spec/tools/check.py [--reference DIR]

Checks, for every group of overrides.json:
  - the file is Swagger 2.0 in the deterministic layout of specjson.py, every `$ref` resolves inside the file and
    its `definitions` are exactly the models its operations reach;
  - a definition that appears in several files is byte-identical in each;
  - every operation has an `operations` entry with a boolean `idempotent` (and no entry names an unknown
    operation); `retryAnswerMeansDone` only on DELETE; an `idempotent` that differs from the method's default
    has a `why`;
  - every string enum of every model property and query parameter is named by exactly one `enums` entry (or
    typed by a `types` entry), with the swagger's values in the swagger's order;
  - `models`, `requestModels`, `secrets` and `types` name models and properties that exist;
  - filter.py, run on the merged files, gives back each group's paths and definitions.
With the reference (default ../shared/reference from the repository root, skipped when absent) it also compares
operation and model counts and names. Exit status 1 when anything fails. Standard library only.
"""

import argparse
import json
import re
import os
import sys

sys.dont_write_bytecode = True  # keep spec/tools free of __pycache__
import filter as swagger_filter  # noqa: E402
import specjson  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC = os.path.dirname(HERE)
REPO = os.path.dirname(SPEC)
METHODS = ("get", "put", "post", "delete", "head", "patch", "options")
IDEMPOTENT_BY_DEFAULT = {"get": True, "head": True, "put": True, "delete": True, "options": True,
                         "post": False, "patch": False}
PAGING_KINDS = {"entityListing"}
SECRET_TYPES = {"ClientSecret", "AccessToken", "RefreshToken"}
GROUP_KEYS = {"file", "default", "title", "generated"}
OPERATION_KEYS = {"idempotent", "paging", "retryAnswerMeansDone", "why", "doc", "clientDoc", "params", "revokesToken", "aboutOwnToken"}


class Report:
    def __init__(self):
        self.errors = []

    def fail(self, message):
        self.errors.append(message)


def operations_of(doc):
    for path, item in doc.get("paths", {}).items():
        for method, op in item.items():
            if method in METHODS:
                yield path, method, op


def reachable(doc):
    seen = set()
    pending = specjson.refs(doc.get("paths", {}))
    while pending:
        target = pending.pop()
        if not target.startswith("#/definitions/"):
            raise ValueError(f"unsupported $ref {target}")
        name = target[len("#/definitions/"):]
        if name in seen:
            continue
        if name not in doc.get("definitions", {}):
            raise ValueError(f"$ref {target} does not resolve")
        seen.add(name)
        pending.extend(specjson.refs(doc["definitions"][name]))
    return seen


def enum_sites(docs):
    """Every string enum: 'Model.prop' / 'Model.prop[]' / 'operationId.param' / 'operationId.param[]' -> values."""
    sites = {}
    for doc in docs.values():
        for name, definition in doc.get("definitions", {}).items():
            for prop, schema in (definition.get("properties") or {}).items():
                if schema.get("type") == "string" and "enum" in schema:
                    sites[f"{name}.{prop}"] = schema["enum"]
                items = schema.get("items") or {}
                if schema.get("type") == "array" and items.get("type") == "string" and "enum" in items:
                    sites[f"{name}.{prop}[]"] = items["enum"]
                extra = schema.get("additionalProperties")
                if isinstance(extra, dict) and "enum" in extra:
                    sites[f"{name}.{prop}{{}}"] = extra["enum"]
        for _, _, op in operations_of(doc):
            for param in op.get("parameters") or []:
                if param.get("in") == "body":
                    continue
                # A boolean parameter's ["true", "false"] is not a Rust enum.
                if param.get("type") == "string" and "enum" in param:
                    sites[f"{op['operationId']}.{param['name']}"] = param["enum"]
                items = param.get("items") or {}
                if param.get("type") == "array" and "enum" in items:
                    sites[f"{op['operationId']}.{param['name']}[]"] = items["enum"]
    return sites


def check_files(overrides, report):
    docs = {}
    for group, entry in overrides.get("groups", {}).items():
        if set(entry) != GROUP_KEYS:
            report.fail(f"overrides.json groups.{group}: keys {sorted(entry)}, expected {sorted(GROUP_KEYS)}")
        if not isinstance(entry.get("default"), bool):
            report.fail(f"overrides.json groups.{group}: `default` is not a boolean")
        file_name = entry.get("file", "")
        path = os.path.join(SPEC, file_name)
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
        except OSError as error:
            report.fail(f"groups.{group}: {error}")
            continue
        doc = json.loads(text)
        docs[file_name] = doc
        if doc.get("swagger") != "2.0":
            report.fail(f"{file_name}: not Swagger 2.0")
        if specjson.dump_document(doc) != text:
            report.fail(f"{file_name}: not in the deterministic layout (re-run convert.py or filter.py)")
        try:
            names = reachable(doc)
        except ValueError as error:
            report.fail(f"{file_name}: {error}")
            continue
        extra = set(doc.get("definitions", {})) - names
        if extra:
            report.fail(f"{file_name}: definitions no operation reaches: {sorted(extra)}")
        for target in specjson.refs(doc):
            name = target[len("#/definitions/"):]
            if not target.startswith("#/definitions/") or name not in doc.get("definitions", {}):
                report.fail(f"{file_name}: $ref {target} does not resolve")
        titles = [t.get("name") for t in doc.get("tags", [])]
        for path, method, op in operations_of(doc):
            if not set(op.get("tags") or []) & set(titles):
                report.fail(f"{file_name}: {method.upper()} {path} carries no tag of the file")
            if op.get("x-purecloud-method-name") != op.get("operationId"):
                report.fail(f"{file_name}: {op.get('operationId')}: x-purecloud-method-name differs")
            permissions = op.get("x-inin-requires-permissions")
            if permissions is not None and (
                permissions.get("type") not in ("ANY", "ALL") or not permissions.get("permissions")
            ):
                report.fail(f"{file_name}: {op.get('operationId')}: malformed x-inin-requires-permissions")
            successes = [s for s in op.get("responses", {}) if s.startswith("2")]
            if len(successes) != 1:
                report.fail(f"{file_name}: {op.get('operationId')}: {len(successes)} 2xx responses")

    # Shared definitions must be byte-identical.
    texts = {}
    for file_name, doc in docs.items():
        for name, definition in doc.get("definitions", {}).items():
            text = specjson.dumps(specjson.schema(definition))
            texts.setdefault(name, {}).setdefault(text, []).append(file_name)
    for name, variants in sorted(texts.items()):
        if len(variants) > 1:
            report.fail(f"definition {name} differs between {sorted(f for v in variants.values() for f in v)}")
    return docs


def check_overrides(overrides, docs, report):
    ops = {}
    for file_name, doc in docs.items():
        for path, method, op in operations_of(doc):
            ops[op["operationId"]] = (method, path, op)
    entries = overrides.get("operations", {})
    for op_id, (method, path, op) in sorted(ops.items()):
        entry = entries.get(op_id)
        if entry is None:
            report.fail(f"operations.{op_id}: missing")
            continue
        unknown = set(entry) - OPERATION_KEYS
        if unknown:
            report.fail(f"operations.{op_id}: unknown keys {sorted(unknown)}")
        if not isinstance(entry.get("idempotent"), bool):
            report.fail(f"operations.{op_id}: `idempotent` missing or not a boolean")
        elif entry["idempotent"] != IDEMPOTENT_BY_DEFAULT[method] and not entry.get("why"):
            report.fail(f"operations.{op_id}: `idempotent` differs from {method.upper()}'s default without `why`")
        if "paging" in entry and entry["paging"] not in PAGING_KINDS:
            report.fail(f"operations.{op_id}: paging kind `{entry['paging']}`")
        if "retryAnswerMeansDone" in entry:
            statuses = entry["retryAnswerMeansDone"]
            if method != "delete":
                report.fail(f"operations.{op_id}: retryAnswerMeansDone on {method.upper()}")
            if not isinstance(statuses, list) or not all(isinstance(s, int) and 100 <= s <= 599 for s in statuses):
                report.fail(f"operations.{op_id}: retryAnswerMeansDone is not a list of statuses")
    for op_id in sorted(set(entries) - set(ops)):
        report.fail(f"operations.{op_id}: no such operation in any group file")

    definitions = {}
    for doc in docs.values():
        definitions.update(doc.get("definitions", {}))

    def prop_exists(key):
        model, _, prop = key.partition(".")
        return prop in ((definitions.get(model) or {}).get("properties") or {})

    for model in overrides.get("models", {}):
        if model not in definitions:
            report.fail(f"models.{model}: no such definition")
    for entry in overrides.get("conversions", []):
        if entry.get("from") not in definitions or entry.get("to") not in definitions:
            report.fail(f"conversions: {entry.get('from')} -> {entry.get('to')}: a model is missing")
    for key in overrides.get("fieldDocs", {}):
        if not prop_exists(key):
            report.fail(f"fieldDocs.{key}: no such property")
    for key, name in overrides.get("fieldNames", {}).items():
        if not prop_exists(key):
            report.fail(f"fieldNames.{key}: no such property")
        if not re.fullmatch(r"[a-z][a-z0-9_]*", name or ""):
            report.fail(f"fieldNames.{key}: `{name}` is not a snake_case Rust name")
    for key, rust_type in overrides.get("secrets", {}).items():
        if not prop_exists(key):
            report.fail(f"secrets.{key}: no such property")
        if rust_type not in SECRET_TYPES:
            report.fail(f"secrets.{key}: type `{rust_type}` is not one of {sorted(SECRET_TYPES)}")
    for key in overrides.get("types", {}):
        if not prop_exists(key):
            report.fail(f"types.{key}: no such property")

    sites = enum_sites(docs)
    named = {}
    for name, entry in overrides.get("enums", {}).items():
        values = entry.get("values")
        for use in entry.get("usedBy", []):
            if use in named:
                report.fail(f"enums: {use} is used by both {named[use]} and {name}")
            named[use] = name
            if use not in sites:
                report.fail(f"enums.{name}: {use} is not an enum property or query parameter")
            elif sites[use] != values:
                report.fail(f"enums.{name}: values differ from {use}'s {sites[use]}")
    typed = set(overrides.get("types", {}))
    for site in sorted(sites):
        if site not in named and site not in typed:
            report.fail(f"enum {site} is named by no `enums` entry (nor typed by `types`)")
    return ops, sites


def check_filter(overrides, docs, report):
    merged = {"swagger": "2.0", "info": {"title": "merged", "version": "v2"}, "tags": [], "paths": {},
              "definitions": {}, "securityDefinitions": {}}
    for doc in docs.values():
        merged["tags"].extend(doc.get("tags", []))
        merged["securityDefinitions"].update(doc.get("securityDefinitions", {}))
        merged["definitions"].update(doc.get("definitions", {}))
        for path, item in doc.get("paths", {}).items():
            merged["paths"].setdefault(path, {}).update(item)
    for file_name, doc in docs.items():
        tags = [t["name"] for t in doc.get("tags", [])]
        try:
            filtered = specjson.document(swagger_filter.select(merged, tags))
        except ValueError as error:
            report.fail(f"filter.py {tags}: {error}")
            continue
        own = specjson.document(doc)
        for key in ("paths", "definitions"):
            if specjson.dumps(filtered[key]) != specjson.dumps(own[key]):
                report.fail(f"filter.py {tags}: `{key}` differs from {file_name}")


def check_reference(reference_dir, docs, report):
    paths = {name: os.path.join(reference_dir, name) for name in ("oauth-api.json", "neighbour-apis.json")}
    if not all(os.path.exists(p) for p in paths.values()):
        print(f"reference not found in {reference_dir}: reference comparison skipped")
        return
    with open(paths["oauth-api.json"], encoding="utf-8") as handle:
        oauth = json.load(handle)
    with open(paths["neighbour-apis.json"], encoding="utf-8") as handle:
        neighbour = json.load(handle)
    by_tag = {}
    for file_name, doc in docs.items():
        for tag in doc.get("tags", []):
            by_tag[tag["name"]] = doc

    def op_ids(doc):
        return {op["operationId"] for _, _, op in operations_of(doc)}

    oauth_doc = by_tag.get("OAuth", {})
    want = {op["operationId"] for op in oauth["operations"]}
    if op_ids(oauth_doc) != want:
        report.fail(f"OAuth operations differ from oauth-api.json: {sorted(op_ids(oauth_doc) ^ want)}")
    if set(oauth_doc.get("definitions", {})) != set(oauth["models"]):
        report.fail(f"OAuth definitions differ from oauth-api.json models: "
                    f"{sorted(set(oauth_doc.get('definitions', {})) ^ set(oauth['models']))}")
    neighbour_ops = set()
    neighbour_defs = set()
    for tag, doc in by_tag.items():
        if tag != "OAuth":
            neighbour_ops |= op_ids(doc)
            neighbour_defs |= set(doc.get("definitions", {}))
    want = {op["operationId"] for op in neighbour["operations"]}
    if neighbour_ops != want:
        report.fail(f"neighbour operations differ from neighbour-apis.json: {sorted(neighbour_ops ^ want)}")
    missing = set(neighbour["models"]) - neighbour_defs
    if missing:
        report.fail(f"neighbour models no operation reaches: {sorted(missing)}")
    beyond = sorted(neighbour_defs - set(neighbour["models"]))
    from_oauth = [name for name in beyond if name in oauth["models"]]
    unknown = [name for name in beyond if name not in oauth["models"]]
    if unknown:
        report.fail(f"neighbour definitions in neither reference: {unknown}")
    print(f"OAuth: {len(op_ids(oauth_doc))} operations, {len(oauth_doc.get('definitions', {}))} definitions "
          f"(reference: {len(oauth['operations'])}, {len(oauth['models'])})")
    print(f"Tokens+Authorization+Organization: {len(neighbour_ops)} operations, {len(neighbour_defs)} definitions "
          f"= {len(neighbour_defs) - len(beyond)} of the reference's {len(neighbour['models'])} models + "
          f"{len(from_oauth)} from oauth-api.json ({', '.join(from_oauth)})")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", default=os.path.join(REPO, "..", "shared", "reference"))
    args = parser.parse_args(argv)
    report = Report()
    with open(os.path.join(SPEC, "overrides.json"), encoding="utf-8") as handle:
        overrides = json.load(handle)
    docs = check_files(overrides, report)
    ops, sites = check_overrides(overrides, docs, report)
    check_filter(overrides, docs, report)
    check_reference(args.reference, docs, report)
    print(f"{len(docs)} files, {len(ops)} operations, {len(sites)} enum sites, "
          f"{len(overrides.get('enums', {}))} enums")
    for message in report.errors:
        print("FAIL " + message, file=sys.stderr)
    if report.errors:
        return 1
    print("spec/ is consistent")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
