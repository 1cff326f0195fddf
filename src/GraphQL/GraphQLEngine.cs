using System.Collections.Concurrent;
using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.GraphQL.Language;
using CircuitBreaker.GraphQL.Types;
using CircuitBreaker.GraphQL.Validation;

namespace CircuitBreaker.GraphQL;

/// <summary>A GraphQL request as sent by a client.</summary>
public sealed class GraphQLRequest
{
    /// <summary>The document text.</summary>
    public required string Query { get; init; }
    /// <summary>Operation to run when the document has several.</summary>
    public string? OperationName { get; init; }
    /// <summary>Variable values (plain values or JsonElement).</summary>
    public IReadOnlyDictionary<string, object?>? Variables { get; init; }
    /// <summary>Per-request context object available to resolvers.</summary>
    public object? UserContext { get; init; }
    /// <summary>Request services available to resolvers.</summary>
    public IServiceProvider? Services { get; init; }
    /// <summary>Root value.</summary>
    public object? RootValue { get; init; }
}

/// <summary>Outcome of preparing a request: a validated document, or errors to return.</summary>
public sealed record PreparedDocument(Document? Document, IReadOnlyList<GraphQLError> Errors, OperationType? Operation);

/// <summary>
/// Parse → validate → execute pipeline over one schema, with a cache of validated documents.
/// Thread-safe; create one per schema and reuse it.
/// </summary>
public sealed class GraphQLEngine(Schema schema, ValidationOptions? options = null, ExecutionOptions? executionOptions = null)
{
    private readonly ConcurrentDictionary<string, PreparedDocument> _cache = new();
    private const int CacheLimit = 1000;

    /// <summary>The schema.</summary>
    public Schema Schema { get; } = schema;
    /// <summary>Validation limits in force.</summary>
    public ValidationOptions Options { get; } = options ?? new ValidationOptions();
    /// <summary>Error reporting in force (unexpected exception messages masked unless turned off).</summary>
    public ExecutionOptions ExecutionOptions { get; } = executionOptions ?? ExecutionOptions.Default;

    /// <summary>Parses and validates (cached by document text).</summary>
    public PreparedDocument Prepare(string query, string? operationName = null)
    {
        var prepared = _cache.TryGetValue(query, out var hit) ? hit : PrepareUncached(query);
        if (hit is null && prepared.Errors.Count == 0)
        {
            if (_cache.Count >= CacheLimit) _cache.Clear();
            _cache[query] = prepared;
        }
        if (prepared.Document is null || prepared.Errors.Count > 0) return prepared;
        var ops = prepared.Document.Definitions.OfType<OperationDefinition>().ToList();
        var op = operationName is null ? (ops.Count == 1 ? ops[0] : null) : ops.FirstOrDefault(o => o.Name == operationName);
        return prepared with { Operation = op?.Operation };
    }

    private PreparedDocument PrepareUncached(string query)
    {
        Document doc;
        try
        {
            doc = Parser.Parse(query, Options.MaxTokens);
        }
        catch (GraphQLSyntaxException ex)
        {
            return new PreparedDocument(null, [GraphQLError.WithCode(ex.Message, ErrorCodes.SyntaxError, [ex.Location])], null);
        }
        return new PreparedDocument(doc, Validator.Validate(Schema, doc, Options), null);
    }

    /// <summary>Runs a query or mutation (a subscription here yields its first event only; use <see cref="SubscribeAsync"/>).</summary>
    public async Task<ExecutionResult> ExecuteAsync(GraphQLRequest request, CancellationToken cancellationToken = default)
    {
        var prepared = Prepare(request.Query, request.OperationName);
        if (prepared.Errors.Count > 0) return new ExecutionResult { Errors = prepared.Errors };
        if (VariableLimitErrors(prepared.Document!, request) is { Count: > 0 } limits) return new ExecutionResult { Errors = limits };
        var exec = ToExecution(prepared.Document!, request);
        if (prepared.Operation == OperationType.Subscription)
        {
            var (error, stream) = await Executor.SubscribeAsync(Schema, exec, cancellationToken).ConfigureAwait(false);
            if (error is not null) return error;
            await foreach (var first in stream!.WithCancellation(cancellationToken).ConfigureAwait(false)) return first;
            return new ExecutionResult { HasData = true };
        }
        return await Executor.ExecuteAsync(Schema, exec, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts a subscription: an error result, or a stream of results (one per event).</summary>
    public async Task<(ExecutionResult? Error, IAsyncEnumerable<ExecutionResult>? Stream)> SubscribeAsync(GraphQLRequest request, CancellationToken cancellationToken = default)
    {
        var prepared = Prepare(request.Query, request.OperationName);
        if (prepared.Errors.Count > 0) return (new ExecutionResult { Errors = prepared.Errors }, null);
        if (VariableLimitErrors(prepared.Document!, request) is { Count: > 0 } limits) return (new ExecutionResult { Errors = limits }, null);
        return await Executor.SubscribeAsync(Schema, ToExecution(prepared.Document!, request), cancellationToken).ConfigureAwait(false);
    }

    // Page sizes passed as variables are only known now: the complexity limit is checked again with their values.
    private List<GraphQLError>? VariableLimitErrors(Document doc, GraphQLRequest request)
    {
        if (request.Variables is not { Count: > 0 } variables) return null;
        var ops = doc.Definitions.OfType<OperationDefinition>().ToList();
        var op = request.OperationName is null ? (ops.Count == 1 ? ops[0] : null) : ops.FirstOrDefault(o => o.Name == request.OperationName);
        return op is null ? null : Limits.CheckWithVariables(Schema, doc, op, variables, Options);
    }

    private ExecutionRequest ToExecution(Document doc, GraphQLRequest r) => new()
    {
        Document = doc,
        OperationName = r.OperationName,
        Variables = r.Variables,
        RootValue = r.RootValue,
        UserContext = r.UserContext,
        Services = r.Services,
        Options = ExecutionOptions,
    };
}
