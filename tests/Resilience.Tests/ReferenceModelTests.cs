using CircuitBreaker.Resilience.Breaker;
using CircuitBreaker.Resilience.Budget;

namespace CircuitBreaker.Resilience.Tests;

/// <summary>Random operation sequences checked against naive re-statements of the rules.</summary>
public class ReferenceModelTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    // METRICS_ONLY records every call and never moves, so the window can be compared with a plain list of calls.
    [Theory]
    [InlineData(SlidingWindowType.COUNT_BASED, 1, 11)]
    [InlineData(SlidingWindowType.COUNT_BASED, 7, 12)]
    [InlineData(SlidingWindowType.TIME_BASED, 1, 13)]
    [InlineData(SlidingWindowType.TIME_BASED, 5, 14)]
    [InlineData(SlidingWindowType.TIME_BASED, 30, 15)]
    public void Window_counts_match_a_plain_list_of_calls(SlidingWindowType type, int size, int seed)
    {
        var config = new CircuitBreakerConfig
        {
            SlidingWindowType = type, SlidingWindowSize = size, MinimumNumberOfCalls = 3,
            SlowCallDurationThreshold = TimeSpan.FromMilliseconds(300),
        };
        var breaker = new CircuitBreakerStateMachine(config);
        breaker.MetricsOnly(Start);
        var calls = new List<(long Second, bool Failed, bool Slow)>();
        var random = new Random(seed);
        var now = Start;
        for (var step = 0; step < 2000; step++)
        {
            if (random.Next(4) == 0) now += TimeSpan.FromMilliseconds(random.Next(2500));
            var outcome = (CallOutcome)random.Next(3);
            var duration = TimeSpan.FromMilliseconds(random.Next(600));
            breaker.OnResult(outcome, duration, now);
            if (outcome != CallOutcome.Ignored)
                calls.Add((now.ToUnixTimeSeconds(), outcome == CallOutcome.Failure, duration.TotalMilliseconds > 300));

            var second = now.ToUnixTimeSeconds();
            var inWindow = type == SlidingWindowType.COUNT_BASED
                ? calls.TakeLast(size).ToList()
                : calls.Where(c => c.Second > second - size).ToList();
            var m = breaker.GetMetrics(now);
            Assert.Equal(inWindow.Count, m.NumberOfBufferedCalls);
            Assert.Equal(inWindow.Count(c => c.Failed), m.NumberOfFailedCalls);
            Assert.Equal(inWindow.Count(c => c.Slow), m.NumberOfSlowCalls);
            Assert.Equal(inWindow.Count(c => c.Slow && c.Failed), m.NumberOfSlowFailedCalls);
            var minimum = config.EffectiveMinimumNumberOfCalls;
            Assert.Equal(inWindow.Count < minimum ? -1f : inWindow.Count(c => c.Failed) * 100f / inWindow.Count, m.FailureRate);
        }
    }

    // Hard mode: whatever the mix of reserve/commit/release/expiry, a hold is granted exactly when spent + held + amount
    // stays within every limit, with periods recomputed independently here.
    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    [InlineData(23)]
    public void Hard_limits_hold_under_random_reserve_commit_release_and_expiry(int seed)
    {
        var random = new Random(seed);
        var now = Start;
        var limits = new[] { 3m, 12m, 40m }; // daily, weekly, monthly
        var ledger = new BudgetLedger("user:1", new BudgetConfig { DailyLimit = limits[0], WeeklyLimit = limits[1], MonthlyLimit = limits[2] }, now);
        var live = new List<(string Id, decimal Amount, DateTimeOffset ExpiresAt)>();
        var commits = new List<(DateTime At, decimal Cost)>();
        int granted = 0, refused = 0;
        for (var step = 0; step < 3000; step++)
        {
            now += TimeSpan.FromMinutes(random.Next(30));
            ledger.Tick(now);
            live.RemoveAll(r => r.ExpiresAt <= now);
            var date = now.UtcDateTime.Date;
            var periodStarts = new[] { date, date.AddDays(-(((int)date.DayOfWeek + 6) % 7)), new DateTime(date.Year, date.Month, 1) };
            var spent = periodStarts.Select(s => commits.Where(c => c.At >= s).Sum(c => c.Cost)).ToArray();
            switch (random.Next(3))
            {
                case 0:
                    var amount = random.Next(1, 100) / 100m;
                    var fits = Enumerable.Range(0, 3).All(i => spent[i] + live.Sum(x => x.Amount) + amount <= limits[i]);
                    var r = ledger.Reserve(amount, now, TimeSpan.FromMinutes(random.Next(1, 60)));
                    Assert.Equal(fits, r.Granted);
                    if (r.Granted) { live.Add((r.ReservationId!, amount, r.ExpiresAt!.Value)); granted++; }
                    else refused++;
                    break;
                case 1 when live.Count > 0:
                    var commit = live[random.Next(live.Count)];
                    live.Remove(commit);
                    Assert.True(ledger.Commit(commit.Id, commit.Amount, "p", "m", now).Recorded);
                    commits.Add((now.UtcDateTime, commit.Amount));
                    break;
                case 2 when live.Count > 0:
                    var release = live[random.Next(live.Count)];
                    live.Remove(release);
                    Assert.True(ledger.Release(release.Id));
                    break;
            }
            Assert.Equal(live.Sum(x => x.Amount), ledger.Reserved);
            Assert.Equal(periodStarts.Select(s => commits.Where(c => c.At >= s).Sum(c => c.Cost)),
                Enum.GetValues<BudgetPeriodKind>().Select(ledger.SpentIn));
        }
        Assert.True(granted > 100 && refused > 100, $"granted {granted}, refused {refused}: the limits were not exercised");
    }
}
