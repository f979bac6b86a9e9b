// decodeUtf8 (text.ts) decodes every candidate entry the indexer classifies: it must give exactly
// what the WHATWG TextDecoder gives (the decoder it replaced on that path), for valid and invalid
// UTF-8 alike, on Buffers and on plain Uint8Array views into a larger buffer (the scanner's memory).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeUtf8, entryText, stripEol } from '../../../server/src/logs/text';
import { rng } from './rng';

const reference = new TextDecoder('utf-8', { fatal: false });

/** The bytes as a view at an odd offset of a bigger ArrayBuffer, as the WebAssembly scanner hands them over. */
function viewOf(bytes: Uint8Array): Uint8Array {
  const ab = new ArrayBuffer(bytes.length + 13);
  const v = new Uint8Array(ab, 7, bytes.length);
  v.set(bytes);
  return v;
}

function check(bytes: Uint8Array, what: string): void {
  const want = reference.decode(bytes);
  assert.equal(decodeUtf8(bytes), want, `${what} (Uint8Array)`);
  assert.equal(decodeUtf8(viewOf(bytes)), want, `${what} (view)`);
  assert.equal(decodeUtf8(Buffer.from(bytes)), want, `${what} (Buffer)`);
}

test('decodeUtf8 equals TextDecoder on text and on every kind of invalid UTF-8', () => {
  const cases: [string, number[]][] = [
    ['empty', []],
    ['ascii', [...Buffer.from('2026-03-02 07:58:00,018+0000 INFO [c.a.j.x] user=admin')]],
    ['two, three and four byte sequences', [...Buffer.from('Åsa Øberg 東京 😀 ✓')]],
    ['a lone continuation byte', [0x41, 0x80, 0x42]],
    ['0xff and 0xfe', [0xff, 0xfe, 0x41]],
    ['a lead byte without its continuation', [0xc3, 0x28]],
    ['a three-byte sequence cut short', [0xe2, 0x82, 0x41]],
    ['a four-byte sequence cut short at the end', [0x41, 0xf0, 0x9f, 0x98]],
    ['an overlong encoding', [0xc0, 0xaf, 0xe0, 0x80, 0xaf]],
    ['an encoded surrogate', [0xed, 0xa0, 0x80, 0xed, 0xbf, 0xbf]],
    ['beyond U+10FFFF', [0xf4, 0x90, 0x80, 0x80, 0xf5, 0x80]],
    ['NUL bytes', [0x41, 0x00, 0x42, 0x00]],
    ['a byte order mark at the start (dropped)', [0xef, 0xbb, 0xbf, 0x41, 0x42]],
    ['only a byte order mark', [0xef, 0xbb, 0xbf]],
    ['a byte order mark inside (kept)', [0x41, 0xef, 0xbb, 0xbf, 0x42]],
    ['half a byte order mark', [0xef, 0xbb, 0x41]],
  ];
  for (const [what, bytes] of cases) check(Uint8Array.from(bytes), what);
});

test('decodeUtf8 equals TextDecoder on random bytes and random mixes of valid and broken sequences', () => {
  const r = rng(8);
  const pieces = [...['a', ' ', '\n', '\r\n', 'é', 'ß', '東', '😀', '\t'].map((s) => [...Buffer.from(s)]), [0x80], [0xbf], [0xc2], [0xe0, 0xa0], [0xf0, 0x90, 0x80], [0xff], [0xef, 0xbb, 0xbf], [0xed, 0xa0, 0x80]];
  for (let k = 0; k < 3000; k++) {
    const bytes: number[] = [];
    const n = Math.floor(r() * 40);
    if (k % 2) for (let i = 0; i < n; i++) bytes.push(Math.floor(r() * 256));
    else for (let i = 0; i < n; i++) bytes.push(...pieces[Math.floor(r() * pieces.length)]!);
    check(Uint8Array.from(bytes), `case ${k}: ${Buffer.from(bytes).toString('hex')}`);
  }
});

test('stripEol removes one line end', () => {
  assert.equal(stripEol('a\r\n'), 'a');
  assert.equal(stripEol('a\n\n'), 'a\n');
  assert.equal(stripEol('a\r'), 'a');
  assert.equal(stripEol('a'), 'a');
  assert.equal(stripEol(''), '');
});

test('entryText equals stripEol(decodeUtf8(...)) of the same bytes, line ends and broken sequences included', () => {
  const r = rng(21);
  const pieces = [...['a', ' ', '\n', '\r', '\r\n', 'é', '東', '😀'].map((s) => [...Buffer.from(s)]), [0x80], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xff], [0xef, 0xbb, 0xbf], [0xef, 0xbb]];
  const fixed: number[][] = [[], [0x0a], [0x0d], [0x0d, 0x0a], [0x0a, 0x0a], [0x0d, 0x0d, 0x0a], [0xef, 0xbb, 0xbf], [0xef, 0xbb, 0xbf, 0x0a], [0xef, 0xbb, 0x0a], [0xc3, 0x0a], [0xe2, 0x82, 0x0d, 0x0a]];
  const all = [...fixed];
  for (let k = 0; k < 3000; k++) {
    const bytes: number[] = [];
    const n = Math.floor(r() * 30);
    for (let i = 0; i < n; i++) bytes.push(...(k % 3 ? pieces[Math.floor(r() * pieces.length)]! : [Math.floor(r() * 256)]));
    all.push(bytes);
  }
  for (const bytes of all) {
    const want = stripEol(decodeUtf8(Uint8Array.from(bytes)));
    // inside a bigger buffer, as the scanners' chunk holds an entry
    const big = Buffer.concat([Buffer.from('xx\n'), Buffer.from(bytes), Buffer.from('yy')]);
    assert.equal(entryText(big, 3, 3 + bytes.length), want, Buffer.from(bytes).toString('hex'));
    assert.equal(entryText(viewOf(Uint8Array.from(bytes)), 0, bytes.length), want, `view ${Buffer.from(bytes).toString('hex')}`);
  }
});
