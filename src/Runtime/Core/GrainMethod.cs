using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq.Expressions;
using System.Reflection;

namespace CircuitBreaker.Runtime;

/// <summary>
/// Everything the runtime needs about one grain interface method, computed once and cached:
/// a compiled invoker, its interleaving flags, its timeout and a factory for typed calls.
/// </summary>
public sealed class GrainMethod
{
    private static readonly ConcurrentDictionary<MethodInfo, GrainMethod> Cache = new();

    private GrainMethod(MethodInfo method)
    {
        Method = method;
        InterfaceType = method.DeclaringType!;
        Name = method.Name;
        DisplayName = $"{InterfaceType.Name}.{method.Name}";
        AlwaysInterleave = method.IsDefined(typeof(AlwaysInterleaveAttribute), false);
        IsReadOnly = method.IsDefined(typeof(ReadOnlyAttribute), false);
        Timeout = method.GetCustomAttribute<CallTimeoutAttribute>()?.Timeout;
        var parameters = method.GetParameters();
        ParameterCount = parameters.Length;
        ParameterTypes = parameters.Select(p => p.ParameterType).ToArray();
        ArgumentNeedsCopy = parameters.Select(p => !((p.ParameterType.IsValueType || p.ParameterType.IsSealed) && ValueCopier.IsImmutable(p.ParameterType))).ToArray();

        if (method.ReturnType == typeof(Task))
        {
            ResultType = null;
            Factory = static (m, id, args, parent, timeout) => new GrainCall<object?>(m, id, args, parent, timeout, isVoid: true);
        }
        else if (method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            ResultType = method.ReturnType.GetGenericArguments()[0];
            var create = typeof(GrainMethod).GetMethod(nameof(CreateTyped), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(ResultType);
            Factory = create.CreateDelegate<Func<GrainMethod, GrainId, object?[], ActivityContext, TimeSpan, GrainCall>>();
        }
        else
        {
            throw new GrainRuntimeException(GrainErrorCodes.InvalidGrainInterface,
                $"Grain interface method {InterfaceType.FullName}.{method.Name} must return Task or Task<T>, not {method.ReturnType.Name}.");
        }
        Invoker = CompileInvoker(method, parameters);
    }

    /// <summary>The interface method.</summary>
    public MethodInfo Method { get; }
    /// <summary>The interface declaring the method.</summary>
    public Type InterfaceType { get; }
    /// <summary>The method name.</summary>
    public string Name { get; }
    /// <summary><c>Interface.Method</c>, for messages and traces.</summary>
    public string DisplayName { get; }
    /// <summary>True when the method has [AlwaysInterleave].</summary>
    public bool AlwaysInterleave { get; }
    /// <summary>True when the method has [ReadOnly].</summary>
    public bool IsReadOnly { get; }
    /// <summary>The method's own timeout from [CallTimeout], if any.</summary>
    public TimeSpan? Timeout { get; }
    /// <summary>The T of Task&lt;T&gt;, or null for Task.</summary>
    public Type? ResultType { get; }
    /// <summary>Number of parameters.</summary>
    public int ParameterCount { get; }

    internal bool[] ArgumentNeedsCopy { get; }

    /// <summary>Declared parameter types (a copy falls back to them when a runtime type cannot be rebuilt).</summary>
    internal Type[] ParameterTypes { get; }
    internal Func<object, object?[], Task> Invoker { get; }
    private Func<GrainMethod, GrainId, object?[], ActivityContext, TimeSpan, GrainCall> Factory { get; }

    /// <summary>Returns the cached descriptor of <paramref name="method"/>.</summary>
    public static GrainMethod For(MethodInfo method) =>
        Cache.TryGetValue(method, out var m) ? m : Cache.GetOrAdd(method, static mi => new GrainMethod(mi));

    /// <summary>Creates a call message of this method; its <see cref="GrainCall.Task"/> is what the caller awaits.</summary>
    public GrainCall CreateCall(GrainId target, object?[] arguments, ActivityContext traceParent, TimeSpan timeout) =>
        Factory(this, target, arguments, traceParent, timeout);

    private static GrainCall CreateTyped<T>(GrainMethod m, GrainId id, object?[] args, ActivityContext parent, TimeSpan timeout) =>
        new GrainCall<T>(m, id, args, parent, timeout, isVoid: false);

    private static Func<object, object?[], Task> CompileInvoker(MethodInfo method, ParameterInfo[] parameters)
    {
        var grain = Expression.Parameter(typeof(object), "grain");
        var args = Expression.Parameter(typeof(object?[]), "args");
        var callArgs = parameters.Select((p, i) =>
            (Expression)Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.ParameterType));
        var call = Expression.Call(Expression.Convert(grain, method.DeclaringType!), method, callArgs);
        return Expression.Lambda<Func<object, object?[], Task>>(Expression.Convert(call, typeof(Task)), grain, args).Compile();
    }
}
