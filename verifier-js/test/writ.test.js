// Writs as WritVerifier checks them: signed with jose by a key made here, then changed one way at
// a time; each change is refused with its own fault.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompactSign } from 'jose';
import { base64url } from '../src/bytes.js';
import { KeyRing, VerifyingKey } from '../src/keys.js';
import { MAX_TIME_SECONDS, authenticateWrit } from '../src/writ.js';

const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
const key = await VerifyingKey.fromRaw(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)));
const ring = new KeyRing([{ domain: 'acme', key }]);

const claims = {
  iss: 'spiffe://acme/agent/a', sub: 'erp-api', act: { op: 'create_po', tgt: 'erp-api', prm: { amount: '5' }, cls: 'internal' },
  pol: { adr: '0x00', ver: 3, blk: 1234, rh: 'rules' }, mod: 'model', iat: 100, nbf: 100, exp: 160, jti: 'writ-1',
  ctx: { sid: 's', pln: 'p', par: '', rsk: 20, cls: 'confidential' }, dom: 'acme', cnt: 'c', rev: 0,
};

/** Signs {@code body}, an object or the exact JSON text of one. */
async function sign(body, header = { alg: 'EdDSA', typ: 'application/sae+jwt', kid: key.idText }) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return new CompactSign(new TextEncoder().encode(text)).setProtectedHeader(header).sign(pair.privateKey);
}

async function refusal(compact) {
  try {
    await authenticateWrit(compact, ring);
  } catch (e) {
    return e.fault;
  }
  return 'authentic';
}

test('a writ signed by a domain key is authentic, with its claims and hash', async () => {
  const writ = await authenticateWrit(await sign(claims), ring);
  assert.equal(writ.claims.jti, 'writ-1');
  assert.equal(writ.keyId, key.idText);
  assert.equal(writ.hash.length, 32);
});

test('each change to a writ is refused with its own fault', async () => {
  const good = await sign(claims);
  const [h, p, s] = good.split('.');
  const flipped = base64url.decode(s);
  flipped[0] ^= 1;
  assert.equal(await refusal(`${h}.${p}.${base64url.encode(flipped)}`), 'BAD_SIGNATURE');
  assert.equal(await refusal(`${h}.${p}`), 'MALFORMED');
  assert.equal(await refusal(`${h}.${p}.${s}=`), 'MALFORMED');
  assert.equal(await refusal(await sign(claims, { alg: 'EdDSA', typ: 'application/sae+jwt', kid: 'A'.repeat(43) })), 'UNKNOWN_KEY');
  assert.equal(await refusal(await sign(claims, { alg: 'EdDSA', typ: 'JWT', kid: key.idText })), 'TYPE_REJECTED');
  assert.equal(await refusal(await sign(claims, { alg: 'EdDSA', typ: 'application/sae+jwt', kid: key.idText, jwk: {} })),
    'TYPE_REJECTED');
  const none = `${base64url.encode(new TextEncoder().encode('{"alg":"none"}'))}.${p}.`;
  assert.equal(await refusal(none), 'ALGORITHM_REJECTED');
  assert.equal(await refusal(await sign({ ...claims, extra: 1 })), 'CLAIMS_INVALID');
  assert.equal(await refusal(await sign({ ...claims, iat: '100' })), 'CLAIMS_INVALID');
  assert.equal(await refusal(await sign({ ...claims, ctx: { ...claims.ctx, rsk: 101 } })), 'CLAIMS_INVALID');
  assert.equal(await refusal(await sign({ ...claims, nbf: 160 })), 'CLAIMS_INVALID');
  assert.equal(await refusal(await sign({ ...claims, dom: 'globex' })), 'KEY_MISMATCH');
  assert.equal(await refusal(await sign([claims])), 'CLAIMS_INVALID');
  assert.equal(await refusal(await sign(JSON.stringify(claims).replace('"rev":0', '"rev":0.0'))), 'CLAIMS_INVALID');
  assert.equal(await refusal(await sign(JSON.stringify(claims).replace('"rev":0', '"rev":9223372036854775808'))), 'CLAIMS_INVALID');
  for (const seconds of [MAX_TIME_SECONDS + 1, -1, 2 ** 62]) {
    for (const name of ['iat', 'nbf', 'exp']) {
      assert.equal(await refusal(await sign({ ...claims, [name]: seconds })), 'CLAIMS_INVALID');
    }
  }
  assert.equal((await authenticateWrit(await sign({ ...claims, exp: MAX_TIME_SECONDS }), ring)).claims.exp, MAX_TIME_SECONDS);
  assert.equal((await authenticateWrit(await sign({ ...claims, sub: 'erp 1.5e3 -' }), ring)).claims.sub, 'erp 1.5e3 -');
});

test('a sender-constrained writ names one RFC 7638 thumbprint as cnf.jkt, nothing else (D61)', async () => {
  const jkt = key.idText;
  assert.deepEqual((await authenticateWrit(await sign({ ...claims, cnf: { jkt } }), ring)).claims.cnf, { jkt });
  assert.equal((await authenticateWrit(await sign(claims), ring)).claims.cnf, undefined);
  for (const cnf of [{ jkt, jwk: {} }, {}, { jkt: 5 }, 'jkt', { jkt: jkt.slice(1) }, { jkt: `${jkt.slice(0, 42)}!` }, [jkt]]) {
    assert.equal(await refusal(await sign({ ...claims, cnf })), 'CLAIMS_INVALID', JSON.stringify(cnf));
  }
});
