// pn_round_i32 (firmware/runtime/pn_rt.h; prelude round_i32: nearest, ties away from zero,
// saturating, NaN -> 0) against its earlier definition (range tests, truncation, the fraction
// compared with ±0.5) on every one of the 2^32 floats, built with the host compiler and the C
// contract's flags: the faster form gives the same integer for every input.
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { hostCc, REPO_ROOT } from "../../sim/c-build/toolchain.ts";
import { C_CONTRACT_FLAGS, C_OPT_FLAG, C_WARNING_FLAGS } from "../../codegen/src/c-contract.ts";

const SRC = String.raw`
#include <stdio.h>
#include <string.h>
#include "pn_rt.h"
static int32_t earlier_trunc(float x) {
  if (x != x) return 0;
  if (x >= 2147483648.0f) return INT32_MAX;
  if (x <= -2147483648.0f) return INT32_MIN;
  return (int32_t)x;
}
static int32_t earlier_round(float x) {
  int32_t t = earlier_trunc(x);
  float frac;
  if (x != x || x >= 2147483648.0f || x <= -2147483648.0f) return t;
  frac = x - (float)t;
  if (frac >= 0.5f) return t + 1;
  if (frac <= -0.5f) return t - 1;
  return t;
}
int main(void) {
  unsigned long long bad = 0;
  uint32_t u = 0;
  do {
    float x;
    memcpy(&x, &u, 4);
    if (earlier_round(x) != pn_round_i32(x)) {
      if (bad < 5) printf("0x%08x: %ld, earlier %ld\n", (unsigned)u, (long)pn_round_i32(x), (long)earlier_round(x));
      bad++;
    }
    u++;
  } while (u != 0);
  printf("%llu differ\n", bad);
  return bad != 0;
}
`;

describe("pn_round_i32", function () {
  this.timeout(300_000);
  it("equals its earlier definition on all 2^32 floats (host compiler, the C contract's flags)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pn-round-"));
    try {
      const src = path.join(dir, "round.c"), exe = path.join(dir, "round");
      fs.writeFileSync(src, SRC);
      execFileSync(hostCc().path, [...C_CONTRACT_FLAGS, C_OPT_FLAG, ...C_WARNING_FLAGS, "-I", path.join(REPO_ROOT, "firmware", "runtime"), src, "-o", exe]);
      const out = execFileSync(exe, { encoding: "utf8" });
      assert.equal(out.trim(), "0 differ");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
