// The network description has one versioned schema (models/nn/description.schema.json): the
// committed TS types and spec/nn's parameter offsets are what the schema generates; every committed
// model follows it; the parameter blocks hold, at the offsets spec/nn reads by name, the values the
// description names; and a description that breaks it gets one line naming the field, the same
// line from the TypeScript and the Python checker.
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { descriptionProblem, readDescription, type Description, type Fc } from "../../models/nn/description.ts";
import { generatedParams, generatedTypes, PARAMS_FILE, readSchema, TYPES_FILE } from "../../scripts/description-types.ts";
import * as P from "../../spec/nn/params.ts";
import { ROOT, tmpDir, venvPython } from "./helpers.ts";

const MODELS = ["headset", "m7", "full"].map((m) => path.join(ROOT, "models/trained", m, "model.json"));
const headset = () => JSON.parse(fs.readFileSync(MODELS[0], "utf8")) as Description;

/** Python's verdict (models/nn/description.py) on each file: its one error line, or "" if it follows the schema. */
function pythonVerdicts(files: string[]): string[] {
  return files.map((f) => {
    const r = spawnSync(venvPython(), ["-m", "models.nn.description", f], { cwd: ROOT, encoding: "utf8" });
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    return r.stderr.trim();
  });
}

describe("nn description schema (percepnet-nn/1)", function () {
  this.timeout(120_000);

  it("the committed TS types and spec/nn/params.ts are what scripts/description-types.ts generates from the schema", function () {
    const schema = readSchema();
    assert.equal(fs.readFileSync(TYPES_FILE, "utf8"), generatedTypes(schema), "run npx tsx scripts/description-types.ts");
    assert.equal(fs.readFileSync(PARAMS_FILE, "utf8"), generatedParams(schema), "run npx tsx scripts/description-types.ts");
  });

  it("every committed model's description follows the schema (TypeScript and Python)", function () {
    for (const f of MODELS) assert.equal(descriptionProblem(JSON.parse(fs.readFileSync(f, "utf8"))), undefined, f);
    assert.deepEqual(pythonVerdicts(MODELS), ["", "", ""]);
  });

  it("each layer's parameter block holds its FC, activation and element-wise blocks at the offsets spec/nn reads by name", function () {
    const fc = (f: Fc) => [f.in_zero, f.out_zero, f.act_min, f.act_max];
    const at = (p: number[], o: number, n: number) => p.slice(o, o + n);
    for (const l of headset().layers) {
      if (l.kind === "gru") {
        assert.equal(l.p.length, P.GRU_SIZE);
        for (const [o, f] of [[P.GRU_FZ, l.fz], [P.GRU_FR, l.fr], [P.GRU_FNX, l.fnx], [P.GRU_FNH, l.fnh]] as const) assert.deepEqual(at(l.p, o, P.FC_SIZE), fc(f), l.name);
        assert.deepEqual(at(l.p, P.GRU_Z_ACT, P.ACT_SIZE), l.q.z_act);
        assert.deepEqual(at(l.p, P.GRU_R_ACT, P.ACT_SIZE), l.q.r_act);
        assert.deepEqual(at(l.p, P.GRU_RN_MUL, P.MUL_SIZE), l.q.rn_mul);
        assert.deepEqual(at(l.p, P.GRU_NPRE_ADD, P.ADD_SIZE), l.q.npre_add);
        assert.deepEqual(at(l.p, P.GRU_N_ACT, P.ACT_SIZE), l.q.n_act);
        assert.deepEqual(at(l.p, P.GRU_D_SUB, P.ADD_SIZE), l.q.d_sub);
        assert.deepEqual(at(l.p, P.GRU_ZD_MUL, P.MUL_SIZE), l.q.zd_mul);
        assert.deepEqual(at(l.p, P.GRU_H_ADD, P.ADD_SIZE), l.q.h_add);
        assert.equal(l.q.npre_add[P.ADD_LEFT_SHIFT], 20, "TFLM's int8 ADD left shift");
        assert.equal(l.q.rn_mul[P.MUL_ACT_MAX], 127);
      } else {
        assert.equal(l.p.length, P.LAYER_SIZE);
        assert.deepEqual(at(l.p, P.LAYER_FC, P.FC_SIZE), fc(l.fc), l.name);
        assert.deepEqual(at(l.p, P.LAYER_ACT, P.ACT_SIZE), l.act_q, l.name);
      }
    }
  });

  describe("a description that breaks the schema: one line naming the field, the same in TypeScript and Python", function () {
    type Edit = (d: any) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any
    const cases: [string, Edit, string][] = [
      ["another format version", (d) => (d.format = "percepnet-nn/2"), 'format: expected "percepnet-nn/1", got "percepnet-nn/2"'],
      ["a missing field", (d) => delete d.layers[0].fc.rows, 'layers[0].fc: missing field "rows"'],
      ["a width written as a string", (d) => (d.layers[3].hidden = "32"), 'layers[3].hidden: expected an integer, got "32"'],
      ["a layer kind the format does not have", (d) => (d.layers[3].kind = "lstm"), 'layers[3].kind: expected one of "dense", "conv1d", "gru", got "lstm"'],
      ["a GRU parameter block one value short", (d) => d.layers[3].p.pop(), "layers[3].p: 77 values, expected 78"],
      ["a zero point outside int8", (d) => (d.tensors.features.zero_point = 200), "tensors.features.zero_point: 200 is above the maximum 127"],
      ["a zero scale", (d) => (d.tensors["dense.pre"].scale = 0), "tensors.dense.pre.scale: 0 is not above 0"],
      ["an unknown field", (d) => (d.layers[1].dilation = 2), 'layers[1]: unknown field "dilation"'],
      ["no layers", (d) => (d.layers = []), "layers: 0 values, expected at least 1"],
      ["an activation the format does not have", (d) => (d.layers[0].act = "relu"), 'layers[0].act: expected one of "tanh", "sigmoid", got "relu"'],
      ["a fractional seed", (d) => (d.seed = 1.5), "seed: expected an integer or null, got 1.5"],
      ["an int16 tensor", (d) => (d.tensors["gru1.state"].dtype = "int16"), 'tensors.gru1.state.dtype: expected "int8", got "int16"'],
      ["a negative weight offset", (d) => (d.layers[2].fc.w.offset = -16), "layers[2].fc.w.offset: -16 is below the minimum 0"],
      ["a layer that is not an object", (d) => (d.layers[4] = [1, 2]), "layers[4]: expected an object, got an array"],
    ];
    let dir = "";
    const files: string[] = [];
    before(() => {
      dir = tmpDir("schema");
      cases.forEach(([, edit], i) => {
        const d = headset();
        edit(d);
        files.push(path.join(dir, `case${i}.json`));
        fs.writeFileSync(files[i], JSON.stringify(d));
      });
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("TypeScript (models/nn/description.ts)", function () {
      cases.forEach(([what, , want], i) => {
        assert.throws(() => readDescription(files[i]), (e: Error) => {
          assert.equal(e.message, `${files[i]}: ${want}`, what);
          return true;
        });
      });
    });

    it("Python (models/nn/description.py), as python -m models.nn.description prints it", function () {
      const got = pythonVerdicts(files);
      cases.forEach(([what, , want], i) => assert.equal(got[i], `${files[i]}: ${want}`, what));
    });

    it("the model module generator (models/nn/tables.py) stops with that line, no traceback", function () {
      const r = spawnSync(venvPython(), ["-m", "models.nn.tables", files[2].replace(/\.json$/, ""), "--out", path.join(dir, "net.ts")], { cwd: ROOT, encoding: "utf8" });
      assert.equal(r.status, 1);
      assert.equal(r.stderr.trim(), `tables: ${files[2]}: ${cases[2][2]}`);
    });
  });
});
