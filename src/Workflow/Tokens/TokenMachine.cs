using System.Text.Json.Nodes;
using CircuitBreaker.Workflow.Net;
using CircuitBreaker.Workflow.Rules;

namespace CircuitBreaker.Workflow.Tokens;

/// <summary>
/// Pure token state machine: creates tokens and applies fire requests to snapshots. The owner (the token
/// grain) persists the returned snapshot, appends the history entry and publishes events.
/// </summary>
public sealed class TokenMachine
{
    private readonly CompiledNet _net;
    private readonly GuardEvaluator _guards;

    /// <summary>A machine for one workflow definition.</summary>
    /// <param name="net">The compiled (valid) definition.</param>
    /// <param name="rules">Resolves rule ids referenced by guards.</param>
    public TokenMachine(CompiledNet net, IRuleResolver? rules = null)
    {
        _net = net;
        _guards = new GuardEvaluator(rules);
    }

    /// <summary>The compiled net.</summary>
    public CompiledNet Net => _net;

    /// <summary>A new token in the initial marking.</summary>
    public TokenSnapshot Create(string tokenId, DateTimeOffset now, JsonObject? data = null, JsonObject? metadata = null)
    {
        var marking = _net.Definition.CreateInitialMarking();
        return new TokenSnapshot
        {
            Id = tokenId, WorkflowId = _net.Definition.Id, WorkflowVersion = _net.Definition.Version, Marking = marking,
            Data = (JsonObject?)data?.DeepClone() ?? [], Metadata = (JsonObject?)metadata?.DeepClone() ?? [],
            Status = _net.IsCompleted(marking) ? TokenStatus.Completed : TokenStatus.Active,
            CreatedAt = now, UpdatedAt = now,
        };
    }

    /// <summary>Transitions enabled for the token by marking alone (guards not evaluated).</summary>
    public IReadOnlyList<Transition> EnabledTransitions(TokenSnapshot token) =>
        token.Status == TokenStatus.Active && MarkingFits(token) ? _net.EnabledTransitions(token.Marking) : [];

    /// <summary>Applies <paramref name="request"/> to <paramref name="token"/>.</summary>
    public FireOutcome Fire(TokenSnapshot token, FireRequest request, DateTimeOffset now)
    {
        if (token.WorkflowId != _net.Definition.Id || !_net.TryToVector(token.Marking, out var vector))
            return FireOutcome.Refused(FireErrorCodes.WorkflowMismatch,
                $"token '{token.Id}' does not belong to workflow '{_net.Definition.Id}' (or its marking names unknown places)");
        if (token.Status != TokenStatus.Active)
            return FireOutcome.Refused(FireErrorCodes.TokenNotActive, $"token '{token.Id}' is {token.Status.ToString().ToLowerInvariant()}");
        var t = _net.TransitionIndex(request.TransitionId);
        if (t < 0)
            return FireOutcome.Refused(FireErrorCodes.UnknownTransition,
                $"workflow '{_net.Definition.Id}' has no transition '{request.TransitionId}'");
        var transition = _net.Definition.Transitions[t];

        if (!_net.IsEnabled(t, vector))
        {
            var missing = _net.MissingInputs(token.Marking, transition.Id);
            return FireOutcome.Refused(FireErrorCodes.TransitionNotEnabled,
                    $"transition '{transition.Id}' is not enabled: no token in {string.Join(", ", missing)} (marking {token.Marking})")
                with { MissingPlaces = missing };
        }

        var data = request.DataPatch is null ? token.Data : (JsonObject)JsonMergePatch.Apply(token.Data, request.DataPatch)!;
        if (transition.Conditions.Count > 0)
        {
            var context = new EvaluationContext
            {
                Data = data, Metadata = token.Metadata, TokenId = token.Id, Places = [.. token.Marking.Places],
                Status = "active", CreatedAt = token.CreatedAt,
            };
            var guard = _guards.Evaluate(transition, context);
            if (!guard.Passed)
                return FireOutcome.Refused(FireErrorCodes.GuardFailed, $"guard of '{transition.Id}' failed: {guard.Reason}") with { Guard = guard };
        }

        var fired = _net.FireEnabled(t, vector);
        var sequence = token.LastSequence + 1;
        var next = token with
        {
            Marking = fired.Marking, Data = data, LastSequence = sequence, UpdatedAt = now,
            Status = _net.IsCompleted(fired.Marking) ? TokenStatus.Completed : TokenStatus.Active,
        };
        var entry = new HistoryEntry(sequence, transition.Id, fired.Consumed, fired.Produced, now, request.Actor,
            (JsonObject?)request.DataPatch?.DeepClone(), request.IdempotencyKey);
        return new FireOutcome { Token = next, Entry = entry };
    }

    /// <summary>Cancels an active token; the marking is kept for inspection.</summary>
    public FireOutcome Cancel(TokenSnapshot token, DateTimeOffset now, string? actor = null)
    {
        if (token.Status != TokenStatus.Active)
            return FireOutcome.Refused(FireErrorCodes.TokenNotActive, $"token '{token.Id}' is {token.Status.ToString().ToLowerInvariant()}");
        var sequence = token.LastSequence + 1;
        return new FireOutcome
        {
            Token = token with { Status = TokenStatus.Cancelled, LastSequence = sequence, UpdatedAt = now },
            Entry = new HistoryEntry(sequence, "$cancel", Marking.Empty, Marking.Empty, now, actor, null, null),
        };
    }

    private bool MarkingFits(TokenSnapshot token) => token.Marking.Places.All(p => _net.PlaceIndex(p) >= 0);
}
