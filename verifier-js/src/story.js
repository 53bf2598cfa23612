// How a writ's story must hang together (bundle/StoryRules): proposal, decision (or approval),
// issuance of this writ for a contract bound to that decision, and, when present, one redemption
// of exactly this writ and an outcome for that redemption, each citing the one before by hash.

import { Fault, ProtocolError } from './faults.js';
import { base64url, equal, sha256 } from './bytes.js';
import { parse } from './protobuf.js';
import {
  ActionProposal, Decision, DecisionRecord, EvidenceKind, ExecutionContract, OutcomeRecord, OutcomeStatus,
  LineageVerdict, RedemptionReceipt, WritIssuance, enumName,
} from './schema.js';

const inconsistent = (detail) => new ProtocolError(Fault.STORY_INCONSISTENT, detail);
const ofKind = (items, kind) => items.filter((i) => i.record.body.kind === kind);

function parsePayload(schema, item) {
  return parse(schema, item.payload, undefined, `${enumName(EvidenceKind, item.record.body.kind)} payload`);
}

function require(items, kind) {
  if (ofKind(items, kind).length === 0) {
    throw new ProtocolError(Fault.STORY_INCOMPLETE, `the story has no ${enumName(EvidenceKind, kind)} record`);
  }
}

/** STORY_INCOMPLETE when a required record is absent; a summary otherwise. */
export function checkComplete(items) {
  require(items, EvidenceKind.PROPOSAL);
  if (ofKind(items, EvidenceKind.DECISION).length === 0 && ofKind(items, EvidenceKind.APPROVAL).length === 0) {
    throw new ProtocolError(Fault.STORY_INCOMPLETE, 'the story has no DECISION or APPROVAL record');
  }
  require(items, EvidenceKind.ISSUANCE);
  const redeemed = ofKind(items, EvidenceKind.REDEMPTION).length > 0;
  if (ofKind(items, EvidenceKind.OUTCOME).length > 0 && !redeemed) {
    throw new ProtocolError(Fault.STORY_INCOMPLETE, 'an OUTCOME is reported but no REDEMPTION record is present');
  }
  let summary = `proposed, decided, issued${redeemed ? ', redeemed' : ''}`;
  for (const outcome of ofKind(items, EvidenceKind.OUTCOME)) {
    summary += `, outcome ${enumName(OutcomeStatus, parsePayload(OutcomeRecord, outcome).status)}`;
  }
  return summary;
}

async function findByHash(items, hash, kinds) {
  for (const item of items) {
    if (kinds.includes(item.record.body.kind) && equal(await sha256(item.payload), hash)) return item;
  }
  return undefined;
}

/** STORY_INCONSISTENT (or STORY_INCOMPLETE) unless every artifact cites the one before it. */
export async function checkLinks(items, writ) {
  const { claims } = writ;
  const issuances = ofKind(items, EvidenceKind.ISSUANCE);
  if (issuances.length !== 1) throw inconsistent('the story needs exactly one ISSUANCE record');
  const issuance = parsePayload(WritIssuance, issuances[0]);
  if (issuance.writ !== writ.compact) throw inconsistent('the ISSUANCE record is for another writ');
  if (base64url.encode(await sha256(issuance.contract)) !== claims.cnt) {
    throw inconsistent("the writ's cnt claim is not the hash of the issued contract");
  }
  const contract = parse(ExecutionContract, issuance.contract, undefined, 'execution contract');
  // Java's long division truncates toward zero, as BigInt's does.
  if (contract.agent_id !== claims.iss || contract.target !== claims.sub || contract.operation !== claims.act.op
      || contract.domain !== claims.dom || contract.expires_at_millis / 1000n !== BigInt(claims.exp)) {
    throw inconsistent("the writ's claims do not match its contract (agent, target, operation, domain, exp)");
  }
  const decidingItem = await findByHash(items, contract.decision_hash, [EvidenceKind.DECISION, EvidenceKind.APPROVAL]);
  if (!decidingItem) {
    throw new ProtocolError(Fault.STORY_INCOMPLETE, 'no DECISION or APPROVAL record is the one the contract was bound to');
  }
  const decision = parsePayload(DecisionRecord, decidingItem);
  if (decision.decision !== Decision.ALLOW) {
    throw inconsistent(`the contract is bound to a ${enumName(Decision, decision.decision)} decision`);
  }
  const proposalItem = await findByHash(items, decision.proposal_hash, [EvidenceKind.PROPOSAL]);
  if (!proposalItem) throw new ProtocolError(Fault.STORY_INCOMPLETE, 'no PROPOSAL record is the one the decision was about');
  if (parsePayload(ActionProposal, proposalItem).agent_id !== claims.iss) {
    throw inconsistent("the proposal's agent is not the writ's issuer");
  }
  const redemptions = ofKind(items, EvidenceKind.REDEMPTION);
  if (redemptions.length > 1) throw inconsistent(`the writ was redeemed ${redemptions.length} times (single use broken)`);
  for (const item of redemptions) {
    const receipt = parsePayload(RedemptionReceipt, item);
    if (receipt.jti !== claims.jti || !equal(receipt.writ_hash, writ.hash)
        || base64url.encode(receipt.contract_hash) !== claims.cnt) {
      throw inconsistent('the redemption receipt is not for this writ and contract');
    }
    const receiptHash = await sha256(item.payload);
    for (const outcomeItem of ofKind(items, EvidenceKind.OUTCOME)) {
      if (!equal(parsePayload(OutcomeRecord, outcomeItem).receipt_hash, receiptHash)) {
        throw inconsistent('the outcome does not cite the redemption receipt');
      }
    }
  }
  return `proposal -> decision -> contract -> writ${redemptions.length === 0 ? '' : ' -> receipt'}`
    + `${ofKind(items, EvidenceKind.OUTCOME).length === 0 ? '' : ' -> outcome'} all cite each other`;
}

/**
 * The redeeming domain's part of a cross-boundary story: at most one redemption, its receipt that
 * domain's and for exactly this writ and contract, each outcome citing it. A part with no
 * redemption says the domain holds none.
 */
export async function checkRedeemingPart(items, domain, writ) {
  const { claims } = writ;
  const redemptions = ofKind(items, EvidenceKind.REDEMPTION);
  const outcomes = ofKind(items, EvidenceKind.OUTCOME);
  if (redemptions.length > 1) {
    throw inconsistent(`domain ${domain} redeemed the writ ${redemptions.length} times (single use broken)`);
  }
  if (redemptions.length === 0) {
    if (outcomes.length > 0) {
      throw new ProtocolError(Fault.STORY_INCOMPLETE, `domain ${domain} reports an OUTCOME but its part holds no REDEMPTION record`);
    }
    return `domain ${domain} holds no redemption of the writ`;
  }
  const item = redemptions[0];
  const receipt = parsePayload(RedemptionReceipt, item);
  if (receipt.domain !== domain) {
    throw new ProtocolError(Fault.REDEEMED_BY_UNNAMED_DOMAIN, `the receipt in domain ${domain}'s part names domain `
      + `'${receipt.domain}' as the one that redeemed the writ`);
  }
  if (receipt.jti !== claims.jti || !equal(receipt.writ_hash, writ.hash)
      || base64url.encode(receipt.contract_hash) !== claims.cnt) {
    throw inconsistent(`domain ${domain}'s redemption receipt is not for this writ and contract`);
  }
  const receiptHash = await sha256(item.payload);
  for (const outcomeItem of outcomes) {
    if (!equal(parsePayload(OutcomeRecord, outcomeItem).receipt_hash, receiptHash)) {
      throw inconsistent(`domain ${domain}'s outcome does not cite its redemption receipt`);
    }
  }
  return `domain ${domain}'s receipt cites the writ and its contract${outcomes.length === 0 ? '' : ', its outcome cites the receipt'}`;
}

/**
 * The lineage check the redeeming domain recorded in its receipt: present, HELD, and of the
 * issuing part's own ISSUANCE record (the issuing domain, the record's lane and position, its
 * hash). LINEAGE_CHECK_MISSING without one, LINEAGE_CHECK_MISMATCH when it names another record.
 */
export function checkLineage(issuing, items, issuer, domain) {
  const redemptions = ofKind(items, EvidenceKind.REDEMPTION);
  if (redemptions.length !== 1) return `domain ${domain} holds no redemption of the writ, so no lineage check`;
  const receipt = parsePayload(RedemptionReceipt, redemptions[0]);
  const check = receipt.lineage_check;
  if (check === undefined) {
    throw new ProtocolError(Fault.LINEAGE_CHECK_MISSING, `domain ${domain}'s receipt does not record the check of `
      + `${issuer}'s issuance lineage it had to make before redeeming`);
  }
  const issuances = ofKind(issuing, EvidenceKind.ISSUANCE);
  if (issuances.length !== 1) throw inconsistent('the story needs exactly one ISSUANCE record');
  const { record } = issuances[0];
  const { body } = record;
  if (check.issuing_domain !== issuer || check.lane !== body.lane || check.issuance_seq !== body.seq
      || !equal(check.issuance_record_hash, record.hash)) {
    throw new ProtocolError(Fault.LINEAGE_CHECK_MISMATCH, `domain ${domain} checked the lineage of `
      + `${check.issuing_domain}'s record ${check.lane}#${check.issuance_seq}, not of the ISSUANCE record `
      + `${body.lane}#${body.seq} in ${issuer}'s part`);
  }
  if (check.verdict !== LineageVerdict.HELD || check.attested_head_seq < body.seq) {
    throw new ProtocolError(Fault.LINEAGE_CHECK_MISMATCH, `domain ${domain}'s lineage check of ${issuer}'s issuance `
      + `did not hold (${enumName(LineageVerdict, check.verdict)}, attested head #${check.attested_head_seq})`);
  }
  return `domain ${domain} checked ${issuer}'s ISSUANCE ${body.lane}#${body.seq} in the lineage up to its attested `
    + `head #${check.attested_head_seq} before redeeming`;
}
