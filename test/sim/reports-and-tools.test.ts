import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { renderComparisonSvg } from "../../sim/qemu/report.ts";
import { simulate } from "../../sim/qemu/simulate.ts";
import { aarch64LinuxGnu, armNoneEabi, qemu, ToolNotFoundError } from "../../sim/c-build/toolchain.ts";
import { FIXTURES, TMP, testPcm } from "./helpers.ts";
import { loadBoard } from "../../sim/boards.ts";
import { productPayload } from "../../sim/c-build/product.ts";
import { parseStructs, stateLayout } from "../../sim/qemu/state-layout.ts";

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

  it("the product's report breaks its state down field by field, summing to what pn_state_size() returns (issue 18 item 4)", async () => {
    const board = loadBoard("m4f");
    const p = productPayload(board.cmsisDsp.variant, board.features);
    const input = testPcm("state-0.1s.pcm", 0.1);
    const dir = path.join(TMP, "report-state");
    const r = await simulate({ board, inputPcm: input, reportDir: dir, ...p });
    const j = JSON.parse(readFileSync(r.files.json!, "utf8"));
    const st = j.state;
    assert.ok(st, "state layout present for the product");
    assert.equal(st.root, "pn_instance");
    assert.ok(st.reportedBytes > 60_000, `pn_state_size() ${st.reportedBytes}`);
    assert.equal(st.totalBytes, st.reportedBytes, "sizeof(pn_instance) on the target = the firmware's pn_state_size()");
    assert.equal(st.targetBytes, 65536);
    assert.equal(st.meetsTarget, st.totalBytes <= 65536);
    // every struct's members plus its padding are its size; offsets lie inside the parent
    type F = { path: string; offset: number; bytes: number; children?: F[]; padding?: number };
    const check = (fs: F[], start: number, size: number) => {
      for (const f of fs) assert.ok(f.offset >= start && f.offset + f.bytes <= start + size, `${f.path} inside its parent`);
      for (const f of fs) if (f.children) {
        assert.equal(f.children.reduce((a, c) => a + c.bytes, 0) + f.padding!, f.bytes, f.path);
        check(f.children, f.offset, f.bytes);
      }
    };
    check(st.fields, 0, st.totalBytes);
    const padding = (fs: F[]): number => fs.reduce((a, f) => a + (f.children ? f.padding! + padding(f.children) : 0), 0);
    const rootPad = st.totalBytes - st.fields.reduce((a: number, f: F) => a + f.bytes, 0);
    const leaves = st.leaves.reduce((a: number, l: { bytes: number }) => a + l.bytes, 0);
    assert.equal(leaves + padding(st.fields) + rootPad, st.totalBytes, "the leaves and all padding add up to the state");
    assert.ok(st.leaves.some((l: { path: string }) => l.path === "enh.dn.xh"), "the denoiser's history buffer is listed");
    const md = readFileSync(r.files.markdown!, "utf8");
    assert.match(md, /## State/);
    assert.match(md, new RegExp(`sizeof\\(\`pn_instance\`\\) = \\*\\*${st.totalBytes.toLocaleString("en-US")} bytes`));
    assert.match(md, /target: ≤ 65,536 bytes \(64 KiB\): \*\*(met|not met)/);
    // a payload without pn_instance has no state layout
    assert.deepEqual(parseStructs("typedef struct A { float x[3]; int8_t q[2]; } A;"), [{ name: "A", fields: [{ type: "float", name: "x", dims: "[3]" }, { type: "int8_t", name: "q", dims: "[2]" }] }]);
    assert.equal(stateLayout(board, { includeDirs: [FIXTURES] }), null);
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
