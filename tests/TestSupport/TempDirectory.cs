namespace CircuitBreaker.TestSupport;

/// <summary>Unique temporary folders for tests.</summary>
public static class TempDirectory
{
    /// <summary>Creates a new empty folder under the system temp folder.</summary>
    public static string Create(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), prefix, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Deletes a folder, leaving it for the temp cleaner when a file is still held.</summary>
    public static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
