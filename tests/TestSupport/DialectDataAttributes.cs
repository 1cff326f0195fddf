using System.Reflection;
using CircuitBreaker.Storage;
using Xunit;
using Xunit.Sdk;

namespace CircuitBreaker.TestSupport;

/// <summary>Feeds a theory the SQLite dialect.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SqliteDialectAttribute : DataAttribute
{
    /// <inheritdoc />
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[StorageProvider.Sqlite]];
}

/// <summary>Feeds a theory the PostgreSQL dialect; skipped (outside CI only) when CB_TEST_POSTGRES is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgreSqlDialectAttribute : DataAttribute
{
    /// <summary>Sets <see cref="DataAttribute.Skip"/> from the environment.</summary>
    public PostgreSqlDialectAttribute() => Skip = PostgreSqlTestDatabase.SkipReason!;

    /// <inheritdoc />
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[StorageProvider.PostgreSql]];
}

/// <summary>A fact that needs the real PostgreSQL; skipped (outside CI only) when CB_TEST_POSTGRES is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgreSqlFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> from the environment.</summary>
    public PostgreSqlFactAttribute() => Skip = PostgreSqlTestDatabase.SkipReason!;
}
