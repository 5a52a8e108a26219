/*
 * percepnet.h: the firmware's public frame API.
 *
 * One call processes one hop of 480 mono 16-bit samples at 48 kHz (10 ms) and returns 480
 * samples. The caller owns the state memory; the library keeps no static mutable data, never
 * allocates from a heap and does not link libm. Size the state buffer with pn_state_size()
 * (or PN_STATE_BYTES where the implementation provides it as a constant) and align it to
 * PN_STATE_ALIGN bytes.
 */
#ifndef PERCEPNET_H
#define PERCEPNET_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Samples per frame (hop): 10 ms at 48 kHz. */
#define PN_HOP 480
/** Sample rate the frame API expects, in Hz. */
#define PN_SAMPLE_RATE 48000
/** Alignment the state buffer must have, in bytes. */
#define PN_STATE_ALIGN 8

/*
 * Optional compile-time state size: an implementation may ship "pn_config.h" defining
 * PN_STATE_BYTES (== pn_state_size()). The simulation and real-board harnesses then size their
 * static state buffers exactly, so RAM reports are the product's, not a default.
 */
#if defined(__has_include)
#if __has_include("pn_config.h")
#include "pn_config.h"
#endif
#endif

/** Return codes. */
#define PN_OK 0
#define PN_ERR_NULL (-1)       /**< a pointer argument is NULL */
#define PN_ERR_STATE_SIZE (-2) /**< the state buffer is smaller than pn_state_size() */
#define PN_ERR_ALIGN (-3)      /**< the state buffer is not PN_STATE_ALIGN-aligned */
#define PN_ERR_STATE (-4)      /**< the state was not initialised by pn_init() */

/** Bytes of state one enhancer instance needs. */
size_t pn_state_size(void);

/** Initialise an instance in caller-provided memory of `size` bytes. Returns PN_OK or PN_ERR_*. */
int pn_init(void *state, size_t size);

/** Process one frame. `in` and `out` may alias. Returns PN_OK or PN_ERR_*. */
int pn_process_frame(void *state, const int16_t in[PN_HOP], int16_t out[PN_HOP]);

#ifdef __cplusplus
}
#endif

#endif /* PERCEPNET_H */
