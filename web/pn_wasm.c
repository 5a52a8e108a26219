/*
 * pn_wasm.c: the frame API (percepnet.h) for WebAssembly. The module has no C library and no
 * allocator: one instance's state and one frame in and out live here as static arrays, and
 * JavaScript reaches them through the addresses these functions return.
 */
#include "percepnet.h"

static uint64_t state[(PN_STATE_BYTES + 7u) / 8u];
static int16_t frame_in[PN_HOP];
static int16_t frame_out[PN_HOP];

int16_t *pn_wasm_in(void) { return frame_in; }
int16_t *pn_wasm_out(void) { return frame_out; }

/** Reset the instance: PN_OK or PN_ERR_*. */
int pn_wasm_init(void) { return pn_init(state, sizeof state); }

/** Process the frame in pn_wasm_in() into pn_wasm_out(). */
int pn_wasm_process(void) { return pn_process_frame(state, frame_in, frame_out); }
