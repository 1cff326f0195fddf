using CircuitBreaker.TestSupport;
using CircuitBreaker.Storage;
using Xunit;

namespace CircuitBreaker.Storage.Tests;

/// <summary>The I/O-free parts: cursor encoding and input validation.</summary>
public sealed class PureLogicTests
{
    [Theory]
    [InlineData(0L, "k")]
    [InlineData(638000000000000000L, "key|with|bars and ünïcode")]
    [InlineData(-5L, "")]
    public void Index_cursor_round_trips(long ticks, string key)
    {
        var encoded = new IndexCursor(ticks, key).Encode();
        Assert.DoesNotContain('=', encoded);
        Assert.Equal(new IndexCursor(ticks, key), IndexCursor.Decode(encoded));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64 !")]
    [InlineData("bm8tYmFy")] // "no-bar"
    [InlineData("eHx5")] // "x|y": not a number before the bar
    public void Index_cursor_rejects_foreign_strings(string cursor)
    {
        var error = Assert.Throws<ArgumentException>(() => IndexCursor.Decode(cursor));
        Assert.Contains("STORAGE_BAD_CURSOR", error.Message);
    }

    [Fact]
    public void Validator_accepts_good_input_and_names_the_problem_in_bad_input()
    {
        StorageInputValidator.ValidateId(new GrainStateId("t", "k", "s"));
        StorageInputValidator.ValidateWrite(new StateWrite("""{"a":[1,2]}""") { Append = [new LogEntry(1, "1"), new LogEntry(2, "2")], Index = new IndexEntry("", "", ["x"], DateTimeOffset.UnixEpoch) });

        Assert.Contains("STORAGE_TOO_LONG", Assert.ThrowsAny<ArgumentException>(() => StorageInputValidator.ValidateId(new GrainStateId("t", new string('k', 1025), "s"))).Message);
        Assert.Contains("STORAGE_NULL", Assert.ThrowsAny<ArgumentException>(() => StorageInputValidator.ValidateId(new GrainStateId(null!, "k", "s"))).Message);
        Assert.Contains("STORAGE_BAD_JSON", Assert.ThrowsAny<ArgumentException>(() => StorageInputValidator.ValidateWrite(new StateWrite("{"))).Message);
        Assert.Contains("STORAGE_BAD_JSON", Assert.ThrowsAny<ArgumentException>(() => StorageInputValidator.ValidateWrite(new StateWrite("1 2"))).Message);
        Assert.Contains("STORAGE_NUL_CHARACTER", Assert.ThrowsAny<ArgumentException>(() => StorageInputValidator.ValidateWrite(new StateWrite("\"a\\u0000b\""))).Message);
        Assert.Contains("STORAGE_DUPLICATE_SEQUENCE", Assert.ThrowsAny<ArgumentException>(() => StorageInputValidator.ValidateWrite(new StateWrite("1") { Append = [new LogEntry(3, "1"), new LogEntry(3, "2")] })).Message);
        Assert.Contains("STORAGE_TOO_LONG", Assert.ThrowsAny<ArgumentException>(() => StorageInputValidator.ValidateWrite(new StateWrite("1") { Index = new IndexEntry("p", "s", [new string('l', 257)], DateTimeOffset.UnixEpoch) })).Message);
    }
}
