import { tuneForCommand } from './batch-tuning';

// Entry of dist/cli.js, the `iam-policy` command. Linting and the account questions are batches run once, cold (every
// policy of a file or an account read once): some V8 flags for that are only read when code is compiled or objects
// are allocated, so they are set here, in a bundle of a few lines, before the CLI's own bundle is read and compiled.

tuneForCommand(process.argv[2]);
(require('./cli-commands.js') as typeof import('./main')).main();
