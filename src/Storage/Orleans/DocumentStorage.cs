using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Storage;

namespace CircuitBreaker.Storage;

/// <summary>
/// The grain storage of grains whose state is one document and nothing else (budgets, cost records): no history, index
/// or feed row is written with it. By default the project's store keeps them like every grain; on PostgreSQL
/// <c>Storage:Documents=OrleansAdoNet</c> hands them to Microsoft.Orleans.Persistence.AdoNet instead (its table and
/// queries are created by the schema migrator). docs/PERFORMANCE.md has the measurements behind the default.
/// </summary>
public static class DocumentStorage
{
    /// <summary>The grain storage name such grains name in <c>[PersistentState]</c>.</summary>
    public const string Name = "documents";

    /// <summary>
    /// Keeps document grains in Orleans' ADO.NET grain storage on the PostgreSQL of <paramref name="connectionString"/>,
    /// serialized as System.Text.Json documents like the project's store writes them (readable, and the same shape
    /// whichever storage holds them), replacing the store's registration under <see cref="Name"/>.
    /// </summary>
    public static ISiloBuilder UseOrleansAdoNetDocuments(this ISiloBuilder silo, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(silo);
        foreach (var registered in silo.Services.Where(d => d.IsKeyedService && Equals(d.ServiceKey, Name) && d.ServiceType == typeof(IGrainStorage)).ToList())
            silo.Services.Remove(registered);
        return silo.AddAdoNetGrainStorage(Name, o =>
        {
            o.Invariant = "Npgsql";
            o.ConnectionString = connectionString;
            o.GrainStorageSerializer = new JsonDocumentSerializer();
        });
    }

    /// <summary>States as UTF-8 System.Text.Json documents.</summary>
    private sealed class JsonDocumentSerializer : IGrainStorageSerializer
    {
        public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input));

        public T Deserialize<T>(BinaryData input) => JsonSerializer.Deserialize<T>(input.ToMemory().Span)!;
    }
}
