using System.Reflection;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace CircuitBreaker.Gateway.GraphiQL;

/// <summary>One file the GraphiQL page loads: its name, content type, bytes and entity tag.</summary>
/// <param name="Name">The file name, e.g. <c>graphiql.min.js</c>.</param>
/// <param name="ContentType">The response content type.</param>
/// <param name="Content">The file's bytes.</param>
/// <param name="ETag">A strong entity tag from the content's hash.</param>
public sealed record GraphiQLAsset(string Name, string ContentType, byte[] Content, EntityTagHeaderValue ETag);

/// <summary>
/// The files of the GraphiQL page, embedded in the gateway assembly: GraphiQL's vendored browser build with React
/// (<c>GraphiQL/vendor</c>, see its README) and our start script. Served under
/// <c>/graphiql/{fingerprint}/{name}</c>: the fingerprint changes with any file, so the files can be cached for a year.
/// </summary>
public sealed class GraphiQLAssets
{
    /// <summary>The URL path the files are served under.</summary>
    public const string BasePath = "/graphiql";

    /// <summary>The prefix of the files' embedded resource names (set in the csproj).</summary>
    public const string ResourcePrefix = "GraphiQL/";

    /// <summary>The files the page references, in load order of its scripts.</summary>
    public static readonly IReadOnlyList<string> Required =
        ["graphiql.min.css", "react.production.min.js", "react-dom.production.min.js", "graphiql.min.js", "graphiql-start.js"];

    private static readonly Lazy<GraphiQLAssets> EmbeddedAssets = new(() => new GraphiQLAssets(typeof(GraphiQLAssets).Assembly));

    private readonly Dictionary<string, GraphiQLAsset> _assets = new(StringComparer.Ordinal);

    /// <summary>The files embedded in the gateway assembly.</summary>
    public static GraphiQLAssets Embedded => EmbeddedAssets.Value;

    /// <summary>Reads every resource under <see cref="ResourcePrefix"/> of <paramref name="assembly"/>.</summary>
    /// <exception cref="InvalidOperationException">A file of <see cref="Required"/> is missing.</exception>
    public GraphiQLAssets(Assembly assembly)
    {
        using var all = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var name = resource[ResourcePrefix.Length..];
            var hash = Convert.ToHexStringLower(SHA256.HashData(content));
            _assets[name] = new GraphiQLAsset(name, ContentTypeOf(name), content, new EntityTagHeaderValue($"\"{hash[..32]}\""));
            all.AppendData(System.Text.Encoding.UTF8.GetBytes(name + ":" + hash + "\n"));
        }
        var missing = Required.Where(n => !_assets.ContainsKey(n)).ToList();
        if (missing.Count > 0) throw new InvalidOperationException("GraphiQL files missing from the assembly: " + string.Join(", ", missing));
        Fingerprint = Convert.ToHexStringLower(all.GetHashAndReset())[..16];
    }

    /// <summary>A hash of every file, part of their URLs.</summary>
    public string Fingerprint { get; }

    /// <summary>The file names.</summary>
    public IEnumerable<string> Names => _assets.Keys;

    /// <summary>The URL path of a file (without the request's path base).</summary>
    public string PathOf(string name) => $"{BasePath}/{Fingerprint}/{name}";

    /// <summary>The file called <paramref name="name"/>, or null.</summary>
    public GraphiQLAsset? Find(string name) => _assets.GetValueOrDefault(name);

    /// <summary>The content type served for a file name.</summary>
    public static string ContentTypeOf(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".json" => "application/json",
        _ => "text/plain; charset=utf-8",
    };
}
