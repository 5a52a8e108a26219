// Nothing left behind: `sim` removes its converted input and run folder on success, failure and
// SIGTERM, and QEMU dies with it; `denoise --engine host` interrupted by SIGINT takes its C child
// with it and leaves no temporary output. A private build root (PERCEPNET_BUILD_DIR) makes every
// process of these runs findable by its working directory or executable.
import * as assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { wavHeader16 } from "../../sim/audio/wav-input.ts";

const BIN = path.resolve("bin/percepnet.mjs");

/** Pids whose working directory or executable lies under root. */
function processesUnder(root: string): number[] {
  const out: number[] = [];
  for (const p of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(p)) continue;
    for (const link of ["cwd", "exe"]) {
      try {
        if (fs.readlinkSync(`/proc/${p}/${link}`).startsWith(root)) {
          out.push(Number(p));
          break;
        }
      } catch {
        // gone, or not ours to read
      }
    }
  }
  return out;
}

function writeTone(file: string, seconds: number): void {
  const n = Math.round(seconds * 48000);
  const fd = fs.openSync(file, "w");
  fs.writeSync(fd, wavHeader16(n));
  const block = new Int16Array(48000);
  for (let at = 0; at < n; at += block.length) {
    for (let i = 0; i < block.length; i++) block[i] = Math.round(5000 * Math.sin((at + i) / 11) + 800 * Math.sin((at + i) * 0.37));
    const m = Math.min(block.length, n - at);
    fs.writeSync(fd, new Uint8Array(block.buffer, 0, 2 * m));
  }
  fs.closeSync(fd);
}

async function waitFor(what: string, ok: () => boolean, timeoutMs: number): Promise<void> {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const exited = (p: ChildProcess) => new Promise<number | null>((r) => p.on("exit", (code) => r(code)));

describe("no leftovers: temporary files and child processes", function () {
  this.timeout(600_000);
  let dir: string;
  let buildRoot: string;
  const env = () => ({ ...process.env, PERCEPNET_BUILD_DIR: buildRoot });
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pn-leftovers-"));
    buildRoot = path.join(dir, "build");
    writeTone(path.join(dir, "short.wav"), 0.1);
    writeTone(path.join(dir, "long.wav"), 600);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const runsLeft = () => (fs.existsSync(path.join(buildRoot, "runs")) ? fs.readdirSync(path.join(buildRoot, "runs")) : []);
  const inputsLeft = () => (fs.existsSync(buildRoot) ? fs.readdirSync(buildRoot).filter((f) => f.startsWith("sim-input-")) : []);

  it("sim: success leaves no sim-input-<pid>.pcm and no run folder; a failure keeps the previous --out", function () {
    const out = path.join(dir, "sim-out.wav");
    let r = spawnSync("node", [BIN, "sim", "--board", "m4f", path.join(dir, "short.wav"), "--out", out], { encoding: "utf8", env: env() });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(inputsLeft(), []);
    assert.deepEqual(runsLeft(), []);
    fs.writeFileSync(out, "previous");
    r = spawnSync("node", [BIN, "sim", "--board", "no-such-board", path.join(dir, "short.wav"), "--out", out], { encoding: "utf8", env: env() });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^percepnet: error: /);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.equal(fs.readFileSync(out, "utf8"), "previous");
    assert.deepEqual(inputsLeft(), []);
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp")), []);
  });

  it("sim: SIGTERM while QEMU runs kills QEMU and removes the converted input and run folder", async function () {
    const out = path.join(dir, "long-out.wav");
    const sim = spawn("node", [BIN, "sim", "--board", "m4f", path.join(dir, "long.wav"), "--out", out], { env: env(), stdio: "ignore" });
    const done = exited(sim);
    await waitFor("QEMU to start", () => processesUnder(path.join(buildRoot, "runs")).length > 0, 300_000);
    assert.ok(inputsLeft().length === 1, "the converted input exists while QEMU runs");
    sim.kill("SIGTERM");
    assert.equal(await done, 143);
    await waitFor("QEMU to go", () => processesUnder(buildRoot).length === 0, 5_000);
    assert.deepEqual(inputsLeft(), []);
    assert.deepEqual(runsLeft(), []);
    assert.equal(fs.existsSync(out), false);
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp")), []);
  });

  it("denoise --engine host: SIGINT kills the C enhancer and leaves no temporary output", async function () {
    const out = path.join(dir, "denoised.wav");
    const p = spawn("node", [BIN, "denoise", path.join(dir, "long.wav"), out, "--engine", "host"], { env: env(), stdio: "ignore" });
    const done = exited(p);
    await waitFor("the host enhancer to start", () => processesUnder(path.join(buildRoot, "gen")).length > 0, 300_000);
    await waitFor("a partial output", () => fs.readdirSync(dir).some((f) => f.endsWith(".tmp")), 60_000);
    p.kill("SIGINT");
    assert.equal(await done, 130);
    await waitFor("the enhancer to go", () => processesUnder(buildRoot).length === 0, 5_000);
    assert.equal(fs.existsSync(out), false);
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp")), []);
  });
});
