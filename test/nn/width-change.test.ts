// The topology is written once (models/nn/topology.py) and everything after the description reads
// the description: change one width (the headset's strength GRU 16 → 24, its dense layer 32 → 40)
// and a network with seeded random weights, exported to .tflite and run in TFLM, is equalled value
// for value (every layer output and state, every frame) by
//   - the reference: spec/nn as exact JS, driven by the description's layer list (models/nn/ref.ts),
//   - the host C of the same spec (the host harness's `nn` command, firmware/host/pn_harness.c),
//   - the product's network module generated from the description (models/nn/tables.py), as exact
//     JS and as host C,
//   - that module in the m4f firmware under QEMU (models/nn/c/net_payload.c with PN_NET_PAYLOAD_COLLECT).
import * as assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildHarness } from "../../sim/engines/harness.ts";
import { compare, loadDescription, loadTflm, nnHarnessInput, readFeatures, RefNet, unpackC, type Agreement, type Layers } from "../../models/nn/ref.ts";
import { compiledDir, nn } from "./exact.ts";
import { buildNetModule, collectHostC, collectJs } from "./net-module.ts";
import { rng } from "../../firmware/kernels/seeded-random.ts";
import { py, ROOT, tmpDir } from "./helpers.ts";

const FRAMES = 60;
const HOP = 480;
const BIN = path.join(ROOT, "bin/percepnet.mjs");

function assertAll(side: string, res: Agreement[], names: string[]): void {
  assert.deepEqual(res.map((r) => r.name), names, `${side}: the graph's outputs`);
  for (const r of res) assert.equal(r.agree, r.total, `${side} ${r.name}: ${r.agree}/${r.total} agree, first mismatch ${JSON.stringify(r.first)}`);
}

/**
 * A 48 kHz input (s16le) whose frames carry FEATURES as the payload reads them: the high byte of
 * samples 0, 6, 12, … of each frame; every other bit seeded noise.
 */
function payloadInput(features: Int8Array, n: number, frames: number, file: string): void {
  const r = rng(7);
  const pcm = new Int16Array(frames * HOP);
  for (let i = 0; i < pcm.length; i++) pcm[i] = r.int(-3000, 3000);
  for (let f = 0; f < frames; f++) for (let k = 0; k < n; k++) pcm[f * HOP + 6 * k] = (features[f * n + k] << 8) | r.int(0, 255);
  fs.writeFileSync(file, Buffer.from(pcm.buffer));
}

describe("nn: one width changed in the topology, the whole chain still equals TFLM bit for bit", function () {
  this.timeout(600_000);
  let layers: Layers;
  let hostExe = "";
  before(async function () {
    layers = (await nn("layers")) as Layers;
    hostExe = buildHarness(path.join(compiledDir(), "c"), path.join(compiledDir(), "pn_harness"));
  });

  const cases: [string, string, (d: ReturnType<typeof loadDescription>["desc"]) => void][] = [
    ["the strength GRU 16 → 24", "strength_gru=24", (d) => {
      const g = d.layers.find((l) => l.name === "strength_gru")!;
      const s = d.layers.find((l) => l.name === "strength")!;
      assert.ok(g.kind === "gru" && g.hidden === 24 && s.kind === "dense" && s.fc.cols === 24);
    }],
    ["the dense layer 32 → 40", "dense=40", (d) => {
      const l = d.layers.find((x) => x.name === "dense")!;
      const c = d.layers.find((x) => x.name === "conv1")!;
      assert.ok(l.kind === "dense" && l.fc.rows === 40 && c.kind === "conv1d" && c.channels === 40 && c.fc.cols === 5 * 40);
    }],
  ];
  for (const [what, widths, changed] of cases) {
    it(`${what}: TFLM = reference (exact JS) = host C = generated module (exact JS, host C) = m4f firmware, ${FRAMES} frames`, async function () {
      const dir = tmpDir("width");
      // Generated modules sit inside the repository for their relative spec imports.
      fs.mkdirSync(path.join(ROOT, "build"), { recursive: true });
      const gen = fs.mkdtempSync(path.join(ROOT, "build", "nn_width_"));
      try {
        // The description (the width is changed in the topology's widths and nowhere else), its
        // .tflite and TFLM's outputs.
        py("cli", ["gen", "--size", "headset", "--seed", "61", "--widths", widths, "--frames", String(FRAMES), "--out", dir, "--run"]);
        const { desc, blob } = loadDescription(dir);
        changed(desc);
        const tflm = loadTflm(`${dir}/tflm`);
        const names = tflm.map((o) => o.name);
        assert.equal(names.filter((n) => n.endsWith(".next")).length, 7, "every state is a graph output");
        const features = readFeatures(dir);
        const n = desc.tensors[desc.inputs[0]].size;

        // The reference and its host C.
        const ref = new RefNet(desc, blob, layers);
        assertAll("reference (exact JS)", compare(ref.run(features, FRAMES), tflm), names);
        const cOut = execFileSync(hostExe, ["nn"], { input: nnHarnessInput(desc, blob, features, FRAMES, ref.outputNames), maxBuffer: 1 << 28 });
        assertAll("host C", compare(unpackC(cOut, desc, FRAMES, ref.outputNames), tflm), names);

        // The network module generated from the description, compiled with spec/nn.
        const out = path.join(gen, "compiled");
        const mod = buildNetModule(`${dir}/model`, gen, out);
        const jsRaw = await collectJs(mod, features, n, FRAMES);
        const collectSize = jsRaw.length / FRAMES; // NET_COLLECT_SIZE: values per frame
        assertAll("module (exact JS)", compare(unpackC(jsRaw, desc, FRAMES, names), tflm), names);
        assertAll("module (host C)", compare(unpackC(collectHostC(mod, out, features, n, FRAMES), desc, FRAMES, names), tflm), names);
        const cDir = mod.cDir;

        // The module in the m4f firmware: the payload collects every value into its output frame.
        payloadInput(features, n, FRAMES, `${dir}/in.pcm`);
        const args = ["sim", "--board", "m4f", "--in", `${dir}/in.pcm`, "--out", `${dir}/fw.pcm`, "--report", `${dir}/report`, "--no-cmsis",
          "--network-macs", "1", "--network-name", `headset ${widths}`, "--source", path.join(ROOT, "models/nn/c/net_payload.c"), "--define", "PN_NET_PAYLOAD_COLLECT=1",
          "--include", cDir, "--include", path.dirname(path.join(cDir, mod.netHeader)), "--include", path.join(ROOT, "firmware/runtime")];
        for (const f of fs.readdirSync(path.join(ROOT, "firmware/kernels/fc_s8")).filter((x) => /^pn_fc_s8.*\.c$/.test(x))) args.push("--source", path.join(ROOT, "firmware/kernels/fc_s8", f));
        for (const f of fs.readdirSync(cDir, { recursive: true, encoding: "utf8" }).filter((x) => x.endsWith(".c")).sort()) args.push("--source", path.join(cDir, f));
        const s = spawnSync("node", [BIN, ...args], { cwd: ROOT, encoding: "utf8" });
        assert.equal(s.status, 0, `${s.stdout}\n${s.stderr}`);
        const fw = fs.readFileSync(`${dir}/fw.pcm`);
        assert.equal(fw.length, FRAMES * HOP * 2);
        const collected = Buffer.alloc(FRAMES * collectSize);
        for (let f = 0; f < FRAMES; f++) fw.copy(collected, f * collectSize, f * HOP * 2, f * HOP * 2 + collectSize);
        assertAll("m4f firmware", compare(unpackC(collected, desc, FRAMES, names), tflm), names);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.rmSync(gen, { recursive: true, force: true });
      }
    });
  }
});
