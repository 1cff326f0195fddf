using Xunit;

namespace CircuitBreaker.Silo.Tests;

public sealed class StartupWorkTests
{
    [Fact]
    public async Task Pending_names_running_work_until_it_ends_whether_it_succeeds_or_fails()
    {
        var work = new StartupWork();
        Assert.Empty(work.Pending);
        var examples = new TaskCompletionSource();
        var cache = new TaskCompletionSource();
        work.Track("examples", examples.Task);
        work.Track("cache", cache.Task);
        Assert.Equal(["cache", "examples"], work.Pending);

        examples.SetResult();
        await examples.Task;
        Assert.Equal(["cache"], work.Pending);

        // A failed piece is finished too: readiness must not hang on it (its owner logs the failure).
        cache.SetException(new InvalidOperationException("boom"));
        Assert.Empty(work.Pending);
    }
}
