#!/usr/bin/env python3
"""Cuts one API group out of the platform's full Swagger 2.0 document.

    python3 spec/tools/filter.py FULL_SWAGGER TAG [TAG ...] > spec/GROUP.swagger.json

FULL_SWAGGER is the platform's whole document (https://api.mypurecloud.com/api/v2/docs/swagger, saved to a file;
`-` reads standard input). The output keeps the operations that carry any of the TAGs, the definitions they
reach (transitively, through every `$ref`), any top-level `parameters`/`responses` they use, the TAGs' entries
of `tags`, the security schemes they name, and the document's other top-level fields (`info`, `host`, ...), in
the deterministic layout of spec/ (see specjson.py). Standard library only.
"""

import json
import sys

sys.dont_write_bytecode = True  # keep spec/tools free of __pycache__
import specjson  # noqa: E402

METHODS = ("get", "put", "post", "delete", "options", "head", "patch")
SECTIONS = ("definitions", "parameters", "responses")


def select(full, tags):
    """The filtered document; raises ValueError when a TAG has no operation or a `$ref` does not resolve."""
    wanted = set(tags)
    paths = {}
    found_tags = set()
    for path, item in full.get("paths", {}).items():
        kept = {}
        for method, op in item.items():
            if method in METHODS and isinstance(op, dict):
                hits = wanted.intersection(op.get("tags") or [])
                if hits:
                    kept[method] = op
                    found_tags.update(hits)
        if kept:
            # Path-level fields (shared `parameters`, ...) go along with the kept operations.
            for key, value in item.items():
                if key not in METHODS:
                    kept[key] = value
            paths[path] = kept
    missing = wanted - found_tags
    if missing:
        raise ValueError("no operation is tagged " + ", ".join(sorted(missing)))

    # Everything the operations reach, transitively, in each referable section.
    keep = {section: set() for section in SECTIONS}
    pending = specjson.refs(paths)
    while pending:
        target = pending.pop()
        parts = target.split("/")
        if len(parts) != 3 or parts[0] != "#" or parts[1] not in SECTIONS:
            raise ValueError(f"unsupported $ref {target}")
        section, name = parts[1], parts[2]
        if name in keep[section]:
            continue
        if name not in full.get(section, {}):
            raise ValueError(f"$ref {target} does not resolve")
        keep[section].add(name)
        pending.extend(specjson.refs(full[section][name]))

    schemes = set()
    for item in paths.values():
        for method, op in item.items():
            if method in METHODS:
                for requirement in op.get("security") or []:
                    schemes.update(requirement)
    for requirement in full.get("security") or []:
        schemes.update(requirement)

    out = {}
    for key, value in full.items():
        if key == "paths":
            out[key] = paths
        elif key in SECTIONS:
            if keep[key]:
                out[key] = {name: value[name] for name in keep[key]}
        elif key == "tags":
            out[key] = [tag for tag in value if tag.get("name") in wanted]
        elif key == "securityDefinitions":
            out[key] = {name: scheme for name, scheme in value.items() if name in schemes}
        else:
            out[key] = value
    if "definitions" not in out:
        out["definitions"] = {}
    return out


def main(argv):
    if len(argv) < 2 or argv[0] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    source, tags = argv[0], argv[1:]
    if source == "-":
        full = json.load(sys.stdin)
    else:
        with open(source, encoding="utf-8") as handle:
            full = json.load(handle)
    if full.get("swagger") != "2.0":
        print(f"filter.py: {source} is not a Swagger 2.0 document", file=sys.stderr)
        return 2
    try:
        filtered = select(full, tags)
    except ValueError as error:
        print(f"filter.py: {error}", file=sys.stderr)
        return 1
    sys.stdout.buffer.write(specjson.dump_document(filtered).encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
