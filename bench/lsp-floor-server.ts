// The transport floor of bench/lsp.ts: a language server on the same library as AuthLog's
// (vscode-languageserver over stdio, documents kept with vscode-languageserver-textdocument,
// incremental sync, pull diagnostics) that analyses nothing. Every pull is answered with the
// diagnostics read at start from the JSON file given as argv[2] (the ones AuthLog's server found
// in the same document), so a request moves the same bytes both ways as AuthLog's does.
// What this server takes for a didOpen + pull, or an edit + pull, is what any Node language server
// pays for those payloads before doing any analysis: the floor under bench/lsp.ts's figures.
//
// bench/lsp.ts bundles it with esbuild (bench/data/.build/lsp-floor-server.cjs) and runs
//   node lsp-floor-server.cjs DIAGNOSTICS.json --stdio
import { readFileSync } from 'node:fs';
import { createConnection, TextDocuments, TextDocumentSyncKind, type Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

const file = process.argv[2];
if (!file) {
  console.error('usage: node lsp-floor-server.cjs DIAGNOSTICS.json --stdio');
  process.exit(2);
}
const items = JSON.parse(readFileSync(file, 'utf8')) as Diagnostic[];
const connection = createConnection();
const documents = new TextDocuments(TextDocument);

connection.onInitialize(() => ({
  capabilities: {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
    diagnosticProvider: { identifier: 'floor', interFileDependencies: false, workspaceDiagnostics: false },
  },
}));
connection.languages.diagnostics.on((params) => {
  // The document is looked up as a real server would; its text is not read.
  if (!documents.get(params.textDocument.uri)) return { kind: 'full', items: [] };
  return { kind: 'full', items };
});
documents.listen(connection);
connection.listen();
