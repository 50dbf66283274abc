// How deeply a JSON text nests, found without parsing it. JSON.parse and everything that walks its
// result recurse, so a body of a few megabytes of '[' can hold the event loop for seconds or overflow
// the stack; this scan stops at the first bracket past the limit, after reading that far only.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;

/**
 * The byte offset of the first '[' or '{' (outside strings) that opens a level deeper than
 * `maxDepth`, or -1 when the text never nests that deep. Brackets need not be balanced: a text that
 * is not JSON is left for the parser to refuse.
 */
export function tooDeepAt(bytes: Uint8Array, maxDepth: number, start = 0, end = bytes.length): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < end; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > maxDepth) return i;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--;
    }
  }
  return -1;
}
