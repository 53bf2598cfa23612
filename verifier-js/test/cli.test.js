// The command on the committed example bundles (examples/bundles, made by cli's ExampleBundles):
// each tampered one refused with the fault its tampering must cause, the valid one consistent but
// not verified offline (exit 3), accepted with --allow-partial, and unreadable input exit 2.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../cli/run.js';

const examples = fileURLToPath(new URL('../../examples/bundles/', import.meta.url));
const keys = join(examples, 'acme.jwks.json');

async function verify(...args) {
  let out = '';
  const exit = await run(['--json', ...args], (s) => { out += s; }, (s) => { out += s; });
  return { exit, verdict: JSON.parse(out) };
}

// What each tampering must be refused for (cli's ExampleBundles.EXPECTED; README, `writ verify`).
const TAMPERED = {
  'flipped-writ-byte.json': 'BAD_SIGNATURE',
  'removed-decision.json': 'STORY_TRIMMED',
  'removed-redemption.json': 'STORY_TRIMMED',
  'duplicated-record.json': 'DUPLICATE_RECORD',
  'wrong-inclusion-proof.json': 'INCLUSION_PROOF_INVALID',
  'swapped-key.json': 'KEY_MISMATCH',
  'cross-boundary-tampered-receipt.json': 'PARTNER_PART_TAMPERED',
  'cross-boundary-removed-redemption.json': 'PARTNER_PART_TAMPERED',
  'cross-boundary-dropped-part.json': 'PARTNER_PART_DROPPED',
  'cross-boundary-unnamed-domain.json': 'REDEEMED_BY_UNNAMED_DOMAIN',
  'cross-boundary-lineage-unchecked.json': 'LINEAGE_CHECK_MISSING',
  'cross-boundary-lineage-of-another-record.json': 'LINEAGE_CHECK_MISMATCH',
};

test('each tampered example is refused, exit 1, for what was done to it', async () => {
  for (const [file, fault] of Object.entries(TAMPERED)) {
    for (const pinned of [[], ['--trusted-keys', keys]]) {
      const { exit, verdict } = await verify(...pinned, join(examples, file));
      assert.equal(exit, 1, file);
      assert.equal(verdict.fault, fault, file);
      assert.equal(verdict.holds, false, file);
    }
  }
});

test('the valid example holds; offline it is not verified (exit 3) unless partial results are accepted', async () => {
  const own = await verify(join(examples, 'valid.json'));
  assert.equal(own.exit, 3);
  assert.deepEqual(own.verdict.skipped, ['keys.trusted', 'anchors.onchain']);
  const pinned = await verify('--trusted-keys', keys, join(examples, 'valid.json'));
  assert.equal(pinned.exit, 3);
  assert.deepEqual(pinned.verdict.skipped, ['anchors.onchain']);
  assert.equal(pinned.verdict.checks.filter((c) => c.status === 'PASS').length, pinned.verdict.checks.length - 1);
  const partial = await verify('--allow-partial', join(examples, 'valid.json'));
  assert.equal(partial.exit, 0);
  assert.equal(partial.verdict.verified, false);
});

test('the cross-boundary example is verified part by part, each under its own domain\'s pinned keys', async () => {
  const bundle = join(examples, 'cross-boundary-valid.json');
  const acmeOnly = await verify('--trusted-keys', keys, bundle);
  assert.equal(acmeOnly.exit, 3);
  assert.deepEqual(acmeOnly.verdict.skipped, ['partner.keys.trusted', 'anchors.onchain']);
  const both = await verify('--trusted-keys', keys, '--partner-keys', join(examples, 'globex.jwks.json'), bundle);
  assert.equal(both.exit, 3);
  assert.deepEqual(both.verdict.skipped, ['anchors.onchain']);
  assert.equal(both.verdict.holds, true);
  // globex's key pinned as acme's: the issuing part is not acme's.
  const swapped = await verify('--trusted-keys', join(examples, 'globex.jwks.json'), bundle);
  assert.equal(swapped.verdict.fault, 'UNKNOWN_KEY');
});

test('a cross-boundary bundle whose partner part the exporter could not get holds but is never verified', async () => {
  const { exit, verdict } = await verify('--trusted-keys', keys, '--partner-keys', join(examples, 'globex.jwks.json'),
    join(examples, 'cross-boundary-partner-missing.json'));
  assert.equal(exit, 3);
  assert.equal(verdict.holds, true);
  assert.deepEqual(verdict.skipped, ['partner.part', 'anchors.onchain']);
});

test('what is no bundle is exit 2, and says why', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'writ-verify-'));
  await writeFile(join(dir, 'bad.json'), '{"version": 1, "signedBy": "me"}');
  const unknownField = await verify(join(dir, 'bad.json'));
  assert.equal(unknownField.exit, 2);
  assert.equal(unknownField.verdict.fault, 'MALFORMED');
  assert.equal(unknownField.verdict.checks[0].name, 'bundle.read');
  const absent = await verify(join(dir, 'absent.json'));
  assert.equal(absent.exit, 2);
  const notKeys = await verify('--trusted-keys', join(examples, 'valid.json'), join(examples, 'valid.json'));
  assert.equal(notKeys.exit, 2);
});
