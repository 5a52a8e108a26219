/*
 * pn_count: QEMU TCG plugin that counts executed guest instructions per frame, split by class.
 *
 * Arguments (passed as -plugin build/.../pn_count.so,arg=begin=0x...,arg=end=0x...,arg=out=FILE):
 *   begin=ADDR  address of the firmware's pn_sim_frame_begin() (Thumb bit ignored)
 *   end=ADDR    address of the firmware's pn_sim_frame_end()
 *   out=FILE    where the counts are written at exit (JSON)
 *   classes=FILE optional: every translated instruction's class and disassembly, one per line
 *               ("class<TAB>address<TAB>disassembly"), to audit the classifier
 *   funcs=FILE  optional: the firmware's functions, one "ADDR SIZE" (hex) per line, sorted by
 *               address; the counts inside frames are then also split per function (a flat
 *               profile: each instruction is charged to the function whose range holds it).
 *               An optional third column, a group number 0..15 (decimal), also splits every
 *               frame's counts per group ("frameGroups": per frame, per group, per class; the last
 *               group is every instruction outside the listed functions or in ungrouped ones), so
 *               that a report can show e.g. network / signal path per frame. Without it nothing
 *               changes in the output.
 *
 * Method: at translation time every instruction of a translation block (TB) is classified once,
 * from its disassembly (qemu_plugin_insn_disas). Per TB, one inline 64-bit add per non-empty class
 * is attached to the TB, so running totals per class are exact and cheap. The first instruction of
 * each marker function gets an exec callback: "begin" snapshots the running totals, "end" appends
 * (totals - snapshot) as one frame record. The first begin/end pair the firmware issues is a
 * back-to-back calibration pair, stored separately so the runner can subtract marker overhead.
 *
 * AArch32 only: single loads/stores that the Cortex-M4 completes in one cycle (TRM 3.3.2 load/store
 * pipelining, see pipeline_class) get their own classes, load1 and store1, decided per TB from the
 * instruction before them; each core's cost table says what they cost. This splits load/store
 * counts, never changes how many instructions are counted.
 *
 * Caveat of inline TB counting: a TB's count is added when the TB starts, so a TB left early by an
 * exception is over-counted. The simulated firmware takes no interrupts during a frame (semihosting
 * is a synchronous trap in QEMU), so this does not arise inside frames.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qemu-plugin-api.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

enum {
    C_ALU,      /* integer data processing, moves, compares, everything not listed below */
    C_LOAD,     /* loads incl. FP/vector loads, LDM/POP/LDRD/LDP (first register) */
    C_STORE,    /* stores incl. FP/vector stores, STM/PUSH/STRD/STP (first register) */
    C_XFER,     /* extra registers moved by multi-register loads/stores beyond the first */
    C_BRANCH,   /* branches, calls, returns (taken or not: not visible to the model) */
    C_MUL,      /* integer multiply and multiply-accumulate */
    C_DIV,      /* integer divide */
    C_FP,       /* scalar floating point (add, mul, move, convert, compare, abs, neg) */
    C_FPMAC,    /* scalar floating point multiply-accumulate (VMLA/VFMA/FMADD...) */
    C_FPDIV,    /* floating point divide and square root */
    C_VEC,      /* vector SIMD: Helium/MVE on Armv8.1-M, Advanced SIMD (NEON) on AArch64 */
    C_LOAD1,    /* AArch32 only: single LDR* pipelined after the LDR* just before it (see pipeline_class) */
    C_STORE1,   /* AArch32 only: single STR* with immediate offset, or pipelined after an LDR* */
    C_N
};
static const char *class_names[C_N] = {"alu", "load", "store", "xfer", "branch", "mul", "div",
                                       "fp", "fpmac", "fpdiv", "vec", "load1", "store1"};

static int is_a64;
static uint64_t begin_addr = UINT64_MAX, end_addr = UINT64_MAX;
static char *out_path;
static FILE *classes_file;

static uint64_t totals[C_N];
static uint64_t snapshot[C_N];
static int in_frame;
static uint64_t *frames; /* n_frames * C_N */
static size_t n_frames, cap_frames;
static uint64_t calib[C_N];
static int have_calib;
static uint64_t n_begin, n_end, n_unbalanced;

/* Flat profile: per function (index n_funcs = outside every listed function), per class. */
static uint64_t *func_addr, *func_size;
static size_t n_funcs;
static uint64_t *func_totals;   /* (n_funcs + 1) * C_N, running, inline-incremented */
static uint64_t *func_snapshot; /* at the last begin marker */
static uint64_t *func_frames;   /* sum over frames (calibration pair excluded) */
static int profiling;

/* Optional per-frame split by group (third column of the funcs file). */
enum { MAX_GROUPS = 16 };
static int *func_group;          /* per function, -1 = ungrouped; index n_funcs = outside */
static int n_groups;             /* highest group + 1; 0 = no per-frame split */
static uint64_t *frame_groups;   /* n_frames * (n_groups + 1) * C_N */
static size_t cap_frame_groups;

static size_t func_of(uint64_t va)
{
    size_t lo = 0, hi = n_funcs;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (func_addr[mid] <= va) lo = mid + 1;
        else hi = mid;
    }
    if (lo == 0) return n_funcs;
    size_t f = lo - 1;
    return va < func_addr[f] + func_size[f] ? f : n_funcs;
}

static int load_funcs(const char *file)
{
    FILE *f = fopen(file, "r");
    if (!f) return -1;
    size_t cap = 0;
    char line[128];
    while (fgets(line, sizeof line, f)) {
        unsigned long long a, z;
        int g = -1;
        int k = sscanf(line, "%llx %llx %d", &a, &z, &g);
        if (k < 2) continue;
        if (k < 3) g = -1;
        if (g >= MAX_GROUPS || g < -1) {
            fclose(f);
            return -3;
        }
        if (n_funcs == cap) {
            cap = cap ? cap * 2 : 256;
            func_addr = realloc(func_addr, cap * sizeof *func_addr);
            func_size = realloc(func_size, cap * sizeof *func_size);
            func_group = realloc(func_group, (cap + 1) * sizeof *func_group);
            if (!func_addr || !func_size || !func_group) abort();
        }
        if (n_funcs && (a & ~1ULL) < func_addr[n_funcs - 1]) {
            fclose(f);
            return -2; /* not sorted */
        }
        func_addr[n_funcs] = a & ~1ULL;
        func_size[n_funcs] = z;
        func_group[n_funcs] = g;
        if (g + 1 > n_groups) n_groups = g + 1;
        n_funcs++;
    }
    fclose(f);
    func_group = realloc(func_group, (n_funcs + 1) * sizeof *func_group);
    if (!func_group) abort();
    func_group[n_funcs] = -1;
    size_t cells = (n_funcs + 1) * C_N;
    func_totals = calloc(cells, sizeof(uint64_t));
    func_snapshot = calloc(cells, sizeof(uint64_t));
    func_frames = calloc(cells, sizeof(uint64_t));
    if (!func_totals || !func_snapshot || !func_frames) abort();
    profiling = 1;
    return 0;
}

static int starts(const char *s, const char *p) { return strncmp(s, p, strlen(p)) == 0; }

static int is_cond(const char *s)
{
    static const char *conds[] = {"eq", "ne", "cs", "hs", "cc", "lo", "mi", "pl", "vs",
                                  "vc", "hi", "ls", "ge", "lt", "gt", "le", "al"};
    for (size_t i = 0; i < sizeof conds / sizeof conds[0]; i++)
        if (strcmp(s, conds[i]) == 0) return 1;
    return 0;
}

/* Number of registers in a "{r4, r5, lr}" list, or 0 when there is none. */
static int reglist_count(const char *ops)
{
    const char *l = strchr(ops, '{');
    if (!l) return 0;
    int n = 1;
    for (const char *p = l; *p && *p != '}'; p++) {
        if (*p == ',') n++;
        if (*p == '-') n += 1; /* "d8-d11" style ranges: count at least one more */
    }
    return n;
}

/* Operands name a SIMD vector register: q0..q15 (AArch32) or v0.4s style (AArch64). */
static int has_vector_reg(const char *ops)
{
    for (const char *p = ops; *p; p++) {
        int boundary = (p == ops) || p[-1] == ' ' || p[-1] == ',' || p[-1] == '{' || p[-1] == '[';
        if (!boundary) continue;
        if (!is_a64 && p[0] == 'q' && p[1] >= '0' && p[1] <= '9') return 1;
        if (is_a64 && p[0] == 'v' && p[1] >= '0' && p[1] <= '9') {
            const char *q = p + 1;
            while (*q >= '0' && *q <= '9') q++;
            if (*q == '.') return 1;
        }
    }
    return 0;
}

/*
 * Capstone 4 (Debian's QEMU 7.2) predates Armv8.1-M: Helium (MVE) and low-overhead-loop
 * instructions come back as ".byte ..." or as the coprocessor instructions whose encoding space MVE
 * reuses (LDC/STC for VLDR/VSTR/VLD2x/VST4x, MCR/MRC/CDP for some vector moves and arithmetic).
 * Classify those from the raw Thumb-2 halfwords instead.
 */
static int classify_raw_thumb(const uint8_t *b, size_t size)
{
    if (size < 4) return C_ALU;
    uint16_t hw1 = (uint16_t)(b[0] | (b[1] << 8));
    uint16_t hw2 = (uint16_t)(b[2] | (b[3] << 8));
    if ((hw1 >> 11) == 0x1E && (hw2 & 0x8000)) return C_BRANCH;  /* 11110 / 1x..: B, BL, LE, WLS, DLS */
    if ((hw1 & 0xEE00) == 0xEC00) return (hw1 & 0x0010) ? C_LOAD : C_STORE; /* 111x 110x: VLDR/VSTR (vector), L bit */
    if ((hw1 & 0xEC00) == 0xEC00) return C_VEC;                  /* 111x 11xx: MVE data processing */
    return C_ALU;
}

/*
 * The mnemonic of a disassembly line, lower-cased and without a Thumb width qualifier (.w/.n),
 * into mn[32]; returns the operands that follow it.
 */
static const char *split_mnemonic(const char *dis, char mn[32])
{
    size_t i = 0;
    while (*dis == ' ' || *dis == '\t') dis++;
    while (dis[i] && dis[i] != ' ' && dis[i] != '\t' && i < 31) {
        char c = dis[i];
        mn[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
        i++;
    }
    mn[i] = 0;
    size_t n = strlen(mn);
    if (n > 2 && (strcmp(mn + n - 2, ".w") == 0 || strcmp(mn + n - 2, ".n") == 0)) mn[n - 2] = 0;
    return dis + i;
}

static int classify(const char *dis, int *xfer_extra)
{
    char mn[32];
    *xfer_extra = 0;
    const char *ops = split_mnemonic(dis, mn);
    size_t n = strlen(mn);

    if (is_a64) {
        if (strcmp(mn, "b") == 0 || starts(mn, "b.") || strcmp(mn, "bl") == 0 ||
            strcmp(mn, "br") == 0 || strcmp(mn, "blr") == 0 || strcmp(mn, "ret") == 0 ||
            strcmp(mn, "cbz") == 0 || strcmp(mn, "cbnz") == 0 || strcmp(mn, "tbz") == 0 ||
            strcmp(mn, "tbnz") == 0)
            return C_BRANCH;
        if (starts(mn, "ld")) {
            if (strcmp(mn, "ldp") == 0 || strcmp(mn, "ldpsw") == 0 || strcmp(mn, "ldnp") == 0) *xfer_extra = 1;
            return C_LOAD;
        }
        if (starts(mn, "st")) {
            if (strcmp(mn, "stp") == 0 || strcmp(mn, "stnp") == 0) *xfer_extra = 1;
            return C_STORE;
        }
        if (has_vector_reg(ops)) return C_VEC;
        if (strcmp(mn, "fdiv") == 0 || strcmp(mn, "fsqrt") == 0) return C_FPDIV;
        if (strcmp(mn, "fmadd") == 0 || strcmp(mn, "fmsub") == 0 || strcmp(mn, "fnmadd") == 0 ||
            strcmp(mn, "fnmsub") == 0 || strcmp(mn, "fmla") == 0 || strcmp(mn, "fmls") == 0)
            return C_FPMAC;
        if (mn[0] == 'f' || strcmp(mn, "scvtf") == 0 || strcmp(mn, "ucvtf") == 0) return C_FP;
        if (strcmp(mn, "sdiv") == 0 || strcmp(mn, "udiv") == 0) return C_DIV;
        if (strcmp(mn, "mul") == 0 || strcmp(mn, "madd") == 0 || strcmp(mn, "msub") == 0 ||
            strcmp(mn, "mneg") == 0 || starts(mn, "smull") || starts(mn, "umull") ||
            starts(mn, "smaddl") || starts(mn, "umaddl") || starts(mn, "smsubl") ||
            starts(mn, "umsubl") || starts(mn, "smulh") || starts(mn, "umulh") ||
            starts(mn, "smnegl") || starts(mn, "umnegl"))
            return C_MUL;
        return C_ALU;
    }

    /* AArch32 (Thumb-2 on M profile). Encodings capstone 4 cannot name are classified from raw bits. */
    if (mn[0] == '.' || starts(mn, "ldc") || starts(mn, "stc") || starts(mn, "mcr") || starts(mn, "mrc") ||
        starts(mn, "cdp"))
        return -1;
    /* Branches first: "bic", "bfi", "bkpt" are not branches. */
    if (strcmp(mn, "b") == 0 || strcmp(mn, "bl") == 0 || strcmp(mn, "blx") == 0 ||
        strcmp(mn, "bx") == 0 || strcmp(mn, "cbz") == 0 || strcmp(mn, "cbnz") == 0 ||
        strcmp(mn, "tbb") == 0 || strcmp(mn, "tbh") == 0 || strcmp(mn, "le") == 0 ||
        (n == 3 && mn[0] == 'b' && is_cond(mn + 1)) ||
        (n == 4 && (starts(mn, "bx") || starts(mn, "bl")) && is_cond(mn + 2)) ||
        starts(mn, "wls") || starts(mn, "dls") || strcmp(mn, "letp") == 0)
        return C_BRANCH;
    if (mn[0] == 'v') {
        if (starts(mn, "vld") || starts(mn, "vpop")) {
            int r = reglist_count(ops);
            *xfer_extra = r > 1 ? r - 1 : 0;
            return C_LOAD;
        }
        if (starts(mn, "vst") || starts(mn, "vpush")) {
            int r = reglist_count(ops);
            *xfer_extra = r > 1 ? r - 1 : 0;
            return C_STORE;
        }
        if (has_vector_reg(ops)) return C_VEC;
        if (starts(mn, "vdiv") || starts(mn, "vsqrt")) return C_FPDIV;
        if (starts(mn, "vmla") || starts(mn, "vmls") || starts(mn, "vnmla") || starts(mn, "vnmls") ||
            starts(mn, "vfma") || starts(mn, "vfms") || starts(mn, "vfnma") || starts(mn, "vfnms"))
            return C_FPMAC;
        return C_FP;
    }
    if (starts(mn, "ld") || starts(mn, "pop")) {
        int r = reglist_count(ops);
        if (starts(mn, "ldrd") || starts(mn, "ldaexd") || starts(mn, "ldrexd")) r = 2;
        *xfer_extra = r > 1 ? r - 1 : 0;
        return C_LOAD;
    }
    if (starts(mn, "st") || starts(mn, "push")) {
        int r = reglist_count(ops);
        if (starts(mn, "strd") || starts(mn, "strexd") || starts(mn, "stlexd")) r = 2;
        *xfer_extra = r > 1 ? r - 1 : 0;
        return C_STORE;
    }
    if (starts(mn, "sdiv") || starts(mn, "udiv")) return C_DIV;
    if (starts(mn, "mul") || starts(mn, "mla") || starts(mn, "mls") || starts(mn, "smul") ||
        starts(mn, "umul") || starts(mn, "smla") || starts(mn, "umla") || starts(mn, "smls") ||
        starts(mn, "smmul") || starts(mn, "smmla") || starts(mn, "smmls") || starts(mn, "smuad") ||
        starts(mn, "smusd") || starts(mn, "umaal"))
        return C_MUL;
    return C_ALU;
}

/*
 * Load/store pipelining, Arm Cortex-M4 TRM (ARM DDI 0439B) 3.3.2 "Load/store timings", decided per
 * translation block from the disassembly (instructions of a TB run back to back):
 *   - STR Rx,[Ry,#imm] is always one cycle (address in the first cycle, data written while the next
 *     instruction executes): class store1;
 *   - LDR [any] is pipelined when possible: if the next instruction is an LDR or STR and the first
 *     LDR's destination is not used to compute the next instruction's address (base or offset
 *     register), one cycle is removed from the next instruction: class load1 / store1. N back-to-back
 *     independent loads thus cost 2 + (N - 1) = N + 1 cycles;
 *   - nothing is pipelined after a store (STR only pipelines when it follows an LDR);
 *   - LDR PC is a blocking branch: neither pipelined nor a pipelining predecessor; LDRD/STRD,
 *     LDM/STM/PUSH/POP and FP/vector loads/stores are neither (they keep load/store + xfer).
 * Single loads/stores are LDR, LDRB, LDRH, LDRSB, LDRSH (and their T forms), LDREX/LDREXB/LDREXH
 * ("pipelined exactly as LDR"), STR, STRB, STRH (and T forms), with any condition suffix.
 * The first instruction of a TB is never counted as pipelined: its predecessor is not known here
 * (TBs end at branches, so it is almost always a branch). Only the split between load/store and
 * load1/store1 depends on this; the instruction counts do not.
 */
struct ldst {
    int store; /* 0 load, 1 store */
    int rt;    /* transferred register, 0..15 */
    int base;  /* base register */
    int index; /* offset register, -1 for an immediate offset (or none) */
};

/* Parses "r0", "sb", "sp", "pc"...: register number 0..15, or -1; advances *p past the name. */
static int parse_reg(const char **p)
{
    static const struct { const char *name; int r; } alias[] = {
        {"sb", 9}, {"sl", 10}, {"fp", 11}, {"ip", 12}, {"sp", 13}, {"lr", 14}, {"pc", 15}};
    const char *s = *p;
    while (*s == ' ') s++;
    if ((s[0] == 'r' || s[0] == 'R') && s[1] >= '0' && s[1] <= '9') {
        int r = s[1] - '0', k = 2;
        if (s[2] >= '0' && s[2] <= '9') r = r * 10 + (s[2] - '0'), k = 3;
        if (r > 15) return -1;
        *p = s + k;
        return r;
    }
    for (size_t i = 0; i < sizeof alias / sizeof alias[0]; i++)
        if (strncmp(s, alias[i].name, 2) == 0 && !((s[2] >= 'a' && s[2] <= 'z') || (s[2] >= '0' && s[2] <= '9'))) {
            *p = s + 2;
            return alias[i].r;
        }
    return -1;
}

/* 1 when dis is a single-register integer load/store (see above), filling *o; else 0. */
static int parse_single_ldst(const char *dis, struct ldst *o)
{
    static const char *ld_suffix[] = {"", "b", "h", "sb", "sh", "t", "bt", "ht", "sbt", "sht", "ex", "exb", "exh"};
    static const char *st_suffix[] = {"", "b", "h", "t", "bt", "ht"};
    char mn[32];
    const char *ops = split_mnemonic(dis, mn);
    int store;
    const char **suf;
    size_t nsuf;
    if (starts(mn, "ldr")) store = 0, suf = ld_suffix, nsuf = sizeof ld_suffix / sizeof *ld_suffix;
    else if (starts(mn, "str")) store = 1, suf = st_suffix, nsuf = sizeof st_suffix / sizeof *st_suffix;
    else return 0;
    const char *rest = mn + 3;
    int ok = 0;
    for (size_t k = 0; k < nsuf && !ok; k++) {
        size_t l = strlen(suf[k]);
        if (strncmp(rest, suf[k], l) != 0) continue;
        ok = rest[l] == 0 || (strlen(rest + l) == 2 && is_cond(rest + l));
    }
    if (!ok) return 0;
    /* "rT, [rN]", "rT, [rN, #imm]", "rT, [rN, rM, lsl #2]", "rT, [rN], #imm", "rT, [rN, #imm]!" */
    const char *p = ops;
    o->store = store;
    o->rt = parse_reg(&p);
    if (o->rt < 0) return 0;
    p = strchr(p, '[');
    if (!p) return 0;
    p++;
    o->base = parse_reg(&p);
    if (o->base < 0) return 0;
    o->index = -1;
    while (*p == ' ') p++;
    if (*p == ',') {
        p++;
        while (*p == ' ') p++;
        if (*p != '#') {
            int r = parse_reg(&p);
            if (r < 0) return 0;
            o->index = r;
        }
    } else if (*p == ']') {
        /* post-indexed: "], #imm" (immediate) or "], rM" (register, ARM state only) */
        const char *q = p + 1;
        while (*q == ' ') q++;
        if (*q == ',') {
            q++;
            while (*q == ' ') q++;
            if (*q != '#') {
                int r = parse_reg(&q);
                if (r < 0) return 0;
                o->index = r;
            }
        }
    } else return 0;
    return 1;
}

/*
 * Class of a single load/store given the LDR destination of the instruction just before it
 * (*prev_ld, -1 when that was not a pipelinable LDR); updates *prev_ld for the next instruction.
 */
static int pipeline_class(int c, const struct ldst *x, int *prev_ld)
{
    int prev = *prev_ld;
    int indep = prev >= 0 && x->base != prev && x->index != prev;
    if (!x->store) {
        *prev_ld = x->rt == 15 ? -1 : x->rt;
        return (x->rt != 15 && indep) ? C_LOAD1 : c;
    }
    *prev_ld = -1;
    return (x->index < 0 || indep) ? C_STORE1 : c;
}

static void on_begin(unsigned int vcpu, void *ud)
{
    (void)vcpu;
    (void)ud;
    n_begin++;
    if (in_frame) n_unbalanced++;
    memcpy(snapshot, totals, sizeof snapshot);
    if (profiling) memcpy(func_snapshot, func_totals, (n_funcs + 1) * C_N * sizeof(uint64_t));
    in_frame = 1;
}

static void on_end(unsigned int vcpu, void *ud)
{
    (void)vcpu;
    (void)ud;
    n_end++;
    if (!in_frame) {
        n_unbalanced++;
        return;
    }
    in_frame = 0;
    uint64_t d[C_N];
    for (int c = 0; c < C_N; c++) d[c] = totals[c] - snapshot[c];
    if (!have_calib) {
        memcpy(calib, d, sizeof calib);
        have_calib = 1;
        return;
    }
    if (profiling)
        for (size_t k = 0; k < (n_funcs + 1) * C_N; k++) func_frames[k] += func_totals[k] - func_snapshot[k];
    if (profiling && n_groups) {
        size_t per = (size_t)(n_groups + 1) * C_N;
        if (n_frames == cap_frame_groups) {
            cap_frame_groups = cap_frame_groups ? cap_frame_groups * 2 : 1024;
            frame_groups = realloc(frame_groups, cap_frame_groups * per * sizeof(uint64_t));
            if (!frame_groups) {
                qemu_plugin_outs("pn_count: out of memory\n");
                abort();
            }
        }
        uint64_t *fg = frame_groups + n_frames * per;
        memset(fg, 0, per * sizeof(uint64_t));
        for (size_t k = 0; k <= n_funcs; k++) {
            int g = func_group[k] < 0 ? n_groups : func_group[k];
            for (int c = 0; c < C_N; c++) fg[(size_t)g * C_N + c] += func_totals[k * C_N + c] - func_snapshot[k * C_N + c];
        }
    }
    if (n_frames == cap_frames) {
        cap_frames = cap_frames ? cap_frames * 2 : 1024;
        frames = realloc(frames, cap_frames * C_N * sizeof(uint64_t));
        if (!frames) {
            qemu_plugin_outs("pn_count: out of memory\n");
            abort();
        }
    }
    memcpy(frames + n_frames * C_N, d, sizeof d);
    n_frames++;
}

static void on_tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    (void)id;
    uint64_t cnt[C_N] = {0};
    size_t n = qemu_plugin_tb_n_insns(tb);
    /* Per-function counts of this TB: a TB rarely spans two functions, so a short list suffices. */
    enum { MAXF = 8 };
    size_t fidx[MAXF];
    uint64_t fcnt[MAXF][C_N];
    size_t nf = 0;
    int prev_ld = -1; /* destination of the previous instruction when it was a single LDR */
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint64_t va = qemu_plugin_insn_vaddr(insn) & ~(uint64_t)1;
        char *dis = qemu_plugin_insn_disas(insn);
        int extra = 0;
        int c = dis ? classify(dis, &extra) : -1;
        struct ldst x;
        int single = !is_a64 && (c == C_LOAD || c == C_STORE) && extra == 0 && parse_single_ldst(dis, &x);
        if (c < 0) c = is_a64 ? C_ALU : classify_raw_thumb(qemu_plugin_insn_data(insn), qemu_plugin_insn_size(insn));
        /* Only reclassifies load/store as load1/store1: the instruction counts are unchanged. */
        if (single) c = pipeline_class(c, &x, &prev_ld);
        else prev_ld = -1;
        if (classes_file) fprintf(classes_file, "%s\t0x%" PRIx64 "\t%s\n", class_names[c], va, dis ? dis : "?");
        free(dis);
        cnt[c]++;
        cnt[C_XFER] += (uint64_t)extra;
        if (profiling) {
            size_t fi = func_of(va), j = 0;
            while (j < nf && fidx[j] != fi) j++;
            if (j == nf) {
                if (nf == MAXF) j = nf - 1, fi = fidx[j]; /* pathological TB: charge the last one */
                else {
                    fidx[nf] = fi;
                    memset(fcnt[nf], 0, sizeof fcnt[nf]);
                    nf++;
                }
            }
            fcnt[j][c]++;
            fcnt[j][C_XFER] += (uint64_t)extra;
        }
        if (va == begin_addr)
            qemu_plugin_register_vcpu_insn_exec_cb(insn, on_begin, QEMU_PLUGIN_CB_NO_REGS, NULL);
        if (va == end_addr)
            qemu_plugin_register_vcpu_insn_exec_cb(insn, on_end, QEMU_PLUGIN_CB_NO_REGS, NULL);
    }
    for (int c = 0; c < C_N; c++)
        if (cnt[c]) qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &totals[c], cnt[c]);
    for (size_t j = 0; j < nf; j++)
        for (int c = 0; c < C_N; c++)
            if (fcnt[j][c])
                qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &func_totals[fidx[j] * C_N + c], fcnt[j][c]);
}

static void write_counts(FILE *f, const uint64_t *v)
{
    fputc('[', f);
    for (int c = 0; c < C_N; c++) fprintf(f, "%s%" PRIu64, c ? "," : "", v[c]);
    fputc(']', f);
}

/*
 * The calibration pair runs harness code (literal-pool loads, the marker's store) whose load/store
 * pipelining depends on the code around it, so the same overhead can be load1 in the calibration and
 * load in a frame (or the other way round). Where subtracting the calibration class by class would
 * take a frame below zero in one class of a pair (load/load1, store/store1), move the calibration's
 * count to the other class of the pair: its total, and so every frame's instruction count, is kept.
 */
static void balance_calibration(int base, int piped)
{
    if (!have_calib || n_frames == 0) return;
    uint64_t min_b = UINT64_MAX, min_p = UINT64_MAX;
    for (size_t i = 0; i < n_frames; i++) {
        if (frames[i * C_N + base] < min_b) min_b = frames[i * C_N + base];
        if (frames[i * C_N + piped] < min_p) min_p = frames[i * C_N + piped];
    }
    uint64_t t = calib[base] + calib[piped];
    if (calib[base] <= min_b && calib[piped] <= min_p) return;
    if (min_b + min_p < t) return; /* cannot be balanced: leave the measurement as it is */
    uint64_t p = calib[piped] < min_p ? calib[piped] : min_p;
    if (t - p > min_b) p = t - min_b;
    calib[piped] = p;
    calib[base] = t - p;
}

static void on_exit_cb(qemu_plugin_id_t id, void *ud)
{
    (void)id;
    (void)ud;
    if (!is_a64) {
        balance_calibration(C_LOAD, C_LOAD1);
        balance_calibration(C_STORE, C_STORE1);
    }
    FILE *f = out_path ? fopen(out_path, "w") : NULL;
    if (!f) {
        qemu_plugin_outs("pn_count: cannot open output file\n");
        return;
    }
    fprintf(f, "{\"plugin\":\"pn_count\",\"arch\":\"%s\",\"classes\":[", is_a64 ? "aarch64" : "arm");
    for (int c = 0; c < C_N; c++) fprintf(f, "%s\"%s\"", c ? "," : "", class_names[c]);
    fprintf(f, "],\"markers\":{\"begin\":%" PRIu64 ",\"end\":%" PRIu64 ",\"unbalanced\":%" PRIu64 "},",
            n_begin, n_end, n_unbalanced);
    fprintf(f, "\"total\":");
    write_counts(f, totals);
    fprintf(f, ",\"calibration\":");
    if (have_calib) write_counts(f, calib);
    else fputs("null", f);
    fprintf(f, ",\"frames\":[");
    for (size_t i = 0; i < n_frames; i++) {
        if (i) fputs(",\n", f);
        write_counts(f, frames + i * C_N);
    }
    fputs("]", f);
    if (profiling) {
        /* Only functions that ran inside frames: [index into the funcs file (n = outside), counts]. */
        fputs(",\"functions\":[", f);
        int first = 1;
        for (size_t k = 0; k <= n_funcs; k++) {
            uint64_t any = 0;
            for (int c = 0; c < C_N; c++) any |= func_frames[k * C_N + c];
            if (!any) continue;
            fprintf(f, "%s\n[%zu,", first ? "" : ",", k);
            write_counts(f, func_frames + k * C_N);
            fputc(']', f);
            first = 0;
        }
        fputs("]", f);
        if (n_groups) {
            /* Per frame, per group (the last: outside or ungrouped), per class; not calibration-corrected. */
            fputs(",\"frameGroups\":[", f);
            size_t per = (size_t)(n_groups + 1) * C_N;
            for (size_t i = 0; i < n_frames; i++) {
                fputs(i ? ",\n[" : "\n[", f);
                for (int g = 0; g <= n_groups; g++) {
                    if (g) fputc(',', f);
                    write_counts(f, frame_groups + i * per + (size_t)g * C_N);
                }
                fputc(']', f);
            }
            fputs("]", f);
        }
    }
    fputs("}\n", f);
    fclose(f);
    if (classes_file) fclose(classes_file);
}

static uint64_t parse_addr(const char *s) { return strtoull(s, NULL, 0) & ~(uint64_t)1; }

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    is_a64 = strcmp(info->target_name, "aarch64") == 0;
    for (int i = 0; i < argc; i++) {
        if (starts(argv[i], "begin=")) begin_addr = parse_addr(argv[i] + 6);
        else if (starts(argv[i], "end=")) end_addr = parse_addr(argv[i] + 4);
        else if (starts(argv[i], "out=")) out_path = strdup(argv[i] + 4);
        else if (starts(argv[i], "funcs=")) {
            int e = load_funcs(argv[i] + 6);
            if (e) {
                qemu_plugin_outs(e == -1 ? "pn_count: cannot read funcs file\n" : e == -2 ? "pn_count: funcs file not sorted by address\n" : "pn_count: funcs file group out of range (0..15)\n");
                return -1;
            }
        }
        else if (starts(argv[i], "classes=")) {
            classes_file = fopen(argv[i] + 8, "w");
            if (!classes_file) {
                qemu_plugin_outs("pn_count: cannot open classes file\n");
                return -1;
            }
        }
        else {
            char msg[256];
            snprintf(msg, sizeof msg, "pn_count: unknown argument '%s'\n", argv[i]);
            qemu_plugin_outs(msg);
            return -1;
        }
    }
    if (!out_path || begin_addr == UINT64_MAX || end_addr == UINT64_MAX) {
        qemu_plugin_outs("pn_count: need begin=ADDR, end=ADDR and out=FILE\n");
        return -1;
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_tb_trans);
    qemu_plugin_register_atexit_cb(id, on_exit_cb, NULL);
    return 0;
}
