using CircuitBreaker.Storage;
using CircuitBreaker.Workflow.Tokens;

namespace CircuitBreaker.Grains.Workflow;

/// <summary>Persisted state of a <see cref="TokenGrain"/>. History is not here: it is appended to the grain's log.</summary>
public sealed class TokenGrainState : StateWithSideWrites
{
    /// <summary>Most recent idempotency keys remembered (older ones are forgotten, oldest first).</summary>
    public const int IdempotencyWindow = 256;

    /// <summary>The token, or null before creation.</summary>
    public TokenSnapshot? Token { get; set; }

    /// <summary>Increments with every change; compared with <c>expectedVersion</c>.</summary>
    public long Version { get; set; }

    /// <summary>The owning tenant.</summary>
    public string? TenantId { get; set; }

    /// <summary>Results of the last <see cref="IdempotencyWindow"/> fires that carried an idempotency key.</summary>
    public List<IdempotentFire> Idempotency { get; set; } = [];
}

/// <summary>A remembered fire result for an idempotency key.</summary>
/// <param name="Key">The idempotency key.</param>
/// <param name="Result">What the first fire returned.</param>
/// <param name="Fingerprint">
/// <see cref="FireFingerprint"/> of the first fire; null in records stored before fingerprints existed (those still replay).
/// </param>
public sealed record IdempotentFire(string Key, FireResult Result, string? Fingerprint = null);
