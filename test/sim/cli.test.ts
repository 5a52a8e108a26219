import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { main } from "../../sim/cli.ts";
import { readPcmInput, WaveFile, writePcmOutput } from "../../sim/audio/pcm.ts";
import { armNoneEabi } from "../../sim/c-build/toolchain.ts";
import { TMP, testPcm } from "./helpers.ts";

describe("sim CLI and toolchain preference", function () {
  it("sim: a 48 kHz mono WAV in, a WAV out with the same length, reports and the side-by-side chart", async () => {
    const dir = path.join(TMP, "cli");
    mkdirSync(dir, { recursive: true });
    const pcm = readFileSync(testPcm("cli-0.5s.pcm", 0.5, 11));
    const inWav = path.join(dir, "in.wav");
    writePcmOutput(inWav, pcm);
    assert.ok(readPcmInput(inWav).equals(pcm), "WAV round trip");
    const rep = path.join(dir, "report");
    const logs: string[] = [];
    const log = console.log;
    const write = process.stderr.write.bind(process.stderr);
    console.log = (m: string) => logs.push(String(m));
    process.stderr.write = ((m: string) => (logs.push(String(m)), true)) as typeof process.stderr.write;
    let code: number;
    try {
      code = await main(["sim", "--fixture", "--no-cmsis", "--board", "m4f", "--board", "a53", "--in", inWav, "--out", path.join(dir, "out.wav"), "--report", rep]);
    } finally {
      console.log = log;
      process.stderr.write = write;
    }
    assert.equal(code, 0);
    assert.match(logs.join("\n"), /TEST FIXTURE/);
    assert.match(logs.join("\n"), /m4f\s+51 frames/);
    for (const b of ["m4f", "a53"]) {
      assert.equal(readPcmInput(path.join(dir, `out.${b}.wav`)).length, pcm.length);
      for (const f of [`${b}.report.json`, `${b}.report.md`, `${b}.cycles.svg`]) assert.ok(existsSync(path.join(rep, f)), f);
    }
    assert.match(readFileSync(path.join(rep, "boards.svg"), "utf8"), /m4f[\s\S]*a53/);
  });

  it("sim --network-macs: the payload is booked to the network with its MAC per frame; a bad count is refused", async () => {
    const dir = path.join(TMP, "cli-net");
    mkdirSync(dir, { recursive: true });
    const inWav = path.join(dir, "in.wav");
    writePcmOutput(inWav, readFileSync(testPcm("cli-0.5s.pcm", 0.5, 11)));
    const rep = path.join(dir, "report");
    const logs: string[] = [];
    const log = console.log;
    const err = console.error;
    const write = process.stderr.write.bind(process.stderr);
    console.log = (m: string) => logs.push(String(m));
    console.error = (m: string) => logs.push(String(m));
    process.stderr.write = ((m: string) => (logs.push(String(m)), true)) as typeof process.stderr.write;
    let code: number;
    let bad: number;
    try {
      code = await main(["sim", "--fixture", "--no-cmsis", "--board", "m4f", "--network-macs", "1234", "--network-name", "toy", "--in", inWav, "--report", rep]);
      bad = await main(["sim", "--fixture", "--no-cmsis", "--board", "m4f", "--network-macs", "12x", "--in", inWav]);
    } finally {
      console.log = log;
      console.error = err;
      process.stderr.write = write;
    }
    assert.equal(code, 0);
    const r = JSON.parse(readFileSync(path.join(rep, "m4f.report.json"), "utf8"));
    assert.equal(r.profile.network.model, "toy");
    assert.equal(r.profile.network.macsPerFrame, 1234);
    assert.equal(r.profile.parts["signal path"].cyclesPerFrame, 0);
    assert.ok(r.profile.parts.network.cyclesPerFrame > 0.9 * r.cycles.stats.mean, JSON.stringify(r.profile.parts));
    assert.match(logs.join("\n"), /network \d+ \([\d.]+ %\)\s+1234 MAC\/frame/);
    assert.equal(bad, 1);
    assert.match(logs.join("\n"), /--network-macs must be a positive integer, got "12x"/);
  });

  it("sim: a WAV that is not 48 kHz mono is refused with the reason", async () => {
    const dir = path.join(TMP, "cli");
    mkdirSync(dir, { recursive: true });
    const wav = new WaveFile();
    wav.fromScratch(2, 44100, "16", [new Int16Array(100), new Int16Array(100)]);
    const f = path.join(dir, "stereo.wav");
    writeFileSync(f, wav.toBuffer());
    const errs: string[] = [];
    const orig = console.error;
    console.error = (m: string) => errs.push(String(m));
    try {
      const write = process.stderr.write.bind(process.stderr);
      process.stderr.write = (() => true) as typeof process.stderr.write;
      try {
        assert.equal(await main(["sim", "--fixture", "--no-cmsis", "--in", f]), 1);
      } finally {
        process.stderr.write = write;
      }
    } finally {
      console.error = orig;
    }
    assert.match(errs.join("\n"), /2 channels; percepnet takes mono/);
  });

  it("sim without an input says how to give one (the payload defaults to the product)", async () => {
    const errs: string[] = [];
    const orig = console.error;
    console.error = (m: string) => errs.push(String(m));
    try {
      assert.equal(await main(["sim", "--board", "m4f"]), 1);
    } finally {
      console.error = orig;
    }
    assert.match(errs.join("\n"), /no input: percepnet sim --board B IN\.wav/);
  });

  it("the resolver prefers xPack's arm-none-eabi-gcc when its binaries are present", () => {
    const root = path.join(TMP, "fake-xpack-root");
    const bin = path.join(root, "xpacks", ".bin");
    mkdirSync(bin, { recursive: true });
    const gcc = path.join(bin, "arm-none-eabi-gcc");
    writeFileSync(gcc, "#!/bin/sh\necho 'arm-none-eabi-gcc (xPack GNU Arm Embedded GCC x86_64) 14.2.1'\n");
    chmodSync(gcc, 0o755);
    const t = armNoneEabi(root);
    assert.equal(t.source, "xpack");
    assert.equal(t.gcc, gcc);
    assert.match(t.version, /xPack/);
    assert.notEqual(armNoneEabi().source, "xpack", "this repository has no xPack toolchain installed");
  });
});
