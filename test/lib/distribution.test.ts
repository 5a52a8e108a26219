// percepnet lib: the distribution for the host and for m4f, written to folders outside the repository,
// exports only pn_ symbols, and the example program built from the distribution alone (plain cc,
// pkg-config, CMake, the vendored sources with flags.txt; m4f linked with the distribution's startup
// and memory map and run under QEMU) gives the bytes of `percepnet denoise --engine host`.
import * as assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { WaveFile } from "../../sim/audio/pcm.ts";
import { loadBoard } from "../../sim/boards.ts";
import { armNoneEabi, qemu } from "../../sim/c-build/toolchain.ts";
import { archiveGlobals, type LibraryManifest } from "../../sim/c-build/library.ts";

const BIN = path.resolve("bin/percepnet.mjs");

/** 2 s and a partial frame of a deterministic noisy chirp: framing, padding and the delay all show. */
function noisyWav(): Buffer {
  let seed = 12345;
  const n = 2 * 48000 + 123;
  const x = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const noise = ((seed >>> 8) / 2 ** 24 - 0.5) * 3000;
    x[i] = Math.round(6000 * Math.sin((2 * Math.PI * (200 + i / 200) * i) / 48000) * (i % 24000 < 14000 ? 1 : 0.05) + noise);
  }
  const w = new WaveFile();
  w.fromScratch(1, 48000, "16", x);
  return Buffer.from(w.toBuffer());
}

function has(cmd: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
}

describe("percepnet lib: a distribution a product links or vendors", function () {
  this.timeout(600_000);
  let work: string;
  let host: string;
  let m4f: string;
  let input: string;
  let reference: Buffer;

  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "pn-lib-"));
    host = path.join(work, "dist-host");
    m4f = path.join(work, "dist-m4f");
    input = path.join(work, "noisy.wav");
    fs.writeFileSync(input, noisyWav());
    execFileSync("node", [BIN, "denoise", input, path.join(work, "ref.wav"), "--engine", "host"], { stdio: "pipe" });
    reference = fs.readFileSync(path.join(work, "ref.wav"));
    execFileSync("node", [BIN, "lib", "--board", "host", "--out", host], { stdio: "pipe" });
    execFileSync("node", [BIN, "lib", "--board", "m4f", "--model", "headset", "--out", m4f], { stdio: "pipe" });
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  const manifest = (dir: string): LibraryManifest => JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8"));

  it("has the headers, archive, pkg-config and CMake files, sources, flags, example, README and licences", () => {
    for (const dir of [host, m4f])
      for (const f of ["include/percepnet.h", "include/pn_config.h", "lib/libpercepnet.a", "lib/pkgconfig/percepnet.pc", "lib/cmake/percepnet/percepnet-config.cmake", "sources.txt", "flags.txt", "examples/pn_denoise_file.c", "README.md", "LICENSE", "LICENSES.md", "manifest.json"])
        assert.ok(fs.existsSync(path.join(dir, f)), `${dir}: no ${f}`);
    assert.ok(fs.existsSync(path.join(m4f, "lib/libcmsisdsp.a")) && fs.existsSync(path.join(m4f, "examples/m4f/link.ld")));
    const readme = fs.readFileSync(path.join(m4f, "README.md"), "utf8");
    const m = manifest(m4f);
    for (const s of [String(m.stateBytes), "pn_process_frame", String(m.memory.flashPercepnet), "cycles per 10 ms frame", m.model.sha256["model.bin"]]) assert.ok(readme.includes(s), `README lacks ${s}`);
    for (const s of fs.readFileSync(path.join(m4f, "sources.txt"), "utf8").trim().split("\n")) assert.ok(fs.existsSync(path.join(m4f, s)), s);
  });

  it("every global symbol the archives define starts with pn_ (nm)", () => {
    for (const [dir, nm] of [[host, "nm"], [m4f, armNoneEabi().nm]] as const) {
      const syms = archiveGlobals(nm, path.join(dir, "lib/libpercepnet.a"));
      assert.ok(syms.length > 50 && syms.includes("pn_process_frame") && syms.includes("pn_init"), `${syms.length} symbols`);
      assert.deepEqual(syms.filter((s) => !s.startsWith("pn_")), [], `${dir}: symbols without pn_`);
      assert.equal(manifest(dir).archive.globalSymbols, syms.length);
    }
  });

  it("host: the example built against the distribution alone gives denoise's bytes (WAV and raw), and PN_STATE_BYTES == pn_state_size()", () => {
    const exe = path.join(work, "ex-host");
    execFileSync("gcc", ["-std=c99", "-O2", "-Wall", "-Wextra", "-Werror", "-I", "include", "examples/pn_denoise_file.c", "lib/libpercepnet.a", "-o", exe], { cwd: host });
    execFileSync(exe, [input, path.join(work, "ex.wav")]);
    assert.ok(fs.readFileSync(path.join(work, "ex.wav")).equals(reference), "WAV output differs from percepnet denoise");
    fs.writeFileSync(path.join(work, "noisy.raw"), fs.readFileSync(input).subarray(44));
    execFileSync(exe, [path.join(work, "noisy.raw"), path.join(work, "ex.raw")]);
    assert.ok(fs.readFileSync(path.join(work, "ex.raw")).equals(reference.subarray(44)), "raw output differs");
    const probe = path.join(work, "state.c");
    fs.writeFileSync(probe, '#include <stdio.h>\n#include "percepnet.h"\nint main(void) { printf("%u %u\\n", (unsigned)PN_STATE_BYTES, (unsigned)pn_state_size()); return 0; }\n');
    execFileSync("gcc", ["-I", path.join(host, "include"), probe, path.join(host, "lib/libpercepnet.a"), "-o", probe + ".exe"]);
    const [a, b] = execFileSync(probe + ".exe", { encoding: "utf8" }).trim().split(" ").map(Number);
    assert.equal(a, b);
    assert.equal(a, manifest(host).stateBytes);
  });

  it("host: pkg-config and CMake (find_package, percepnet::percepnet) build the same example", function () {
    if (!has("pkg-config") || !has("cmake")) this.skip();
    const flags = execFileSync("pkg-config", ["--cflags", "--libs", "percepnet"], { encoding: "utf8", env: { ...process.env, PKG_CONFIG_PATH: path.join(host, "lib/pkgconfig") } }).trim().split(/\s+/);
    const exe = path.join(work, "ex-pc");
    execFileSync("gcc", [path.join(host, "examples/pn_denoise_file.c"), ...flags, "-o", exe]);
    execFileSync(exe, [input, path.join(work, "pc.wav")]);
    assert.ok(fs.readFileSync(path.join(work, "pc.wav")).equals(reference), "pkg-config build differs");

    const proj = path.join(work, "cmake-app");
    fs.mkdirSync(proj);
    fs.writeFileSync(
      path.join(proj, "CMakeLists.txt"),
      `cmake_minimum_required(VERSION 3.13)\nproject(app C)\nfind_package(percepnet CONFIG REQUIRED PATHS "${host}/lib/cmake/percepnet" NO_DEFAULT_PATH)\nadd_executable(app "${host}/examples/pn_denoise_file.c")\ntarget_link_libraries(app PRIVATE percepnet::percepnet)\n`,
    );
    execFileSync("cmake", ["-S", proj, "-B", path.join(proj, "build")], { stdio: "pipe" });
    execFileSync("cmake", ["--build", path.join(proj, "build")], { stdio: "pipe" });
    execFileSync(path.join(proj, "build/app"), [input, path.join(work, "cmake.wav")]);
    assert.ok(fs.readFileSync(path.join(work, "cmake.wav")).equals(reference), "CMake build differs");
  });

  it("host: the vendored sources compiled with flags.txt give the same bytes", () => {
    const flags = fs.readFileSync(path.join(host, "flags.txt"), "utf8").split("\n").filter((l) => l && !l.startsWith("#"));
    const sources = fs.readFileSync(path.join(host, "sources.txt"), "utf8").trim().split("\n");
    const exe = path.join(work, "ex-vendored");
    execFileSync("gcc", [...flags, ...sources, "examples/pn_denoise_file.c", "-o", exe], { cwd: host });
    execFileSync(exe, [input, path.join(work, "vendored.wav")]);
    assert.ok(fs.readFileSync(path.join(work, "vendored.wav")).equals(reference), "vendored build differs");
  });

  it("m4f: the example linked against the distribution runs under QEMU and gives denoise's bytes", () => {
    const m = manifest(m4f);
    const board = loadBoard("m4f");
    const cc = armNoneEabi();
    const elf = path.join(work, "ex-m4f.elf");
    const cpu = m.cflags.filter((f) => f.startsWith("-m"));
    execFileSync(cc.gcc, [...cpu, "-std=c99", "-O2", "-DPN_SEMIHOSTING=1", "-I", "include", "examples/pn_denoise_file.c", "examples/m4f/startup_cm.c", "-T", "examples/m4f/link.ld",
      "--specs=rdimon.specs", "-nostartfiles", "-Wl,--gc-sections", "lib/libpercepnet.a", "lib/libcmsisdsp.a", "-o", elf], { cwd: m4f });
    const run = path.join(work, "qemu-run");
    fs.mkdirSync(run);
    fs.copyFileSync(input, path.join(run, "in.wav"));
    const args = ["-M", board.sim!.machine!, "-nographic", "-monitor", "none", "-serial", "none", "-semihosting-config", "enable=on,target=native", "-kernel", elf];
    if (board.sim!.cpu) args.unshift("-cpu", board.sim!.cpu);
    const r = spawnSync(qemu(board.sim!.qemu).path, args, { cwd: run, timeout: 300_000 });
    assert.equal(r.status, 0, `QEMU exit ${r.status}: ${r.stderr}`);
    assert.ok(fs.readFileSync(path.join(run, "out.wav")).equals(reference), "m4f output differs from percepnet denoise");
  });

  it("--model m7 carries the m7 model: the manifest and README name it and its hash, the state is the m7 network's", () => {
    const out = path.join(work, "m7");
    const r = spawnSync("node", [BIN, "lib", "--board", "host", "--model", "m7", "--out", out, "--json"], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    const m = JSON.parse(r.stdout);
    assert.equal(m.model.name, "m7");
    assert.equal(m.model.dir, "models/trained/m7");
    assert.match(m.model.modelSha256, /^[0-9a-f]{64}$/);
    assert.ok(fs.readFileSync(path.join(out, "README.md"), "utf8").includes(m.model.modelSha256));
    const headset = JSON.parse(fs.readFileSync(path.join(host, "manifest.json"), "utf8"));
    assert.ok(m.stateBytes > headset.stateBytes, `m7 state ${m.stateBytes} bytes, headset ${headset.stateBytes}`);
    fs.rmSync(out, { recursive: true, force: true });
  });

  it("refuses a model that does not exist and a folder that is not a distribution, writing nothing", () => {
    const other = path.join(work, "other");
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, "mine.txt"), "keep me");
    const r1 = spawnSync("node", [BIN, "lib", "--board", "host", "--out", other], { encoding: "utf8" });
    assert.equal(r1.status, 1);
    assert.match(r1.stderr, /not a percepnet distribution/);
    assert.deepEqual(fs.readdirSync(other), ["mine.txt"]);
    const r2 = spawnSync("node", [BIN, "lib", "--board", "host", "--model", "tiny", "--out", path.join(work, "tiny")], { encoding: "utf8" });
    assert.equal(r2.status, 1);
    assert.match(r2.stderr, /^percepnet: error: --model tiny: no such model/);
    assert.ok(!fs.existsSync(path.join(work, "tiny")));
    assert.deepEqual(fs.readdirSync(work).filter((f) => f.includes(".tmp-")), []);
  });
});
