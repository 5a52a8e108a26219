import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BoardProfileError, linkerScript, loadAllBoards, loadBoard, BOARDS_DIR } from "../../sim/boards.ts";
import { TMP } from "./helpers.ts";

function brokenCopy(board: string, mutate: (j: any) => void, dirName: string): string {
  const dir = path.join(TMP, dirName);
  mkdirSync(dir, { recursive: true });
  const j = JSON.parse(readFileSync(path.join(BOARDS_DIR, board + ".json"), "utf8"));
  mutate(j);
  const file = path.join(dir, board + ".json");
  writeFileSync(file, JSON.stringify(j, null, 1));
  return file;
}

function rejects(file: string, field: string, detail: RegExp) {
  assert.throws(
    () => loadBoard(file),
    (e: unknown) => {
      assert.ok(e instanceof BoardProfileError, `expected BoardProfileError, got ${e}`);
      assert.ok(e.message.includes(path.basename(file)), `message names the file: ${e.message}`);
      assert.ok(e.message.includes(`field "${field}"`), `message names field ${field}: ${e.message}`);
      assert.match(e.message, detail);
      return true;
    },
  );
}

describe("board profiles", () => {
  it("every profile in boards/ validates: four simulated boards and three real ones", () => {
    const boards = loadAllBoards();
    const sim = boards.filter((b) => b.kind === "simulated").map((b) => b.name).sort();
    const real = boards.filter((b) => b.kind === "real").map((b) => b.name).sort();
    assert.deepEqual(sim, ["a53", "m4f", "m55", "m7"]);
    assert.deepEqual(real, ["imxrt1060", "nrf5340", "stm32h7"]);
    for (const b of boards) assert.equal(b.budgetCyclesPerFrame, b.clockHz / 100, b.name);
    assert.equal(loadBoard("m4f").sim?.machine, "mps2-an386");
    assert.equal(loadBoard("m7").sim?.machine, "mps2-an500");
    assert.equal(loadBoard("m55").sim?.machine, "mps3-an547");
    assert.equal(loadBoard("a53").sim?.mode, "user");
    assert.equal(loadBoard("m55").cmsisDsp.variant, "helium");
    assert.equal(loadBoard("a53").cmsisDsp.variant, "neon");
  });

  it("rejects a region origin that is not a hex string, naming file and field", () => {
    rejects(brokenCopy("m4f", (j) => (j.memory.regions[0].origin = 0), "bad-origin"), "memory.regions[0].origin", /hex string/);
  });

  it("rejects a missing field", () => {
    rejects(brokenCopy("stm32h7", (j) => delete j.clockHz, "no-clock"), "clockHz", /field missing/);
  });

  it("rejects a budget that is not clock x 10 ms", () => {
    rejects(brokenCopy("m7", (j) => (j.budgetCyclesPerFrame = 123), "bad-budget"), "budgetCyclesPerFrame", /4800000/);
  });

  it("rejects overlapping memory regions", () => {
    rejects(brokenCopy("nrf5340", (j) => (j.memory.regions[1].origin = "0x00080000"), "overlap"), "memory.regions[1]", /overlaps/);
  });

  it("rejects -ffast-math in compiler flags", () => {
    rejects(brokenCopy("m4f", (j) => j.compiler.flags.push("-ffast-math"), "fast-math"), "compiler.flags", /bit-exactness/);
  });

  it("rejects an unknown field and a model size outside headset|m7|full", () => {
    rejects(brokenCopy("m4f", (j) => (j.clokHz = 1), "typo"), "clokHz", /unknown field/);
    rejects(brokenCopy("m4f", (j) => (j.modelSize = "huge"), "model-size"), "modelSize", /headset/);
  });

  it("rejects invalid JSON with the file named", () => {
    const dir = path.join(TMP, "bad-json");
    mkdirSync(dir, { recursive: true });
    const f = path.join(dir, "m4f.json");
    writeFileSync(f, "{ not json");
    rejects(f, "(file)", /not valid JSON/);
  });

  it("generates a linker script with the profile's memory map", () => {
    const ld = linkerScript(loadBoard("stm32h7"));
    assert.match(ld, /FLASH\s+\(rx\) : ORIGIN = 0x08000000, LENGTH = 0x00200000/);
    assert.match(ld, /DTCMRAM\s+\(rwx\) : ORIGIN = 0x20000000, LENGTH = 0x00020000/);
    assert.match(ld, /__stack_size = 16384;/);
    assert.doesNotMatch(ld, /@[A-Z_]+@/);
  });
});
