/**
 * Report rendering: JSON (the report object itself), Markdown, and hand-written SVG charts.
 */
import type { SimReport } from "./simulate.ts";

const fmt = (x: number) => Math.round(x).toLocaleString("en-US");
const pct = (x: number | null) => (x === null ? "n/a" : `${x.toFixed(x < 1 ? 3 : 1)} %`);
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function renderMarkdown(r: SimReport): string {
  const b = r.board;
  const s = r.cycles.stats;
  const i = r.instructions.stats;
  const lines = [
    `# Simulation report: ${b.name} (${b.core}${b.cmsisVariant ? `, CMSIS-DSP ${b.cmsisVariant}` : ""})`,
    "",
    `Payload: ${r.payload.sources.map((x) => "`" + x + "`").join(", ")}  `,
    `Frames: ${r.frames} (480 samples, 10 ms each)  `,
    `QEMU: \`${r.qemu.binary}\` ${r.qemu.machine ?? "user mode -cpu " + r.qemu.cpu}, ${r.qemu.version}  `,
    `Compiler: ${r.compiler.version} (${r.compiler.source})  `,
    `Output: ${r.output.bytes} bytes, sha256 \`${r.output.sha256}\``,
    "",
    `## Per frame, at ${(b.clockHz / 1e6).toFixed(0)} MHz (budget ${fmt(b.budgetCyclesPerFrame)} cycles per 10 ms frame)`,
    "",
    "| | mean | p99 | worst (frame) | min |",
    "|---|---:|---:|---:|---:|",
    `| instructions (exact) | ${fmt(i.mean)} | ${fmt(i.p99)} | ${fmt(i.worst)} (#${i.worstFrame}) | ${fmt(i.min)} |`,
    `| cycles (model \`${r.cycles.model}\`) | ${fmt(s.mean)} | ${fmt(s.p99)} | ${fmt(s.worst)} (#${s.worstFrame}) | ${fmt(s.min)} |`,
    `| % of budget | ${pct(r.cycles.budgetPercent.mean)} | ${pct(r.cycles.budgetPercent.p99)} | ${pct(r.cycles.budgetPercent.worst)} | |`,
    "",
    `Marker overhead subtracted per frame: ${r.instructions.markerOverhead.reduce((a, c) => a + c, 0)} instructions.`,
    "",
    ...profileSection(r),
    "### Instruction mix (all frames)",
    "",
    "| class | instructions | % | cycles each |",
    "|---|---:|---:|---:|",
    ...r.instructions.classes.map((c, k) => {
      const n = r.instructions.classTotals[k];
      const tot = r.instructions.classTotals.reduce((a, x) => a + x, 0) || 1;
      return `| ${c} | ${fmt(n)} | ${((100 * n) / tot).toFixed(1)} | ${r.cycles.cyclesPerClass[c]} |`;
    }),
    "",
    "## Memory",
    "",
    "| | bytes | limit | % |",
    "|---|---:|---:|---:|",
    `| flash (text + data) | ${fmt(r.memory.flashBytes)} | ${r.memory.flashLimit === null ? "none" : fmt(r.memory.flashLimit)} | ${pct(r.memory.flashPercent)} |`,
    `| RAM (data + bss + stack) | ${fmt(r.memory.ramBytes)} | ${r.memory.ramLimit === null ? "none" : fmt(r.memory.ramLimit)} | ${pct(r.memory.ramPercent)} |`,
    ...r.memory.regions.map((g) => `| region ${g.name} | ${fmt(g.used)} | ${fmt(g.length)} | ${pct(g.percent)} |`),
    ...(r.memory.components
      ? (["payload", "cmsis-dsp", "harness", "libc+runtime"] as const).map(
          (c) => `| ${c} (linked, from the map) | flash ${fmt(r.memory.components!.flash[c])}, RAM ${fmt(r.memory.components!.ram[c])} | | |`,
        )
      : []),
    `| payload objects (before linking) | text ${fmt(r.memory.payloadObjects.text)}, data ${fmt(r.memory.payloadObjects.data)}, bss ${fmt(r.memory.payloadObjects.bss)} | | |`,
    "",
    "The simulation image includes the harness (newlib stdio over semihosting, a " +
      `${fmt(r.harnessStateBytes)}-byte state buffer); real-board builds (\`buildRealBoard\`) give the product's size.`,
    "",
    "## Stack",
    "",
    ...r.stack.static.roots.map(
      (s) =>
        `- \`${s.root}\`: static bound ${s.bytes === null ? "n/a (not found)" : fmt(s.bytes) + " bytes"}${s.complete ? "" : " (lower bound: " + [s.unknownCallees.length ? "unknown callees " + s.unknownCallees.join(", ") : "", s.indirectCalls ? "indirect calls" : "", s.recursion.length ? "recursion " + s.recursion.join(", ") : "", s.dynamicFrames.length ? "dynamic frames " + s.dynamicFrames.join(", ") : ""].filter(Boolean).join("; ") + ")"}; path ${s.path.map((p) => `${p.fn} ${p.frame}`).join(" → ")}`,
    ),
    `- measured peak of \`pn_process_frame\` (stack painting in the harness): ${r.stack.measuredPeakBytes === null ? "n/a on this target" : fmt(r.stack.measuredPeakBytes) + " bytes"}`,
    `- method: ${r.stack.static.method}`,
    "",
    "## Cycle model",
    "",
    `${r.cycles.basis}. Sources:`,
    ...r.cycles.sources.map((s) => `- ${s.document}, ${s.section}: ${s.used_for}`),
    "",
    "Blind spots:",
    ...r.cycles.blindSpots.map((s) => `- ${s}`),
    "",
  ];
  return lines.join("\n");
}

/** Network vs signal path, the network's MAC efficiency, and the hottest functions. */
function profileSection(r: SimReport, top = 25): string[] {
  const p = r.profile;
  if (!p) return [];
  const out = [
    "## Where the cycles go (mean frame)",
    "",
    "| part | cycles/frame | % of budget |",
    "|---|---:|---:|",
    ...(Object.entries(p.parts) as [string, { cyclesPerFrame: number; percentOfBudget: number }][])
      .filter(([, v]) => v.cyclesPerFrame > 0)
      .map(([k, v]) => `| ${k} | ${fmt(v.cyclesPerFrame)} | ${pct(v.percentOfBudget)} |`),
    "",
  ];
  if (p.network) {
    const n = p.network;
    const k = n.kernel;
    out.push(
      `### Network: \`${n.model}\``,
      "",
      "| | cycles/frame | MAC/frame | MAC/cycle | peak MAC/cycle | % of peak |",
      "|---|---:|---:|---:|---:|---:|",
      `| int8 FC kernel (${k.functions.map((f) => "`" + f + "`").join(", ")}) | ${fmt(k.cyclesPerFrame)} | ${fmt(n.macsPerFrame)} | ${k.macPerCycle.toFixed(2)} | ${k.peakMacPerCycle ?? "n/a"} | ${pct(k.percentOfPeak)} |`,
      `| whole network (kernel + requantization, activations, GRU element-wise) | ${fmt(n.cyclesPerFrame)} | ${fmt(n.macsPerFrame)} | ${n.macPerCycle.toFixed(2)} | | |`,
      "",
      `Peak: the core's widest int8 multiply-accumulate at its modelled cost (\`sim/cycle-models/${r.cycles.model}.json\`, peakInt8MacPerCycle).`,
      "",
    );
  }
  out.push(
    `### Hottest functions (self cost; top ${Math.min(top, p.functions.length)} of ${p.functions.length})`,
    "",
    "| function | source | part | instr/frame | cycles/frame | % of frame |",
    "|---|---|---|---:|---:|---:|",
    ...p.functions.slice(0, top).map((f) => `| \`${f.name}\` | ${f.source} | ${f.part} | ${fmt(f.instructionsPerFrame)} | ${fmt(f.cyclesPerFrame)} | ${f.percentOfFrame.toFixed(1)} |`),
    "",
    `Method: ${p.method}`,
    "",
  );
  return out;
}

/** Line chart of one board's per-frame cycles as % of budget. */
export function renderFrameSvg(r: SimReport): string {
  const W = 760, H = 300, L = 70, R = 20, T = 40, B = 45;
  const vals = r.cycles.perFrame.map((c) => (100 * c) / r.board.budgetCyclesPerFrame);
  const n = Math.max(1, vals.length);
  const vmax = Math.max(...vals, 0);
  const showBudget = vmax >= 33;
  const top = niceCeil(showBudget ? Math.max(vmax, 100) * 1.05 : vmax * 1.15 || 1);
  const x = (i: number) => L + ((W - L - R) * i) / Math.max(1, n - 1);
  const y = (v: number) => T + (H - T - B) * (1 - v / top);
  const pts = vals.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * top);
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${esc(`${r.board.name}: cycles per frame, % of the ${(r.board.clockHz / 1e6).toFixed(0)} MHz budget (model ${r.cycles.model})`)}</text>`,
    ...ticks.map((v) => `<line x1="${L}" x2="${W - R}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#ddd"/><text x="${L - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${tick(v)} %</text>`),
    `<line x1="${L}" x2="${L}" y1="${T}" y2="${H - B}" stroke="black"/><line x1="${L}" x2="${W - R}" y1="${H - B}" y2="${H - B}" stroke="black"/>`,
    `<text x="${(L + W - R) / 2}" y="${H - 10}" text-anchor="middle">frame (10 ms each), ${vals.length} frames</text>`,
    showBudget ? `<line x1="${L}" x2="${W - R}" y1="${y(100).toFixed(1)}" y2="${y(100).toFixed(1)}" stroke="#c00" stroke-dasharray="6,4"/><text x="${W - R - 4}" y="${(y(100) - 4).toFixed(1)}" text-anchor="end" fill="#c00">budget 100 %</text>` : `<text x="${W - R - 4}" y="${T - 6}" text-anchor="end" fill="#c00">budget (100 %) is off the scale</text>`,
    vals.length > 1 ? `<polyline fill="none" stroke="#1f5fbf" stroke-width="1.2" points="${pts}"/>` : `<circle cx="${x(0)}" cy="${y(vals[0] ?? 0)}" r="3" fill="#1f5fbf"/>`,
    `<line x1="${L}" x2="${W - R}" y1="${y(r.cycles.budgetPercent.p99).toFixed(1)}" y2="${y(r.cycles.budgetPercent.p99).toFixed(1)}" stroke="#e08000" stroke-dasharray="2,3"/><text x="${L + 4}" y="${(y(r.cycles.budgetPercent.p99) - 4).toFixed(1)}" fill="#e08000">p99 ${r.cycles.budgetPercent.p99.toFixed(3)} %</text>`,
    `</svg>`,
  ];
  return out.join("\n") + "\n";
}

/** Grouped bars: mean / p99 / worst % of budget for several boards side by side. */
export function renderComparisonSvg(reports: SimReport[]): string {
  const W = Math.max(420, 120 + reports.length * 150), H = 320, L = 70, R = 20, T = 50, B = 60;
  const series = [
    { key: "mean" as const, color: "#1f5fbf" },
    { key: "p99" as const, color: "#e08000" },
    { key: "worst" as const, color: "#c00000" },
  ];
  const vmax = Math.max(0, ...reports.flatMap((r) => series.map((s) => r.cycles.budgetPercent[s.key])));
  const top = niceCeil(vmax * 1.15 || 1);
  const y = (v: number) => T + (H - T - B) * (1 - v / top);
  const groupW = (W - L - R) / Math.max(1, reports.length);
  const barW = Math.min(34, (groupW - 20) / 3);
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">Cycles per 10 ms frame, % of each board's real-time budget</text>`,
    ...series.map((s, k) => `<rect x="${L + k * 90}" y="28" width="10" height="10" fill="${s.color}"/><text x="${L + k * 90 + 14}" y="37">${s.key}</text>`),
    ...[0, 0.25, 0.5, 0.75, 1].map((f) => `<line x1="${L}" x2="${W - R}" y1="${y(f * top).toFixed(1)}" y2="${y(f * top).toFixed(1)}" stroke="#ddd"/><text x="${L - 6}" y="${(y(f * top) + 4).toFixed(1)}" text-anchor="end">${tick(f * top)} %</text>`),
    `<line x1="${L}" x2="${L}" y1="${T}" y2="${H - B}" stroke="black"/><line x1="${L}" x2="${W - R}" y1="${H - B}" y2="${H - B}" stroke="black"/>`,
  ];
  reports.forEach((r, g) => {
    const gx = L + g * groupW + (groupW - 3 * barW) / 2;
    series.forEach((s, k) => {
      const v = r.cycles.budgetPercent[s.key];
      out.push(`<rect x="${(gx + k * barW).toFixed(1)}" y="${y(v).toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${(H - B - y(v)).toFixed(1)}" fill="${s.color}"><title>${esc(`${r.board.name} ${s.key}: ${v.toFixed(3)} % (${Math.round(r.cycles.stats[s.key === "mean" ? "mean" : s.key === "p99" ? "p99" : "worst"])} cycles)`)}</title></rect>`);
    });
    out.push(`<text x="${(gx + 1.5 * barW).toFixed(1)}" y="${H - B + 16}" text-anchor="middle">${esc(r.board.name)}</text>`);
    out.push(`<text x="${(gx + 1.5 * barW).toFixed(1)}" y="${H - B + 31}" text-anchor="middle" fill="#555">${esc(`${r.board.core}, ${(r.board.clockHz / 1e6).toFixed(0)} MHz`)}</text>`);
  });
  out.push(`</svg>`);
  return out.join("\n") + "\n";
}

const tick = (v: number) => String(Number(v.toPrecision(3)));

function niceCeil(x: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(x)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}
