// Ed25519 verifying keys and the key ring of one domain (crypto/VerifyingKey, KeyId, KeyRing,
// SignaturePurpose in exchange-protocol). Signatures are checked with WebCrypto.

import { Fault, ProtocolError } from './faults.js';
import { ascii, base64url, concat, sha256 } from './bytes.js';

export const KEY_LENGTH = 32;
const SIGNATURE_LENGTH = 64;

/**
 * What a signature is for: protocol artifacts are signed over a label, a zero byte and the exact
 * artifact bytes (SignaturePurpose), so one kind of artifact cannot be replayed as another.
 */
export const Purpose = Object.freeze({
  JOSE: null,
  EVIDENCE_RECORD: 'writ/v1/evidence-record',
  ANCHOR_BATCH: 'writ/v1/anchor-batch',
  STORY_MANIFEST: 'writ/v1/story-manifest',
});

function frame(purpose, message) {
  return purpose === null ? message : concat(ascii(purpose), new Uint8Array(1), message);
}

// ---------------------------------------------------------------- point validation
// BouncyCastle (the Java side) refuses a public key that is not a canonical encoding of a curve
// point, or is a point of small order; WebCrypto imports any 32 bytes. The same refusal here keeps
// the verdicts equal (keys.fingerprints fails on such a key).

const P = (1n << 255n) - 19n;
const mod = (a) => ((a % P) + P) % P;
function pow(base, exp) {
  let result = 1n;
  let b = mod(base);
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % P;
    b = (b * b) % P;
    e >>= 1n;
  }
  return result;
}
const inv = (a) => pow(a, P - 2n);
const D = mod(-121665n * inv(121666n));
const SQRT_M1 = pow(2n, (P - 1n) / 4n);

function decodePoint(raw) {
  const sign = raw[31] >> 7;
  let y = 0n;
  for (let i = 31; i >= 0; i--) y = (y << 8n) | BigInt(i === 31 ? raw[i] & 0x7f : raw[i]);
  if (y >= P) return null;
  const y2 = (y * y) % P;
  const u = mod(y2 - 1n);
  const v = mod(D * y2 + 1n);
  let x = (u * pow(v, 3n) % P) * pow(u * pow(v, 7n), (P - 5n) / 8n) % P;
  const vx2 = (v * x % P) * x % P;
  if (vx2 === mod(-u)) x = (x * SQRT_M1) % P;
  else if (vx2 !== u) return null;
  if (x === 0n && sign === 1) return null;
  if (Number(x & 1n) !== sign) x = P - x;
  return [x, y];
}

function double([x, y]) {
  const xy = (x * y) % P;
  const t = (D * xy % P) * xy % P;
  return [mod(2n * xy * inv(1n + t)), mod((y * y + x * x) * inv(1n - t))];
}

/** A canonical encoding of a point that is not of small order (BouncyCastle's partial validation). */
function isAcceptablePoint(raw) {
  const point = decodePoint(raw);
  if (point === null) return false;
  const [x8, y8] = double(double(double(point)));
  return !(x8 === 0n && y8 === 1n);
}

// ---------------------------------------------------------------- keys

/** The RFC 7638 thumbprint of an Ed25519 public key: its key id (KeyId). */
export async function thumbprint(raw) {
  return sha256(ascii(`{"crv":"Ed25519","kty":"OKP","x":"${base64url.encode(raw)}"}`));
}

export function keyIdText(bytes) {
  return base64url.encode(bytes);
}

/** Checks a key id is 32 bytes (KeyId.ofBytes): MALFORMED otherwise. */
export function requireKeyId(bytes) {
  if (!bytes || bytes.length !== 32) {
    throw new ProtocolError(Fault.MALFORMED, `a key id is 32 bytes, got ${bytes ? bytes.length : 'none'}`);
  }
  return bytes;
}

export class VerifyingKey {
  constructor(raw, id, cryptoKey) {
    this.raw = raw;
    this.id = id;
    this.idText = keyIdText(id);
    this.cryptoKey = cryptoKey;
  }

  /** A key from its raw 32 bytes (as in a JWK `x` or a DomainKey). */
  static async fromRaw(raw) {
    if (!raw || raw.length !== KEY_LENGTH) {
      throw new ProtocolError(Fault.MALFORMED, 'an Ed25519 public key is 32 bytes');
    }
    if (!isAcceptablePoint(raw)) throw new ProtocolError(Fault.MALFORMED, 'not an Ed25519 public key');
    const cryptoKey = await globalThis.crypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, true, ['verify']);
    return new VerifyingKey(raw, await thumbprint(raw), cryptoKey);
  }

  /** BAD_SIGNATURE unless the signature holds for the purpose over the exact bytes. */
  async verify(purpose, message, signature) {
    if (!signature || signature.length !== SIGNATURE_LENGTH) {
      throw new ProtocolError(Fault.BAD_SIGNATURE, 'an Ed25519 signature is 64 bytes');
    }
    const ok = await globalThis.crypto.subtle.verify({ name: 'Ed25519' }, this.cryptoKey, signature,
      frame(purpose, message));
    if (!ok) {
      throw new ProtocolError(Fault.BAD_SIGNATURE,
        `signature does not hold for ${purpose ?? 'JOSE'} under key ${this.idText}`);
    }
  }
}

/**
 * The keys a verifier trusts, each bound to its domain (invariant 8: cluster membership is not
 * trust). A signature counts for a domain only under a key registered to that domain.
 */
export class KeyRing {
  constructor(entries) {
    this.byId = new Map();
    for (const entry of entries) this.byId.set(entry.key.idText, entry);
  }

  find(idText) {
    return this.byId.get(idText);
  }

  /** The key with this id if it belongs to {@code domain}; UNKNOWN_KEY or KEY_MISMATCH otherwise. */
  require(idBytes, domain) {
    const id = keyIdText(requireKeyId(idBytes));
    const entry = this.byId.get(id);
    if (!entry) throw new ProtocolError(Fault.UNKNOWN_KEY, `no trusted key ${id}`);
    if (entry.domain !== domain) {
      throw new ProtocolError(Fault.KEY_MISMATCH, `key ${id} belongs to domain ${entry.domain}, not ${domain}`);
    }
    return entry.key;
  }

  get entries() {
    return [...this.byId.values()];
  }
}
