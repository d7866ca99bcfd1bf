import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { requireWithCodeCache } from '../launch/code-cache';
import { tuneForCommand, v8FlagsFor } from './batch-tuning';

// Entry of dist/cli.js, the `iam-policy` command. Linting and the account questions are batches run once, cold (every
// policy of a file or an account read once): some V8 flags for that are only read when code is compiled or objects
// are allocated, so they are set here, in a bundle of a few lines, before the CLI's own bundle is read and compiled.

type Commands = typeof import('./main');

// One cache per command: a cache holds every function the run that wrote it compiled, and reading one costs about as
// much as compiling the bundle's text, so `--version` reading the cache of a `lint` would gain nothing.
const cachedCommands = new Set(['lint', 'simulate', 'test', 'what-can', 'who-can', 'escalations', 'check']);

// A lint worker (`--jobs`) starts here too, and loads the bundle as the main thread did; its top level then runs the
// worker. V8's flags belong to the process: the main thread has set them already.
const command = process.argv[2];
if (isMainThread) tuneForCommand(command);
// dist/cli-commands.js, with V8's code cache of the functions a first run of the command compiled.
// The YAML parser, required from the file beside it when a template comes, has a cache of its own. web-tree-sitter
// does not: it runs `import()`, which node 20 refuses to a script compiled from a cache.
const commands = requireWithCodeCache(join(__dirname, 'cli-commands.js'), {
  prefix: 'cli',
  variant: `${cachedCommands.has(command!) ? command : ''} ${v8FlagsFor(command).join(' ')} ${process.execArgv.join(' ')}`,
  write: isMainThread,
  libraries: ['./cli-yaml.js'],
}) as Commands;
if (isMainThread) commands.main(__filename);
