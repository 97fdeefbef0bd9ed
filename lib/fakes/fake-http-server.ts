import http from "node:http";
import type { AddressInfo } from "node:net";

/** The HTTP life of a fake service on 127.0.0.1: start on a port (0 = any free one), its URL, stop. */
export abstract class FakeHttpServer {
  private server: http.Server | null = null;

  protected abstract handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void>;

  async start(port = 0): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve) => this.server!.listen(port, "127.0.0.1", resolve));
    return this.url();
  }

  url(): string {
    const a = this.server?.address() as AddressInfo | null;
    if (!a) throw new Error(`${this.constructor.name} is not running`);
    return `http://127.0.0.1:${a.port}`;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}
