/*
 * Simulation main: runs the frame API over a whole PCM file, frame by frame.
 *
 *   sim_main IN.pcm OUT.pcm [--atten-lim DB] [--bypass FROM:TO]
 *
 * The options are the frame API's runtime controls: pn_set_atten_limit(DB) after pn_init, and
 * pn_set_bypass on for frames FROM..TO-1 (off again from frame TO).
 *
 * IN and OUT are raw mono s16le at 48 kHz. On Cortex-M (bare metal under qemu-system-arm) the
 * arguments come from the semihosting command line (SYS_GET_CMDLINE) and the files are host files
 * opened through newlib's rdimon semihosting. On hosted targets (aarch64 Linux under qemu-aarch64,
 * or the host itself) it is an ordinary stdio program.
 *
 * Output length equals input length: a final partial frame is zero-padded before processing and
 * only its valid samples are written.
 *
 * Every frame is bracketed by pn_sim_frame_begin(i) / pn_sim_frame_end(i). They are never inlined
 * and never merged; the counting plugin splits its instruction counts at their entry addresses.
 * The first begin/end pair (frame -1) is back to back: the plugin uses it to measure the markers'
 * own overhead.
 *
 * Exit status: 0 on success; 2 bad arguments; 3 cannot open input; 4 cannot open output;
 * 5 state buffer too small; 6 pn_init failed; 7 pn_process_frame failed; 8 write failed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "percepnet.h"

/* The controls are weak references: test payloads that implement only the core frame API
   (init, process) still link, and the harness refuses a control option they cannot honour. */
#pragma weak pn_set_atten_limit
#pragma weak pn_set_bypass

#if !defined(PN_SIM_STATE_BYTES) && defined(PN_STATE_BYTES)
#define PN_SIM_STATE_BYTES (PN_STATE_BYTES)
#endif
#ifndef PN_SIM_STATE_BYTES
#define PN_SIM_STATE_BYTES (256u * 1024u)
#endif

#if defined(__arm__) && !defined(__linux__)
#define PN_SIM_BARE_METAL 1
#else
#define PN_SIM_BARE_METAL 0
#endif

volatile int32_t pn_sim_marker_begun;
volatile int32_t pn_sim_marker_ended;

__attribute__((noinline, noipa, used)) void pn_sim_frame_begin(int32_t frame)
{
    pn_sim_marker_begun = frame;
    __asm__ volatile("" ::: "memory");
}

__attribute__((noinline, noipa, used)) void pn_sim_frame_end(int32_t frame)
{
    pn_sim_marker_ended = frame;
    __asm__ volatile("" ::: "memory");
}

static uint64_t pn_sim_state[(PN_SIM_STATE_BYTES + 7u) / 8u];
static int16_t pcm_in[PN_HOP];
static int16_t pcm_out[PN_HOP];

#if PN_SIM_BARE_METAL
/* ---- semihosting command line ---- */
static int semihost(int op, void *arg)
{
    register int r0 __asm__("r0") = op;
    register void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

static char cmdline[512];
static char *argv_buf[8];

static int get_args(char ***argv_out)
{
    struct {
        char *buf;
        int len;
    } blk = {cmdline, (int)sizeof cmdline - 1};
    int argc = 0;
    if (semihost(0x15 /* SYS_GET_CMDLINE */, &blk) != 0) return 0;
    cmdline[blk.len < (int)sizeof cmdline ? blk.len : (int)sizeof cmdline - 1] = 0;
    char *p = cmdline;
    while (*p && argc < (int)(sizeof argv_buf / sizeof argv_buf[0])) {
        while (*p == ' ') *p++ = 0;
        if (!*p) break;
        argv_buf[argc++] = p;
        while (*p && *p != ' ') p++;
    }
    *argv_out = argv_buf;
    return argc;
}

/* ---- stack high-water mark of pn_process_frame, by painting ---- */
extern uint32_t __stack_limit[];
#define PAINT 0xC5AC5AC5u
static uint32_t *paint_lo, *paint_hi;
static uint32_t stack_peak_bytes;

static void stack_paint(uint32_t *from)
{
    for (uint32_t *p = from; p < paint_hi; p++) *p = PAINT;
}

__attribute__((noinline)) static void stack_prepare(void)
{
    uint32_t here;
    paint_lo = __stack_limit + 16; /* keep clear of anything just above the limit */
    /* below this function's own frame; an integer, since a pointer to a local may not outlive it */
    paint_hi = (uint32_t *)((uintptr_t)&here - 64 * sizeof(uint32_t));
    stack_paint(paint_lo);
}

/* Lowest touched word since the last call; repaints what was touched. */
static uint32_t *stack_scan(void)
{
    uint32_t *p = paint_lo;
    while (p < paint_hi && *p == PAINT) p++;
    stack_paint(p);
    return p;
}

static void stack_measure(uint32_t *caller_sp)
{
    uint32_t *p = stack_scan();
    if (p < paint_hi) {
        uint32_t used = (uint32_t)((uintptr_t)caller_sp - (uintptr_t)p);
        if (used > stack_peak_bytes) stack_peak_bytes = used;
    }
}
#endif

int main(int argc, char **argv)
{
#if PN_SIM_BARE_METAL
    (void)argc;
    (void)argv;
    argc = get_args(&argv);
#endif
    if (argc < 3) {
        printf("pn_sim: usage: sim_main IN.pcm OUT.pcm [--atten-lim DB] [--bypass FROM:TO]\n");
        return 2;
    }
    int have_atten = 0;
    float atten_db = 0.0f;
    long bypass_from = -1, bypass_to = -1;
    for (int a = 3; a < argc; a++) {
        if (strcmp(argv[a], "--atten-lim") == 0 && a + 1 < argc) {
            have_atten = 1;
            atten_db = strtof(argv[++a], NULL);
        } else if (strcmp(argv[a], "--bypass") == 0 && a + 1 < argc) {
            char *end;
            bypass_from = strtol(argv[++a], &end, 10);
            bypass_to = *end == ':' ? strtol(end + 1, NULL, 10) : -1;
            if (bypass_from < 0 || bypass_to < bypass_from) {
                printf("pn_sim: --bypass wants FROM:TO frames, got %s\n", argv[a]);
                return 2;
            }
        } else {
            printf("pn_sim: unknown option %s\n", argv[a]);
            return 2;
        }
    }
    FILE *fin = fopen(argv[1], "rb");
    if (!fin) {
        printf("pn_sim: cannot open input %s\n", argv[1]);
        return 3;
    }
    FILE *fout = fopen(argv[2], "wb");
    if (!fout) {
        printf("pn_sim: cannot open output %s\n", argv[2]);
        return 4;
    }
    size_t need = pn_state_size();
    if (need > sizeof pn_sim_state) {
        printf("pn_sim: state needs %lu bytes, harness has %lu (rebuild with -DPN_SIM_STATE_BYTES)\n",
               (unsigned long)need, (unsigned long)sizeof pn_sim_state);
        return 5;
    }
    if (pn_init(pn_sim_state, sizeof pn_sim_state) != PN_OK) {
        printf("pn_sim: pn_init failed\n");
        return 6;
    }
    if ((have_atten && !pn_set_atten_limit) || (bypass_from >= 0 && !pn_set_bypass)) {
        printf("pn_sim: this payload has no runtime controls\n");
        return 2;
    }
    if (have_atten && pn_set_atten_limit(pn_sim_state, atten_db) != PN_OK) {
        printf("pn_sim: pn_set_atten_limit failed\n");
        return 6;
    }

    pn_sim_frame_begin(-1);
    pn_sim_frame_end(-1);

#if PN_SIM_BARE_METAL
    stack_prepare();
#endif
    unsigned long frames = 0;
    for (;;) {
        size_t got = fread(pcm_in, sizeof pcm_in[0], PN_HOP, fin);
        if (got == 0) break;
        if (got < PN_HOP) memset(pcm_in + got, 0, (PN_HOP - got) * sizeof pcm_in[0]);
#if PN_SIM_BARE_METAL
        uint32_t sp_mark;
        (void)stack_scan(); /* forget what fread touched */
#endif
        if (bypass_from >= 0 && ((long)frames == bypass_from || (long)frames == bypass_to)) {
            pn_set_bypass(pn_sim_state, (long)frames == bypass_from && bypass_to > bypass_from);
        }
        pn_sim_frame_begin((int32_t)frames);
        int rc = pn_process_frame(pn_sim_state, pcm_in, pcm_out);
        pn_sim_frame_end((int32_t)frames);
#if PN_SIM_BARE_METAL
        stack_measure(&sp_mark);
#endif
        if (rc != PN_OK) {
            printf("pn_sim: pn_process_frame failed at frame %lu (%d)\n", frames, rc);
            return 7;
        }
        if (fwrite(pcm_out, sizeof pcm_out[0], got, fout) != got) {
            printf("pn_sim: write failed at frame %lu\n", frames);
            return 8;
        }
        frames++;
        if (got < PN_HOP) break;
    }
    fclose(fin);
    if (fclose(fout) != 0) return 8;
#if PN_SIM_BARE_METAL
    printf("pn_sim: frames=%lu state_bytes=%lu stack_peak_bytes=%lu\n", frames, (unsigned long)need,
           (unsigned long)stack_peak_bytes);
#else
    printf("pn_sim: frames=%lu state_bytes=%lu\n", frames, (unsigned long)need);
#endif
    return 0;
}
