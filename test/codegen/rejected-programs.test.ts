// Every rejected program gets exactly the diagnostics it declares, at the declared positions, and
// nothing else.
//
// How a fixture in test/fixtures/subset/reject/ declares what it expects:
//   - A line that should carry diagnostics ends with a comment `// expect: PNxxxx [PNyyyy …]`.
//   - The same line holds one marker comment `/*@*/` per expected code, in the same order: the
//     expected column is the column (1-based) of the first character after the marker, which is
//     where the offending construct starts. A marker is mandatory, so every column is checked.
//   - The expected line is the line of the comment. A diagnostic at any other line, column or
//     code, a missing one, or a second one at the same place fails the test.
// Markers are comments, so they do not move the diagnostic: a node's start skips leading comments.
//
// docs/subset.md is checked against RULES too: every code in RULES appears in the doc's table,
// the doc names no other code, every code has at least one rejected fixture, and every prelude
// builtin is listed with its C mapping.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { checkFiles, RULES } from "../../codegen/src/index.ts";

const DIR = path.resolve("test/fixtures/subset/reject");
const MULTI = path.join(DIR, "multi/three-violations.ts");
const DOC = path.resolve("docs/subset.md");
const fixtures = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith(".ts"))
  .sort();

interface Expected {
  line: number;
  col: number;
  code: string;
}

const MARKER = "/*@*/";

/** The diagnostics a fixture declares, from its `// expect:` comments and `/*@*\/` markers. */
function expectedDiagnostics(file: string): Expected[] {
  const out: Expected[] = [];
  const lines = fs.readFileSync(file, "utf8").split("\n");
  lines.forEach((text, i) => {
    const m = /\/\/ expect:((?:\s+PN\d{4})+)\s*$/.exec(text);
    const cols: number[] = [];
    for (let at = text.indexOf(MARKER); at >= 0; at = text.indexOf(MARKER, at + 1)) cols.push(at + MARKER.length + 1);
    if (!m) {
      if (cols.length > 0) throw new Error(`${file}:${i + 1}: a ${MARKER} marker without an \`// expect:\` comment`);
      return;
    }
    const codes = m[1].trim().split(/\s+/);
    if (codes.length !== cols.length)
      throw new Error(`${file}:${i + 1}: ${codes.length} expected code(s) but ${cols.length} ${MARKER} marker(s)`);
    codes.forEach((code, k) => out.push({ line: i + 1, col: cols[k], code }));
  });
  return out;
}

const key = (d: Expected): string => `${d.line}:${d.col} ${d.code}`;

/** The checker's diagnostics for one file, and a listing of them for failure messages. */
function check(file: string): { got: Expected[]; listing: string } {
  const diags = checkFiles([file]).diagnostics;
  for (const d of diags)
    assert.equal(path.resolve(d.file), path.resolve(file), `a diagnostic in another file: ${d.file}:${d.line}:${d.col} ${d.code} ${d.message}`);
  return {
    got: diags.map((d) => ({ line: d.line, col: d.col, code: d.code })),
    listing: diags.map((d) => `  ${d.line}:${d.col} ${d.code} ${d.message}`).join("\n"),
  };
}

describe(`rejected programs (${fixtures.length}): each reports exactly its declared diagnostics`, function () {
  it(`has at least 30 rejected programs (found ${fixtures.length})`, function () {
    assert.ok(fixtures.length >= 30, `only ${fixtures.length} rejected programs`);
  });

  for (const f of fixtures) {
    it(f.replace(/\.ts$/, ""), function () {
      const file = path.join(DIR, f);
      const want = expectedDiagnostics(file).map(key).sort();
      assert.ok(want.length > 0, `${f} declares no expected diagnostic`);
      const { got, listing } = check(file);
      assert.deepEqual(got.map(key).sort(), want, `${f}: diagnostics differ; the checker said:\n${listing}`);
    });
  }

  it("each rejected program violates one rule: its expected diagnostics share one code", function () {
    for (const f of fixtures) {
      const codes = new Set(expectedDiagnostics(path.join(DIR, f)).map((d) => d.code));
      assert.equal(codes.size, 1, `${f} expects ${[...codes].join(", ")}`);
    }
  });

  it("a file with three violations reports three diagnostics, in source order", function () {
    const want = expectedDiagnostics(MULTI);
    assert.equal(want.length, 3);
    const diags = checkFiles([MULTI]).diagnostics;
    assert.equal(diags.length, 3, diags.map((d) => `${d.line}:${d.col} ${d.code} ${d.message}`).join("\n"));
    assert.deepEqual(
      diags.map((d) => ({ line: d.line, col: d.col, code: d.code })),
      want,
    );
    for (const d of diags) {
      // Each message says what is wrong and what to write instead.
      assert.ok(d.message.includes(" — "), d.message);
      assert.ok(d.message.endsWith(RULES[d.code].fix), d.message);
    }
  });

  it("the marker parser rejects a fixture whose markers and codes do not pair up", function () {
    const tmp = path.join(DIR, "multi/.bad-markers.tmp.ts");
    fs.writeFileSync(tmp, "export const x = 1; // expect: PN1001\n");
    try {
      assert.throws(() => expectedDiagnostics(tmp), /1 expected code\(s\) but 0/);
    } finally {
      fs.rmSync(tmp);
    }
  });

  it("every code in RULES has a rejected fixture", function () {
    const covered = new Set(fixtures.flatMap((f) => expectedDiagnostics(path.join(DIR, f)).map((d) => d.code)));
    const missing = Object.keys(RULES).filter((c) => !covered.has(c));
    assert.deepEqual(missing, [], `codes without a rejected fixture: ${missing.join(", ")}`);
  });
});

describe("docs/subset.md matches the checker's RULES", function () {
  const doc = fs.existsSync(DOC) ? fs.readFileSync(DOC, "utf8") : "";
  /** Codes in the rejected-constructs table: rows whose first cell is a code. */
  const tableCodes = [...doc.matchAll(/^\|\s*`?(PN\d{4})`?\s*\|/gm)].map((m) => m[1]);

  it("docs/subset.md exists and has a table of diagnostic codes", function () {
    assert.ok(doc.length > 0, "docs/subset.md is missing");
    assert.ok(tableCodes.length > 0, "no `| PNxxxx |` rows in docs/subset.md");
  });

  it("every code in RULES is in the doc's table, once", function () {
    for (const code of Object.keys(RULES)) {
      const n = tableCodes.filter((c) => c === code).length;
      assert.equal(n, 1, `${code} appears ${n} times in the table of docs/subset.md`);
    }
  });

  it("every code the doc mentions is in RULES and has a rejected fixture", function () {
    const covered = new Set(fixtures.flatMap((f) => expectedDiagnostics(path.join(DIR, f)).map((d) => d.code)));
    const mentioned = new Set([...doc.matchAll(/PN\d{4}/g)].map((m) => m[0]));
    for (const code of mentioned) {
      assert.ok(code in RULES, `docs/subset.md mentions ${code}, which RULES does not have`);
      assert.ok(covered.has(code), `docs/subset.md mentions ${code}, which no rejected fixture tests`);
    }
  });

  it("every prelude builtin and constant is in the intrinsics tables with its C mapping", function () {
    const { prelude } = checkFiles([MULTI]).cx;
    const section = doc.slice(doc.indexOf("## Intrinsics"));
    assert.ok(doc.includes("## Intrinsics"), "docs/subset.md has no Intrinsics section");
    const rowOf = (name: string): string | undefined => section.split("\n").find((l) => l.startsWith(`| \`${name}\` |`));
    for (const fn of prelude.functions.values()) {
      const row = rowOf(fn.name);
      assert.ok(row, `docs/subset.md has no row for the builtin ${fn.name}`);
      const c = fn.c.kind === "call" ? fn.c.name : fn.c.kind === "cast" ? `(${fn.c.ctype})` : fn.c.text;
      assert.ok(row.includes(c), `${fn.name}: the row does not name its C mapping ${c}`);
      for (const w of fn.writes) assert.ok(row.includes(`@writes ${w}`), `${fn.name}: the row does not say @writes ${w}`);
    }
    for (const k of prelude.consts.values()) {
      const row = rowOf(k.name);
      assert.ok(row, `docs/subset.md has no row for the constant ${k.name}`);
      assert.ok(k.c.kind === "const" && row.includes(k.c.text), `${k.name}: the row does not name its C mapping`);
    }
  });

  it("the programs each row names exist and expect that row's code", function () {
    let rows = 0;
    for (const row of doc.split("\n")) {
      const m = /^\|\s*`?(PN\d{4})`?\s*\|.*\|\s*([^|]*?)\s*\|\s*$/.exec(row);
      if (!m) continue;
      rows++;
      const names = m[2].split(",").map((n) => n.trim()).filter((n) => n.length > 0);
      assert.ok(names.length > 0, `${m[1]}: the row names no rejected program`);
      for (const n of names) {
        const file = path.join(DIR, `${n}.ts`);
        assert.ok(fs.existsSync(file), `${m[1]}: ${n}.ts does not exist`);
        assert.ok(expectedDiagnostics(file).some((d) => d.code === m[1]), `${m[1]}: ${n}.ts does not expect it`);
      }
    }
    assert.equal(rows, Object.keys(RULES).length);
  });

  it("each table row states the rule's text as RULES does", function () {
    for (const [code, rule] of Object.entries(RULES)) {
      const row = doc.split("\n").find((l) => new RegExp(`^\\|\\s*\`?${code}\`?\\s*\\|`).test(l));
      assert.ok(row, `no row for ${code}`);
      const plain = (s: string): string => s.replace(/\\\|/g, "|").replace(/\s+/g, " ");
      assert.ok(plain(row).includes(plain(rule.what)), `${code}: the row does not state "${rule.what}"`);
    }
  });
});
