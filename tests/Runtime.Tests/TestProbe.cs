using System.Collections.Concurrent;

namespace CircuitBreaker.Runtime.Tests;

/// <summary>A per-silo recorder that test grains write to and tests await on (no sleeps).</summary>
public sealed class TestProbe
{
    private readonly ConcurrentQueue<string> _events = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<string> Events => _events.ToArray();

    public void Record(string e)
    {
        _events.Enqueue(e);
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    public int Count(string e) => _events.Count(x => x == e);

    public async Task WaitUntilAsync(Func<IReadOnlyList<string>, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var changed = Volatile.Read(ref _changed).Task;
            if (condition(Events)) return;
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero) throw new TimeoutException($"Condition not met; events: {string.Join(", ", Events)}");
            await Task.WhenAny(changed, Task.Delay(remaining));
        }
    }
}

internal static class TestSilo
{
    public static Task<SiloHost> StartAsync(Action<SiloBuilder>? configure = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null) =>
        SiloHost.StartAsync(b =>
        {
            b.AddGrainAssemblyOf<TestProbe>();
            b.Configure(o => o.CollectionScanInterval = TimeSpan.FromMilliseconds(50));
            configure?.Invoke(b);
        }, s =>
        {
            Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<TestProbe>(s);
            services?.Invoke(s);
        });

    public static TestProbe Probe(this SiloHost silo) => (TestProbe)silo.Services.GetService(typeof(TestProbe))!;
}
