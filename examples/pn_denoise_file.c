/*
 * pn_denoise_file: denoise a recording through the percepnet frame API (percepnet.h).
 *
 *   pn_denoise_file IN.wav|IN.raw OUT.wav|OUT.raw
 *
 * IN: a 16-bit PCM mono 48 kHz WAV, or raw s16le mono 48 kHz (any file not starting with "RIFF").
 * OUT: a WAV when its name ends in ".wav", else raw s16le. The output is as long as the input and
 * delayed by the enhancer's 30 ms (1440 samples); a final partial frame is zero-padded before
 * processing and only its valid samples are written. That is exactly what `percepnet denoise`
 * does, so the two give the same bytes.
 *
 * Built against a `percepnet lib` distribution only:
 *   cc -I DIST/include pn_denoise_file.c DIST/lib/libpercepnet.a [DIST/lib/libcmsisdsp.a]
 * On a bare-metal Cortex-M (newlib with semihosting, --specs=rdimon.specs) main() gets no
 * arguments: the files are in.wav and out.wav in the debugger's (or QEMU's) working directory.
 *
 * Exit status: 0 ok; 2 usage; 3 cannot read the input; 4 not a 16-bit mono 48 kHz WAV;
 * 5 cannot write the output; 6 pn_init failed; 7 pn_process_frame failed.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "percepnet.h"

/* The state lives in static memory: no heap. PN_STATE_BYTES comes from the distribution's
 * pn_config.h; the 8-byte elements give PN_STATE_ALIGN. */
static uint64_t state[(PN_STATE_BYTES + 7u) / 8u];
static int16_t frame_in[PN_HOP];
static int16_t frame_out[PN_HOP];

static uint32_t le32(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static uint16_t le16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }

static void put32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)v; p[1] = (unsigned char)(v >> 8); p[2] = (unsigned char)(v >> 16); p[3] = (unsigned char)(v >> 24);
}
static void put16(unsigned char *p, uint16_t v) { p[0] = (unsigned char)v; p[1] = (unsigned char)(v >> 8); }

/* Position `in` at the first sample and return the number of samples, or -1 (not a usable WAV). */
static long open_samples(FILE *in) {
  unsigned char h[12];
  if (fread(h, 1, 12, in) != 12 || memcmp(h, "RIFF", 4) != 0) {
    /* raw s16le: the whole file */
    long bytes;
    if (fseek(in, 0, SEEK_END) != 0) return -1;
    bytes = ftell(in);
    if (bytes < 0 || fseek(in, 0, SEEK_SET) != 0) return -1;
    return bytes / 2;
  }
  if (memcmp(h + 8, "WAVE", 4) != 0) return -1;
  {
    int have_fmt = 0;
    unsigned char c[8], fmt[16];
    while (fread(c, 1, 8, in) == 8) {
      uint32_t size = le32(c + 4);
      if (memcmp(c, "fmt ", 4) == 0) {
        if (size < 16 || fread(fmt, 1, 16, in) != 16) return -1;
        /* PCM (1) or WAVE_FORMAT_EXTENSIBLE (0xFFFE), mono, 48 kHz, 16 bits */
        if ((le16(fmt) != 1 && le16(fmt) != 0xFFFEu) || le16(fmt + 2) != 1 || le32(fmt + 4) != PN_SAMPLE_RATE || le16(fmt + 14) != 16) return -1;
        have_fmt = 1;
        if (fseek(in, (long)(size - 16 + (size & 1u)), SEEK_CUR) != 0) return -1;
      } else if (memcmp(c, "data", 4) == 0) {
        return have_fmt ? (long)(size / 2u) : -1;
      } else if (fseek(in, (long)(size + (size & 1u)), SEEK_CUR) != 0) {
        return -1;
      }
    }
    return -1;
  }
}

/* The 44-byte header of a 16-bit PCM mono 48 kHz WAV of n samples. */
static int write_wav_header(FILE *out, long n) {
  unsigned char h[44];
  uint32_t data = (uint32_t)n * 2u;
  memcpy(h, "RIFF", 4); put32(h + 4, 36u + data); memcpy(h + 8, "WAVEfmt ", 8);
  put32(h + 16, 16u); put16(h + 20, 1u); put16(h + 22, 1u); put32(h + 24, PN_SAMPLE_RATE);
  put32(h + 28, PN_SAMPLE_RATE * 2u); put16(h + 32, 2u); put16(h + 34, 16u);
  memcpy(h + 36, "data", 4); put32(h + 40, data);
  return fwrite(h, 1, 44, out) == 44 ? 0 : -1;
}

static int ends_with_wav(const char *s) {
  size_t n = strlen(s);
  return n >= 4 && (strcmp(s + n - 4, ".wav") == 0 || strcmp(s + n - 4, ".WAV") == 0);
}

int main(int argc, char **argv) {
  const char *in_name = argc >= 3 ? argv[1] : "in.wav";
  const char *out_name = argc >= 3 ? argv[2] : "out.wav";
  FILE *in, *out;
  long n, done;
  unsigned char bytes[PN_HOP * 2];
  if (argc != 0 && argc != 3) {
    fprintf(stderr, "usage: %s IN.wav|IN.raw OUT.wav|OUT.raw\n", argv[0]);
    return 2;
  }
  in = fopen(in_name, "rb");
  if (in == NULL) return 3;
  n = open_samples(in);
  if (n < 0) {
    fclose(in);
    return 4;
  }
  out = fopen(out_name, "wb");
  if (out == NULL) {
    fclose(in);
    return 5;
  }
  if (pn_init(state, sizeof state) != PN_OK) return 6;
  if (ends_with_wav(out_name) && write_wav_header(out, n) != 0) return 5;
  for (done = 0; done < n; done += PN_HOP) {
    long k = n - done < PN_HOP ? n - done : PN_HOP, i;
    if (fread(bytes, 2, (size_t)k, in) != (size_t)k) return 3;
    for (i = 0; i < PN_HOP; i++) frame_in[i] = i < k ? (int16_t)le16(bytes + 2 * i) : 0;
    if (pn_process_frame(state, frame_in, frame_out) != PN_OK) return 7;
    for (i = 0; i < k; i++) put16(bytes + 2 * i, (uint16_t)frame_out[i]);
    if (fwrite(bytes, 2, (size_t)k, out) != (size_t)k) return 5;
  }
  fclose(in);
  return fclose(out) == 0 ? 0 : 5;
}
