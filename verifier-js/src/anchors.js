// Anchor batches (anchor/AnchorBatches, invariant 5): an RFC 9162 root over contiguous lane
// ranges, signed by the domain. Sizes and sequence numbers are Java longs (BigInt, wrapped as
// the Java side's arithmetic wraps).

import { Fault, ProtocolError } from './faults.js';
import { Purpose } from './keys.js';
import { leafHash, verifyInclusion as verifyMerkleInclusion } from './merkle.js';
import { parse } from './protobuf.js';
import { AnchorBatch } from './schema.js';

const MAX_BATCH_BYTES = 64 * 1024;
const MAX_PATH = 64;
const long = (v) => BigInt.asIntN(64, v);
const rangeSize = (range) => long(long(range.last_seq - range.first_seq) + 1n);

/** Checks the domain's signature over the batch and its shape; returns the parsed batch. */
export async function openBatch(signed, keys) {
  const bytes = signed.batch;
  const batch = parse(AnchorBatch, bytes, MAX_BATCH_BYTES, 'anchor batch');
  await keys.require(signed.key_id, batch.domain).verify(Purpose.ANCHOR_BATCH, bytes, signed.signature);
  let covered = 0n;
  for (const range of batch.ranges) {
    if (range.last_seq < range.first_seq) {
      throw new ProtocolError(Fault.ANCHOR_INVALID, `batch ${batch.batch_seq} has a backwards range`);
    }
    covered = long(covered + rangeSize(range));
  }
  if (covered !== batch.tree_size || batch.root.length !== 32) {
    throw new ProtocolError(Fault.ANCHOR_INVALID,
      `batch ${batch.batch_seq} ranges cover ${covered} records but its tree has ${batch.tree_size}`);
  }
  return batch;
}

/** Where the record (lane, seq) sits among the batch's leaves. */
function leafIndexOf(batch, lane, seq) {
  let offset = 0n;
  for (const range of batch.ranges) {
    if (range.lane === lane && seq >= range.first_seq && seq <= range.last_seq) return long(offset + long(seq - range.first_seq));
    offset = long(offset + rangeSize(range));
  }
  throw new ProtocolError(Fault.ANCHOR_INVALID, `batch ${batch.batch_seq} does not cover ${lane}#${seq}`);
}

/** The proof must be for the leaf where the batch's ranges put the record, and lead to the batch's root. */
export async function verifyInclusion(batch, lane, seq, recordHash, proof) {
  const expected = leafIndexOf(batch, lane, seq);
  if (proof.batch_seq !== batch.batch_seq || proof.leaf_index !== expected || proof.tree_size !== batch.tree_size) {
    throw new ProtocolError(Fault.INCLUSION_PROOF_INVALID, `proof for ${lane}#${seq} names leaf ${proof.leaf_index} of `
      + `${proof.tree_size} in batch ${proof.batch_seq}; the batch puts it at leaf ${expected} of ${batch.tree_size}`);
  }
  if (proof.path.length > MAX_PATH) {
    throw new ProtocolError(Fault.INCLUSION_PROOF_INVALID, 'inclusion path longer than any tree allows');
  }
  await verifyMerkleInclusion(await leafHash(recordHash), proof.leaf_index, proof.tree_size, proof.path, batch.root);
}
