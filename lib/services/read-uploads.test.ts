import { describe, expect, it } from "vitest";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { NextConfig } from "next";
import { MAX_IMPORT_BYTES } from "../providers/aws/file-import";
import { MAX_UPLOAD_BODY_BYTES, readUploads, uploadLimitBytes } from "./read-uploads";

/** A File whose size is what we say, and which records whether it was read. */
function fakeFile(name: string, size: number) {
  const f = new File(["x"], name);
  const state = { read: false };
  Object.defineProperty(f, "size", { value: size });
  Object.defineProperty(f, "arrayBuffer", {
    value: async () => {
      state.read = true;
      return new ArrayBuffer(1);
    },
  });
  return { f, state };
}

describe("readUploads", () => {
  it("refuses an oversized file with a clear message before reading any file", async () => {
    const small = fakeFile("groups.json", 10);
    const big = fakeFile("users.json", uploadLimitBytes("aws") + 1);
    const err = await readUploads([small.f, big.f], uploadLimitBytes("aws")).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "TOO_LARGE" });
    expect((err as Error).message).toMatch(/users\.json is \d+ MB, more than the 128 MB limit/);
    expect(small.state.read).toBe(false);
    expect(big.state.read).toBe(false);
  });

  it("reads files within the limit and skips empty inputs and text fields", async () => {
    const a = new File(['{"a":1}'], "a.json");
    const empty = new File([], "empty.json");
    const out = await readUploads([a, empty, "text"], 100);
    expect(out).toHaveLength(1);
    expect(out[0]?.name).toBe("a.json");
    expect(new TextDecoder().decode(out[0]?.data)).toBe('{"a":1}');
  });

  it("uses the connector's import limit within the request body limit", () => {
    expect(uploadLimitBytes("aws")).toBe(MAX_IMPORT_BYTES);
    expect(uploadLimitBytes("entra")).toBe(MAX_UPLOAD_BODY_BYTES);
  });
});

describe("next.config.js body limits", () => {
  it("lets the proxy pass on the whole body a server action accepts (Next buffers only proxyClientMaxBodySize, default 10 MB)", async () => {
    const file = pathToFileURL(path.resolve(import.meta.dirname, "../../next.config.js")).href;
    const nextConfig = ((await import(file)) as { default: NextConfig }).default;
    const exp = (nextConfig.experimental ?? {}) as Record<string, unknown>;
    const limit = `${MAX_UPLOAD_BODY_BYTES / (1024 * 1024)}mb`;
    expect((exp.serverActions as { bodySizeLimit?: string }).bodySizeLimit).toBe(limit);
    expect(exp.proxyClientMaxBodySize).toBe(limit);
  });
});
