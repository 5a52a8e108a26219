// The setup's toolchain check (`percepnet doctor`, run by scripts/setup.sh) must catch a toolchain
// that is installed but cannot build: issue 14's gcc-aarch64-linux-gnu without its libc headers.
// Each broken toolchain here is a wrapper put first on PATH, which the one resolver then finds.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT } from "../../sim/c-build/toolchain.ts";

const CLI = path.join(REPO_ROOT, "bin", "percepnet.mjs");

function doctor(fakeDir?: string) {
  const env = { ...process.env, PATH: fakeDir ? `${fakeDir}${path.delimiter}${process.env.PATH}` : process.env.PATH };
  const r = spawnSync(process.execPath, [CLI, "doctor"], { cwd: REPO_ROOT, env, encoding: "utf8", timeout: 180_000 });
  return { status: r.status, out: (r.stdout ?? "") + (r.stderr ?? "") };
}

function fake(dir: string, name: string, body: string) {
  const p = path.join(dir, name);
  writeFileSync(p, `#!/bin/sh\n${body}\n`);
  chmodSync(p, 0o755);
}

describe("setup's toolchain check (percepnet doctor)", function () {
  this.timeout(300_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), "pn-fake-tc-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("passes with the installed toolchains, one line per toolchain", () => {
    const r = doctor();
    assert.equal(r.status, 0, r.out);
    for (const what of ["host C compiler", "arm-none-eabi-gcc for m4f", "arm-none-eabi-gcc for m55", "aarch64-linux-gnu-gcc for a53", "qemu-aarch64 runs the a53 binary", "qemu-system-arm has the boards' machines", "clang --target=wasm32 and wasm-ld"])
      assert.match(r.out, new RegExp(`^ok +${what.replace(/[()]/g, "\\$&")}`, "m"), what);
  });

  it("fails, naming the toolchain and libc6-dev-arm64-cross, when aarch64-linux-gnu-gcc cannot find its libc headers", () => {
    // the compiler of issue 14: present, but <string.h> and <stdio.h> are not found
    fake(dir, "aarch64-linux-gnu-gcc", `exec /usr/bin/aarch64-linux-gnu-gcc -nostdinc "$@"`);
    const r = doctor(dir);
    assert.equal(r.status, 1, r.out);
    assert.match(r.out, /^FAIL +aarch64-linux-gnu-gcc for a53 .*\n +install Debian's packages: apt-get install gcc-aarch64-linux-gnu libc6-dev-arm64-cross/m);
    assert.match(r.out, /stdio\.h|string\.h/);
    assert.match(r.out, /^ok +arm-none-eabi-gcc for m4f/m, "only the broken toolchain fails");
  });

  it("fails, naming newlib's package, when arm-none-eabi-gcc cannot link against newlib", () => {
    fake(dir, "arm-none-eabi-gcc", `exec /usr/bin/arm-none-eabi-gcc -nostdlib "$@"`);
    const r = doctor(dir);
    assert.equal(r.status, 1, r.out);
    assert.match(r.out, /^FAIL +arm-none-eabi-gcc for m4f \(newlib\).*\n +install Debian's packages: apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi/m);
  });

  it("fails when qemu-aarch64 does not run the A53 binary, naming qemu-user", () => {
    fake(dir, "qemu-aarch64", "exit 0");
    const r = doctor(dir);
    assert.equal(r.status, 1, r.out);
    assert.match(r.out, /^FAIL +qemu-aarch64 runs the a53 binary.*\n +install Debian's package: apt-get install qemu-user/m);
  });

  it("fails when the host C compiler is missing its libc headers", () => {
    fake(dir, "gcc", `exec /usr/bin/gcc -nostdinc "$@"`);
    const r = doctor(dir);
    assert.equal(r.status, 1, r.out);
    assert.match(r.out, /^FAIL +host C compiler.*\n +install Debian's packages: apt-get install gcc libc6-dev/m);
  });
});

describe("README's setup package list", () => {
  it("names exactly the Debian packages scripts/setup.sh installs", () => {
    const script = readFileSync(path.join(REPO_ROOT, "scripts", "setup.sh"), "utf8");
    const fromScript = script.match(/^APT_PACKAGES=\(([^)]*)\)/m)![1].trim().split(/\s+/);
    const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    const block = readme.match(/<!-- apt-packages -->([\s\S]*?)<!-- \/apt-packages -->/)![1];
    const fromReadme = [...block.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    assert.deepEqual(fromReadme, fromScript);
    assert.ok(fromScript.includes("libc6-dev-arm64-cross"), "the A53 build's libc headers (issue 14)");
  });
});
