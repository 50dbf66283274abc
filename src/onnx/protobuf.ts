// The little of Protocol Buffers that an ONNX linear model needs, written by hand so that linwasm
// carries no dependency: varints, length-delimited fields (strings, bytes, nested messages) and
// fixed 32/64-bit fields, encoded and decoded (https://protobuf.dev/programming-guides/encoding/).

const VARINT = 0;
const FIXED64 = 1;
const LENGTH = 2;
const FIXED32 = 5;

/** Builds one message: fields are appended in the order written (ONNX readers accept any order). */
export class ProtoWriter {
  private parts: Uint8Array[] = [];
  private size = 0;

  /** An integer field (int32, int64, enum, bool) ≥ 0. */
  varint(field: number, value: number): this {
    this.tag(field, VARINT);
    this.raw(encodeVarint(value));
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, LENGTH);
    this.raw(encodeVarint(value.length));
    this.raw(value);
    return this;
  }

  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  /** A single float field (fixed32). */
  float(field: number, value: number): this {
    this.tag(field, FIXED32);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.raw(b);
    return this;
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  private tag(field: number, wire: number): void {
    this.raw(encodeVarint(field * 8 + wire));
  }

  private raw(bytes: Uint8Array): void {
    this.parts.push(bytes);
    this.size += bytes.length;
  }
}

function encodeVarint(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`protobuf: cannot encode ${value} as a varint`);
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Uint8Array.from(out);
}

/** One decoded field: a varint (as a number), or the bytes of a length-delimited or fixed field. */
export type FieldValue = { wire: 0; value: number } | { wire: 1 | 2 | 5; bytes: Uint8Array };

/** A decoded message: its fields by number, repeated fields in order. */
export class ProtoMessage {
  constructor(readonly fields: Map<number, FieldValue[]>) {}

  /** Decodes a message. @throws TypeError for bytes that are not a well-formed message. */
  static decode(bytes: Uint8Array): ProtoMessage {
    const fields = new Map<number, FieldValue[]>();
    let at = 0;
    const varint = (): number => {
      let result = 0;
      let scale = 1;
      for (let i = 0; i < 10; i++) {
        if (at >= bytes.length) throw new TypeError('protobuf: truncated varint');
        const b = bytes[at++];
        result += (b & 0x7f) * scale;
        if (b < 0x80) return result;
        scale *= 0x80;
      }
      throw new TypeError('protobuf: varint longer than 10 bytes');
    };
    while (at < bytes.length) {
      const key = varint();
      const field = Math.floor(key / 8);
      const wire = key % 8;
      let value: FieldValue;
      if (wire === VARINT) value = { wire, value: varint() };
      else if (wire === FIXED64 || wire === FIXED32 || wire === LENGTH) {
        const length = wire === FIXED64 ? 8 : wire === FIXED32 ? 4 : varint();
        if (at + length > bytes.length) throw new TypeError('protobuf: a field runs past the end of the message');
        value = { wire, bytes: bytes.subarray(at, at + length) };
        at += length;
      } else {
        throw new TypeError(`protobuf: unsupported wire type ${wire} (field ${field})`);
      }
      if (field < 1) throw new TypeError('protobuf: field number 0');
      const list = fields.get(field);
      if (list) list.push(value);
      else fields.set(field, [value]);
    }
    return new ProtoMessage(fields);
  }

  has(field: number): boolean {
    return this.fields.has(field);
  }

  /** The last value of a varint field (protobuf's rule for repeated scalars), or `fallback`. */
  int(field: number, fallback = 0): number {
    const list = this.fields.get(field);
    const last = list?.[list.length - 1];
    return last?.wire === VARINT ? last.value : fallback;
  }

  string(field: number, fallback = ''): string {
    const list = this.fields.get(field);
    const last = list?.[list.length - 1];
    return last && last.wire === LENGTH ? new TextDecoder().decode(last.bytes) : fallback;
  }

  strings(field: number): string[] {
    return this.lengthDelimited(field).map((b) => new TextDecoder().decode(b));
  }

  bytes(field: number): Uint8Array | null {
    const list = this.lengthDelimited(field);
    return list.length ? list[list.length - 1] : null;
  }

  messages(field: number): ProtoMessage[] {
    return this.lengthDelimited(field).map((b) => ProtoMessage.decode(b));
  }

  message(field: number): ProtoMessage | null {
    const list = this.messages(field);
    return list.length ? list[list.length - 1] : null;
  }

  /** A repeated int field, packed or not. */
  ints(field: number): number[] {
    const out: number[] = [];
    for (const v of this.fields.get(field) ?? []) {
      if (v.wire === VARINT) out.push(v.value);
      else if (v.wire === LENGTH) {
        const inner = ProtoMessage.decode(packedAsFields(v.bytes));
        for (const x of inner.fields.get(1) ?? []) if (x.wire === VARINT) out.push(x.value);
      }
    }
    return out;
  }

  /** A repeated float (fixed32) or double (fixed64) field, packed or not. */
  reals(field: number, width: 4 | 8): number[] {
    const out: number[] = [];
    for (const v of this.fields.get(field) ?? []) {
      if (v.wire === VARINT) continue;
      const b = v.bytes;
      const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
      if (b.length % width !== 0) throw new TypeError(`protobuf: ${b.length} bytes are not whole ${width}-byte values`);
      for (let at = 0; at < b.length; at += width) {
        out.push(width === 4 ? view.getFloat32(at, true) : view.getFloat64(at, true));
      }
    }
    return out;
  }

  private lengthDelimited(field: number): Uint8Array[] {
    return (this.fields.get(field) ?? []).flatMap((v) => (v.wire === LENGTH ? [v.bytes] : []));
  }
}

/** Packed varints re-tagged as repeated field 1, so the message decoder reads them. */
function packedAsFields(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  let i = 0;
  while (i < bytes.length) {
    out.push(0x08);
    do out.push(bytes[i]);
    while (bytes[i++] >= 0x80 && i < bytes.length);
  }
  return Uint8Array.from(out);
}
