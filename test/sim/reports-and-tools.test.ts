import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { renderComparisonSvg } from "../../sim/report.ts";
import { simulate } from "../../sim/simulate.ts";
import { aarch64LinuxGnu, armNoneEabi, qemu, ToolNotFoundError } from "../../sim/toolchain.ts";
import { FIXTURES, TMP, testPcm } from "./helpers.ts";

describe("reports and tool resolution", function () {
  it("simulate writes a JSON report whose statistics match its per-frame data, a Markdown report and an SVG chart", async () => {
    const input = testPcm("report-1s.pcm", 1, 100);
    const dir = path.join(TMP, "report");
    const r = await simulate({ board: "m7", sources: [path.join(FIXTURES, "fixture_biquad.c")], inputPcm: input, cmsis: false, reportDir: dir });
    const j = JSON.parse(readFileSync(r.files.json!, "utf8"));
    assert.equal(j.frames, 101);
    const per: number[] = j.cycles.perFrame;
    const mean = per.reduce((a, b) => a + b, 0) / per.length;
    assert.ok(Math.abs(j.cycles.stats.mean - mean) < 1e-6);
    assert.equal(j.cycles.stats.worst, Math.max(...per));
    assert.ok(j.cycles.stats.p99 <= j.cycles.stats.worst && j.cycles.stats.p99 >= j.cycles.stats.mean * 0.5);
    assert.ok(Math.abs(j.cycles.budgetPercent.worst - (100 * j.cycles.stats.worst) / 4_800_000) < 1e-9);
    assert.ok(j.memory.flashBytes > 0 && j.memory.ramBytes > 0);
    assert.ok(j.cycles.sources.length > 0 && j.cycles.blindSpots.length > 0);
    const md = readFileSync(r.files.markdown!, "utf8");
    assert.match(md, /\| cycles \(model `cortex-m7`\) \|/);
    assert.match(md, /% of budget/);
    const svg = readFileSync(r.files.svg!, "utf8");
    assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(svg, /<polyline /);
    assert.match(svg.trim(), /<\/svg>$/);
    // issue 18: budget and 50 % lines, the per-frame split, worst over mean
    assert.match(svg, /<line class="budget" [^>]*y1="([\d.]+)"/);
    assert.match(svg, /<line class="target50" /);
    assert.match(svg, /real-time budget 100 %/);
    assert.match(svg, /50 % target/);
    assert.match(svg, /<line class="mean-plus-2" /);
    const p = j.cycles.perFrameParts;
    assert.ok(p, "per-frame parts present");
    for (let i = 0; i < per.length; i++) assert.ok(Math.abs(p.network[i] + p.signalPath[i] + p.other[i] - per[i]) < 1e-6, `frame ${i}: parts add up`);
    // the fixture is all "signal path" (no network functions); its per-frame mean is the profile's part
    assert.ok(p.network.every((v: number) => v === 0));
    const spMean = p.signalPath.reduce((a: number, b: number) => a + b, 0) / per.length;
    assert.ok(Math.abs(spMean - j.profile.parts["signal path"].cyclesPerFrame) < 1e-6 * spMean, `${spMean} vs ${j.profile.parts["signal path"].cyclesPerFrame}`);
    assert.match(svg, /<polygon class="part" data-part="signal path"/);
    const over = (100 * (j.cycles.stats.worst - mean)) / mean;
    assert.ok(Math.abs(j.cycles.spread.worstOverMeanPercent - over) < 1e-9);
    assert.equal(j.cycles.spread.targetPercent, 2);
    assert.equal(j.cycles.spread.meetsTarget, over <= 2);
    assert.match(md, /Worst frame over the mean: [\d.]+ % \(target: within 2 %, issue 18\): \*\*(met|not met)\*\*/);
    assert.match(md, /\| signal path \| [\d,]+ \| [\d,]+ \(#\d+\) \|/);
    // the per-frame split changes no count: the same run without profiling counts the same frames
    const plain = await simulate({ board: "m7", sources: [path.join(FIXTURES, "fixture_biquad.c")], inputPcm: input, cmsis: false, profile: false });
    assert.deepEqual(plain.report.instructions.perFrameByClass, j.instructions.perFrameByClass);
    assert.equal(plain.report.cycles.perFrameParts, null);
    const cmp = renderComparisonSvg([r.report, r.report]);
    assert.equal((cmp.match(/<rect x=/g) ?? []).length >= 6, true);
  });

  it("the toolchain resolver reports which arm-none-eabi-gcc it uses and its version", () => {
    const t = armNoneEabi();
    assert.ok(["xpack", "debian", "path"].includes(t.source));
    assert.match(t.version, /arm-none-eabi-gcc/);
    assert.match(aarch64LinuxGnu().version, /aarch64-linux-gnu-gcc/);
    assert.match(qemu("qemu-system-arm").version, /QEMU emulator version/);
  });

  it("a missing tool is reported with the Debian package to install", () => {
    assert.throws(() => qemu("qemu-system-doesnotexist"), (e: unknown) => e instanceof ToolNotFoundError && /apt-get install/.test(e.message));
  });
});
