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

/** The frame API's version, MAJOR.MINOR.PATCH as 0xMMmmpp: minor bumps add functions only. */
#define PN_API_VERSION 0x010100
#define PN_API_VERSION_STRING "1.1.0"

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

/** The library's frame API version (PN_API_VERSION of the build), for a check against the header. */
uint32_t pn_api_version(void);

/** The library's version string, e.g. "1.1.0". */
const char *pn_version(void);

/*
 * Runtime controls. They take effect from the next pn_process_frame and are reset by pn_init.
 * Each is part of the bit-exact contract (spec/enhancer.ts): the reference gives the same bytes.
 */

/**
 * Attenuation limit: no band loses more than `max_atten_db` dB of its energy (12 keeps some
 * ambience; the default after pn_init is no limit). 0, a negative value or NaN removes the limit.
 */
int pn_set_atten_limit(void *state, float max_atten_db);

/**
 * Bypass (`on` != 0): the output is the input, delayed by the same 30 ms, while the analysis and
 * the network keep running, so switching either way is click-free and needs no warm-up.
 */
int pn_set_bypass(void *state, int on);

/**
 * The last frame's energy-weighted gain in [0, 1] (sqrt of the energy kept over the energy in):
 * near 1 when the frame was kept (speech), low when it was suppressed. A speech-activity proxy
 * from the gains, not a separately trained voice-activity detector. 1 before the first frame.
 */
int pn_get_frame_gain(const void *state, float *gain);

#ifdef __cplusplus
}
#endif

#endif /* PERCEPNET_H */
