using CircuitBreaker.Grains;
using CircuitBreaker.Grains.Llm;
using CircuitBreaker.Llm;
using CircuitBreaker.Llm.Catalog;
using CircuitBreaker.Silo;
using Orleans.Streams;

namespace CircuitBreaker.Gateway.Api.Llm;

/// <summary>
/// At start, replays the administrators' recorded catalog changes (<see cref="CatalogChangeLog"/>) into this gateway's
/// catalog, then follows the change stream so a change made through another gateway of the cluster applies here too.
/// <c>/ready</c> reports <c>STARTING</c> until the replay is done.
/// </summary>
public sealed class CatalogChangeRestorer(CatalogChangeLog log, CatalogStore catalog, IStreamProvider streams, StartupWork startup,
    ILogger<CatalogChangeRestorer> logger) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _restoring = Task.CompletedTask;
    private IAsyncDisposable? _subscription;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _restoring = Task.Run(() => StartupRetry.RunAsync("Restoring the LLM catalog changes", RestoreAsync, logger, _stopping.Token), CancellationToken.None);
        startup.Track("llm-catalog", _restoring);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try { await _restoring.WaitAsync(cancellationToken); }
        catch (OperationCanceledException) { }
        if (_subscription is not null)
        {
            try { await _subscription.DisposeAsync(); }
            catch (Exception e) when (e is not OutOfMemoryException) { logger.LogDebug(e, "catalog stream unsubscribe failed"); }
        }
        _stopping.Dispose();
    }

    private async Task RestoreAsync(CancellationToken cancellationToken)
    {
        // Subscribe first, so a change made while replaying is not missed (applying one twice changes nothing).
        _subscription ??= await streams.GetStream<LlmCatalogChange>(LlmCatalogKeys.Stream, LlmCatalogKeys.Shared)
            .SubscribeItemsAsync(change => { ApplyLogged(change); return Task.CompletedTask; }, cancellationToken);
        var changes = await log.ChangesAsync();
        foreach (var change in changes) ApplyLogged(change);
        if (changes.Count > 0) logger.LogInformation("LLM catalog: {Count} administrator changes restored", changes.Count);
    }

    // A change refused now (say, a base URL the policy no longer allows) is logged and skipped, never fatal.
    private void ApplyLogged(LlmCatalogChange change)
    {
        try { CatalogChangeLog.Apply(catalog, change); }
        catch (LlmException e) { logger.LogWarning("LLM catalog change {Kind} '{Id}' by {By} at {At} not applied: {Message}", change.Kind, change.Id, change.By, change.At, e.Message); }
    }
}
