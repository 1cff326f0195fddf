using System.Text.Json.Nodes;
using Orleans;
using Orleans.Runtime;
using Orleans.Streams;
using Orleans.Metadata;
using CircuitBreaker.Storage;
using CircuitBreaker.Workflow.Net;
using CircuitBreaker.Workflow.Rules;
using CircuitBreaker.Workflow.Serialization;
using CircuitBreaker.Workflow.Tokens;
using CircuitBreaker.Workflow.Validation;
using Microsoft.Extensions.Logging;

namespace CircuitBreaker.Grains.Workflow;

/// <summary>
/// One token. Each fire runs as one turn: check (domain), write marking + history entry + index + workflow feed event
/// in one storage transaction, then publish the event. The cost of a fire does not depend on history length.
/// </summary>
[GrainType(WorkflowGrainTypes.Token)]
public sealed class TokenGrain(
    [PersistentState(WorkflowGrainTypes.StateName)] IPersistentState<TokenGrainState> state,
    IStateStore storage,
    IServiceProvider services,
    ILogger<TokenGrain> logger) : Grain, ITokenGrain
{
    private readonly TimeProvider _clock = services.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System;
    private CompiledNet? _net;

    /// <inheritdoc />
    public async Task<TokenView> Create(CreateTokenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = TenantKeys.OwnedName(request.TenantId, this.GetPrimaryKeyString())
            ?? throw new WorkflowException(WorkflowErrorCodes.InvalidInput, $"token key '{this.GetPrimaryKeyString()}' is not one of tenant '{request.TenantId}''s keys");
        if (state.State.Token is not null)
            throw new WorkflowException(WorkflowErrorCodes.TokenExists, $"token '{name}' exists already");
        var workflow = await GrainFactory.GetGrain<IWorkflowGrain>(TenantKeys.Of(request.TenantId, request.WorkflowId)).Get(request.WorkflowVersion);
        if (workflow is null || (request.TenantId is not null && workflow.TenantId != request.TenantId))
            throw new WorkflowException(WorkflowErrorCodes.WorkflowNotFound,
                $"workflow '{request.WorkflowId}'{(request.WorkflowVersion is { } v ? $" version {v}" : "")} not found");
        var net = Compile(workflow);
        var machine = new TokenMachine(net);
        var now = _clock.GetUtcNow();
        var token = machine.Create(name, now, JsonObjects.Parse(request.DataJson, "data"), JsonObjects.Parse(request.MetadataJson, "metadata"));
        if (request.StartPlace is { } place)
        {
            if (net.PlaceIndex(place) < 0)
                throw new WorkflowException(WorkflowErrorCodes.InvalidInput, $"workflow '{request.WorkflowId}' has no place '{place}'");
            token = token with { Marking = Marking.Of(place), Status = net.IsCompleted(Marking.Of(place)) ? TokenStatus.Completed : TokenStatus.Active };
        }

        var eventSequence = await Commit(new TokenGrainState { Token = token, Version = 1, TenantId = request.TenantId }, null, "created");
        _net = net;
        var view = TokenViews.View(state.State);
        await Publish(new TokenEvent("created", view.Id, view.WorkflowId, 0, null, view, eventSequence));
        return view;
    }

    /// <inheritdoc />
    public Task<TokenView?> Get() => Task.FromResult(state.State.Token is null ? null : TokenViews.View(state.State));

    /// <inheritdoc />
    public async Task<FireResult> Fire(FireTransitionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var result = await FireOnce(request);
            FireMetrics.Record(state.State.TenantId, state.State.Token!.WorkflowId, request.TransitionId, result.Replayed ? "replayed" : "fired", refused: false, started);
            return result;
        }
        catch (WorkflowException e)
        {
            FireMetrics.Record(state.State.TenantId, state.State.Token?.WorkflowId ?? "", KnownTransition(request.TransitionId), e.Code, refused: true, started);
            throw;
        }
        catch
        {
            FireMetrics.Record(state.State.TenantId, state.State.Token?.WorkflowId ?? "", KnownTransition(request.TransitionId), "error", refused: false, started);
            throw;
        }
    }

    // Caller input is no tag value: a refused request may name a transition the workflow lacks (any string), so only the
    // workflow's own transition ids become tags.
    private string KnownTransition(string? transitionId) =>
        transitionId is not null && _net is { } net && net.TransitionIndex(transitionId) >= 0 ? transitionId : FireMetrics.UnknownTransition;

    private async Task<FireResult> FireOnce(FireTransitionRequest request)
    {
        var token = Existing(request.TenantId);
        var patch = request.DataPatchJson is null ? null : JsonObjects.Parse(request.DataPatchJson, "dataPatch");
        // Only a keyed fire needs its fingerprint (a SHA-256 of the canonical patch): unkeyed fires skip the hashing.
        var fingerprint = request.IdempotencyKey is null ? null : FireFingerprint.Of(request.TransitionId, patch);
        if (request.IdempotencyKey is { } key && state.State.Idempotency.FirstOrDefault(i => i.Key == key) is { } earlier)
            return FireFingerprint.Matches(earlier.Fingerprint, fingerprint!)
                ? earlier.Result with { Replayed = true }
                : throw new WorkflowException(WorkflowErrorCodes.IdempotencyKeyReused,
                    $"idempotency key '{key}' was used for a different request (another transition or data); use a new key");
        if (request.ExpectedVersion is { } expected && expected != state.State.Version)
            throw new WorkflowException(WorkflowErrorCodes.VersionConflict,
                $"token '{token.Id}' is at version {state.State.Version}, not the expected {expected}");

        var net = await Net();
        var machine = await MachineFor(net, request.TransitionId);
        var outcome = machine.Fire(token, new FireRequest(request.TransitionId, patch, request.Actor, request.IdempotencyKey), _clock.GetUtcNow());
        if (!outcome.Fired) throw Refusal(outcome);

        var entry = outcome.Entry!;
        var next = new TokenGrainState
        {
            Token = outcome.Token,
            Version = state.State.Version + 1,
            TenantId = state.State.TenantId,
            Idempotency = [.. state.State.Idempotency],
        };
        var view = TokenViews.View(next);
        var result = new FireResult(view, TokenViews.View(entry), Replayed: false);
        if (request.IdempotencyKey is { } newKey)
        {
            next.Idempotency.Add(new IdempotentFire(newKey, result, fingerprint));
            if (next.Idempotency.Count > TokenGrainState.IdempotencyWindow) next.Idempotency.RemoveAt(0);
        }
        var kind = outcome.Token!.Status == TokenStatus.Completed ? "completed" : "fired";
        var eventSequence = await Commit(next, entry, kind);
        await Publish(new TokenEvent(kind, view.Id, view.WorkflowId, entry.Sequence, entry.TransitionId, view, eventSequence));
        return result;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AvailableTransitionView>> AvailableTransitions()
    {
        var token = Existing(null);
        var net = await Net();
        var enabled = new TokenMachine(net).EnabledTransitions(token);
        var rules = await RulesFor(enabled);
        var guards = new GuardEvaluator(rules);
        var context = new EvaluationContext
        {
            Data = token.Data,
            Metadata = token.Metadata,
            TokenId = token.Id,
            Places = [.. token.Marking.Places],
            Status = TokenViews.Status(token.Status),
            CreatedAt = token.CreatedAt,
        };
        return [.. enabled.Select(t =>
        {
            var guard = t.Conditions.Count == 0 ? null : guards.Evaluate(t, context);
            return new AvailableTransitionView(t.Id, t.Name, [.. t.Outputs.Select(o => o.Place)], guard?.Passed ?? true, guard?.Reason);
        })];
    }

    /// <inheritdoc />
    public async Task<HistoryPageView> History(long afterSequence = 0, int first = 100, bool descending = false)
    {
        var token = Existing(null);
        first = Math.Clamp(first, 1, 1000);
        var entries = await storage.ReadLogAsync(StateId, afterSequence, first + 1, descending);
        var page = entries.Take(first).Select(e => TokenViews.View(TokenViews.Deserialize(e.Json))).ToList();
        return new HistoryPageView(page, entries.Count > first, token.LastSequence);
    }

    /// <inheritdoc />
    public async Task<TokenView> UpdateData(string dataJson, bool replace = false, long? expectedVersion = null)
    {
        var token = Existing(null);
        if (expectedVersion is { } expected && expected != state.State.Version)
            throw new WorkflowException(WorkflowErrorCodes.VersionConflict, $"token '{token.Id}' is at version {state.State.Version}, not the expected {expected}");
        var patch = JsonObjects.Parse(dataJson, "data");
        var data = replace ? patch : (JsonObject)JsonMergePatch.Apply(token.Data, patch)!;
        return await Change(token with { Data = data, UpdatedAt = _clock.GetUtcNow() });
    }

    /// <inheritdoc />
    public async Task<TokenView> SetMetadata(string metadataPatchJson)
    {
        var token = Existing(null);
        var metadata = (JsonObject)JsonMergePatch.Apply(token.Metadata, JsonObjects.Parse(metadataPatchJson, "metadata"))!;
        return await Change(token with { Metadata = metadata, UpdatedAt = _clock.GetUtcNow() });
    }

    /// <inheritdoc />
    public async Task<TokenView> Cancel(string? reason = null, string? actor = null)
    {
        var token = Existing(null);
        var outcome = new TokenMachine(await Net()).Cancel(token, _clock.GetUtcNow(), actor);
        if (!outcome.Fired) throw Refusal(outcome);
        var next = new TokenGrainState
        {
            Token = outcome.Token,
            Version = state.State.Version + 1,
            TenantId = state.State.TenantId,
            Idempotency = state.State.Idempotency,
        };
        var entry = reason is null ? outcome.Entry! : outcome.Entry! with { DataPatch = new JsonObject { ["reason"] = reason } };
        var eventSequence = await Commit(next, entry, "cancelled");
        var view = TokenViews.View(state.State);
        await Publish(new TokenEvent("cancelled", view.Id, view.WorkflowId, entry.Sequence, entry.TransitionId, view, eventSequence));
        return view;
    }

    private GrainStateId StateId => new(WorkflowGrainTypes.Token, this.GetPrimaryKeyString(), WorkflowGrainTypes.StateName);

    private async Task<TokenView> Change(TokenSnapshot token)
    {
        var eventSequence = await Commit(new TokenGrainState { Token = token, Version = state.State.Version + 1, TenantId = state.State.TenantId, Idempotency = state.State.Idempotency }, null, "updated");
        var view = TokenViews.View(state.State);
        await Publish(new TokenEvent("updated", view.Id, view.WorkflowId, 0, null, view, eventSequence));
        return view;
    }

    /// <summary>
    /// Makes <paramref name="next"/> durable (with the history entry, index row and the workflow feed event of
    /// <paramref name="kind"/> in the same transaction), then current; returns the event's workflow sequence.
    /// </summary>
    private async Task<long> Commit(TokenGrainState next, HistoryEntry? entry, string kind)
    {
        var previous = state.State;
        state.State = next;
        var token = next.Token!;
        IReadOnlyList<LogEntry> append = entry is null ? [] : [new LogEntry(entry.Sequence, TokenViews.Serialize(entry))];
        var index = new IndexEntry(TenantKeys.Of(next.TenantId, token.WorkflowId), TokenViews.Status(token.Status), [.. token.Marking.Places], token.CreatedAt);
        var feedEvent = WorkflowEventLog.Append(next.TenantId, token.WorkflowId, kind, token.Id, entry?.Sequence ?? 0, entry?.TransitionId);
        try
        {
            return (await state.WriteStateAsync(append, index, feedEvent)).GetValueOrDefault();
        }
        catch
        {
            state.State = previous;
            throw;
        }
    }

    private async Task Publish(TokenEvent e)
    {
        // The change is durable already, and so is its event in the workflow feed (subscribers read missed events
        // from there): a failed publication must not turn a success into an error.
        try
        {
            var streams = this.GetStreamProvider(GrainStreams.ProviderName);
            // Streams are keyed like the grains (the tenant inside), events carry the names the owner uses.
            await streams.GetStream<TokenEvent>(WorkflowGrainTypes.TokenStream, this.GetPrimaryKeyString()).OnNextAsync(e);
            await streams.GetStream<TokenEvent>(WorkflowGrainTypes.WorkflowStream, TenantKeys.Of(state.State.TenantId, e.WorkflowId)).OnNextAsync(e);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "publishing {Kind} of token {TokenId} failed", e.Kind, e.TokenId);
        }
    }

    private TokenSnapshot Existing(string? tenantId)
    {
        var token = state.State.Token;
        if (token is null || (tenantId is not null && state.State.TenantId != tenantId))
            throw new WorkflowException(WorkflowErrorCodes.TokenNotFound, $"token '{token?.Id ?? TenantKeys.NameOf(tenantId, this.GetPrimaryKeyString())}' not found");
        return token;
    }

    private async Task<CompiledNet> Net()
    {
        if (_net is not null) return _net;
        var token = state.State.Token!;
        var workflow = await GrainFactory.GetGrain<IWorkflowGrain>(TenantKeys.Of(state.State.TenantId, token.WorkflowId)).Get(token.WorkflowVersion)
            ?? throw new WorkflowException(WorkflowErrorCodes.WorkflowNotFound, $"workflow '{token.WorkflowId}' version {token.WorkflowVersion} not found");
        return _net = Compile(workflow);
    }

    private static CompiledNet Compile(WorkflowVersionView workflow) => new(WorkflowSerializer.FromJson(workflow.DefinitionJson));

    private async Task<TokenMachine> MachineFor(CompiledNet net, string transitionId)
    {
        var index = net.TransitionIndex(transitionId);
        if (index < 0) return new TokenMachine(net);
        return new TokenMachine(net, await RulesFor([net.Definition.Transitions[index]]));
    }

    /// <summary>Fetches the named rules the transitions' guards refer to (rules can change, so no caching across turns).</summary>
    private async Task<IRuleResolver?> RulesFor(IEnumerable<Transition> transitions)
    {
        var ids = transitions.SelectMany(t => t.Conditions.SelectMany(c => WorkflowValidator.RuleReferences(c, "")))
            .Select(r => r.RuleId).Distinct().ToList();
        if (ids.Count == 0) return null;
        var views = await Task.WhenAll(ids.Select(id => GrainFactory.GetGrain<IRuleGrain>(TenantKeys.Of(state.State.TenantId, id)).Get()));
        return new RuleSet(views.Where(v => v is not null).Select(v => RuleParser.Parse(JsonNode.Parse(v!.RuleJson))));
    }

    private static WorkflowException Refusal(FireOutcome outcome) => new(outcome.ErrorCode switch
    {
        FireErrorCodes.TokenNotActive => WorkflowErrorCodes.TokenNotActive,
        FireErrorCodes.UnknownTransition => WorkflowErrorCodes.UnknownTransition,
        FireErrorCodes.TransitionNotEnabled => WorkflowErrorCodes.TransitionNotEnabled,
        FireErrorCodes.GuardFailed => WorkflowErrorCodes.GuardFailed,
        _ => WorkflowErrorCodes.InvalidInput,
    }, outcome.Reason ?? "the transition cannot fire");
}
