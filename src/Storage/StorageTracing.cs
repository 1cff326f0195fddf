using System.Diagnostics;

namespace CircuitBreaker.Storage;

/// <summary>
/// The store's spans. A write is traced twice because the group commit runs it on the writer loop, outside the caller's
/// context: <c>storage.write</c> in the caller's trace (from enqueue until its batch committed) and <c>storage.commit</c>
/// for the batch's one transaction. The commit span is a child of the first traced write of its batch, so with one write
/// per batch (light load) request, grain call, write, commit and its SQL (Npgsql's spans, children of the commit span)
/// form one trace; the other writes of a batch link to the commit span, and it links back to them.
/// </summary>
public static class StorageTracing
{
    /// <summary>The ActivitySource name to listen to (OpenTelemetry <c>AddSource</c>).</summary>
    public const string SourceName = "CircuitBreaker.Storage";

    internal static readonly ActivitySource Source = new(SourceName);

    /// <summary>Starts a write's span in the caller's context; null (free) when nobody listens.</summary>
    internal static Activity? StartWrite() => Source.StartActivity("storage.write", ActivityKind.Internal);

    /// <summary>
    /// Starts the span of one batch transaction on the writer loop: parent is the first write that has a span, every other
    /// write is linked both ways. Null when nobody listens or no write of the batch is traced.
    /// </summary>
    internal static Activity? StartCommit<T>(List<T> batch, Func<T, Activity?> writeOf)
    {
        if (!Source.HasListeners()) return null;
        Activity? parent = null;
        List<ActivityLink>? links = null;
        foreach (var pending in batch)
        {
            if (writeOf(pending) is not { } write) continue;
            if (parent is null) parent = write;
            else (links ??= []).Add(new ActivityLink(write.Context));
        }
        if (parent is null) return null;
        var commit = Source.StartActivity("storage.commit", ActivityKind.Internal, parent.Context, links: links);
        if (commit is null) return null;
        commit.SetTag("cb.storage.batch_size", batch.Count);
        // Each waiting caller is suspended until its batch completes, so adding to its span here races with nothing.
        var back = new ActivityLink(commit.Context);
        foreach (var pending in batch)
            if (writeOf(pending) is { } write && !ReferenceEquals(write, parent)) write.AddLink(back);
        return commit;
    }
}
