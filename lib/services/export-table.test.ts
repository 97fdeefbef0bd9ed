import { describe, expect, it } from "vitest";
import { CSV_BOM } from "../report/csv";
import { exportRows } from "./export-table";

// The bytes as written: Response.text() would drop a byte-order mark.
async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(stream).arrayBuffer());
}

describe("exportTable CSV", () => {
  const rows = async function* () {
    yield { name: "alice", email: null, mfaRegistered: null, mfaEnforced: false, tier: "admin" };
    yield { name: "bob", email: "bob@example.com", mfaRegistered: true, mfaEnforced: null, tier: null };
    yield { name: "=HYPERLINK(1)", email: "-x@example.com", mfaRegistered: true, mfaEnforced: true, tier: "none" };
  };

  it('writes "not collected" for null where the column is a collected value, blank for other nulls', async () => {
    const csv = await text(exportRows("test-not-collected", new URLSearchParams(), rows()).stream);
    expect(csv.split("\r\n")).toEqual([
      `${CSV_BOM}name,email,mfaRegistered,mfaEnforced,tier`,
      "alice,,not collected,false,admin",
      "bob,bob@example.com,true,not collected,not collected",
      `"'=HYPERLINK(1)","'-x@example.com",true,true,none`,
      "",
    ]);
  });

  it("keeps null in JSON", async () => {
    const json = JSON.parse(
      await text(exportRows("test-not-collected", new URLSearchParams({ format: "json" }), rows()).stream),
    ) as {
      rows: Record<string, unknown>[];
    };
    expect(json.rows[0]).toMatchObject({ email: null, mfaRegistered: null });
  });
});
