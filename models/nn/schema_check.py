"""A JSON Schema checker for the keywords the description schema (description.schema.json) uses, and
no more: the first violation as one line naming the field ('layers[3].fc.rows: expected an integer,
got "32"'). models/nn/schema-check.ts is the same checker in TypeScript, with the same messages
(test/nn/description-schema.test.ts holds them to it). A schema using any other keyword is refused,
so a keyword cannot be written and silently ignored.

Why not the jsonschema package: it is not in the .venv the tools run in (requirements/nn.txt), and
this covers the keywords one versioned schema needs.
"""
import json
import math

KEYWORDS = {"type", "const", "enum", "properties", "required", "additionalProperties", "items", "minItems",
            "maxItems", "minimum", "maximum", "exclusiveMinimum", "minLength", "$ref", "oneOf", "$defs"}
ANNOTATIONS = {"$schema", "$id", "title", "description", "$comment"}

TYPE_NAMES = {"integer": "an integer", "number": "a number", "string": "a string", "boolean": "a boolean",
              "array": "an array", "object": "an object", "null": "null"}


def assert_supported(node, at="#"):
    """Raises ValueError if the schema uses a keyword this checker does not implement."""
    if isinstance(node, bool):
        return
    for k, v in node.items():
        if k not in KEYWORDS and k not in ANNOTATIONS and not k.startswith("x-"):
            raise ValueError(f"schema {at}: keyword {k} is not supported by models/nn/schema_check.py")
        if k in ("properties", "$defs"):
            for p, s in v.items():
                assert_supported(s, f"{at}/{k}/{p}")
        if k in ("items", "additionalProperties"):
            assert_supported(v, f"{at}/{k}")
        if k == "oneOf":
            for i, s in enumerate(v):
                assert_supported(s, f"{at}/oneOf/{i}")


def _json(v):
    """A scalar as JavaScript's JSON.stringify writes it (so both checkers' messages agree)."""
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e21:
        return str(int(v))
    return json.dumps(v, ensure_ascii=False)


def _shown(v):
    if isinstance(v, list):
        return "an array"
    if isinstance(v, dict):
        return "an object"
    return _json(v)


def _is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _has_type(v, t):
    if t == "integer":
        return _is_number(v) and (isinstance(v, int) or (math.isfinite(v) and float(v).is_integer()))
    if t == "number":
        return _is_number(v) and math.isfinite(v)
    if t == "string":
        return isinstance(v, str)
    if t == "boolean":
        return isinstance(v, bool)
    if t == "array":
        return isinstance(v, list)
    if t == "object":
        return isinstance(v, dict)
    if t == "null":
        return v is None
    raise ValueError(f"schema: type {t}")


def _field(at, key):
    return f"{at}.{key}" if at else key


def _where(at):
    return at or "(the document)"


def _num(v):
    return _json(v)


def check(root, value):
    """The first violation of VALUE against the schema ROOT, as 'field: what is wrong', or None."""
    defs = root.get("$defs", {}) if isinstance(root, dict) else {}

    def resolve(ref):
        prefix = "#/$defs/"
        if not ref.startswith(prefix) or ref[len(prefix):] not in defs:
            raise ValueError(f"schema: $ref {ref} is not a #/$defs/ entry")
        return defs[ref[len(prefix):]]

    def visit(s, v, at):
        if s is True:
            return None
        if s is False:
            return f"{_where(at)}: not allowed"
        if isinstance(s.get("$ref"), str):
            return visit(resolve(s["$ref"]), v, at)
        if "const" in s and not _equal(v, s["const"]):
            return f"{_where(at)}: expected {_json(s['const'])}, got {_shown(v)}"
        if isinstance(s.get("enum"), list) and not any(_equal(v, e) for e in s["enum"]):
            return f"{_where(at)}: expected one of {', '.join(_json(e) for e in s['enum'])}, got {_shown(v)}"
        if "type" in s:
            types = s["type"] if isinstance(s["type"], list) else [s["type"]]
            if not any(_has_type(v, t) for t in types):
                return f"{_where(at)}: expected {' or '.join(TYPE_NAMES[t] for t in types)}, got {_shown(v)}"
        if isinstance(s.get("oneOf"), list):
            return one_of(s["oneOf"], v, at)
        if _is_number(v):
            if _is_number(s.get("minimum")) and v < s["minimum"]:
                return f"{_where(at)}: {_num(v)} is below the minimum {_num(s['minimum'])}"
            if _is_number(s.get("maximum")) and v > s["maximum"]:
                return f"{_where(at)}: {_num(v)} is above the maximum {_num(s['maximum'])}"
            if _is_number(s.get("exclusiveMinimum")) and v <= s["exclusiveMinimum"]:
                return f"{_where(at)}: {_num(v)} is not above {_num(s['exclusiveMinimum'])}"
        if isinstance(v, str) and isinstance(s.get("minLength"), int) and len(v) < s["minLength"]:
            return f"{_where(at)}: shorter than {s['minLength']} characters"
        if isinstance(v, list):
            lo, hi = s.get("minItems"), s.get("maxItems")
            if lo is not None and lo == hi and len(v) != lo:
                return f"{_where(at)}: {len(v)} values, expected {lo}"
            if lo is not None and len(v) < lo:
                return f"{_where(at)}: {len(v)} values, expected at least {lo}"
            if hi is not None and len(v) > hi:
                return f"{_where(at)}: {len(v)} values, expected at most {hi}"
            if "items" in s:
                for i, x in enumerate(v):
                    e = visit(s["items"], x, f"{at}[{i}]")
                    if e:
                        return e
        if isinstance(v, dict):
            for k in s.get("required", []):
                if k not in v:
                    return f'{_where(at)}: missing field "{k}"'
            props = s.get("properties", {})
            for k, x in v.items():
                sub = props[k] if k in props else s.get("additionalProperties")
                if sub is False:
                    return f'{_where(at)}: unknown field "{k}"'
                if sub is not None:
                    e = visit(sub, x, _field(at, k))
                    if e:
                        return e
        return None

    def one_of(branches, v, at):
        # oneOf over object branches told apart by one const property (the layers' "kind"): the
        # branch that property selects, so the message is that branch's.
        resolved = [resolve(b["$ref"]) if isinstance(b, dict) and isinstance(b.get("$ref"), str) else b for b in branches]
        tags = [next(((k, p) for k, p in b.get("properties", {}).items() if isinstance(p, dict) and "const" in p), None)
                if isinstance(b, dict) else None for b in resolved]
        key = tags[0][0] if tags[0] else None
        if key is None or any(t is None or t[0] != key for t in tags):
            raise ValueError("schema: oneOf needs branches told apart by one const property")
        if not isinstance(v, dict):
            return f"{_where(at)}: expected an object, got {_shown(v)}"
        if key not in v:
            return f'{_where(at)}: missing field "{key}"'
        tag = v[key]
        for t, b in zip(tags, resolved):
            if _equal(t[1]["const"], tag):
                return visit(b, v, at)
        return f"{_field(at, key)}: expected one of {', '.join(_json(t[1]['const']) for t in tags)}, got {_shown(tag)}"

    return visit(root, value, "")


def _equal(a, b):
    """JSON equality for the scalars const and enum hold (a boolean is not a number)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return a == b
