// CI-friendly outputs: `sim --json` and `build-real --json` print one JSON object on stdout and
// nothing else; `sim --max-budget P` exits 2 when the worst frame is over P % of the budget (and
// 0 when it is not), saying so on stderr. Run as a subprocess, as CI would.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { writePcmOutput } from "../../sim/audio/pcm.ts";
import { TMP, testPcm } from "./helpers.ts";

const BIN = path.resolve("bin/percepnet.mjs");

function cli(args: string[]) {
  const r = spawnSync("node", [BIN, ...args], { encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("sim and build-real: --json on stdout, --max-budget exit status", function () {
  this.timeout(300_000);
  let inWav: string;
  before(() => {
    const dir = path.join(TMP, "ci-json");
    mkdirSync(dir, { recursive: true });
    inWav = path.join(dir, "in.wav");
    writePcmOutput(inWav, readFileSync(testPcm("cli-0.5s.pcm", 0.5, 11)));
  });

  const fixture = ["--fixture", "--no-cmsis"];

  it("sim --json: one object with each board's cycles, budget, memory, stack and output hash", () => {
    const r = cli(["sim", ...fixture, "--board", "m4f", "--in", inWav, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout); // stdout is the JSON alone
    assert.equal(j.schema, "percepnet-sim-summary/1");
    assert.equal(j.maxBudgetPercent, null);
    assert.equal(j.boards.length, 1);
    const b = j.boards[0];
    assert.equal(b.board, "m4f");
    assert.equal(b.frames, 51);
    for (const k of ["mean", "p99", "worst"]) assert.ok(b.cyclesPerFrame[k] > 0 && b.budgetPercent[k] > 0, k);
    assert.equal(b.withinMaxBudget, null);
    assert.ok(Math.abs(b.worstOverMeanPercent - (100 * (b.cyclesPerFrame.worst - b.cyclesPerFrame.mean)) / b.cyclesPerFrame.mean) < 1e-9);
    assert.ok(b.memory.flashBytes > 0 && b.memory.ramBytes > 0);
    assert.match(b.outputSha256, /^[0-9a-f]{64}$/);
    assert.match(r.stderr, /TEST FIXTURE/, "notes go to stderr");
  });

  it("sim --max-budget: exit 2 over the limit (message on stderr), 0 within it", () => {
    const over = cli(["sim", ...fixture, "--board", "m4f", "--in", inWav, "--json", "--max-budget", "0.001"]);
    assert.equal(over.code, 2, over.stderr);
    assert.match(over.stderr, /m4f: worst frame .* over --max-budget 0.001 %/);
    const j = JSON.parse(over.stdout);
    assert.equal(j.withinMaxBudget, false);
    assert.equal(j.boards[0].withinMaxBudget, false);
    const within = cli(["sim", ...fixture, "--board", "m4f", "--in", inWav, "--max-budget", "100"]);
    assert.equal(within.code, 0, within.stderr);
    assert.match(within.stdout, /m4f\s+51 frames/);
    const bad = cli(["sim", ...fixture, "--board", "m4f", "--in", inWav, "--max-budget", "lots"]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--max-budget must be a positive percentage/);
    assert.equal(bad.stdout, "");
  });

  it("build-real --json: sizes against the part's limits per board", () => {
    const r = cli(["build-real", ...fixture, "--board", "stm32h7", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.schema, "percepnet-build-real/1");
    assert.equal(j.fits, true);
    const b = j.boards[0];
    assert.equal(b.board, "stm32h7");
    assert.ok(b.flash.bytes > 0 && b.flash.limit > b.flash.bytes && b.ram.bytes > 0);
    assert.ok(b.artifacts.elf.endsWith(".elf"));
    // modelled timing needs a sim report of the same payload on the closest simulated board (m7)
    const reports = path.join(TMP, "ci-json", "reports");
    assert.equal(cli(["sim", ...fixture, "--board", "m7", "--in", inWav, "--report", reports]).code, 0);
    const t = cli(["build-real", ...fixture, "--board", "stm32h7", "--timing-from", reports, "--json"]);
    assert.equal(t.code, 0, t.stderr);
    const tb = JSON.parse(t.stdout).boards[0];
    assert.equal(tb.timing.fromSimulatedBoard, "m7");
    assert.equal(tb.timing.clockHz, 480_000_000);
    assert.ok(tb.timing.cyclesPerFrame.mean > 0 && tb.timing.budgetPercent.mean > 0);
    assert.match(tb.timing.memoryAssumption, /wait states/);
    const text = cli(["build-real", ...fixture, "--board", "stm32h7", "--timing-from", reports]);
    assert.match(text.stdout, /stm32h7\s+timing \(modelled, not measured\): [\d,]+ cycles\/frame mean/);
    const no = JSON.parse(cli(["build-real", ...fixture, "--board", "stm32h7", "--timing-from", path.join(TMP, "ci-json", "none"), "--json"]).stdout).boards[0];
    assert.equal(no.timing, null);
    assert.match(no.timingNote, /no sim report/);
  });
});
