// The firmware route: a description turned into a subset module of constant tables and a step
// function (models/nn/tables.py), compiled with spec/nn to exact JS and to host C, gives TFLM's
// values for every layer output and state, frame by frame (headset size, 100 frames).
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { compile, formatDiagnostic } from "../../codegen/src/index.ts";
import { buildHarness, harnessHeader } from "../../sim/engines/harness.ts";
import { compare, loadDescription, loadTflm, readFeatures, unpackC } from "../../models/nn/ref.ts";
import { NN_FILES } from "./exact.ts";
import { py, ROOT, tmpDir } from "./helpers.ts";

describe("nn tables: generated constant tables + step function equal TFLM", function () {
  this.timeout(120_000);
  const FRAMES = 100;
  for (const [seed, profile] of [[41, "realistic"]] as const) {
    it(`headset ${profile}: exact JS and host C, every output and state, ${FRAMES} frames`, async () => {
      const dir = tmpDir("tables");
      // Generated modules must sit inside the repository for their relative spec imports.
      fs.mkdirSync(path.join(ROOT, "build"), { recursive: true }); // a fresh checkout has no build/ yet
      const gen = fs.mkdtempSync(path.join(ROOT, "build", "nn_tables_"));
      try {
        py("cli", ["gen", "--size", "headset", "--seed", String(seed), "--profile", profile, "--frames", String(FRAMES), "--out", dir, "--run"]);
        py("tables", [`${dir}/model`, "--out", `${gen}/net.ts`]);
        const r = compile([`${gen}/net.ts`, ...NN_FILES]);
        if (r.diagnostics.length) throw new Error(r.diagnostics.map((d) => formatDiagnostic(d)).join("\n"));
        const out = path.join(dir, "compiled");
        let modJs = "";
        let hdr = "";
        for (const [rel, text] of r.files) {
          const p = path.join(out, rel);
          fs.mkdirSync(path.dirname(p), { recursive: true });
          fs.writeFileSync(p, text);
          if (rel.endsWith("/net.mjs")) modJs = p;
          if (rel.endsWith("/net.h")) hdr = rel.slice(2);
        }
        const { desc } = loadDescription(dir);
        const tflm = loadTflm(`${dir}/tflm`);
        const names = tflm.map((o) => o.name);
        const features = readFeatures(dir);
        const n = desc.tensors[desc.inputs[0]].size;

        // Exact JS.
        const M = await import(pathToFileURL(modJs).href);
        const st = new M.NetState();
        M.net_init(st);
        const gain = new Int8Array(34);
        const strength = new Int8Array(34);
        const all = new Int8Array(M.NET_COLLECT_SIZE);
        const raw = Buffer.alloc(FRAMES * M.NET_COLLECT_SIZE);
        for (let f = 0; f < FRAMES; f++) {
          M.net_step(st, features.subarray(f * n, (f + 1) * n), gain, strength);
          M.net_collect(st, all);
          raw.set(all, f * all.length);
        }
        const js = compare(unpackC(raw, desc, FRAMES, names), tflm);

        // Host C.
        // The host harness's `net` command over this module.
        const exe = buildHarness(path.join(out, "c"), path.join(out, "pn_harness"), { netHeader: hdr });
        const input = Buffer.concat([harnessHeader(FRAMES, []), Buffer.from(features.buffer, features.byteOffset, FRAMES * n)]);
        const c = compare(unpackC(execFileSync(exe, ["net"], { input, maxBuffer: 1 << 28 }), desc, FRAMES, names), tflm);

        assert.equal(js.length, 17);
        for (const [side, res] of [["exact JS", js], ["host C", c]] as const) {
          for (const a of res) {
            assert.equal(a.agree, a.total, `${side} ${a.name}: ${a.agree}/${a.total}, first ${JSON.stringify(a.first)}`);
          }
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.rmSync(gen, { recursive: true, force: true });
      }
    });
  }
});
