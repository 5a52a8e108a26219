// Writes models/stream_config.json, the stream configuration (spec/config.ts) for Python, from the
// compiler's own output (codegen/src/stream-config.ts): never edit the JSON by hand.
//   npx tsx scripts/stream-config.ts           write it
//   npx tsx scripts/stream-config.ts --check   exit 1 if it differs from spec/config.ts
// test/codegen/stream-config.test.ts checks that the committed file is up to date.
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { compileFiles } from "../codegen/src/index.ts";
import { STREAM_CONFIG_JSON } from "../codegen/src/stream-config.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const STREAM_CONFIG_COMMITTED = path.join(ROOT, "models", "stream_config.json");

/** The JSON codegen writes for spec/config.ts. */
export function generatedStreamConfigJson(): string {
  return compileFiles([path.join(ROOT, "spec", "config.ts")]).files.get(STREAM_CONFIG_JSON)!;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const json = generatedStreamConfigJson();
  const rel = path.relative(process.cwd(), STREAM_CONFIG_COMMITTED);
  if (process.argv.includes("--check")) {
    const have = fs.existsSync(STREAM_CONFIG_COMMITTED) ? fs.readFileSync(STREAM_CONFIG_COMMITTED, "utf8") : "";
    if (have !== json) {
      console.error(`${rel} is out of date with spec/config.ts: run npx tsx scripts/stream-config.ts`);
      process.exit(1);
    }
    console.log(`${rel}: up to date`);
  } else {
    fs.writeFileSync(STREAM_CONFIG_COMMITTED, json);
    console.log(`wrote ${rel}`);
  }
}
