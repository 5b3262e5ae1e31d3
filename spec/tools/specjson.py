"""The deterministic JSON layout of the swagger files in spec/ (shared by convert.py, filter.py and check.py).

Layout: 2-space indent, UTF-8 kept as is, a trailing newline. Every object's keys are sorted, except where the
order carries meaning and is kept as given:
  - a schema's `properties` (the model's field order, which generated structs follow);
  - lists (`parameters`, `enum`, `required`, `tags`, ...), which keep their order.
Standard library only.
"""

import json

# Keys of a schema whose values are schemas themselves.
_SCHEMA_VALUED = ("items", "additionalProperties", "not")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")


def generic(value):
    """Any JSON value with every object's keys sorted (lists keep their order)."""
    if isinstance(value, dict):
        return {key: generic(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [generic(item) for item in value]
    return value


def schema(value):
    """A schema object: sorted keys, but `properties` keeps its order; nested schemas likewise."""
    if not isinstance(value, dict):
        return generic(value)
    out = {}
    for key in sorted(value):
        item = value[key]
        if key == "properties" and isinstance(item, dict):
            out[key] = {name: schema(prop) for name, prop in item.items()}
        elif key in _SCHEMA_VALUED and isinstance(item, dict):
            out[key] = schema(item)
        elif key in _SCHEMA_LISTS and isinstance(item, list):
            out[key] = [schema(sub) for sub in item]
        else:
            out[key] = generic(item)
    return out


def parameter(value):
    """A parameter object: sorted keys; its `schema` and `items` are schemas."""
    out = {}
    for key in sorted(value):
        item = value[key]
        if key in ("schema", "items") and isinstance(item, dict):
            out[key] = schema(item)
        else:
            out[key] = generic(item)
    return out


def response(value):
    """A response object: sorted keys; its `schema` is a schema."""
    out = {}
    for key in sorted(value):
        item = value[key]
        out[key] = schema(item) if key == "schema" and isinstance(item, dict) else generic(item)
    return out


def operation(value):
    """An operation object: sorted keys; parameters keep their order."""
    out = {}
    for key in sorted(value):
        item = value[key]
        if key == "parameters" and isinstance(item, list):
            out[key] = [parameter(p) if isinstance(p, dict) else generic(p) for p in item]
        elif key == "responses" and isinstance(item, dict):
            out[key] = {status: response(item[status]) for status in sorted(item)}
        else:
            out[key] = generic(item)
    return out


def path_item(value):
    """A path item: sorted keys; methods are operations, path-level parameters keep their order."""
    out = {}
    for key in sorted(value):
        item = value[key]
        if key == "parameters" and isinstance(item, list):
            out[key] = [parameter(p) if isinstance(p, dict) else generic(p) for p in item]
        elif key in ("get", "put", "post", "delete", "options", "head", "patch") and isinstance(item, dict):
            out[key] = operation(item)
        else:
            out[key] = generic(item)
    return out


def document(doc):
    """A whole Swagger 2.0 document in the canonical layout."""
    out = {}
    for key in sorted(doc):
        item = doc[key]
        if key == "paths":
            out[key] = {path: path_item(item[path]) for path in sorted(item)}
        elif key == "definitions":
            out[key] = {name: schema(item[name]) for name in sorted(item)}
        elif key == "parameters" and isinstance(item, dict):
            out[key] = {name: parameter(item[name]) for name in sorted(item)}
        elif key == "responses" and isinstance(item, dict):
            out[key] = {name: response(item[name]) for name in sorted(item)}
        else:
            out[key] = generic(item)
    return out


def dumps(value):
    """The text of an already-canonical value: 2-space indent, trailing newline."""
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def dump_document(doc):
    """The canonical text of a Swagger document."""
    return dumps(document(doc))


def refs(value):
    """Every `$ref` string inside a JSON value, in document order."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            for key, item in node.items():
                if key == "$ref" and isinstance(item, str):
                    found.append(item)
                else:
                    walk(item)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(value)
    return found
