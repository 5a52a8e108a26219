/*
 * percepnet_host.c: the host-only extension of the frame API (percepnet_host.h) over the same
 * instance as firmware/src/percepnet.c.
 */
#include <string.h>

#include "percepnet_host.h"

/* pn_init's check, repeated: the magic word is private to percepnet.c, so ask it through the API. */
static int checked(const void *state) {
  float gain;
  return pn_get_frame_gain(state, &gain);
}

int pn_host_set_options(void *state, int comb, int postfilter) {
  int rc = checked(state);
  if (rc != PN_OK) return rc;
  pn_enhancer_init(&((pn_instance *)state)->enh, comb != 0, postfilter != 0);
  return PN_OK;
}

void pn_host_oracle_init(pn_host_oracle *oracle) {
  pn_EnhancerOracle_init(oracle);
  pn_enhancer_oracle_init(oracle);
}

int pn_host_process_frame_oracle(void *state, pn_host_oracle *oracle, const int16_t in[PN_HOP], const int16_t clean[PN_HOP], int16_t out[PN_HOP]) {
  int rc = checked(state);
  if (rc != PN_OK) return rc;
  if (oracle == NULL || in == NULL || clean == NULL || out == NULL) return PN_ERR_NULL;
  pn_enhancer_frame_oracle_s16(&((pn_instance *)state)->enh, oracle, in, clean, out);
  return PN_OK;
}

int pn_host_process_frame_baseline(void *state, const int16_t in[PN_HOP], int16_t out[PN_HOP]) {
  int rc = checked(state);
  if (rc != PN_OK) return rc;
  if (in == NULL || out == NULL) return PN_ERR_NULL;
  pn_enhancer_frame_baseline_s16(&((pn_instance *)state)->enh, in, out);
  return PN_OK;
}

int pn_host_net_trace(const void *state, int8_t trace[PN_HOST_NET_TRACE_BYTES]) {
  const EnhancerState *enh = &((const pn_instance *)state)->enh;
  int rc = checked(state);
  if (rc != PN_OK) return rc;
  if (trace == NULL) return PN_ERR_NULL;
  memcpy(trace, enh->q, PN_NB_FEATURES);
  memcpy(trace + PN_NB_FEATURES, enh->qg, PN_NB_BANDS);
  memcpy(trace + PN_NB_FEATURES + PN_NB_BANDS, enh->qr, PN_NB_BANDS);
  return PN_OK;
}
