/*
 * Features and oracle targets from the generated signal path (models/train/features.py).
 * stdin: int32 frames, then per frame 480 noisy f32 and 480 clean f32 (scaled to +-1).
 * stdout: per frame 70 features (DenoiserState.feat), 34 ideal gains and 34 ideal strengths
 * (OracleState.g, .r), all f32, native little-endian. Comb filter and postfilter on (defaults).
 * Environment: PN_ENERGY_FLOOR sets the log-energy features' floor (denoiser_set_feature_floor; 1e-2 if unset).
 */
#include <stdio.h>
#include <stdlib.h>
#include "train_headers.h" /* spec/dsp/denoiser.h */

static DenoiserState st;
static OracleState os;

static void read_exact(void *p, size_t n) {
  if (fread(p, 1, n, stdin) != n) {
    fprintf(stderr, "feat_driver: short input\n");
    exit(2);
  }
}

int main(void) {
  int32_t frames, f;
  float in[480], cl[480], out[480];
  read_exact(&frames, sizeof frames);
  pn_denoiser_init(&st);
  pn_oracle_init(&os);
  if (getenv("PN_ENERGY_FLOOR")) pn_denoiser_set_feature_floor(&st, (float)atof(getenv("PN_ENERGY_FLOOR")));
  for (f = 0; f < frames; f++) {
    read_exact(in, sizeof in);
    read_exact(cl, sizeof cl);
    pn_denoiser_process_frame_oracle(&st, &os, in, cl, out);
    fwrite(st.feat, 1, sizeof st.feat, stdout);
    fwrite(os.g, 1, sizeof os.g, stdout);
    fwrite(os.r, 1, sizeof os.r, stdout);
  }
  return 0;
}
