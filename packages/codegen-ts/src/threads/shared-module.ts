/**
 * The shared-memory variant of a kernel module: the same bytes with its one import, `env.memory`,
 * declared shared (limits flag 0x03, at least 1 page, at most 65536 pages: every shared memory a
 * class creates fits). A shared WebAssembly.Memory can only be imported as shared, so a class that
 * may run on several threads needs both variants; it embeds the plain bytes and builds the shared ones
 * from `SharedSplice` (the import section's range and its replacement) when it creates the memory.
 */
import { uleb } from "../wasm/encode.ts";

export interface SharedSplice {
  /** Byte range [start, end) of the import section (id, size and body) in the plain module. */
  readonly start: number;
  readonly end: number;
  /** The import section declaring a shared memory. */
  readonly section: readonly number[];
}

const IMPORT_SECTION = 2;
const MEMORY_KIND = 0x02;
const SHARED_LIMITS = [0x03, ...uleb(1), ...uleb(65536)];

/** Reads an unsigned LEB128 at `at`: its value and the offset after it. */
function readUleb(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  let shift = 0;
  let i = at;
  for (;;) {
    const b = bytes[i++];
    if (b === undefined) throw new Error("wasm: truncated LEB128");
    value += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [value, i];
    shift += 7;
  }
}

/** Where the plain module's import section is and what replaces it; throws unless its only import is a memory. */
export function sharedSplice(bytes: Uint8Array): SharedSplice {
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at]!;
    const [size, body] = readUleb(bytes, at + 1);
    const end = body + size;
    if (id === IMPORT_SECTION) {
      const [count, first] = readUleb(bytes, body);
      if (count !== 1) throw new Error(`wasm: the kernel module must import exactly one memory, found ${count} imports`);
      let p = first;
      for (let field = 0; field < 2; field++) {
        const [len, text] = readUleb(bytes, p);
        p = text + len;
      }
      if (bytes[p] !== MEMORY_KIND) throw new Error("wasm: the kernel module's import is not a memory");
      const newBody = [...bytes.subarray(body, p + 1), ...SHARED_LIMITS];
      return { start: at, end, section: [IMPORT_SECTION, ...uleb(newBody.length), ...newBody] };
    }
    at = end;
  }
  throw new Error("wasm: the kernel module has no import section");
}

/** The module with its memory import declared shared. */
export function sharedModule(bytes: Uint8Array): Uint8Array {
  const s = sharedSplice(bytes);
  return new Uint8Array([...bytes.subarray(0, s.start), ...s.section, ...bytes.subarray(s.end)]);
}
