#!/usr/bin/env node
// The percepnet CLI. The project is TypeScript run through tsx, so users need no build step.
import { register } from "tsx/esm/api";
register();
await import("./cli.ts");
