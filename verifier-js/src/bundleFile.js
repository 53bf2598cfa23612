// Proof bundles as bytes (bundle/BundleFiles): protobuf binary, or its proto3 JSON mapping as
// protobuf-java's JsonFormat parser reads it (strict: an unknown field is refused). The signed
// parts are bytes fields, base64 in JSON, so nothing signed is re-serialized.

import { Fault, ProtocolError } from './faults.js';
import { base64, base64url } from './bytes.js';
import { T, defaultOf, parse } from './protobuf.js';
import { ProofBundle } from './schema.js';

export const MAX_BYTES = 16 * 1024 * 1024;

class JsonMappingError extends Error {}

const INT_RANGES = {
  [T.UINT32]: [0n, (1n << 32n) - 1n, 32],
  [T.INT32]: [-(1n << 31n), (1n << 31n) - 1n, 32],
  [T.UINT64]: [0n, (1n << 64n) - 1n, 64],
  [T.INT64]: [-(1n << 63n), (1n << 63n) - 1n, 64],
};

/** An integer field: a JSON number or a string of one (integral decimals and exponents allowed, as in JsonFormat). */
function integer(type, value, name) {
  let n;
  if (typeof value === 'number' && Number.isInteger(value)) {
    n = BigInt(value);
  } else if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) {
    n = BigInt(value.trim());
  } else if (typeof value === 'string' && value.trim() !== '' && Number.isInteger(Number(value))) {
    n = BigInt(Number(value));
  } else {
    throw new JsonMappingError(`not an integer for ${name}: ${JSON.stringify(value)}`);
  }
  const [min, max, bits] = INT_RANGES[type];
  if (n < min || n > max) throw new JsonMappingError(`out of range for ${name}: ${value}`);
  return bits === 32 ? Number(BigInt.asIntN(32, n)) : BigInt.asIntN(64, n);
}

function scalarText(value, name) {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new JsonMappingError(`not a string for ${name}`);
}

function bytesOf(value, name) {
  const text = scalarText(value, name);
  const bytes = base64.decode(text) ?? base64url.decode(text);
  if (bytes === null) throw new JsonMappingError(`bad base64 for ${name}`);
  return bytes;
}

function fieldValue(field, value) {
  switch (field.type) {
    case T.STRING: return scalarText(value, field.name);
    case T.BYTES: return bytesOf(value, field.name);
    case T.MESSAGE: return fromJson(field.schema, value);
    default: return integer(field.type, value, field.name);
  }
}

function fromJson(schema, json) {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new JsonMappingError(`expected an object for ${schema.name}`);
  }
  const fields = Object.values(schema.fields);
  const out = {};
  const set = new Set();
  for (const field of fields) out[field.name] = defaultOf(field);
  for (const [key, value] of Object.entries(json)) {
    const field = fields.find((f) => f.jsonName === key || f.name === key);
    if (!field) throw new JsonMappingError(`cannot find field: ${key} in message writ.v1.${schema.name}`);
    if (set.has(field.name)) throw new JsonMappingError(`field writ.v1.${schema.name}.${field.name} has already been set`);
    set.add(field.name);
    if (value === null) continue;
    if (field.repeated) {
      if (!Array.isArray(value)) throw new JsonMappingError(`expected an array for ${field.name}`);
      out[field.name] = value.map((element) => {
        if (element === null) throw new JsonMappingError(`repeated field elements cannot be null in ${field.name}`);
        return fieldValue(field, element);
      });
    } else {
      out[field.name] = fieldValue(field, value);
    }
  }
  return out;
}

/** Character.isWhitespace for one byte, as BundleFiles.looksLikeJson applies it. */
const isWhitespace = (b) => (b >= 0x09 && b <= 0x0d) || (b >= 0x1c && b <= 0x20);

function looksLikeJson(bytes) {
  for (const b of bytes) {
    if (b === 0x7b) return true;
    if (!isWhitespace(b)) return false;
  }
  return false;
}

/**
 * A ProofBundle from a file's bytes, JSON or binary: OVERSIZED beyond {@link MAX_BYTES},
 * MALFORMED when the bytes are not a bundle.
 */
export function decodeBundle(bytes) {
  if (bytes.length > MAX_BYTES) throw new ProtocolError(Fault.OVERSIZED, `a bundle is at most ${MAX_BYTES} bytes`);
  if (!looksLikeJson(bytes)) return parse(ProofBundle, bytes, MAX_BYTES, 'proof bundle');
  try {
    return fromJson(ProofBundle, JSON.parse(new TextDecoder().decode(bytes)));
  } catch (e) {
    if (e instanceof JsonMappingError || e instanceof SyntaxError) {
      throw new ProtocolError(Fault.MALFORMED, `not a JSON proof bundle: ${e.message}`);
    }
    throw e;
  }
}
