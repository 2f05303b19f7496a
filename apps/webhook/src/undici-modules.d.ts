// undici's package entry loads fetch, WebSocket, caching and mocks too,
// which alone exceed the layer's 150 KB budget; the webhook needs only a
// connection pool and the request API, so it imports those two modules.
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
