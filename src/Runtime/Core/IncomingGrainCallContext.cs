using System.Reflection;

namespace CircuitBreaker.Runtime;

/// <summary>Runs the registered incoming-call filters in order, then the grain method.</summary>
internal sealed class IncomingGrainCallContext(GrainActivation activation, GrainCall call, IIncomingGrainCallFilter[] filters)
    : IIncomingGrainCallContext
{
    private int _next;

    public object Grain => activation.GrainInstance!;
    public string GrainType => activation.Id.Type;
    public string GrainKey => activation.Id.Key;
    public MethodInfo InterfaceMethod => call.Method.Method;
    public string MethodName => call.Method.Name;
    public object?[] Arguments => call.Arguments;
    public object? Result { get; set; }

    public async Task Invoke()
    {
        if (_next < filters.Length)
        {
            await filters[_next++].Invoke(this).ConfigureAwait(false);
            return;
        }
        var task = call.Method.Invoker(activation.GrainInstance!, call.Arguments);
        await task.ConfigureAwait(false);
        Result = call.Method.ResultType is null ? null : ResultReader.Read(task);
    }
}

/// <summary>Reads Task&lt;T&gt;.Result as object, with one cached compiled accessor per T.</summary>
internal static class ResultReader
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, Func<Task, object?>> Readers = new();

    public static object? Read(Task task) =>
        Readers.GetOrAdd(task.GetType(), static t =>
        {
            var p = System.Linq.Expressions.Expression.Parameter(typeof(Task));
            var body = System.Linq.Expressions.Expression.Convert(
                System.Linq.Expressions.Expression.Property(System.Linq.Expressions.Expression.Convert(p, t), "Result"), typeof(object));
            return System.Linq.Expressions.Expression.Lambda<Func<Task, object?>>(body, p).Compile();
        })(task);
}
