// RFC 9162 inclusion proofs: every leaf of trees of 1..33 leaves, built here by the RFC's
// recursive definition (section 2.1.1) and proven by its path definition (2.1.3.1), verifies;
// any changed hash, index, size or path length does not.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { concat, sha256 } from '../src/bytes.js';
import { Fault } from '../src/faults.js';
import { leafHash, verifyInclusion } from '../src/merkle.js';

const node = (l, r) => sha256(concat(Uint8Array.of(1), l, r));
const largestPowerOfTwoBelow = (n) => { let k = 1; while (k * 2 < n) k *= 2; return k; };

async function mth(leaves) {
  if (leaves.length === 1) return leaves[0];
  const k = largestPowerOfTwoBelow(leaves.length);
  return node(await mth(leaves.slice(0, k)), await mth(leaves.slice(k)));
}

async function path(m, leaves) {
  if (leaves.length === 1) return [];
  const k = largestPowerOfTwoBelow(leaves.length);
  return m < k
    ? [...await path(m, leaves.slice(0, k)), await mth(leaves.slice(k))]
    : [...await path(m - k, leaves.slice(k)), await mth(leaves.slice(0, k))];
}

async function refusal(promise) {
  try {
    await promise;
  } catch (e) {
    return e.fault;
  }
  return 'held';
}

test('every leaf of every tree up to 33 leaves is proven, and nothing changed is', async () => {
  const data = Array.from({ length: 33 }, (_, i) => Uint8Array.of(i, i * 7));
  const leaves = await Promise.all(data.map(leafHash));
  for (let size = 1; size <= leaves.length; size++) {
    const tree = leaves.slice(0, size);
    const root = await mth(tree);
    for (let m = 0; m < size; m++) {
      const proof = await path(m, tree);
      await verifyInclusion(tree[m], BigInt(m), BigInt(size), proof, root);
      const other = tree[(m + 1) % size];
      if (size > 1) assert.equal(await refusal(verifyInclusion(other, BigInt(m), BigInt(size), proof, root)), Fault.INCLUSION_PROOF_INVALID);
      assert.equal(await refusal(verifyInclusion(tree[m], BigInt(size), BigInt(size), proof, root)), Fault.INCLUSION_PROOF_INVALID);
      assert.equal(await refusal(verifyInclusion(tree[m], BigInt(m), BigInt(size), [...proof, root], root)),
        Fault.INCLUSION_PROOF_INVALID);
      if (proof.length > 0) {
        const changed = proof.map((p) => p.slice());
        changed[0][0] ^= 1;
        assert.equal(await refusal(verifyInclusion(tree[m], BigInt(m), BigInt(size), changed, root)), Fault.INCLUSION_PROOF_INVALID);
        assert.equal(await refusal(verifyInclusion(tree[m], BigInt(m), BigInt(size), proof.slice(1), root)),
          Fault.INCLUSION_PROOF_INVALID);
      }
    }
  }
});

test('input that cannot be a proof is MALFORMED', async () => {
  const leaf = await leafHash(Uint8Array.of(1));
  assert.equal(await refusal(verifyInclusion(leaf.subarray(1), 0n, 1n, [], leaf)), Fault.MALFORMED);
  assert.equal(await refusal(verifyInclusion(leaf, -1n, 1n, [], leaf)), Fault.MALFORMED);
  assert.equal(await refusal(verifyInclusion(leaf, 0n, 2n, [Uint8Array.of(1)], leaf)), Fault.MALFORMED);
});
