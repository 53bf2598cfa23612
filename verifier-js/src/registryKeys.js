// `--rpc --agent-registry`: the keys to pin, taken from the AgentRegistry on chain instead of from a
// file or the bundle, as contracts' anchor/OnChainKeys does. For the issuing domain's part and, in
// a cross-boundary bundle, the redeeming domain's, each key the part lists is trusted for that
// domain only if the registry holds it under that domain with the same public key, valid in
// [validFrom, validUntil) at the time of every record of the part it signed, and not revoked, or
// revoked only after everything of the part it signed was on chain: every record and anchor batch
// it signed anchored in a block before the block of its KeyRevoked event (the registry keeps no
// revocation time in its state), and the part's manifest signed by another key (nothing anchors a
// manifest). A key that fails is left out, so keys.trusted refuses the part. The blocks are the
// bundle's; anchors.onchain proves them against EvidenceAnchor.

import { createPublicClient, hexToBytes, http, keccak256, parseAbiItem, stringToBytes } from 'viem';
import { Fault, ProtocolError } from './faults.js';
import { equal, hex } from './bytes.js';
import { KeyRing, VerifyingKey } from './keys.js';
import { parse } from './protobuf.js';
import { AnchorBatch, EvidenceBody } from './schema.js';

const AGENT_REGISTRY_ABI = [{
  type: 'function', name: 'key', stateMutability: 'view',
  inputs: [{ name: 'domain', type: 'bytes32' }, { name: 'keyId', type: 'bytes32' }],
  outputs: [{ name: 'publicKey', type: 'bytes32' }, { name: 'validFrom', type: 'uint64' },
    { name: 'validUntil', type: 'uint64' }, { name: 'revoked', type: 'bool' }],
}];

const KEY_REVOKED = parseAbiItem('event KeyRevoked(bytes32 indexed domain, bytes32 indexed keyId, uint64 epoch, string reason)');

/** The block of the key's KeyRevoked event, the earliest if several; undefined when there is none. */
async function revokedInBlock(client, registry, domainId, keyId) {
  const logs = await client.getLogs({
    address: registry, event: KEY_REVOKED, args: { domain: domainId, keyId }, fromBlock: 0n, toBlock: 'latest',
  });
  let first;
  for (const log of logs) {
    if (first === undefined || log.blockNumber < first) first = log.blockNumber;
  }
  return first;
}

/**
 * Whether everything the revoked key signed in the part was on chain before {@code revokedIn}: each
 * record it signed in a batch anchored in an earlier block, each batch it signed anchored in one,
 * the manifest another key's. No revocation block found: not trusted (fail closed).
 */
function anchoredBefore(revokedIn, id, items, anchors, manifest) {
  if (revokedIn === undefined || (manifest !== undefined && equal(manifest.key_id, id))) return false;
  const anchoredBatches = new Set();
  for (const signed of anchors) {
    const block = signed.anchor === undefined ? 0n : signed.anchor.block_number;
    if (block <= 0n || block >= revokedIn) {
      if (equal(signed.key_id, id)) return false;
      continue;
    }
    const batch = parsedOrUndefined(AnchorBatch, signed.batch, 'anchor batch');
    if (batch === undefined) return false;
    anchoredBatches.add(String(batch.batch_seq));
  }
  for (const item of items) {
    const body = parsedOrUndefined(EvidenceBody, item.record.body, 'evidence body');
    if (body === undefined) return false;
    if (equal(body.key_id, id) && (item.inclusion === undefined || !anchoredBatches.has(String(item.inclusion.batch_seq)))) {
      return false;
    }
  }
  return true;
}

/** The message parsed, or undefined when it is malformed (a ProtocolError); any other error propagates. */
function parsedOrUndefined(type, bytes, what) {
  try {
    return parse(type, bytes, undefined, what);
  } catch (e) {
    if (e instanceof ProtocolError) return undefined;
    throw e;
  }
}

const floorDiv = (a, b) => (a >= 0n ? a / b : -((-a + b - 1n) / b));

function validWhenSigned(validFrom, validUntil, id, items) {
  for (const item of items) {
    const body = parsedOrUndefined(EvidenceBody, item.record.body, 'evidence body');
    if (body === undefined) return false;
    const seconds = floorDiv(body.time_millis, 1000n);
    if (equal(body.key_id, id) && (seconds < validFrom || seconds >= validUntil)) return false;
  }
  return true;
}

async function trusted(client, registry, domain, { keys, items, anchors, manifest }) {
  const out = [];
  const domainId = keccak256(stringToBytes(domain));
  for (const listed of keys) {
    if (listed.key_id.length !== 32) continue;
    const [publicKey, validFrom, validUntil, revoked] = await client.readContract({
      address: registry, abi: AGENT_REGISTRY_ABI, functionName: 'key', args: [domainId, `0x${hex(listed.key_id)}`],
    });
    const raw = hexToBytes(publicKey);
    const exists = raw.some((b) => b !== 0);
    if (!exists || !equal(raw, listed.public_key)
        || !validWhenSigned(BigInt(validFrom), BigInt(validUntil), listed.key_id, items)) continue;
    if (revoked && !anchoredBefore(await revokedInBlock(client, registry, domainId, `0x${hex(listed.key_id)}`),
      listed.key_id, items, anchors, manifest)) continue;
    try {
      out.push({ domain, key: await VerifyingKey.fromRaw(raw) });
    } catch (e) {
      if (!(e instanceof ProtocolError)) throw e; // a registered key that is no Ed25519 key is none to pin
    }
  }
  return out;
}

/**
 * The KeyRing of every domain whose part {@code bundle} carries, as the AgentRegistry at
 * {@code registry} holds it; UNKNOWN_KEY when the registry cannot be read.
 */
export async function readRegistryKeys(bundle, { rpcUrl, registry, timeoutMs = 10_000 }) {
  const client = createPublicClient({ transport: http(rpcUrl, { timeout: timeoutMs, retryCount: 0 }) });
  try {
    const entries = await trusted(client, registry, bundle.domain, bundle);
    if (bundle.redeeming !== undefined) {
      entries.push(...await trusted(client, registry, bundle.redeeming.domain, bundle.redeeming));
    }
    return new KeyRing(entries);
  } catch (e) {
    if (e instanceof ProtocolError) throw e;
    throw new ProtocolError(Fault.UNKNOWN_KEY, `the keys cannot be read from the AgentRegistry at ${registry} `
      + `(${rpcUrl}): ${e?.shortMessage ?? e?.message ?? e}`);
  }
}
