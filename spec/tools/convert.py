#!/usr/bin/env python3
"""Converts the hand-checked API reference into the platform's own format: one Swagger 2.0 file per API group.

    python3 spec/tools/convert.py [OAUTH_JSON [NEIGHBOUR_JSON]] [--out DIR] [--group TAG ...] [--check]

OAUTH_JSON and NEIGHBOUR_JSON default to ../shared/reference/oauth-api.json and neighbour-apis.json, relative to
the repository root; DIR defaults to spec/. Writes oauth.swagger.json, tokens.swagger.json,
authorization.swagger.json and organization.swagger.json (only the files of the given groups with --group, e.g.
`--group Tokens`). With --check nothing is written: the exit status is 1 when a file would change.

Only the reference's facts are converted (keys, types, formats, integer widths, enums, required, readOnly,
descriptions, permissions, parameters, known error codes, success responses); its notes, SDK type names and
version history stay in the reference. Each file is self-contained: its `definitions` hold every model its
operations reach, transitively, so a model can appear in several files, always byte-identical.
Standard library only.
"""

import argparse
import json
import os
import sys

sys.dont_write_bytecode = True  # keep spec/tools free of __pycache__
import specjson  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_REFERENCE = os.path.join(REPO, "..", "shared", "reference")

# API group tag -> file, in the order of spec/overrides.json.
GROUPS = (
    ("OAuth", "oauth.swagger.json"),
    ("Tokens", "tokens.swagger.json"),
    ("Authorization", "authorization.swagger.json"),
    ("Organization", "organization.swagger.json"),
)
# oauth-api.json's operations carry no `api` field: they are all of this group.
OAUTH_REFERENCE_GROUP = "OAuth"

SECURITY_NAME = "PureCloud OAuth"
SECURITY_DEFINITIONS = {
    SECURITY_NAME: {
        "type": "oauth2",
        "flow": "implicit",
        "authorizationUrl": "https://login.mypurecloud.com/oauth/authorize",
        # The reference names no OAuth scope per operation, so none is declared here.
        "scopes": {},
    }
}

# Texts the platform uses (seen in the swagger fragments the Genesys CLI embeds, e.g. platform-client-sdk-cli
# build/gc/cmd/oauth_clients/oauth_clients.go and build/gc/cmd/tokens/tokens.go).
SUCCESS_WITH_BODY = "successful operation"
SUCCESS_EMPTY = "Operation was successful."
BAD_REQUEST = "The request could not be understood by the server due to malformed syntax."
# What the reference says of every other non-2xx answer (conventions.errors).
ANY_ERROR = (
    "Any other non-2xx status: the body is an ErrorBody; the response header ININ-Correlation-Id identifies "
    "the request."
)
ANY_ERROR_HEAD = (
    "Any other non-2xx status. A HEAD response never has a body (not even an ErrorBody): use the status "
    "only; the response header ININ-Correlation-Id identifies the request."
)

SCALARS = {
    "string": {"type": "string"},
    "bool": {"type": "boolean"},
    "datetime": {"type": "string", "format": "date-time"},
    "date": {"type": "string", "format": "date"},
    # Arbitrary JSON (Swift JSON, Go interface{}, .NET Object).
    "object": {"type": "object"},
}
NUMERIC_FORMATS = {"int": ("integer", ("int32", "int64")), "number": ("number", ("float", "double"))}


class ConversionError(Exception):
    """A fact of the reference that cannot be converted; the message names the place."""


def fail(where, message):
    raise ConversionError(f"{where}: {message}")


def ref(model):
    return {"$ref": "#/definitions/" + model}


# ---------------------------------------------------------------------------------------------------------
# Types


def type_schema(text, number_format, models, where):
    """The schema of a reference type: string, bool, int, number, datetime, date, object, list<T>,
    map<string,T> or a model name. `number_format` is the width of the innermost int/number."""
    text = text.strip()
    if text.startswith("list<") and text.endswith(">"):
        return {"type": "array", "items": type_schema(text[5:-1], number_format, models, where)}
    if text.startswith("map<") and text.endswith(">"):
        key, _, value = text[4:-1].partition(",")
        if key.strip() != "string":
            fail(where, f"map key type `{key}` (only string keys exist in JSON)")
        return {"type": "object", "additionalProperties": type_schema(value, number_format, models, where)}
    if text in NUMERIC_FORMATS:
        swagger_type, formats = NUMERIC_FORMATS[text]
        if number_format not in formats:
            fail(where, f"`{text}` needs a format among {formats}, found {number_format!r}")
        return {"type": swagger_type, "format": number_format}
    if text in SCALARS:
        return dict(SCALARS[text])
    if text in models:
        return ref(text)
    fail(where, f"unknown type or model `{text}`")


def innermost(schema):
    while schema.get("type") == "array" or "additionalProperties" in schema:
        schema = schema["items"] if schema.get("type") == "array" else schema["additionalProperties"]
    return schema


def property_schema(field, models, where):
    kind = field["type"]
    number_format = field.get("valueFormat") if kind.startswith("map<") else field.get("format")
    schema = type_schema(kind, number_format, models, where)
    # A format beside a type that fixes its own (datetime, date) must agree with it.
    if field.get("format") and not kind.startswith(("map<", "list<")) and kind not in NUMERIC_FORMATS:
        if schema.get("format") != field["format"]:
            fail(where, f"format `{field['format']}` disagrees with type `{kind}`")
    if field.get("enum"):
        if schema != {"type": "string"}:
            fail(where, "an enum on something else than a string")
        schema["enum"] = list(field["enum"])
    if field.get("itemEnum"):
        if schema != {"type": "array", "items": {"type": "string"}}:
            fail(where, "an item enum on something else than a list of strings")
        schema["items"]["enum"] = list(field["itemEnum"])
    if field.get("readOnly"):
        schema["readOnly"] = True
    if field.get("description"):
        schema["description"] = field["description"]
    return schema


def definition(name, model, models):
    properties = {}
    required = []
    for field in model["fields"]:
        key = field["json"]
        where = f"model {name}.{key}"
        if key in properties:
            fail(where, "duplicate JSON key")
        properties[key] = property_schema(field, models, where)
        if field.get("required"):
            required.append(key)
    out = {"type": "object", "properties": properties}
    if required:
        out["required"] = required
    return out


# ---------------------------------------------------------------------------------------------------------
# Operations


def parameter(param, location, where):
    where = f"{where} parameter `{param['name']}`"
    out = {"name": param["name"], "in": location}
    if param.get("description"):
        out["description"] = param["description"]
    out["required"] = True if location == "path" else bool(param.get("required", False))
    if location == "path" and not param.get("required", True):
        fail(where, "a path parameter that is not required")
    kind = param["type"]
    if kind == "string":
        out["type"] = "string"
    elif kind == "bool":
        out["type"] = "boolean"
    elif kind == "int":
        if param.get("format") not in ("int32", "int64"):
            fail(where, f"integer without int32/int64 format ({param.get('format')!r})")
        out["type"] = "integer"
        out["format"] = param["format"]
    elif kind == "list<string>":
        out["type"] = "array"
        out["items"] = {"type": "string"}
        if param.get("itemEnum"):
            out["items"]["enum"] = list(param["itemEnum"])
        if not param.get("collectionFormat"):
            fail(where, "an array parameter without collectionFormat")
        out["collectionFormat"] = param["collectionFormat"]
    else:
        fail(where, f"parameter type `{kind}`")
    if location == "path" and out["type"] != "string":
        fail(where, "a path parameter that is not a string")
    if param.get("enum"):
        out["enum"] = list(param["enum"])
    if "default" in param and param["default"] is not None:
        out["default"] = param["default"]
    return out


def operation(op, tag, models, where):
    method = op["method"].lower()
    parameters = []
    for param in op.get("pathParams") or []:
        parameters.append(parameter(param, "path", where))
    for param in op.get("queryParams") or []:
        parameters.append(parameter(param, "query", where))
    for param in op.get("headerParams") or []:
        parameters.append(parameter(param, "header", where))
    body = op.get("body")
    if body:
        if body["type"] not in models:
            fail(where, f"body model `{body['type']}` is not defined")
        out_body = {"name": "body", "in": "body", "required": bool(body.get("required"))}
        if body.get("description"):
            out_body["description"] = body["description"]
        out_body["schema"] = ref(body["type"])
        parameters.append(out_body)
    names = [(p["in"], p["name"]) for p in parameters]
    if len(set(names)) != len(names):
        fail(where, "duplicate parameter")
    for placeholder in op["path"].split("{")[1:]:
        name = placeholder.split("}")[0]
        if ("path", name) not in names:
            fail(where, f"path placeholder {{{name}}} has no path parameter")

    error_model = op.get("errorModel") or "ErrorBody"
    if error_model not in models:
        fail(where, f"error model `{error_model}` is not defined")
    responses = {}
    returns = op.get("returns")
    if returns:
        if returns not in models:
            fail(where, f"response model `{returns}` is not defined")
        responses["200"] = {"description": SUCCESS_WITH_BODY, "schema": ref(returns)}
    elif method == "head":
        # HEAD answers with the status of the matching GET (200) and never a body.
        responses["200"] = {"description": SUCCESS_EMPTY}
    else:
        responses["204"] = {"description": SUCCESS_EMPTY}
    for status, codes in sorted((op.get("knownErrorCodes") or {}).items()):
        if status != "400":
            fail(where, f"known error codes for status {status}: only 400 has a platform description here")
        responses[status] = {
            "description": BAD_REQUEST,
            "schema": ref(error_model),
            "x-inin-error-codes": dict(codes),
        }
    if method == "head":
        responses["default"] = {"description": ANY_ERROR_HEAD}
    else:
        responses["default"] = {"description": ANY_ERROR, "schema": ref(error_model)}

    auth = op.get("auth") or []
    for name in auth:
        if name not in SECURITY_DEFINITIONS:
            fail(where, f"security scheme `{name}` is not declared")
    out = {
        "tags": [tag],
        "summary": op["summary"],
        "description": op.get("description") or "",
        "operationId": op["operationId"],
        "produces": list(op.get("produces") or ["application/json"]),
        "consumes": list(op.get("consumes") or ["application/json"]),
        "parameters": parameters,
        "responses": responses,
        "security": [{name: []} for name in auth],
        "x-purecloud-method-name": op["operationId"],
    }
    permissions = op.get("permissions") or {"mode": "NONE", "list": []}
    mode = permissions.get("mode")
    if mode in ("ANY", "ALL"):
        if not permissions.get("list"):
            fail(where, f"permission mode {mode} with no permission")
        out["x-inin-requires-permissions"] = {"type": mode, "permissions": list(permissions["list"])}
    elif mode != "NONE" or permissions.get("list"):
        fail(where, f"permissions {permissions!r}")
    if op.get("preview"):
        out["x-genesys-preview"] = True
    if op.get("deprecated"):
        out["deprecated"] = True
    return method, out


# ---------------------------------------------------------------------------------------------------------
# Documents


def reachable(paths, definitions):
    """Names of the models the operations reach, transitively."""
    seen = set()
    pending = specjson.refs(paths)
    while pending:
        target = pending.pop()
        if not target.startswith("#/definitions/"):
            raise ConversionError(f"unsupported $ref {target}")
        name = target[len("#/definitions/"):]
        if name in seen:
            continue
        if name not in definitions:
            raise ConversionError(f"$ref to undefined model {name}")
        seen.add(name)
        pending.extend(specjson.refs(definitions[name]))
    return seen


def source_line(reference):
    source = reference.get("source", {})
    primary = source.get("primary", {})
    return (
        f"{source.get('seed', '?')} (repo {primary.get('repo', '?')}, commit {primary.get('commit', '?')}, "
        f"{primary.get('date', '?')})"
    )


def build(oauth, neighbour):
    """The four documents, keyed by file name."""
    models = {}
    model_source = {}
    for label, reference in (("oauth-api.json", oauth), ("neighbour-apis.json", neighbour)):
        for name, model in reference["models"].items():
            if name in models:
                fail(f"{label} model {name}", "defined in both reference files")
            models[name] = model
            model_source[name] = label
    definitions = {name: definition(name, model, models) for name, model in models.items()}

    operations = []  # (tag, path, method, operation)
    seen_ids = set()
    seen_routes = set()
    for label, reference in (("oauth-api.json", oauth), ("neighbour-apis.json", neighbour)):
        for op in reference["operations"]:
            tag = op.get("api") or (OAUTH_REFERENCE_GROUP if label == "oauth-api.json" else None)
            where = f"{label} operation {op.get('operationId')}"
            if tag not in dict(GROUPS):
                fail(where, f"API group `{tag}` has no swagger file")
            if op["operationId"] in seen_ids:
                fail(where, "duplicate operationId")
            seen_ids.add(op["operationId"])
            method, converted = operation(op, tag, models, where)
            if (op["path"], method) in seen_routes:
                fail(where, f"duplicate route {method.upper()} {op['path']}")
            seen_routes.add((op["path"], method))
            operations.append((tag, op["path"], method, converted))

    sources = {
        "OAuth": source_line(oauth),
        "neighbour": source_line(neighbour),
    }
    documents = {}
    for tag, file_name in GROUPS:
        paths = {}
        for op_tag, path, method, converted in operations:
            if op_tag == tag:
                paths.setdefault(path, {})[method] = converted
        names = reachable(paths, definitions)
        origin = sources["OAuth"] if tag == "OAuth" else sources["neighbour"]
        shared = sorted(n for n in names if model_source[n] == "oauth-api.json") if tag != "OAuth" else []
        description = (
            f"The {tag} operations of the Genesys Cloud Platform API v2, in the platform's own format (Swagger "
            f"2.0 with its vendor extensions). Converted by spec/tools/convert.py from the hand-checked "
            f"reference built from {origin}."
        )
        if shared:
            description += (
                " Models shared with the OAuth group (" + ", ".join(shared) + ") come from the OAuth reference, "
                "built from " + sources["OAuth"] + "."
            )
        documents[file_name] = {
            "swagger": "2.0",
            "info": {"title": f"Genesys Cloud Platform API v2: {tag}", "version": "v2", "description": description},
            "host": "api.mypurecloud.com",
            "schemes": ["https"],
            "consumes": ["application/json"],
            "produces": ["application/json"],
            "tags": [{"name": tag}],
            "securityDefinitions": SECURITY_DEFINITIONS,
            "paths": paths,
            "definitions": {name: definitions[name] for name in names},
        }
    return documents


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("oauth", nargs="?", default=os.path.join(DEFAULT_REFERENCE, "oauth-api.json"),
                        help="the OAuth reference (default ../shared/reference/oauth-api.json)")
    parser.add_argument("neighbour", nargs="?", default=os.path.join(DEFAULT_REFERENCE, "neighbour-apis.json"),
                        help="the Tokens/Authorization/Organization reference (default ../shared/reference/"
                        "neighbour-apis.json)")
    parser.add_argument("--out", default=os.path.join(REPO, "spec"), help="directory to write to (default spec/)")
    parser.add_argument("--group", action="append", choices=[tag for tag, _ in GROUPS],
                        help="only this group's file (repeatable); default all four")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when a file would change")
    args = parser.parse_args(argv)

    with open(args.oauth, encoding="utf-8") as handle:
        oauth = json.load(handle)
    with open(args.neighbour, encoding="utf-8") as handle:
        neighbour = json.load(handle)
    try:
        documents = build(oauth, neighbour)
    except ConversionError as error:
        print(f"convert.py: {error}", file=sys.stderr)
        return 2

    wanted = {file_name for tag, file_name in GROUPS if not args.group or tag in args.group}
    changed = []
    for file_name, doc in documents.items():
        if file_name not in wanted:
            continue
        text = specjson.dump_document(doc)
        target = os.path.join(args.out, file_name)
        try:
            with open(target, encoding="utf-8") as handle:
                current = handle.read()
        except FileNotFoundError:
            current = None
        if current != text:
            changed.append(file_name)
            if not args.check:
                with open(target, "w", encoding="utf-8", newline="\n") as handle:
                    handle.write(text)
        operations = sum(len(item) for item in doc["paths"].values())
        print(f"{file_name}: {operations} operations, {len(doc['definitions'])} definitions")
    if args.check and changed:
        print("would change: " + ", ".join(changed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
