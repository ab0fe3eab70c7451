import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import selfsigned from 'selfsigned';

export interface ServiceCertificate {
  key: string;
  cert: string;
  /** SHA-256 of the DER certificate, `AA:BB:…` (32 pairs): what terminals pin. */
  fingerprint: string;
}

/** The print service's self-signed certificate: made once, then kept in the data folder (key readable by the owner only). */
export function ensureServiceCertificate(dataDir: string, hostNames: string[]): ServiceCertificate {
  const keyPath = join(dataDir, 'print-service.key.pem');
  const certPath = join(dataDir, 'print-service.cert.pem');
  if (!existsSync(keyPath) || !existsSync(certPath)) {
    const altNames = [
      { type: 7, ip: '127.0.0.1' },
      { type: 2, value: 'localhost' },
      ...hostNames
        .filter((h) => h !== '127.0.0.1' && h !== 'localhost')
        .map((h) => (/^[\d.]+$/u.test(h) || h.includes(':') ? { type: 7, ip: h } : { type: 2, value: h })),
    ];
    const pems = selfsigned.generate([{ name: 'commonName', value: 'cinema print service' }], {
      keySize: 2048,
      days: 3650,
      algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames }],
    });
    writeFileSync(keyPath, pems.private, { mode: 0o600 });
    writeFileSync(certPath, pems.cert);
  }
  const cert = readFileSync(certPath, 'utf8');
  return { key: readFileSync(keyPath, 'utf8'), cert, fingerprint: new X509Certificate(cert).fingerprint256 };
}
