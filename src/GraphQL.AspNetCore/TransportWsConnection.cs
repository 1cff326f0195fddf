using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.GraphQL.Language;
using Microsoft.AspNetCore.Http;

namespace CircuitBreaker.GraphQL.AspNetCore;

/// <summary>One WebSocket speaking the graphql-transport-ws protocol (graphql-ws library's protocol).</summary>
internal sealed class TransportWsConnection(HttpContext context, GraphQLEngine engine, GraphQLHttpOptions options)
{
    public const string SubProtocol = "graphql-transport-ws";

    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _operations = new();
    private readonly CancellationTokenSource _closed = new();
    private WebSocket _socket = null!;
    private bool _initReceived;
    private volatile bool _acknowledged;

    public async Task RunAsync()
    {
        var offered = context.WebSockets.WebSocketRequestedProtocols;
        _socket = await context.WebSockets.AcceptWebSocketAsync(offered.Contains(SubProtocol) ? SubProtocol : null);
        if (!offered.Contains(SubProtocol))
        {
            await CloseAsync(4406, "Subprotocol not acceptable");
            return;
        }
        _ = InitTimeoutAsync();
        var buffer = new byte[16 * 1024];
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                using var ms = new MemoryStream();
                WebSocketReceiveResult frame;
                do
                {
                    frame = await _socket.ReceiveAsync(buffer, context.RequestAborted);
                    if (frame.MessageType == WebSocketMessageType.Close) return;
                    ms.Write(buffer, 0, frame.Count);
                    if (ms.Length > 1024 * 1024) { await CloseAsync(4400, "Message too large"); return; }
                } while (!frame.EndOfMessage);
                await HandleMessageAsync(Encoding.UTF8.GetString(ms.ToArray()));
            }
        }
        catch (OperationCanceledException) { }
        catch (WebSocketException) { }
        finally
        {
            foreach (var cts in _operations.Values) await cts.CancelAsync();
            await _closed.CancelAsync();
        }
    }

    private async Task InitTimeoutAsync()
    {
        try { await Task.Delay(options.ConnectionInitTimeout, _closed.Token); }
        catch (OperationCanceledException) { return; }
        if (!_initReceived) await CloseAsync(4408, "Connection initialisation timeout");
    }

    private async Task HandleMessageAsync(string text)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(text, RequestBody.Strict); }
        catch (JsonException) { await CloseAsync(4400, "Invalid message received"); return; }
        using (doc)
        {
            var root = doc.RootElement;
            // The protocol (graphql-ws PROTOCOL.md): a message "of a type or format which is not specified" closes the socket
            // with 4400. A duplicate key (above) or a lone surrogate escape (\ud800, which no string can hold) makes the message
            // unreadable, as an invalid body is a 400 on HTTP; U+0000 is a valid string and is refused by the resolvers, as an
            // error message for that operation, exactly as on HTTP.
            if (RequestBody.HoldsLoneSurrogate(root))
            {
                await CloseAsync(4400, "Invalid message received: a string is not valid UTF-16 (a lone surrogate escape)");
                return;
            }
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeProp) || typeProp.ValueKind != JsonValueKind.String)
            {
                await CloseAsync(4400, "Invalid message received");
                return;
            }
            switch (typeProp.GetString())
            {
                case "connection_init":
                    if (_initReceived) { await CloseAsync(4429, "Too many initialisation requests"); return; }
                    _initReceived = true;
                    var payload = root.TryGetProperty("payload", out var p) && p.ValueKind == JsonValueKind.Object ? (Dictionary<string, object?>)ValueConverter.FromJson(p)! : null;
                    if (root.TryGetProperty("payload", out var pp) && pp.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                    {
                        await CloseAsync(4400, "Invalid connection_init payload");
                        return;
                    }
                    if (options.OnConnect is not null && !await options.OnConnect(context, payload)) { await CloseAsync(4403, "Forbidden"); return; }
                    _acknowledged = true;
                    await SendAsync(new { type = "connection_ack" });
                    return;
                case "ping":
                    await SendAsync(root.TryGetProperty("payload", out var pingPayload) ? new { type = "pong", payload = (object?)pingPayload.Clone() } : new { type = "pong", payload = (object?)null });
                    return;
                case "pong":
                    return;
                case "subscribe":
                    await SubscribeAsync(root);
                    return;
                case "complete":
                    if (root.TryGetProperty("id", out var cid) && cid.ValueKind == JsonValueKind.String && _operations.TryRemove(cid.GetString()!, out var cts))
                        await cts.CancelAsync();
                    return;
                default:
                    await CloseAsync(4400, $"Unexpected message type \"{typeProp.GetString()}\"");
                    return;
            }
        }
    }

    private async Task SubscribeAsync(JsonElement root)
    {
        if (!_acknowledged) { await CloseAsync(4401, "Unauthorized"); return; }
        if (!root.TryGetProperty("id", out var idProp) || idProp.ValueKind != JsonValueKind.String || idProp.GetString() is not { Length: > 0 } id
            || !root.TryGetProperty("payload", out var payload))
        {
            await CloseAsync(4400, "Invalid subscribe message");
            return;
        }
        var (request, error) = RequestBody.FromJson(payload);
        if (request is null) { await CloseAsync(4400, error!); return; }
        var cts = CancellationTokenSource.CreateLinkedTokenSource(_closed.Token);
        if (!_operations.TryAdd(id, cts)) { await CloseAsync(4409, $"Subscriber for {id} already exists"); return; }
        request = new GraphQLRequest
        {
            Query = request.Query, OperationName = request.OperationName, Variables = request.Variables,
            UserContext = options.UserContext?.Invoke(context), Services = context.RequestServices,
        };
        _ = RunOperationAsync(id, request, cts);
    }

    private async Task RunOperationAsync(string id, GraphQLRequest request, CancellationTokenSource cts)
    {
        try
        {
            var prepared = engine.Prepare(request.Query, request.OperationName);
            if (prepared.Errors.Count > 0)
            {
                await SendErrorAsync(id, prepared.Errors);
                return;
            }
            if (prepared.Operation == OperationType.Subscription)
            {
                var (error, stream) = await engine.SubscribeAsync(request, cts.Token);
                if (error is not null)
                {
                    if (error.HasData) await SendNextAsync(id, error);
                    else { await SendErrorAsync(id, error.Errors); return; }
                }
                else
                {
                    using var open = SubscriptionMetrics.Open("graphql-ws");
                    await foreach (var r in stream!.WithCancellation(cts.Token)) await SendNextAsync(id, r);
                }
            }
            else
            {
                var result = await engine.ExecuteAsync(request, cts.Token);
                if (!result.HasData) { await SendErrorAsync(id, result.Errors); return; }
                await SendNextAsync(id, result);
            }
            if (!cts.IsCancellationRequested) await SendAsync(new { id, type = "complete" });
        }
        catch (OperationCanceledException) { }
        catch (WebSocketException) { }
        finally
        {
            _operations.TryRemove(new KeyValuePair<string, CancellationTokenSource>(id, cts));
            cts.Dispose();
        }
    }

    private Task SendNextAsync(string id, ExecutionResult result) =>
        SendRawAsync($"{{\"id\":{JsonSerializer.Serialize(id)},\"type\":\"next\",\"payload\":{result.ToJson()}}}");

    private Task SendErrorAsync(string id, IReadOnlyList<GraphQLError> errors)
    {
        var json = new ExecutionResult { Errors = errors }.ToJson();
        var array = JsonDocument.Parse(json).RootElement.GetProperty("errors").GetRawText();
        return SendRawAsync($"{{\"id\":{JsonSerializer.Serialize(id)},\"type\":\"error\",\"payload\":{array}}}");
    }

    private Task SendAsync(object message) => SendRawAsync(JsonSerializer.Serialize(message));

    private async Task SendRawAsync(string json)
    {
        await _sendLock.WaitAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
                await _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally { _sendLock.Release(); }
    }

    private async Task CloseAsync(int code, string reason)
    {
        await _sendLock.WaitAsync();
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                await _socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, CancellationToken.None);
        }
        catch (WebSocketException) { }
        finally { _sendLock.Release(); }
        // Keep receiving so the client's close reply completes the handshake; only the operations stop now.
        foreach (var cts in _operations.Values) await cts.CancelAsync();
    }
}
