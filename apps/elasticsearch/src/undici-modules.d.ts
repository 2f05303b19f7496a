// The layer imports three of undici's internal modules instead of its
// package entry, which also loads fetch, WebSocket, caching and mocks: a
// pool, the request API and the connector are all a _bulk client needs.
declare module 'undici/lib/dispatcher/pool.js' {
  import type { Pool } from 'undici';

  const PoolClass: typeof Pool;
  export default PoolClass;
}

declare module 'undici/lib/api/api-request.js' {
  import type { Dispatcher } from 'undici';

  function request(
    this: Dispatcher,
    opts: Dispatcher.RequestOptions
  ): Promise<Dispatcher.ResponseData>;
  export default request;
}

declare module 'undici/lib/core/connect.js' {
  import type { buildConnector as BuildConnector } from 'undici';

  const buildConnector: typeof BuildConnector;
  export default buildConnector;
}
