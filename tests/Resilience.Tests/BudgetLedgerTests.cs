using System.Text.Json;
using CircuitBreaker.Resilience.Budget;

namespace CircuitBreaker.Resilience.Tests;

public class BudgetLedgerTests
{
    // 2026-03-10 is a Tuesday.
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);
    private readonly ManualTimeProvider _clock = new(Start);

    private DateTimeOffset Now => _clock.GetUtcNow();

    [Fact]
    public void Thousand_reservations_of_a_cent_against_five_dollars_grant_exactly_500()
    {
        var ledger = new BudgetLedger("user:42", new BudgetConfig { DailyLimit = 5.00m }, Now);
        var results = Enumerable.Range(0, 1000).Select(_ => ledger.Reserve(0.01m, Now)).ToList();
        Assert.Equal(500, results.Count(r => r.Granted));
        Assert.All(results.Take(500), r => Assert.True(r.Granted));
        Assert.Equal(500, results.Select(r => r.ReservationId).Distinct().Count(id => id is not null));
        var refused = results[500];
        Assert.Equal("BUDGET_DAILY_LIMIT_EXCEEDED", refused.Code);
        Assert.Equal(0m, refused.Remaining);
        Assert.Equal(5.00m, ledger.Reserved);
    }

    [Fact]
    public void Hard_limit_counts_spend_and_outstanding_reservations()
    {
        var ledger = new BudgetLedger("user:1", new BudgetConfig { MonthlyLimit = 10m }, Now);
        var a = ledger.Reserve(4m, Now);
        Assert.Equal(6m, a.Remaining);
        Assert.True(ledger.Commit(a.ReservationId!, 3m, "openai", "gpt-4o", Now).Recorded);
        var b = ledger.Reserve(5m, Now);
        Assert.Equal(2m, b.Remaining);
        var c = ledger.Reserve(2.01m, Now);
        Assert.False(c.Granted);
        Assert.Equal("BUDGET_MONTHLY_LIMIT_EXCEEDED", c.Code);
        Assert.Contains("spent 3", c.Reason);
        Assert.True(ledger.Release(b.ReservationId!));
        Assert.False(ledger.Release(b.ReservationId!));
        Assert.True(ledger.Reserve(7m, Now).Granted);
    }

    [Fact]
    public void Commit_records_actual_cost_even_across_the_limit_and_flags_it()
    {
        var ledger = new BudgetLedger("user:1", new BudgetConfig { DailyLimit = 1m }, Now);
        var r = ledger.Reserve(0.5m, Now);
        var commit = ledger.Commit(r.ReservationId!, 1.75m, "anthropic", "claude", Now, tokens: 1200);
        Assert.True(commit.Recorded);
        Assert.True(commit.ExceededLimit);
        Assert.Equal(0m, commit.Remaining);
        Assert.Equal(1.75m, ledger.SpentIn(BudgetPeriodKind.Daily));
        Assert.False(ledger.Reserve(0m + 0.01m, Now).Granted);
        var again = ledger.Commit(r.ReservationId!, 1m, "anthropic", "claude", Now);
        Assert.Equal(("BUDGET_RESERVATION_NOT_FOUND", false), (again.Code, again.Recorded));
        Assert.Equal(1.75m, ledger.SpentIn(BudgetPeriodKind.Daily));
    }

    public static TheoryData<BudgetPeriodKind, DateTimeOffset, DateTimeOffset> Boundaries => new()
    {
        // kind, last instant of a period, first instant of the next
        { BudgetPeriodKind.Daily, new(2026, 3, 10, 23, 59, 59, TimeSpan.Zero), new(2026, 3, 11, 0, 0, 0, TimeSpan.Zero) },
        { BudgetPeriodKind.Weekly, new(2026, 3, 15, 23, 59, 59, TimeSpan.Zero), new(2026, 3, 16, 0, 0, 0, TimeSpan.Zero) },
        { BudgetPeriodKind.Monthly, new(2026, 3, 31, 23, 59, 59, TimeSpan.Zero), new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero) },
        { BudgetPeriodKind.Monthly, new(2028, 2, 29, 23, 59, 59, TimeSpan.Zero), new(2028, 3, 1, 0, 0, 0, TimeSpan.Zero) },
        // A non-UTC offset: 01:30 at +02:00 is still the previous UTC day.
        { BudgetPeriodKind.Daily, new(2026, 3, 11, 1, 30, 0, TimeSpan.FromHours(2)), new(2026, 3, 11, 2, 0, 0, TimeSpan.FromHours(2)) },
    };

    [Theory]
    [MemberData(nameof(Boundaries))]
    public void Periods_roll_over_at_utc_boundaries(BudgetPeriodKind kind, DateTimeOffset lastInstant, DateTimeOffset nextPeriod)
    {
        var periodStart = BudgetCalendar.PeriodStart(kind, lastInstant);
        var ledger = new BudgetLedger("user:1", new BudgetConfig { DailyLimit = 100, WeeklyLimit = 100, MonthlyLimit = 100 }, periodStart);
        ledger.RecordSpend(7m, "openai", "gpt-4o", lastInstant);
        Assert.Equal(7m, ledger.SpentIn(kind));

        ledger.Tick(nextPeriod - TimeSpan.FromTicks(1));
        Assert.Equal(7m, ledger.SpentIn(kind));
        ledger.Tick(nextPeriod);
        Assert.Equal(0m, ledger.SpentIn(kind));
        Assert.Equal(nextPeriod, BudgetCalendar.PeriodStart(kind, nextPeriod));
        if (kind == BudgetPeriodKind.Daily && nextPeriod.Day != 1)
            Assert.Equal(7m, ledger.SpentIn(BudgetPeriodKind.Monthly)); // a new day is not a new month
    }

    [Theory]
    [InlineData("2026-03-16T00:00:00Z", "2026-03-16T00:00:00Z")] // Monday
    [InlineData("2026-03-22T23:59:59Z", "2026-03-16T00:00:00Z")] // Sunday
    [InlineData("2026-03-18T10:00:00Z", "2026-03-16T00:00:00Z")] // Wednesday
    [InlineData("2026-01-01T05:00:00Z", "2025-12-29T00:00:00Z")] // week spanning years
    public void Weeks_start_on_monday_utc(string at, string weekStart) =>
        Assert.Equal(DateTimeOffset.Parse(weekStart), BudgetCalendar.PeriodStart(BudgetPeriodKind.Weekly, DateTimeOffset.Parse(at)));

    [Fact]
    public void Reservations_expire_after_their_ttl()
    {
        var ledger = new BudgetLedger("user:1", new BudgetConfig { DailyLimit = 1m }, Now);
        var r = ledger.Reserve(1m, Now, TimeSpan.FromMinutes(1));
        Assert.Equal(Now + TimeSpan.FromMinutes(1), r.ExpiresAt);
        Assert.False(ledger.Reserve(0.5m, _clock.Advance(TimeSpan.FromSeconds(59))).Granted);
        Assert.Equal(1, ledger.OutstandingReservations);
        var after = ledger.Reserve(0.5m, _clock.Advance(TimeSpan.FromSeconds(1)));
        Assert.True(after.Granted);
        Assert.Equal(1, ledger.OutstandingReservations);
        Assert.Equal("BUDGET_RESERVATION_NOT_FOUND", ledger.Commit(r.ReservationId!, 1m, "p", "m", Now).Code);
        Assert.True(ledger.RecordSpend(1m, "p", "m", Now).Recorded); // late cost recorded without a reservation
    }

    [Fact]
    public void Default_ttl_comes_from_config()
    {
        var ledger = new BudgetLedger("user:1", new BudgetConfig { DefaultReservationTtl = TimeSpan.FromSeconds(30) }, Now);
        Assert.Equal(Now + TimeSpan.FromSeconds(30), ledger.Reserve(1m, Now).ExpiresAt);
        Assert.Null(ledger.Reserve(1m, Now).Remaining); // no limit set
    }

    [Fact]
    public void Warning_and_limit_alerts_fire_once_per_period()
    {
        var ledger = new BudgetLedger("user:1", new BudgetConfig { DailyLimit = 10m, WarningThreshold = 0.8m }, Now);
        IReadOnlyList<BudgetAlert> Spend(decimal cost) => ledger.RecordSpend(cost, "openai", "gpt-4o", Now).Alerts;

        Assert.Empty(Spend(7m));
        var warning = Assert.Single(Spend(1m));
        Assert.Equal((BudgetAlertKind.Warning, BudgetPeriodKind.Daily, 10m, 8m, "user:1"),
            (warning.Kind, warning.Period, warning.Limit, warning.Spent, warning.BudgetId));
        Assert.Empty(Spend(1m));
        Assert.Equal(BudgetAlertKind.LimitReached, Assert.Single(Spend(1m)).Kind);
        Assert.Empty(Spend(1m));

        _clock.Set(new DateTimeOffset(2026, 3, 11, 0, 0, 0, TimeSpan.Zero));
        var both = Spend(12m); // one commit crossing both thresholds fires both, warning first
        Assert.Equal([BudgetAlertKind.Warning, BudgetAlertKind.LimitReached], both.Select(a => a.Kind));
        Assert.All(both, a => Assert.Equal(Now, a.PeriodStart));
        Assert.Empty(Spend(1m));
    }

    [Fact]
    public void Lowering_a_limit_fires_the_alerts_it_makes_due()
    {
        var ledger = new BudgetLedger("user:1", new BudgetConfig { MonthlyLimit = 100m }, Now);
        ledger.RecordSpend(50m, "p", "m", Now);
        var alerts = ledger.UpdateConfig(new BudgetConfig { MonthlyLimit = 60m }, Now);
        Assert.Equal(BudgetAlertKind.Warning, Assert.Single(alerts).Kind);
    }

    [Fact]
    public void Soft_mode_grants_beyond_the_limit_and_flags_it()
    {
        var ledger = new BudgetLedger("user:1", new BudgetConfig { DailyLimit = 1m, Enforcement = BudgetEnforcement.Soft }, Now);
        var within = ledger.Reserve(0.6m, Now);
        Assert.Equal((true, false, (string?)null), (within.Granted, within.OverLimit, within.Code));
        var beyond = ledger.Reserve(0.6m, Now);
        Assert.Equal((true, true, "BUDGET_DAILY_LIMIT_EXCEEDED"), (beyond.Granted, beyond.OverLimit, beyond.Code));
        Assert.Equal(0m, beyond.Remaining);
        var commit = ledger.Commit(beyond.ReservationId!, 2m, "p", "m", Now);
        Assert.True(commit.ExceededLimit);
        var status = ledger.GetStatus(Now);
        Assert.True(status.IsExhausted);
        Assert.Equal(BudgetEnforcement.Soft, status.Enforcement);
    }

    [Fact]
    public void Status_has_breakdown_and_linear_projections()
    {
        // Tuesday 2026-03-10 12:00 UTC: half the day, 1.5 of 7 days of the week, 9.5 of 31 days of March elapsed.
        var ledger = new BudgetLedger("user:42", new BudgetConfig { DailyLimit = 50m, MonthlyLimit = 1000m }, Now);
        ledger.Commit(ledger.Reserve(1m, Now).ReservationId!, 2.50m, "openai", "gpt-4o", Now, tokens: 1000);
        ledger.Commit(ledger.Reserve(1m, Now).ReservationId!, 1.50m, "openai", "gpt-4o", Now, tokens: 500);
        ledger.Commit(ledger.Reserve(1m, Now).ReservationId!, 6.00m, "anthropic", "claude-3-opus", Now);
        ledger.RecordSpend(0.10m, "openai", "gpt-4o-mini", Now);

        var s = ledger.GetStatus(Now);
        Assert.Equal("user:42", s.BudgetId);
        Assert.Equal((10.10m, 10.10m, 10.10m), (s.DailySpend, s.WeeklySpend, s.MonthlySpend));
        Assert.Equal(new BudgetLimits { Daily = 50m, Monthly = 1000m }, s.BudgetLimits);
        Assert.Equal(
            [("anthropic", "claude-3-opus", 6.00m, 1L, (long?)null), ("openai", "gpt-4o", 4.00m, 2L, 1500L), ("openai", "gpt-4o-mini", 0.10m, 1L, null)],
            s.CostBreakdown.Select(b => (b.Provider, b.Model, b.TotalCost, b.RequestCount, b.Tokens)));
        Assert.Equal(20.20m, s.Projections.DailyProjection);
        Assert.Equal(10.10m * 7 / 1.5m, s.Projections.WeeklyProjection, 20);
        Assert.Equal(10.10m * 31 / 9.5m, s.Projections.MonthlyProjection, 20);

        // Binding period is the daily one: 20.2 % of 50 vs 1.01 % of 1000.
        Assert.Equal((50m, 10.10m, 20.2m, 39.90m), (s.Limit, s.Used, s.PercentageUsed, s.Remaining));
        Assert.False(s.IsWarning);
        Assert.False(s.IsExhausted);
        Assert.Equal("Daily budget ok: 10.10 of 50 used (20.2%).", s.Message);
    }

    [Fact]
    public void Status_reports_warning_and_exhaustion()
    {
        var ledger = new BudgetLedger("user:1", new BudgetConfig { DailyLimit = 10m }, Now);
        ledger.RecordSpend(8m, "p", "m", Now);
        Assert.Equal((true, false, 80m), (ledger.GetStatus(Now).IsWarning, ledger.GetStatus(Now).IsExhausted, ledger.GetStatus(Now).PercentageUsed));
        ledger.RecordSpend(2m, "p", "m", Now);
        var s = ledger.GetStatus(Now);
        Assert.True(s.IsExhausted);
        Assert.StartsWith("Daily budget exhausted", s.Message);
        Assert.Equal("Budget 'x' has no limits.", new BudgetLedger("x", new BudgetConfig(), Now).GetStatus(Now).Message);
    }

    [Fact]
    public void Projection_at_the_first_instant_of_a_period_is_the_spend_so_far()
    {
        var midnight = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var ledger = new BudgetLedger("user:1", new BudgetConfig(), midnight);
        ledger.RecordSpend(3m, "p", "m", midnight);
        Assert.Equal(3m, ledger.GetStatus(midnight).Projections.MonthlyProjection);
    }

    [Fact]
    public void State_round_trips_through_json()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var ledger = new BudgetLedger("project:7", new BudgetConfig { DailyLimit = 3m, WeeklyLimit = 10m, WarningThreshold = 0.5m }, Now);
        ledger.Commit(ledger.Reserve(1m, Now).ReservationId!, 1.6m, "openai", "gpt-4o", Now, 10);
        var held = ledger.Reserve(1m, Now, TimeSpan.FromMinutes(2));
        var dto = JsonSerializer.Serialize(ledger.ToDto(), json);
        var restored = BudgetLedger.Restore(JsonSerializer.Deserialize<BudgetStateDto>(dto, json)!);
        Assert.Equal(dto, JsonSerializer.Serialize(restored.ToDto(), json));

        foreach (var l in new[] { ledger, restored })
        {
            Assert.False(l.Reserve(0.5m, Now).Granted); // 1.6 spent + 1 held + 0.5 > 3
            Assert.Empty(l.RecordSpend(0.1m, "p", "m", Now).Alerts); // warning already fired before persisting
            Assert.True(l.Commit(held.ReservationId!, 0.2m, "openai", "gpt-4o", Now).Recorded);
            // The sequence survives the round trip; the rest of the id is random (unguessable).
            Assert.Matches("^r3_[0-9a-f]{32}$", l.Reserve(0.1m, Now).ReservationId);
        }
        Assert.Equal(JsonSerializer.Serialize(ledger.GetStatus(Now), json), JsonSerializer.Serialize(restored.GetStatus(Now), json));
    }

    [Fact]
    public void Reservation_ids_are_unguessable()
    {
        var ledger = new BudgetLedger("user:a", new BudgetConfig(), Now);
        var ids = Enumerable.Range(0, 50).Select(_ => ledger.Reserve(0.01m, Now).ReservationId!).ToList();
        Assert.Equal(ids.Count, ids.Select(id => id[(id.IndexOf('_') + 1)..]).Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^r[0-9]+_[0-9a-f]{32}$", id));
    }

    [Fact]
    public void Bad_input_is_rejected_with_codes()
    {
        Assert.Equal("BUDGET_WARNING_THRESHOLD_OUT_OF_RANGE", Assert.Throws<ResilienceConfigException>(() =>
            new BudgetLedger("u", new BudgetConfig { WarningThreshold = 1.5m }, Now)).Code);
        Assert.Equal("BUDGET_DAILY_LIMIT_NEGATIVE", Assert.Throws<ResilienceConfigException>(() =>
            new BudgetLedger("u", new BudgetConfig { DailyLimit = -1 }, Now)).Code);
        Assert.Equal("BUDGET_ID_EMPTY", Assert.Throws<ResilienceConfigException>(() =>
            new BudgetLedger(" ", new BudgetConfig(), Now)).Code);
        var ledger = new BudgetLedger("u", new BudgetConfig(), Now);
        Assert.Equal("BUDGET_AMOUNT_NEGATIVE", Assert.Throws<ResilienceArgumentException>(() => ledger.Reserve(-1m, Now)).Code);
        Assert.Equal("BUDGET_RESERVATION_TTL_NOT_POSITIVE", Assert.Throws<ResilienceArgumentException>(() =>
            ledger.Reserve(1m, Now, TimeSpan.Zero)).Code);
        Assert.Equal("BUDGET_COST_NEGATIVE", Assert.Throws<ResilienceArgumentException>(() =>
            ledger.RecordSpend(-0.01m, "p", "m", Now)).Code);
        Assert.Equal("BUDGET_STATE_PERIOD_START_INVALID", Assert.Throws<ResilienceConfigException>(() =>
            BudgetLedger.Restore(ledger.ToDto() with
            {
                Periods = [new BudgetPeriodDto { Kind = BudgetPeriodKind.Daily, Start = Now }],
            })).Code);
    }
}
