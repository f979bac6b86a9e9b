// Worker thread entry (bundled to dist/logWorker.js): runs index and filter jobs sent by the
// indexer's pool, one at a time, and posts batches and results back (typed arrays transferred).
import { getPriority, setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { runJob, type Job } from './jobs';

/**
 * How much lower than the thread that started it a worker runs (its nice value, added). The
 * indexer's own thread consumes what the workers produce (it classifies their candidates and
 * stores their batches) and answers the editor: when the two workers and it share two cores at
 * equal priority, it falls behind, and at the end of an index it works alone through the backlog
 * while a core idles. A worker two nice levels lower yields to it. On the 1 GiB bench log, 16
 * alternating pairs (scratch harness, in-process index): wall -73 ms per pair, faster in 15 of 16;
 * CPU of all threads -115 ms.
 */
export const WORKER_NICE = 2;

// Linux only: there a thread has its own nice value, and pid 0 is the calling thread (setpriority(2),
// "BUGS"). Elsewhere the call would lower the whole process.
if (process.platform === 'linux') {
  try {
    setPriority(Math.min(19, getPriority() + WORKER_NICE));
  } catch {
    // (a sandbox that forbids it: the worker runs at its thread's priority)
  }
}

const port = parentPort;
if (port) {
  port.on('message', (job: Job) => {
    runJob(job, (m, transfer) => port.postMessage(m, transfer ?? []));
  });
}
