import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadAllBoards, loadBoard } from "../../sim/boards.ts";
import { BuildError } from "../../sim/c-build/build.ts";
import { buildRealBoard, flash, FlashToolMissingError, realBoardTiming, timingLine } from "../../sim/c-build/real.ts";
import { frameCycles, loadCycleModel } from "../../sim/qemu/cycles.ts";
import { simulate } from "../../sim/qemu/simulate.ts";
import { validateBoard } from "../../sim/boards.ts";
import { readFileSync } from "node:fs";
import { testPcm } from "./helpers.ts";
import { armNoneEabi, optionalTool } from "../../sim/c-build/toolchain.ts";
import { FIXTURES, TMP } from "./helpers.ts";

const FIXTURE = path.join(FIXTURES, "fixture_biquad.c");

describe("real boards: build, link and size against their limits", function () {
  const real = loadAllBoards().filter((b) => b.kind === "real");

  for (const board of real) {
    it(`${board.name}: the fixture links, the vector table sits at the start of ${board.memory.code}, and flash/RAM fit the part`, async () => {
      const r = await buildRealBoard({ board, sources: [FIXTURE], cmsis: false, stateBytes: 4096 });
      for (const f of Object.values(r.artifacts)) assert.ok(existsSync(f), f);
      const s = r.sizes;
      assert.ok(s.flashBytes > 1000 && s.flashBytes < 64 * 1024, `flash ${s.flashBytes}`);
      assert.equal(s.flashLimit, board.memory.flashBytes);
      assert.equal(s.ramLimit, board.memory.ramBytes);
      assert.ok(s.ramBytes >= 4096 + board.memory.stackBytes, `RAM ${s.ramBytes} counts state and stack`);
      assert.ok(r.fits);
      const code = board.memory.regions.find((x) => x.name === board.memory.code)!;
      const nm = execFileSync(armNoneEabi().nm, [r.artifacts.elf], { encoding: "utf8" });
      const vt = /^([0-9a-f]+) [TtRr] pn_vector_table$/m.exec(nm);
      assert.ok(vt, "vector table symbol present");
      assert.equal(parseInt(vt[1], 16), code.origin, "vector table at the code region's origin");
      const used = s.regions.find((x) => x.name === board.memory.code)!;
      assert.ok(used.used >= s.text && used.used <= used.length);
    });
  }

  it("a payload too large for nrf5340's 1 MB flash fails to link with the region named", async () => {
    const dir = path.join(TMP, "too-big");
    mkdirSync(dir, { recursive: true });
    const src = path.join(dir, "big_payload.c");
    writeFileSync(
      src,
      [
        '#include "percepnet.h"',
        "static const int16_t table[640u * 1024u] = {1, 2, 3};",
        "size_t pn_state_size(void) { return 8; }",
        "int pn_init(void *s, size_t n) { return (s && n >= 8) ? PN_OK : PN_ERR_NULL; }",
        "int pn_process_frame(void *s, const int16_t in[PN_HOP], int16_t out[PN_HOP]) {",
        "  (void)s; for (int i = 0; i < PN_HOP; i++) out[i] = (int16_t)(in[i] + table[(unsigned)in[i] * 17u % (640u * 1024u)]);",
        "  return PN_OK; }",
      ].join("\n"),
    );
    await assert.rejects(buildRealBoard({ board: "nrf5340", sources: [src], cmsis: false, stateBytes: 4096 }), (e: unknown) => {
      assert.ok(e instanceof BuildError);
      assert.match(e.message, /FLASH/);
      assert.match(e.message, /overflow/);
      return true;
    });
  });

  it("a payload that calls malloc is rejected: static state only", async () => {
    const dir = path.join(TMP, "heap");
    mkdirSync(dir, { recursive: true });
    const src = path.join(dir, "heap_payload.c");
    writeFileSync(
      src,
      [
        '#include <stdlib.h>',
        '#include "percepnet.h"',
        "size_t pn_state_size(void) { return 8; }",
        "int pn_init(void *s, size_t n) { if (!s) return PN_ERR_NULL; *(void **)s = malloc(n); return PN_OK; }",
        "int pn_process_frame(void *s, const int16_t in[PN_HOP], int16_t out[PN_HOP]) { (void)s; for (int i = 0; i < PN_HOP; i++) out[i] = in[i]; return PN_OK; }",
      ].join("\n"),
    );
    await assert.rejects(buildRealBoard({ board: "stm32h7", sources: [src], cmsis: false }), /uses the heap \(malloc/);
  });

  it("flash: without pyOCD or OpenOCD it fails with a clear message (exit code 3); with one it builds the right command", async () => {
    const r = await buildRealBoard({ board: "stm32h7", sources: [FIXTURE], cmsis: false, stateBytes: 4096 });
    const have = optionalTool("pyocd") ?? optionalTool("openocd");
    if (!have) {
      assert.throws(
        () => flash({ board: "stm32h7", elf: r.artifacts.elf }),
        (e: unknown) => e instanceof FlashToolMissingError && e.exitCode === 3 && /pyOCD/.test(e.message) && /OpenOCD/.test(e.message) && e.message.includes(r.artifacts.elf),
      );
    } else {
      const f = flash({ board: "stm32h7", elf: r.artifacts.elf, dryRun: true });
      assert.ok(f.command.some((a) => a.includes("stm32h7")), f.command.join(" "));
    }
    // Simulated boards have no flashing section.
    assert.throws(() => flash({ board: loadBoard("m4f"), elf: r.artifacts.elf, tool: "openocd" }), FlashToolMissingError);
  });
});

describe("real boards: modelled timing from the closest simulated core (issue 18 item 5)", function () {
  it("stm32h7 (from m7) and nrf5340 (from m4f): cycles per frame, % of the budget at the board's clock, with the assumptions stated", async () => {
    const dir = path.join(TMP, "timing");
    const input = testPcm("timing-0.5s.pcm", 0.5);
    for (const b of ["m7", "m4f"]) await simulate({ board: b, sources: [FIXTURE], inputPcm: input, cmsis: false, reportDir: dir });
    for (const [name, from, clock] of [["stm32h7", "m7", 480e6], ["nrf5340", "m4f", 128e6]] as const) {
      const board = loadBoard(name);
      assert.equal(board.timing?.fromSimulatedBoard, from);
      assert.equal(board.clockHz, clock);
      const r = await buildRealBoard({ board, sources: [FIXTURE], cmsis: false, stateBytes: 4096, timingFrom: dir });
      const t = r.timing!;
      assert.ok(t, r.timingNote);
      const sim = JSON.parse(readFileSync(path.join(dir, `${from}.report.json`), "utf8"));
      const model = loadCycleModel(board.cycleModel);
      const per = sim.instructions.perFrameByClass.map((f: number[]) => frameCycles(model, sim.instructions.classes, f));
      const mean = per.reduce((a: number, b: number) => a + b, 0) / per.length;
      assert.ok(Math.abs(t.cyclesPerFrame.mean - mean) < 1e-6, `${name}: ${t.cyclesPerFrame.mean} vs ${mean}`);
      assert.equal(t.cyclesPerFrame.worst, Math.max(...per));
      if (name === "stm32h7") assert.ok(Math.abs(t.cyclesPerFrame.mean - sim.cycles.stats.mean) < 1e-6, "same core, same table: m7's own cycles");
      assert.equal(t.budgetCyclesPerFrame, clock / 100);
      assert.ok(Math.abs(t.budgetPercent.mean - (100 * mean) / (clock / 100)) < 1e-9);
      assert.ok(Math.abs(t.msPerFrame.mean - (1000 * mean) / clock) < 1e-9);
      assert.equal(t.frames, sim.frames);
      assert.equal(t.waitStateOverhead, 0);
      assert.match(t.memoryAssumption, /wait state/i);
      assert.ok(t.why.length > 40 && t.ignores.length >= 2 && t.ignores.some((x) => /cache/i.test(x)));
      const line = timingLine(r);
      assert.match(line, /modelled, not measured/);
      assert.match(line, new RegExp(`counts from ${from}`));
      assert.match(line, /zero wait states assumed/);
    }
    // nrf5340's reason names the M33/M4 relation
    assert.match(loadBoard("nrf5340").timing!.why, /Cortex-M33/);
    // another payload: no timing, and the note says why
    const other = realBoardTiming(loadBoard("stm32h7"), dir, [path.join(FIXTURES, "another.c")]);
    assert.equal(other.timing, null);
    assert.match(other.note, /another payload/);
    const missing = await buildRealBoard({ board: "stm32h7", sources: [FIXTURE], cmsis: false, stateBytes: 4096, timingFrom: path.join(TMP, "no-such-dir") });
    assert.equal(missing.timing, null);
    assert.match(missing.timingNote, /no sim report/);
    const none = await buildRealBoard({ board: "stm32h7", sources: [FIXTURE], cmsis: false, stateBytes: 4096 });
    assert.equal(none.timing, null);
    assert.match(none.timingNote, /--timing-from/);
  });

  it("a timing section is for real boards only", () => {
    const raw = JSON.parse(readFileSync(loadBoard("m7").file, "utf8"));
    raw.timing = loadBoard("stm32h7").timing;
    assert.throws(() => validateBoard(raw, loadBoard("m7").file), /timing/);
  });
});

describe("size breakdown from the link map", () => {
  it("components add up to the ELF's flash size, and the payload's share is its linked code", async () => {
    const r = await buildRealBoard({ board: "stm32h7", sources: [FIXTURE], cmsis: false, stateBytes: 4096 });
    const c = r.sizes.components!;
    const flash = Object.values(c.flash).reduce((a, b) => a + b, 0);
    assert.equal(flash, r.sizes.flashBytes, JSON.stringify(c));
    assert.ok(c.flash.payload > 200 && c.flash.payload < r.sizes.payloadObjects.text + 64, JSON.stringify(c));
    assert.ok(c.ram.harness >= 4096, "the harness's state buffer is RAM of the harness");
    assert.equal(c.flash["cmsis-dsp"], 0);
  });
});
