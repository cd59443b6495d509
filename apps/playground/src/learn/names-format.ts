/**
 * The names asset's file name, the names() arguments it is built with, and its header — one
 * definition for the build (build/names-pack.ts, build/names-plugin.ts) and the page (page-data.ts).
 * No imports: vite loads this file with its config, before any workspace package resolves.
 * Layout (little-endian): u32 headerBytes | header (UTF-8 JSON) | train x, y, mask | validation x, y, mask,
 * each part rows × context bytes.
 */
export const NAMES_FILE = "names.bin";

/** The only `names()` arguments the asset is built with (the source's defaults). */
export const NAMES_ARGS = { context: 16, val: 0.1, seed: 0 } as const;

export interface NamesHeader {
  readonly context: number;
  readonly val: number;
  readonly seed: number;
  readonly vocab: readonly string[];
  readonly trainRows: number;
  readonly validationRows: number;
  readonly bigram: number | null;
}

/** Bytes of the whole asset for a header of `headerBytes` bytes: 3 fields of context bytes per row. */
export function namesAssetBytes(headerBytes: number, h: Pick<NamesHeader, "context" | "trainRows" | "validationRows">): number {
  return 4 + headerBytes + 3 * h.context * (h.trainRows + h.validationRows);
}

/**
 * Decodes and checks only the header (the page's views need the vocabulary, not the rows): the args
 * must be NAMES_ARGS, and the buffer must hold exactly the rows the header promises.
 */
export function namesHeader(buf: ArrayBuffer): { header: NamesHeader; headerBytes: number } {
  if (buf.byteLength < 4) throw new Error(`${NAMES_FILE}: ${buf.byteLength} bytes, shorter than its header length`);
  const headerBytes = new DataView(buf).getUint32(0, true);
  if (4 + headerBytes > buf.byteLength) throw new Error(`${NAMES_FILE}: header of ${headerBytes} bytes in a file of ${buf.byteLength}`);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buf, 4, headerBytes))) as NamesHeader;
  for (const [k, v] of Object.entries(NAMES_ARGS)) {
    const got = header[k as keyof typeof NAMES_ARGS];
    if (got !== v) throw new Error(`${NAMES_FILE} was built with ${k} = ${String(got)}, the page serves ${k} = ${v}`);
  }
  if (!Array.isArray(header.vocab) || !Number.isInteger(header.trainRows) || !Number.isInteger(header.validationRows)) throw new Error(`${NAMES_FILE}: malformed header`);
  const want = namesAssetBytes(headerBytes, header);
  if (buf.byteLength !== want) throw new Error(`${NAMES_FILE}: ${buf.byteLength} bytes, its header promises ${want}`);
  return { header, headerBytes };
}
