using CircuitBreaker.Gateway.Api;
using CircuitBreaker.Grains.Workflow;
using Xunit;

namespace CircuitBreaker.Gateway.Tests.Units;

/// <summary>The HTTP status of every grain error code (the table in docs/API.md).</summary>
public sealed class ErrorStatusTests
{
    [Theory]
    [InlineData(WorkflowErrorCodes.WorkflowNotFound, 404)]
    [InlineData(WorkflowErrorCodes.TokenNotFound, 404)]
    [InlineData(WorkflowErrorCodes.RuleNotFound, 404)]
    [InlineData(WorkflowErrorCodes.WorkflowExists, 409)]
    [InlineData(WorkflowErrorCodes.TokenExists, 409)]
    [InlineData(WorkflowErrorCodes.RuleExists, 409)]
    [InlineData(WorkflowErrorCodes.VersionConflict, 409)]
    [InlineData(WorkflowErrorCodes.TransitionNotEnabled, 422)]
    [InlineData(WorkflowErrorCodes.GuardFailed, 422)]
    [InlineData(WorkflowErrorCodes.TokenNotActive, 422)]
    [InlineData(WorkflowErrorCodes.UnknownTransition, 422)]
    [InlineData(WorkflowErrorCodes.UnsoundWorkflow, 422)]
    [InlineData(WorkflowErrorCodes.IdempotencyKeyReused, 422)]
    [InlineData(WorkflowErrorCodes.InvalidDefinition, 400)]
    [InlineData(WorkflowErrorCodes.InvalidInput, 400)]
    [InlineData("AGENT_NOT_FOUND", 404)]
    public void Codes_map_to_statuses(string code, int status) => Assert.Equal(status, ErrorStatus.For(code));

    [Fact]
    public void Exceptions_are_described_as_problems()
    {
        Assert.Equal((404, "TOKEN_NOT_FOUND", "gone"), ProblemResponses.Describe(new WorkflowException("TOKEN_NOT_FOUND", "gone")));
        Assert.Equal((400, "INVALID_JSON", "bad"), ProblemResponses.Describe(ApiException.BadRequest("INVALID_JSON", "bad")));
        Assert.Equal(413, ProblemResponses.Describe(new Microsoft.AspNetCore.Http.BadHttpRequestException("too big", 413))!.Value.Status);
        Assert.Null(ProblemResponses.Describe(new OperationCanceledException()));
        Assert.Equal(500, ProblemResponses.Describe(new InvalidCastException())!.Value.Status);
    }
}
