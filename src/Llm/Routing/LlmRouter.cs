using System.Diagnostics;
using CircuitBreaker.Llm.Catalog;
using CircuitBreaker.Llm.Gates;
using CircuitBreaker.Llm.Model;
using CircuitBreaker.Llm.Providers;

namespace CircuitBreaker.Llm.Routing;

/// <summary>A whole answer and how it was routed.</summary>
/// <param name="Response">The answer.</param>
/// <param name="Routing">Routing details.</param>
public sealed record RoutedCompletion(ChatResponse Response, RoutingInfo Routing);

/// <summary>Embeddings and how they were routed.</summary>
/// <param name="Response">The vectors.</param>
/// <param name="Routing">Routing details.</param>
public sealed record RoutedEmbeddings(EmbeddingResponse Response, RoutingInfo Routing);

/// <summary>
/// Routes chat and embedding calls: plans candidates, reserves the estimated cost on every budget scope, asks each
/// provider's breaker before calling it, falls back on retryable failures (also for streams that fail before their first
/// chunk), reports outcomes to the breakers and commits the actual cost.
/// </summary>
public sealed class LlmRouter
{
    private readonly CatalogStore _catalog;
    private readonly ProviderCredentials _credentials;
    private readonly Dictionary<string, IProviderAdapter> _adapters;
    private readonly IProviderGate _gate;
    private readonly IBudgetGate _budgets;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly Action<string>? _log;
    private readonly ICostRecorder? _costs;

    /// <summary>Creates a router.</summary>
    /// <param name="catalog">Live catalog.</param>
    /// <param name="credentials">Key lookup.</param>
    /// <param name="adapters">Wire protocols by <see cref="IProviderAdapter.Name"/>.</param>
    /// <param name="gate">Per-provider breakers.</param>
    /// <param name="budgets">Budgets.</param>
    /// <param name="stats">Latency and load statistics (shared by the routers of a process).</param>
    /// <param name="time">Clock.</param>
    /// <param name="random">For weighted routing.</param>
    /// <param name="log">Receives one line per failed attempt (never a key).</param>
    /// <param name="costs">Durable per-call cost records (null = none kept).</param>
    public LlmRouter(CatalogStore catalog, ProviderCredentials credentials, IEnumerable<IProviderAdapter> adapters, IProviderGate gate,
        IBudgetGate budgets, RouteStats? stats = null, TimeProvider? time = null, Random? random = null, Action<string>? log = null,
        ICostRecorder? costs = null)
    {
        _costs = costs;
        _catalog = catalog;
        _credentials = credentials;
        _adapters = adapters.ToDictionary(a => a.Name, StringComparer.OrdinalIgnoreCase);
        _gate = gate;
        _budgets = budgets;
        Stats = stats ?? new RouteStats();
        _time = time ?? TimeProvider.System;
        _random = random ?? Random.Shared;
        _log = log;
    }

    /// <summary>Latency and load statistics used by the planner.</summary>
    public RouteStats Stats { get; }

    /// <summary>What one breaker guards: a provider (default) or a provider's model (<c>Llm:BreakerScope</c>).</summary>
    public BreakerScope BreakerScope { get; init; }

    /// <summary>The live catalog.</summary>
    public CatalogStore Catalog => _catalog;

    /// <summary>The candidates a request would try now, without calling anything.</summary>
    public RoutePlan Plan(ChatRequest request)
    {
        lock (_random) return CandidatePlanner.Plan(_catalog.Current, request, _credentials.IsUsable, Stats, _random, _time.GetUtcNow());
    }

    /// <summary>Routes a non-streamed chat completion, charging <paramref name="budgetScopes"/>.</summary>
    public async Task<RoutedCompletion> CompleteAsync(ChatRequest request, IReadOnlyList<string> budgetScopes, CancellationToken cancellationToken)
    {
        var (plan, info, hold) = await PrepareAsync(request, budgetScopes, cancellationToken);
        var committed = false;
        try
        {
            ProviderException? last = null;
            for (var i = 0; i < plan.Candidates.Count; i++)
            {
                var candidate = plan.Candidates[i];
                var call = await BeginAttemptAsync(candidate, request, info, cancellationToken);
                if (call is null) continue;
                var (adapter, endpoint) = call.Value;
                var started = Stopwatch.GetTimestamp();
                using var busy = Stats.Begin(candidate.Provider.Id);
                try
                {
                    var response = await adapter.CompleteAsync(endpoint, candidate.Model.Model, request, cancellationToken);
                    var elapsed = Stopwatch.GetElapsedTime(started);
                    await _gate.RecordAsync(GateKeys.Of(BreakerScope, candidate), GateOutcome.Success, elapsed);
                    Stats.RecordLatency(candidate.Key, elapsed.TotalMilliseconds);
                    var usage = response.Usage ?? new LlmUsage(TokenEstimator.Prompt(request),
                        TokenEstimator.Count(response.Content) + (response.ToolCalls ?? []).Sum(c => TokenEstimator.Count(c.Name) + TokenEstimator.Count(c.Arguments)), Estimated: true);
                    response.Usage = usage;
                    var cost = candidate.Model.Cost(usage);
                    await _budgets.CommitAsync(hold, cost, candidate.Provider.Id, candidate.Model.Model, usage.TotalTokens);
                    committed = true;
                    await RecordCostAsync(budgetScopes, candidate, usage, cost);
                    Succeeded(info, candidate, i, elapsed, cost, usage);
                    return new RoutedCompletion(response, info);
                }
                catch (ProviderException e)
                {
                    last = await FailedAsync(info, candidate, e, Stopwatch.GetElapsedTime(started));
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    await _gate.RecordAsync(GateKeys.Of(BreakerScope, candidate), GateOutcome.Ignored, Stopwatch.GetElapsedTime(started));
                    throw;
                }
            }
            throw Exhausted(info, last);
        }
        finally
        {
            if (!committed) await _budgets.ReleaseAsync(hold);
        }
    }

    /// <summary>
    /// Routes a streamed chat completion. Returns once a candidate produced its first content chunk (earlier failures fall
    /// back); the budget is committed when the returned stream ends, from the provider's usage or a character count.
    /// </summary>
    public async Task<RoutedStream> StreamAsync(ChatRequest request, IReadOnlyList<string> budgetScopes, CancellationToken cancellationToken)
    {
        var (plan, info, hold) = await PrepareAsync(request, budgetScopes, cancellationToken);
        var handedOver = false;
        try
        {
            ProviderException? last = null;
            for (var i = 0; i < plan.Candidates.Count; i++)
            {
                var candidate = plan.Candidates[i];
                var call = await BeginAttemptAsync(candidate, request, info, cancellationToken);
                if (call is null) continue;
                var (adapter, endpoint) = call.Value;
                var started = Stopwatch.GetTimestamp();
                var busy = Stats.Begin(candidate.Provider.Id);
                var chunks = adapter.StreamAsync(endpoint, candidate.Model.Model, request, cancellationToken).GetAsyncEnumerator(cancellationToken);
                var buffered = new List<StreamChunk>();
                try
                {
                    // Nothing reaches the client until a chunk with content: until then another candidate can still answer.
                    while (await chunks.MoveNextAsync())
                    {
                        buffered.Add(chunks.Current);
                        if (chunks.Current.ContentDelta is { Length: > 0 } || chunks.Current.ToolCalls is { Count: > 0 } || chunks.Current.FinishReason is not null) break;
                    }
                    var ttft = Stopwatch.GetElapsedTime(started);
                    Stats.RecordTimeToFirstToken(candidate.Key, ttft.TotalMilliseconds);
                    Succeeded(info, candidate, i, ttft, null, null);
                    handedOver = true;
                    var stream = new RoutedStream(info);
                    stream.Attach(Relay(stream, chunks, buffered, candidate, request, hold, started, busy));
                    return stream;
                }
                catch (ProviderException e)
                {
                    busy.Dispose();
                    await chunks.DisposeAsync();
                    last = await FailedAsync(info, candidate, e, Stopwatch.GetElapsedTime(started));
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    busy.Dispose();
                    await chunks.DisposeAsync();
                    await _gate.RecordAsync(GateKeys.Of(BreakerScope, candidate), GateOutcome.Ignored, Stopwatch.GetElapsedTime(started));
                    throw;
                }
            }
            throw Exhausted(info, last);
        }
        finally
        {
            if (!handedOver) await _budgets.ReleaseAsync(hold);
        }
    }

    /// <summary>Routes an embeddings call to the providers serving the model that support embeddings.</summary>
    public async Task<RoutedEmbeddings> EmbedAsync(EmbeddingRequest request, IReadOnlyList<string> budgetScopes, CancellationToken cancellationToken)
    {
        var catalog = _catalog.Current;
        var info = new RoutingInfo { RequestedModel = request.Model, Strategy = "failover", BudgetScopes = [.. budgetScopes] };
        var models = catalog.Resolve(request.Model);
        if (models.Count == 0) throw new LlmException("MODEL_NOT_FOUND", 404, $"model '{request.Model}' is not served by a catalog provider");
        var candidates = new List<Candidate>();
        foreach (var m in models)
        {
            string? why = null;
            if (!catalog.Providers.TryGetValue(m.Provider, out var p)) why = "provider not in the catalog";
            else if (!p.Embeddings) why = "provider has no embeddings endpoint";
            else if (!_credentials.IsUsable(p)) why = "no API key configured";
            else if (m.Unpriced && budgetScopes.Count > 0) why = UnpricedReason;
            if (why is null) candidates.Add(new Candidate(m, p!));
            else info.Attempts.Add(new RouteAttempt { Provider = m.Provider, Model = m.Model, Outcome = "skipped", Reason = why, Code = why == UnpricedReason ? "MODEL_UNPRICED" : null });
        }
        if (candidates.Count == 0 && info.Attempts.Any(a => a.Code == "MODEL_UNPRICED")) throw UnpricedRefused(info, request.Model);
        if (candidates.Count == 0) throw Unavailable(info, $"no provider can embed with '{request.Model}'");
        var promptTokens = request.Inputs.Sum(TokenEstimator.Count);
        var estimate = candidates.Max(c => c.Model.Cost(new LlmUsage(promptTokens, 0)));
        info.EstimatedCost = estimate;
        var hold = await ReserveAsync(budgetScopes, estimate, info, cancellationToken);
        var committed = false;
        try
        {
            ProviderException? last = null;
            for (var i = 0; i < candidates.Count; i++)
            {
                var candidate = candidates[i];
                var call = await BeginAttemptAsync(candidate, null, info, cancellationToken);
                if (call is null) continue;
                var started = Stopwatch.GetTimestamp();
                try
                {
                    var response = await call.Value.Adapter.EmbedAsync(call.Value.Endpoint, candidate.Model.Model, request, cancellationToken);
                    var elapsed = Stopwatch.GetElapsedTime(started);
                    await _gate.RecordAsync(GateKeys.Of(BreakerScope, candidate), GateOutcome.Success, elapsed);
                    var usage = response.Usage.PromptTokens > 0 ? response.Usage : new LlmUsage(promptTokens, 0, Estimated: true);
                    var cost = candidate.Model.Cost(usage);
                    await _budgets.CommitAsync(hold, cost, candidate.Provider.Id, candidate.Model.Model, usage.TotalTokens);
                    committed = true;
                    await RecordCostAsync(budgetScopes, candidate, usage, cost);
                    Succeeded(info, candidate, i, elapsed, cost, usage);
                    return new RoutedEmbeddings(response with { Usage = usage }, info);
                }
                catch (ProviderException e)
                {
                    last = await FailedAsync(info, candidate, e, Stopwatch.GetElapsedTime(started));
                }
            }
            throw Exhausted(info, last);
        }
        finally
        {
            if (!committed) await _budgets.ReleaseAsync(hold);
        }
    }

    private async Task<(RoutePlan Plan, RoutingInfo Info, BudgetHold Hold)> PrepareAsync(ChatRequest request, IReadOnlyList<string> budgetScopes, CancellationToken cancellationToken)
    {
        if (request.Messages.Count == 0) throw new LlmException("INVALID_REQUEST", 400, "'messages' must not be empty");
        var plan = Plan(request);
        if (budgetScopes.Count > 0 && plan.Candidates.Any(c => c.Model.Unpriced))
            plan = plan with
            {
                Candidates = [.. plan.Candidates.Where(c => !c.Model.Unpriced)],
                Skipped = [.. plan.Skipped, .. plan.Candidates.Where(c => c.Model.Unpriced).Select(c => new SkippedCandidate(c.Provider.Id, c.Model.Model, UnpricedReason))],
            };
        var info = new RoutingInfo
        {
            RequestedModel = request.Model,
            VirtualModel = plan.VirtualModel,
            Strategy = RoutingStrategies.Name(plan.Strategy),
            TaskType = plan.TaskType,
            BudgetScopes = [.. budgetScopes],
        };
        foreach (var s in plan.Skipped)
            info.Attempts.Add(new RouteAttempt { Provider = s.Provider, Model = s.Model, Outcome = "skipped", Reason = s.Reason, Code = s.Reason == UnpricedReason ? "MODEL_UNPRICED" : null });
        if (plan.Candidates.Count == 0 && info.Attempts.Any(a => a.Code == "MODEL_UNPRICED")) throw UnpricedRefused(info, request.Model);
        if (plan.Candidates.Count == 0) throw Unavailable(info, $"no usable provider for model '{request.Model}'");
        // Any candidate may end up answering, so the dearest one is held.
        var estimate = plan.Candidates.Max(c => TokenEstimator.Cost(request, c.Model));
        info.EstimatedCost = estimate;
        var hold = await ReserveAsync(budgetScopes, estimate, info, cancellationToken);
        return (plan, info, hold);
    }

    private const string UnpricedReason = "no price configured for the model and the call is charged to a budget";

    // Charging an unpriced model nothing would bypass every budget, so a charged call to one is refused (docs/LLM.md).
    private static LlmException UnpricedRefused(RoutingInfo info, string model)
    {
        var e = new LlmException("MODEL_UNPRICED", 400,
            $"model '{model}' has no price in the catalog and the call is charged to a budget: add its price (models.json or Llm:Models), " +
            "set a default price (Llm:UnpricedModels:DefaultInputPerMTok/DefaultOutputPerMTok) or allow free unpriced models (Llm:UnpricedModels:AllowFree)");
        e.Details["routing_info"] = info;
        return e;
    }

    private async Task RecordCostAsync(IReadOnlyList<string> scopes, Candidate candidate, LlmUsage usage, decimal cost)
    {
        LlmMetrics.Charged(candidate.Provider.Id, candidate.Model.Model, usage, cost);
        if (_costs is null || scopes.Count == 0) return;
        try
        {
            await _costs.RecordAsync(new CostRecord([.. scopes], candidate.Provider.Id, candidate.Model.Model, usage.PromptTokens, usage.CompletionTokens, cost, _time.GetUtcNow()));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The budgets already hold the spend: failing the answer now would only make the client pay twice on retry.
            _log?.Invoke($"llm cost record lost: provider={candidate.Provider.Id} model={candidate.Model.Model} cost={cost}: {e.GetType().Name}");
        }
    }

    private async Task<BudgetHold> ReserveAsync(IReadOnlyList<string> scopes, decimal estimate, RoutingInfo info, CancellationToken cancellationToken)
    {
        if (scopes.Count == 0) return BudgetHold.None;
        var hold = await _budgets.ReserveAsync(scopes, estimate, cancellationToken);
        if (hold.Allowed) return hold;
        var e = new LlmException("BUDGET_EXCEEDED", 402,
            $"budget '{hold.RefusedScope}' cannot cover the estimated cost {estimate:0.########} USD{(hold.Remaining is { } r ? $" (remaining {r:0.########} USD)" : "")}");
        e.Details["scope"] = hold.RefusedScope;
        e.Details["remaining"] = hold.Remaining;
        e.Details["estimated_cost"] = estimate;
        e.Details["budget_code"] = hold.Code;
        e.Details["routing_info"] = info;
        throw e;
    }

    private async Task<(IProviderAdapter Adapter, ProviderEndpoint Endpoint)?> BeginAttemptAsync(Candidate candidate, ChatRequest? request, RoutingInfo info, CancellationToken cancellationToken)
    {
        if (!_adapters.TryGetValue(candidate.Provider.Adapter, out var adapter))
        {
            info.Attempts.Add(new RouteAttempt { Provider = candidate.Provider.Id, Model = candidate.Model.Model, Outcome = "skipped", Reason = $"no adapter '{candidate.Provider.Adapter}'" });
            return null;
        }
        var permit = await _gate.AcquireAsync(GateKeys.Of(BreakerScope, candidate), cancellationToken);
        if (!permit.Permitted)
        {
            LlmMetrics.Attempt(candidate.Provider.Id, candidate.Model.Model, "breaker_open");
            info.Attempts.Add(new RouteAttempt
            {
                Provider = candidate.Provider.Id,
                Model = candidate.Model.Model,
                Outcome = "breaker_open",
                Code = "CIRCUIT_OPEN",
                Reason = $"circuit breaker llm:{candidate.Provider.Id} is {permit.State}" + (permit.RetryAfter is { } ra ? $", trial calls in {ra.TotalSeconds:0.#} s" : ""),
            });
            return null;
        }
        TimeSpan? timeout = request?.Routing?.MaxLatencyMs is { } ms && ms > 0 ? TimeSpan.FromMilliseconds(ms) : null;
        return (adapter, _credentials.Endpoint(candidate.Provider, timeout));
    }

    private void Succeeded(RoutingInfo info, Candidate candidate, int index, TimeSpan elapsed, decimal? cost, LlmUsage? usage)
    {
        info.Attempts.Add(new RouteAttempt { Provider = candidate.Provider.Id, Model = candidate.Model.Model, Outcome = "success", LatencyMs = Math.Round(elapsed.TotalMilliseconds, 3) });
        LlmMetrics.Attempt(candidate.Provider.Id, candidate.Model.Model, "success");
        Stats.RecordOutcome(candidate.Provider.Id, null);
        info.SelectedProvider = candidate.Provider.Id;
        info.SelectedModel = candidate.Model.Model;
        info.FallbackUsed = index > 0;
        info.LatencyMs = Math.Round(elapsed.TotalMilliseconds, 3);
        info.Cost = cost;
        info.UsageEstimated = usage?.Estimated ?? false;
    }

    private async Task<ProviderException> FailedAsync(RoutingInfo info, Candidate candidate, ProviderException e, TimeSpan elapsed)
    {
        info.Attempts.Add(new RouteAttempt
        {
            Provider = candidate.Provider.Id,
            Model = candidate.Model.Model,
            Outcome = "failed",
            Status = e.Status == 0 ? null : e.Status,
            Code = e.Code,
            Reason = e.Message,
            LatencyMs = Math.Round(elapsed.TotalMilliseconds, 3),
        });
        _log?.Invoke($"llm attempt failed: provider={candidate.Provider.Id} model={candidate.Model.Model} status={e.Status} code={e.Code}: {e.Message}");
        LlmMetrics.Attempt(candidate.Provider.Id, candidate.Model.Model, "failed");
        if (!e.Retryable)
        {
            await _gate.RecordAsync(GateKeys.Of(BreakerScope, candidate), GateOutcome.Ignored, elapsed);
            var error = new LlmException("PROVIDER_ERROR", e.Status is >= 400 and < 600 ? e.Status : 502, e.Message);
            error.Details["provider"] = candidate.Provider.Id;
            error.Details["routing_info"] = info;
            throw error;
        }
        await _gate.RecordAsync(GateKeys.Of(BreakerScope, candidate), GateOutcome.Failure, elapsed);
        Stats.RecordOutcome(candidate.Provider.Id, e.Message);
        if (e.RetryAfter is { } wait && wait > TimeSpan.Zero) Stats.CoolDown(candidate.Provider.Id, _time.GetUtcNow() + wait);
        return e;
    }

    private static LlmException Exhausted(RoutingInfo info, ProviderException? last)
    {
        if (last is null) return Unavailable(info, "every candidate was skipped (circuit breakers open)");
        var allRateLimited = info.Attempts.Where(a => a.Outcome == "failed").All(a => a.Status == 429);
        var e = allRateLimited
            ? new LlmException("RATE_LIMITED", 429, $"every provider is rate limiting: {last.Message}")
            : new LlmException("ALL_PROVIDERS_FAILED", 502, $"every candidate failed; last: {last.Message}");
        if (allRateLimited && last.RetryAfter is { } ra) e.Details["retry_after_seconds"] = Math.Ceiling(ra.TotalSeconds);
        e.Details["routing_info"] = info;
        return e;
    }

    private static LlmException Unavailable(RoutingInfo info, string message)
    {
        var e = new LlmException("NO_PROVIDER_AVAILABLE", 503, message);
        var retry = info.Attempts.Where(a => a.Outcome == "breaker_open").Select(_ => 1).FirstOrDefault();
        if (retry > 0) e.Details["retry_after_seconds"] = 1;
        e.Details["routing_info"] = info;
        return e;
    }

    private async IAsyncEnumerable<StreamChunk> Relay(RoutedStream stream, IAsyncEnumerator<StreamChunk> chunks, List<StreamChunk> buffered,
        Candidate candidate, ChatRequest request, BudgetHold hold, long started, IDisposable busy)
    {
        var outcome = GateOutcome.Ignored;
        LlmUsage? providerUsage = null;
        var completionChars = 0;
        try
        {
            var next = 0;
            while (true)
            {
                StreamChunk chunk;
                if (next < buffered.Count) chunk = buffered[next++];
                else
                {
                    bool has;
                    try { has = await chunks.MoveNextAsync(); }
                    catch (ProviderException e)
                    {
                        outcome = e.Retryable ? GateOutcome.Failure : GateOutcome.Ignored;
                        _log?.Invoke($"llm stream cut: provider={candidate.Provider.Id} model={candidate.Model.Model} code={e.Code}: {e.Message}");
                        Stats.RecordOutcome(candidate.Provider.Id, e.Message);
                        throw;
                    }
                    if (!has) break;
                    chunk = chunks.Current;
                }
                if (chunk.Usage is not null) providerUsage = chunk.Usage;
                completionChars += chunk.ContentDelta?.Length ?? 0;
                foreach (var t in chunk.ToolCalls ?? []) completionChars += (t.Name?.Length ?? 0) + (t.ArgumentsDelta?.Length ?? 0);
                // Usage-only chunks are the router's to report (stream_options.include_usage), not the provider's.
                if (chunk.ContentDelta is null && chunk.ToolCalls is null && chunk.FinishReason is null && chunk.Role is null) continue;
                chunk.Usage = null;
                yield return chunk;
            }
            outcome = GateOutcome.Success;
        }
        finally
        {
            busy.Dispose();
            await chunks.DisposeAsync();
            var elapsed = Stopwatch.GetElapsedTime(started);
            await _gate.RecordAsync(GateKeys.Of(BreakerScope, candidate), outcome, elapsed);
            if (outcome == GateOutcome.Success) Stats.RecordLatency(candidate.Key, elapsed.TotalMilliseconds);
            // Tokens produced before a cut are billed by the provider too, so they are charged either way.
            var usage = providerUsage is { PromptTokens: > 0 } or { CompletionTokens: > 0 } ? providerUsage
                : new LlmUsage(TokenEstimator.Prompt(request), (completionChars + 3) / 4, Estimated: true);
            var cost = candidate.Model.Cost(usage);
            await _budgets.CommitAsync(hold, cost, candidate.Provider.Id, candidate.Model.Model, usage.TotalTokens);
            await RecordCostAsync(stream.Routing.BudgetScopes, candidate, usage, cost);
            stream.Complete(usage, cost);
        }
    }
}
