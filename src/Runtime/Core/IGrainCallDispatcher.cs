namespace CircuitBreaker.Runtime;

/// <summary>
/// Delivers call messages to the activation of their target grain. The local dispatcher finds or creates
/// the activation in this silo; a network dispatcher can route the same messages to another silo and
/// complete them with the reply (a remote failure as <see cref="RemoteGrainException"/>).
/// </summary>
public interface IGrainCallDispatcher
{
    /// <summary>Delivers <paramref name="call"/>; the outcome arrives on <see cref="GrainCall.Task"/>. Never throws.</summary>
    void Dispatch(GrainCall call);
}

/// <summary>Delivers calls to activations of this silo, activating grains on first use.</summary>
public sealed class LocalGrainCallDispatcher : IGrainCallDispatcher
{
    private readonly SiloRuntime _silo;

    internal LocalGrainCallDispatcher(SiloRuntime silo) => _silo = silo;

    /// <inheritdoc />
    public void Dispatch(GrainCall call)
    {
        try
        {
            if (!call.ArgumentsCopied)
            {
                CopyArguments(call);
                call.ArgumentsCopied = true;
            }
            var grainClass = call.TargetClass ?? _silo.Catalog.FindByName(call.Target.Type)
                ?? throw new GrainRuntimeException(GrainErrorCodes.GrainInterfaceNotFound, $"Grain type '{call.Target.Type}' is not registered in this silo.");
            while (true)
            {
                GrainActivation activation;
                if (!_silo.IsRunning)
                {
                    // While stopping, only activations that are still draining accept work.
                    if (!_silo.Directory.TryGet(call.Target, out activation))
                        throw new GrainRuntimeException(GrainErrorCodes.SiloNotRunning, $"The silo is not running; call to {call.Target} {call.Method.DisplayName} rejected.");
                }
                else activation = _silo.Directory.GetOrCreate(call.Target, grainClass, _silo);
                if (activation.TryEnqueue(call)) return;
                _silo.Directory.Remove(activation);
            }
        }
        catch (Exception ex)
        {
            call.SetException(ex);
        }
    }

    private static void CopyArguments(GrainCall call)
    {
        var needsCopy = call.Method.ArgumentNeedsCopy;
        var args = call.Arguments;
        for (var i = 0; i < args.Length; i++)
            if (needsCopy[i]) args[i] = ValueCopier.CopyObject(args[i], call.Method.ParameterTypes[i]);
    }
}
