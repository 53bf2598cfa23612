// The proof viewer (D66): the files a person picks or drops, read in this browser and
// checked by verifyInputs, the same function as `writ-verify` (src/check.js), so the page shows the
// verdict and exit code the command would give. Nothing leaves the page unless an RPC URL is given.

import { Exit, exitCodeOf, verdictAnswer, verifyInputs } from '../src/index.js';

const RPC_TIMEOUT_MS = 10_000; // as the command's --rpc-timeout default
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const EXIT_MEANING = {
  [Exit.VERIFIED]: 'verified: every check was performed and holds',
  [Exit.REFUSED]: 'a check failed',
  [Exit.UNREADABLE]: 'the bundle or the key set could not be read',
  [Exit.NOT_VERIFIED]: 'consistent but not verified: a check was not performed',
};
const ANSWER_CLASS = {
  [Exit.VERIFIED]: 'verified', [Exit.REFUSED]: 'refused', [Exit.UNREADABLE]: 'refused', [Exit.NOT_VERIFIED]: 'partial',
};

const $ = (id) => document.getElementById(id);
const form = $('form');
const bundleInput = $('bundle');
const keysInput = $('keys');
const result = $('result');
const error = $('error');

/** A picked file as verifyInputs reads it: its size first, its bytes only when within bounds. */
const fileInput = (file) => ({ name: file.name, size: () => file.size, read: () => file.arrayBuffer() });

/** The chain to compare with, or undefined; a refusal (a string) when the fields are not usable. */
function chainOf() {
  const rpcUrl = $('rpc').value.trim();
  const evidenceAnchor = $('anchor').value.trim();
  if (rpcUrl === '') return evidenceAnchor === '' ? undefined : 'an EvidenceAnchor address needs an RPC URL';
  let url;
  try {
    url = new URL(rpcUrl);
  } catch {
    return `not a URL: ${rpcUrl}`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `the RPC URL must be http or https, not ${url.protocol}`;
  if (evidenceAnchor !== '' && !ADDRESS.test(evidenceAnchor)) return `not a contract address (0x and 40 hex digits): ${evidenceAnchor}`;
  return { rpcUrl: url.href, evidenceAnchor: evidenceAnchor === '' ? undefined : evidenceAnchor, timeoutMs: RPC_TIMEOUT_MS };
}

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function show(fileName, verdict) {
  const exit = exitCodeOf(verdict, false);
  $('file').textContent = fileName;
  const answer = $('answer');
  answer.textContent = verdictAnswer(verdict, false);
  answer.className = `answer ${ANSWER_CLASS[exit]}`;
  $('exit').textContent = `writ verify would exit ${exit}: ${EXIT_MEANING[exit]}.`;
  const rows = $('checks');
  rows.replaceChildren();
  for (const check of verdict.checks) {
    const row = rows.insertRow();
    row.dataset.check = check.name;
    const name = document.createElement('th');
    name.scope = 'row';
    name.textContent = check.name;
    row.append(name);
    cell(row, check.status, check.status);
    cell(row, check.fault ?? '', 'fault');
    cell(row, check.detail ?? '', 'detail');
  }
  Object.assign(result.dataset, { exit: String(exit), verified: String(verdict.verified), holds: String(verdict.holds) });
}

async function verify() {
  const [bundle] = bundleInput.files;
  const chain = chainOf();
  const refusal = bundle === undefined ? 'Choose or drop a bundle file first.' : typeof chain === 'string' ? chain : null;
  error.textContent = refusal ?? '';
  error.hidden = refusal === null;
  if (refusal !== null) {
    result.hidden = true; // no verdict stays beside a refusal of what was asked
    return;
  }
  const [keys] = keysInput.files;
  result.dataset.state = 'running';
  result.setAttribute('aria-busy', 'true');
  try {
    show(bundle.name, await verifyInputs({
      bundle: fileInput(bundle), trustedKeys: keys === undefined ? undefined : fileInput(keys), chain,
    }));
    result.hidden = false;
    result.scrollIntoView({ block: 'nearest' });
  } catch (e) {
    // Fail closed: no verdict is shown for a run that did not finish.
    result.hidden = true;
    error.textContent = `The bundle could not be checked: ${e.message}`;
    error.hidden = false;
  } finally {
    result.setAttribute('aria-busy', 'false');
    result.dataset.state = 'done';
  }
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  verify();
});
bundleInput.addEventListener('change', verify);

const drop = $('drop');
for (const type of ['dragenter', 'dragover']) {
  drop.addEventListener(type, (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
}
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  // One file only; verify() then says what is missing.
  if (e.dataTransfer.files.length === 1) bundleInput.files = e.dataTransfer.files;
  verify();
});
