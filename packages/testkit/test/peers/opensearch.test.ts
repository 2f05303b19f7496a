import { describe, expect, it } from 'vitest';
import { httpCall, startOpenSearch } from '../../src/index.js';
import { isGroupGone } from './group-gone.js';

// The first run resolves OpenSearch from Maven Central (under a minute).
const INSTALL_TIMEOUT_MS = 15 * 60_000;

describe('startOpenSearch', () => {
  it(
    'bulk-indexes a document, reads it back, and stops its process group',
    async () => {
      let pid = 0;
      {
        await using search = await startOpenSearch();
        pid = search.pid;
        const body = `${[
          JSON.stringify({ index: { _index: 'logdrain-smoke', _id: 'one' } }),
          JSON.stringify({ message: 'héllo', level: 'INFO', n: 1 }),
        ].join('\n')}\n`;

        const bulk = await httpCall(`${search.url}/_bulk?refresh=true`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-ndjson' },
          body,
        });
        const doc = await httpCall(`${search.url}/logdrain-smoke/_doc/one`);

        expect(search.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(bulk.status).toBe(200);
        expect(bulk.json()).toMatchObject({ errors: false });
        expect(doc.status).toBe(200);
        expect(doc.json()).toMatchObject({
          found: true,
          _source: { message: 'héllo', level: 'INFO', n: 1 },
        });
      }

      expect(isGroupGone(pid)).toBe(true);
    },
    INSTALL_TIMEOUT_MS
  );
});
