// percepnet eval --set DIR --report DIR: the quality report (noisy, RNNoise, our model through the
// exact reference, oracle), Markdown and an HTML page with spectrograms and audio players. Progress
// (one line per pair and row) and errors go to stderr; with --json, stdout carries only the results.
import type { Command } from "commander";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../../codegen/src/host-build.ts";

export function registerEval(program: Command): void {
  program
    .command("eval")
    .description("quality report on test mixtures: noisy, RNNoise, percepnet (exact reference), oracle; SI-SDR, STOI, PESQ-WB, DNSMOS")
    .requiredOption("--set <dir>", "test mixtures (made by python -m models.data.testset; .cache/testset after setup)")
    .requiredOption("--report <dir>", "output folder: report.md, index.html, results.json, spectrograms/, audio/")
    .option("--model <name>", "model folder under models/trained/", "headset")
    .option("--also <sizes>", "further trained sizes as rows, comma-separated (e.g. m7,full): host C of the spec, network-alone cycles", "")
    .option("--clips <n>", "clips shown as spectrograms and audio", "3")
    .option("--json", "print the per-pair results (the report's results.json) as one JSON object on stdout; the tool's own messages go to stderr")
    .action((o: { set: string; report: string; model: string; also: string; clips: string; json?: boolean }) => {
      const py = path.join(REPO_ROOT, ".venv/bin/python");
      const args = ["-m", "models.eval.report", "--set", path.resolve(o.set), "--report", path.resolve(o.report), "--model", o.model, "--clips", o.clips];
      if (o.also) args.push("--also", o.also);
      const r = spawnSync(py, args, {
        cwd: REPO_ROOT,
        // with --json the report tool's stdout goes to our stderr, so stdout is the JSON alone
        stdio: o.json ? ["inherit", 2, "inherit"] : "inherit",
      });
      if (r.error) console.error(`percepnet: error: ${r.error.message} (run bash scripts/setup.sh first)`);
      process.exitCode = r.status ?? 1;
      if (o.json && r.status === 0) {
        const results = JSON.parse(fs.readFileSync(path.join(path.resolve(o.report), "results.json"), "utf8"));
        console.log(JSON.stringify({ schema: "percepnet-eval/1", report: path.resolve(o.report), results }, null, 1));
      }
    });
}
