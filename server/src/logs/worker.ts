// Worker thread entry (bundled to dist/logWorker.js): runs index and filter jobs sent by the
// indexer's pool, one at a time, and posts batches and results back (typed arrays transferred).
import { parentPort } from 'node:worker_threads';
import { runJob, type Job } from './jobs';

const port = parentPort;
if (port) {
  port.on('message', (job: Job) => {
    runJob(job, (m, transfer) => port.postMessage(m, transfer ?? []));
  });
}
