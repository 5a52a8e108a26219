// The frame API's runtime controls give the same bytes everywhere: the exact-JS reference, the
// host C engine and the product firmware under QEMU (m4f: Cortex-M4F with CMSIS-DSP; a53: AArch64
// with NEON), with an attenuation limit and a bypass window on real noisy speech. The controls'
// behaviour itself is test/dsp/runtime-controls.test.ts.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadBoard, simulate } from "../../sim/index.ts";
import { productPayload } from "../../sim/c-build/product.ts";
import { runReference, runEngine } from "../../sim/engines/engines.ts";
import type { Controls } from "../../sim/engines/controls.ts";
import { readWavInput } from "../../sim/audio/wav-input.ts";

const INPUT = path.resolve(".cache/testset/snr05_lena_fire-fire_noisy.wav");
const CONTROLS: Controls = { attenLimitDb: 18, bypass: [300, 500] };

describe("runtime controls: reference, host C and firmware give the same bytes", function () {
  this.timeout(900_000);
  let noisy: Int16Array;
  let reference: Buffer;
  let plain: Buffer;
  let pcmFile: string;

  before(async function () {
    noisy = readWavInput(INPUT).samples;
    const asBuf = (a: Int16Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    reference = asBuf(await runReference({ noisy, gains: "net", comb: true, postfilter: true, controls: CONTROLS }));
    plain = asBuf(await runReference({ noisy, gains: "net", comb: true, postfilter: true }));
    pcmFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pn-ctl-")), "in.pcm");
    fs.writeFileSync(pcmFile, Buffer.from(noisy.buffer, noisy.byteOffset, noisy.byteLength));
  });

  it("the controls change the output (the comparison below is not of the default run)", function () {
    assert.ok(!reference.equals(plain));
  });

  it("host C engine equals the reference byte for byte", async function () {
    const host = await runEngine("host", { noisy, gains: "net", comb: true, postfilter: true, controls: CONTROLS });
    assert.ok(Buffer.from(host.buffer, host.byteOffset, host.byteLength).equals(reference));
  });

  for (const board of ["m4f", "a53"]) {
    it(`${board}: QEMU output with --atten-lim 18 --bypass 300:500 equals the reference`, async function () {
      const profile = loadBoard(board);
      const p = productPayload(profile.cmsisDsp.variant, profile.features);
      const r = await simulate({ board, sources: p.sources, includeDirs: p.includeDirs, defines: p.defines, cmsis: p.cmsis, inputPcm: pcmFile, network: p.network, controls: CONTROLS, profile: false });
      assert.equal(r.output.length, reference.length);
      const at = r.output.findIndex((b, i) => b !== reference[i]);
      assert.equal(at, -1, `${board}: first differing byte at ${at} (sample ${at >> 1})`);
    });
  }
});
