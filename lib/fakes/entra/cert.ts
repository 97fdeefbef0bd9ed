import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface KeyPair {
  /** PEM private key (PKCS#8) */
  key: string;
  /** PEM certificate */
  cert: string;
  /** Hex SHA-1 and SHA-256 thumbprints of the DER certificate, as Entra shows them. */
  thumbprintSha1: string;
  thumbprintSha256: string;
}

/**
 * A throw-away self-signed certificate made with the `openssl` CLI (present on every machine here; no npm
 * dependency). Used for the fake's HTTPS listener (SAN localhost + 127.0.0.1) and as an app's client certificate.
 */
export function selfSignedCertificate(commonName = "localhost", days = 2): KeyPair {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-cert-"));
  try {
    const keyFile = path.join(dir, "key.pem");
    const certFile = path.join(dir, "cert.pem");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-sha256",
        "-keyout",
        keyFile,
        "-out",
        certFile,
        "-days",
        String(days),
        "-subj",
        `/CN=${commonName}`,
        "-addext",
        "subjectAltName=DNS:localhost,IP:127.0.0.1",
      ],
      { stdio: "pipe" },
    );
    const key = fs.readFileSync(keyFile, "utf8");
    const cert = fs.readFileSync(certFile, "utf8");
    const der = new crypto.X509Certificate(cert).raw;
    return {
      key,
      cert,
      thumbprintSha1: crypto.createHash("sha1").update(der).digest("hex").toUpperCase(),
      thumbprintSha256: crypto.createHash("sha256").update(der).digest("hex").toUpperCase(),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
