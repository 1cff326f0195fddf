using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using CircuitBreaker.GraphQL.Language;
using CircuitBreaker.GraphQL.Types;

namespace CircuitBreaker.GraphQL.Execution;

/// <summary>Everything a resolver may need: parent value, coerced arguments, path, schema, request state.</summary>
public sealed class ResolveContext
{
    internal ResolveContext(RequestState request) => Request = request;

    internal RequestState Request { get; }
    /// <summary>The parent object's value.</summary>
    public object? Source { get; internal init; }
    /// <summary>Coerced argument values (only arguments given or defaulted are present).</summary>
    public required IReadOnlyDictionary<string, object?> Arguments { get; init; }
    /// <summary>The field being resolved.</summary>
    public required FieldDefinition FieldDefinition { get; init; }
    /// <summary>The type that owns the field.</summary>
    public required ObjectType ParentType { get; init; }
    /// <summary>The field's syntax nodes (several when merged).</summary>
    public required IReadOnlyList<Field> FieldNodes { get; init; }
    /// <summary>The response path of this field.</summary>
    public required IReadOnlyList<object> Path { get; init; }
    /// <summary>The field name.</summary>
    public string FieldName => FieldDefinition.Name;
    /// <summary>The schema.</summary>
    public Schema Schema => Request.Schema;
    /// <summary>Coerced variables of the operation.</summary>
    public IReadOnlyDictionary<string, object?> Variables => Request.Variables;
    /// <summary>Caller-supplied context object (e.g. the HTTP user).</summary>
    public object? UserContext => Request.UserContext;
    /// <summary>Request services, when running in a host.</summary>
    public IServiceProvider? Services => Request.Services;
    /// <summary>Cancelled when the request is aborted.</summary>
    public CancellationToken CancellationToken => Request.CancellationToken;

    /// <summary>Records an error at this field's path without failing the field (partial results); code defaults to <see cref="ErrorCodes.InternalError"/>.</summary>
    public void ReportError(string message, string? code = null) =>
        Request.AddError(GraphQLError.WithCode(message, code ?? ErrorCodes.InternalError, FieldNodes.Select(f => f.Location).ToList(), Path));

    /// <summary>Whether an argument was given (or defaulted).</summary>
    public bool HasArgument(string name) => Arguments.ContainsKey(name);

    /// <summary>An argument converted to <typeparamref name="T"/> (input objects map onto classes by property name).</summary>
    public T Argument<T>(string name, T defaultValue = default!) =>
        Arguments.TryGetValue(name, out var v) ? ConvertTo<T>(v) : defaultValue;

    /// <summary>Per-request data loader shared by all resolvers under <paramref name="key"/>.</summary>
    public DataLoader<TKey, TValue> DataLoader<TKey, TValue>(string key, Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> batch)
        where TKey : notnull =>
        (DataLoader<TKey, TValue>)Request.Loaders.GetOrAdd(key, _ => new DataLoader<TKey, TValue>(batch, Request.CancellationToken) { Scope = Request });

    /// <summary>Converts a plain coerced value to a CLR type.</summary>
    public static T ConvertTo<T>(object? v)
    {
        if (v is null) return default!;
        if (v is T t) return t;
        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (target.IsEnum && v is string s) return (T)System.Enum.Parse(target, s, ignoreCase: true);
        if (v is IConvertible && typeof(IConvertible).IsAssignableFrom(target) && target != typeof(string) || target == typeof(string) && v is IConvertible)
            return (T)System.Convert.ChangeType(v, target, CultureInfo.InvariantCulture);
        var json = JsonSerializer.Serialize(v);
        return JsonSerializer.Deserialize<T>(json, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
    }
}

/// <summary>Per-request state shared by all resolvers.</summary>
internal sealed class RequestState : IBatchScope
{
    public required Schema Schema { get; init; }
    public required IReadOnlyDictionary<string, object?> Variables { get; init; }
    public required IReadOnlyDictionary<string, FragmentDefinition> Fragments { get; init; }
    public object? UserContext { get; init; }
    public IServiceProvider? Services { get; init; }
    public CancellationToken CancellationToken { get; init; }
    public ExecutionOptions Options { get; init; } = ExecutionOptions.Default;
    public ConcurrentDictionary<string, object> Loaders { get; } = new();
    public List<GraphQLError> Errors { get; } = [];
    private int _holds;
    public bool Holding => Volatile.Read(ref _holds) > 0;
    public void Enter() => Interlocked.Increment(ref _holds);
    public void Exit()
    {
        if (Interlocked.Decrement(ref _holds) > 0) return;
        foreach (var l in Loaders.Values) if (l is IDispatchable d) d.Dispatch();
    }
    public void AddError(GraphQLError e) { lock (Errors) Errors.Add(e); }
}
