/** Where the generated sample organisation lives, relative to the repository root, and its files inside. */
export const SAMPLE_DIR = "prisma/seed/sample-org";
export const AWS_GAAD_FILE = "aws/authorization-details.json";
export const AWS_CREDENTIAL_REPORT_FILE = "aws/credential-report.csv";
export const ENTRA_DIR = "entra";
