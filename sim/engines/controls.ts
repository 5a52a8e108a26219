/**
 * The frame API's runtime controls as command-line options, shared by `denoise` and `sim` so both
 * take the same: --atten-lim DB (pn_set_atten_limit from the first frame) and --bypass FROM:TO
 * (pn_set_bypass on for frames FROM..TO-1). The firmware harness (firmware/sim/sim_main.c) gets them
 * as its own arguments, the engines (sim/engines/engines.ts) and simulate() as Controls.
 */
/**
 * The controls as the engines and the simulator take them: an attenuation limit in dB from the
 * first frame, and a bypass on for frames [from, to).
 */
export interface Controls {
  attenLimitDb?: number;
  bypass?: [number, number];
}

export interface ControlFlags {
  attenLim?: string;
  bypass?: string;
}

export const ATTEN_LIM_HELP = "attenuation limit: no band loses more than this many dB (pn_set_atten_limit; 0: none)";
export const BYPASS_HELP = "bypass frames FROM..TO-1 (pn_set_bypass): the input passes through, 30 ms later";

export function parseControls(o: ControlFlags): Controls {
  const c: Controls = {};
  if (o.attenLim !== undefined) {
    const v = Number(o.attenLim);
    if (!Number.isFinite(v)) throw new Error(`--atten-lim wants a number of dB, got "${o.attenLim}"`);
    c.attenLimitDb = v;
  }
  if (o.bypass !== undefined) {
    const m = /^(\d+):(\d+)$/.exec(o.bypass);
    if (!m || Number(m[2]) < Number(m[1])) throw new Error(`--bypass wants FROM:TO frames (FROM <= TO), got "${o.bypass}"`);
    c.bypass = [Number(m[1]), Number(m[2])];
  }
  return c;
}

/** The harness arguments for these controls (after IN.pcm OUT.pcm); f32 so the limit is the engines'. */
export function harnessArgs(c: Controls | undefined): string[] {
  const a: string[] = [];
  if (c?.attenLimitDb !== undefined) a.push("--atten-lim", String(Math.fround(c.attenLimitDb)));
  if (c?.bypass) a.push("--bypass", `${c.bypass[0]}:${c.bypass[1]}`);
  return a;
}
