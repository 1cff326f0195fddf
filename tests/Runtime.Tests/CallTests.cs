using System.Diagnostics;
using CircuitBreaker.Runtime.Storage;

namespace CircuitBreaker.Runtime.Tests;

public sealed class CallTests
{
    [Fact]
    public async Task Timeout_names_grain_type_key_and_method()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IMiscGrain>("slow");
        var error = await Assert.ThrowsAsync<TimeoutException>(grain.Hang);
        Assert.Contains("Hang", error.Message);
        Assert.Contains(typeof(MiscGrain).FullName!, error.Message);
        Assert.Contains("'slow'", error.Message);
        silo.Probe().Gate.TrySetResult();
    }

    [Fact]
    public async Task Exceptions_keep_type_and_message()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IMiscGrain>("e");
        var custom = await Assert.ThrowsAsync<CustomGrainException>(() => grain.Throw("boom"));
        Assert.Equal("boom", custom.Message);
        var after = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.ThrowAfterAwait("later"));
        Assert.Equal("later", after.Message);
        Assert.Equal(5, await grain.Add(2, 3)); // the activation survives a grain exception
    }

    [Fact]
    public async Task Arguments_and_results_are_copied()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IMiscGrain>("c");
        var list = new List<int> { 1, 2 };
        await grain.Store(list);
        list.Add(3);
        var stored = await grain.Get();
        Assert.Equal([1, 2], stored);
        stored.Add(4);
        Assert.Equal([1, 2], await grain.Get());
    }

    [Fact]
    public void Copier_keeps_private_setters_and_get_only_properties()
    {
        var original = new Encapsulated("kept", [1, 2]);
        original.Bump();
        var copy = (Encapsulated)ValueCopier.CopyObject(original)!;
        Assert.NotSame(original, copy);
        Assert.Equal(("kept", 1), (copy.Name, copy.Count));
        Assert.Equal([1, 2], copy.Items);
        Assert.NotSame(original.Items, copy.Items);
    }

    [Fact]
    public async Task Hidden_collection_types_are_copied_as_their_declared_type()
    {
        await using var silo = await TestSilo.StartAsync();
        IReadOnlyList<int> items = [1, 2]; // a compiler-generated type that JSON cannot rebuild
        Assert.Equal([1, 2, 9], await silo.GrainFactory.GetGrain<IMiscGrain>("h").Echo(items));
    }

    [Fact]
    public void Copier_shares_immutables_and_copies_the_rest()
    {
        var immutable = new ImmutableThing { Value = 1 };
        Assert.Same(immutable, ValueCopier.CopyObject(immutable));
        Assert.Same("s", ValueCopier.CopyObject("s"));
        var mutable = new Profile { Name = "n" };
        var copy = (Profile)ValueCopier.CopyObject(mutable)!;
        Assert.NotSame(mutable, copy);
        Assert.Equal("n", copy.Name);
    }

    [Fact]
    public async Task Activity_trace_id_flows_into_the_grain()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IMiscGrain>("t");
        using var activity = new Activity("test").SetIdFormat(ActivityIdFormat.W3C).Start();
        Assert.Equal(activity.TraceId.ToString(), await grain.TraceId());
    }

    [Fact]
    public async Task With_a_listener_the_grain_runs_under_a_child_span_of_the_caller()
    {
        var started = new System.Collections.Concurrent.ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "CircuitBreaker.Runtime",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = started.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var silo = await TestSilo.StartAsync();
        using var caller = new Activity("caller").SetIdFormat(ActivityIdFormat.W3C).Start();
        Assert.Equal(caller.TraceId.ToString(), await silo.GrainFactory.GetGrain<IMiscGrain>("span").TraceId());
        var span = Assert.Single(started, a => a.TraceId == caller.TraceId);
        Assert.Equal("IMiscGrain.TraceId", span.OperationName);
        Assert.Equal(caller.SpanId, span.ParentSpanId);
    }

    [Fact]
    public async Task Call_filter_sees_method_duration_and_exception()
    {
        var recorder = new RecordingFilter();
        await using var silo = await TestSilo.StartAsync(services: s =>
            Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<IIncomingGrainCallFilter>(s, recorder));
        var grain = silo.GrainFactory.GetGrain<IMiscGrain>("f");
        Assert.Equal(7, await grain.Add(3, 4));
        await Assert.ThrowsAsync<CustomGrainException>(() => grain.Throw("bad"));
        var calls = recorder.Calls.ToArray();
        Assert.Equal(2, calls.Length);
        Assert.Equal((typeof(MiscGrain).FullName, "f", "Add", (object?)7, (Exception?)null), (calls[0].Type, calls[0].Key, calls[0].Method, calls[0].Result, calls[0].Error));
        Assert.Equal("Throw", calls[1].Method);
        Assert.IsType<CustomGrainException>(calls[1].Error);

        // A call held open for a known interval: the filter's measured duration covers it.
        var held = grain.WaitForGate();
        var opened = Stopwatch.StartNew();
        await Task.Delay(100);
        silo.Probe().Gate.TrySetResult();
        await held;
        var hang = recorder.Calls.ToArray()[2];
        Assert.Equal(("WaitForGate", (Exception?)null), (hang.Method, hang.Error));
        Assert.InRange(hang.Duration, TimeSpan.FromMilliseconds(90), opened.Elapsed);
    }

    [Fact]
    public async Task Inconsistent_state_drops_the_activation()
    {
        var storage = new InMemoryGrainStorage();
        await using var a = await TestSilo.StartAsync(b => b.UseGrainStorage(storage));
        await using var b = await TestSilo.StartAsync(x => x.UseGrainStorage(storage));
        var onA = a.GrainFactory.GetGrain<IProfileGrain>("p");
        var onB = b.GrainFactory.GetGrain<IProfileGrain>("p");
        var firstA = await onA.Set("a1");
        await onB.Set("b1"); // B read A's row, so its write wins
        await Assert.ThrowsAsync<InconsistentStateException>(() => onA.Set("a2"));
        Assert.Equal(("b1", 2, true), await onA.Get()); // a new activation reloaded the state: nothing was overwritten
        var secondA = await onA.Set("a3");
        Assert.NotEqual(firstA, secondA);
        Assert.Equal(("a3", 3, true), await onA.Get());
    }
}

/// <summary>A class whose state is only reachable through a private setter and get-only properties.</summary>
public sealed class Encapsulated
{
    public Encapsulated() { }

    public Encapsulated(string name, List<int> items) => (Name, Items) = (name, items);

    public string Name { get; private set; } = "";
    public int Count { get; private set; }
    public List<int> Items { get; } = [];

    public void Bump() => Count++;
}

[Immutable]
public sealed class ImmutableThing
{
    public int Value { get; init; }
}

public sealed class RecordingFilter : IIncomingGrainCallFilter
{
    public System.Collections.Concurrent.ConcurrentQueue<(string Type, string Key, string Method, object? Result, TimeSpan Duration, Exception? Error)> Calls { get; } = new();

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var watch = Stopwatch.StartNew();
        Exception? error = null;
        try { await context.Invoke(); }
        catch (Exception ex) { error = ex; throw; }
        finally { Calls.Enqueue((context.GrainType, context.GrainKey, context.MethodName, context.Result, watch.Elapsed, error)); }
    }
}
