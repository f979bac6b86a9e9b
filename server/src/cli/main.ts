// Entry point of dist/cli.js, the `authlog` command.
//   authlog lint <files...>    check log4j configuration files (same rules as the editor)
//   authlog logs ...           read Atlassian logs (server/src/cli/logs.ts)
import { createConfigService } from '../config/service';
import { runLint } from './lint';
import { version } from '../../../package.json';

const usage = `authlog ${version}: audit and diagnostics logging of Jira and Confluence authentication apps.

Usage:
  authlog lint <file...> [--format text|json] [--rule <id>=<severity>]...
  authlog logs summary <file...> [--json]
  authlog logs grep <file...> [--kind k] [--outcome o] [--failures] [--user u] [--ip a] [--text t] [--json]
  authlog --help | --version

Run "authlog lint --help" for the rules and exit codes, "authlog logs --help" for the log commands.`;

// A reader that stops early (`| head -1`) closes the pipe: that ends the command, quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const out = (text: string): void => void process.stdout.write(text);
const err = (text: string): void => void process.stderr.write(text);

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
      err(usage + '\n');
      return 2;
    case '-h':
    case '--help':
    case 'help':
      out(usage + '\n');
      return 0;
    case '-v':
    case '--version':
      out(version + '\n');
      return 0;
    case 'lint':
      return runLint(rest, (product) => createConfigService({ product }), { stdout: out, stderr: err });
    case 'logs': {
      // Loaded on demand (bundled all the same): `lint` neither waits for nor depends on the log code.
      const { runLogsCommand } = await import('./logs');
      return runLogsCommand(rest, { stdout: out, stderr: err });
    }
    default:
      err(`authlog: unknown command "${command}"\n\n${usage}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    // Let stdout drain before leaving (large JSON through a pipe).
    process.exitCode = code;
  },
  (error: unknown) => {
    err(`authlog: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
