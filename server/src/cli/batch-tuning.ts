import { setFlagsFromString } from 'node:v8';

/**
 * V8 settings for a one-shot batch run (`iam-policy lint` over many files, an account question over every policy of
 * an account): the process reads every file or policy once, cold, and exits. With V8's defaults, TurboFan optimises the rules' large functions early and inlines widely, and those
 * compilations (on background threads) cost more CPU than the linting itself: about 2.7 s of 4.8 s over the 1,594
 * AWS managed policies. Optimising later (a larger interrupt budget) and without inlining keeps the optimised code
 * where it pays and halves the compile work: 4.8 s → 3.0 s CPU for that run, main thread unchanged.
 *
 * Only compiler heuristics and how fast the young generation grows are set: they change when and how code is
 * optimised and how often the heap is scavenged, never what the code does. The young generation's sizes cannot be
 * changed once the process runs (V8 ignores them or aborts); its growth factor is read each time it would grow.
 * Only applied on the V8 versions where these flags are known (Node 20 to 24), since V8 prints an error for an
 * unknown flag; never in a process that only imports the CLI (tests, the language server).
 */
export const batchV8Flags = ['--no-turbo-inlining', '--interrupt-budget=393216'];

/**
 * The account questions parse a whole export (16 MB of JSON on the bench account) whose objects all live to the end.
 * V8 doubles the young generation while most of what it scavenges survives, up to 2 × 16 MB of semi-spaces, and every
 * object that survives is copied through them into the old generation anyway: fresh pages that cost page faults (on
 * the 2-core bench VM about 3 ms per MB first touched) and copying, for nothing. Kept at its first size (1 MB), the
 * young generation stays in pages already touched: `who-can` on the bench account faults in 28k → 20k pages and
 * takes 0.79× the CPU, `escalations` 0.93×.
 */
export const accountV8Flags = ['--semi-space-growth-factor=1'];

export function tuneForBatchRun(v8Version: string = process.versions.v8, flags: readonly string[] = batchV8Flags): boolean {
  const major = Number(v8Version.split('.')[0]);
  if (!(major >= 11 && major <= 13)) return false;
  for (const flag of flags) setFlagsFromString(flag);
  return true;
}
