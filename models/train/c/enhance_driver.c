/*
 * Denoise with the trained network through the generated signal path (models/train/enhance.py).
 * Usage: enhance_driver NORM.f32 LOOKAHEAD [TRACE]
 * Environment: PN_ATTEN_LIM=dB sets the attenuation limit (denoiser_set_atten_limit), PN_NO_POSTFILTER=1
 *   switches the postfilter off: the product's runtime controls, for measuring them on a test set.
 *   PN_ENERGY_FLOOR: the model's log-energy floor (manifest input.energy_floor; 1e-2 if unset).
 *   NORM.f32: 70 means, 70 gains (1 / (std * input scale)) as f32, then the input zero point (f32).
 *   LOOKAHEAD: 1 when the model takes the newest window's band energies (glue_select_features), else 0.
 * stdin: int32 frames, then 480 noisy f32 per frame. stdout: 480 output f32 per frame.
 * TRACE (optional): per frame the 70 int8 network inputs, then the 34 + 34 int8 network outputs.
 * Per frame: denoiser_analyze -> glue_select_features -> pn_glue_features_s8 (spec/nn/glue.ts) -> net_step -> glue_unit_f32 -> denoiser_synthesize.
 */
#include <stdio.h>
#include <stdlib.h>
#include "train_headers.h" /* spec/dsp/denoiser.h, spec/nn/glue.h, the model's tables module */

static DenoiserState st;
static NetState net;

static void read_exact(void *p, size_t n, FILE *f) {
  if (fread(p, 1, n, f) != n) {
    fprintf(stderr, "enhance_driver: short input\n");
    exit(2);
  }
}

int main(int argc, char **argv) {
  float mean[70], gain[70], zpf, in[480], out[480], g[34], r[34], fin[70];
  bool lookahead;
  int8_t q[70], qg[34], qr[34];
  int32_t frames, f;
  FILE *nf, *trace = NULL;
  if (argc < 3) return 2;
  lookahead = argv[2][0] == '1';
  nf = fopen(argv[1], "rb");
  if (!nf) return 2;
  read_exact(mean, sizeof mean, nf);
  read_exact(gain, sizeof gain, nf);
  read_exact(&zpf, sizeof zpf, nf);
  fclose(nf);
  if (argc > 3) {
    trace = fopen(argv[3], "wb");
    if (!trace) return 2;
  }
  read_exact(&frames, sizeof frames, stdin);
  pn_denoiser_init(&st);
  pn_net_init(&net);
  if (getenv("PN_ENERGY_FLOOR")) pn_denoiser_set_feature_floor(&st, (float)atof(getenv("PN_ENERGY_FLOOR")));
  if (getenv("PN_NO_POSTFILTER")) pn_denoiser_set_options(&st, true, false);
  if (getenv("PN_ATTEN_LIM")) pn_denoiser_set_atten_limit(&st, (float)atof(getenv("PN_ATTEN_LIM")));
  for (f = 0; f < frames; f++) {
    read_exact(in, sizeof in, stdin);
    pn_denoiser_analyze(&st, in);
    pn_glue_select_features(st.feat, st.lfeat, lookahead, fin);
    pn_glue_features_s8(fin, mean, gain, (int32_t)zpf, q);
    pn_net_step(&net, q, qg, qr);
    pn_glue_unit_f32(qg, g);
    pn_glue_unit_f32(qr, r);
    pn_denoiser_synthesize(&st, g, r, out);
    fwrite(out, 1, sizeof out, stdout);
    if (trace) {
      fwrite(q, 1, sizeof q, trace);
      fwrite(qg, 1, sizeof qg, trace);
      fwrite(qr, 1, sizeof qr, trace);
    }
  }
  if (trace) fclose(trace);
  return 0;
}
