"""Write a network description as a subset module: constant tables plus a state class and a step
function that call spec/nn's layers. The compiler turns it into exact JS and C like any spec
module, so the firmware runs the same network the .tflite holds.

  python -m models.nn.tables DESC_BASE --out FILE.ts [--prefix net]

DESC_BASE is a description (DESC_BASE.json + .bin, e.g. DIR/model). The module exports
  <P>_N_FEATURES, <P>_N_BANDS, <P>_COLLECT_SIZE     sizes
  class <Cap>State                                  every state, layer output and scratch array
  <p>_init(st)                                      build the activation tables, zero the states
  <p>_reset(st)                                     zero the states (start of a new stream)
  <p>_step(st, features, gain, strength)            one 10 ms frame: int8 in, two int8 34-vectors out
  <p>_collect(st, out)                              every layer output and state, in the order of
                                                    the .tflite's graph outputs (for tests)
"""
import argparse
import os

import numpy as np

from . import arch, description


def ident(name):
    return name.replace(".", "_")


def literal(a, per_line=24):
    vals = [str(int(v)) for v in np.asarray(a).reshape(-1)]
    lines = [", ".join(vals[i:i + per_line]) for i in range(0, len(vals), per_line)]
    return "[\n  " + ",\n  ".join(lines) + ",\n]"


def generate(desc, blob, out_path, prefix="net", spec_dir=None):
    """spec_dir: the spec folder the module is compiled with (its imports point there); default the
    repository's spec/ (a build stages a copy of spec/ with the model module in it: sim/c-build/spec-build.ts)."""
    P = prefix.upper()
    C = prefix[:1].upper() + prefix[1:] + "State"
    spec_dir = spec_dir or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "spec")
    spec = os.path.relpath(os.path.abspath(spec_dir), os.path.dirname(os.path.abspath(out_path))).replace(os.sep, "/")
    if not spec.startswith("."):
        spec = "./" + spec
    T = desc["tensors"]
    consts = []
    fields = []
    resets = []
    inits = []
    body = []
    collect = []
    body_alias = {}  # GRU output tensor -> its state array (the output is the state)

    def table(name, a, kind):
        consts.append(f"const {name}: {kind} = new {kind}({literal(a)});")
        return name

    def fc_tables(base, f, p):
        w = table(f"{base}_W", arch.get_array(blob, f["w"]), "Int8Array")
        b = table(f"{base}_B", arch.get_array(blob, f["b"]), "Int32Array")
        m = table(f"{base}_M", f["mult"], "Int32Array")
        s = table(f"{base}_S", f["shift"], "Int32Array")
        return w, b, m, s

    def field(name, n):
        fields.append(f"  {name}: Int8Array = new Int8Array({n});")
        return f"st.{name}"

    def tref(tname):
        if tname == desc["inputs"][0]:
            return "features"
        return f"st.{ident(tname)}"

    outputs = desc["outputs"]
    out_arg = {outputs[0]: "gain", outputs[1]: "strength"} if len(outputs) == 2 else {}
    for L in desc["layers"]:
        n = ident(L["name"])
        base = f"{P}_{n.upper()}"
        p = table(f"{base}_P", L["p"], "Int32Array")
        if L["kind"] in ("dense", "conv1d"):
            f = L["fc"]
            w, b, m, s = fc_tables(base, f, p)
            pre = field(f"{n}_pre", f["rows"])
            out = out_arg.get(L["output"])
            if out is None:
                out = field(ident(L["output"]), f["rows"])
            act = "ACT_TANH" if L["act"] == "tanh" else "ACT_LOGISTIC"
            lut = field(f"{n}_lut", 256)
            inits.append(f"  layer_init_lut({act}, {p}, 0, {lut}, 0);")
            x = tref(L["input"])
            if L["kind"] == "dense":
                body.append(f"  dense_s8({x}, 0, {w}, {b}, {m}, {s}, {f['rows']}, {f['cols']}, {pre}, {out}, 0, {p}, 0, {lut}, 0);")
            else:
                state = field(ident(L["state"]), T[L["state"]]["size"])
                cat = field(ident(L["cat"]), L["kernel"] * L["channels"])
                resets.append((state, T[L["state"]]["size"]))
                body.append(f"  conv1d_s8({x}, 0, {state}, {L['channels']}, {L['kernel']}, {w}, {b}, {m}, {s}, {f['rows']}, {cat}, {pre}, {out}, 0, {p}, 0, {lut}, 0);")
        else:
            fcs = [fc_tables(f"{base}_{k[1:].upper()}", L[k], p) for k in ("fz", "fr", "fnx", "fnh")]
            H, nin = L["hidden"], L["input_size"]
            state = field(ident(L["state"]), H)
            resets.append((state, H))
            scratch = field(f"{n}_scratch", nin + 12 * H)
            luts = field(f"{n}_luts", 768)
            inits.append(f"  gru_init_luts({p}, 0, {luts}, 0);")
            if len(L["inputs"]) == 1:
                x = tref(L["inputs"][0])
            else:
                x = field(ident(L["x"]), nin)
                off = 0
                for i in L["inputs"]:
                    body.append(f"  copy_s8({tref(i)}, 0, {x}, {off}, {T[i]['size']});")
                    off += T[i]["size"]
            args = ", ".join(", ".join(fc) for fc in fcs)
            body.append(f"  gru_s8({x}, 0, {nin}, {state}, {H}, {args}, {p}, 0, {scratch}, {luts}, 0);")
            # The GRU output is its state: later layers read the state array.
            body_alias[L["output"]] = state
    # Layer outputs that are GRU outputs live in the state arrays.
    text = "\n".join(body)
    for tname, st_ref in body_alias.items():
        text = text.replace(f"st.{ident(tname)}", st_ref)
    names = list(outputs) + [L["output"] for L in desc["layers"] if L["output"] not in outputs] + \
        [L["state"] + ".next" for L in desc["layers"] if "state" in L]
    off = 0
    for nm in names:
        t = nm[:-5] if nm.endswith(".next") else nm
        if t in out_arg:
            src = f"st.{ident(t)}_copy"  # written to the caller's array; a copy is kept
        elif t in body_alias:
            src = body_alias[t]
        else:
            src = f"st.{ident(t)}"
        size = T[t]["size"]
        collect.append((src, off, size, t))
        off += size
    # gain/strength are written to the caller's arrays; keep copies for collect.
    copies = []
    for t, arg in out_arg.items():
        fld = field(ident(t) + "_copy", T[t]["size"])
        copies.append(f"  copy_s8({arg}, 0, {fld}, 0, {T[t]['size']});")
    lines = [
        f"// Generated by `python -m models.nn.tables` from {desc['name']} ({desc['format']}, profile {desc.get('profile')}).",
        "// Do not edit: regenerate from the description.",
        f'import {{ type i32 }} from "{spec}/prelude.ts";',
        f'import {{ copy_s8 }} from "{spec}/nn/elementwise.ts";',
        f'import {{ ACT_LOGISTIC, ACT_TANH }} from "{spec}/nn/activations.ts";',
        f'import {{ conv1d_s8, dense_s8, gru_init_luts, gru_s8, layer_init_lut }} from "{spec}/nn/layers.ts";',
        "",
        f"export const {P}_N_FEATURES: i32 = {T[desc['inputs'][0]]['size']};",
        f"export const {P}_N_BANDS: i32 = {T[outputs[0]]['size']};",
        f"export const {P}_COLLECT_SIZE: i32 = {off};",
        "",
        *consts,
        "",
        f"export class {C} {{",
        *fields,
        "}",
        "",
        "/** Build the activation tables and zero the states: call once before the first step. */",
        f"export function {prefix}_init(st: {C}): void {{",
        *inits,
        f"  {prefix}_reset(st);",
        "}",
        "",
        "/** Zero every state: the start of a stream. */",
        f"export function {prefix}_reset(st: {C}): void {{",
        *[f"  for (let k: i32 = 0; k < {n}; k++) {ref}[k] = 0;" for ref, n in resets],
        "}",
        "",
        f"/** One frame: {T[desc['inputs'][0]]['size']} int8 features in; int8 gains and strengths out. */",
        f"export function {prefix}_step(st: {C}, features: Int8Array, gain: Int8Array, strength: Int8Array): void {{",
        text,
        *copies,
        "}",
        "",
        "/** Every layer output and state after the last step, in the .tflite's graph output order. */",
        f"export function {prefix}_collect(st: {C}, out: Int8Array): void {{",
        *[f"  copy_s8({src}, 0, out, {o}, {n}); // {t}" for src, o, n, t in collect],
        "}",
        "",
    ]
    with open(out_path, "w") as f:
        f.write("\n".join(lines))
    return names


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("desc")
    ap.add_argument("--out", required=True)
    ap.add_argument("--prefix", default="net")
    a = ap.parse_args(argv)
    try:
        desc, blob = arch.load(a.desc)
    except description.DescriptionError as e:
        raise SystemExit(f"tables: {e}")  # one line naming the field, no traceback
    generate(desc, blob, a.out, a.prefix)


if __name__ == "__main__":
    main()
