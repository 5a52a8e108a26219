/* Host driver for the generated C of spec/nn: runs a network packed by models/nn/ref.ts (packForC)
 * frame by frame and writes every requested output, frame after frame, as raw int8.
 * Usage: nn_driver PACK OUT */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nn/layers.h"

static const uint8_t *cur;
static const uint8_t *end_;

static void die(const char *m) {
  fprintf(stderr, "nn_driver: %s\n", m);
  exit(2);
}
static int32_t rd(void) {
  int32_t v;
  if (cur + 4 > end_) die("truncated pack");
  memcpy(&v, cur, 4);
  cur += 4;
  return v;
}
static int32_t *rd_i32s(int32_t n) {
  int32_t *a = malloc(sizeof(int32_t) * (size_t)(n > 0 ? n : 1));
  for (int32_t i = 0; i < n; i++) a[i] = rd();
  return a;
}
static int8_t *rd_i8s(int32_t n) {
  int32_t padded = (n + 3) & ~3;
  int8_t *a = malloc((size_t)(n > 0 ? n : 1));
  if (cur + padded > end_) die("truncated pack");
  memcpy(a, cur, (size_t)n);
  cur += padded;
  return a;
}

typedef struct { int32_t rows, cols; int8_t *w; int32_t *b, *m, *s; } Fc;
static void rd_fc(Fc *f) {
  f->rows = rd();
  f->cols = rd();
  f->w = rd_i8s(f->rows * f->cols);
  f->b = rd_i32s(f->rows);
  f->m = rd_i32s(f->rows);
  f->s = rd_i32s(f->rows);
}

typedef struct {
  int32_t kind, in, out, state, rows, cols, act, channels, kernel, n_inputs, n_in, hidden, np;
  int32_t *inputs, *p;
  Fc fc[4];
  int8_t *pre, *cat, *x, *scratch, *lut;
} Layer;

int main(int argc, char **argv) {
  if (argc != 3) die("usage: nn_driver PACK OUT");
  FILE *f = fopen(argv[1], "rb");
  if (!f) die("cannot open pack");
  fseek(f, 0, SEEK_END);
  long len = ftell(f);
  fseek(f, 0, SEEK_SET);
  uint8_t *buf = malloc((size_t)len);
  if (fread(buf, 1, (size_t)len, f) != (size_t)len) die("read");
  fclose(f);
  cur = buf;
  end_ = buf + len;
  if (rd() != 0x314E4E50) die("bad magic");
  int32_t nt = rd();
  int32_t *size = rd_i32s(nt);
  int8_t **t = malloc(sizeof(int8_t *) * (size_t)nt);
  for (int32_t i = 0; i < nt; i++) t[i] = calloc((size_t)size[i], 1);
  int32_t nl = rd();
  Layer *L = calloc((size_t)nl, sizeof(Layer));
  for (int32_t i = 0; i < nl; i++) {
    Layer *l = &L[i];
    l->kind = rd();
    if (l->kind == 0) {
      l->in = rd(); l->out = rd(); l->act = rd();
      l->np = rd(); l->p = rd_i32s(l->np);
      rd_fc(&l->fc[0]);
      l->pre = malloc((size_t)l->fc[0].rows);
      l->lut = malloc(256);
      pn_layer_init_lut(l->act, l->p, 0, l->lut, 0);
    } else if (l->kind == 1) {
      l->in = rd(); l->out = rd(); l->state = rd(); l->channels = rd(); l->kernel = rd(); l->act = rd();
      l->np = rd(); l->p = rd_i32s(l->np);
      rd_fc(&l->fc[0]);
      l->pre = malloc((size_t)l->fc[0].rows);
      l->cat = malloc((size_t)(l->kernel * l->channels));
      l->lut = malloc(256);
      pn_layer_init_lut(l->act, l->p, 0, l->lut, 0);
    } else if (l->kind == 2) {
      l->n_inputs = rd(); l->inputs = rd_i32s(l->n_inputs);
      l->state = rd(); l->out = rd(); l->n_in = rd(); l->hidden = rd();
      l->np = rd(); l->p = rd_i32s(l->np);
      for (int k = 0; k < 4; k++) rd_fc(&l->fc[k]);
      l->x = malloc((size_t)l->n_in);
      l->scratch = malloc((size_t)pn_gru_scratch_size(l->n_in, l->hidden));
      l->lut = malloc(768);
      pn_gru_init_luts(l->p, 0, l->lut, 0);
    } else {
      die("bad layer kind");
    }
  }
  int32_t no = rd();
  int32_t *outs = rd_i32s(no);
  int32_t frames = rd();
  int32_t nf = rd();
  int8_t *feat = rd_i8s(frames * nf);
  FILE *o = fopen(argv[2], "wb");
  if (!o) die("cannot open output");
  for (int32_t fr = 0; fr < frames; fr++) {
    memcpy(t[0], feat + (size_t)fr * (size_t)nf, (size_t)nf);
    for (int32_t i = 0; i < nl; i++) {
      Layer *l = &L[i];
      Fc *c = l->fc;
      if (l->kind == 0) {
        pn_dense_s8(t[l->in], 0, c->w, c->b, c->m, c->s, c->rows, c->cols, l->pre, t[l->out], 0, l->p, 0, l->lut, 0);
      } else if (l->kind == 1) {
        pn_conv1d_s8(t[l->in], 0, t[l->state], l->channels, l->kernel, c->w, c->b, c->m, c->s, c->rows,
                  l->cat, l->pre, t[l->out], 0, l->p, 0, l->lut, 0);
      } else {
        int32_t off = 0;
        for (int32_t k = 0; k < l->n_inputs; k++) {
          memcpy(l->x + off, t[l->inputs[k]], (size_t)size[l->inputs[k]]);
          off += size[l->inputs[k]];
        }
        pn_gru_s8(l->x, 0, l->n_in, t[l->state], l->hidden,
               c[0].w, c[0].b, c[0].m, c[0].s, c[1].w, c[1].b, c[1].m, c[1].s,
               c[2].w, c[2].b, c[2].m, c[2].s, c[3].w, c[3].b, c[3].m, c[3].s, l->p, 0, l->scratch, l->lut, 0);
        memcpy(t[l->out], t[l->state], (size_t)l->hidden);
      }
    }
    for (int32_t k = 0; k < no; k++) fwrite(t[outs[k]], 1, (size_t)size[outs[k]], o);
  }
  fclose(o);
  return 0;
}
