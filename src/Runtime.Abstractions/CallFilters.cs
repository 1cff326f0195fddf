using System.Reflection;

namespace CircuitBreaker.Runtime;

/// <summary>
/// Intercepts every call that arrives at a grain of this silo. Register implementations in DI
/// (<c>services.AddSingleton&lt;IIncomingGrainCallFilter, MyFilter&gt;()</c>); they run in registration order.
/// </summary>
public interface IIncomingGrainCallFilter
{
    /// <summary>Handles the call; must call <see cref="IIncomingGrainCallContext.Invoke"/> to let it proceed.</summary>
    Task Invoke(IIncomingGrainCallContext context);
}

/// <summary>What an incoming-call filter sees of one call.</summary>
public interface IIncomingGrainCallContext
{
    /// <summary>The grain instance.</summary>
    object Grain { get; }

    /// <summary>The stable grain type name.</summary>
    string GrainType { get; }

    /// <summary>The grain key.</summary>
    string GrainKey { get; }

    /// <summary>The interface method called.</summary>
    MethodInfo InterfaceMethod { get; }

    /// <summary>The method's name.</summary>
    string MethodName { get; }

    /// <summary>The arguments (already copied for the grain).</summary>
    object?[] Arguments { get; }

    /// <summary>The result after <see cref="Invoke"/> completed (null for <see cref="Task"/> methods); filters may replace it.</summary>
    object? Result { get; set; }

    /// <summary>Runs the next filter, or the grain method itself.</summary>
    Task Invoke();
}
