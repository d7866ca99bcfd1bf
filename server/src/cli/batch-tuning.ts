import { setFlagsFromString } from 'node:v8';

/**
 * V8 settings for a one-shot batch run (`iam-policy lint` over many files, an account question over every policy of
 * an account): the process reads every file or policy once, cold, and exits. With V8's defaults, TurboFan optimises the rules' large functions early and inlines widely, and those
 * compilations (on background threads) cost more CPU than the linting itself: about 2.7 s of 4.8 s over the 1,594
 * AWS managed policies. Optimising later (a larger interrupt budget) and without inlining keeps the optimised code
 * where it pays and halves the compile work: 4.8 s → 3.0 s CPU for that run, main thread unchanged.
 *
 * Only compiler and GC heuristics are set: they change when and how code is optimised, where objects are allocated
 * and how fast the young generation grows, never what the code does. Heap sizes (young generation, GC threads) cannot
 * be changed once the process runs: V8 ignores them (`--max-semi-space-size` and `--min-semi-space-size` set here leave
 * the young generation as it was); the young generation's growth factor is read each time it would grow.
 * Only applied on the V8 versions where these flags are known (Node 20 to 24), since V8 prints an error for an
 * unknown flag; never in a process that only imports the CLI (tests, the language server). V8's flags belong to the
 * process, so the lint worker threads started afterwards run with them too.
 */
export const batchV8Flags = ['--no-turbo-inlining', '--interrupt-budget=393216'];

/**
 * For `lint`, no allocation-site pretenuring either. At each scavenge V8 counts, per allocation site, how many of its
 * objects survived; when a scavenge falls inside one of the few large policies, most of the parse tree made since is
 * still alive, and V8 then allocates that site's objects in the old generation for the rest of the process. Each
 * file's short-lived trees then pile up there, and the young objects they point to survive every scavenge through
 * the remembered set (see the comment in test/bench/bench.ts benchCorpus). Without it, `lint` over the AWS managed
 * policies took 0.88× the CPU and 0.83× the wall time (medians of 8, interleaved, one thread). The catalog and the
 * rules' caches, which do live long, are copied once more on their way to the old generation: a few ms.
 */
export const lintV8Flags = ['--no-allocation-site-pretenuring'];

/**
 * The account questions parse a whole export (16 MB of JSON on the bench account) whose objects all live to the end.
 * V8 doubles the young generation while most of what it scavenges survives, up to 2 × 16 MB of semi-spaces, and every
 * object that survives is copied through them into the old generation anyway: fresh pages that cost page faults (on
 * the 2-core bench VM about 3 ms per MB first touched) and copying, for nothing. Kept at its first size (1 MB), the
 * young generation stays in pages already touched: `who-can` on the bench account faults in 28k → 20k pages and
 * takes 0.79× the CPU, `escalations` 0.93×.
 */
export const accountV8Flags = ['--semi-space-growth-factor=1'];

const batchCommands = new Set(['lint', 'who-can', 'what-can', 'escalations']);

/**
 * The V8 flags an `iam-policy` run sets for its command before the CLI bundle is loaded (measured: CPU of lint over
 * the AWS managed policies 4.8 → 3.0 s; of who-can on the 16 MB bench account 1.64 → 1.24 s, escalations 3.1 → 2.5 s;
 * what-can unchanged; the account questions' young-generation setting then took who-can to 0.79× the CPU): none for
 * the others, or on a V8 these flags are not known on.
 */
export function v8FlagsFor(command: string | undefined, v8Version: string = process.versions.v8): string[] {
  const major = Number(v8Version.split('.')[0]);
  if (!(major >= 11 && major <= 13) || command === undefined || !batchCommands.has(command)) return [];
  return command === 'lint' ? [...batchV8Flags, ...lintV8Flags] : [...batchV8Flags, ...accountV8Flags];
}

/** Sets `v8FlagsFor(command)`; whether any was set. */
export function tuneForCommand(command: string | undefined, v8Version: string = process.versions.v8): boolean {
  const flags = v8FlagsFor(command, v8Version);
  for (const flag of flags) setFlagsFromString(flag);
  return flags.length > 0;
}
