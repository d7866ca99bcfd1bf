import { join } from 'node:path';
import { requireWithCodeCache } from '../launch/code-cache';

// Entry of dist/escalation-worker.js, the worker thread the language server starts for escalation analyses (and again
// after each idle stop): loads the analysis (dist/escalation-worker-main.js, from escalation-worker.ts) with V8's code
// cache of the functions an earlier worker compiled, as dist/server.js loads the server. The cache is written a few
// seconds after the worker starts, when its first analysis has compiled what an analysis runs; the server stops an
// idle worker without letting it run its exit handlers.
requireWithCodeCache(join(__dirname, 'escalation-worker-main.js'), { prefix: 'escalation-worker', variant: process.execArgv.join(' '), write: true, writeAfterMs: 5_000 });
