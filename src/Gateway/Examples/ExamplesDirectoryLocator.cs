namespace CircuitBreaker.Gateway.Examples;

/// <summary>
/// Finds the example workflows: the configured folder, else <c>examples/workflows</c> next to the binary (copied at
/// build), else the first one found walking up from the content root or the working directory.
/// </summary>
public static class ExamplesDirectoryLocator
{
    private static readonly string Relative = Path.Combine("examples", "workflows");

    /// <summary>The folder to load, or null when none exists.</summary>
    public static string? Locate(string? configured, IEnumerable<string> startDirectories)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return Directory.Exists(configured) ? Path.GetFullPath(configured) : null;
        foreach (var start in startDirectories.Where(s => !string.IsNullOrEmpty(s)))
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, Relative);
                if (Directory.Exists(candidate)) return candidate;
            }
        }
        return null;
    }
}
