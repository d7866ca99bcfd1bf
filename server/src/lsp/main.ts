import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { serverName, startServer } from './server';
import { namesTransport } from './transports';

// The language server (dist/server-main.js, which dist/server.js loads: launcher.ts).
const args = process.argv.slice(2);

if (args.includes('--version')) {
  console.log(process.env.IAM_POLICY_VERSION ?? 'iam-policy-language-server');
} else if (args.includes('--help') || !namesTransport(args)) {
  const usage = `Usage: iam-policy-language-server --stdio\n\n${serverName}'s language server for AWS IAM policies. It speaks the Language Server Protocol\nover standard input and output (--stdio), node IPC (--node-ipc) or a socket (--socket=PORT).`;
  if (args.includes('--help')) console.log(usage);
  else {
    console.error(usage);
    process.exitCode = 2;
  }
} else {
  const connection = createConnection(ProposedFeatures.all);
  // A stray console.log would corrupt the stdio stream; send it to the client's log instead.
  console.log = (...parts: unknown[]) => connection.console.log(parts.map(String).join(' '));
  console.info = console.log;
  process.on('uncaughtException', (error) => connection.console.error(`Uncaught: ${error.stack ?? error.message}`));
  process.on('unhandledRejection', (reason) => connection.console.error(`Unhandled rejection: ${String((reason as Error)?.stack ?? reason)}`));
  startServer(connection);
  connection.listen();
}
