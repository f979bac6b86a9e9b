// Entry point of dist/server.js: `node dist/server.js --stdio` (or --node-ipc, --socket=<port>,
// --pipe=<name>, as vscode-languageserver reads them from the command line).
import { LSPErrorCodes, createConnection, type Message, type ResponseMessage } from 'vscode-languageserver/node';
import { createConfigService } from '../config/service';
import { registerLogHandlers } from './logHandlers';
import { startServer } from './server';

const usage = `AuthLog language server (log4j configuration files of Jira and Confluence).

Usage: node dist/server.js --stdio | --node-ipc | --socket=<port> | --pipe=<name>

Speaks the Language Server Protocol; see README.md for editor set-up.`;

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  process.stdout.write(usage + '\n');
  process.exit(0);
}
if (argv.includes('--version')) {
  process.stdout.write('0.1.0\n');
  process.exit(0);
}
const transports = ['--stdio', '--node-ipc', '--socket', '--pipe'];
if (!argv.some((a) => transports.some((t) => a === t || a.startsWith(t + '=')))) {
  process.stderr.write(`authlog server: no transport given.\n\n${usage}\n`);
  process.exit(2);
}

// A request cancelled while still queued is answered at once instead of being run.
const connection = createConnection({
  cancelUndispatched: (message: Message): ResponseMessage | undefined => {
    const id = (message as { id?: number | string }).id;
    if (id === undefined) return undefined;
    return { jsonrpc: '2.0', id, error: { code: LSPErrorCodes.RequestCancelled, message: 'Request cancelled' } };
  },
});

// Never die on a bug: log it and keep serving the other documents.
process.on('uncaughtException', (error) => {
  connection.console.error(`uncaught exception: ${error.stack ?? error.message}`);
});
process.on('unhandledRejection', (reason) => {
  connection.console.error(`unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
});
// Parent gone (IPC transport): nothing left to serve.
process.on('disconnect', () => process.exit(0));

startServer(connection, createConfigService(), {
  serviceForProduct: (product) => createConfigService({ product }),
  // The log viewer's requests (authlog/logs/*) on the same connection.
  extensions: [(c) => registerLogHandlers(c)],
});
