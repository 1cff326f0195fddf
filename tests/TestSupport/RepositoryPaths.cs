namespace CircuitBreaker.TestSupport;

/// <summary>Finds the repository root (the folder of CircuitBreaker.Orleans.sln) and the shared reference data beside it.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CircuitBreaker.Orleans.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"CircuitBreaker.Orleans.sln not found above {AppContext.BaseDirectory}.");
    });

    /// <summary>The repository root.</summary>
    public static string Root => RootPath.Value;

    /// <summary>A path under <c>../shared/testdata</c>, where reference data written by others lives.</summary>
    public static string SharedTestData(params string[] parts) =>
        Path.GetFullPath(Path.Combine([Root, "..", "shared", "testdata", .. parts]));
}
