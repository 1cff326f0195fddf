using CircuitBreaker.Gateway.Api;
using CircuitBreaker.Workflow;
using Xunit;

namespace CircuitBreaker.Gateway.Tests.Units;

/// <summary>What a request body may hold: no duplicate keys, NULs or lone surrogates, no unknown fields, JSON media types.</summary>
public sealed class RequestBodyRulesTests
{
    [Theory]
    [InlineData("""{"a":"x\u0000y"}""", "$.a holds U+0000")]
    [InlineData("""{"data":{"a":"\ud800"}}""", "$.data.a holds a lone surrogate")]
    [InlineData("""{"l":["ok","\udc00x"]}""", "$.l[1] holds a lone surrogate")]
    [InlineData("""{"a\u0000":1}""", "$.a\0 the property name holds U+0000")]
    [InlineData("""{"k":"v","k":"w"}""", "'k'")]
    public void Bad_strings_and_duplicate_keys_are_invalid_json_naming_where(string text, string detail)
    {
        var ex = Assert.Throws<ApiException>(() => JsonBody.Parse(text));
        Assert.Equal("INVALID_JSON", ex.Code);
        Assert.Contains(detail, ex.Message);
    }

    [Fact]
    public void Surrogate_pairs_and_ordinary_text_pass()
    {
        Assert.Null(JsonTextRules.Problem("emoji 😀 and accents é"));
        Assert.NotNull(JsonBody.Parse("""{"a":"\ud83d\ude00","b":[1,{"c":"x"}]}""").Root);
    }

    [Fact]
    public void Unknown_fields_are_refused_with_their_path()
    {
        var body = JsonBody.Parse("""{"transitionId":"ab","dta":{}}""");
        var ex = Assert.Throws<ApiException>(() => body.Allow("transitionId", "data"));
        Assert.Equal("UNKNOWN_FIELD", ex.Code);
        Assert.StartsWith("$.dta: unknown field 'dta'", ex.Message);
        Assert.Equal("ab", JsonBody.Parse("""{"transitionId":"ab"}""").Allow("transitionId", "data").String("transitionId"));
    }

    [Theory]
    [InlineData("application/json", true, true)]
    [InlineData("application/json; charset=utf-8", true, true)]
    [InlineData("application/merge-patch+json", true, true)]
    [InlineData("application/yaml", false, true)]
    [InlineData("application/xml", false, true)]
    [InlineData("text/plain", false, false)]
    [InlineData("application/x-www-form-urlencoded", false, false)]
    [InlineData("multipart/form-data; boundary=x", false, false)]
    [InlineData("", false, false)]
    public void Media_types(string contentType, bool json, bool readByTheApi)
    {
        Assert.Equal(json, RequestRules.IsJson(contentType));
        Assert.Equal(readByTheApi, RequestRules.IsReadByTheApi(contentType));
    }
}
