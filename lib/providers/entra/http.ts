import https from "node:https";
import tls from "node:tls";
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from "@azure/msal-node";
import { AppError } from "../../errors";

/**
 * One keep-alive HTTPS agent for everything the Entra connector sends (tokens and Graph). `ca` adds a trusted
 * certificate to the system roots — how tests reach the local fake without NODE_EXTRA_CA_CERTS (which must be set
 * before the process starts), and how a corporate TLS proxy can be trusted.
 */
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Keeps the code visible through the Graph client's error wrapping (see graph-client.ts middlewareError). */
function withName(e: AppError): AppError {
  e.name = e.code;
  return e;
}

export type HttpSend = (
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: string,
  signal?: AbortSignal,
) => Promise<HttpResponse>;

export function createHttp(opts: { ca?: string | null; maxSockets?: number } = {}): {
  send: HttpSend;
  close: () => void;
} {
  const agent = new https.Agent({
    keepAlive: true,
    maxSockets: opts.maxSockets ?? 8,
    ...(opts.ca ? { ca: [...tls.rootCertificates, opts.ca] } : {}),
  });
  // A fresh connection for a resend: the pool may hold several connections the server already closed.
  const fresh = new https.Agent({ keepAlive: false, ...(opts.ca ? { ca: [...tls.rootCertificates, opts.ca] } : {}) });
  // NOTE: a server may close an idle keep-alive connection just as we reuse it ("socket hang up" / ECONNRESET).
  // Everything this connector sends is a read (GET, $batch of GETs, a token request), so it is sent again.
  const send: HttpSend = async (method, url, headers, body, signal) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await once(method, url, headers, body, signal, attempt > 0 ? fresh : agent);
      } catch (e) {
        const cause = (e as { cause?: { code?: string; message?: string } }).cause;
        const reset =
          cause?.code === "ECONNRESET" || cause?.code === "EPIPE" || /socket hang up/.test(cause?.message ?? "");
        if (!reset || attempt >= 2 || signal?.aborted) throw e;
      }
    }
  };
  const once = (
    method: string,
    url: string,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal | undefined,
    via: https.Agent,
  ) =>
    new Promise<HttpResponse>((resolve, reject) => {
      const u = new URL(url);
      if (u.protocol !== "https:") {
        reject(withName(new AppError("CONFIG", `Refusing to send credentials over ${u.protocol} (${u.host})`)));
        return;
      }
      const req = https.request(
        u,
        {
          method,
          headers: { ...headers, ...(body !== undefined ? { "content-length": String(Buffer.byteLength(body)) } : {}) },
          agent: via,
          signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const out: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers))
              if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
            resolve({ status: res.statusCode ?? 0, headers: out, body: Buffer.concat(chunks).toString("utf8") });
          });
          res.on("error", reject);
        },
      );
      req.setTimeout(120_000, () => req.destroy(new AppError("UPSTREAM", `Timed out waiting for ${u.host}`)));
      req.on("error", (e) =>
        reject(withName(e instanceof AppError ? e : new AppError("UPSTREAM", `${u.host}: ${e.message}`, { cause: e }))),
      );
      if (body !== undefined) req.write(body);
      req.end();
    });
  return {
    send,
    close: () => {
      agent.destroy();
      fresh.destroy();
    },
  };
}

/**
 * MSAL's network module over the same agent. The identity platform only ever gets GETs (discovery) and POSTs to the
 * v2.0 token endpoint; anything else is refused before it leaves.
 */
export class MsalNetwork implements INetworkModule {
  constructor(private readonly send: HttpSend) {}

  async sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.request<T>("GET", url, options);
  }

  async sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    if (!/\/oauth2\/v2\.0\/token$/.test(new URL(url).pathname)) {
      throw new AppError(
        "READ_ONLY_VIOLATION",
        `Refused POST to ${new URL(url).host}${new URL(url).pathname}: only the token endpoint may receive a POST`,
      );
    }
    return this.request<T>("POST", url, options);
  }

  private async request<T>(method: string, url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    const res = await this.send(method, url, { ...(options?.headers ?? {}) }, options?.body);
    let body: unknown;
    try {
      body = res.body ? JSON.parse(res.body) : {};
    } catch {
      body = {
        error: "invalid_response",
        error_description: `Not JSON from ${new URL(url).host} (HTTP ${res.status})`,
      };
    }
    return { headers: res.headers, body: body as T, status: res.status };
  }
}
