namespace CircuitBreaker.Workflow.Net;

/// <summary>A place of the net (a "state" in the seed shapes). Tokens sit in places.</summary>
/// <param name="Id">Unique place id.</param>
/// <param name="Name">Optional display name.</param>
/// <param name="Description">Optional description.</param>
public sealed record Place(string Id, string? Name = null, string? Description = null)
{
    /// <summary>Where this place came from in the source document (e.g. <c>states[2]</c>); used in validation messages.</summary>
    public string? Source { get; init; }
}
