import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadBoard } from "../../sim/boards.ts";
import { buildFirmware } from "../../sim/c-build/build.ts";
import { analyseStack } from "../../sim/c-build/stack.ts";
import { FIXTURES, TMP } from "./helpers.ts";

describe("static stack analysis (-fstack-usage + -fcallgraph-info)", () => {
  it("sums frames along the heaviest call path and flags calls it cannot see into", async () => {
    const dir = path.join(TMP, "stack-chain");
    mkdirSync(dir, { recursive: true });
    const src = path.join(dir, "chain_payload.c");
    writeFileSync(
      src,
      [
        '#include <string.h>',
        '#include "percepnet.h"',
        "__attribute__((noinline)) static int leaf(const int16_t *x) { volatile int32_t buf[100]; for (int i = 0; i < 100; i++) buf[i] = x[i]; return buf[7]; }",
        "__attribute__((noinline)) static int mid(const int16_t *x) { volatile int32_t buf[50]; for (int i = 0; i < 50; i++) buf[i] = x[i]; return leaf(x) + buf[3]; }",
        "__attribute__((noinline)) static int small(const int16_t *x) { return x[0]; }",
        "size_t pn_state_size(void) { return 8; }",
        "int pn_init(void *s, size_t n) { if (!s) return PN_ERR_NULL; memset(s, 0, n); return PN_OK; }",
        "int pn_process_frame(void *s, const int16_t in[PN_HOP], int16_t out[PN_HOP]) { (void)s; int a = mid(in) + small(in); for (int i = 0; i < PN_HOP; i++) out[i] = (int16_t)(in[i] + a); return PN_OK; }",
      ].join("\n"),
    );
    const fw = await buildFirmware(loadBoard("m4f"), "board", { sources: [src], cmsis: false, stateBytes: 64 });
    const pf = fw.stack.roots.find((r) => r.root === "pn_process_frame")!;
    assert.deepEqual(pf.path.map((p) => p.fn), ["pn_process_frame", "chain_payload.c:mid", "chain_payload.c:leaf"]);
    assert.equal(pf.bytes, pf.path.reduce((a, p) => a + p.frame, 0));
    assert.ok(pf.path[2].frame >= 400 && pf.path[1].frame >= 200, JSON.stringify(pf.path));
    assert.equal(pf.complete, true);
    // pn_init calls memset (libc: no frame information): the bound is marked as a lower bound.
    const init = analyseStack({ dirs: [fw.dir], roots: ["pn_init"] }).roots[0];
    assert.equal(init.complete, false);
    assert.deepEqual(init.unknownCallees, ["memset"]);
  });

  it("a root that does not exist is reported as not found", () => {
    const r = analyseStack({ dirs: [path.join(FIXTURES)], roots: ["no_such_function"] }).roots[0];
    assert.equal(r.bytes, null);
    assert.equal(r.complete, false);
  });
});
