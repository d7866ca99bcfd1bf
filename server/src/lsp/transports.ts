/** The arguments that name a transport: the client starts the server with --node-ipc, other editors with --stdio. */
const transports = ['--stdio', '--node-ipc', '--socket', '--pipe', '--clientProcessId'];

/** Whether the command line starts a language server (rather than asking for `--version` or `--help`). */
export function namesTransport(args: readonly string[]): boolean {
  return args.some((arg) => transports.some((t) => arg === t || arg.startsWith(`${t}=`)));
}
