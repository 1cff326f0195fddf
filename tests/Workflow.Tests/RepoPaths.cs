namespace CircuitBreaker.Workflow.Tests;

/// <summary>Locates the repository root (the directory holding CircuitBreaker.Orleans.sln) from the test binaries.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string CompatibleJsonLogic => Path.Combine(Root, "..", "shared", "testdata", "json-logic", "compatible.json");

    public static string Examples => Path.Combine(Root, "examples", "workflows");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CircuitBreaker.Orleans.sln"))) return dir.FullName;
        throw new InvalidOperationException("CircuitBreaker.Orleans.sln not found above " + AppContext.BaseDirectory);
    }
}
