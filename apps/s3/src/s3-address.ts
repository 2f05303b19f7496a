import { awsEndpoint, escapeUri } from '@logdrain/core';

/** Where PutObject requests go, and how they are signed. */
export interface S3Address {
  /** `https://host[:port]`, one keep-alive pool's origin. */
  readonly origin: string;
  /** Put before each encoded key: `/bucket` (path style), `` or a base path. */
  readonly pathPrefix: string;
  /** The region in the signature's credential scope. */
  readonly signingRegion: string;
}

/** `arn:<partition>:s3:<region>:<account>:accesspoint/<name>` */
export const ACCESS_POINT_ARN =
  /^arn:aws[a-z-]*:s3:([a-z0-9-]+):(\d{12}):accesspoint\/([a-z0-9-]{3,50})$/;

/**
 * A bucket name that is one DNS label, so the S3 wildcard certificate
 * covers its host: no dots (`a.b.s3…` matches no `*.s3…` name).
 */
const VIRTUAL_HOST_BUCKET = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/**
 * Resolves the S3 address of a bucket: with an endpoint, path style under
 * it (as S3-compatible stores expect); an access point ARN, its own host in
 * its own region; a bucket name, virtual-hosted style
 * `https://<bucket>.s3.<region>.amazonaws.com`, except names with dots
 * (TLS wildcard certificates cover one label) which go path style to
 * `https://s3.<region>.amazonaws.com/<bucket>`. Other partitions have their
 * own domain (China regions amazonaws.com.cn, core's awsEndpoint).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html
 *
 * @example
 * resolveS3Address({ bucket: 'my-logs', region: 'eu-west-1', endpoint: undefined });
 * // { origin: 'https://my-logs.s3.eu-west-1.amazonaws.com', pathPrefix: '', signingRegion: 'eu-west-1' }
 */
export function resolveS3Address(opts: {
  readonly bucket: string;
  readonly region: string;
  readonly endpoint: string | undefined;
}): S3Address {
  const { bucket, region } = opts;
  if (opts.endpoint !== undefined) {
    const url = new URL(opts.endpoint);
    const base = url.pathname.replace(/\/+$/, '');
    return {
      origin: url.origin,
      pathPrefix: `${base}/${escapeUri(bucket)}`,
      signingRegion: region,
    };
  }
  const arn = ACCESS_POINT_ARN.exec(bucket);
  if (arn !== null) {
    const [, arnRegion = '', account, name] = arn;
    return {
      origin: awsEndpoint('s3-accesspoint', arnRegion).replace(
        '//',
        `//${name}-${account}.`
      ),
      pathPrefix: '',
      signingRegion: arnRegion,
    };
  }
  const s3 = awsEndpoint('s3', region);
  return VIRTUAL_HOST_BUCKET.test(bucket)
    ? {
        origin: s3.replace('//', `//${bucket}.`),
        pathPrefix: '',
        signingRegion: region,
      }
    : { origin: s3, pathPrefix: `/${bucket}`, signingRegion: region };
}

/**
 * The request path of an object: each key segment URI-encoded once, `/`
 * kept, as sent and as S3 signs it.
 *
 * @example
 * objectPath(address, 'logs/a b.ndjson'); // '/logs/a%20b.ndjson'
 */
export function objectPath(address: S3Address, key: string): string {
  return `${address.pathPrefix}/${key.split('/').map(escapeUri).join('/')}`;
}
