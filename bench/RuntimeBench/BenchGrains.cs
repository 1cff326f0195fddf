using Orleans;
using Orleans.Runtime;

namespace CircuitBreaker.RuntimeBench;

public interface INoOpGrain : IGrainWithStringKey
{
    Task Ping();
}

public sealed class NoOpGrain : Grain, INoOpGrain
{
    public Task Ping() => Task.CompletedTask;
}

public interface IWriterGrain : IGrainWithStringKey
{
    Task Write(int value);
}

public sealed class WriterState
{
    public int Value { get; set; }
    public string Payload { get; set; } = "";
}

public sealed class WriterGrain([PersistentState("bench")] IPersistentState<WriterState> state) : Grain, IWriterGrain
{
    public Task Write(int value)
    {
        state.State.Value = value;
        state.State.Payload = "order-" + value;
        return state.WriteStateAsync();
    }
}
