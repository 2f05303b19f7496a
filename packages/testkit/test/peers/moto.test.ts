import { describe, expect, it } from 'vitest';
import { httpCall, motoAuthorization, startMoto } from '../../src/index.js';
import { isGroupGone } from './group-gone.js';

// The first run installs moto into the peers folder (about a minute).
const INSTALL_TIMEOUT_MS = 10 * 60_000;

describe('startMoto', () => {
  it(
    'serves S3 and CloudWatch Logs on 127.0.0.1, resets, and stops its process group',
    async () => {
      let pid = 0;
      {
        await using moto = await startMoto();
        pid = moto.pid;
        const s3 = { authorization: motoAuthorization({ service: 's3' }) };
        const logs = {
          authorization: motoAuthorization({ service: 'logs' }),
          'content-type': 'application/x-amz-json-1.1',
        };

        const created = await httpCall(`${moto.url}/logdrain-smoke`, {
          method: 'PUT',
          headers: s3,
        });
        const put = await httpCall(`${moto.url}/logdrain-smoke/a/b.json`, {
          method: 'PUT',
          headers: s3,
          body: '{"hello":"moto"}',
        });
        const got = await httpCall(`${moto.url}/logdrain-smoke/a/b.json`, {
          headers: s3,
        });
        const group = await httpCall(`${moto.url}/`, {
          method: 'POST',
          headers: { ...logs, 'x-amz-target': 'Logs_20140328.CreateLogGroup' },
          body: '{"logGroupName":"/logdrain/smoke"}',
        });
        await moto.reset();
        const afterReset = await httpCall(
          `${moto.url}/logdrain-smoke/a/b.json`,
          { headers: s3 }
        );

        expect(moto.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect([created.status, put.status, group.status]).toEqual([
          200, 200, 200,
        ]);
        expect(got.status).toBe(200);
        expect(got.text()).toBe('{"hello":"moto"}');
        expect(afterReset.status).toBe(404);
      }

      expect(isGroupGone(pid)).toBe(true);
    },
    INSTALL_TIMEOUT_MS
  );
});
