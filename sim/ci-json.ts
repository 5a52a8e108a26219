/**
 * The `--json` outputs of `percepnet sim` and `build-real`: one object on stdout per run, small and
 * stable enough for CI to read (the full per-frame report stays in `--report DIR`'s JSON).
 */
import type { SimReport } from "./qemu/simulate.ts";
import type { RealBuild } from "./c-build/real.ts";

export interface SimSummary {
  board: string;
  core: string;
  clockHz: number;
  frames: number;
  cyclesPerFrame: { mean: number; p99: number; worst: number; worstFrame: number };
  budgetPercent: { mean: number; p99: number; worst: number };
  /** Worst frame over the mean, % (issue 18's target: within 2 %). */
  worstOverMeanPercent: number;
  /** Set when --max-budget was given: whether the worst frame is within it. */
  withinMaxBudget: boolean | null;
  memory: { flashBytes: number; ramBytes: number; fits: boolean };
  stackBytes: { static: number | null; measuredPeak: number | null };
  parts: Record<string, { cyclesPerFrame: number; percentOfBudget: number }> | null;
  outputSha256: string;
  /** The trained model built in: name, folder and sha256 (sim/engines/model.ts); null for a payload that does not say. */
  model: SimReport["model"];
}

export function simSummary(r: SimReport, maxBudget: number | null): SimSummary {
  const s = r.cycles.stats;
  const b = r.cycles.budgetPercent;
  return {
    board: r.board.name,
    core: r.board.core,
    clockHz: r.board.clockHz,
    frames: r.frames,
    cyclesPerFrame: { mean: s.mean, p99: s.p99, worst: s.worst, worstFrame: s.worstFrame },
    budgetPercent: { mean: b.mean, p99: b.p99, worst: b.worst },
    worstOverMeanPercent: s.mean > 0 ? (100 * (s.worst - s.mean)) / s.mean : 0,
    withinMaxBudget: maxBudget === null ? null : b.worst <= maxBudget,
    memory: { flashBytes: r.memory.flashBytes, ramBytes: r.memory.ramBytes, fits: r.memory.fits },
    stackBytes: { static: r.stack.static.roots.find((x) => x.root === "pn_process_frame")?.bytes ?? null, measuredPeak: r.stack.measuredPeakBytes },
    parts: r.profile ? r.profile.parts : null,
    outputSha256: r.output.sha256,
    model: r.model,
  };
}

export function realSummary(r: RealBuild) {
  const s = r.sizes;
  return {
    board: r.board,
    core: r.core,
    clockHz: r.clockHz,
    fits: r.fits,
    flash: { bytes: s.flashBytes, limit: s.flashLimit, percent: s.flashPercent },
    ram: { bytes: s.ramBytes, limit: s.ramLimit, percent: s.ramPercent },
    regions: s.regions,
    components: s.components,
    stackBytes: r.build.stack.roots.find((x) => x.root === "pn_process_frame")?.bytes ?? null,
    artifacts: r.artifacts,
    /** Modelled, not measured: see RealTiming (assumptions and what it ignores are in it). */
    timing: r.timing,
    timingNote: r.timingNote,
  };
}
