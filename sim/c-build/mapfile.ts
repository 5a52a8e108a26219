/**
 * Flash/RAM contribution of each component (payload, CMSIS-DSP, harness, C library/runtime),
 * from the GNU ld map file (-Wl,-Map): every input section placed in an allocated output
 * section is attributed to the object or archive member it came from.
 */
import { readFileSync } from "node:fs";

export type Component = "payload" | "cmsis-dsp" | "harness" | "libc+runtime" | "fill";

export interface ComponentSizes {
  flash: Record<Component, number>;
  ram: Record<Component, number>;
}

const NON_ALLOC = /^\.(debug|comment|ARM\.attributes|stab|note\.gnu\.gold|gnu\.attributes)/;

function kindOf(outSec: string): "flash" | "ram" | "both" | null {
  if (NON_ALLOC.test(outSec)) return null;
  if (/^\.(bss|tbss|heap|stack|noinit)/.test(outSec)) return "ram";
  if (/^\.(data|tdata|got)/.test(outSec)) return "both";
  return "flash";
}

function componentOf(file: string): Component {
  if (file === "*fill*") return "fill";
  if (/\/payload_[^/]*\.o$/.test(file)) return "payload";
  if (file.includes("libcmsisdsp.a")) return "cmsis-dsp";
  if (/\/harness_[^/]*\.o$/.test(file)) return "harness";
  return "libc+runtime";
}

export function componentSizes(mapFile: string): ComponentSizes {
  const zero = (): Record<Component, number> => ({ payload: 0, "cmsis-dsp": 0, harness: 0, "libc+runtime": 0, fill: 0 });
  const out: ComponentSizes = { flash: zero(), ram: zero() };
  const text = readFileSync(mapFile, "utf8");
  const start = text.indexOf("Linker script and memory map");
  if (start < 0) return out;
  const lines = text.slice(start).split("\n");
  let outSec: string | null = null;
  let pendingInput: string | null = null;
  // Merged sections (e.g. .rodata.str1.4) list several inputs at one address, the first with the
  // merged size: count only bytes past the highest end seen so far in the output section.
  let end = 0;
  const add = (file: string, addr: number, rawSize: number) => {
    const size = Math.max(0, addr + rawSize - Math.max(addr, end));
    end = Math.max(end, addr + rawSize);
    if (!outSec || size === 0) return;
    const k = kindOf(outSec);
    if (!k) return;
    const c = componentOf(file);
    if (k === "flash" || k === "both") out.flash[c] += size;
    if (k === "ram" || k === "both") out.ram[c] += size;
  };
  for (const line of lines) {
    // Output section header: ".text  0x00000000  0x8910" (possibly "load address ...") or the name alone.
    let m = /^(\.[^\s]+)(?:\s+0x[0-9a-fA-F]+\s+0x[0-9a-fA-F]+)?/.exec(line);
    if (m && !line.startsWith(" ")) {
      outSec = m[1];
      pendingInput = null;
      end = 0;
      continue;
    }
    // Input section with address, size and file on one line.
    m = /^ (\*fill\*|\S+)\s+0x([0-9a-fA-F]+)\s+0x([0-9a-fA-F]+)\s+(.+)$/.exec(line);
    if (m) {
      add(m[1] === "*fill*" ? "*fill*" : m[4].trim(), parseInt(m[2], 16), parseInt(m[3], 16));
      pendingInput = null;
      continue;
    }
    m = /^ \*fill\*\s+0x([0-9a-fA-F]+)\s+0x([0-9a-fA-F]+)/.exec(line);
    if (m) {
      add("*fill*", parseInt(m[1], 16), parseInt(m[2], 16));
      continue;
    }
    // Input section name alone (long name), its address/size/file on the next line.
    m = /^ (\.\S+|COMMON)\s*$/.exec(line);
    if (m) {
      pendingInput = m[1];
      continue;
    }
    if (pendingInput) {
      m = /^\s+0x([0-9a-fA-F]+)\s+0x([0-9a-fA-F]+)\s+(.+)$/.exec(line);
      if (m) add(m[3].trim(), parseInt(m[1], 16), parseInt(m[2], 16));
      pendingInput = null;
    }
  }
  return out;
}

export interface TextSection {
  /** Input section name: ".text.<function>" under -ffunction-sections, ".text" for a whole object. */
  section: string;
  addr: number;
  size: number;
  /** Object file or "archive(member)" it came from. */
  file: string;
}

/**
 * Input sections placed in the output section .text, sorted by address, empty ones dropped. With
 * -ffunction-sections each payload function is its own section, which is what the flat profile
 * charges instructions to (a static function keeps its object, unlike a name lookup would).
 */
export function textSections(mapFile: string): TextSection[] {
  const text = readFileSync(mapFile, "utf8");
  const start = text.indexOf("Linker script and memory map");
  if (start < 0) return [];
  const out: TextSection[] = [];
  let inText = false;
  let pending: string | null = null;
  for (const line of text.slice(start).split("\n")) {
    const head = /^(\.[^\s]+)/.exec(line);
    if (head && !line.startsWith(" ")) {
      inText = head[1] === ".text";
      pending = null;
      continue;
    }
    if (!inText) continue;
    let m = /^ (\.text\S*)\s+0x([0-9a-fA-F]+)\s+0x([0-9a-fA-F]+)\s+(.+)$/.exec(line);
    if (m) {
      out.push({ section: m[1], addr: parseInt(m[2], 16), size: parseInt(m[3], 16), file: m[4].trim() });
      pending = null;
      continue;
    }
    m = /^ (\.text\S*)\s*$/.exec(line);
    if (m) {
      pending = m[1];
      continue;
    }
    if (pending) {
      m = /^\s+0x([0-9a-fA-F]+)\s+0x([0-9a-fA-F]+)\s+(.+)$/.exec(line);
      if (m) out.push({ section: pending, addr: parseInt(m[1], 16), size: parseInt(m[2], 16), file: m[3].trim() });
      pending = null;
    }
  }
  return out.filter((s) => s.size > 0).sort((a, b) => a.addr - b.addr);
}
