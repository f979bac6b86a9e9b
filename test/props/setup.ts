// What the property suites share: how many runs and which seed (the same environment variables for
// every suite), the fixture files they start from, and a per-kind count of the cases tried,
// printed when the file's tests end.
import { after } from 'node:test';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';

/**
 * Runs per property: AUTHLOG_PROP_RUNS, else `defaultRuns`. Seeds fast-check with
 * AUTHLOG_PROP_SEED, else `defaultSeed` (a fixed seed keeps CI reproducible);
 * AUTHLOG_PROP_SEED=random explores new cases.
 */
export function propRuns(defaultRuns: number, defaultSeed: number): number {
  if (process.env.AUTHLOG_PROP_SEED !== 'random') fc.configureGlobal({ seed: Number(process.env.AUTHLOG_PROP_SEED ?? defaultSeed) });
  return Number(process.env.AUTHLOG_PROP_RUNS ?? defaultRuns);
}

/** Every file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** A counter of cases tried per kind; `# <label> cases tried: total (kind: n, ...)` is printed after the file's tests. */
export function casesTried(label: string): (kind: string) => void {
  const tried: Record<string, number> = {};
  after(() => {
    const total = Object.values(tried).reduce((a, b) => a + b, 0);
    console.log(`# ${label} cases tried: ${total} (${Object.entries(tried).map(([k, v]) => `${k}: ${v}`).join(', ')})`);
  });
  return (kind) => {
    tried[kind] = (tried[kind] ?? 0) + 1;
  };
}
