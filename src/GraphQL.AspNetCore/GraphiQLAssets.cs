namespace CircuitBreaker.GraphQL.AspNetCore;

/// <summary>
/// Where the GraphiQL page loads its stylesheet and scripts (UMD builds of React 18, ReactDOM 18 and GraphiQL 3) from.
/// The default is the unpkg CDN, so the browser needs internet access; offline, serve the same files yourself
/// (e.g. with static files) and point these URLs at them.
/// </summary>
/// <param name="Stylesheet">graphiql.min.css</param>
/// <param name="React">react.production.min.js (UMD)</param>
/// <param name="ReactDom">react-dom.production.min.js (UMD)</param>
/// <param name="GraphiQL">graphiql.min.js (UMD)</param>
public sealed record GraphiQLAssets(string Stylesheet, string React, string ReactDom, string GraphiQL)
{
    /// <summary>The unpkg CDN (the default).</summary>
    public static GraphiQLAssets Unpkg { get; } = new(
        "https://unpkg.com/graphiql@3/graphiql.min.css",
        "https://unpkg.com/react@18/umd/react.production.min.js",
        "https://unpkg.com/react-dom@18/umd/react-dom.production.min.js",
        "https://unpkg.com/graphiql@3/graphiql.min.js");
}
