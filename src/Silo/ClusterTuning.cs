using Orleans.Configuration;

namespace CircuitBreaker.Silo;

/// <summary>
/// Membership settings for detecting a dead silo within a few seconds instead of Orleans' default ~10–15 s:
/// probes time out after 1.5 s, two missed probes make a silo suspect, two votes (or all of a smaller cluster) declare
/// it dead. Measured figures and the reasoning are in docs/CLUSTER.md; <c>Silo:Membership:*</c> overrides each value.
/// </summary>
public static class ClusterTuning
{
    /// <summary>How long a silo waits for a probe's answer (Orleans default 5 s).</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1.5);

    /// <summary>Missed probes before a silo votes another one dead (Orleans default 3).</summary>
    public const int NumMissedProbesLimit = 2;

    /// <summary>Applies the values to <paramref name="options"/>.</summary>
    public static void Apply(ClusterMembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ProbeTimeout = ProbeTimeout;
        options.NumMissedProbesLimit = NumMissedProbesLimit;
        // Silos re-read the table often enough that a declared death reaches everyone quickly even if a gossip is lost.
        options.TableRefreshTimeout = TimeSpan.FromSeconds(10);
        // A joining silo waits for every Active row to answer a ping, except rows whose heartbeat is 3 publishes old:
        // publishing every 10 s lets a silo restarted after a crash (new port or pod IP) join within ~30 s.
        options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
    }
}
