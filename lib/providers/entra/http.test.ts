import https from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selfSignedCertificate } from "../../fakes/entra/cert";
import { createHttp } from "./http";

describe("createHttp", () => {
  const cert = selfSignedCertificate();
  let server: https.Server;
  let base = "";
  let hangUps = 0;
  beforeAll(async () => {
    server = https.createServer({ key: cert.key, cert: cert.cert }, (req, res) => {
      // The first two requests find their connection closed under them, as a stale keep-alive socket would.
      if (req.url === "/flaky" && hangUps < 2) {
        hangUps++;
        req.socket.destroy();
        return;
      }
      res.end(JSON.stringify({ ok: true }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  it("sends a read again on a fresh connection after a reset", async () => {
    const http = createHttp({ ca: cert.cert });
    const res = await http.send("GET", `${base}/flaky`, {});
    expect(res.status).toBe(200);
    expect(hangUps).toBe(2);
    http.close();
  });

  it("refuses plain http", async () => {
    const http = createHttp();
    await expect(http.send("GET", "http://127.0.0.1:1/x", {})).rejects.toThrow(
      /Refusing to send credentials over http/,
    );
    http.close();
  });
});
