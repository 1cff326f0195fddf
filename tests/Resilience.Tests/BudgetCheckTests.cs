using CircuitBreaker.Resilience.Budget;

namespace CircuitBreaker.Resilience.Tests;

public class BudgetCheckTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_refusing_scope_releases_grants_already_made_on_the_others()
    {
        var user = new BudgetLedger("user:42", new BudgetConfig { DailyLimit = 10m }, Now);
        var team = new BudgetLedger("team:3", new BudgetConfig { DailyLimit = 10m }, Now);
        var project = new BudgetLedger("project:7", new BudgetConfig { DailyLimit = 1m }, Now);
        var after = new BudgetLedger("org:1", new BudgetConfig { DailyLimit = 10m }, Now);

        var result = BudgetCheck.ReserveAll([("user:42", user), ("team:3", team), ("project:7", project), ("org:1", after)], 2m, Now);

        Assert.False(result.Allowed);
        Assert.Equal(("project:7", "BUDGET_DAILY_LIMIT_EXCEEDED"), (result.RefusedScope, result.Code));
        Assert.Equal(["user:42", "team:3"], result.ToRelease.Select(r => r.Scope));
        Assert.Equal((0m, 0m, 0m, 0m), (user.Reserved, team.Reserved, project.Reserved, after.Reserved));
        Assert.Equal(0, after.OutstandingReservations); // never asked once a scope refused
    }

    [Fact]
    public void All_granting_scopes_allow_the_request_and_keep_their_holds()
    {
        var user = new BudgetLedger("user:42", new BudgetConfig { DailyLimit = 10m }, Now);
        var project = new BudgetLedger("project:7", new BudgetConfig { DailyLimit = 1m, Enforcement = BudgetEnforcement.Soft }, Now);
        var result = BudgetCheck.ReserveAll([("user:42", user), ("project:7", project)], 2m, Now);
        Assert.True(result.Allowed);
        Assert.True(result.Flagged); // the soft scope went over its limit
        Assert.Empty(result.ToRelease);
        Assert.Equal(2, result.Granted.Count);
        Assert.Equal((2m, 2m), (user.Reserved, project.Reserved));
    }

    [Fact]
    public void Combine_lists_every_grant_for_release_whatever_the_order_of_answers()
    {
        ScopedReservation Granted(string scope, string id) => new(scope, new ReserveResult { Granted = true, ReservationId = id });
        var refused = new ScopedReservation("b", new ReserveResult { Granted = false, Code = "BUDGET_MONTHLY_LIMIT_EXCEEDED", Reason = "r" });

        var result = BudgetCheck.Combine([Granted("a", "r1"), refused, Granted("c", "r9")]);

        Assert.False(result.Allowed);
        Assert.Equal([new ReservationToRelease("a", "r1"), new ReservationToRelease("c", "r9")], result.ToRelease);
        Assert.Equal(("b", "BUDGET_MONTHLY_LIMIT_EXCEEDED", "r"), (result.RefusedScope, result.Code, result.Reason));
        Assert.Empty(result.Granted);
        Assert.True(BudgetCheck.Combine([Granted("a", "r1")]).Allowed);
    }
}
