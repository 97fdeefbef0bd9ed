import { z } from "zod";

/** A unit of long work the web app hands to a child process (lib/services/job-main.ts). Plain JSON. */
export const ZJobSpecSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("import-aws"),
    gaadFile: z.string(),
    credentialReportFile: z.string().nullable(),
    sourceName: z.string().nullable(),
  }),
  z.object({ type: z.literal("import-entra"), paths: z.array(z.string()).min(1), sourceName: z.string() }),
  z.object({ type: z.literal("import-azure"), paths: z.array(z.string()).min(1), sourceName: z.string().nullable() }),
  z.object({ type: z.literal("sync"), sourceId: z.string(), full: z.boolean() }),
]);
export type JobSpec = z.infer<typeof ZJobSpecSchema>;

/** What the child prints, one JSON object per line. */
export type JobMessage =
  | { event: "started"; snapshotId: string }
  | { event: "done"; status: string; error: { code: string; message: string } | null }
  | { event: "failed"; error: { code: string; message: string } };
