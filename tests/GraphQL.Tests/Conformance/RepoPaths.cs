namespace CircuitBreaker.GraphQL.Tests.Conformance;

/// <summary>Finds the repository root (the folder holding CircuitBreaker.Orleans.sln) from the test assembly.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string CatsScenarios => Path.GetFullPath(Path.Combine(Root, "..", "shared", "testdata", "graphql-cats", "scenarios"));

    public static string JsPeers => Path.Combine(Root, "tests", "GraphQL.Tests", "js");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CircuitBreaker.Orleans.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("CircuitBreaker.Orleans.sln not found above " + AppContext.BaseDirectory);
    }
}
