// The command behind the library (Node only: it reads files). Prints the verdict as `writ verify`
// does and answers its exit code: 0 verified, 1 a check failed, 2 unreadable, 3 consistent but
// not verified.

import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { Exit, exitCodeOf, verdictJson, verdictText, verifyInputs } from '../src/index.js';

const USAGE = `Usage: writ-verify <bundle> [--json] [--trusted-keys <jwks>] [--partner-keys <jwks>]
                   [--rpc <url> --evidence-anchor <address> [--agent-registry <address>]]
                   [--allow-partial] [--rpc-timeout <seconds>]
Verify a Writ proof bundle (protobuf binary or JSON); exit 0 only if every check was performed and holds.
Exit codes: 0 verified, 1 a check failed, 2 the bundle could not be read,
3 consistent but not verified: a check was skipped (keys not pinned with --trusted-keys,
the chain not consulted with --rpc and --evidence-anchor); --allow-partial accepts that.`;

/** A file as {@link verifyInputs} reads it: its size first, its bytes only when that is within bounds. */
const fileInput = (file) => ({ name: file, size: async () => (await stat(file)).size, read: () => readFile(file) });

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
        'partner-keys': { type: 'string' },
        rpc: { type: 'string' },
        'evidence-anchor': { type: 'string' },
        'agent-registry': { type: 'string' },
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
  const verdict = await verifyInputs({
    bundle: fileInput(file),
    trustedKeys: values['trusted-keys'] === undefined ? undefined : fileInput(values['trusted-keys']),
    partnerKeys: values['partner-keys'] === undefined ? undefined : fileInput(values['partner-keys']),
    agentRegistry: values['agent-registry'],
    chain: values.rpc === undefined ? undefined
      : { rpcUrl: values.rpc, evidenceAnchor: values['evidence-anchor'], timeoutMs: timeout * 1000 },
  });
  out(`${values.json ? verdictJson(file, verdict) : verdictText(file, verdict, allowPartial)}\n`);
  return exitCodeOf(verdict, allowPartial);
}

