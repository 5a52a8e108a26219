// Helpers for the data-tool and metrics tests: run the project's Python (.venv) from the repo root.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const PY = path.join(REPO, ".venv", "bin", "python");
export const CACHE = path.join(REPO, ".cache", "data");

/** Run `.venv/bin/python ARGS` in the repo root; returns stdout. Throws with stderr on failure. */
export function py(args: string[], timeoutMs = 120_000): string {
  try {
    return execFileSync(PY, args, { cwd: REPO, encoding: "utf8", timeout: timeoutMs, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 << 20 });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`${PY} ${args.join(" ")} failed: ${err.message}\n${err.stderr ?? ""}`);
  }
}

/** Run a Python snippet (with the repo on sys.path) and parse the JSON it prints last. */
export function pyJson<T = unknown>(code: string, timeoutMs = 120_000): T {
  const out = py(["-c", code], timeoutMs).trim().split("\n");
  return JSON.parse(out[out.length - 1]) as T;
}

export interface ManifestEntry {
  id: string; kind: "speech" | "noise"; registry: string; package: string; version: string; path: string;
  raw_file: string; audio48?: string; sha256: string; sample_rate: number | null; channels: number | null;
  duration_s: number | null; clip_ratio: number | null; bandwidth_hz: number | null;
  language: string | null; speaker: string | null; category: string | null; synthetic: boolean;
  status: "ok" | "dropped"; drop_reason: string | null; split: string | null;
}
export interface Manifest { tier: string; sources: { package: string; version: string; registry: string }[]; files: ManifestEntry[] }

/** The small tier's manifest; fetched (idempotently) if setup has not done it yet. */
export function smallManifest(): Manifest {
  const p = path.join(CACHE, "manifest-small.json");
  if (!existsSync(p)) py(["-m", "models.data.fetch", "--tier", "small", "--quiet"], 300_000);
  return JSON.parse(readFileSync(p, "utf8")) as Manifest;
}

export function fullManifest(): Manifest | null {
  const p = path.join(CACHE, "manifest-full.json");
  return existsSync(p) ? (JSON.parse(readFileSync(p, "utf8")) as Manifest) : null;
}

export function tmp(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `percepnet-${prefix}-`));
}
