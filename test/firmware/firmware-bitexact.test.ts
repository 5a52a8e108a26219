// The product firmware (frame API over the generated spec with the trained network, kernels on
// each board's CMSIS-DSP variant and its own pn_fc_s8) under QEMU gives the exact-JS reference's output byte for byte, on 12.7 s of real
// noisy speech, on every simulated board.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadBoard, simulate } from "../../sim/index.ts";
import { productPayload } from "../../sim/product.ts";
import { runReference } from "../../sim/engines.ts";
import { readWavInput } from "../../sim/wav-input.ts";

const INPUT = path.resolve(".cache/testset/snr05_lena_fire-fire_noisy.wav");
const BOARDS = ["m4f", "m7", "m55", "a53"];

describe("firmware: bit-exact with the reference on real noisy speech, every simulated board", function () {
  this.timeout(900_000);
  let reference: Buffer;
  let pcmFile: string;
  let seconds = 0;

  before(async function () {
    const noisy = readWavInput(INPUT).samples;
    seconds = noisy.length / 48000;
    const ref = await runReference({ noisy, gains: "net", comb: true, postfilter: true });
    reference = Buffer.from(ref.buffer, ref.byteOffset, ref.byteLength);
    pcmFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pn-fw-")), "in.pcm");
    fs.writeFileSync(pcmFile, Buffer.from(noisy.buffer, noisy.byteOffset, noisy.byteLength));
  });

  it("the input is real speech in real noise, at least 10 s", function () {
    assert.ok(seconds >= 10, `${seconds} s`);
  });

  for (const board of BOARDS) {
    it(`${board}: QEMU output equals the reference byte for byte`, async function () {
      const profile = loadBoard(board);
      const p = productPayload(profile.cmsisDsp.variant, profile.features);
      assert.ok(p.defines.includes("PN_CMSIS_DSP=1"), "the kernels call CMSIS-DSP");
      const r = await simulate({ board, sources: p.sources, includeDirs: p.includeDirs, defines: p.defines, cmsis: p.cmsis, inputPcm: pcmFile });
      assert.equal(r.output.length, reference.length);
      const at = r.output.findIndex((b, i) => b !== reference[i]);
      assert.equal(at, -1, `${board}: first differing byte at ${at} (sample ${at >> 1})`);
      assert.ok(r.report.frames >= 1000);
    });
  }
});
