// Candidate entries handed over as UTF-8 bytes (CandidateSink, ScanOptions.onCandidateBytes): the
// receiver must decode exactly the texts, line counts, sizes and batch indexes onCandidate gets,
// from both scanners, whatever the chunk size (entries that began in an earlier chunk are read
// again), and a reused buffer must not leak the bytes of an earlier hand-over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CandidateSink, candidateBuffer, candidateText, type CandidateTexts } from '../../../server/src/logs/candidates';
import { prefilterKeywords } from '../../../server/src/logs/rows';
import { scanRange, type ReadFn } from '../../../server/src/logs/scan';

function reader(bytes: Buffer): ReadFn {
  return (buf, off, n, pos) => bytes.copy(buf, off, pos, Math.min(pos + n, bytes.length));
}

type Seen = [text: string, lines: number, size: number, entry: number];

function unpack(c: CandidateTexts): Seen[] {
  const out: Seen[] = [];
  for (let k = 0; k < c.count; k++) out.push([candidateText(c, k), c.lines[k]!, c.bytes[k]!, c.entries[k]!]);
  return out;
}

// Auth events of every kind, a byte order mark, CRLF line ends, a multi-line entry, non-ASCII text
// and a broken UTF-8 sequence: what the decode on the receiving side must reproduce.
const crafted = Buffer.concat([
  Buffer.from([0xef, 0xbb, 0xbf]),
  Buffer.from(
    '2024-03-04 07:59:01,052+0000 http-nio-8080-exec-22 INFO anonymous 192.168.5.23 /rest/api/2/search [d.resolution.apitokenauth.ApiTokenAuthenticationService] Found a matching token for authenticating user zoë, created on 1709000000000. REST endpoint: /rest/api/2/search\r\n' +
      '2024-03-04 07:59:58,707 https-jsse-nio-8443-exec-5 WARN anonymous 478x105x2 1nwz6o4 192.168.5.23 /login.jsp [com.kantegasso.DiagnosticsLog] {"timestamp":"2024-03-04 07:58:58,389","context":"Kerberos",\n  "message":"Authentication has FAILED"}\n' +
      '2024-03-04 08:00:02,018 main INFO [c.a.j.startup] plain entry\n' +
      '2024-03-04 08:00:24,047+0000 http-nio-8080-exec-7 INFO anonymous 198.51.100.14 /rest/api/2/myself [d.resolution.apitokenauth.ApiTokenAuthenticationService] User b',
  ),
  Buffer.from([0xc3, 0x28]),
  Buffer.from('d tried to authenticate with an invalid token or a regular password. REST endpoint: /rest/api/2/myself\r'),
]);

const inputs: [string, Buffer][] = [
  ['the Jira fixture', readFileSync('test/fixtures/logs/jira/atlassian-jira.log')],
  ['the API token fixture', readFileSync('test/fixtures/logs/apitokenservice.log')],
  ['crafted bytes', crafted],
];

test('the bytes handed over decode to the texts onCandidate gets (both scanners, chunk sizes down to 64 bytes)', () => {
  for (const [name, bytes] of inputs) {
    for (const engine of ['auto', 'js'] as const) {
      for (const chunkSize of [64, 4096, 1 << 20]) {
        const expected: Seen[] = [];
        scanRange(reader(bytes), 0, bytes.length, {
          keywords: prefilterKeywords,
          engine,
          chunkSize,
          onCandidate: (text, lines, size, entry) => (expected.push([text, lines, size, entry]), [0, 0]),
        });
        const sink = new CandidateSink();
        const got: Seen[] = [];
        scanRange(reader(bytes), 0, bytes.length, {
          keywords: prefilterKeywords,
          engine,
          chunkSize,
          onCandidateBytes: (src, s, e, lines, size, entry) => sink.add(src, s, e, lines, size, entry),
          // A batch's candidates are taken when it is handed out, as the index job does.
          onBatch: () => void got.push(...unpack(sink.take())),
        });
        got.push(...unpack(sink.take()));
        assert.ok(expected.length > 0, `${name}: candidates found`);
        assert.deepEqual(got, expected, `${name}, ${engine}, chunks of ${chunkSize}`);
        for (const [text] of got) assert.ok(!/[\r\n]$/.test(text) && !text.startsWith('\ufeff'), `${name}: no line end, no byte order mark: ${JSON.stringify(text.slice(-20))}`);
        if (bytes === crafted) {
          const lines = crafted.toString('utf8').slice(1).split(/\r?\n/);
          assert.deepEqual(
            got.map((g) => g[0]),
            [lines[0], `${lines[1]}\n${lines[2]}`, lines[4]!.replace(/\r$/, '')],
            `${engine}, chunks of ${chunkSize}: the three auth events, whole`,
          );
          assert.ok(got[2]![0].includes('User b\ufffd(d tried'), 'the broken sequence decodes to U+FFFD');
        }
      }
    }
  }
});

test('a sink grows past its first room without losing what it holds, and a reused buffer shows none of its old bytes', () => {
  const handedBack: ArrayBuffer[] = [];
  let asked = 0;
  const sink = new CandidateSink((bytes) => {
    asked++;
    const k = handedBack.findIndex((b) => b.byteLength >= bytes);
    return k >= 0 ? handedBack.splice(k, 1)[0] : undefined;
  });
  const texts = Array.from({ length: 1000 }, (_, i) => `entry ${i} ${'x'.repeat(i % 300)} é`);
  for (let i = 0; i < texts.length; i++) {
    const b = Buffer.from(`>${texts[i]}<`);
    sink.add(b, 1, b.length - 1, 1 + (i % 3), b.length + 7, i * 2);
  }
  const first = sink.take();
  assert.equal(first.count, 1000);
  assert.deepEqual(
    unpack(first),
    texts.map((t, i) => [t, 1 + (i % 3), Buffer.byteLength(t) + 9, i * 2]),
  );
  // Handed back, then filled with fewer, shorter texts: only those come out.
  handedBack.push(candidateBuffer(first));
  const before = asked;
  const sink2Texts = ['a', 'bc', ''];
  // The sink's next buffer was made at the first take; the one handed back serves the take after.
  for (const t of sink2Texts) sink.add(Buffer.from(t), 0, Buffer.byteLength(t), 1, 1, 0);
  const second = sink.take();
  assert.deepEqual(unpack(second).map((s) => s[0]), sink2Texts);
  assert.ok(asked > before, 'asked for a buffer to reuse');
  for (const t of ['zz', 'y']) sink.add(Buffer.from(t), 0, t.length, 1, 1, 0);
  const third = sink.take();
  assert.equal(candidateBuffer(third), candidateBuffer(first), 'the buffer handed back was reused');
  assert.deepEqual(unpack(third).map((s) => s[0]), ['zz', 'y']);
});
