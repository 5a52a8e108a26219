/* Host driver for a network compiled from a generated tables module (models/nn/tables.py, prefix
 * "net"): runs FRAMES frames of int8 features and writes net_collect's values per frame.
 * Usage: net_driver FEATURES.i8 FRAMES OUT. "net_header.h" includes the generated header. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "net_header.h"

static NetState st;

int main(int argc, char **argv) {
  if (argc != 4) return 2;
  int frames = atoi(argv[2]);
  FILE *f = fopen(argv[1], "rb");
  FILE *o = fopen(argv[3], "wb");
  if (!f || !o) return 2;
  int8_t x[NET_N_FEATURES], gain[NET_N_BANDS], strength[NET_N_BANDS], all[NET_COLLECT_SIZE];
  pn_net_init(&st);
  for (int k = 0; k < frames; k++) {
    if (fread(x, 1, sizeof x, f) != sizeof x) return 3;
    pn_net_step(&st, x, gain, strength);
    pn_net_collect(&st, all);
    fwrite(all, 1, sizeof all, o);
  }
  fclose(f);
  fclose(o);
  return 0;
}
