/*
 * percepnet.c: the frame API (percepnet.h) over the code generated from spec/enhancer.ts.
 *
 * The whole state is one EnhancerState in the caller's buffer; the generated modules keep no
 * mutable static data. The gains come from the trained int8 network (the model module generated
 * from the build's --model folder, default the board's size), exactly as `percepnet denoise --model`; built with -DPN_GAINS_BASELINE, from the
 * baseline noise-floor rule instead (spec/dsp/baseline.ts, `denoise --gains baseline`).
 */
#include "percepnet.h"
#include "pn_config.h"

#define PN_MAGIC 0x504e4631u /* "PNF1": set by pn_init, checked by pn_process_frame */

size_t pn_state_size(void) { return sizeof(pn_instance); }

int pn_init(void *state, size_t size) {
  pn_instance *p = (pn_instance *)state;
  if (state == NULL) return PN_ERR_NULL;
  if (size < sizeof(pn_instance)) return PN_ERR_STATE_SIZE;
  if (((uintptr_t)state & (PN_STATE_ALIGN - 1u)) != 0u) return PN_ERR_ALIGN;
  pn_EnhancerState_init(&p->enh);
  pn_enhancer_init(&p->enh, true, true);
  p->magic = PN_MAGIC;
  return PN_OK;
}

int pn_process_frame(void *state, const int16_t in[PN_HOP], int16_t out[PN_HOP]) {
  pn_instance *p = (pn_instance *)state;
  int16_t x[PN_HOP];
  int32_t i;
  if (state == NULL || in == NULL || out == NULL) return PN_ERR_NULL;
  if (p->magic != PN_MAGIC) return PN_ERR_STATE;
  for (i = 0; i < PN_HOP; i++) x[i] = in[i]; /* in and out may alias */
#if defined(PN_GAINS_BASELINE)
  pn_enhancer_frame_baseline_s16(&p->enh, x, out);
#else
  pn_enhancer_frame_net_s16(&p->enh, x, out);
#endif
  return PN_OK;
}

uint32_t pn_api_version(void) { return (uint32_t)PN_API_VERSION; }

const char *pn_version(void) { return PN_API_VERSION_STRING; }

int pn_set_atten_limit(void *state, float max_atten_db) {
  pn_instance *p = (pn_instance *)state;
  if (state == NULL) return PN_ERR_NULL;
  if (p->magic != PN_MAGIC) return PN_ERR_STATE;
  pn_enhancer_set_atten_limit(&p->enh, max_atten_db);
  return PN_OK;
}

int pn_set_bypass(void *state, int on) {
  pn_instance *p = (pn_instance *)state;
  if (state == NULL) return PN_ERR_NULL;
  if (p->magic != PN_MAGIC) return PN_ERR_STATE;
  pn_enhancer_set_bypass(&p->enh, on != 0);
  return PN_OK;
}

int pn_get_frame_gain(const void *state, float *gain) {
  const pn_instance *p = (const pn_instance *)state;
  if (state == NULL || gain == NULL) return PN_ERR_NULL;
  if (p->magic != PN_MAGIC) return PN_ERR_STATE;
  *gain = pn_enhancer_frame_gain((EnhancerState *)&p->enh);
  return PN_OK;
}
