/**
 * Every output file (denoise, sim --out, reports, codegen) is written to a temporary file beside
 * its target and renamed over it only when complete: a failed or interrupted run (disk full,
 * SIGTERM) leaves the previous file as it was. Problems with the target (a folder, no write
 * permission, the input itself, no room) are found before any processing starts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { removeOnExit, release } from "../leftovers.ts";

export class OutputError extends Error {}

function describe(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${err.code}: ${err.message.replace(/^\w+: /, "")}` : String((e as Error).message ?? e);
}

/** The same file, by device and inode (so links and other spellings of the path count). */
function sameFile(a: string, b: string): boolean {
  const sa = fs.statSync(a, { throwIfNoEntry: false });
  const sb = fs.statSync(b, { throwIfNoEntry: false });
  return !!sa && !!sb && sa.dev === sb.dev && sa.ino === sb.ino;
}

/** Refuse an output that is one of the inputs (it would be replaced by its own result). */
export function refuseInputAsOutput(output: string, inputs: (string | undefined)[]): void {
  for (const i of inputs) if (i && sameFile(i, output)) throw new OutputError(`${output}: the output is the input ${i}; give another output file`);
}

/** A file being written beside its target: write(), then commit() renames it, abort() removes it. */
export class AtomicFile {
  readonly target: string;
  readonly tmp: string;
  private fd: number;
  private pos = 0;

  /** Opens the temporary file now, so an unwritable target fails before any work; expectBytes checks the free space. */
  constructor(target: string, expectBytes = 0) {
    this.target = path.resolve(target);
    const dir = path.dirname(this.target);
    const st = fs.statSync(this.target, { throwIfNoEntry: false });
    if (st?.isDirectory()) throw new OutputError(`${target}: is a folder (EISDIR); give a file name`);
    try {
      fs.mkdirSync(dir, { recursive: true });
    } catch (e) {
      throw new OutputError(`${target}: cannot create its folder (${describe(e)})`);
    }
    this.tmp = path.join(dir, `.${path.basename(this.target)}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`);
    try {
      this.fd = fs.openSync(this.tmp, "wx", st ? st.mode & 0o777 : 0o666);
    } catch (e) {
      throw new OutputError(`${target}: cannot write in ${dir} (${describe(e)})`);
    }
    removeOnExit(this.tmp);
    if (expectBytes > 0) {
      const fsStat = fs.statfsSync(dir);
      if (fsStat.bavail * fsStat.bsize < expectBytes) {
        this.abort();
        throw new OutputError(`${target}: ${expectBytes} bytes needed, ${fsStat.bavail * fsStat.bsize} free on its disk (ENOSPC)`);
      }
      // The last byte first: a file size limit (EFBIG) shows now, not after the processing.
      try {
        fs.writeSync(this.fd, new Uint8Array(1), 0, 1, expectBytes - 1);
      } catch (e) {
        this.abort();
        throw new OutputError(`${target}: cannot write ${expectBytes} bytes (${describe(e)})`);
      }
    }
  }

  write(data: Uint8Array): void {
    try {
      let done = 0;
      while (done < data.length) done += fs.writeSync(this.fd, data, done, data.length - done, this.pos + done);
      this.pos += data.length;
    } catch (e) {
      this.abort();
      throw new OutputError(`${this.target}: write failed (${describe(e)}); the previous file, if any, is unchanged`);
    }
  }

  /** Overwrite bytes already written (a header finished at the end). */
  writeAt(pos: number, data: Uint8Array): void {
    fs.writeSync(this.fd, data, 0, data.length, pos);
  }

  commit(): void {
    try {
      fs.closeSync(this.fd);
      this.fd = -1;
      fs.renameSync(this.tmp, this.target);
    } catch (e) {
      this.abort();
      throw new OutputError(`${this.target}: cannot finish (${describe(e)})`);
    }
    release(this.tmp);
  }

  abort(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
    fs.rmSync(this.tmp, { force: true });
    release(this.tmp);
  }
}

/** Write a whole file atomically. */
export function writeFileAtomic(target: string, data: string | Uint8Array): void {
  const f = new AtomicFile(target, typeof data === "string" ? Buffer.byteLength(data) : data.length);
  f.write(typeof data === "string" ? Buffer.from(data) : data);
  f.commit();
}
