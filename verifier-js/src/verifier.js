// Checks one writ's story offline, check for check as bundle/BundleVerifier does: the domain's
// keys, the writ, each evidence record, the signed manifest, the story's completeness and links,
// the anchor batches' signatures, and each record's inclusion proof. Each check runs even when an
// earlier one failed, where it can; a check that needs what failed is skipped and says why.

import { Fault, ProtocolError } from './faults.js';
import { equal, hex } from './bytes.js';
import { KeyRing, VerifyingKey, keyIdText } from './keys.js';
import { openWithPayload, describe } from './evidence.js';
import { openManifest, requireExactly } from './manifest.js';
import { checkComplete, checkLinks } from './story.js';
import { openBatch, verifyInclusion } from './anchors.js';
import { authenticateWrit } from './writ.js';
import { Verdict, fail, pass, skip } from './verdict.js';
import { checkPartnerPart, missingPart } from './partner.js';

export const SUPPORTED_VERSION = 1;
export const ONCHAIN_CHECK = 'anchors.onchain';

/** Runs {@code body}; a typed refusal becomes a FAIL of {@code name}, anything else is a bug and propagates. */
async function attempt(body, onRefusal) {
  try {
    return await body();
  } catch (e) {
    if (e instanceof ProtocolError) return onRefusal(e);
    throw e;
  }
}

/**
 * One domain's keys as its part carries them, pinned when the verifier holds keys of that domain.
 * {@code prefix} is '' for the issuing domain's checks, 'partner.' for the redeeming domain's.
 */
export async function checkKeys(part, trusted, prefix, checks) {
  const entries = [];
  let problem = null;
  for (const wire of part.keys) {
    problem = await attempt(async () => {
      const key = await VerifyingKey.fromRaw(wire.public_key);
      if (wire.key_id.length !== 32) throw new ProtocolError(Fault.MALFORMED, `a key id is 32 bytes, got ${wire.key_id.length}`);
      if (!equal(key.id, wire.key_id)) {
        return `key ${keyIdText(wire.key_id)} is not the fingerprint of its public key (${key.idText})`;
      }
      entries.push({ domain: part.domain, key });
      return null;
    }, (e) => e.detail);
    if (problem !== null) break;
  }
  if (problem !== null) {
    checks.push(fail(`${prefix}keys.fingerprints`, Fault.KEY_MISMATCH, problem));
    entries.length = 0;
  } else if (entries.length === 0) {
    checks.push(fail(`${prefix}keys.fingerprints`, Fault.UNKNOWN_KEY, 'the bundle carries no keys'));
  } else {
    checks.push(pass(`${prefix}keys.fingerprints`, `${entries.length} key(s), each id the thumbprint of its key`));
  }
  // The redeeming domain's keys are pinned separately (--partner-keys); none pinned is a SKIP, never a pass.
  const pinnedForDomain = trusted !== undefined
    && (prefix === '' || trusted.entries.some((e) => e.domain === part.domain));
  if (!pinnedForDomain) {
    checks.push(skip(`${prefix}keys.trusted`, prefix === ''
      ? 'keys taken from the bundle itself; pin them with --trusted-keys'
      : `domain ${part.domain}'s keys taken from the bundle itself; pin them with --partner-keys`));
    return new KeyRing(entries);
  }
  for (const entry of entries) {
    const known = trusted.find(entry.key.idText);
    if (!known || known.domain !== part.domain) {
      checks.push(fail(`${prefix}keys.trusted`, Fault.UNKNOWN_KEY,
        `key ${entry.key.idText} is not a trusted key of domain ${part.domain}`));
      return new KeyRing([]);
    }
  }
  checks.push(pass(`${prefix}keys.trusted`, `every bundle key is a trusted key of ${part.domain}`));
  return new KeyRing(entries);
}

export async function checkEvidence(part, keys, prefix, checks) {
  const items = [];
  const seen = new Set();
  for (const wire of part.items) {
    const failed = await attempt(async () => {
      const record = await openWithPayload(wire.record, wire.payload, keys);
      // A record counted twice could stand for a second redemption, or pad a trimmed story to its signed length.
      if (seen.has(hex(record.hash))) {
        throw new ProtocolError(Fault.DUPLICATE_RECORD, `${describe(record.body)} appears more than once`);
      }
      seen.add(hex(record.hash));
      if (record.body.domain !== part.domain) {
        throw new ProtocolError(Fault.CHAIN_FOREIGN_RECORD, `${describe(record.body)} is not of domain ${part.domain}`);
      }
      items.push({ record, payload: wire.payload, wire });
      return false;
    }, (e) => {
      checks.push(fail(`${prefix}evidence.records`, e.fault, e.detail));
      return true;
    });
    if (failed) return null;
  }
  checks.push(pass(`${prefix}evidence.records`, `${items.length} records signed by the domain, payloads match`));
  return items;
}

export async function checkManifest(part, writ, items, keys, prefix, checks) {
  if (items === null) {
    checks.push(skip(`${prefix}story.manifest`, 'not checked: evidence records failed'));
    return;
  }
  if (part.manifest === undefined) {
    checks.push(fail(`${prefix}story.manifest`, Fault.STORY_TRIMMED,
      'the bundle carries no manifest signed by the domain, so records may have been left out'));
    return;
  }
  await attempt(async () => {
    const manifest = await openManifest(part.manifest, keys);
    if (manifest.domain !== part.domain || (writ !== null && manifest.jti !== writ.claims.jti)) {
      throw new ProtocolError(Fault.STORY_INCONSISTENT, `the manifest is the story of ${manifest.jti} in domain `
        + `${manifest.domain}, not of this bundle's writ`);
    }
    checks.push(pass(`${prefix}story.manifest`, requireExactly(manifest, items.map((i) => i.record.hash))));
  }, (e) => checks.push(fail(`${prefix}story.manifest`, e.fault, e.detail)));
}

async function checkStory(items, writ, checks) {
  if (items === null) {
    checks.push(skip('story.complete', 'not checked: evidence records failed'));
    return;
  }
  await attempt(async () => {
    checks.push(pass('story.complete', checkComplete(items)));
    if (writ === null) checks.push(skip('story.links', 'not checked: the writ failed'));
    else checks.push(pass('story.links', await checkLinks(items, writ)));
  }, (e) => checks.push(fail(e.fault === Fault.STORY_INCOMPLETE ? 'story.complete' : 'story.links', e.fault, e.detail)));
}

export async function checkAnchors(part, keys, prefix, checks) {
  const batches = new Map();
  for (const signed of part.anchors) {
    const failed = await attempt(async () => {
      const batch = await openBatch(signed, keys);
      if (batch.domain !== part.domain) {
        throw new ProtocolError(Fault.ANCHOR_INVALID, `batch ${batch.batch_seq} is of domain ${batch.domain}`);
      }
      batches.set(batch.batch_seq, batch);
      return false;
    }, (e) => {
      checks.push(fail(`${prefix}anchors.signatures`, e.fault, e.detail));
      return true;
    });
    if (failed) return new Map();
  }
  checks.push(pass(`${prefix}anchors.signatures`, `${batches.size} anchor batch(es) signed by the domain`));
  return batches;
}

export async function checkInclusion(items, batches, prefix, checks) {
  if (items === null) {
    checks.push(skip(`${prefix}evidence.inclusion`, 'not checked: evidence records failed'));
    return;
  }
  for (const item of items) {
    const { body, hash } = item.record;
    const where = describe(body);
    const proof = item.wire.inclusion;
    if (proof === undefined) {
      checks.push(fail(`${prefix}evidence.inclusion`, Fault.NOT_ANCHORED, `${where} has no inclusion proof yet`));
      return;
    }
    const batch = batches.get(proof.batch_seq);
    if (batch === undefined) {
      checks.push(fail(`${prefix}evidence.inclusion`, Fault.ANCHOR_INVALID,
        `${where} cites batch ${proof.batch_seq}, which the bundle lacks`));
      return;
    }
    const failed = await attempt(async () => {
      await verifyInclusion(batch, body.lane, body.seq, hash, proof);
      return false;
    }, (e) => {
      checks.push(fail(`${prefix}evidence.inclusion`, e.fault, `${where}: ${e.detail}`));
      return true;
    });
    if (failed) return;
  }
  checks.push(pass(`${prefix}evidence.inclusion`, `${items.length} records proven included in ${batches.size} anchored root(s)`));
}

/**
 * Verifies a decoded bundle offline.
 *
 * @param bundle  a ProofBundle as decodeBundle gives it
 * @param trusted a KeyRing of pinned keys (readJwks), or undefined to take the bundle's own keys
 * @returns a Verdict; anchors.onchain is a SKIP (checkOnChain replaces it)
 */
export async function verifyBundle(bundle, trusted) {
  const checks = [];
  if (bundle.version !== SUPPORTED_VERSION || bundle.domain === '') {
    checks.push(fail('bundle.format', Fault.MALFORMED, `version ${bundle.version} of domain '${bundle.domain}' `
      + `(supported: version ${SUPPORTED_VERSION}, a domain is required)`));
    return new Verdict(checks);
  }
  checks.push(pass('bundle.format', `version ${bundle.version}, domain ${bundle.domain}, ${bundle.items.length} `
    + `evidence records, ${bundle.anchors.length} anchor batches`));
  const issuingMissing = missingPart(bundle, bundle.domain);
  if (issuingMissing !== undefined) {
    // The exporting node (of the redeeming domain) could not obtain the issuing domain's part.
    checks.push(skip('issuing.part', `not checked: domain ${bundle.domain}'s part is missing from the bundle: `
      + `${issuingMissing.reason}`));
    await checkPartnerPart(bundle, null, null, trusted, checks);
    checks.push(skip(ONCHAIN_CHECK, 'roots not compared with the chain (offline; the chain gateway brings --rpc)'));
    return new Verdict(checks);
  }
  const keys = await checkKeys(bundle, trusted, '', checks);
  const writ = await attempt(async () => {
    const verified = await authenticateWrit(bundle.writ, keys);
    checks.push(pass('writ.signature', `jti ${verified.claims.jti} signed by ${verified.keyId}`));
    return verified;
  }, (e) => {
    checks.push(fail('writ.signature', e.fault, e.detail));
    return null;
  });
  const items = await checkEvidence(bundle, keys, '', checks);
  await checkManifest(bundle, writ, items, keys, '', checks);
  await checkStory(items, writ, checks);
  const batches = await checkAnchors(bundle, keys, '', checks);
  await checkInclusion(items, batches, '', checks);
  await checkPartnerPart(bundle, writ, items, trusted, checks);
  checks.push(skip(ONCHAIN_CHECK, 'roots not compared with the chain (offline; the chain gateway brings --rpc)'));
  return new Verdict(checks);
}
