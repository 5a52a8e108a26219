// The command line's small promises: every command's --help names it as a user types it and
// exits 0; a reader that closes the pipe early (`percepnet boards | head -1`) ends the command
// quietly; a sim killed by SIGKILL (which no handler sees) has its converted input removed by the
// next sim.
import * as assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const BIN = path.resolve("bin/percepnet.mjs");

function percepnet(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync("node", [BIN, ...args], { encoding: "utf8", env: { ...process.env, ...env }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("CLI: --help, closed pipes, stale temporary input", function () {
  this.timeout(120_000);

  for (const cmd of ["sim", "build-real", "flash", "boards"])
    it(`${cmd} --help prints "Usage: percepnet ${cmd}" and exits 0`, function () {
      const r = percepnet([cmd, "--help"]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^Usage: percepnet ${cmd} `));
    });

  it("nn --help and nn verify --help print their usage and exit 0", function () {
    const nn = percepnet(["nn", "--help"]);
    assert.equal(nn.code, 0, nn.stderr);
    assert.match(nn.stdout, /^Usage: percepnet nn /);
    assert.match(nn.stdout, /verify/);
    const verify = percepnet(["nn", "verify", "--help"]);
    assert.equal(verify.code, 0, verify.stderr);
    assert.match(verify.stdout, /^Usage: percepnet nn verify /);
    assert.match(verify.stdout, /--size/);
  });

  it("boards with its stdout closed before it writes (boards | head) exits 0 with nothing on stderr", async function () {
    const child = spawn("node", [BIN, "boards"], { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy(); // the reader is gone before node has started: the first write gets EPIPE
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const code = await new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
    assert.equal(stderr, "");
    assert.equal(code, 0);
  });

  it("sim removes the converted input a killed sim left in the build folder, and keeps a running one's", function () {
    const build = fs.mkdtempSync(path.join(os.tmpdir(), "pn-stale-"));
    try {
      const gone = spawnSync("true").pid!; // a process id that has exited
      const stale = path.join(build, `sim-input-${gone}.pcm`);
      const running = path.join(build, `sim-input-${process.pid}.pcm`);
      fs.writeFileSync(stale, "");
      fs.writeFileSync(running, "");
      const bad = path.join(build, "bad.wav");
      fs.writeFileSync(bad, "not a wav");
      const r = percepnet(["sim", "--board", "m4f", bad], { PERCEPNET_BUILD_DIR: build });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^percepnet: error: /);
      assert.equal(fs.existsSync(stale), false, "the killed run's input is still there");
      assert.equal(fs.existsSync(running), true, "a running sim's input was removed");
    } finally {
      fs.rmSync(build, { recursive: true, force: true });
    }
  });
});
