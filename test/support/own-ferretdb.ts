import { ensureFerretDbBinary } from '../../src/local-database/ferretdb-binary.js';
import { startFerretDb, type RunningFerretDb } from '../../src/local-database/ferretdb-server.js';
import { createTemporaryDataDir } from '../../src/local-database/temporary-data-dir.js';

/**
 * A FerretDB server of the test's own, separate from the suite's shared one, so that a test can
 * stop it (an outage) and start it again on the same port and data folder (the outage ends)
 * while the app keeps its connection.
 */
export class OwnFerretDb {
  private server: RunningFerretDb | null = null;
  private port: number | undefined;
  private binary = '';
  private dataDir: { dir: string; remove(): Promise<void> } | null = null;

  get uri(): string {
    if (this.port === undefined) throw new Error('OwnFerretDb has not been started');
    return `mongodb://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.server) return;
    if (!this.binary) this.binary = await ensureFerretDbBinary({ log: () => {} });
    this.dataDir ??= await createTemporaryDataDir();
    this.server = await startFerretDb({
      binary: this.binary,
      dataDir: this.dataDir.dir,
      ...(this.port !== undefined ? { port: this.port } : {}),
    });
    this.port = Number(new URL(this.server.uri).port);
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    await server?.stop();
  }

  async destroy(): Promise<void> {
    await this.stop();
    await this.dataDir?.remove();
    this.dataDir = null;
  }
}
