// The network description's schema (description.schema.json, format percepnet-nn/1) on the
// TypeScript side: every description a tool reads is checked against it (models/nn/description.py
// does the same in Python), and its types (description-types.ts) are generated from it.
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { Description } from "./description-types.ts";
import { assertSupported, check, type SchemaNode } from "./schema-check.ts";

export type * from "./description-types.ts";

export const DESCRIPTION_SCHEMA_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), "description.schema.json");
export const DESCRIPTION_SCHEMA = JSON.parse(fs.readFileSync(DESCRIPTION_SCHEMA_FILE, "utf8")) as SchemaNode & { properties: { format: { const: string } } };
assertSupported(DESCRIPTION_SCHEMA);
/** The description version this code reads (docs/nn.md). */
export const DESCRIPTION_FORMAT: string = DESCRIPTION_SCHEMA.properties.format.const;

/** A description that does not follow the schema: one line, "FILE: field: what is wrong". */
export class DescriptionError extends Error {}

/** The first way VALUE breaks the schema ("layers[3].fc.rows: expected an integer, got "32""), or undefined. */
export function descriptionProblem(value: unknown): string | undefined {
  return check(DESCRIPTION_SCHEMA, value);
}

/** The description in FILE, checked against the schema (DescriptionError otherwise). */
export function readDescription(file: string): Description {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new DescriptionError(`${file}: not JSON (${(e as Error).message.split("\n")[0]})`);
  }
  const problem = descriptionProblem(value);
  if (problem) throw new DescriptionError(`${file}: ${problem}`);
  return value as Description;
}
