// Starts GraphiQL in #graphiql with the settings the gateway put in #graphiql-config. Loaded after React, ReactDOM and
// GraphiQL's UMD build (globals React, ReactDOM, GraphiQL); a file of its own so the page needs no inline script.
(function () {
  'use strict';
  const config = JSON.parse(document.getElementById('graphiql-config').textContent);
  const url = new URL(config.endpoint, window.location.href);
  const subscriptionUrl = new URL(url);
  subscriptionUrl.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  // Queries and mutations go over HTTP POST; subscriptions over graphql-transport-ws (GraphiQL's bundled graphql-ws),
  // whose connection_init payload carries the headers editor's values (X-Api-Key, Authorization).
  const fetcher = GraphiQL.createFetcher({ url: url.href, subscriptionUrl: subscriptionUrl.href });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL, {
    fetcher,
    defaultQuery: config.defaultQuery,
    defaultHeaders: config.defaultHeaders,
    defaultEditorToolsVisibility: config.defaultHeaders ? 'headers' : false,
    shouldPersistHeaders: false,
  }));
})();
