// DownloadUrlSigner: CloudFront canned-policy signed URLs (RSA-SHA1) with the private key from Secrets Manager.
import { createPrivateKey, createSign } from 'node:crypto';
import type { DownloadUrlSigner } from '../admin-ports';
import type { SecretSource } from '../ports';

/** CloudFront's URL-safe base64: `+` → `-`, `=` → `_`, `/` → `~`. */
export function cloudFrontBase64(data: Buffer): string {
  return data.toString('base64').replace(/\+/g, '-').replace(/=/g, '_').replace(/\//g, '~');
}

/** The canned policy CloudFront reconstructs from `Expires` to check the signature. */
export function cannedPolicy(resourceUrl: string, expiresAtEpochSeconds: number): string {
  return JSON.stringify({
    Statement: [
      { Resource: resourceUrl, Condition: { DateLessThan: { 'AWS:EpochTime': expiresAtEpochSeconds } } },
    ],
  });
}

export interface CloudFrontUrlSignerOptions {
  /** `https://d111.cloudfront.net` (no trailing slash). */
  readonly baseUrl: string;
  /** CloudFront public key id of the trusted key group. */
  readonly keyPairId: string;
  readonly secrets: SecretSource;
  /** Secret holding the PEM private key (the whole string, or JSON `{ "privateKey": … }`). */
  readonly privateKeySecretId: string;
}

export class CloudFrontUrlSigner implements DownloadUrlSigner {
  constructor(private readonly options: CloudFrontUrlSignerOptions) {}

  async sign(key: string, expiresAtEpochSeconds: number): Promise<string> {
    const resource = `${this.options.baseUrl}/${key.split('/').map(encodeURIComponent).join('/')}`;
    const secret = await this.options.secrets.getSecretString(this.options.privateKeySecretId);
    const pem = secret.trimStart().startsWith('{')
      ? (JSON.parse(secret) as { privateKey: string }).privateKey
      : secret;
    const signer = createSign('RSA-SHA1');
    signer.update(cannedPolicy(resource, expiresAtEpochSeconds));
    const signature = cloudFrontBase64(signer.sign(createPrivateKey(pem)));
    const query = `Expires=${expiresAtEpochSeconds}&Signature=${signature}&Key-Pair-Id=${encodeURIComponent(this.options.keyPairId)}`;
    return `${resource}?${query}`;
  }
}
