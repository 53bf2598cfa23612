// What `writ verify` does once it has its inputs: read the bundle and the pinned key set (bounded),
// verify offline, then, when a chain is named, compare the anchors with it. Shared by the command
// (cli/run.js, files) and the proof viewer (viewer/, files a person picks in a browser), so both
// give the same verdict and exit code (D66).

import { decodeBundle, MAX_BYTES } from './bundleFile.js';
import { Fault, ProtocolError } from './faults.js';
import { readJwks, MAX_JWKS_BYTES } from './jwks.js';
import { KeyRing } from './keys.js';
import { checkOnChain } from './onchain.js';
import { readRegistryKeys } from './registryKeys.js';
import { verifyBundle } from './verifier.js';
import { READ_CHECK, Verdict, fail } from './verdict.js';

/**
 * The bytes of {@code input} ({name, size, read}: size and read may answer promises, read its bytes),
 * read only when it has at most {@code max}: an outside input is bounded before it is read.
 */
async function readBounded(input, max) {
  const size = await input.size();
  if (size > max) throw new ProtocolError(Fault.OVERSIZED, `${input.name} has ${size} bytes, at most ${max}`);
  return new Uint8Array(await input.read());
}

/**
 * The verdict on one bundle. {@code bundle}, {@code trustedKeys} and {@code partnerKeys} (the redeeming
 * domain's, for a cross-boundary bundle; both optional) are inputs as
 * {@link readBounded} reads them; {@code chain} is optional {rpcUrl, evidenceAnchor, timeoutMs};
 * {@code agentRegistry} (an address, with {@code chain}) pins every domain's keys from the chain
 * instead of from key sets. A bundle or key set that cannot be read is a verdict of the single
 * failed check {@link READ_CHECK}.
 */
export async function verifyInputs({ bundle, trustedKeys, partnerKeys, agentRegistry, chain }) {
  let decoded;
  let trusted;
  try {
    decoded = decodeBundle(await readBounded(bundle, MAX_BYTES));
    if (agentRegistry !== undefined) {
      if (chain === undefined || trustedKeys !== undefined || partnerKeys !== undefined) {
        throw new ProtocolError(Fault.MALFORMED, '--agent-registry takes the keys from the chain: it needs --rpc and '
          + 'replaces --trusted-keys and --partner-keys');
      }
      trusted = await readRegistryKeys(decoded, { rpcUrl: chain.rpcUrl, registry: agentRegistry, timeoutMs: chain.timeoutMs });
    }
    const entries = [];
    if (trustedKeys !== undefined) {
      const jwks = await readBounded(trustedKeys, MAX_JWKS_BYTES);
      entries.push(...(await readJwks(new TextDecoder().decode(jwks), decoded.domain)).entries);
    }
    if (partnerKeys !== undefined) {
      // The redeeming domain's keys, bound to the domain of the part the bundle carries.
      const jwks = await readBounded(partnerKeys, MAX_JWKS_BYTES);
      entries.push(...(await readJwks(new TextDecoder().decode(jwks), decoded.redeeming?.domain ?? '')).entries);
    }
    if (trustedKeys !== undefined || partnerKeys !== undefined) trusted = new KeyRing(entries);
  } catch (e) {
    const [fault, detail] = e instanceof ProtocolError ? [e.fault, e.detail] : [Fault.MALFORMED, `cannot read: ${e.message}`];
    return new Verdict([fail(READ_CHECK, fault, detail)]);
  }
  const verdict = await verifyBundle(decoded, trusted);
  return chain === undefined ? verdict : verdict.replacing(await checkOnChain(decoded, chain));
}
