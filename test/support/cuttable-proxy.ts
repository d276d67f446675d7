import { createServer, Server, Socket } from 'node:net';

/**
 * A TCP proxy in front of a PostgreSQL that a test can cut: to the services behind it the database
 * "goes away" (connections dropped, new ones refused) without stopping it for anyone else.
 */
export class CuttableProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private open = true;
  port = 0;
  /** the database's URL through the proxy */
  url = '';

  constructor(private readonly target: { host: string; port: number }) {}

  /** A started proxy in front of the database at this URL. */
  static async before(databaseUrl: string): Promise<CuttableProxy> {
    const url = new URL(databaseUrl);
    const proxy = new CuttableProxy({ host: url.hostname, port: Number(url.port || 5432) });
    await proxy.start();
    url.port = String(proxy.port);
    proxy.url = url.toString();
    return proxy;
  }

  async start(): Promise<void> {
    this.server = createServer((client) => {
      if (!this.open) return void client.destroy();
      const upstream = new Socket();
      upstream.connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.address() as { port: number }).port;
  }

  /** every connection dropped, and new ones refused at once */
  cut(): void {
    this.open = false;
    for (const s of this.sockets) s.destroy();
  }

  restore(): void {
    this.open = true;
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

