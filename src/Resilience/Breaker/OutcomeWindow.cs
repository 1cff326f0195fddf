namespace CircuitBreaker.Resilience.Breaker;

/// <summary>A sliding window of recorded call outcomes (count-based or time-based).</summary>
internal abstract class OutcomeWindow
{
    /// <summary>Calls needed before rates are computed.</summary>
    public abstract int MinimumCalls { get; }

    /// <summary>Records one call at the given second (Unix epoch seconds).</summary>
    public abstract void Record(bool failed, bool slow, long epochSecond);

    /// <summary>Aggregates the window as seen at the given second, without changing it.</summary>
    public abstract WindowSnapshot Snapshot(long epochSecond);

    /// <summary>Plain copy for persistence.</summary>
    public abstract SlidingWindowDto ToDto();

    /// <summary>Rebuilds a window from its persisted copy, validating it.</summary>
    public static OutcomeWindow FromDto(SlidingWindowDto dto) => dto.Type switch
    {
        SlidingWindowType.COUNT_BASED => CountOutcomeWindow.FromCountDto(dto),
        SlidingWindowType.TIME_BASED => TimeOutcomeWindow.FromTimeDto(dto),
        _ => throw new ResilienceConfigException([new("BREAKER_STATE_WINDOW_TYPE_UNKNOWN", $"Unknown window type {(int)dto.Type}.")]),
    };

    protected const int FailedFlag = 1;
    protected const int SlowFlag = 2;
}

/// <summary>The last N calls, kept in a ring buffer with running totals.</summary>
internal sealed class CountOutcomeWindow : OutcomeWindow
{
    private readonly byte[] _ring;
    private readonly int _minimumCalls;
    private int _next;
    private int _count;
    private int _failed;
    private int _slow;
    private int _slowFailed;

    public CountOutcomeWindow(int size, int minimumCalls)
    {
        _ring = new byte[size];
        _minimumCalls = minimumCalls;
    }

    public override int MinimumCalls => _minimumCalls;

    public override void Record(bool failed, bool slow, long epochSecond)
    {
        if (_count == _ring.Length) Remove(_ring[_next]);
        else _count++;
        var flags = (byte)((failed ? FailedFlag : 0) | (slow ? SlowFlag : 0));
        _ring[_next] = flags;
        Add(flags);
        _next = (_next + 1) % _ring.Length;
    }

    public override WindowSnapshot Snapshot(long epochSecond) => new(_count, _failed, _slow, _slowFailed);

    public override SlidingWindowDto ToDto()
    {
        var entries = new List<int>(_count);
        var start = (_next - _count + _ring.Length) % _ring.Length;
        for (var i = 0; i < _count; i++) entries.Add(_ring[(start + i) % _ring.Length]);
        return new SlidingWindowDto
        {
            Type = SlidingWindowType.COUNT_BASED, Size = _ring.Length, MinimumCalls = _minimumCalls, Entries = entries,
        };
    }

    public static CountOutcomeWindow FromCountDto(SlidingWindowDto dto)
    {
        CheckShape(dto);
        var entries = dto.Entries ?? [];
        if (entries.Count > dto.Size || entries.Any(e => e is < 0 or > (FailedFlag | SlowFlag)))
            throw new ResilienceConfigException([new("BREAKER_STATE_WINDOW_ENTRIES_INVALID",
                "Count window entries must be at most 'size' flags in 0..3.")]);
        var window = new CountOutcomeWindow(dto.Size, dto.MinimumCalls);
        foreach (var e in entries) window.Record((e & FailedFlag) != 0, (e & SlowFlag) != 0, 0);
        return window;
    }

    internal static void CheckShape(SlidingWindowDto dto)
    {
        if (dto.Size < 1 || dto.MinimumCalls < 1)
            throw new ResilienceConfigException([new("BREAKER_STATE_WINDOW_SIZE_INVALID",
                $"Window size and minimum calls must be at least 1, got {dto.Size} and {dto.MinimumCalls}.")]);
    }

    private void Add(byte flags) => Count(flags, +1);

    private void Remove(byte flags) => Count(flags, -1);

    private void Count(byte flags, int delta)
    {
        var failed = (flags & FailedFlag) != 0;
        var slow = (flags & SlowFlag) != 0;
        if (failed) _failed += delta;
        if (slow) _slow += delta;
        if (failed && slow) _slowFailed += delta;
    }
}

/// <summary>The calls of the last N seconds, one bucket per epoch second (bucket index = second mod N).</summary>
internal sealed class TimeOutcomeWindow : OutcomeWindow
{
    private readonly TimeBucketDto[] _buckets;
    private readonly int _minimumCalls;

    public TimeOutcomeWindow(int seconds, int minimumCalls)
    {
        _buckets = new TimeBucketDto[seconds];
        _minimumCalls = minimumCalls;
    }

    public override int MinimumCalls => _minimumCalls;

    public override void Record(bool failed, bool slow, long epochSecond)
    {
        var index = (int)(((epochSecond % _buckets.Length) + _buckets.Length) % _buckets.Length);
        var bucket = _buckets[index];
        // A bucket still holding an older second is stale: that second has left the window.
        if (bucket is null || bucket.EpochSecond != epochSecond)
            bucket = _buckets[index] = new TimeBucketDto { EpochSecond = epochSecond };
        bucket.Calls++;
        if (failed) bucket.FailedCalls++;
        if (slow) bucket.SlowCalls++;
        if (failed && slow) bucket.SlowFailedCalls++;
    }

    public override WindowSnapshot Snapshot(long epochSecond)
    {
        int calls = 0, failed = 0, slow = 0, slowFailed = 0;
        foreach (var b in _buckets)
        {
            if (b is null || b.EpochSecond > epochSecond || b.EpochSecond <= epochSecond - _buckets.Length) continue;
            calls += b.Calls;
            failed += b.FailedCalls;
            slow += b.SlowCalls;
            slowFailed += b.SlowFailedCalls;
        }
        return new WindowSnapshot(calls, failed, slow, slowFailed);
    }

    public override SlidingWindowDto ToDto() => new()
    {
        Type = SlidingWindowType.TIME_BASED,
        Size = _buckets.Length,
        MinimumCalls = _minimumCalls,
        Buckets = _buckets.Where(b => b is not null).OrderBy(b => b.EpochSecond)
            .Select(b => b with { }).ToList(),
    };

    public static TimeOutcomeWindow FromTimeDto(SlidingWindowDto dto)
    {
        CountOutcomeWindow.CheckShape(dto);
        var window = new TimeOutcomeWindow(dto.Size, dto.MinimumCalls);
        foreach (var b in dto.Buckets ?? [])
        {
            if (b.Calls < 0 || b.FailedCalls < 0 || b.SlowCalls < 0 || b.SlowFailedCalls < 0
                || b.FailedCalls > b.Calls || b.SlowCalls > b.Calls
                || b.SlowFailedCalls > Math.Min(b.FailedCalls, b.SlowCalls))
                throw new ResilienceConfigException([new("BREAKER_STATE_WINDOW_BUCKET_INVALID",
                    $"Bucket for second {b.EpochSecond} has inconsistent counts.")]);
            var index = (int)(((b.EpochSecond % dto.Size) + dto.Size) % dto.Size);
            var current = window._buckets[index];
            if (current is null || current.EpochSecond < b.EpochSecond) window._buckets[index] = b with { };
        }
        return window;
    }
}
