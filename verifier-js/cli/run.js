// The command behind the library (Node only: it reads files). Prints the verdict as `writ verify`
// does and answers its exit code: 0 verified, 1 a check failed, 2 unreadable, 3 consistent but
// not verified.

import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  Exit, MAX_BYTES, MAX_JWKS_BYTES, ProtocolError, Fault, Verdict, checkOnChain, decodeBundle,
  exitCodeOf, readJwks, verdictJson, verdictText, verifyBundle,
} from '../src/index.js';

const USAGE = `Usage: writ-verify <bundle> [--json] [--trusted-keys <jwks>] [--rpc <url> --evidence-anchor <address>]
                   [--allow-partial] [--rpc-timeout <seconds>]
Verify a Writ proof bundle (protobuf binary or JSON); exit 0 only if every check was performed and holds.
Exit codes: 0 verified, 1 a check failed, 2 the bundle could not be read,
3 consistent but not verified: a check was skipped (keys not pinned with --trusted-keys,
the chain not consulted with --rpc and --evidence-anchor); --allow-partial accepts that.`;

async function readBounded(file, max, what) {
  const { size } = await stat(file);
  if (size > max) throw new ProtocolError(Fault.OVERSIZED, `${what} ${file} has ${size} bytes, at most ${max}`);
  return new Uint8Array(await readFile(file));
}

/**
 * Runs the command on {@code argv}; {@code out} and {@code err} take what it prints.
 * @returns the exit code
 */
export async function run(argv, out, err) {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        'trusted-keys': { type: 'string' },
        rpc: { type: 'string' },
        'evidence-anchor': { type: 'string' },
        'allow-partial': { type: 'boolean' },
        'rpc-timeout': { type: 'string', default: '10' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    err(`${e.message}\n${USAGE}\n`);
    return Exit.UNREADABLE;
  }
  const { values, positionals } = args;
  if (values.help) {
    out(`${USAGE}\n`);
    return Exit.VERIFIED;
  }
  const timeout = Number(values['rpc-timeout']);
  if (positionals.length !== 1 || !Number.isInteger(timeout) || timeout <= 0) {
    err(`${USAGE}\n`);
    return Exit.UNREADABLE;
  }
  const file = positionals[0];
  const allowPartial = values['allow-partial'] === true;
  const print = (verdict) => out(`${values.json ? verdictJson(file, verdict) : verdictText(file, verdict, allowPartial)}\n`);

  let bundle;
  let trusted;
  try {
    bundle = decodeBundle(await readBounded(file, MAX_BYTES, 'a bundle file is at most its limit;'));
    if (values['trusted-keys'] !== undefined) {
      const jwks = await readBounded(values['trusted-keys'], MAX_JWKS_BYTES, 'a key set file is at most its limit;');
      trusted = await readJwks(new TextDecoder().decode(jwks), bundle.domain);
    }
  } catch (e) {
    const [fault, detail] = e instanceof ProtocolError ? [e.fault, e.detail] : [Fault.MALFORMED, `cannot read: ${e.message}`];
    print(new Verdict([{ name: 'bundle.read', status: 'FAIL', fault, detail }]));
    return Exit.UNREADABLE;
  }
  let verdict = await verifyBundle(bundle, trusted);
  if (values.rpc !== undefined) {
    verdict = verdict.replacing(await checkOnChain(bundle, {
      rpcUrl: values.rpc, evidenceAnchor: values['evidence-anchor'], timeoutMs: timeout * 1000,
    }));
  }
  print(verdict);
  return exitCodeOf(verdict, allowPartial);
}

