using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace CircuitBreaker.Llm.Providers;

/// <summary>Sends adapter requests: adds the key the way the provider expects, applies the timeout and turns failures into <see cref="ProviderException"/>.</summary>
/// <param name="http">The client used for every provider call.</param>
/// <param name="log">Receives the full reason of connection failures (operators' log; callers get a reason without addresses).</param>
public sealed class ProviderTransport(HttpClient http, Action<string>? log = null)
{
    /// <summary>The client used for every provider call.</summary>
    public HttpClient Http { get; } = http;

    /// <summary>POSTs <paramref name="body"/>; returns the response once its headers arrived with a success status.</summary>
    /// <remarks>The returned response must be disposed; its timeout source lives as long as the caller's token.</remarks>
    /// <param name="endpoint">Provider.</param>
    /// <param name="url">Target URL.</param>
    /// <param name="body">JSON body.</param>
    /// <param name="streaming">Ask for an event stream.</param>
    /// <param name="callerToken">The caller's token: its cancellation is passed through as is.</param>
    /// <param name="cancellationToken">The caller's token linked with the attempt timeout.</param>
    public async Task<HttpResponseMessage> PostAsync(ProviderEndpoint endpoint, Uri url, JsonNode body, bool streaming, CancellationToken callerToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        AddAuth(endpoint, request);
        foreach (var (k, v) in endpoint.Headers) request.Headers.TryAddWithoutValidation(k, v);
        if (streaming) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        HttpResponseMessage response;
        try
        {
            response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (OperationCanceledException) when (!callerToken.IsCancellationRequested)
        {
            throw Timeout(endpoint);
        }
        catch (HttpRequestException e)
        {
            log?.Invoke(endpoint.Redact($"provider {endpoint.Id} unreachable at {url.GetLeftPart(UriPartial.Authority)}: {e.Message}"));
            throw Unreachable(endpoint, e);
        }
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            string text;
            try { text = await response.Content.ReadAsStringAsync(cancellationToken); }
            catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException) { text = ""; }
            var status = (int)response.StatusCode;
            var message = ErrorMessage(text) ?? $"HTTP {status} {response.ReasonPhrase}";
            throw new ProviderException(endpoint.Id, status, "PROVIDER_HTTP_ERROR", endpoint.Redact(message),
                ProviderException.IsRetryableStatus(status), RetryAfter(response));
        }
    }

    /// <summary>Reads a success response body as JSON.</summary>
    public static async Task<JsonNode> ReadJsonAsync(ProviderEndpoint endpoint, HttpResponseMessage response, CancellationToken callerToken, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return JsonNode.Parse(text) ?? throw BadResponse(endpoint, "empty body");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw BadResponse(endpoint, e.Message);
        }
        catch (OperationCanceledException) when (!callerToken.IsCancellationRequested)
        {
            throw Timeout(endpoint);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw Unreachable(endpoint, e);
        }
    }

    /// <summary>
    /// A connection failure, described without the addresses and ports the exception text carries (callers may be tenants;
    /// the full text goes to the operators' log).
    /// </summary>
    public static ProviderException Unreachable(ProviderEndpoint endpoint, Exception error)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        // The policy's own refusal (BaseUrlPolicy.ConnectAsync) names no address; the handler wraps it in a message that does.
        string? refusal = null;
        for (var inner = error; inner is not null; inner = inner.InnerException)
            if (inner.Message.StartsWith(BaseUrlPolicy.RefusalPrefix, StringComparison.Ordinal)) refusal = inner.Message;
        if (refusal is not null)
            return new ProviderException(endpoint.Id, 0, "PROVIDER_UNREACHABLE", $"{endpoint.Id} could not be reached: {refusal}", false);
        var why = error switch
        {
            HttpRequestException { HttpRequestError: var kind } when kind != HttpRequestError.Unknown => kind switch
            {
                HttpRequestError.NameResolutionError => "its host name does not resolve",
                HttpRequestError.ConnectionError => "the connection failed",
                HttpRequestError.SecureConnectionError => "the TLS handshake failed",
                _ => "the connection broke (" + kind + ")",
            },
            _ => "the connection broke",
        };
        return new ProviderException(endpoint.Id, 0, "PROVIDER_UNREACHABLE", $"{endpoint.Id} could not be reached: {why}", true);
    }

    /// <summary>A provider answer that does not follow its protocol (retryable: another provider may do better).</summary>
    public static ProviderException BadResponse(ProviderEndpoint endpoint, string why) =>
        new(endpoint.Id, 502, "PROVIDER_BAD_RESPONSE", endpoint.Redact($"{endpoint.Id} sent an invalid response: {why}"), true);

    /// <summary>The per-attempt timeout elapsed.</summary>
    public static ProviderException Timeout(ProviderEndpoint endpoint) =>
        new(endpoint.Id, 0, "PROVIDER_TIMEOUT", $"{endpoint.Id} did not answer within {endpoint.Timeout.TotalMilliseconds:0} ms", true);

    /// <summary>A token source that cancels at the endpoint's timeout or with the caller.</summary>
    public static CancellationTokenSource TimeoutSource(ProviderEndpoint endpoint, CancellationToken cancellationToken)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(endpoint.Timeout);
        return cts;
    }

    private static void AddAuth(ProviderEndpoint endpoint, HttpRequestMessage request)
    {
        if (string.IsNullOrEmpty(endpoint.ApiKey)) return;
        switch (endpoint.Auth)
        {
            case AuthStyle.Bearer: request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", endpoint.ApiKey); break;
            case AuthStyle.ApiKeyHeader: request.Headers.TryAddWithoutValidation("api-key", endpoint.ApiKey); break;
            case AuthStyle.XApiKey: request.Headers.TryAddWithoutValidation("x-api-key", endpoint.ApiKey); break;
            case AuthStyle.GoogApiKey: request.Headers.TryAddWithoutValidation("x-goog-api-key", endpoint.ApiKey); break;
            case AuthStyle.None: break;
        }
    }

    private static string? ErrorMessage(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            var node = JsonNode.Parse(text);
            var error = node?["error"];
            if (error is JsonValue v && v.TryGetValue<string>(out var s)) return s;
            var message = error?["message"]?.GetValue<string>() ?? node?["message"]?.GetValue<string>();
            if (message is not null) return message;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            // Not JSON: fall through to the raw text.
        }
        return text.Length > 500 ? text[..500] : text;
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var h = response.Headers.RetryAfter;
        if (h?.Delta is { } d) return d;
        if (h?.Date is { } date) return date - DateTimeOffset.UtcNow is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero;
        if (response.Headers.TryGetValues("retry-after-ms", out var ms) && double.TryParse(ms.FirstOrDefault(), System.Globalization.CultureInfo.InvariantCulture, out var m))
            return TimeSpan.FromMilliseconds(m);
        return null;
    }
}
