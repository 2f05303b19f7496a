import { gunzipSync } from 'node:zlib';
import { httpCall, motoAuthorization, startMoto } from '@logdrain/testkit';
import { ndjsonRecords } from './ndjson-lines.js';
import { countTagged, type Target } from './target.js';

const BUCKET = 'logdrain-bench';
const AUTH = { authorization: motoAuthorization({ service: 's3' }) };

/** Keys under `prefix`, every page of ListObjectsV2. */
async function listKeys(url: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const query = new URLSearchParams({ 'list-type': '2', prefix });
    if (token !== undefined) query.set('continuation-token', token);
    const answer = await httpCall(`${url}/${BUCKET}?${query}`, {
      headers: AUTH,
    });
    const xml = answer.text();
    for (const match of xml.matchAll(/<Key>([^<]+)<\/Key>/g)) {
      keys.push(match[1] as string);
    }
    token = /<IsTruncated>true<\/IsTruncated>/.test(xml)
      ? /<NextContinuationToken>([^<]+)</.exec(xml)?.[1]
      : undefined;
  } while (token !== undefined);
  return keys;
}

/** moto, one bucket; each run writes under its own prefix. */
export async function startS3Target(): Promise<Target> {
  const moto = await startMoto();
  const created = await httpCall(`${moto.url}/${BUCKET}`, {
    method: 'PUT',
    headers: AUTH,
  });
  if (created.status !== 200) {
    await moto.stop();
    throw new Error(`moto: creating the bucket answered ${created.status}`);
  }
  return {
    async openRun(run) {
      const prefix = `${run}/`;
      return {
        env: {
          LOGDRAIN_S3_BUCKET: BUCKET,
          LOGDRAIN_S3_ENDPOINT: moto.url,
          LOGDRAIN_S3_PREFIX: prefix,
        },
        async delivered({ tag }) {
          const records: Array<Record<string, unknown>> = [];
          for (const key of await listKeys(moto.url, prefix)) {
            const object = await httpCall(
              `${moto.url}/${BUCKET}/${encodeURI(key)}`,
              { headers: AUTH }
            );
            const body = key.endsWith('.gz')
              ? gunzipSync(object.body)
              : object.body;
            records.push(...ndjsonRecords(body.toString(), tag));
          }
          return countTagged(records, tag);
        },
        close: async () => {},
      };
    },
    close: () => moto.stop(),
  };
}
