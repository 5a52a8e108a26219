// CMSIS-DSP's FFTs timed in the same simulator and cycle model as the product (issue 18's
// yardstick for the 960-point transforms): arm_cfft_f32 at 256, 512 and 1024 points and
// arm_rfft_fast_f32 at 1024, once per frame, on m4f (or the boards given). Prints cycles per call
// (the profile's cycles per frame of the CMSIS functions, the fixture's own loops left out) and
// cycles per radix-2 butterfly equivalent, (N/2) log2 N.
//   npx tsx scripts/bench-cmsis-fft.ts [board ...]
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { simulate } from "../sim/qemu/simulate.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const FIXTURE = path.join(ROOT, "test", "fixtures", "firmware", "bench_cmsis_fft.c");
const CMSIS = {
  modules: ["TransformFunctions", "CommonTables"],
  only: ["arm_cfft_f32", "arm_cfft_radix8_f32", "arm_bitreversal2", "arm_bitreversal", "arm_cfft_init_f32", "arm_common_tables", "arm_const_structs", "arm_rfft_fast_f32", "arm_rfft_fast_init_f32"],
};

const boards = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["m4f"];
const pcm = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pn-cfft-")), "in.pcm");
const noise = Buffer.alloc(480 * 2 * 50);
for (let i = 0; i < noise.length / 2; i++) noise.writeInt16LE(((i * 7919) % 20001) - 10000, i * 2);
fs.writeFileSync(pcm, noise);
for (const board of boards) {
  for (const [what, define, n] of [["arm_cfft_f32", "PN_CFFT_N=256", 256], ["arm_cfft_f32", "PN_CFFT_N=512", 512], ["arm_cfft_f32", "PN_CFFT_N=1024", 1024], ["arm_rfft_fast_f32", "PN_RFFT_N=1024", 1024]] as const) {
    const r = await simulate({ board, sources: [FIXTURE], inputPcm: pcm, cmsis: CMSIS, defines: [define] });
    const fns = r.report.profile!.functions.filter((f) => f.name.startsWith("arm_") || /CMSIS-DSP/.test(f.source ?? ""));
    const cycles = fns.reduce((a, f) => a + f.cyclesPerFrame, 0);
    const complexN = what === "arm_rfft_fast_f32" ? n / 2 : n;
    const bfly = (complexN / 2) * Math.log2(complexN);
    console.log(`${board} ${what} N=${n}: ${Math.round(cycles)} cycles/call, ${(cycles / bfly).toFixed(1)} cycles per radix-2 butterfly equivalent ((N/2) log2 N = ${bfly} of the ${complexN}-point complex FFT); functions: ${fns.map((f) => `${f.name} ${Math.round(f.cyclesPerFrame)}`).join(", ")}`);
  }
}
