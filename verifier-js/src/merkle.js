// RFC 9162 Merkle inclusion proofs (section 2.1.3.2, step by step), written afresh for this
// verifier; the Java one is merkle/MerkleVerifier. Indices and sizes are BigInt (uint64 on the wire).

import { Fault, ProtocolError } from './faults.js';
import { concat, equal, sha256 } from './bytes.js';

export const HASH_LENGTH = 32;
const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/** SHA-256(0x00 || data): a leaf's hash (domain separation, RFC 9162 2.1.1). */
export const leafHash = (data) => sha256(concat(LEAF_PREFIX, data));

const nodeHash = (left, right) => sha256(concat(NODE_PREFIX, left, right));

function requireHash(hash, what) {
  if (!hash) throw new ProtocolError(Fault.MALFORMED, `${what} is missing`);
  if (hash.length !== HASH_LENGTH) {
    throw new ProtocolError(Fault.MALFORMED, `${what} is ${hash.length} bytes, a hash is ${HASH_LENGTH}`);
  }
}

const invalid = (detail) => new ProtocolError(Fault.INCLUSION_PROOF_INVALID, detail);

/**
 * Checks that {@code leaf} is the leaf at {@code index} of the tree of {@code size} leaves with
 * root {@code root}: MALFORMED for input that cannot be a proof, INCLUSION_PROOF_INVALID for a
 * proof that does not lead there.
 */
export async function verifyInclusion(leaf, index, size, path, root) {
  requireHash(leaf, 'leaf hash');
  requireHash(root, 'root');
  if (index < 0n || size < 0n) {
    throw new ProtocolError(Fault.MALFORMED, `inclusion proof has a negative leaf index ${index} or tree size ${size}`);
  }
  path.forEach((p, i) => requireHash(p, `inclusion path element ${i}`));
  if (index >= size) throw invalid(`leaf index ${index} is not in a tree of ${size} leaves`);
  let fn = index;
  let sn = size - 1n;
  let r = leaf;
  for (const p of path) {
    if (sn === 0n) throw invalid(`path of ${path.length} hashes is longer than the tree of ${size} leaves is deep`);
    if ((fn & 1n) === 1n || fn === sn) {
      r = await nodeHash(p, r);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw invalid(`path of ${path.length} hashes does not reach the root of a tree of ${size} leaves`);
  if (!equal(r, root)) throw invalid(`path from leaf ${index} leads to another root than the one claimed`);
}
