// verifyInputs, the path to a verdict the command and the proof viewer share (D66): an
// input over its bound is OVERSIZED without being read, and what cannot be read is exit 2.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { Exit, MAX_BYTES, MAX_JWKS_BYTES, READ_CHECK, exitCodeOf, verifyInputs } from '../src/index.js';

const example = (name) => new URL(`../../examples/bundles/${name}`, import.meta.url);
const fileInput = (url) => ({ name: url.pathname, size: async () => (await readFile(url)).length, read: () => readFile(url) });
const neverRead = (name, size) => ({ name, size: () => size, read: () => assert.fail(`${name} was read`) });

test('a bundle or key set over its bound is OVERSIZED, exit 2, and never read', async () => {
  for (const [bundle, trustedKeys] of [
    [neverRead('huge.json', MAX_BYTES + 1), undefined],
    [fileInput(example('valid.json')), neverRead('huge.jwks.json', MAX_JWKS_BYTES + 1)],
  ]) {
    const verdict = await verifyInputs({ bundle, trustedKeys });
    assert.deepEqual(verdict.checks.map((c) => [c.name, c.status, c.fault]), [[READ_CHECK, 'FAIL', 'OVERSIZED']]);
    assert.equal(exitCodeOf(verdict, true), Exit.UNREADABLE);
  }
});

test('an input whose reading fails is MALFORMED, exit 2', async () => {
  const failing = { name: 'gone.json', size: () => 10, read: () => Promise.reject(new Error('the file went away')) };
  const verdict = await verifyInputs({ bundle: failing });
  assert.equal(verdict.firstFault, 'MALFORMED');
  assert.match(verdict.checks[0].detail, /went away/);
  assert.equal(exitCodeOf(verdict, false), Exit.UNREADABLE);
});

test('the tampered example with pinned keys is refused at the check its tampering breaks', async () => {
  const verdict = await verifyInputs({
    bundle: fileInput(example('removed-redemption.json')), trustedKeys: fileInput(example('acme.jwks.json')),
  });
  assert.equal(verdict.checks.find((c) => c.status === 'FAIL').name, 'story.manifest');
  assert.equal(verdict.firstFault, 'STORY_TRIMMED');
  assert.equal(exitCodeOf(verdict, false), Exit.REFUSED);
});
