import { looksLikeCredentialReport, parseCredentialReport } from "../credential-report";
import { declareAwsDataset } from "./declare";

export const credentialReport = declareAwsDataset({
  name: "credentialReport",
  title: "credential report (passwords, MFA, access keys, last use)",
  live: { actions: ["GenerateCredentialReport", "GetCredentialReport"] },
  file: {
    format: "an IAM credential report CSV",
    recognise: (text, json) => json === undefined && looksLikeCredentialReport(text),
  },
  normalize: parseCredentialReport,
  counts: [],
});
