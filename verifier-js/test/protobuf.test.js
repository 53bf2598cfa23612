// The protobuf reader follows protobuf-java where a verdict depends on it: unknown fields and
// fields of another wire type are skipped, repeated scalars come packed or not, a singular message
// seen twice is merged, strings must be UTF-8, and ill-formed bytes are MALFORMED.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Fault } from '../src/faults.js';
import { parse } from '../src/protobuf.js';
import { AnchorBatch, InclusionProof, SignedAnchorBatch, StoryManifest } from '../src/schema.js';

const bytes = (...b) => Uint8Array.from(b);

function refusal(fn) {
  try {
    fn();
  } catch (e) {
    return e.fault;
  }
  return 'parsed';
}

test('unknown fields, groups and fields of another wire type are skipped', () => {
  // field 9 varint, field 10 group with a varint inside, then domain as a varint (wrong type), then jti "a"
  const m = parse(StoryManifest, bytes(0x48, 0x05, 0x53, 0x08, 0x01, 0x54, 0x08, 0x07, 0x12, 0x01, 0x61));
  assert.equal(m.domain, '');
  assert.equal(m.jti, 'a');
  assert.deepEqual(m.record_hashes, []);
});

test('64-bit fields are Java longs: a value above 2^63 reads negative', () => {
  const p = parse(InclusionProof, bytes(0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01));
  assert.equal(p.leaf_index, -1n);
});

test('a singular message met twice is merged, a repeated one is appended', () => {
  const m = parse(SignedAnchorBatch, bytes(0x22, 0x02, 0x08, 0x05, 0x22, 0x02, 0x20, 0x07));
  assert.equal(m.anchor.chain_id, 5n);
  assert.equal(m.anchor.block_number, 7n);
  const b = parse(AnchorBatch, bytes(0x1a, 0x02, 0x10, 0x01, 0x1a, 0x02, 0x10, 0x02));
  assert.deepEqual(b.ranges.map((r) => r.first_seq), [1n, 2n]);
});

test('a message field present but empty is present', () => {
  assert.notEqual(parse(SignedAnchorBatch, bytes(0x22, 0x00)).anchor, undefined);
  assert.equal(parse(SignedAnchorBatch, bytes()).anchor, undefined);
});

test('ill-formed bytes are MALFORMED, too many OVERSIZED', () => {
  assert.equal(refusal(() => parse(StoryManifest, bytes(0x12, 0x05, 0x61))), Fault.MALFORMED);
  assert.equal(refusal(() => parse(StoryManifest, bytes(0x12, 0x01, 0xff))), Fault.MALFORMED);
  assert.equal(refusal(() => parse(StoryManifest, bytes(0x00, 0x01))), Fault.MALFORMED);
  assert.equal(refusal(() => parse(StoryManifest, bytes(0x0c))), Fault.MALFORMED);
  assert.equal(refusal(() => parse(StoryManifest, bytes(0x0f, 0x01))), Fault.MALFORMED);
  assert.equal(refusal(() => parse(StoryManifest, bytes(0x08, 0x80))), Fault.MALFORMED);
  assert.equal(refusal(() => parse(StoryManifest, bytes(0x12, 0x01, 0x61), 2, 'manifest')), Fault.OVERSIZED);
});
