/*
 * Host driver for the generated signal path: reads little-endian int32 header
 * (mode, comb, postfilter, frames) then, per frame, 480 noisy f32, and either 480 clean f32
 * (mode 1: oracle) or 34 gains + 34 strengths (mode 0), and writes 480 output f32 per frame,
 * followed (oracle mode) by the 34 + 34 targets of that frame.
 */
#include <stdio.h>
#include <stdlib.h>
#include "dsp/denoiser.h"

static DenoiserState st;
static OracleState os;
static HistoryF32 hf; /* the f32 API's input history (mode 0) */

static void read_exact(void *p, size_t n) {
  if (fread(p, 1, n, stdin) != n) {
    fprintf(stderr, "short input\n");
    exit(2);
  }
}

int main(void) {
  int32_t hdr[4];
  float in[480], cl[480], out[480], g[34], r[34];
  int32_t f;
  read_exact(hdr, sizeof hdr);
  pn_denoiser_init(&st);
  pn_oracle_init(&os);
  pn_history_f32_init(&hf);
  pn_denoiser_set_options(&st, hdr[1] != 0, hdr[2] != 0);
  for (f = 0; f < hdr[3]; f++) {
    read_exact(in, sizeof in);
    if (hdr[0] == 1) {
      read_exact(cl, sizeof cl);
      pn_denoiser_process_frame_oracle(&st, &os, in, cl, out);
      fwrite(out, 1, sizeof out, stdout);
      fwrite(os.g, 1, sizeof os.g, stdout);
      fwrite(os.r, 1, sizeof os.r, stdout);
    } else {
      read_exact(g, sizeof g);
      read_exact(r, sizeof r);
      pn_denoiser_process_frame(&st, &hf, in, out, g, r);
      fwrite(out, 1, sizeof out, stdout);
    }
  }
  return 0;
}
