// The writ.v1 messages a bundle verifier reads, field by field as in
// exchange-protocol/src/main/protobuf/writ/v1/writ.proto (field numbers, types, JSON names).
// Only what the checks read is declared; any other field is skipped as unknown, as protobuf-java
// would keep and ignore it. The JSON reader needs the full set of ProofBundle's own fields,
// since protobuf-java's JSON parser refuses unknown ones.

import { T } from './protobuf.js';

function message(name, fields) {
  const byNumber = {};
  for (const [number, field] of Object.entries(fields)) {
    byNumber[number] = { jsonName: camel(field.name), ...field };
  }
  return Object.freeze({ name, fields: byNumber });
}

function camel(protoName) {
  return protoName.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
}

/** EvidenceKind: the numbers of the proto enum, and the names its JSON form may use. */
export const EvidenceKind = Object.freeze({
  EVIDENCE_KIND_UNSPECIFIED: 0, PROPOSAL: 1, DECISION: 2, ISSUANCE: 3, REDEMPTION: 4, REFUSAL: 5,
  EXPIRY: 6, REVOCATION: 7, OUTCOME: 8, APPROVAL: 9, CERTIFICATE: 10, EQUIVOCATION: 11, RESOLUTION: 12,
});

export const Decision = Object.freeze({ DECISION_UNSPECIFIED: 0, ALLOW: 1, DENY: 2, ESCALATE: 3 });

export const OutcomeStatus = Object.freeze({ STATUS_UNSPECIFIED: 0, SUCCEEDED: 1, FAILED: 2, ROLLED_BACK: 3 });

/** The name protobuf-java prints for an enum number (UNRECOGNIZED for a number it does not know). */
export function enumName(values, number) {
  return Object.keys(values).find((k) => values[k] === number) ?? 'UNRECOGNIZED';
}

export const EvidenceRecord = message('EvidenceRecord', {
  1: { name: 'body', type: T.BYTES },
  2: { name: 'signature', type: T.BYTES },
});

export const EvidenceBody = message('EvidenceBody', {
  1: { name: 'domain', type: T.STRING },
  2: { name: 'lane', type: T.STRING },
  3: { name: 'seq', type: T.UINT64 },
  4: { name: 'prev_hash', type: T.BYTES },
  5: { name: 'time_millis', type: T.INT64 },
  6: { name: 'kind', type: T.ENUM, values: EvidenceKind },
  7: { name: 'subject', type: T.STRING },
  8: { name: 'payload_hash', type: T.BYTES },
  9: { name: 'node_id', type: T.STRING },
  10: { name: 'key_id', type: T.BYTES },
});

export const InclusionProof = message('InclusionProof', {
  1: { name: 'batch_seq', type: T.UINT64 },
  2: { name: 'leaf_index', type: T.UINT64 },
  3: { name: 'tree_size', type: T.UINT64 },
  4: { name: 'path', type: T.BYTES, repeated: true },
});

export const BundleItem = message('BundleItem', {
  1: { name: 'record', type: T.MESSAGE, schema: EvidenceRecord },
  2: { name: 'payload', type: T.BYTES },
  3: { name: 'inclusion', type: T.MESSAGE, schema: InclusionProof },
});

export const LaneRange = message('LaneRange', {
  1: { name: 'lane', type: T.STRING },
  2: { name: 'first_seq', type: T.UINT64 },
  3: { name: 'last_seq', type: T.UINT64 },
});

export const ChainAnchor = message('ChainAnchor', {
  1: { name: 'chain_id', type: T.UINT64 },
  2: { name: 'contract_address', type: T.STRING },
  3: { name: 'tx_hash', type: T.BYTES },
  4: { name: 'block_number', type: T.UINT64 },
});

export const AnchorBatch = message('AnchorBatch', {
  1: { name: 'domain', type: T.STRING },
  2: { name: 'batch_seq', type: T.UINT64 },
  3: { name: 'ranges', type: T.MESSAGE, schema: LaneRange, repeated: true },
  4: { name: 'tree_size', type: T.UINT64 },
  5: { name: 'root', type: T.BYTES },
  6: { name: 'sealed_at_millis', type: T.INT64 },
});

export const SignedAnchorBatch = message('SignedAnchorBatch', {
  1: { name: 'batch', type: T.BYTES },
  2: { name: 'key_id', type: T.BYTES },
  3: { name: 'signature', type: T.BYTES },
  4: { name: 'anchor', type: T.MESSAGE, schema: ChainAnchor },
});

export const DomainKey = message('DomainKey', {
  1: { name: 'key_id', type: T.BYTES },
  2: { name: 'public_key', type: T.BYTES },
  3: { name: 'role', type: T.STRING },
});

export const StoryManifest = message('StoryManifest', {
  1: { name: 'domain', type: T.STRING },
  2: { name: 'jti', type: T.STRING },
  3: { name: 'record_hashes', type: T.BYTES, repeated: true },
  4: { name: 'exported_at_millis', type: T.INT64 },
});

export const SignedStoryManifest = message('SignedStoryManifest', {
  1: { name: 'manifest', type: T.BYTES },
  2: { name: 'key_id', type: T.BYTES },
  3: { name: 'signature', type: T.BYTES },
});

export const DomainPart = message('DomainPart', {
  1: { name: 'domain', type: T.STRING },
  2: { name: 'items', type: T.MESSAGE, schema: BundleItem, repeated: true },
  3: { name: 'anchors', type: T.MESSAGE, schema: SignedAnchorBatch, repeated: true },
  4: { name: 'keys', type: T.MESSAGE, schema: DomainKey, repeated: true },
  5: { name: 'manifest', type: T.MESSAGE, schema: SignedStoryManifest },
  6: { name: 'writ', type: T.STRING },
});

export const MissingPart = message('MissingPart', {
  1: { name: 'domain', type: T.STRING },
  2: { name: 'reason', type: T.STRING },
});

export const ProofBundle = message('ProofBundle', {
  1: { name: 'version', type: T.UINT32 },
  2: { name: 'domain', type: T.STRING },
  3: { name: 'writ', type: T.STRING },
  4: { name: 'items', type: T.MESSAGE, schema: BundleItem, repeated: true },
  5: { name: 'anchors', type: T.MESSAGE, schema: SignedAnchorBatch, repeated: true },
  6: { name: 'keys', type: T.MESSAGE, schema: DomainKey, repeated: true },
  7: { name: 'exported_at_millis', type: T.INT64 },
  8: { name: 'manifest', type: T.MESSAGE, schema: SignedStoryManifest },
  9: { name: 'redeeming', type: T.MESSAGE, schema: DomainPart },
  10: { name: 'missing', type: T.MESSAGE, schema: MissingPart, repeated: true },
});

// ---------------------------------------------------------------- story payloads

export const WritIssuance = message('WritIssuance', {
  1: { name: 'contract', type: T.BYTES },
  2: { name: 'writ', type: T.STRING },
});

// Every field is declared where a string field sits, so its UTF-8 is checked as protobuf-java does.
const PolicyEpoch = message('PolicyEpoch', {
  1: { name: 'contract_address', type: T.STRING },
  2: { name: 'version', type: T.UINT64 },
  3: { name: 'block_number', type: T.UINT64 },
  4: { name: 'rules_hash', type: T.BYTES },
});

const ParameterConstraint = message('ParameterConstraint', {
  1: { name: 'name', type: T.STRING },
  2: { name: 'kind', type: T.ENUM },
  3: { name: 'values', type: T.STRING, repeated: true },
});

const DriftPredicate = message('DriftPredicate', {
  1: { name: 'observable', type: T.STRING },
  2: { name: 'op', type: T.ENUM },
  3: { name: 'value', type: T.STRING },
});

export const ExecutionContract = message('ExecutionContract', {
  1: { name: 'contract_id', type: T.STRING },
  2: { name: 'domain', type: T.STRING },
  3: { name: 'agent_id', type: T.STRING },
  4: { name: 'target', type: T.STRING },
  5: { name: 'operation', type: T.STRING },
  6: { name: 'constraints', type: T.MESSAGE, schema: ParameterConstraint, repeated: true },
  7: { name: 'not_before_millis', type: T.INT64 },
  8: { name: 'expires_at_millis', type: T.INT64 },
  9: { name: 'uses', type: T.UINT32 },
  10: { name: 'drift_predicates', type: T.MESSAGE, schema: DriftPredicate, repeated: true },
  11: { name: 'evidence_obligations', type: T.STRING, repeated: true },
  12: { name: 'policy_epoch', type: T.MESSAGE, schema: PolicyEpoch },
  13: { name: 'decision_hash', type: T.BYTES },
  14: { name: 'proposal_hash', type: T.BYTES },
  15: { name: 'agent_key_id', type: T.STRING },
  16: { name: 'redeem_domain', type: T.STRING },
});

const Reason = message('Reason', {
  1: { name: 'code', type: T.STRING },
  2: { name: 'detail', type: T.STRING },
});

const BudgetDraw = message('BudgetDraw', {
  1: { name: 'budget_id', type: T.STRING },
  2: { name: 'kind', type: T.STRING },
  3: { name: 'amount', type: T.STRING },
  4: { name: 'limit', type: T.STRING },
  5: { name: 'grant_ids', type: T.STRING, repeated: true },
});

export const DecisionRecord = message('DecisionRecord', {
  1: { name: 'domain', type: T.STRING },
  2: { name: 'proposal_id', type: T.STRING },
  3: { name: 'proposal_hash', type: T.BYTES },
  4: { name: 'agent_id', type: T.STRING },
  5: { name: 'decision', type: T.ENUM, values: Decision },
  6: { name: 'reasons', type: T.MESSAGE, schema: Reason, repeated: true },
  7: { name: 'policy_epoch', type: T.MESSAGE, schema: PolicyEpoch },
  8: { name: 'decided_at_millis', type: T.INT64 },
  9: { name: 'node_id', type: T.STRING },
  10: { name: 'approver_id', type: T.STRING },
  11: { name: 'approval', type: T.BYTES },
  12: { name: 'approval_signature', type: T.BYTES },
  13: { name: 'charges', type: T.MESSAGE, schema: BudgetDraw, repeated: true },
});

const Action = message('Action', {
  1: { name: 'target', type: T.STRING },
  2: { name: 'operation', type: T.STRING },
  3: { name: 'parameters', type: T.MAP_STRING },
  4: { name: 'classification', type: T.STRING },
});

const ActionContext = message('ActionContext', {
  1: { name: 'session_id', type: T.STRING },
  2: { name: 'plan_id', type: T.STRING },
  3: { name: 'parent_writ_hash', type: T.BYTES },
  4: { name: 'risk_score', type: T.UINT32 },
  5: { name: 'data_classification', type: T.STRING },
  6: { name: 'model_hash', type: T.BYTES },
});

export const ActionProposal = message('ActionProposal', {
  1: { name: 'proposal_id', type: T.STRING },
  2: { name: 'agent_id', type: T.STRING },
  3: { name: 'action', type: T.MESSAGE, schema: Action },
  4: { name: 'context', type: T.MESSAGE, schema: ActionContext },
  5: { name: 'requested_window_seconds', type: T.UINT32 },
  6: { name: 'proposed_at_millis', type: T.INT64 },
  7: { name: 'agent_certificates', type: T.BYTES, repeated: true },
  8: { name: 'agent_signature', type: T.BYTES },
});

export const LineageVerdict = Object.freeze({ VERDICT_UNSPECIFIED: 0, HELD: 1 });

export const IssuanceLineageCheck = message('IssuanceLineageCheck', {
  1: { name: 'issuing_domain', type: T.STRING },
  2: { name: 'lane', type: T.STRING },
  3: { name: 'issuance_seq', type: T.UINT64 },
  4: { name: 'issuance_record_hash', type: T.BYTES },
  5: { name: 'attested_head_seq', type: T.UINT64 },
  6: { name: 'attested_head_hash', type: T.BYTES },
  7: { name: 'verdict', type: T.ENUM, values: LineageVerdict },
  8: { name: 'checked_at_millis', type: T.INT64 },
});

export const RedemptionReceipt = message('RedemptionReceipt', {
  1: { name: 'domain', type: T.STRING },
  2: { name: 'jti', type: T.STRING },
  3: { name: 'writ_hash', type: T.BYTES },
  4: { name: 'contract_hash', type: T.BYTES },
  5: { name: 'mutation_hash', type: T.BYTES },
  6: { name: 'pep_id', type: T.STRING },
  7: { name: 'node_id', type: T.STRING },
  8: { name: 'redeemed_at_millis', type: T.INT64 },
  9: { name: 'lineage_check', type: T.MESSAGE, schema: IssuanceLineageCheck },
});

export const OutcomeRecord = message('OutcomeRecord', {
  1: { name: 'domain', type: T.STRING },
  2: { name: 'jti', type: T.STRING },
  3: { name: 'receipt_hash', type: T.BYTES },
  4: { name: 'status', type: T.ENUM, values: OutcomeStatus },
  5: { name: 'detail', type: T.STRING },
  6: { name: 'result_hash', type: T.BYTES },
  7: { name: 'pep_id', type: T.STRING },
  8: { name: 'reported_at_millis', type: T.INT64 },
});
