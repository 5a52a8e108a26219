"""Run enhancers over a set of test mixtures and publish one comparison table per SNR.

    python -m models.eval.table --set out/testset --work out/oracle --delay 1440 --md docs/oracle.md \
        --row "noisy=" \
        --row "band gains (oracle)=node bin/percepnet.mjs denoise {noisy} {out} --oracle {clean} --no-comb --no-postfilter" \
        --row "gains + comb=node bin/percepnet.mjs denoise {noisy} {out} --oracle {clean} --no-postfilter" \
        --row "gains + comb + postfilter=node bin/percepnet.mjs denoise {noisy} {out} --oracle {clean}"

Each --row is LABEL=COMMAND. COMMAND is run once per pair through the shell (from the repository
root) with {noisy}, {clean}, {out} and {id} replaced by shell-quoted values; it must write {out}
(a WAV). An empty COMMAND scores the noisy input itself, with no delay; command rows are scored
with --delay (the enhancer's latency in samples at 48 kHz). Outputs go to WORK/<row number>/, and
an existing output is reused unless --force. The Markdown has a table per input SNR and one over all
pairs, rows in the order given; a set with reverberant pairs ("reverb": true in index.json) gets them
split: per SNR dry, all dry, per SNR reverb, all reverb, then all pairs. --json writes every pair's
numbers.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import subprocess
import sys

from . import metrics

REPO = metrics.dnsmos.REPO


def write_atomic(path: str, text: str) -> None:
    """Written beside the target and renamed: a failed or interrupted run never leaves half a file."""
    tmp = f"{path}.tmp-{os.getpid()}"
    try:
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def parse_row(s: str) -> tuple[str, str]:
    if "=" not in s:
        raise SystemExit(f"--row {s!r}: expected LABEL=COMMAND")
    label, cmd = s.split("=", 1)
    return label.strip(), cmd.strip()


def run_row(k: int, label: str, cmd: str, pairs: list[str], set_dir: str, work: str, force: bool) -> str:
    if not cmd:
        return set_dir
    out_dir = os.path.join(work, f"{k:02d}-{re.sub(r'[^A-Za-z0-9]+', '-', label).strip('-').lower()}")
    os.makedirs(out_dir, exist_ok=True)
    for i, pid in enumerate(pairs):
        out = os.path.join(out_dir, f"{pid}_noisy.wav")
        if os.path.exists(out) and not force:
            continue
        vals = {"noisy": os.path.join(set_dir, f"{pid}_noisy.wav"), "clean": os.path.join(set_dir, f"{pid}_clean.wav"),
                "out": out, "id": pid}
        line = cmd
        for key, v in vals.items():
            line = line.replace("{" + key + "}", shlex.quote(os.path.abspath(v) if key != "id" else v))
        print(f"table: [{label}] {i + 1}/{len(pairs)} {pid}", file=sys.stderr)
        r = subprocess.run(line, shell=True, cwd=REPO)
        if r.returncode != 0:
            raise SystemExit(f"[{label}] failed on {pid} (exit {r.returncode}): {line}")
        if not os.path.exists(out):
            raise SystemExit(f"[{label}] wrote no {out}: {line}")
    return out_dir


def groups(pairs: list[str], snr_of: dict, rev_of: dict) -> list[tuple[str, object]]:
    """The tables: one per SNR and one over all pairs. A set with reverberant pairs (models.data.testset
    --reverb or --reverb-per-snr) is split: per SNR dry, all dry, per SNR reverb, all reverb, all pairs."""
    snrs = sorted({snr_of[p] for p in pairs if snr_of[p] is not None})
    if not any(rev_of.values()):
        return [(f"{s:g} dB SNR", lambda p, s=s: snr_of[p] == s) for s in snrs] + [("All pairs", lambda p: True)]
    out = []
    for rev, tag in ((False, "dry"), (True, "reverb")):
        these = [p for p in pairs if rev_of[p] == rev]
        if not these:
            continue
        out += [(f"{s:g} dB SNR, {tag}", lambda p, s=s, rev=rev: snr_of[p] == s and rev_of[p] == rev)
                for s in snrs if any(snr_of[p] == s for p in these)]
        out.append((f"All {tag} pairs", lambda p, rev=rev: rev_of[p] == rev))
    if not all(rev_of.values()):  # both kinds present
        out.append(("All pairs", lambda p: True))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Run enhancers over test mixtures and tabulate SI-SDR, STOI, PESQ-WB, DNSMOS.")
    ap.add_argument("--set", required=True, help="folder written by models.data.testset (or models.data.mix)")
    ap.add_argument("--row", action="append", required=True, help="LABEL=COMMAND (empty COMMAND: the noisy input)")
    ap.add_argument("--work", default=None, help="where command rows write their outputs (default: SET/../<set>-runs)")
    ap.add_argument("--delay", type=int, default=1440, help="latency of command rows, samples at 48 kHz")
    ap.add_argument("--md", default=None, help="write the Markdown here (default: print it)")
    ap.add_argument("--title", default="Test mixtures")
    ap.add_argument("--json", default=None)
    ap.add_argument("--only", default=",".join(metrics.METRICS))
    ap.add_argument("--force", action="store_true", help="rerun commands even where their output exists")
    a = ap.parse_args(argv)
    only = tuple(k.strip() for k in a.only.split(",") if k.strip())
    rows = [parse_row(r) for r in a.row]
    work = a.work or os.path.join(os.path.dirname(os.path.abspath(a.set)), os.path.basename(os.path.abspath(a.set)) + "-runs")
    with open(os.path.join(a.set, "index.json")) as f:
        index = json.load(f)
    pairs = [p["id"] for p in index["pairs"]]
    snr_of = {p["id"]: p.get("snr_db") for p in index["pairs"]}
    rev_of = {p["id"]: bool(p.get("reverb") or index.get("reverb")) for p in index["pairs"]}
    results = []
    for k, (label, cmd) in enumerate(rows):
        est_dir = run_row(k, label, cmd, pairs, a.set, work, a.force)
        delay = a.delay if cmd else 0
        items = metrics.batch(a.set, est_dir, delay, "_noisy.wav", only)
        results.append({"label": label, "command": cmd, "delay": delay, "est_dir": est_dir, "pairs": items})
    lines = [f"# {a.title}", "",
             f"Set `{os.path.relpath(os.path.abspath(a.set), REPO)}`: {len(pairs)} pairs, "
             f"{index.get('total_seconds', 0):.0f} s; data manifest sha256 `{index.get('data_manifest_sha256', '?')[:16]}`. "
             f"Command rows scored with a {a.delay}-sample delay; means over the pairs. Made by "
             "`python -m models.eval.table` (see docs/metrics.md).", ""]
    for title, pick in groups(pairs, snr_of, rev_of):
        tab = []
        for r in results:
            its = [it for it in r["pairs"] if pick(it["id"])]
            tab.append((r["label"], {k: metrics._mean([it["metrics"][k] for it in its]) for k in metrics.METRICS}))
        n = sum(1 for p in pairs if pick(p))
        lines += [f"## {title} ({n} pairs)", "", metrics.table(tab, "row"), ""]
    lines += ["Commands:", ""] + [f"- **{r['label']}**: " + (f"`{r['command']}`" if r["command"] else "the noisy input")
                                  for r in results] + [""]
    md = "\n".join(lines)
    if a.md:
        os.makedirs(os.path.dirname(os.path.abspath(a.md)), exist_ok=True)
        write_atomic(a.md, md)
        print(f"table: wrote {a.md}", file=sys.stderr)
    else:
        print(md)
    if a.json:
        write_atomic(a.json, json.dumps(metrics._nan_to_null(results), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
