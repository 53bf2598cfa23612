// Writs: a compact JWS, alg EdDSA, typ application/sae+jwt, kid the RFC 7638 thumbprint
// (writ/WritVerifier and writ/ClaimsCodec in exchange-protocol). The order never trusts what is
// not yet verified: size, spelling, header, key, signature (by jose), then the claims.

import { compactVerify, errors as joseErrors } from 'jose';
import { Fault, ProtocolError } from './faults.js';
import { ascii, base64url, sha256 } from './bytes.js';

export const WRIT_TYPE = 'application/sae+jwt';
export const MAX_COMPACT_LENGTH = 16 * 1024;
const HEADER_FIELDS = new Set(['alg', 'typ', 'kid']);
const TOP = ['iss', 'sub', 'act', 'pol', 'mod', 'iat', 'nbf', 'exp', 'jti', 'ctx', 'dom', 'cnt', 'rev'];
const ACT = ['op', 'tgt', 'prm', 'cls'];
const POL = ['adr', 'ver', 'blk', 'rh'];
const CTX = ['sid', 'pln', 'par', 'rsk', 'cls'];
// The one optional claim: a sender-constrained writ's cnf (RFC 7800), {"jkt": <RFC 7638 thumbprint>} (D61).
const OPTIONAL = 'cnf';
const CNF = ['jkt'];

const malformed = (detail) => new ProtocolError(Fault.MALFORMED, detail);
const invalid = (detail) => new ProtocolError(Fault.CLAIMS_INVALID, detail);

/** SHA-256 of the compact serialization's ASCII bytes: how receipts cite a writ. */
export const writHash = (compact) => sha256(ascii(compact));

/**
 * Each part must be the one base64url spelling of its bytes, or the same signed writ could travel
 * under many spellings, each with another hash.
 */
function requireCanonicalBase64Url(part) {
  if (!/^[A-Za-z0-9_-]*$/.test(part)) throw malformed('a writ part holds a character outside base64url');
  const bytes = base64url.decode(part);
  if (part.length % 4 === 1 || bytes === null || base64url.encode(bytes) !== part) {
    throw malformed('a writ part is not canonical base64url');
  }
}

function jsonObject(text) {
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : null;
}

function checkHeader(encoded) {
  const header = jsonObject(new TextDecoder().decode(base64url.decode(encoded)));
  if (header === null) throw malformed('the JOSE header is not a JSON object');
  if (header.alg !== 'EdDSA') {
    throw new ProtocolError(Fault.ALGORITHM_REJECTED, `only alg EdDSA is accepted, got ${header.alg ?? null}`);
  }
  for (const field of Object.keys(header)) {
    // jwk, jku, x5u, x5c would let the token name its own key; crit would oblige us to understand extensions.
    if (!HEADER_FIELDS.has(field)) throw new ProtocolError(Fault.TYPE_REJECTED, `JOSE header field not accepted: ${field}`);
  }
  if (header.typ !== WRIT_TYPE) {
    throw new ProtocolError(Fault.TYPE_REJECTED, `typ must be ${WRIT_TYPE}, got ${header.typ ?? null}`);
  }
  if (typeof header.kid !== 'string') throw malformed('the JOSE header has no kid');
  if (header.kid.length !== 43) throw malformed('a key id is 43 base64url characters');
  if (base64url.decode(header.kid) === null) throw malformed('a key id is base64url');
  return header.kid;
}

const LONG_MIN = -(1n << 63n);
const LONG_MAX = (1n << 63n) - 1n;

/**
 * Whether every number in the JSON text is an integer literal that fits a Java long. The Java side
 * reads `5.0`, `5e0` and larger values as doubles, which no claim accepts; JSON.parse would make
 * them integers, so they are looked at in the text.
 */
function onlyLongLiterals(text) {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      const token = /^-?[0-9.eE+-]*/.exec(text.slice(i))[0];
      if (!/^-?(0|[1-9][0-9]*)$/.test(token) || BigInt(token) < LONG_MIN || BigInt(token) > LONG_MAX) return false;
      i += token.length - 1;
    }
  }
  return true;
}

function only(json, allowed, where, optional = null) {
  for (const key of Object.keys(json)) {
    if (!allowed.includes(key) && key !== optional) throw invalid(`unknown claim ${where}.${key}`);
  }
  for (const key of allowed) {
    if (!Object.hasOwn(json, key)) throw invalid(`missing claim ${where}.${key}`);
  }
}

function object(json, name) {
  const value = json[name];
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value;
  throw invalid(`${name} must be an object`);
}

function text(json, name) {
  if (typeof json[name] === 'string') return json[name];
  throw invalid(`${name} must be a string`);
}

function number(json, name) {
  const value = json[name];
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  throw invalid(`${name} must be an integer`);
}

/** The last second a time claim may name, 9999-12-31T23:59:59Z; the first is the epoch (ClaimsCodec.MAX_TIME_SECONDS). */
export const MAX_TIME_SECONDS = 253402300799;

function time(json, name) {
  const seconds = number(json, name);
  if (seconds < 0 || seconds > MAX_TIME_SECONDS) {
    throw invalid(`${name} must be a time from 1970 to the end of 9999 in seconds, got ${seconds}`);
  }
  return seconds;
}

/** cnf.jkt as ClaimsCodec reads it: 43 characters, the canonical base64url of 32 bytes; undefined without cnf. */
function confirmationKey(json) {
  if (!Object.hasOwn(json, OPTIONAL)) return undefined;
  const cnf = object(json, OPTIONAL);
  only(cnf, CNF, OPTIONAL);
  const jkt = text(cnf, 'jkt');
  const bytes = jkt.length === 43 && /^[A-Za-z0-9_-]*$/.test(jkt) ? base64url.decode(jkt) : null;
  if (bytes === null || bytes.length !== 32 || base64url.encode(bytes) !== jkt) {
    throw invalid('cnf.jkt must be an RFC 7638 thumbprint: 43 canonical base64url characters');
  }
  return jkt;
}

/** Strict claims: unknown, missing or mistyped ones are refused (ClaimsCodec). */
function claimsOf(json) {
  only(json, TOP, 'claims', OPTIONAL);
  const act = object(json, 'act');
  only(act, ACT, 'act');
  const pol = object(json, 'pol');
  only(pol, POL, 'pol');
  const ctx = object(json, 'ctx');
  only(ctx, CTX, 'ctx');
  const prm = object(act, 'prm');
  for (const [key, value] of Object.entries(prm)) {
    if (typeof value !== 'string') throw invalid(`act.prm.${key} must be a string`);
  }
  const risk = number(ctx, 'rsk');
  if (risk < 0 || risk > 100) throw invalid('ctx.rsk must be 0..100');
  const claims = {
    iss: text(json, 'iss'),
    sub: text(json, 'sub'),
    act: { op: text(act, 'op'), tgt: text(act, 'tgt'), prm: { ...prm }, cls: text(act, 'cls') },
    pol: { adr: text(pol, 'adr'), ver: number(pol, 'ver'), blk: number(pol, 'blk'), rh: text(pol, 'rh') },
    mod: text(json, 'mod'),
    iat: time(json, 'iat'),
    nbf: time(json, 'nbf'),
    exp: time(json, 'exp'),
    jti: text(json, 'jti'),
    ctx: { sid: text(ctx, 'sid'), pln: text(ctx, 'pln'), par: text(ctx, 'par'), rsk: risk, cls: text(ctx, 'cls') },
    dom: text(json, 'dom'),
    cnt: text(json, 'cnt'),
    rev: number(json, 'rev'),
  };
  const jkt = confirmationKey(json);
  if (jkt !== undefined) claims.cnf = { jkt };
  return claims;
}

/**
 * Authentic and well-formed, whatever the time (an audit of a writ long expired): the writ's
 * claims and signing key id, or a typed refusal.
 */
export async function authenticateWrit(compact, keys) {
  if (!compact) throw malformed('no writ given');
  if (compact.length > MAX_COMPACT_LENGTH) {
    throw new ProtocolError(Fault.OVERSIZED, `a writ is at most ${MAX_COMPACT_LENGTH} characters, got ${compact.length}`);
  }
  const parts = compact.split('.');
  if (parts.length !== 3) throw malformed(`a compact JWS has 3 parts, got ${parts.length}`);
  parts.forEach(requireCanonicalBase64Url);
  const kid = checkHeader(parts[0]);
  const entry = keys.find(kid);
  if (!entry) throw new ProtocolError(Fault.UNKNOWN_KEY, `writ signed by unknown key ${kid}`);
  let payload;
  try {
    ({ payload } = await compactVerify(compact, entry.key.cryptoKey, { algorithms: ['EdDSA'] }));
  } catch (e) {
    if (e instanceof joseErrors.JWSSignatureVerificationFailed) {
      throw new ProtocolError(Fault.BAD_SIGNATURE, `writ signature does not hold under key ${kid}`);
    }
    if (e instanceof joseErrors.JOSEError) {
      throw new ProtocolError(Fault.BAD_SIGNATURE, `writ signature cannot be checked: ${e.message}`);
    }
    throw e;
  }
  const text = new TextDecoder().decode(payload);
  const json = jsonObject(text);
  if (json === null) throw invalid("the writ's payload is not a JSON object");
  if (!onlyLongLiterals(text)) throw invalid('a claim that must be an integer is not a whole number that fits 64 bits');
  const claims = claimsOf(json);
  if (entry.domain !== claims.dom) {
    throw new ProtocolError(Fault.KEY_MISMATCH, `writ claims domain ${claims.dom} but key ${kid} belongs to ${entry.domain}`);
  }
  if (!(claims.nbf < claims.exp) || claims.iat > claims.nbf) {
    throw invalid('writ window is inconsistent (iat <= nbf < exp)');
  }
  return { compact, claims, keyId: kid, hash: await writHash(compact) };
}
