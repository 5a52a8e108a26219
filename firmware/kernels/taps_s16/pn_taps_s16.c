/*
 * FIR with arbitrary tap offsets over int16 samples (prelude taps_s16), each sample read as
 * s / 32768 (exact): out[oo+i] = w[0]·(x[xo+off[0]+i]/32768) + w[1]·(x[xo+off[1]+i]/32768) + …,
 * summed in tap order from the first product, one rounding per operation (pn_taps_block.h). The
 * comb filter over the enhancer's int16 input history.
 */
#include "pn_rt.h"

#define PN_SAMPLE int16_t
#define PN_HELD int32_t
#define PN_CVT(v) pn_q15_f32(v)
#define PN_LD(p, k) PN_CVT((p)[k])
/* GCC would sink each load next to its conversion (2 cycles each on Cortex-M4); held in registers
 * here, the eight go back to back (pipelined: 9 cycles for 8). No instruction: it only orders. */
#define PN_LOADED(a, b, c, d, e, f, g, h) \
  __asm__("" : "+r"(a), "+r"(b), "+r"(c), "+r"(d), "+r"(e), "+r"(f), "+r"(g), "+r"(h))
#include "../taps_f32/pn_taps_block.h"

void pn_taps_s16(const int16_t *x, int32_t xo, const int32_t *off, const float *w, int32_t taps, float *out, int32_t oo,
                 int32_t n) {
  taps_block(x, xo, off, w, taps, out, oo, n);
}
