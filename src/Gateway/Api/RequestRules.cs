using Microsoft.Net.Http.Headers;

namespace CircuitBreaker.Gateway.Api;

/// <summary>
/// Checks every <c>/api/v1</c> request makes before its endpoint runs: ids in the path follow <see cref="IdRules"/>
/// (an 8,000-character id is a 400, not a storage failure) and a body is JSON, or YAML or XML where an endpoint says so.
/// </summary>
public static class RequestRules
{
    /// <summary>The endpoint filter applied to the API group.</summary>
    public static ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        foreach (var (name, value) in request.RouteValues)
            if (name == "id" && value is string id) IdRules.Require("id", id);
        // Endpoints that declare their media types were matched on them by routing; the others read JSON only.
        if (context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>() is null
            && HasBody(request) && !IsJson(request.ContentType))
            throw Unsupported(request.ContentType);
        return next(context);
    }

    /// <summary>True when the request carries a body (the server's own detection: a length, chunks, or an open HTTP/2 stream).</summary>
    public static bool HasBody(HttpRequest request) =>
        request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>()?.CanHaveBody
        ?? request.ContentLength > 0;

    /// <summary>True for <c>application/json</c> and <c>*/*+json</c> (pure).</summary>
    public static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));

    /// <summary>True for any media type some API endpoint reads: JSON, YAML (definitions) or XML (PNML).</summary>
    public static bool IsReadByTheApi(string? contentType) =>
        IsJson(contentType) || (MediaTypeHeaderValue.TryParse(contentType, out var media)
            && (media.SubTypeWithoutSuffix.Value?.Contains("yaml", StringComparison.OrdinalIgnoreCase) == true
                || media.SubType.Equals("xml", StringComparison.OrdinalIgnoreCase)
                || media.Suffix.Equals("xml", StringComparison.OrdinalIgnoreCase)));

    /// <summary>The 415 problem for a body of <paramref name="contentType"/>.</summary>
    public static ApiException Unsupported(string? contentType) => new(StatusCodes.Status415UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE",
        $"a body of type '{(string.IsNullOrEmpty(contentType) ? "(none)" : contentType)}' is not accepted here; send application/json");
}
