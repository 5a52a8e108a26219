// The whole headset network (seeded random weights, 100 frames, models/nn/sim_net.sh) on the m4f
// board: with the board's kernel (DSP extension) its outputs are byte-identical to the portable C
// kernel's, and its modelled cycles per frame fit the network's share of the headset budget: the
// product must stay within 50 % of the 168 MHz core (840 k of 1.68 M cycles per 10 ms frame) and
// the signal path takes ~600 k of it, which leaves the network 240 k (docs/nn.md).
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../../../sim/c-build/toolchain.ts";
import type { SimReport } from "../../../sim/index.ts";

const REPORT = path.join(REPO_ROOT, "build", "nn_sim", "headset-s1", "report", "m4f.report.json");

function simNet(kernel: "board" | "portable"): { log: string; report: SimReport } {
  const log = execFileSync("bash", ["models/nn/sim_net.sh", "headset", "1", "m4f"], {
    cwd: REPO_ROOT,
    env: { ...process.env, PN_NET_KERNEL: kernel },
    stdio: ["ignore", "pipe", "pipe"],
  }).toString();
  return { log, report: JSON.parse(fs.readFileSync(REPORT, "utf8")) as SimReport };
}

describe("headset network on m4f with the DSP kernel", function () {
  this.timeout(170_000);

  it("gives the portable kernel's output bytes in at most 240 k modelled cycles per frame", function () {
    if (!fs.existsSync(path.join(REPO_ROOT, ".venv", "bin", "python"))) assert.fail(".venv missing: run bash scripts/setup.sh");
    const dsp = simNet("board");
    assert.match(dsp.log, /PN_KERNEL_DSP=1/);
    const portable = simNet("portable");
    assert.match(portable.log, /portable C/);
    assert.equal(dsp.report.frames, 100);
    assert.equal(dsp.report.output.sha256, portable.report.output.sha256, "network outputs differ between kernels");
    const c = dsp.report.cycles.stats.mean, p = portable.report.cycles.stats.mean;
    assert.ok(c <= 240_000, `network ${c} cycles/frame > 240 k`);
    assert.ok(p / c > 2.5, `DSP kernel only ${(p / c).toFixed(2)}× faster than portable (${c} vs ${p})`);
    this.test!.title += ` (${Math.round(c)} vs ${Math.round(p)} cycles/frame, ${(p / c).toFixed(2)}×)`;
  });
});
