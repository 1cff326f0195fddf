namespace CircuitBreaker.Gateway.Api.Resilience;

/// <summary>Body of <c>POST /api/v1/breakers/{id}/record</c>.</summary>
/// <param name="Outcome"><c>success</c>, <c>failure</c> or <c>ignored</c>.</param>
/// <param name="DurationMs">How long the call took.</param>
public sealed record RecordRequest(string? Outcome, double? DurationMs);

/// <summary>Body of <c>PUT /api/v1/budgets/{scope}</c>.</summary>
/// <param name="Limit">Limit of the period (null = unlimited).</param>
/// <param name="Period"><c>daily</c>, <c>weekly</c> or <c>monthly</c>.</param>
/// <param name="WarningThreshold">Fraction of the limit that fires the warning alert.</param>
/// <param name="Enforcement"><c>hard</c> or <c>soft</c>.</param>
public sealed record SetBudgetRequest(decimal? Limit, string? Period, decimal? WarningThreshold, string? Enforcement);

/// <summary>Body of <c>POST /api/v1/budgets/{scope}/reserve</c>.</summary>
/// <param name="Amount">Amount to hold.</param>
/// <param name="TtlMs">Lifetime of the hold (default 5 minutes).</param>
public sealed record ReserveRequest(decimal? Amount, double? TtlMs);

/// <summary>Body of <c>POST /api/v1/budgets/{scope}/commit</c>.</summary>
/// <param name="ReservationId">The reservation to settle.</param>
/// <param name="Actual">Actual cost.</param>
/// <param name="Provider">LLM provider.</param>
/// <param name="Model">Model.</param>
/// <param name="Tokens">Tokens used, if known.</param>
public sealed record CommitRequest(string? ReservationId, decimal? Actual, string? Provider, string? Model, long? Tokens);

/// <summary>Body of <c>POST /api/v1/budgets/{scope}/release</c>.</summary>
/// <param name="ReservationId">The reservation to give back.</param>
public sealed record ReleaseRequest(string? ReservationId);
