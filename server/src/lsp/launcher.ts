import { join } from 'node:path';
import { requireWithCodeCache } from '../launch/code-cache';
import { namesTransport } from './transports';

// Entry of dist/server.js: loads the language server (dist/server-main.js, from main.ts) with V8's code cache of the
// functions an earlier server compiled, which took the server's start to its answer to `initialize` from 178 ms to
// 115 ms here (the bundle built as shipped). Only a process that serves keeps a cache: one of `--version` would hold
// little more than the bundle's top level. The cache is written ten seconds after start, when the client's first
// documents have been analysed, or at exit if that comes first.
const serving = namesTransport(process.argv.slice(2));
requireWithCodeCache(join(__dirname, 'server-main.js'), serving ? { prefix: 'server', variant: process.execArgv.join(' '), write: true, writeAfterMs: 10_000 } : undefined);
