// `--rpc`: compares every anchor batch of a bundle with what EvidenceAnchor holds on chain — root,
// tree size (lastSeq - firstSeq + 1) and block — and, when the batch names its transaction, that
// it succeeded, called the contract and was mined in that block (contracts' anchor/OnChainVerifier).

import { createPublicClient, http, keccak256, stringToBytes } from 'viem';
import { Fault, ProtocolError } from './faults.js';
import { hex } from './bytes.js';
import { parse } from './protobuf.js';
import { AnchorBatch } from './schema.js';
import { ONCHAIN_CHECK } from './verifier.js';
import { Status, fail, pass } from './verdict.js';

const EVIDENCE_ANCHOR_ABI = [{
  type: 'function', name: 'batch', stateMutability: 'view',
  inputs: [{ name: 'domain', type: 'bytes32' }, { name: 'batchSeq', type: 'uint64' }],
  outputs: [{ name: 'firstSeq', type: 'uint64' }, { name: 'lastSeq', type: 'uint64' },
    { name: 'root', type: 'bytes32' }, { name: 'blockNumber', type: 'uint64' }],
}];

const long = (v) => BigInt.asIntN(64, BigInt(v));

/** A revert (UnknownBatch: the chain does not hold the batch) is NOT_ANCHORED; any other chain failure ANCHOR_INVALID. */
function isRevert(error) {
  return typeof error?.walk === 'function' && error.walk((e) => e?.name === 'ContractFunctionRevertedError') !== null;
}

async function compare(client, contractOverride, batch, anchor) {
  const contract = contractOverride ?? anchor?.contract_address;
  if (contract === undefined) return 'carries no chain anchor and no --evidence-anchor address was given';
  if (anchor && contractOverride !== undefined && anchor.contract_address.toLowerCase() !== contractOverride.toLowerCase()) {
    return `anchored at ${anchor.contract_address}, not at ${contractOverride}`;
  }
  if (anchor) {
    const chainId = long(await client.getChainId());
    if (chainId !== anchor.chain_id) return `anchored on chain ${anchor.chain_id}, the RPC serves chain ${chainId}`;
  }
  const [firstSeq, lastSeq, heldRoot, blockNumber] = await client.readContract({
    address: contract, abi: EVIDENCE_ANCHOR_ABI, functionName: 'batch',
    args: [keccak256(stringToBytes(batch.domain)), BigInt.asUintN(64, batch.batch_seq)],
  });
  const root = `0x${hex(batch.root)}`;
  if (heldRoot.toLowerCase() !== root) return `the chain holds root ${heldRoot}, the domain signed ${root}`;
  if (long(long(lastSeq) - long(firstSeq) + 1n) !== batch.tree_size) {
    return `the chain's range ${firstSeq}..${lastSeq} is not the signed tree size ${batch.tree_size}`;
  }
  if (anchor) {
    if (long(blockNumber) !== anchor.block_number) return `anchored in block ${blockNumber}, the bundle says ${anchor.block_number}`;
    const tx = `0x${hex(anchor.tx_hash)}`;
    let receipt = null;
    try {
      receipt = await client.getTransactionReceipt({ hash: tx });
    } catch (e) {
      if (!e?.walk?.((x) => x?.name === 'TransactionReceiptNotFoundError')) throw e;
    }
    if (receipt === null || receipt.status !== 'success' || long(receipt.blockNumber) !== anchor.block_number
        || String(receipt.to).toLowerCase() !== contract.toLowerCase()) {
      return `transaction ${tx} is not a successful call of ${contract} in block ${anchor.block_number} (`
        + `${receipt === null ? 'not mined' : `block ${receipt.blockNumber}, ${receipt.status}, to ${receipt.to}`})`;
    }
  }
  return null;
}

/**
 * The on-chain check of a bundle: PASS when every batch is on chain as signed, else FAIL with the
 * first difference. A PASS at a contract the bundle names itself proves nothing (its author may
 * have deployed it), so without {@code evidenceAnchor} it becomes a SKIP that says why.
 *
 * @param options {rpcUrl, evidenceAnchor (optional address), timeoutMs}
 */
export async function checkOnChain(bundle, { rpcUrl, evidenceAnchor, timeoutMs = 10_000 }) {
  // Both domains' batches of a cross-boundary bundle, each looked up under the domain it names.
  const anchors = [...bundle.anchors, ...(bundle.redeeming?.anchors ?? [])];
  if (anchors.length === 0) return fail(ONCHAIN_CHECK, Fault.NOT_ANCHORED, 'the bundle carries no anchor batch to compare');
  const client = createPublicClient({ transport: http(rpcUrl, { timeout: timeoutMs, retryCount: 0 }) });
  const passed = [];
  for (const signed of anchors) {
    let batch;
    try {
      batch = parse(AnchorBatch, signed.batch, undefined, 'anchor batch');
    } catch (e) {
      if (e instanceof ProtocolError) return fail(ONCHAIN_CHECK, Fault.ANCHOR_INVALID, `an anchor batch is unreadable: ${e.detail}`);
      throw e;
    }
    let problem;
    try {
      problem = await compare(client, evidenceAnchor, batch, signed.anchor);
    } catch (e) {
      return fail(ONCHAIN_CHECK, isRevert(e) ? Fault.NOT_ANCHORED : Fault.ANCHOR_INVALID,
        `batch ${batch.batch_seq}: ${e?.shortMessage ?? e?.message ?? e}`);
    }
    if (problem !== null) return fail(ONCHAIN_CHECK, Fault.ANCHOR_INVALID, `batch ${batch.batch_seq}: ${problem}`);
    passed.push(`${batch.domain}/${batch.batch_seq}`);
  }
  const held = pass(ONCHAIN_CHECK, `batch(es) ${passed.join(', ')} held on chain with the signed roots and tree sizes (${rpcUrl})`);
  if (evidenceAnchor !== undefined) return held;
  return {
    ...held, status: Status.SKIP,
    detail: 'the roots are at the EvidenceAnchor the bundle names, not one you pinned; name the domain\'s contract '
      + `with --evidence-anchor (${held.detail})`,
  };
}
