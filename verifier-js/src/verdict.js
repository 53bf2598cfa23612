// Every check of one bundle, in the order they ran (bundle/BundleVerdict, Check), and the two
// forms `writ verify` prints: one line per check for people (VerdictText), JSON for machines (VerdictJson).

export const Status = Object.freeze({ PASS: 'PASS', FAIL: 'FAIL', SKIP: 'SKIP' });

/** The check a verdict holds alone when the bundle or the key set could not be read (exit 2). */
export const READ_CHECK = 'bundle.read';

export const pass = (name, detail) => ({ name, status: Status.PASS, fault: null, detail });
export const fail = (name, fault, detail) => ({ name, status: Status.FAIL, fault, detail });
export const skip = (name, detail) => ({ name, status: Status.SKIP, fault: null, detail });

/** The bundle holds if no check failed; it is verified only if, besides, none was skipped. */
export class Verdict {
  constructor(checks) {
    this.checks = Object.freeze([...checks]);
  }

  get holds() {
    return this.checks.every((c) => c.status !== Status.FAIL);
  }

  get verified() {
    return this.checks.every((c) => c.status === Status.PASS);
  }

  get skipped() {
    return this.checks.filter((c) => c.status === Status.SKIP);
  }

  /** The fault of the first failed check, or null: the short answer to "why not?". */
  get firstFault() {
    return this.checks.find((c) => c.status === Status.FAIL)?.fault ?? null;
  }

  /** The same verdict with the check of {@code check.name} replaced by {@code check} (appended if absent). */
  replacing(check) {
    const at = this.checks.findIndex((c) => c.name === check.name);
    return new Verdict(at < 0 ? [...this.checks, check] : this.checks.map((c, i) => (i === at ? check : c)));
  }
}

/** `writ verify --json`: {bundle, verified, holds, skipped, fault, checks: [{name, status, fault, detail}]}. */
export function verdictJson(file, verdict) {
  return JSON.stringify({
    bundle: file,
    verified: verdict.verified,
    holds: verdict.holds,
    skipped: verdict.skipped.map((c) => c.name),
    fault: verdict.firstFault,
    checks: verdict.checks.map(({ name, status, fault, detail }) => ({ name, status, fault, detail })),
  });
}

/** For people: one line per check, then the answer, which never says VERIFIED when a check was skipped. */
export function verdictText(file, verdict, allowPartial) {
  let out = `verify ${file}\n`;
  for (const c of verdict.checks) {
    out += `  ${c.status.padEnd(4)} ${c.name.padEnd(20)} ${c.fault === null ? '' : `${c.fault}: `}${c.detail}\n`;
  }
  return out + verdictAnswer(verdict, allowPartial);
}

/** The last line of {@link verdictText}: the answer alone, as the proof viewer shows it. */
export function verdictAnswer(verdict, allowPartial) {
  const notChecked = verdict.skipped.map((c) => c.name).join(', ');
  if (!verdict.holds) return `REFUSED: ${verdict.firstFault ?? '?'}`;
  if (verdict.verified) return 'VERIFIED: every check performed and holds';
  if (allowPartial) return `ACCEPTED WITH --allow-partial, NOT VERIFIED: what was checked holds; not checked: ${notChecked}`;
  return `NOT VERIFIED: consistent, but not checked: ${notChecked} (pin the domain's keys with --trusted-keys; `
    + 'compare with the chain using --rpc and --evidence-anchor)';
}

/** The exit codes of `writ verify`. */
export const Exit = Object.freeze({ VERIFIED: 0, REFUSED: 1, UNREADABLE: 2, NOT_VERIFIED: 3 });

export function exitCodeOf(verdict, allowPartial) {
  if (verdict.checks.some((c) => c.name === READ_CHECK)) return Exit.UNREADABLE;
  if (!verdict.holds) return Exit.REFUSED;
  return verdict.verified || allowPartial ? Exit.VERIFIED : Exit.NOT_VERIFIED;
}
