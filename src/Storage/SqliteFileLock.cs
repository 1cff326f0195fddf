namespace CircuitBreaker.Storage;

/// <summary>
/// Makes one process the only user of an SQLite database file: a second process opening the same data folder is
/// refused with a clear error instead of serving stale grain state beside the first (each would cache activations
/// the other overwrites). Instances in one process share the lock (a restarted in-process silo reopens the file).
/// </summary>
internal sealed class SqliteFileLock : IDisposable
{
    private static readonly Dictionary<string, (FileStream File, int Count)> Held = [];
    private readonly string _path;
    private bool _disposed;

    private SqliteFileLock(string path) => _path = path;

    /// <summary>Takes (or shares, within this process) the lock of <paramref name="databasePath"/>.</summary>
    /// <exception cref="StorageException">Another process holds it.</exception>
    public static SqliteFileLock Acquire(string databasePath)
    {
        var path = databasePath + ".lock";
        lock (Held)
        {
            if (Held.TryGetValue(path, out var held))
            {
                Held[path] = (held.File, held.Count + 1);
                return new SqliteFileLock(path);
            }
            try
            {
                // FileShare.None is an exclusive advisory lock (flock) on Linux and macOS, a share lock on Windows.
                var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                Held[path] = (file, 1);
                return new SqliteFileLock(path);
            }
            catch (IOException ex)
            {
                throw new StorageException(
                    $"STORAGE_LOCKED: another process has the SQLite database {databasePath} open; stop it, or give this one " +
                    "its own Storage:DataDirectory (several processes on one database need PostgreSQL).", ex);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (Held)
        {
            if (_disposed) return;
            _disposed = true;
            var (file, count) = Held[_path];
            if (count > 1)
            {
                Held[_path] = (file, count - 1);
                return;
            }
            Held.Remove(_path);
            file.Dispose();
        }
    }
}
