// Every accepted program runs through both backends on seeded random inputs (with every numeric
// edge case), and the outputs agree bit for bit.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { compileBatch, firstDifference, inputs, runC, runJs } from "../support/differential.ts";

const DIR = path.resolve("test/fixtures/subset/accept");
const programs = fs.readdirSync(DIR).filter((f) => f.endsWith(".ts")).sort();
const TRIALS = 40;

describe(`accepted programs (${programs.length}): exact JS and host C agree bit for bit`, function () {
  it(`has at least 40 accepted programs (found ${programs.length})`, function () {
    assert.ok(programs.length >= 40, `only ${programs.length} accepted programs`);
  });
  for (const [n, file] of programs.entries()) {
    it(file.replace(/\.ts$/, ""), async function () {
      const batch = compileBatch([path.join(DIR, file)], [{ module: file.replace(/\.ts$/, ""), entry: "run" }]);
      const ins = inputs(1000 + n, TRIALS);
      const [js] = await runJs(batch, ins);
      const [c] = runC(batch, ins);
      const diff = firstDifference(js, c);
      assert.equal(diff, undefined, `${file}: ${diff}`);
    });
  }
});
