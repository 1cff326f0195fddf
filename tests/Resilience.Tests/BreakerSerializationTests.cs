using System.Text.Json;
using CircuitBreaker.Resilience.Breaker;

namespace CircuitBreaker.Resilience.Tests;

public class BreakerSerializationTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<SlidingWindowType, int, int> Cases()
    {
        var data = new TheoryData<SlidingWindowType, int, int>();
        foreach (var type in Enum.GetValues<SlidingWindowType>())
            foreach (var split in new[] { 0, 7, 23, 60, 111 })
                data.Add(type, split, 1000 + split);
        return data;
    }

    // Drives two breakers with the same random operations; one is persisted to JSON and restored midway.
    [Theory]
    [MemberData(nameof(Cases))]
    public void Restored_breaker_behaves_exactly_like_the_original(SlidingWindowType type, int split, int seed)
    {
        var config = new CircuitBreakerConfig
        {
            SlidingWindowType = type, SlidingWindowSize = 6, MinimumNumberOfCalls = 4, FailureRateThreshold = 50,
            SlowCallRateThreshold = 75, SlowCallDurationThreshold = TimeSpan.FromMilliseconds(500),
            WaitDurationInOpenState = TimeSpan.FromSeconds(3), PermittedNumberOfCallsInHalfOpenState = 3,
            MaxWaitDurationInHalfOpenState = TimeSpan.FromSeconds(7), AutomaticTransitionFromOpenToHalfOpenEnabled = seed % 2 == 0,
            ExponentialBackoffMultiplier = 1.5, ExponentialMaxWaitDurationInOpenState = TimeSpan.FromSeconds(8),
        };
        var random = new Random(seed);
        var ops = Enumerable.Range(0, 200).Select(_ => (Op: random.Next(6), Arg: random.Next(1000))).ToList();
        var original = new CircuitBreakerStateMachine(config);
        var now = Start;
        var statesSeen = new HashSet<CircuitBreakerState>();
        foreach (var op in ops.Take(split)) Apply(original, op, ref now);

        var json = JsonSerializer.Serialize(original.ToDto(), Json);
        var restored = CircuitBreakerStateMachine.Restore(JsonSerializer.Deserialize<CircuitBreakerStateDto>(json, Json)!);
        Assert.Equal(json, JsonSerializer.Serialize(restored.ToDto(), Json));

        foreach (var op in ops.Skip(split))
        {
            var before = now;
            var a = Apply(original, op, ref now);
            now = before;
            var b = Apply(restored, op, ref now);
            Assert.Equal(a, b);
            Assert.Equal(original.GetMetrics(now), restored.GetMetrics(now));
            Assert.Equal(original.NextTransitionAt, restored.NextTransitionAt);
            statesSeen.Add(original.State);
        }
        Assert.Contains(CircuitBreakerState.OPEN, statesSeen); // the scenario really exercises the state machine
        Assert.Contains(CircuitBreakerState.HALF_OPEN, statesSeen);
    }

    private static string Apply(CircuitBreakerStateMachine b, (int Op, int Arg) op, ref DateTimeOffset now)
    {
        switch (op.Op)
        {
            case 0:
                now += TimeSpan.FromMilliseconds(op.Arg * 4);
                return Describe(b.Tick(now));
            case 1 or 2:
                var r = b.TryAcquire(now);
                return $"{r.Permitted} {r.RetryAfter} {r.State} {Describe(r.Transitions)}";
            default:
                var outcome = op.Arg % 10 < 5 ? CallOutcome.Failure : op.Arg % 10 < 9 ? CallOutcome.Success : CallOutcome.Ignored;
                return Describe(b.OnResult(outcome, TimeSpan.FromMilliseconds(op.Arg), now));
        }
    }

    private static string Describe(IReadOnlyList<BreakerTransition> transitions) => string.Join(",", transitions);

    [Fact]
    public void Enums_are_persisted_by_name_so_reordering_them_cannot_corrupt_state()
    {
        var breaker = new CircuitBreakerStateMachine(new CircuitBreakerConfig { SlidingWindowSize = 1 });
        breaker.OnResult(CallOutcome.Failure, TimeSpan.Zero, Start);
        var json = JsonSerializer.Serialize(breaker.ToDto(), Json);
        Assert.Contains("\"state\":\"OPEN\"", json);
        Assert.Contains("\"lastTransitionReason\":\"FailureRateExceeded\"", json);
        Assert.Contains("\"slidingWindowType\":\"COUNT_BASED\"", json);
    }

    [Fact]
    public void Inconsistent_state_is_rejected_with_a_code()
    {
        var dto = new CircuitBreakerStateMachine(new CircuitBreakerConfig()).ToDto();
        Assert.Equal("BREAKER_STATE_OPEN_UNTIL_MISSING", Assert.Throws<ResilienceConfigException>(() =>
            CircuitBreakerStateMachine.Restore(dto with { State = CircuitBreakerState.OPEN })).Code);
        Assert.Equal("BREAKER_STATE_PERMITS_OUT_OF_RANGE", Assert.Throws<ResilienceConfigException>(() =>
            CircuitBreakerStateMachine.Restore(dto with { HalfOpenPermitsLeft = 11 })).Code);
        Assert.Equal("BREAKER_STATE_WINDOW_ENTRIES_INVALID", Assert.Throws<ResilienceConfigException>(() =>
            CircuitBreakerStateMachine.Restore(dto with { Window = dto.Window with { Entries = [5] } })).Code);
        Assert.Equal("BREAKER_FAILURE_RATE_THRESHOLD_OUT_OF_RANGE", Assert.Throws<ResilienceConfigException>(() =>
            CircuitBreakerStateMachine.Restore(dto with { Config = dto.Config with { FailureRateThreshold = 0 } })).Code);
        Assert.Equal("BREAKER_STATE_WINDOW_BUCKET_INVALID", Assert.Throws<ResilienceConfigException>(() =>
            CircuitBreakerStateMachine.Restore(dto with
            {
                Window = new SlidingWindowDto
                {
                    Type = SlidingWindowType.TIME_BASED, Size = 3, MinimumCalls = 1,
                    Buckets = [new TimeBucketDto { EpochSecond = 1, Calls = 1, FailedCalls = 2 }],
                },
            })).Code);
    }
}
