import { MAX_IMPORT_BYTES } from "../providers/aws/file-import";
import { MAX_FILE_BYTES as MAX_ENTRA_FILE_BYTES } from "../providers/entra/read-json";
import { AppError } from "../errors";
import type { SourceKind } from "../model";
import type { UploadedFile } from "./start-import";

import { MAX_UPLOAD_BODY_BYTES } from "../http/body-limit";

export { MAX_UPLOAD_BODY_BYTES };

/** The largest single file an upload import accepts: the connector's import limit, within the request body limit. */
export function uploadLimitBytes(kind: SourceKind): number {
  return Math.min(kind === "aws" ? MAX_IMPORT_BYTES : MAX_ENTRA_FILE_BYTES, MAX_UPLOAD_BODY_BYTES);
}

const mb = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;

/**
 * Reads uploaded form files into memory — after checking every file's size first, so that an oversized upload is
 * refused with a clear message before anything is read. Empty file inputs are skipped.
 */
export async function readUploads(values: readonly FormDataEntryValue[], maxBytes: number): Promise<UploadedFile[]> {
  const files = values.filter((v): v is File => typeof v !== "string" && v.size > 0);
  for (const f of files) {
    if (f.size > maxBytes) {
      throw new AppError(
        "TOO_LARGE",
        `${f.name} is ${mb(f.size)}, more than the ${mb(maxBytes)} limit for one uploaded file; import it with the CLI instead`,
      );
    }
  }
  const out: UploadedFile[] = [];
  for (const f of files) out.push({ name: f.name, data: new Uint8Array(await f.arrayBuffer()) });
  return out;
}
