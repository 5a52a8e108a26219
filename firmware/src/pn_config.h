/*
 * pn_config.h: the compile-time state size of this implementation, so the harnesses size their
 * static state buffers exactly (see percepnet.h).
 */
#ifndef PN_FRAME_API_CONFIG_H /* not PN_CONFIG_H: the guard of the generated config.h (spec/config.ts) */
#define PN_FRAME_API_CONFIG_H

#include <stdint.h>
#include "enhancer.h"

/** One instance: a magic word set by pn_init, then the enhancer's whole state. */
typedef struct {
  uint32_t magic;
  EnhancerState enh;
} pn_instance;

#define PN_STATE_BYTES (sizeof(pn_instance))

#endif /* PN_FRAME_API_CONFIG_H */
