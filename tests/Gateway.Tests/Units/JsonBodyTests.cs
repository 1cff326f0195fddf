using CircuitBreaker.Gateway.Api;
using Xunit;

namespace CircuitBreaker.Gateway.Tests.Units;

/// <summary>Typed reading of request bodies: every wrong shape is a coded 400, never an unhandled exception.</summary>
public sealed class JsonBodyTests
{
    [Theory]
    [InlineData("{oops", "INVALID_JSON")]
    [InlineData("[1]", "INVALID_JSON")]
    [InlineData("42", "INVALID_JSON")]
    [InlineData("", "INVALID_JSON")]
    public void Malformed_bodies_are_invalid_json(string text, string code)
    {
        var ex = Assert.Throws<ApiException>(() => JsonBody.Parse(text));
        Assert.Equal(400, ex.Status);
        Assert.Equal(code, ex.Code);
    }

    [Fact]
    public void An_empty_body_may_stand_for_an_empty_object()
    {
        Assert.Empty(JsonBody.Parse(" ", allowEmpty: true).Root);
    }

    [Fact]
    public void Fields_are_read_by_type_and_wrong_types_name_the_field()
    {
        var body = JsonBody.Parse("""{"s":"x","n":3,"f":2.0,"b":true,"o":{"k":1},"bad":[1],"nul":null}""");
        Assert.Equal("x", body.String("s"));
        Assert.Equal(3, body.Integer("n"));
        Assert.Equal(2, body.Integer("f"));
        Assert.True(body.Boolean("b"));
        Assert.Equal("""{"k":1}""", body.ObjectJson("o"));
        Assert.Null(body.String("missing"));
        Assert.Null(body.Integer("nul"));

        var wrong = Assert.Throws<ApiException>(() => body.String("n"));
        Assert.Equal("INVALID_INPUT", wrong.Code);
        Assert.Contains("'n' must be a string, not a number", wrong.Message);
        Assert.Contains("an array", Assert.Throws<ApiException>(() => body.ObjectJson("bad")).Message);
        Assert.Throws<ApiException>(() => body.Integer("s"));
        Assert.Throws<ApiException>(() => JsonBody.Parse("""{"n":1.5}""").Integer("n"));
        Assert.Throws<ApiException>(() => body.Boolean("s"));
        Assert.Contains("required", Assert.Throws<ApiException>(() => body.String("missing", required: true)).Message);
    }
}

/// <summary>Client-given ids stay addressable as path segments.</summary>
public sealed class IdRulesTests
{
    [Theory]
    [InlineData("document_approval_v1", true)]
    [InlineData("tok_0f3a-1.2:x@y", true)]
    [InlineData("", false)]
    [InlineData(" ", false)]
    [InlineData("a/b", false)]
    [InlineData("a b", false)]
    [InlineData("é", false)]
    public void Accepts_only_safe_ids(string id, bool valid) => Assert.Equal(valid, IdRules.IsValid(id));

    [Fact]
    public void Too_long_ids_are_refused_with_a_coded_error()
    {
        Assert.False(IdRules.IsValid(new string('a', IdRules.MaxLength + 1)));
        Assert.Equal("INVALID_INPUT", Assert.Throws<ApiException>(() => IdRules.Require("id", null)).Code);
    }
}
