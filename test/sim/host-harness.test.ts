// The one host harness (firmware/host/pn_harness.c): a build has the commands its generated C
// allows, so the training tools build it over spec/dsp without a model; and the host engine of
// `denoise --engine host` links the frame API users link (firmware/src/percepnet.c), not its own
// calls into the generated enhancer.
import * as assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as path from "node:path";
import { compiledDir } from "../dsp/exact.ts";
import { buildHarness, harnessHeader } from "../../sim/engines/harness.ts";
import { HOST_ENHANCER_ARGS, hostEnhancer, hostHeader } from "../../sim/engines/engines.ts";

describe("host harness: one harness, the frame API inside", function () {
  this.timeout(600_000);

  it("over spec/dsp alone it has `features` and `dsp` and refuses `enhance` (status 2, naming its commands)", function () {
    const dir = compiledDir();
    const exe = buildHarness(path.join(dir, "c"), path.join(dir, "pn_harness_commands"));
    const r = spawnSync(exe, ["enhance"], { input: harnessHeader(0, []) });
    assert.equal(r.status, 2);
    assert.match(r.stderr.toString(), /commands: features dsp /);
    for (const cmd of ["features", "dsp"]) assert.equal(spawnSync(exe, [cmd], { input: harnessHeader(0, []) }).status, 0, cmd);
  });

  it("the host engine links the frame API and its host-only extension, and refuses a short frame (status 3)", function () {
    const exe = hostEnhancer();
    const symbols = execFileSync("nm", [exe]).toString();
    for (const f of ["pn_init", "pn_process_frame", "pn_set_atten_limit", "pn_set_bypass", "pn_host_process_frame_oracle", "pn_host_net_trace"]) {
      assert.match(symbols, new RegExp(`\\bT ${f}\\b`), f);
    }
    const r = spawnSync(exe, [...HOST_ENHANCER_ARGS], { input: Buffer.concat([hostHeader(1, { comb: true, postfilter: true, gains: "net" }), Buffer.alloc(100)]) });
    assert.equal(r.status, 3);
  });
});
