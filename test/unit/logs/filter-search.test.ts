// The text/user/ip filter's search in the workers (jobs.ts runFilterWith): an ASCII needle is found
// case-insensitively in a copy of the bytes with A-Z lowered four bytes at a time (lowerAsciiInto);
// the entries it matches must be exactly those whose text contains the needle in any case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lowerAsciiInto, runFilterWith } from '../../../server/src/logs/jobs';
import { LoweredFinder } from '../../../server/src/logs/scanWasm';
import { requiredAlternatives, requiredLiteral } from '../../../server/src/logs/filter';
import type { JobMessage } from '../../../server/src/logs/jobs';
import type { LogFilter } from '../../../shared/protocol';
import { rng } from './rng';

const lowerByte = (b: number): number => (b >= 0x41 && b <= 0x5a ? b | 0x20 : b);

/** Log entries (one line each) as one file's bytes, and the filter over them (runFilterWith with the file's entries): the ids it matches. */
function filterOver(entries: string[]): (filter: LogFilter, chunkSize: number, noWasm: boolean) => number[] {
  const data = Buffer.from(entries.join(''), 'utf8');
  const starts: number[] = [];
  const ends: number[] = [];
  let at = 0;
  for (const e of entries) {
    const len = Buffer.byteLength(e, 'utf8');
    starts.push(at);
    ends.push(at + len);
    at += len;
  }
  const ids = Float64Array.from(entries.map((_, i) => i));
  return (filter, chunkSize, noWasm) => {
    let got: number[] = [];
    runFilterWith(
      (buf, off, len, pos) => data.copy(buf, off, pos, Math.min(data.length, pos + len)),
      { format: 'jira', filter, ids, starts: Float64Array.from(starts), ends: Float64Array.from(ends), flags: new Uint8Array(ids.length), lines: new Float64Array(ids.length).fill(1), chunkSize, noWasm },
      (m: JobMessage) => {
        if (m.type === 'matched') got = [...m.ids];
      },
    );
    return got;
  };
}

/**
 * Random regexes of `minAtoms` to `minAtoms` + 6 `atoms` (invalid ones skipped), each run with or
 * without the i flag on 40 random texts of `alphabet`: `check(source, text)` for every text it
 * matches; returns how many checks asserted something (check returns false when it had nothing to assert).
 */
function forRandomMatches(seed: number, atoms: string[], minAtoms: number, alphabet: string, check: (source: string, text: string) => boolean): number {
  const r = rng(seed);
  let checked = 0;
  for (let k = 0; k < 20_000; k++) {
    let src = '';
    const len = minAtoms + Math.floor(r() * 7);
    for (let i = 0; i < len; i++) src += atoms[Math.floor(r() * atoms.length)]!;
    let re: RegExp;
    try {
      re = new RegExp(src, r() < 0.5 ? 'i' : '');
    } catch {
      continue;
    }
    for (let t = 0; t < 40; t++) {
      let text = '';
      const tl = Math.floor(r() * 16);
      for (let i = 0; i < tl; i++) text += alphabet[Math.floor(r() * alphabet.length)]!;
      if (re.test(text) && check(src, text)) checked++;
    }
  }
  return checked;
}

test('lowerAsciiInto lowers A-Z and nothing else, at any alignment and length', () => {
  const r = rng(7);
  // Every byte value, in every position of a word.
  const all = Uint8Array.from({ length: 1024 }, (_, i) => (i * 13 + (i >> 8)) & 0xff);
  for (let shift = 0; shift < 4; shift++) {
    const src = all.subarray(shift);
    const dst = new Uint8Array(src.length);
    lowerAsciiInto(src, src.length, dst);
    assert.deepEqual(dst, src.map(lowerByte));
  }
  for (let k = 0; k < 2000; k++) {
    const n = Math.floor(r() * 70);
    const ab = new ArrayBuffer(n + 8);
    const src = new Uint8Array(ab, Math.floor(r() * 4), n);
    for (let i = 0; i < n; i++) src[i] = r() < 0.5 ? 0x40 + Math.floor(r() * 0x1c) : Math.floor(r() * 256); // many near 'A'..'Z'
    const dst = new Uint8Array(new ArrayBuffer(n + 8), Math.floor(r() * 4), n);
    lowerAsciiInto(src, n, dst);
    assert.deepEqual([...dst], [...src].map(lowerByte), `case ${k}`);
  }
});

test('a text filter matches exactly the entries holding the needle in any case (words cut anywhere, non-ASCII around)', () => {
  const r = rng(11);
  const needle = 'lars.hansen';
  const words = ['Zoë', 'Ärger', 'login', 'FAILED', 'lars', 'hansen', 'LARS.HANSEN', 'Lars.Hansen', 'lArS.hAnSeN', 'lars_hansen', 'lars.hanse', 'ß', '€'];
  const entries: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const n = 1 + Math.floor(r() * 12);
    const parts: string[] = [];
    for (let k = 0; k < n; k++) parts.push(words[Math.floor(r() * words.length)]!);
    entries.push(`2024-01-01 00:00:00,000 INFO ${' '.repeat(Math.floor(r() * 4))}${parts.join(r() < 0.5 ? ' ' : '')}\n`);
  }
  const filterEntries = filterOver(entries);
  const expected = entries.flatMap((e, i) => (e.toLowerCase().includes(needle) ? [i] : []));
  assert.ok(expected.length > 100 && expected.length < entries.length - 100, 'the data has matches and misses');
  // Small chunks: many groups, each read into the buffer on its own.
  for (const chunkSize of [4096, 1 << 20]) {
    for (const [filter, noWasm] of [[{ text: 'LARS.Hansen' }, false], [{ text: needle }, true], [{ text: needle }, false]] as const) {
      assert.deepEqual(filterEntries(filter, chunkSize, noWasm), expected, `${JSON.stringify(filter)}, chunks of ${chunkSize}, ${noWasm ? 'JavaScript' : 'WebAssembly'}`);
    }
  }
});

test('LoweredFinder (WebAssembly) gives every place a lowered ASCII needle starts, in any case, overlapping ones too', () => {
  assert.equal(LoweredFinder.create('Admin'), undefined, 'a needle must be given lowered');
  assert.equal(LoweredFinder.create('zoë'), undefined, 'ASCII only');
  const r = rng(5);
  const alphabet = 'aAbB.-_ \n\xc3\x84\xff@[`{';
  for (let k = 0; k < 600; k++) {
    const n = 1 + Math.floor(r() * (k % 3 === 0 ? 20 : 4));
    let needle = '';
    for (let i = 0; i < n; i++) needle += 'ab.-_ '[Math.floor(r() * 6)]!;
    const finder = LoweredFinder.create(needle);
    assert.ok(finder, 'the module runs here');
    for (const len of [0, 1, 15, 16, 17, 31, 32, 33, Math.floor(r() * 300)]) {
      const hay = Buffer.alloc(len);
      for (let i = 0; i < len; i++) hay[i] = alphabet.charCodeAt(Math.floor(r() * alphabet.length));
      const lowered = [...hay].map(lowerByte);
      const expected: number[] = [];
      for (let i = 0; i + n <= len; i++) if (lowered.slice(i, i + n).every((b, j) => b === needle.charCodeAt(j))) expected.push(i);
      assert.deepEqual([...finder.find(hay, len)], expected, `needle ${JSON.stringify(needle)}, ${len} bytes`);
    }
  }
  // A long haystack: the buffer grows, places far in are found.
  const big = Buffer.alloc(300_000, 'x');
  big.write('LaRs.HaNsEn', 299_980, 'latin1');
  big.write('lars.hansen', 70_000, 'latin1');
  assert.deepEqual([...LoweredFinder.create('lars.hansen')!.find(big, big.length)], [70_000, 299_980]);
});

test('LoweredFinder over 2 to 4 needles (WebAssembly, one pass) gives every place one of them starts, each once, in any case', () => {
  assert.equal(LoweredFinder.createAny(['ab', 'Cd']), undefined, 'needles must be given lowered');
  assert.equal(LoweredFinder.createAny(['ab', 'x'.repeat(65)]), undefined, 'several needles: 64 bytes each at most');
  assert.equal(LoweredFinder.createAny(['a', 'b', 'c', 'd', 'e']), undefined, 'at most 4 needles');
  // A needle cut by the end of the haystack is no match, whatever the memory after it holds (here: the rest of it, from the search before).
  const cut = LoweredFinder.createAny(['abcd', 'zz'])!;
  for (const before of [40, 47]) {
    assert.deepEqual([...cut.find(Buffer.from('x'.repeat(before) + 'abcd'), before + 4)], [before]);
    assert.deepEqual([...cut.find(Buffer.from('x'.repeat(before) + 'ab'), before + 2)], [], `a cut needle after ${before} bytes`);
  }
  const r = rng(17);
  const alphabet = 'aAbB.-_ \n\xc3\x84\xff@[`{';
  const pick = (n: number): string => {
    let t = '';
    for (let i = 0; i < n; i++) t += 'ab.-_ '[Math.floor(r() * 6)]!;
    return t;
  };
  for (let k = 0; k < 400; k++) {
    const count = 2 + Math.floor(r() * 3);
    // Lengths from 1 to 64: different ones in one finder, shorter and longer than a 16-byte block.
    const needles = Array.from({ length: count }, () => pick(1 + Math.floor(r() * (k % 4 === 0 ? 64 : 5))));
    const finder = LoweredFinder.createAny(needles);
    assert.ok(finder, 'the module runs here');
    for (const len of [0, 1, 15, 16, 17, 31, 32, 33, 80, Math.floor(r() * 400)]) {
      const hay = Buffer.alloc(len);
      for (let i = 0; i < len; i++) hay[i] = alphabet.charCodeAt(Math.floor(r() * alphabet.length));
      const lowered = [...hay].map(lowerByte);
      const expected: number[] = [];
      for (let i = 0; i < len; i++) {
        if (needles.some((nd) => i + nd.length <= len && [...nd].every((c, j) => lowered[i + j] === c.charCodeAt(0)))) expected.push(i);
      }
      assert.deepEqual([...finder.find(hay, len)], expected, `needles ${JSON.stringify(needles)}, ${len} bytes`);
    }
  }
});

test('requiredLiteral: what every match of a regex holds, case aside; nothing when an alternative or optional part could leave it out', () => {
  const cases: [string, string | undefined][] = [
    ['Kerberos.*lockout', 'kerberos'],
    ['/^The user .* has FAILED/i', ' has failed'],
    ['\\.com\\.kantegasso\\b', '.com.kantegasso'],
    ['colou?r', 'colo'],
    ['abc{0,2}def', 'def'],
    ['ab?cde', 'cde'],
    ['abc(d|e)fgh', 'abc'],
    ['(?:foo|bar)bazqux', 'bazqux'],
    ['\\x41BCD', 'bcd'],
    ['a\\|bcd', 'a|bcd'],
    ['zoë admin', ' admin'],
    ['token|password', undefined],
    ['[abc]de', undefined],
    ['/[[a-z]--[aeiou]]xyz/v', undefined],
  ];
  for (const [re, lit] of cases) assert.equal(requiredLiteral(re), lit, re);

  // Random patterns and texts: whenever the regex matches, the text holds the literal.
  const atoms = ['a', 'b', 'c', 'ab', 'abc', 'B', '.', '*', '+', '?', '{0,2}', '{1,2}', '{2}', '(a|b)', '(?:ab)?', '[ab]', '\\d', '\\.', '\\b', '^', '$', '|', 'x{', '\\x61', '(c)+'];
  const checked = forRandomMatches(3, atoms, 1, 'aaabbbcccABC.1 x{', (src, text) => {
    const lit = requiredLiteral(src);
    if (!lit) return false;
    assert.ok(text.toLowerCase().includes(lit), `/${src}/ matches ${JSON.stringify(text)} without ${JSON.stringify(lit)}`);
    return true;
  });
  assert.ok(checked > 500, `matches checked: ${checked}`);
});

test('requiredAlternatives: one literal per top-level alternative (classes, groups and escapes keep their bars); nothing when an alternative has none', () => {
  const cases: [string, string[] | undefined][] = [
    ['token|password', ['token', 'password']],
    ['/^Found a matching token|Token verification .* failed/i', ['found a matching token', 'token verification ']],
    ['(a|b)cde|fgh', ['cde', 'fgh']],
    ['[|]abc|def', ['abc', 'def']],
    ['a\\|bcd|efg', ['a|bcd', 'efg']],
    ['(?:x|y)|abc', undefined],
    ['abc|x', undefined],
    ['abc|', undefined],
    ['abc|abc', ['abc']],
    ['kerberos', ['kerberos']],
    ['/abc|def/v', undefined],
  ];
  for (const [re, lits] of cases) assert.deepEqual(requiredAlternatives(re), lits, re);

  // Random patterns with top-level alternatives: whenever the regex matches, the text holds one of the literals.
  const atoms = ['a', 'b', 'c', 'ab', 'abc', 'bca', 'B', '.', '*', '?', '{0,2}', '(a|b)', '[ab|]', '\\d', '\\|', '^', '$', '|', '|', 'cab'];
  const checked = forRandomMatches(9, atoms, 2, 'aaabbbcccABC.1 |', (src, text) => {
    const lits = requiredAlternatives(src);
    if (!lits) return false;
    assert.ok(lits.some((l) => text.toLowerCase().includes(l)), `/${src}/ matches ${JSON.stringify(text)} without any of ${JSON.stringify(lits)}`);
    return true;
  });
  assert.ok(checked > 500, `matches checked: ${checked}`);
});

test('a regex filter with top-level alternatives matches exactly the entries the regex matches (searched by its alternatives)', () => {
  const r = rng(13);
  const words = ['Token', 'verification', 'FAILED', 'failed', 'for', 'user', 'Found', 'a', 'matching', 'token', 'Zoë', 'denied', 'DENIED', 'ok', '€'];
  const entries: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const n = 1 + Math.floor(r() * 10);
    const parts: string[] = [];
    for (let k = 0; k < n; k++) parts.push(words[Math.floor(r() * words.length)]!);
    entries.push(`2024-01-01 00:00:00,000 INFO ${parts.join(r() < 0.8 ? ' ' : '')}\n`);
  }
  const filterEntries = filterOver(entries);
  for (const source of ['/verification failed|denied for user/i', 'FAILED for|matching token|Zoë denied']) {
    const re = new RegExp(source.replace(/^\/(.*)\/([a-z]*)$/, '$1'), source.endsWith('/i') ? 'i' : '');
    assert.ok((requiredAlternatives(source) ?? []).length > 1, `${source} is searched by its alternatives`);
    const expected = entries.flatMap((e, i) => (re.test(e.replace(/\n$/, '')) ? [i] : []));
    assert.ok(expected.length > 20 && expected.length < entries.length - 100, `the data has matches and misses for ${source}: ${expected.length}`);
    for (const chunkSize of [4096, 1 << 20]) {
      for (const noWasm of [false, true]) {
        const got = filterEntries({ text: source, regex: true }, chunkSize, noWasm);
        assert.deepEqual(got, expected, `${source}, chunks of ${chunkSize}, ${noWasm ? 'JavaScript' : 'WebAssembly'}`);
      }
    }
  }
});
