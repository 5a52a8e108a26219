/**
 * Flat profile of the frame loop: the plugin charges every instruction executed inside a frame to
 * the function (linker input section) holding it; this turns those counts into instructions and
 * modelled cycles per frame per function, and splits them into the network and the signal path.
 */
import path from "node:path";
import type { FirmwareBuild } from "../c-build/build.ts";
import { frameCycles, type CycleModel } from "./cycles.ts";
import { textSections } from "../c-build/mapfile.ts";
import { REPO_ROOT } from "../c-build/toolchain.ts";

/** Where a function's cycles are booked in the report. */
export type Part = "network" | "signal path" | "libc" | "harness";

export interface ProfiledFunction {
  name: string;
  addr: number;
  size: number;
  /** Source file (repo-relative) for payload functions, else the object or archive member. */
  source: string;
  part: Part;
  /** One of the int8 FC kernels (firmware/kernels/fc_s8/pn_fc_s8*.c): its MACs are the network's. */
  kernel: boolean;
}

export interface ProfileRow {
  name: string;
  source: string;
  part: Part;
  instructionsPerFrame: number;
  cyclesPerFrame: number;
  /** Share of the mean frame's modelled cycles. */
  percentOfFrame: number;
}

export interface NetworkCost {
  model: string;
  macsPerFrame: number;
  cyclesPerFrame: number;
  percentOfBudget: number;
  /** The FC kernels: all of the network's MACs go through them. */
  kernel: { functions: string[]; cyclesPerFrame: number; macPerCycle: number; peakMacPerCycle: number | null; percentOfPeak: number | null };
  /** Whole network (kernels + requantization glue, activations, GRU element-wise ops). */
  macPerCycle: number;
}

export interface Profile {
  functions: ProfileRow[];
  parts: Record<Part, { cyclesPerFrame: number; percentOfBudget: number }>;
  /** Present when the payload says which network it runs (SimulateOptions.network). */
  network: NetworkCost | null;
  /** The frame markers' own cost, subtracted from the frames' totals and here from the harness part. */
  markerCyclesPerFrame: number;
  method: string;
}

/** Functions of a linked ELF from its map file (one input section per function under -ffunction-sections). */
export function functionTable(build: Pick<FirmwareBuild, "map" | "objectSources" | "cmsis">, opts: { wholePayloadIsNetwork?: boolean } = {}): ProfiledFunction[] {
  if (!build.map) return [];
  const out: ProfiledFunction[] = [];
  let lastEnd = -1;
  for (const s of textSections(build.map)) {
    if (s.addr < lastEnd) continue; // overlapping input sections never occur in a plain link; keep the first
    lastEnd = s.addr + s.size;
    const src = build.objectSources[s.file];
    const name = s.section.startsWith(".text.") ? s.section.slice(6).replace(/^startup\./, "") : path.basename(s.file).replace(/^.*\((.*)\)$/, "$1");
    let part: Part;
    let source: string;
    let kernel = false;
    if (src) {
      source = path.relative(REPO_ROOT, src);
      const isNet = /\/c\/(nn|model)\//.test(src) || path.basename(src).startsWith("pn_fc_s8");
      kernel = path.basename(src).startsWith("pn_fc_s8");
      part = isNet || opts.wholePayloadIsNetwork ? "network" : "signal path";
    } else if (s.file.includes("libcmsisdsp.a")) {
      source = "CMSIS-DSP " + s.file.replace(/^.*\((.*)\)$/, "$1");
      part = "signal path";
    } else if (/\/harness_[^/]*\.o$/.test(s.file)) {
      source = "harness " + path.basename(s.file);
      part = "harness";
    } else {
      source = s.file.replace(/^.*\/(lib[^/]*\.a\(.*\))$/, "$1");
      part = "libc";
    }
    out.push({ name, addr: s.addr, size: s.size, source, part, kernel });
  }
  return out;
}

export function buildProfile(opts: {
  funcs: ProfiledFunction[];
  counts: [number, number[]][];
  classes: string[];
  frames: number;
  model: CycleModel;
  budgetCyclesPerFrame: number;
  meanCyclesPerFrame: number;
  network?: { model: string; macsPerFrame: number };
  /** Per-class counts of the back-to-back marker pair, subtracted from every frame. */
  markerOverhead?: number[];
}): Profile {
  const { funcs, counts, classes, frames, model } = opts;
  const rows: ProfileRow[] = counts.map(([i, c]) => {
    const f = funcs[i];
    const cyc = frameCycles(model, classes, c) / frames;
    return {
      name: f ? f.name : "(outside any function)",
      source: f ? f.source : "",
      part: f ? f.part : "libc",
      instructionsPerFrame: c.reduce((a, b) => a + b, 0) / frames,
      cyclesPerFrame: cyc,
      percentOfFrame: (100 * cyc) / opts.meanCyclesPerFrame,
    };
  });
  rows.sort((a, b) => b.cyclesPerFrame - a.cyclesPerFrame);
  const parts = {} as Profile["parts"];
  for (const p of ["network", "signal path", "libc", "harness"] as Part[]) {
    const cyc = rows.filter((r) => r.part === p).reduce((a, r) => a + r.cyclesPerFrame, 0);
    parts[p] = { cyclesPerFrame: cyc, percentOfBudget: (100 * cyc) / opts.budgetCyclesPerFrame };
  }
  // the markers run in the harness: take them out there, as the frame totals do
  const markerCycles = opts.markerOverhead ? frameCycles(model, classes, opts.markerOverhead) : 0;
  const h = Math.max(0, parts.harness.cyclesPerFrame - markerCycles);
  parts.harness = { cyclesPerFrame: h, percentOfBudget: (100 * h) / opts.budgetCyclesPerFrame };
  let network: NetworkCost | null = null;
  if (opts.network) {
    const kernelIdx = new Set(funcs.map((f, i) => (f.kernel ? i : -1)).filter((i) => i >= 0));
    const kc = counts.filter(([i]) => kernelIdx.has(i));
    const kernelCycles = kc.reduce((a, [, c]) => a + frameCycles(model, classes, c), 0) / frames;
    const peak = model.peakInt8MacPerCycle?.value ?? null;
    const kmpc = kernelCycles > 0 ? opts.network.macsPerFrame / kernelCycles : 0;
    network = {
      model: opts.network.model,
      macsPerFrame: opts.network.macsPerFrame,
      cyclesPerFrame: parts.network.cyclesPerFrame,
      percentOfBudget: parts.network.percentOfBudget,
      kernel: {
        functions: kc.map(([i]) => funcs[i].name),
        cyclesPerFrame: kernelCycles,
        macPerCycle: kmpc,
        peakMacPerCycle: peak,
        percentOfPeak: peak ? (100 * kmpc) / peak : null,
      },
      macPerCycle: parts.network.cyclesPerFrame > 0 ? opts.network.macsPerFrame / parts.network.cyclesPerFrame : 0,
    };
  }
  return {
    functions: rows,
    parts,
    network,
    markerCyclesPerFrame: markerCycles,
    method:
      "QEMU TCG plugin: every instruction executed between the frame markers is charged to the linker input section (one per function under -ffunction-sections) whose address range holds it; cycles per function = its class counts x the core's cycle model. Self cost: a caller does not include its callees. The frame markers' own cost (the harness's back-to-back calibration pair) is taken out of the harness part, as it is out of the frame totals.",
  };
}
