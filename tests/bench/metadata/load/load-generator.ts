import { Worker } from 'node:worker_threads';
import type { FromWorker, LoadConfig, LoadResults, ToWorker } from './protocol.ts';

/** Runs the concurrent readers, writers and lock monitor in a worker thread. */
export class LoadGenerator {
  private constructor(
    private readonly worker: Worker,
    private readonly results: Promise<LoadResults>,
  ) {}

  /** Starts the load; resolves once every connection is open and the loops are running. */
  static async start(config: LoadConfig): Promise<LoadGenerator> {
    // The worker inherits `--import tsx` from this process' execArgv, so it can be TypeScript.
    const worker = new Worker(new URL('./load-worker.ts', import.meta.url));
    let ready: () => void = () => {};
    let fail: (error: Error) => void = () => {};
    const started = new Promise<void>((resolve, reject) => {
      ready = resolve;
      fail = reject;
    });
    const results = new Promise<LoadResults>((resolve, reject) => {
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'ready') ready();
        else if (message.type === 'results') resolve(message.results);
        else {
          const error = new Error(`load worker failed: ${message.message}`);
          fail(error);
          reject(error);
        }
      });
      worker.on('error', (error) => {
        fail(error);
        reject(error);
      });
      worker.on('exit', (code) => {
        const error = new Error(`load worker exited (code ${code}) before reporting`);
        fail(error);
        reject(error);
      });
    });
    results.catch(() => {}); // observed by stop(); a failure before that also rejects `started`
    worker.postMessage({ type: 'start', config } satisfies ToWorker);
    await started;
    return new LoadGenerator(worker, results);
  }

  /** Writers fill this (new, required) column from now on. */
  fill(column: string): void {
    this.worker.postMessage({ type: 'fill', column } satisfies ToWorker);
  }

  /** Stops the loops and returns every request and lock sample. */
  async stop(): Promise<LoadResults> {
    this.worker.postMessage({ type: 'stop' } satisfies ToWorker);
    try {
      return await this.results;
    } finally {
      await this.worker.terminate();
    }
  }
}
