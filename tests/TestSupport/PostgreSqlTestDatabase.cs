namespace CircuitBreaker.TestSupport;

/// <summary>Where the real PostgreSQL of the tests is: env CB_TEST_POSTGRES (start one with eval "$(bash .ci/postgres.sh)").</summary>
public static class PostgreSqlTestDatabase
{
    /// <summary>The environment variable holding the connection string.</summary>
    public const string Variable = "CB_TEST_POSTGRES";

    /// <summary>The connection string, or null when none is configured.</summary>
    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>True under CI, where a missing database must fail the tests instead of skipping them.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The skip reason when PostgreSQL tests cannot run here, or null when they must run.</summary>
    public static string? SkipReason => ConnectionString is null && !IsCi
        ? $"{Variable} is not set; eval \"$(bash .ci/postgres.sh)\" starts a throwaway PostgreSQL for these tests."
        : null;

    /// <summary>The connection string; throws (failing the test) when it is missing.</summary>
    public static string RequireConnectionString() => ConnectionString
        ?? throw new InvalidOperationException($"{Variable} is not set but CI=true: PostgreSQL tests must not be skipped under CI. Run eval \"$(bash .ci/postgres.sh)\".");
}
