// Evidence records (evidence/EvidenceRecords): a signed EvidenceBody, the record hash SHA-256
// of the body bytes, checked under a key of the domain the body names.

import { Fault, ProtocolError } from './faults.js';
import { equal, sha256 } from './bytes.js';
import { Purpose } from './keys.js';
import { parse } from './protobuf.js';
import { EvidenceBody, EvidenceKind, enumName } from './schema.js';

/** A record is a small header around a hash; anything larger is not one of ours. */
const MAX_RECORD_BYTES = 4 * 1024;

export function describe(body) {
  return `${enumName(EvidenceKind, body.kind)} record ${body.domain}/${body.lane}#${body.seq}`;
}

/** Checks the record's signature under a key of its domain and that {@code payload} is what it commits to. */
export async function openWithPayload(record, payload, keys) {
  const bodyBytes = record?.body ?? new Uint8Array(0);
  const body = parse(EvidenceBody, bodyBytes, MAX_RECORD_BYTES, 'evidence body');
  if (body.domain === '' || body.lane === '') throw new ProtocolError(Fault.MALFORMED, 'evidence body names no domain or lane');
  if (body.prev_hash.length !== 32 || body.payload_hash.length !== 32) {
    throw new ProtocolError(Fault.MALFORMED, 'evidence body hashes must be 32 bytes');
  }
  await keys.require(body.key_id, body.domain).verify(Purpose.EVIDENCE_RECORD, bodyBytes, record?.signature ?? new Uint8Array(0));
  if (!equal(await sha256(payload), body.payload_hash)) {
    throw new ProtocolError(Fault.PAYLOAD_MISMATCH, `payload of ${describe(body)} does not match its payload hash`);
  }
  return { body, hash: await sha256(bodyBytes) };
}
