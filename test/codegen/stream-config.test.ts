// The stream configuration is written once (spec/config.ts) and read everywhere: codegen's C header
// (c/pn_stream_config.h, PN_ macros) and JSON (stream-config.json), the committed copy for Python
// (models/stream_config.json, written by scripts/stream-config.ts), the generated C's own enums,
// the frame API's PN_HOP/PN_SAMPLE_RATE, and the TS tools all give the same numbers.
import * as assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compileFiles } from "../../codegen/src/index.ts";
import { C_CONTRACT_FLAGS, C_WARNING_FLAGS, RUNTIME_DIR } from "../../codegen/src/host-build.ts";
import { STREAM_CONFIG_HEADER, STREAM_CONFIG_JSON } from "../../codegen/src/stream-config.ts";
import * as config from "../../spec/config.ts";
import { HOP } from "../../sim/engines/engines.ts";
import { generatedStreamConfigJson, STREAM_CONFIG_COMMITTED } from "../../scripts/stream-config.ts";

const ROOT = path.resolve(".");
const SPEC_CONFIG = path.join(ROOT, "spec", "config.ts");

/** The exported numbers of spec/config.ts, as TypeScript evaluates the module itself. */
function specConstants(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(config)) if (typeof v === "number") out[k] = v;
  return out;
}

function defines(header: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of header.matchAll(/^#define PN_(\w+) \(?(-?\d+)\)?$/gm)) out[m[1]] = Number(m[2]);
  return out;
}

describe("stream configuration: spec/config.ts = C header = JSON = Python's copy = TS tools", function () {
  const files = compileFiles([SPEC_CONFIG]).files;
  const header = files.get(STREAM_CONFIG_HEADER)!;
  const json = files.get(STREAM_CONFIG_JSON)!;

  it("spec/config.ts exports the frame constants the signal path is built on", function () {
    const c = specConstants();
    assert.deepEqual(c, {
      SAMPLE_RATE: 48000,
      FRAME_SIZE: 480,
      WINDOW_SIZE: 960,
      NB_BINS: 481,
      NB_BANDS: 34,
      NB_FEATURES: 70,
      LOOKAHEAD_FRAMES: 2,
      LOOKAHEAD: 960,
      DENOISER_DELAY: 1440,
    });
  });

  it("codegen writes c/pn_stream_config.h and stream-config.json with the same numbers as the module", function () {
    assert.ok(header, `${STREAM_CONFIG_HEADER} not generated`);
    assert.ok(json, `${STREAM_CONFIG_JSON} not generated`);
    assert.deepEqual(defines(header), specConstants());
    assert.deepEqual(JSON.parse(json).constants, specConstants());
    for (const name of Object.keys(specConstants())) assert.ok(JSON.parse(json).docs[name], `no doc for ${name}`);
  });

  it("only spec/config.ts gives a stream configuration (other modules get no header or JSON)", function () {
    const other = compileFiles([path.join(ROOT, "spec", "dsp", "window.ts")]).files;
    // window.ts imports config.ts, so the module comes along; a program without it has none
    assert.ok(other.has(STREAM_CONFIG_HEADER));
    const none = compileFiles([path.join(ROOT, "spec", "dsp", "math.ts")]).files;
    assert.ok(!none.has(STREAM_CONFIG_HEADER) && !none.has(STREAM_CONFIG_JSON));
  });

  it("the committed models/stream_config.json is the generated JSON (npx tsx scripts/stream-config.ts)", function () {
    assert.equal(generatedStreamConfigJson(), json);
    assert.equal(fs.readFileSync(STREAM_CONFIG_COMMITTED, "utf8"), json, "models/stream_config.json is out of date: run npx tsx scripts/stream-config.ts");
  });

  it("Python reads the same numbers (models/stream_config.py)", function () {
    const py = fs.existsSync(path.join(ROOT, ".venv/bin/python")) ? path.join(ROOT, ".venv/bin/python") : "python3";
    const r = spawnSync(py, ["-c", "import json; from models import stream_config as s; print(json.dumps(s.CONSTANTS)); assert s.FRAME_SIZE == s.CONSTANTS['FRAME_SIZE']"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), specConstants());
  });

  it("the TS tools frame by it (sim/engines/engines.ts HOP)", function () {
    assert.equal(HOP, config.FRAME_SIZE);
  });

  it("C: the header's macros equal the generated C's enums and the frame API's PN_HOP and PN_SAMPLE_RATE", function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pn-stream-config-"));
    try {
      const cDir = path.join(dir, "c");
      for (const [rel, text] of files) {
        if (!rel.startsWith("c/")) continue;
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, rel), text);
      }
      const names = Object.keys(specConstants());
      const src = [
        '#include "percepnet.h"',
        '#include "pn_stream_config.h"',
        '#include "config.h"',
        ...names.map((n) => `_Static_assert(PN_${n} == ${n}, "PN_${n}");`),
        '_Static_assert(PN_HOP == PN_FRAME_SIZE, "PN_HOP");',
        "int main(void) { return 0; }",
        "",
      ].join("\n");
      fs.writeFileSync(path.join(dir, "check.c"), src);
      execFileSync(process.env.CC ?? "gcc", [...C_CONTRACT_FLAGS, ...C_WARNING_FLAGS, "-fsyntax-only", `-I${cDir}`, `-I${RUNTIME_DIR}`, `-I${path.join(ROOT, "firmware/include")}`, path.join(dir, "check.c")], { stdio: ["ignore", "pipe", "pipe"] });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
