/**
 * How the CLI fails: one line `percepnet: error: …` on stderr and a non-zero exit, whatever went
 * wrong (bad input, unwritable output, a compiler or QEMU failure, a bug). The stack and any
 * further lines of the message (compiler output) only with --debug or PERCEPNET_DEBUG=1.
 */
export const DEBUG_FLAG = "--debug";

/** Take --debug out of argv (it may appear anywhere); true when it was there or PERCEPNET_DEBUG is set. */
export function takeDebugFlag(argv: string[]): boolean {
  const at = argv.indexOf(DEBUG_FLAG);
  if (at >= 0) argv.splice(at, 1);
  return at >= 0 || !!process.env.PERCEPNET_DEBUG;
}

let debug = !!process.env.PERCEPNET_DEBUG;
export function setDebug(on: boolean): void {
  debug = on;
}

function messageOf(e: unknown): string {
  if (e instanceof RangeError && /call stack/.test(e.message)) return "input nested too deeply for this tool (stack overflow)";
  const m = e instanceof Error ? e.message : String(e);
  return m.trim() || (e as Error)?.constructor?.name || "unknown failure";
}

/** Report a failure and set the exit status. */
export function reportFailure(e: unknown, exitCode = 1): void {
  const m = messageOf(e);
  const [first, ...rest] = m.split("\n");
  console.error(`percepnet: error: ${first}${rest.some((l) => l.trim()) && !debug ? " (more with --debug)" : ""}`);
  if (debug) {
    if (rest.length) console.error(rest.join("\n"));
    if (e instanceof Error && e.stack) console.error(e.stack);
  }
  process.exitCode = exitCode;
}

/**
 * A reader that stops early (`percepnet boards | head -1`) closes the pipe: the next write fails
 * with EPIPE. That is the reader's choice, not a failure: stop quietly with status 0, as a
 * program killed by SIGPIPE would stop (children and temporary files go with the exit handlers).
 */
export function exitQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr])
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code !== "EPIPE") throw e;
      process.exit(0);
    });
}
