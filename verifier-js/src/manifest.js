// The exporting node's signed statement of which records make up a writ's story
// (bundle/StoryManifests): without it a bundle trimmed of its REDEMPTION and OUTCOME is a valid
// story of an unused writ.

import { Fault, ProtocolError } from './faults.js';
import { hex } from './bytes.js';
import { Purpose } from './keys.js';
import { parse } from './protobuf.js';
import { StoryManifest } from './schema.js';

/** Far above any story (a few dozen 32-byte hashes); bounds what a verifier parses. */
const MAX_MANIFEST_BYTES = 256 * 1024;

/** The manifest, once its signature holds under a key of its domain. */
export async function openManifest(signed, keys) {
  const bytes = signed.manifest;
  const manifest = parse(StoryManifest, bytes, MAX_MANIFEST_BYTES, 'story manifest');
  await keys.require(signed.key_id, manifest.domain).verify(Purpose.STORY_MANIFEST, bytes, signed.signature);
  return manifest;
}

/** STORY_TRIMMED unless the item hashes are exactly the manifest's, in its order; a summary otherwise. */
export function requireExactly(manifest, itemHashes) {
  const signed = manifest.record_hashes.map(hex);
  const present = itemHashes.map(hex);
  if (signed.length === present.length && signed.every((h, i) => h === present[i])) {
    return `${present.length} records, exactly those the domain signed as the story at export`;
  }
  const missing = new Set(signed.filter((h) => !present.includes(h)));
  const extra = new Set(present.filter((h) => !signed.includes(h)));
  const what = missing.size > 0 || extra.size > 0
    ? `${missing.size} signed record(s) missing, ${extra.size} record(s) not in the manifest`
    : 'the records are not in the signed order';
  throw new ProtocolError(Fault.STORY_TRIMMED, `the domain exported ${signed.length} records as the story of `
    + `${manifest.jti}, the bundle has ${present.length}: ${what}`);
}
