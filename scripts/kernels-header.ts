// Writes firmware/runtime/pn_kernels.h from the kernel table (codegen/src/kernel-table.ts: the
// prelude's signatures and the folders of firmware/kernels/): never edit the header by hand.
//   npx tsx scripts/kernels-header.ts           write it
//   npx tsx scripts/kernels-header.ts --check   exit 1 if it differs from the table
// firmware/kernels/kernel-table.test.ts checks that the committed header is up to date.
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { RUNTIME_DIR } from "../codegen/src/host-build.ts";
import { kernelsHeader, kernelTable } from "../codegen/src/kernel-table.ts";

export const KERNELS_HEADER = path.join(RUNTIME_DIR, "pn_kernels.h");

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = kernelsHeader(kernelTable());
  const rel = path.relative(process.cwd(), KERNELS_HEADER);
  if (process.argv.includes("--check")) {
    if (fs.readFileSync(KERNELS_HEADER, "utf8") !== text) {
      console.error(`${rel} is out of date with spec/prelude.ts and firmware/kernels/: run npx tsx scripts/kernels-header.ts`);
      process.exit(1);
    }
    console.log(`${rel}: up to date`);
  } else {
    fs.writeFileSync(KERNELS_HEADER, text);
    console.log(`wrote ${rel}`);
  }
}
