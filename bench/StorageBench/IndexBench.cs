using System.Data.Common;
using System.Diagnostics;
using CircuitBreaker.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

/// <summary>Seeds N index rows (and N label rows) with plain SQL, then times index listings through the storage.</summary>
internal static class IndexBench
{
    public static async Task RunAsync(string name, StorageProvider provider, string location, int rows)
    {
        var serviceId = "ixbench-" + Guid.NewGuid().ToString("N");
        await using var storage = await AdoNetStorage.CreateAsync(provider, location, serviceId);
        var seed = Stopwatch.StartNew();
        await using (DbConnection connection = provider == StorageProvider.Sqlite
            ? new SqliteConnection($"Data Source={Path.Combine(location, "circuit-breaker.db")}")
            : new NpgsqlConnection(location))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandTimeout = 600;
            var series = provider == StorageProvider.Sqlite
                ? $"WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < {rows}) "
                : "";
            var from = provider == StorageProvider.Sqlite ? "FROM s" : $"FROM generate_series(1, {rows}) AS s(g)";
            var statusExpr = "CASE g % 3 WHEN 0 THEN 'active' WHEN 1 THEN 'done' ELSE 'failed' END";
            command.CommandText =
                $"{series}INSERT INTO cb_grain_index (service_id, grain_type, state_name, grain_key, partition_key, status, created_at) " +
                $"SELECT '{serviceId}', 'token', 'state', 'k' || g, 'wf' || (g % 1000), {statusExpr}, 638000000000000000 + g * CAST(10000000 AS bigint) {from}; " +
                $"{series}INSERT INTO cb_grain_label (service_id, grain_type, state_name, grain_key, label, partition_key, status, created_at) " +
                $"SELECT '{serviceId}', 'token', 'state', 'k' || g, 'l' || (g % 50), 'wf' || (g % 1000), {statusExpr}, 638000000000000000 + g * CAST(10000000 AS bigint) {from};" +
                (provider == StorageProvider.Sqlite ? " ANALYZE;" : " ANALYZE cb_grain_index; ANALYZE cb_grain_label;");
            await command.ExecuteNonQueryAsync();
        }
        Console.WriteLine($"{name}: seeded {rows} index rows + {rows} label rows in {seed.Elapsed.TotalSeconds:F1} s");
        var all = new IndexQuery("token", "state") { First = 50 };
        foreach (var (label, query) in new[]
                 {
                     ("no filter", all), ("partition", all with { Partition = "wf7" }), ("status", all with { Status = "done" }),
                     ("label", all with { Label = "l7" }), ("partition+status", all with { Partition = "wf7", Status = "done" }),
                     ("label+partition", all with { Label = "l7", Partition = "wf7" }),
                 })
        {
            var timings = new List<double>();
            string? after = null;
            for (var page = 0; page < 10; page++)
            {
                var stopwatch = Stopwatch.StartNew();
                var result = await storage.QueryIndexAsync(query with { After = after });
                timings.Add(stopwatch.Elapsed.TotalMilliseconds);
                after = result.EndCursor;
                if (!result.HasNextPage)
                    break;
            }
            timings.Sort();
            Console.WriteLine($"  {label,-17} 10 pages of 50: median {timings[timings.Count / 2]:F2} ms, max {timings[^1]:F2} ms");
        }
    }
}
