import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort } from 'node:worker_threads';
import { prepareHostReaders, prepareReadersFor } from '../core/hosts/index';
import { EscalationAnalyser } from './escalation-run';
import type { WorkerReply, WorkerMessage } from './escalation-runner';

// Entry of dist/escalation-worker.js: the language server's escalation analysis of templates and Terraform modules
// (issue 15), in a worker thread so that a 1 MB template's half second of analysis does not hold up completion and
// hover. One request at a time, in the order they come; the server drops the findings of a text that changed since.

const port = parentPort;
if (!port) throw new Error('escalation-worker.js runs as a worker thread of the language server.');

const analyser = new EscalationAnalyser(true);

// A run over a 1 MB template leaves about 170 MB of garbage (the template's reading, the account model, the
// evaluator's work) and about 40 MB reachable. V8 collects an old generation only when the next allocations need
// the room, and an idle worker allocates nothing: without a collection here the garbage stayed resident until the
// next run or the idle stop, 130 MB over the server without the worker. A full collection after each run (some
// tens of milliseconds, on this thread, after the findings are sent) gives it back.
const collectGarbage = garbageCollector();

/**
 * `gc`, exposed to a context made while the flag is set, which is then set back: V8's flags belong to the process,
 * and a code cache is valid only under the flags it was made with. The server writes its cache ten seconds after it
 * starts, often after this worker's start: with the flag left on, the next start refused that cache.
 */
function garbageCollector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  try {
    return runInNewContext('gc') as () => void;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}

// The Terraform reader's grammar loads asynchronously, once, as in the server.
const prepared = prepareHostReaders().then(
  () => undefined,
  (error: Error) => `A host reader failed to load in the escalation worker: ${error.message}`,
);

port.on('message', (message: WorkerMessage) => {
  // A reader whose grammar loads on demand (C#'s) is loaded before the files it reads are.
  const onDemand = message.type === 'run' ? prepareReadersFor(message.request.files.map(({ file }) => file))?.catch(() => undefined) : undefined;
  void Promise.all([prepared, onDemand]).then(() => {
    if (message.type === 'forget') {
      analyser.forget(message.key);
      return;
    }
    let reply: WorkerReply;
    try {
      reply = { type: 'findings', id: message.id, findings: analyser.analyse(message.request) };
    } catch (error) {
      reply = { type: 'failed', id: message.id, error: (error as Error)?.stack ?? String(error) };
    }
    port.postMessage(reply);
    collectGarbage();
  });
});

void prepared.then((warning) => port.postMessage({ type: 'ready', ...(warning ? { warning } : {}) } satisfies WorkerReply));
