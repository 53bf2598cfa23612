// The redeeming domain's part of a cross-boundary writ's story, check for check as
// bundle/PartnerParts does: whether the bundle must carry one (the issuing domain's contract names
// another domain to redeem the writ), whether the part is that domain's, then the issuing part's
// checks under the redeeming domain's own keys (partner.*) and the links between the two stories.
// What does not hold in the part is PARTNER_PART_TAMPERED (the underlying fault in the detail); a
// part a cross-boundary bundle lacks without saying so is PARTNER_PART_DROPPED; a redemption by a
// domain the contract does not name is REDEEMED_BY_UNNAMED_DOMAIN; a receipt without the lineage
// check the redeeming domain made of the issuing part's ISSUANCE, or naming another record, is
// LINEAGE_CHECK_MISSING or LINEAGE_CHECK_MISMATCH; a part marked missing is a SKIP.

import { Fault, ProtocolError } from './faults.js';
import { parse } from './protobuf.js';
import { EvidenceKind, ExecutionContract, WritIssuance } from './schema.js';
import { checkLineage, checkRedeemingPart } from './story.js';
import { Status, fail, pass, skip } from './verdict.js';
import { checkAnchors, checkEvidence, checkInclusion, checkKeys, checkManifest } from './verifier.js';

const PREFIX = 'partner.';

/** The exporter's note that {@code domain}'s part is absent, if it made one. */
export function missingPart(bundle, domain) {
  return bundle.missing.find((m) => m.domain === domain);
}

/** The contract of the issuing part's single ISSUANCE, undefined when the records failed or it cannot be read. */
function contractOf(items) {
  if (items === null) return undefined;
  const issuances = items.filter((i) => i.record.body.kind === EvidenceKind.ISSUANCE);
  if (issuances.length !== 1) return undefined;
  try {
    return parse(ExecutionContract, parse(WritIssuance, issuances[0].payload).contract);
  } catch (e) {
    if (e instanceof ProtocolError) return undefined;
    throw e;
  }
}

/** The partner.part check when the contract is known; false when the bundle is an ordinary one-domain bundle. */
function namedPart(issuer, contract, items, part, other, checks) {
  const named = contract.redeem_domain;
  const crossing = named !== '' && named !== issuer;
  if (crossing && items.some((i) => i.record.body.kind === EvidenceKind.REDEMPTION)) {
    checks.push(fail('partner.part', Fault.REDEEMED_BY_UNNAMED_DOMAIN, `domain ${issuer} recorded a redemption of `
      + `the writ; its contract names domain ${named} to redeem it`));
  } else if (!crossing && part !== undefined) {
    checks.push(fail('partner.part', Fault.REDEEMED_BY_UNNAMED_DOMAIN, `the bundle holds domain ${part.domain}'s `
      + `part; the contract names ${issuer} itself to redeem the writ`));
  } else if (!crossing && other !== undefined) {
    checks.push(skip('partner.part', `not checked: domain ${other.domain}'s part is missing from the bundle: ${other.reason}`));
  } else if (!crossing) {
    return false;
  } else if (part !== undefined && part.domain !== named) {
    checks.push(fail('partner.part', Fault.REDEEMED_BY_UNNAMED_DOMAIN, `the bundle holds domain ${part.domain}'s `
      + `part; the contract names domain ${named} to redeem the writ`));
  } else if (part === undefined && other !== undefined && other.domain === named) {
    checks.push(skip('partner.part', `not checked: domain ${named}'s part is missing from the bundle: ${other.reason}`));
  } else if (part === undefined) {
    checks.push(fail('partner.part', Fault.PARTNER_PART_DROPPED, `the contract names domain ${named} to redeem the `
      + `writ; the bundle holds no part of ${named} and does not say it is missing`));
  } else {
    checks.push(pass('partner.part', `domain ${named}'s part, the domain the contract names to redeem the writ`));
  }
  return true;
}

/** What does not hold in the other domain's signed part is tampering with it; an untrusted key or a link stays itself. */
function tampered(check) {
  if (check.status !== Status.FAIL || check.name === 'partner.keys.trusted' || check.name === 'partner.story.links'
      || check.name === 'partner.lineage' || check.fault === Fault.NOT_ANCHORED) {
    return check;
  }
  return fail(check.name, Fault.PARTNER_PART_TAMPERED, `${check.fault}: ${check.detail}`);
}

async function checkPart(part, issuer, writ, issuing, contractKnown, trusted, checks) {
  const own = [];
  const keys = await checkKeys(part, trusted, PREFIX, own);
  const items = await checkEvidence(part, keys, PREFIX, own);
  await checkManifest(part, writ, items, keys, PREFIX, own);
  if (items === null) {
    own.push(skip('partner.story.links', 'not checked: evidence records failed'));
  } else if (writ === null || !contractKnown) {
    own.push(skip('partner.story.links', "not checked: the issuing domain's writ could not be checked"));
  } else {
    try {
      own.push(pass('partner.story.links', await checkRedeemingPart(items, part.domain, writ)));
    } catch (e) {
      if (!(e instanceof ProtocolError)) throw e;
      own.push(fail('partner.story.links', e.fault, e.detail));
    }
  }
  if (items === null || issuing === null || !contractKnown) {
    own.push(skip('partner.lineage', 'not checked: the records of both parts are needed'));
  } else {
    try {
      own.push(pass('partner.lineage', checkLineage(issuing, items, issuer, part.domain)));
    } catch (e) {
      if (!(e instanceof ProtocolError)) throw e;
      own.push(fail('partner.lineage', e.fault, e.detail));
    }
  }
  const batches = await checkAnchors(part, keys, PREFIX, own);
  await checkInclusion(items, batches, PREFIX, own);
  for (const check of own) checks.push(tampered(check));
}

/**
 * The partner checks of {@code bundle}, appended to {@code checks}.
 *
 * @param writ  the issuing part's writ, null when it failed or the issuing part is missing
 * @param items the issuing part's records, null when they failed or the issuing part is missing
 */
export async function checkPartnerPart(bundle, writ, items, trusted, checks) {
  const issuer = bundle.domain;
  const issuingMissing = missingPart(bundle, issuer) !== undefined;
  const part = bundle.redeeming;
  const other = bundle.missing.find((m) => m.domain !== issuer);
  const contract = contractOf(items);
  if (contract === undefined) {
    if (part === undefined && other === undefined && !issuingMissing) return;
    if (other !== undefined) {
      checks.push(skip('partner.part', `not checked: domain ${other.domain}'s part is missing from the bundle: ${other.reason}`));
    } else if (part === undefined) {
      checks.push(fail('partner.part', Fault.PARTNER_PART_DROPPED, 'the bundle holds the records of neither domain'));
    } else {
      checks.push(skip('partner.part', `not checked against the contract, which could not be read: domain ${part.domain}'s part`));
    }
  } else if (!namedPart(issuer, contract, items, part, other, checks)) {
    return;
  }
  if (part !== undefined) await checkPart(part, issuer, writ, items, contract !== undefined, trusted, checks);
}
