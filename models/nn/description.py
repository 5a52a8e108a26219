"""The network description's schema (description.schema.json, format percepnet-nn/1): every
description is checked against it when it is saved and when it is loaded, and the layout of its
integer parameter blocks (the schema's x-fields / x-blocks) is read from it, so the Builder fills
the blocks by name and spec/nn/params.ts (generated from the same schema) reads them by name.

  python -m models.nn.description FILE.json...   check descriptions: one line per broken file
"""
import json
import os

from . import schema_check

SCHEMA_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "description.schema.json")
with open(SCHEMA_PATH) as _f:
    SCHEMA = json.load(_f)
schema_check.assert_supported(SCHEMA)
FORMAT = SCHEMA["properties"]["format"]["const"]


class DescriptionError(ValueError):
    """A description that does not follow the schema: one line, 'FILE: field: what is wrong'."""


def validate(desc, where="model.json"):
    e = schema_check.check(SCHEMA, desc)
    if e:
        raise DescriptionError(f"{where}: {e}")


def fields(block):
    """The names of a block's values, in order (e.g. fields("FcBlock"))."""
    return SCHEMA["$defs"][block]["x-fields"]


def block(name, **parts):
    """The integer parameter block NAME (e.g. "GruParams") from its named parts, in the schema's
    order; each part has its block's length."""
    d = SCHEMA["$defs"][name]
    out = []
    for part, kind in d["x-blocks"]:
        v = list(parts.pop(part))
        assert len(v) == SCHEMA["$defs"][kind]["minItems"], (name, part, len(v))
        out += v
    assert not parts, (name, sorted(parts))
    assert len(out) == d["minItems"], (name, len(out))
    return out


def main(argv=None):
    """python -m models.nn.description FILE.json...: check descriptions against the schema; one line
    per file that breaks it (exit 1), nothing for those that follow it."""
    import sys
    bad = 0
    for path in (sys.argv[1:] if argv is None else argv):
        try:
            with open(path) as f:
                validate(json.load(f), path)
        except (DescriptionError, json.JSONDecodeError) as e:
            print(e if isinstance(e, DescriptionError) else f"{path}: not JSON ({e})", file=sys.stderr)
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
