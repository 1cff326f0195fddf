namespace CircuitBreaker.Workflow.Analysis.Tests;

/// <summary>Locates the shared reference data next to the repository root.</summary>
internal static class TestData
{
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "CircuitBreaker.Orleans.sln"))) return dir.FullName;
            throw new DirectoryNotFoundException("CircuitBreaker.Orleans.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string PetriMcc => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "testdata", "petri-mcc"));

    public static IEnumerable<object[]> MccNets() =>
        Directory.GetDirectories(PetriMcc).Select(Path.GetFileName).Order(StringComparer.Ordinal).Select(n => new object[] { n! });
}
