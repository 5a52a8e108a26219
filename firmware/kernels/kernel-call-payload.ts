// The C payload of the kernels' per-core exact test: a byte-buffer machine behind the frame API
// that calls any kernel of the table (codegen/src/kernel-table.ts) on the buffer. Written from the
// table, so a new kernel folder is callable without touching this file. Not PercepNet.
//
// Each 480-sample input frame is one command (sample 0 the opcode); int32 words are (u16 lo, hi):
//   LOAD (1): s[1] = n bytes (<= 952), s[2..3] = destination offset, s[4..] = the bytes, two per
//             sample (little-endian). Output: zeros.
//   CALL (2): s[1] = kernel index in the table, s[2..] = one word per parameter: an array's buffer
//             offset, an integer's value, an f32's bits. Output: s[0..1] = the return value's
//             bits (0 for void), then zeros.
//   READ (3): s[1] = n bytes (<= 960), s[2..3] = source offset. Output: the bytes, two per sample.
import { cPrototype, type Kernel } from "../../codegen/src/kernel-table.ts";
import { C_SCALAR } from "../../codegen/src/types.ts";

export const PAYLOAD_BUFFER_BYTES = 128 * 1024;
export const HOP = 480;
export const LOAD_BYTES = 2 * (HOP - 4);
export const READ_BYTES = 2 * HOP;
export const OP = { load: 1, call: 2, read: 3 } as const;

function argument(k: Kernel, i: number): string {
  const p = k.params[i];
  const t = p.type;
  if (t.kind === "array") return `(${p.written ? "" : "const "}${C_SCALAR[t.elem]} *)(void *)&m[a[${i}]]`;
  if (t.kind === "scalar" && t.name === "f32") return `f32_of(a[${i}])`;
  if (t.kind === "scalar") return `(${C_SCALAR[t.name]})a[${i}]`;
  throw new Error(`${k.cName}: parameter ${p.name} has no encoding`);
}

function callCase(k: Kernel, index: number): string {
  const call = `${k.cName}(${k.params.map((_, i) => argument(k, i)).join(", ")})`;
  const ret = k.ret.kind === "void" ? `${call};\n      return 0;` : k.ret.kind === "scalar" && k.ret.name === "f32" ? `return bits_of(${call});` : `return (int32_t)${call};`;
  return `    case ${index}: /* ${cPrototype(k).split("\n")[0].replace(/\(.*/, "")} */\n      ${ret}`;
}

export function kernelCallPayload(kernels: Kernel[]): string {
  return `/* The kernels' exact-test payload, written by firmware/kernels/kernel-call-payload.ts (see there). */
#include <string.h>
#include "percepnet.h"
#include "pn_rt.h"

#define KC_BUF_BYTES ${PAYLOAD_BUFFER_BYTES}u
#define KC_MAGIC 0x4b43414cu

typedef struct {
  uint32_t magic;
  uint32_t words[KC_BUF_BYTES / 4]; /* the buffer, aligned for every element type */
} kc_state;

size_t pn_state_size(void) { return sizeof(kc_state); }

int pn_init(void *state, size_t size) {
  if (!state) return PN_ERR_NULL;
  if (size < sizeof(kc_state)) return PN_ERR_STATE_SIZE;
  memset(state, 0, sizeof(kc_state));
  ((kc_state *)state)->magic = KC_MAGIC;
  return PN_OK;
}

static int32_t rd32(const int16_t *p) { return (int32_t)((uint32_t)(uint16_t)p[0] | ((uint32_t)(uint16_t)p[1] << 16)); }
static float f32_of(int32_t b) { float f; memcpy(&f, &b, sizeof f); return f; }
static int32_t bits_of(float f) { int32_t b; memcpy(&b, &f, sizeof b); return b; }

static int32_t call(uint8_t *m, int32_t kernel, const int32_t *a) {
  switch (kernel) {
${kernels.map(callCase).join("\n")}
    default:
      return 0;
  }
}

int pn_process_frame(void *state, const int16_t in[PN_HOP], int16_t out[PN_HOP]) {
  kc_state *s = (kc_state *)state;
  uint8_t *m;
  int32_t k;
  if (!state || !in || !out) return PN_ERR_NULL;
  if (s->magic != KC_MAGIC) return PN_ERR_STATE;
  m = (uint8_t *)s->words;
  memset(out, 0, PN_HOP * sizeof out[0]);
  if (in[0] == ${OP.load} || in[0] == ${OP.read}) {
    const int32_t n = in[1];
    const uint32_t at = (uint32_t)rd32(&in[2]);
    const int32_t most = in[0] == ${OP.load} ? ${LOAD_BYTES} : ${READ_BYTES};
    if (n < 0 || n > most || at > KC_BUF_BYTES || (uint32_t)n > KC_BUF_BYTES - at) return PN_ERR_STATE;
    for (k = 0; k < n; k++) {
      if (in[0] == ${OP.load}) {
        const uint16_t v = (uint16_t)in[4 + (k >> 1)];
        m[at + (uint32_t)k] = (uint8_t)(k & 1 ? v >> 8 : v & 0xff);
      } else {
        const uint16_t v = (uint16_t)out[k >> 1];
        out[k >> 1] = (int16_t)(k & 1 ? (v & 0xffu) | ((uint32_t)m[at + (uint32_t)k] << 8) : m[at + (uint32_t)k]);
      }
    }
    return PN_OK;
  }
  if (in[0] == ${OP.call}) {
    int32_t a[${Math.max(...kernels.map((k) => k.params.length))}];
    int32_t r;
    for (k = 0; k < (int32_t)(sizeof a / sizeof a[0]); k++) a[k] = rd32(&in[2 + 2 * k]);
    r = call(m, in[1], a);
    out[0] = (int16_t)(uint16_t)((uint32_t)r & 0xffffu);
    out[1] = (int16_t)(uint16_t)((uint32_t)r >> 16);
    return PN_OK;
  }
  return PN_ERR_STATE;
}
`;
}
