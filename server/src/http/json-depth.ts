// How deeply a JSON text nests, found as its bytes arrive, without parsing it. JSON.parse and
// everything that walks its result recurse, so a body of a few megabytes of '[' can hold the event
// loop for seconds or overflow the stack; this scanner stops at the first bracket past the limit.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;

/**
 * Whether bytes[0, end) holds at most `max` opening brackets ('[' or '{', strings included): a JSON
 * text that does cannot nest deeper than `max`. Counted with Buffer#indexOf (memchr) — for a small
 * inference body this is a few native calls, where scanning every byte in JavaScript cost more
 * instructions than the rest of the request's own code.
 */
export function fewOpenings(bytes: Buffer, end: number, max: number): boolean {
  const arrays = countUpTo(bytes, OPEN_ARRAY, end, max);
  return arrays <= max && countUpTo(bytes, OPEN_OBJECT, end, max - arrays) <= max - arrays;
}

/** Occurrences of `byte` in bytes[0, end), counted until one past `limit`. */
function countUpTo(bytes: Buffer, byte: number, end: number, limit: number): number {
  let n = 0;
  for (let i = bytes.indexOf(byte); i >= 0 && i < end; i = bytes.indexOf(byte, i + 1)) {
    if (++n > limit) break;
  }
  return n;
}

/**
 * Follows the nesting of a JSON text fed to it in pieces. Brackets need not balance: a text that is
 * not JSON is left for the parser to refuse.
 */
export class DepthScanner {
  private depth = 0;
  private inString = false;
  /** The previous piece ended inside a string, on a backslash. */
  private escaped = false;
  /** Bytes scanned so far. */
  private offset = 0;

  constructor(private readonly maxDepth: number) {}

  /**
   * Scans the next piece of the text.
   * @returns the offset in the whole text of the first '[' or '{' (outside strings) that opens a
   * level deeper than maxDepth, or -1.
   */
  push(bytes: Uint8Array, start = 0, end = bytes.length): number {
    let { depth, inString } = this;
    let i = start;
    if (this.escaped) {
      this.escaped = false;
      i++;
    }
    for (; i < end; i++) {
      const c = bytes[i];
      if (inString) {
        if (c === BACKSLASH) {
          if (i + 1 === end) this.escaped = true;
          i++;
        } else if (c === QUOTE) {
          inString = false;
        }
      } else if (c === QUOTE) {
        inString = true;
      } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
        if (++depth > this.maxDepth) return this.offset + i - start;
      } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
        depth--;
      }
    }
    this.depth = depth;
    this.inString = inString;
    this.offset += end - start;
    return -1;
  }
}
