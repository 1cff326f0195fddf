using System.Text.Json;
using System.Text.Json.Nodes;
using CircuitBreaker.Grains.Workflow;

namespace CircuitBreaker.Grains.Tests.Workflow;

/// <summary>Idempotency fingerprints (pure) and loading idempotency records stored before fingerprints existed.</summary>
public sealed class FireFingerprintTests
{
    [Fact]
    public void Key_order_and_an_empty_patch_do_not_change_the_fingerprint()
    {
        Assert.Equal(FireFingerprint.Of("ab", JsonNode.Parse("""{"a":1,"b":{"y":[1,2],"x":null}}""")!.AsObject()),
            FireFingerprint.Of("ab", JsonNode.Parse("""{"b":{"x":null,"y":[1,2]},"a":1}""")!.AsObject()));
        Assert.Equal(FireFingerprint.Of("ab", null), FireFingerprint.Of("ab", []));
    }

    [Fact]
    public void Another_transition_or_other_data_is_another_fingerprint()
    {
        var first = FireFingerprint.Of("ab", new JsonObject { ["n"] = 1 });
        Assert.NotEqual(first, FireFingerprint.Of("ab", new JsonObject { ["n"] = 2 }));
        Assert.NotEqual(first, FireFingerprint.Of("bc", new JsonObject { ["n"] = 1 }));
        Assert.NotEqual(first, FireFingerprint.Of("ab", new JsonObject { ["n"] = new JsonArray(1) }));
        // Array order is data, unlike key order.
        Assert.NotEqual(FireFingerprint.Of("ab", new JsonObject { ["l"] = new JsonArray(1, 2) }),
            FireFingerprint.Of("ab", new JsonObject { ["l"] = new JsonArray(2, 1) }));
    }

    [Fact]
    public void A_record_without_a_fingerprint_still_replays()
    {
        var current = FireFingerprint.Of("ab", null);
        Assert.True(FireFingerprint.Matches(null, current));
        Assert.True(FireFingerprint.Matches(current, current));
        Assert.False(FireFingerprint.Matches(FireFingerprint.Of("bc", null), current));
    }

    [Fact]
    public void State_stored_before_fingerprints_loads_with_none()
    {
        // The shape TokenGrainState had on disk before the fingerprint (the storage serializes states with default options).
        const string stored = """
            {"Token":null,"Version":2,"TenantId":null,"Idempotency":[{"Key":"k1","Result":{"Token":{"Id":"t","WorkflowId":"w",
            "WorkflowVersion":1,"Marking":{"b":1},"Status":"active","Version":2,"DataJson":"{}","MetadataJson":"{}","HistoryLength":1,
            "TenantId":null,"CreatedAt":"2026-01-01T00:00:00+00:00","UpdatedAt":"2026-01-01T00:00:00+00:00"},"Entry":{"Sequence":1,
            "TransitionId":"ab","Consumed":{"a":1},"Produced":{"b":1},"At":"2026-01-01T00:00:00+00:00","Actor":null,"DataPatchJson":null,
            "IdempotencyKey":"k1"},"Replayed":false}}]}
            """;
        var state = JsonSerializer.Deserialize<TokenGrainState>(stored)!;
        var record = Assert.Single(state.Idempotency);
        Assert.Equal("k1", record.Key);
        Assert.Null(record.Fingerprint);
        Assert.Equal("ab", record.Result.Entry.TransitionId);
    }
}
