/*
 * FIR with arbitrary tap offsets (prelude taps_f32): out[oo+i] = w[0]·x[xo+off[0]+i] + w[1]·x[xo+off[1]+i] + …,
 * summed in tap order from the first product, one rounding per operation (pn_taps_block.h).
 */
#include "pn_rt.h"

#define PN_SAMPLE float
#define PN_HELD float
#define PN_CVT(v) (v)
#define PN_LD(p, k) ((p)[k])
#define PN_LOADED(a, b, c, d, e, f, g, h)
#include "pn_taps_block.h"

void pn_taps_f32(const float *x, int32_t xo, const int32_t *off, const float *w, int32_t taps, float *out, int32_t oo,
                 int32_t n) {
  taps_block(x, xo, off, w, taps, out, oo, n);
}
