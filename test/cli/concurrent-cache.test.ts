// Concurrency-safe caches: three `denoise --engine host` and three `sim` at once on a cold cache
// (a private PERCEPNET_BUILD_DIR) all succeed with identical outputs; cache entries appear whole
// (built in a private folder, renamed into place), no temporary folder is left, and the entries
// have the umask's mode, not mkdtemp's 0700, so other users can run on a shared install.
import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { wavHeader16 } from "../../sim/audio/wav-input.ts";

const BIN = path.resolve("bin/percepnet.mjs");

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn("node", [BIN, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    p.stderr!.on("data", (d) => (stderr += d));
    p.on("close", (code) => resolve({ code, stderr }));
  });
}

/** Every folder under root (the cache entries and their parents). */
function folders(root: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(root, { withFileTypes: true, recursive: true }))
    if (e.isDirectory()) out.push(path.join(e.parentPath, e.name));
  return out;
}

describe("build caches under concurrent runs", function () {
  this.timeout(900_000);
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "pn-concurrent-"))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("three denoise and three sim at once on a cold cache: all succeed, same bytes, entries whole and not 0700", async function () {
    const n = 4800;
    const input = path.join(dir, "in.wav");
    const pcm = Int16Array.from({ length: n }, (_, i) => Math.round(7000 * Math.sin(i / 13) + 500 * Math.sin(i * 0.41)));
    fs.writeFileSync(input, Buffer.concat([wavHeader16(n), Buffer.from(pcm.buffer)]));
    const env = { PERCEPNET_BUILD_DIR: path.join(dir, "build") };
    const jobs = [0, 1, 2].flatMap((k) => [
      run(["denoise", input, path.join(dir, `denoise-${k}.wav`), "--engine", "host"], env),
      run(["sim", "--board", "m4f", input, "--out", path.join(dir, `sim-${k}.wav`)], env),
    ]);
    const results = await Promise.all(jobs);
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    const first = fs.readFileSync(path.join(dir, "denoise-0.wav"));
    for (const f of ["denoise-1", "denoise-2", "sim-0", "sim-1", "sim-2"]) assert.ok(fs.readFileSync(path.join(dir, `${f}.wav`)).equals(first), `${f} differs from denoise-0`);
    const all = folders(env.PERCEPNET_BUILD_DIR);
    assert.deepEqual(all.filter((d) => path.basename(d).includes(".tmp")), [], "a temporary folder was left");
    const mode = 0o777 & ~process.umask();
    for (const d of all) assert.equal(fs.statSync(d).mode & 0o777, mode, `${d}: mode ${(fs.statSync(d).mode & 0o777).toString(8)}`);
    for (const sub of ["gen", "fw", "cmsis-dsp"]) assert.ok(fs.readdirSync(path.join(env.PERCEPNET_BUILD_DIR, sub)).length >= 1, sub);
  });
});
