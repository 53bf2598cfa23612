// The operator console's page (D72). Logs in with the single-use code in the URL's
// fragment, then reads the node's views under /api/ with the session cookie and follows the live
// stream (/api/stream, server-sent events). Everything is shown with textContent: no string from
// the node is ever parsed as HTML.
import uPlot from 'uplot';

const $ = (id) => document.getElementById(id);
const views = ['fabric', 'decisions', 'approvals', 'lineage', 'revocations', 'anchoring', 'drills'];

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'onclick') el.addEventListener('click', v);
    else el.setAttribute(k, v);
  }
  for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c ?? '')));
  return el;
}

const time = (ms) => (ms > 0 ? new Date(ms).toISOString().replace('T', ' ').replace('Z', '') : '');
const age = (ms) => (ms < 0 ? 'none' : ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);
const short = (hex) => (hex && hex.length > 16 ? `${hex.slice(0, 16)}…` : hex ?? '');
const reasons = (list) => (list ?? []).map((r) => r.code).join(', ');

class Refused extends Error {
  constructor(problem) {
    super(problem.detail ?? problem.code);
    this.code = problem.code;
  }
}

async function api(path, options = {}) {
  const response = await fetch(path, { credentials: 'same-origin', ...options });
  const body = await response.json().catch(() => ({ code: 'INTERNAL', detail: `HTTP ${response.status}` }));
  if (!response.ok) throw new Refused(body);
  return body;
}

function none(columns, text) {
  return h('tr', { class: 'none' }, h('td', { colspan: columns }, text));
}

function fill(tbody, rows) {
  tbody.replaceChildren(...rows);
}

function badge(el, text) {
  el.textContent = text;
  el.dataset.status = text;
}

// ---------------------------------------------------------------- login

async function login() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const code = fragment.get('code');
  if (code) {
    history.replaceState(null, '', '/#fabric'); // the code leaves the address bar and the history at once
    try {
      const session = await api('/api/session', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ code }),
      });
      return session.operator;
    } catch (e) {
      showLogin(e);
      return null;
    }
  }
  try {
    return (await api('/api/me')).operator;
  } catch (e) {
    showLogin(e.code === 'CONSOLE_SESSION_REQUIRED' ? null : e);
    return null;
  }
}

function showLogin(refusal) {
  $('app').hidden = true;
  $('logout').hidden = true;
  $('login').hidden = false;
  const error = $('login-error');
  error.hidden = !refusal;
  if (refusal) {
    error.dataset.code = refusal.code ?? '';
    error.textContent = `${refusal.code}: ${refusal.message}`;
  }
}

// ---------------------------------------------------------------- charts

function liveChart(el, names, colors) {
  const data = [[], ...names.map(() => [])];
  const chart = new uPlot({
    width: Math.max(400, el.clientWidth || 800),
    height: 160,
    series: [{}, ...names.map((label, i) => ({ label, stroke: colors[i], width: 2 }))],
    axes: [{}, {}],
  }, data, el);
  return (values) => {
    data[0].push(Date.now() / 1000);
    values.forEach((v, i) => data[i + 1].push(v));
    if (data[0].length > 300) data.forEach((s) => s.shift());
    chart.setData(data);
  };
}

// ---------------------------------------------------------------- views

function renderFabric(f) {
  badge($('fabric-status'), f.status);
  $('fabric-node').textContent = `node ${f.nodeId} of domain ${f.domain}, checked ${time(f.checkedAtMillis)}`;
  fill($('fabric-reasons'), f.reasons.map((r) => h('tr', { dataset: { check: r.check } },
    h('td', {}, r.check), h('td', {}, r.status), h('td', {}, r.detail))));
  fill($('fabric-members'), f.members.map((m) => h('tr', { dataset: { health: m.health?.status ?? '' } },
    h('td', {}, m.address), h('td', {}, m.domain), h('td', {}, m.status), h('td', {}, m.reachable ? 'yes' : 'NO'),
    ...memberHealth(m))));
  const partners = f.partners.map((p) => h('tr', { dataset: { domain: p.domain } },
    h('td', {}, p.domain), h('td', {}, p.verdict), h('td', {}, age(Number(p.beaconAgeMillis ?? -1))),
    h('td', {}, `${p.revocationEpoch ?? 0} / ${p.beaconRevocationEpoch ?? 0}`), h('td', {}, p.beaconPolicyVersion ?? 0),
    h('td', {}, p.detail ?? '')));
  fill($('fabric-partners'), partners.length ? partners : [none(6, 'no partner domains (writ.exchange)')]);
}

// A member of this domain shows the health it answered, with its reasons, or why there is none;
// another domain's nodes are shown by membership and continuity only.
function memberHealth(m) {
  if (!m.health) return [h('td', {}, '—'), h('td', {}, 'another domain: see its continuity')];
  if (!m.health.reasons) return [h('td', {}, m.health.status), h('td', {}, m.health.detail)];
  return [h('td', { title: `node ${m.health.nodeId}, checked ${time(m.health.checkedAtMillis)}` }, m.health.status),
    h('td', {}, m.health.reasons.map((r) => `${r.check} ${r.status}: ${r.detail}`).join('; '))];
}

// How long a revocation took to reach every node is known where it was taken (since that node started).
function reach(r) {
  if (!r?.takenHere) return 'taken elsewhere';
  return r.reachedAll ? age(r.tookMillis) : `not all: ${r.confirmed} of ${r.nodes} nodes`;
}

let decisionCounts = { ALLOW: 0, DENY: 0, ESCALATE: 0 };
let pushDecisionChart = () => {};

function decisionRow(d) {
  return h('tr', { dataset: { proposal: d.proposalId, decision: d.decision } },
    h('td', {}, time(d.decidedAtMillis)), h('td', { class: `decision ${d.decision}` }, d.decision),
    h('td', {}, d.agent), h('td', {}, d.target), h('td', {}, d.operation),
    h('td', { title: (d.reasons ?? []).map((r) => `${r.code}: ${r.detail}`).join('\n') }, reasons(d.reasons)),
    h('td', {}, h('a', { href: '#lineage', onclick: () => showLineage('id', d.proposalId) }, d.proposalId)));
}

function addDecision(d) {
  const tbody = $('decisions');
  tbody.prepend(decisionRow(d));
  while (tbody.children.length > 200) tbody.lastChild.remove();
  decisionCounts[d.decision] = (decisionCounts[d.decision] ?? 0) + 1;
}

async function renderApprovals() {
  const list = await api('/api/approvals');
  if (list.length === 0) {
    fill($('approvals'), [none(6, 'no escalation is waiting for an approver')]);
    return;
  }
  fill($('approvals'), list.map((a) => h('tr', { dataset: { proposal: a.proposalId } },
    h('td', {}, a.proposalId), h('td', {}, a.agent),
    h('td', {}, `${a.operation} ${a.target} ${JSON.stringify(a.parameters ?? {})} (risk ${a.riskScore ?? 0})`),
    h('td', {}, reasons(a.reasons)), h('td', {}, time(a.expiresAtMillis)),
    h('td', {},
      h('a', { href: `/api/approvals/${encodeURIComponent(a.proposalId)}/escalation`, download: `escalation-${a.proposalId}.json` },
        'escalation'),
      h('pre', { class: 'command' }, `writ approve --node <api-url> -e escalation-${a.proposalId}.json \\\n`
        + '  --approver <your id> --approver-key <your key>')))));
}

async function showLineage(by, query) {
  location.hash = '#lineage';
  $('lineage-by').value = by;
  $('lineage-query').value = query;
  const out = $('lineage-result');
  const error = $('lineage-error');
  error.hidden = true;
  try {
    const params = new URLSearchParams({ [by]: query });
    const result = await api(`/api/lineage?${params}`);
    if (by === 'agent') {
      out.replaceChildren(h('table', {}, h('tbody', { id: 'agent-decisions' }, ...result.map(decisionRow))));
      return;
    }
    const items = result.timeline.map((r) => h('li', { dataset: { kind: r.kind } },
      h('strong', {}, r.kind), ` ${time(r.timeMillis)} by ${r.nodeId} — ${r.summary}`,
      h('dl', {},
        h('dt', {}, 'position'), h('dd', {}, `${r.lane}#${r.seq}`),
        h('dt', {}, 'hash'), h('dd', { title: r.hash }, short(r.hash)),
        h('dt', {}, 'signature'), h('dd', { title: r.signature }, short(r.signature)),
        h('dt', {}, 'batch'), h('dd', { class: 'batch' }, r.batch ?? 'not anchored yet'),
        h('dt', {}, 'block'), h('dd', { class: 'block' }, r.block ?? '—'))));
    const head = h('p', {}, `proposal ${result.proposalId || '—'}, writ ${result.jti || '—'}: ${items.length} records`);
    const parts = [head, h('ol', { id: 'timeline', class: 'timeline' }, ...items)];
    if (result.jti) {
      parts.push(h('a', { id: 'bundle-link', href: `/api/bundles/${encodeURIComponent(result.jti)}`,
        download: `bundle-${result.jti}.json` }, 'Download the proof bundle'));
    }
    out.replaceChildren(...parts);
  } catch (e) {
    out.replaceChildren();
    error.hidden = false;
    error.dataset.code = e.code ?? '';
    error.textContent = `${e.code}: ${e.message}`;
  }
}

async function renderRevocations() {
  const r = await api('/api/revocations');
  $('revocations-own').textContent = `domain ${r.domain}: epoch ${r.heldEpoch} held here`
    + (r.stale ? ` — STALE (older than ${r.stalenessBoundMillis} ms)` : '');
  fill($('revocations'), [...r.entries].reverse().map((e) => h('tr', {},
    h('td', {}, e.epoch), h('td', {}, e.revokedKind), h('td', {}, e.revokedSubject), h('td', {}, e.reason),
    h('td', {}, e.issuer), h('td', {}, time(e.revokedAtMillis)), h('td', {}, age(e.recordedAfterMillis)),
    h('td', { class: 'reach' }, reach(e.reach)), h('td', {}, `${e.lane}#${e.seq}`))));
  const partners = r.partners.map((p) => h('tr', {},
    h('td', {}, p.domain), h('td', {}, p.heldEpoch), h('td', {}, p.announcedEpoch), h('td', {}, p.verdict),
    h('td', {}, age(p.beaconAgeMillis))));
  fill($('revocations-partners'), partners.length ? partners : [none(5, 'no partner domains (writ.exchange)')]);
}

let pushAnchoringChart = () => {};

function renderAnchoringStatus(a) {
  const entries = [
    ['backlog (records not in a batch)', a.backlogRecords],
    ['newest batch sealed', age(a.sealedAgeMillis) + ' ago'],
    ['chain', a.chainEnabled ? `${a.chain?.level} at block ${a.chain?.headNumber}, ${a.chain?.openBatches} batches open`
      : 'off (writ.chain.enabled = false)'],
    ['chain reasons', (a.chain?.reasons ?? []).map((r) => `${r.code}: ${r.detail}`).join('; ') || 'none'],
    ['batches confirmed here', a.confirmedBatches],
    ['gas used', a.gasUsed],
    ['fees (wei)', a.feeWei],
  ];
  $('anchoring-status').replaceChildren(...entries.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
  pushAnchoringChart([a.backlogRecords]);
}

async function renderAnchoring() {
  const a = await api('/api/anchoring');
  renderAnchoringStatus(a);
  fill($('batches'), a.batches.map((b) => h('tr', {},
    h('td', {}, b.batchSeq), h('td', {}, b.treeSize), h('td', {}, b.ranges), h('td', { title: b.root }, short(b.root)),
    h('td', {}, time(b.sealedAtMillis)), h('td', {}, b.block ?? '—'), h('td', { title: b.tx ?? '' }, short(b.tx)))));
}

async function renderDrills() {
  const d = await api('/api/drills');
  if (!d.configured) {
    fill($('drills'), [h('li', {}, 'No drill report directory is configured (writ.console.drill-reports).')]);
    return;
  }
  fill($('drills'), d.runs.map((run) => h('li', { dataset: { run: run.name } }, run.name, ': ',
    ...run.files.flatMap((f) => [h('a', {
      href: `/api/drills/${encodeURIComponent(run.name)}/${encodeURIComponent(f)}`, target: '_blank', rel: 'noopener',
    }, f), ' ']))));
}

const loaders = { approvals: renderApprovals, revocations: renderRevocations, anchoring: renderAnchoring, drills: renderDrills };

function show(view) {
  const name = views.includes(view) ? view : 'fabric';
  for (const v of views) $(`view-${v}`).hidden = v !== name;
  for (const a of document.querySelectorAll('nav a')) a.classList.toggle('current', a.dataset.view === name);
  document.body.dataset.view = name;
  const load = loaders[name];
  if (load) load().catch((e) => { if (e.code === 'CONSOLE_SESSION_REQUIRED') showLogin(null); });
}

// ---------------------------------------------------------------- live stream

let stream;

function follow() {
  stream?.close();
  const params = new URLSearchParams({ agent: $('filter-agent').value.trim(), target: $('filter-target').value.trim() });
  $('decisions').replaceChildren();
  stream = new EventSource(`/api/stream?${params}`);
  stream.addEventListener('open', () => badge($('live'), 'live'));
  stream.addEventListener('error', () => badge($('live'), 'reconnecting'));
  stream.addEventListener('fabric', (e) => renderFabric(JSON.parse(e.data)));
  stream.addEventListener('anchoring', (e) => {
    const a = JSON.parse(e.data);
    if (!$('view-anchoring').hidden) renderAnchoringStatus(a);
    else pushAnchoringChart([a.backlogRecords]);
    pushDecisionChart([decisionCounts.ALLOW, decisionCounts.DENY, decisionCounts.ESCALATE]);
    decisionCounts = { ALLOW: 0, DENY: 0, ESCALATE: 0 };
  });
  stream.addEventListener('decision', (e) => addDecision(JSON.parse(e.data)));
  stream.addEventListener('failure', (e) => badge($('live'), JSON.parse(e.data).code));
  stream.addEventListener('logout', () => {
    stream.close();
    showLogin(null);
  });
}

async function start() {
  const operator = await login();
  if (!operator) return;
  $('login').hidden = true;
  $('app').hidden = false;
  $('logout').hidden = false;
  $('whoami').textContent = `operator ${operator}`;
  $('logout').addEventListener('click', async () => {
    stream?.close();
    await api('/api/logout', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    showLogin(null);
  });
  pushDecisionChart = liveChart($('decision-chart'), ['ALLOW', 'DENY', 'ESCALATE'], ['#2a7', '#c33', '#d90']);
  pushAnchoringChart = liveChart($('anchoring-chart'), ['backlog'], ['#36c']);
  $('decision-filter').addEventListener('submit', (e) => { e.preventDefault(); follow(); });
  $('lineage-form').addEventListener('submit', (e) => {
    e.preventDefault();
    showLineage($('lineage-by').value, $('lineage-query').value.trim());
  });
  window.addEventListener('hashchange', () => show(location.hash.slice(1)));
  follow();
  show(location.hash.slice(1));
}

start();
