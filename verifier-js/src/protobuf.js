// Protobuf wire-format decoding for the few writ.v1 messages a bundle verifier reads
// (exchange-protocol/src/main/protobuf/writ/v1/writ.proto), with protobuf-java's parsing rules:
// unknown fields and fields of an unexpected wire type are skipped, a repeated scalar may come
// packed or not, a singular message met twice is merged, proto3 strings must be UTF-8, and
// anything truncated or ill-formed is a MALFORMED refusal. Signed bytes stay the exact bytes
// carried (docs/architecture.md, "Signatures cover exact bytes"); nothing is re-serialized.

import { Fault, ProtocolError } from './faults.js';
import { concat } from './bytes.js';

const RECURSION_LIMIT = 100;
const utf8 = new TextDecoder('utf-8', { fatal: true });

const VARINT = 0;
const FIXED64 = 1;
const LEN = 2;
const START_GROUP = 3;
const END_GROUP = 4;
const FIXED32 = 5;

/** Field types; int64-like values are BigInt, signed as a Java long, as the Java verifier compares them. */
export const T = Object.freeze({
  STRING: 'string', BYTES: 'bytes', UINT32: 'uint32', INT32: 'int32', ENUM: 'enum',
  UINT64: 'uint64', INT64: 'int64', MESSAGE: 'message', MAP_STRING: 'map<string,string>',
});

function malformed(what, detail) {
  return new ProtocolError(Fault.MALFORMED, `${what} is not valid protobuf: ${detail}`);
}

class Reader {
  constructor(bytes, what) {
    this.bytes = bytes;
    this.pos = 0;
    this.what = what;
  }

  done() {
    return this.pos >= this.bytes.length;
  }

  varint() {
    let result = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.bytes.length) throw malformed(this.what, 'truncated varint');
      const b = this.bytes[this.pos++];
      result |= BigInt(b & 0x7f) << BigInt(7 * i);
      if ((b & 0x80) === 0) return BigInt.asUintN(64, result);
    }
    throw malformed(this.what, 'varint longer than 10 bytes');
  }

  take(n) {
    if (n < 0 || this.pos + n > this.bytes.length) throw malformed(this.what, 'truncated field');
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  lengthDelimited() {
    const len = this.varint();
    // protobuf-java reads the length as a 32-bit int: anything that does not fit is negative, refused.
    if (len > 0x7fffffffn) throw malformed(this.what, 'negative length');
    return this.take(Number(len));
  }

  /** Skips one field's value; groups are skipped to their matching end. */
  skip(wireType, fieldNumber, depth) {
    switch (wireType) {
      case VARINT: this.varint(); return;
      case FIXED64: this.take(8); return;
      case LEN: this.lengthDelimited(); return;
      case FIXED32: this.take(4); return;
      case START_GROUP: {
        if (depth >= RECURSION_LIMIT) throw malformed(this.what, 'nested too deeply');
        for (;;) {
          if (this.done()) throw malformed(this.what, 'truncated group');
          const [number, type] = this.tag();
          if (type === END_GROUP) {
            if (number !== fieldNumber) throw malformed(this.what, 'mismatched end group');
            return;
          }
          this.skip(type, number, depth + 1);
        }
      }
      default: throw malformed(this.what, `invalid wire type ${wireType}`);
    }
  }

  tag() {
    const tag = this.varint();
    if (tag > 0xffffffffn) throw malformed(this.what, 'invalid tag');
    const number = Number(tag >> 3n);
    const type = Number(tag & 7n);
    if (number === 0) throw malformed(this.what, 'invalid tag (zero)');
    if (type > 5) throw malformed(this.what, `invalid wire type ${type}`);
    return [number, type];
  }
}

function wireTypeOf(type) {
  switch (type) {
    case T.STRING: case T.BYTES: case T.MESSAGE: case T.MAP_STRING: return LEN;
    default: return VARINT;
  }
}

function scalar(type, raw) {
  switch (type) {
    case T.UINT32: case T.INT32: case T.ENUM: return Number(BigInt.asIntN(32, raw));
    case T.UINT64: case T.INT64: return BigInt.asIntN(64, raw);
    default: throw new Error(`not a varint type: ${type}`);
  }
}

function text(bytes, what) {
  try {
    return utf8.decode(bytes);
  } catch {
    throw malformed(what, 'a string field is not valid UTF-8');
  }
}

/** The default value of a field that is absent, as protobuf-java's getters give it. */
export function defaultOf(field) {
  if (field.repeated) return [];
  switch (field.type) {
    case T.STRING: return '';
    case T.BYTES: return new Uint8Array(0);
    case T.UINT32: case T.INT32: case T.ENUM: return 0;
    case T.UINT64: case T.INT64: return 0n;
    case T.MESSAGE: return undefined;
    case T.MAP_STRING: return new Map();
    default: throw new Error(`unknown field type ${field.type}`);
  }
}

const MAP_ENTRY = {
  name: 'MapEntry',
  fields: { 1: { name: 'key', type: T.STRING }, 2: { name: 'value', type: T.STRING } },
};

function decodeMessage(schema, bytes, what, depth) {
  if (depth > RECURSION_LIMIT) throw malformed(what, 'nested too deeply');
  const reader = new Reader(bytes, what);
  const out = {};
  const pendingMessages = new Map();
  for (const field of Object.values(schema.fields)) out[field.name] = defaultOf(field);
  while (!reader.done()) {
    const [number, wireType] = reader.tag();
    if (wireType === END_GROUP) throw malformed(what, 'unexpected end group');
    const field = schema.fields[number];
    const packed = field && field.repeated && wireTypeOf(field.type) === VARINT && wireType === LEN;
    if (!field || (wireType !== wireTypeOf(field.type) && !packed)) {
      reader.skip(wireType, number, depth);
      continue;
    }
    if (packed) {
      const inner = new Reader(reader.lengthDelimited(), what);
      while (!inner.done()) out[field.name].push(scalar(field.type, inner.varint()));
      continue;
    }
    switch (field.type) {
      case T.STRING: {
        const value = text(reader.lengthDelimited(), what);
        if (field.repeated) out[field.name].push(value); else out[field.name] = value;
        break;
      }
      case T.BYTES: {
        const value = reader.lengthDelimited().slice();
        if (field.repeated) out[field.name].push(value); else out[field.name] = value;
        break;
      }
      case T.MESSAGE: {
        const value = reader.lengthDelimited();
        if (field.repeated) {
          out[field.name].push(decodeMessage(field.schema, value, what, depth + 1));
        } else {
          // A singular message seen twice is merged, which is parsing the concatenation.
          pendingMessages.set(field.name, [...(pendingMessages.get(field.name) ?? []), value]);
        }
        break;
      }
      case T.MAP_STRING: {
        const entry = decodeMessage(MAP_ENTRY, reader.lengthDelimited(), what, depth + 1);
        out[field.name].set(entry.key, entry.value);
        break;
      }
      default: {
        const value = scalar(field.type, reader.varint());
        if (field.repeated) out[field.name].push(value); else out[field.name] = value;
      }
    }
  }
  for (const [name, parts] of pendingMessages) {
    const field = Object.values(schema.fields).find((f) => f.name === name);
    out[name] = decodeMessage(field.schema, concat(...parts), what, depth + 1);
  }
  return out;
}

/**
 * Parses {@code bytes} as {@code schema}, at most {@code maxBytes} long (Wire.parse in Java):
 * OVERSIZED before parsing, MALFORMED when the bytes are not the message.
 */
export function parse(schema, bytes, maxBytes, what) {
  if (bytes === undefined || bytes === null) throw new ProtocolError(Fault.MALFORMED, `${what}: no bytes`);
  if (maxBytes !== undefined && bytes.length > maxBytes) {
    throw new ProtocolError(Fault.OVERSIZED, `${what} is at most ${maxBytes} bytes, got ${bytes.length}`);
  }
  return decodeMessage(schema, bytes, what, 0);
}
