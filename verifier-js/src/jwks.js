// Pinned keys: a JWK Set of one domain's Ed25519 public keys (cli/TrustedKeys and
// KeyEncoding.verifyingKeyFromJwk in Java). Keys of a type nimbus does not know are skipped as it
// skips them; a key that is not OKP Ed25519, or whose kid is not its thumbprint, is KEY_MISMATCH.

import { Fault, ProtocolError } from './faults.js';
import { base64url } from './bytes.js';
import { KeyRing, VerifyingKey } from './keys.js';

export const MAX_JWKS_BYTES = 1024 * 1024;
const KNOWN_TYPES = new Set(['EC', 'RSA', 'oct', 'OKP']);
const OKP_CURVES = new Set(['Ed25519', 'Ed448', 'X25519', 'X448']);

const malformed = (detail) => new ProtocolError(Fault.MALFORMED, `not a JWK Set: ${detail}`);
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

async function keyOf(jwk, position) {
  if (jwk.kty !== 'OKP') throw new ProtocolError(Fault.KEY_MISMATCH, `not an OKP Ed25519 JWK: ${jwk.kty}`);
  if (typeof jwk.crv !== 'string' || typeof jwk.x !== 'string' || !OKP_CURVES.has(jwk.crv)) {
    throw malformed(`invalid JWK at position ${position}`);
  }
  if (jwk.crv !== 'Ed25519') throw new ProtocolError(Fault.KEY_MISMATCH, `not an OKP Ed25519 JWK: ${jwk.kty} ${jwk.crv}`);
  const raw = base64url.decode(jwk.x);
  if (raw === null) throw malformed(`invalid JWK at position ${position}: x is not base64url`);
  const key = await VerifyingKey.fromRaw(raw);
  if (jwk.kid !== undefined && jwk.kid !== key.idText) {
    throw new ProtocolError(Fault.KEY_MISMATCH, `the JWK's kid ${jwk.kid} is not the key's thumbprint ${key.idText}`);
  }
  return key;
}

/** The keys of a JWK Set's text, each bound to {@code domain}: the verifier's pinned KeyRing. */
export async function readJwks(text, domain) {
  if (text.length > MAX_JWKS_BYTES) throw new ProtocolError(Fault.OVERSIZED, 'larger than a key set can be');
  let set;
  try {
    set = JSON.parse(text);
  } catch (e) {
    throw malformed(e.message);
  }
  if (!isObject(set) || !Array.isArray(set.keys)) throw malformed('missing JSON object member with key "keys"');
  const entries = [];
  for (const [position, jwk] of set.keys.entries()) {
    if (!isObject(jwk)) throw malformed('the "keys" JSON array must contain JSON objects only');
    if (typeof jwk.kty !== 'string') throw malformed(`invalid JWK at position ${position}: missing kty`);
    if (KNOWN_TYPES.has(jwk.kty)) entries.push({ domain, key: await keyOf(jwk, position) });
  }
  return new KeyRing(entries);
}
