/*
 * percepnet_host.h: the host-only extension of the frame API (percepnet.h), for the tools that
 * compare the product with the reference: never built into the firmware or the shipped library.
 *
 * It adds what the product has no use for: the stream options (comb filter, postfilter), oracle
 * mode (gains from a clean reference), the baseline noise-floor rule, and the network trace
 * (models/train/enhance.py --verify). Everything else goes through percepnet.h, so a host run
 * exercises the code users link. Each function takes a state initialised by pn_init.
 */
#ifndef PERCEPNET_HOST_H
#define PERCEPNET_HOST_H

#include "percepnet.h"
#include "pn_config.h"
#include "pn_stream_config.h"

/** Bytes of one frame's network trace: the int8 input, then the int8 gains and strengths. */
#define PN_HOST_NET_TRACE_BYTES (PN_NB_FEATURES + 2 * PN_NB_BANDS)

/** The clean reference's side of oracle mode (the firmware never holds it). */
typedef EnhancerOracle pn_host_oracle;

/**
 * Restart the stream with these options (pn_init's are both on): the state is reset as by pn_init,
 * controls included, so call it before the first frame and set the controls after it.
 */
int pn_host_set_options(void *state, int comb, int postfilter);

/** Reset an oracle's state: once per stream, with pn_init. */
void pn_host_oracle_init(pn_host_oracle *oracle);

/** One frame with the ideal gains and strengths computed from `clean` (same framing as `in`). */
int pn_host_process_frame_oracle(void *state, pn_host_oracle *oracle, const int16_t in[PN_HOP], const int16_t clean[PN_HOP], int16_t out[PN_HOP]);

/** One frame with the gains of the baseline noise-floor rule instead of the network. */
int pn_host_process_frame_baseline(void *state, const int16_t in[PN_HOP], int16_t out[PN_HOP]);

/** The last network frame's int8 input and outputs, PN_HOST_NET_TRACE_BYTES in all. */
int pn_host_net_trace(const void *state, int8_t trace[PN_HOST_NET_TRACE_BYTES]);

#endif /* PERCEPNET_HOST_H */
