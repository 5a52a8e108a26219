/* Test payload: a generated network module (models/nn/tables.py, prefix "net") alone behind the
 * frame API, so a test can read the firmware's network bit for bit (test/nn/width-change.test.ts).
 * Features: the high bytes of samples 0, 6, 12, ... of each frame (as models/nn/c/net_payload.c).
 * Output: every value net_collect gives after the step (graph outputs, layer outputs, states, in
 * the .tflite's graph output order), two int8 per sample (low byte first), zeros after them. */
#include <string.h>
#include "percepnet.h"
#include "net.h"

/* The collected values must fit one output frame. */
typedef char pn_collect_fits_a_frame[(NET_COLLECT_SIZE <= 2 * PN_HOP) ? 1 : -1];

typedef struct { uint32_t magic; NetState net; int8_t all[2 * PN_HOP]; } payload_state;

size_t pn_state_size(void) { return sizeof(payload_state); }
int pn_init(void *state, size_t size) {
  if (!state) return PN_ERR_NULL;
  if (size < sizeof(payload_state)) return PN_ERR_STATE_SIZE;
  payload_state *s = (payload_state *)state;
  memset(s, 0, sizeof *s);
  s->magic = 0x4e4e4554u;
  pn_net_init(&s->net);
  return PN_OK;
}
int pn_process_frame(void *state, const int16_t in[PN_HOP], int16_t out[PN_HOP]) {
  payload_state *s = (payload_state *)state;
  int8_t x[NET_N_FEATURES], g[NET_N_BANDS], r[NET_N_BANDS];
  for (int k = 0; k < NET_N_FEATURES; k++) x[k] = (int8_t)(in[k * 6] >> 8);
  pn_net_step(&s->net, x, g, r);
  pn_net_collect(&s->net, s->all);
  for (int k = 0; k < PN_HOP; k++) out[k] = (int16_t)((uint16_t)(uint8_t)s->all[2 * k] | ((uint16_t)(uint8_t)s->all[2 * k + 1] << 8));
  return PN_OK;
}
