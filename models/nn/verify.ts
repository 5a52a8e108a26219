// `percepnet nn verify`: checks the int8 network against TFLM and prints, per layer output and
// state, how many values agree. Exit status 1 on any mismatch.
//
//   npx tsx models/nn/verify.ts --size headset|m7|full [--seed N] [--frames F] [--profile P]
//   npx tsx models/nn/verify.ts --tflite FILE [--seed N] [--frames F]
//
// With --size: a seeded random network of that size is written as a description and a .tflite,
// run in TFLM, and through spec/nn (exact JS) twice: layer by layer (models/nn/ref.ts) and
// operator by operator from the .tflite (models/nn/graph.ts). With --tflite: a model the user
// brings is read operator by operator and run on seeded random int8 frames.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { nn, ROOT } from "./exact.ts";
import { GraphNet, loadGraph } from "./graph.ts";
import { compare, loadDescription, loadTflm, readFeatures, RefNet, type Agreement, type Layers } from "./ref.ts";

export interface VerifyOptions {
  size?: string;
  tflite?: string;
  seed: number;
  frames: number;
  profile: string;
  keep?: string;
}

function python(): string {
  const py = path.join(ROOT, ".venv", "bin", "python");
  const ok = fs.existsSync(py) && spawnSync(py, ["-c", "import tflite_micro.python.tflite_micro.runtime"], { cwd: ROOT }).status === 0;
  if (!ok) throw new Error("tflite-micro is not available in .venv: run `bash scripts/setup.sh`");
  return py;
}

function pyRun(module: string, args: string[]): void {
  const r = spawnSync(python(), ["-m", `models.nn.${module}`, ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`python -m models.nn.${module} failed:\n${r.stdout}${r.stderr}`);
}

function fmt(a: Agreement | undefined): string {
  if (!a) return "-";
  const s = `${a.agree}/${a.total}`;
  return a.first ? `${s} MISMATCH (frame ${a.first.frame} [${a.first.index}]: ours ${a.first.ours}, TFLM ${a.first.tflm})` : s;
}

export async function verify(o: VerifyOptions, log: (s: string) => void = console.log): Promise<number> {
  const dir = o.keep ?? fs.mkdtempSync(path.join(os.tmpdir(), "pn-nn-verify-"));
  try {
    const K = { layers: await nn("layers"), activations: await nn("activations"), elementwise: await nn("elementwise") };
    const columns: [string, Agreement[]][] = [];
    let title: string;
    if (o.tflite) {
      const gdir = path.join(dir, "graph");
      pyRun("graph", [path.resolve(o.tflite), "--frames", String(o.frames), "--seed", String(o.seed), "--out", gdir]);
      const { g, blob } = loadGraph(gdir);
      const res = new GraphNet(g, blob, K).run(readFeatures(gdir), o.frames);
      columns.push(["operators (exact JS)", compare(res, loadTflm(path.join(gdir, "tflm")))]);
      title = `${o.tflite}: ${g.ops.length} operators, ${o.frames} frames, seed ${o.seed}`;
    } else {
      pyRun("cli", ["gen", "--size", o.size!, "--seed", String(o.seed), "--profile", o.profile, "--frames", String(o.frames), "--out", dir, "--run"]);
      const { desc, blob } = loadDescription(dir);
      const tflm = loadTflm(path.join(dir, "tflm"));
      const features = readFeatures(dir);
      columns.push(["layers (exact JS)", compare(new RefNet(desc, blob, K.layers as Layers).run(features, o.frames), tflm)]);
      const gdir = path.join(dir, "graph");
      pyRun("graph", [path.join(dir, "model.tflite"), "--frames", String(o.frames), "--seed", String(o.seed), "--out", gdir]);
      const { g, blob: gb } = loadGraph(gdir);
      // The graph dump draws the same seeded frames; run it on the description's frames anyway.
      columns.push(["operators (exact JS)", compare(new GraphNet(g, gb, K).run(features, o.frames), tflm)]);
      title = `${desc.name} (${o.profile}): ${o.frames} frames`;
    }
    log(`nn verify: ${title}, against TFLM (PyPI tflite-micro)`);
    const names = columns[0][1].map((a) => a.name);
    const w = Math.max(...names.map((n) => n.length), 6);
    log(`  ${"output".padEnd(w)}  ${columns.map(([c]) => c.padEnd(24)).join("  ")}`);
    let bad = 0;
    let total = 0;
    for (const n of names) {
      const cells = columns.map(([, r]) => r.find((a) => a.name === n));
      for (const c of cells) {
        total += c?.total ?? 0;
        if (!c || c.agree !== c.total) bad++;
      }
      log(`  ${n.padEnd(w)}  ${cells.map((c) => fmt(c).padEnd(24)).join("  ")}`);
    }
    log(bad === 0 ? `OK: all ${total} values agree` : `FAIL: ${bad} outputs differ`);
    return bad === 0 ? 0 : 1;
  } finally {
    if (!o.keep) fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function parseVerifyArgs(argv: string[]): VerifyOptions {
  const o: VerifyOptions = { seed: 1, frames: 100, profile: "realistic" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--size") o.size = v();
    else if (a === "--tflite") o.tflite = v();
    else if (a === "--seed") o.seed = Number(v());
    else if (a === "--frames") o.frames = Number(v());
    else if (a === "--profile") o.profile = v();
    else if (a === "--keep") o.keep = v();
    else throw new Error(`unknown option ${a}`);
  }
  if (!o.size && !o.tflite) throw new Error("give --size headset|m7|full or --tflite FILE");
  if (o.size && !["headset", "m7", "full"].includes(o.size)) throw new Error(`unknown size ${o.size}`);
  if (!["realistic", "extreme", "pot"].includes(o.profile)) throw new Error(`unknown profile ${o.profile}`);
  if (!(o.frames > 0) || !Number.isInteger(o.seed)) throw new Error("--frames must be > 0 and --seed an integer");
  return o;
}

/** Entry for the CLI: returns the exit status (2 on usage or setup errors). */
export async function verifyMain(argv: string[]): Promise<number> {
  try {
    return await verify(parseVerifyArgs(argv));
  } catch (e) {
    console.error(`nn verify: ${(e as Error).message}`);
    return 2;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  verifyMain(process.argv.slice(2)).then((c) => process.exit(c));
}
