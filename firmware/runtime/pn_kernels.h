/*
 * pn_kernels.h: the vector intrinsics of spec/prelude.ts. One kernel per file in
 * firmware/kernels/, each with the summation order its prelude reference fixes.
 */
#ifndef PN_KERNELS_H
#define PN_KERNELS_H

#include <stdint.h>

float pn_dot_f32(const float *a, int32_t ao, const float *b, int32_t bo, int32_t n);
void pn_mul_f32(const float *a, int32_t ao, const float *b, int32_t bo, float *dst, int32_t dso, int32_t n);
void pn_add_f32(const float *a, int32_t ao, const float *b, int32_t bo, float *dst, int32_t dso, int32_t n);
void pn_scale_f32(const float *a, int32_t ao, float s, float *dst, int32_t dso, int32_t n);
void pn_xcorr_f32(const float *x, int32_t xo, const float *y, int32_t yo, int32_t n, int32_t lags, float *out, int32_t oo);
void pn_energy_lags_f32(const float *y, int32_t yo, int32_t n, int32_t lags, float *out, int32_t oo);
void pn_taps_f32(const float *x, int32_t xo, const int32_t *off, const float *w, int32_t taps, float *out, int32_t oo,
                 int32_t n);
/* int16 samples read as s / 32768 (exact): the sums of the f32 kernels over the converted samples */
void pn_xcorr_s16(const int16_t *x, int32_t xo, const int16_t *y, int32_t yo, int32_t n, int32_t lags, float *out,
                  int32_t oo);
void pn_energy_lags_s16(const int16_t *y, int32_t yo, int32_t n, int32_t lags, float *out, int32_t oo);
void pn_taps_s16(const int16_t *x, int32_t xo, const int32_t *off, const float *w, int32_t taps, float *out, int32_t oo,
                 int32_t n);
void pn_fft_stage_f32(const float *twr, const float *twi, const float *inr, const float *ini, float *outr, float *outi,
                      int32_t r, int32_t n, int32_t s, float sg);
void pn_fft_stage23_f32(const float *twr, const float *twi, const float *inr, const float *ini, float *outr,
                        float *outi, int32_t n, int32_t s, float sg);
void pn_fc_s8(const int8_t *x, int32_t xo, const int8_t *w, const int32_t *bias, const int32_t *mult, const int32_t *shift,
              int32_t rows, int32_t cols, int8_t *out, int32_t oo, int32_t x_zero, int32_t out_zero, int32_t act_min,
              int32_t act_max);

/* pn_fc_s8 per core (firmware/kernels/pn_fc_s8_*.c): each exists where its target has the
 * instructions; pn_fc_s8 calls the one the build selects (PN_KERNEL_*, see pn_fc_s8.c). */
#define PN_FC_S8_PARAMS                                                                                            \
  const int8_t *x, int32_t xo, const int8_t *w, const int32_t *bias, const int32_t *mult, const int32_t *shift,     \
      int32_t rows, int32_t cols, int8_t *out, int32_t oo, int32_t x_zero, int32_t out_zero, int32_t act_min,     \
      int32_t act_max
#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP && !defined(__aarch64__)
void pn_fc_s8_dsp(PN_FC_S8_PARAMS);
#endif
#if defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 1)
void pn_fc_s8_mve(PN_FC_S8_PARAMS);
#endif
#if defined(__aarch64__) && defined(__ARM_NEON)
void pn_fc_s8_neon(PN_FC_S8_PARAMS);
#endif

#endif /* PN_KERNELS_H */
