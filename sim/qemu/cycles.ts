/**
 * Cycle model: exact per-class instruction counts x a per-core cost table (sim/qemu/cycle-models/*.json).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { CYCLE_MODELS_DIR } from "../boards.ts";

export interface CycleModel {
  core: string;
  basis: string;
  cyclesPerClass: Record<string, number>;
  sources: { document: string; section: string; used_for: string }[];
  blindSpots: string[];
  /** The core's widest int8 multiply-accumulate at its modelled cost, for the network's MAC/cycle. */
  peakInt8MacPerCycle?: { value: number; how: string };
  file: string;
}

export function loadCycleModel(name: string): CycleModel {
  const file = path.join(CYCLE_MODELS_DIR, name + ".json");
  const m = JSON.parse(readFileSync(file, "utf8")) as CycleModel;
  for (const k of ["core", "basis", "cyclesPerClass", "sources", "blindSpots"] as const)
    if (m[k] === undefined) throw new Error(`${file}: field "${k}" missing`);
  return { ...m, file };
}

/** Cycles of one frame from its class counts. Throws if the model lacks a class the plugin counts. */
export function frameCycles(model: CycleModel, classes: string[], counts: number[]): number {
  let c = 0;
  for (let i = 0; i < classes.length; i++) {
    const cost = model.cyclesPerClass[classes[i]];
    if (cost === undefined) throw new Error(`${model.file}: no cost for instruction class "${classes[i]}"`);
    c += cost * counts[i];
  }
  return c;
}

export interface Stats {
  frames: number;
  mean: number;
  p99: number;
  worst: number;
  worstFrame: number;
  min: number;
}

/** mean, p99 (nearest rank) and worst over per-frame values. */
export function stats(values: number[]): Stats {
  if (values.length === 0) return { frames: 0, mean: 0, p99: 0, worst: 0, worstFrame: -1, min: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(0.99 * sorted.length));
  let worstFrame = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[worstFrame]) worstFrame = i;
  return {
    frames: values.length,
    mean: values.reduce((a, b) => a + b, 0) / values.length,
    p99: sorted[rank - 1],
    worst: sorted[sorted.length - 1],
    worstFrame,
    min: sorted[0],
  };
}
