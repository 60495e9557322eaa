// Azurite's blob service (the Azure Storage emulator, a devDependency) on a free loopback port, its
// data in a temporary folder: started, stopped and started again on the same port and folder (an
// outage and a recovery), frozen and thawed (SIGSTOP/SIGCONT: it keeps accepting connections and
// answers nothing, like a storage that hangs), and removed at the end. Nothing reaches the network.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootDir } from './app.js';
import { freePort, waitFor } from './processes.js';

/** Azurite's well-known development account (node_modules/azurite/README.md). */
const account = 'devstoreaccount1';
const accountKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** HTTPS with this certificate and key (PEM files), and Microsoft Entra bearer tokens accepted (checked for audience, issuer and lifetime, not signature). */
export interface AzuriteTls {
  cert: string;
  key: string;
}

export class Azurite {
  private child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    private readonly folder: string,
    private readonly tls?: AzuriteTls,
  ) {}

  static async start(tls?: AzuriteTls): Promise<Azurite> {
    const azurite = new Azurite(await freePort(), mkdtempSync(join(tmpdir(), 'azurite-')), tls);
    await azurite.resume();
    return azurite;
  }

  /** Its process id while it runs (the HTTP benchmark reads its CPU time). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The development account's blob endpoint, as BLOB_ACCOUNT_URL takes it. */
  get accountUrl(): string {
    return `${this.tls ? 'https' : 'http'}://127.0.0.1:${this.port}/${account}/`;
  }

  get connectionString(): string {
    return `DefaultEndpointsProtocol=http;AccountName=${account};AccountKey=${accountKey};BlobEndpoint=http://127.0.0.1:${this.port}/${account};`;
  }

  /** Starts (again) on the same port and folder, once it accepts connections. */
  async resume(): Promise<void> {
    if (this.child) return;
    const main = join(rootDir, 'node_modules/azurite/dist/src/blob/main.js');
    // --disableTelemetry: otherwise it tries to reach Application Insights.
    const args = [
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(this.port),
      '--location',
      this.folder,
      '--silent',
      '--skipApiVersionCheck',
      '--disableTelemetry',
      ...(this.tls ? ['--cert', this.tls.cert, '--key', this.tls.key, '--oauth', 'basic'] : []),
    ];
    const child = spawn(process.execPath, [main, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    this.child = child;
    await waitFor(() => {
      if (child.exitCode !== null) throw new Error(`azurite exited with ${child.exitCode}: ${errors}`);
      return accepts(this.port);
    }, 15_000);
  }

  /** Freezes it: connections are still accepted (by the kernel), requests never answered. */
  freeze(): void {
    this.child?.kill('SIGSTOP');
  }

  /** Lets a frozen Azurite go on. */
  thaw(): void {
    this.child?.kill('SIGCONT');
  }

  /** Stops it gracefully (it saves its data), as an outage would, keeping the folder. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    child.kill('SIGCONT'); // a frozen process would not handle SIGTERM
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }

  /** Stops it and removes its data. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.folder, { recursive: true, force: true });
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
