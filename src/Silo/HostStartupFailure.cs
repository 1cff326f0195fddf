using System.Net;
using System.Net.Sockets;
using CircuitBreaker.Storage;

namespace CircuitBreaker.Silo;

/// <summary>A host cannot start for a reason the operator fixes (a port taken, the data folder in use): one line, exit code 2.</summary>
public sealed class HostStartupException(string code, string message) : Exception(message)
{
    /// <summary>Stable code, e.g. <c>PORT_IN_USE</c>.</summary>
    public string Code { get; } = code;
}

/// <summary>Start-up checks and the one-line report of a start-up failure.</summary>
public static class HostStartupFailure
{
    /// <summary>Exit code of a start-up failure the operator can fix.</summary>
    public const int ExitCode = 2;

    /// <summary>
    /// Throws <see cref="HostStartupException"/> <c>PORT_IN_USE</c> when a silo port is taken, before Orleans tries (whose
    /// own failure is a page of stack traces). Another process may still take the port in between; that rare case is
    /// reported by <see cref="TryReport"/> all the same.
    /// </summary>
    public static void ThrowIfPortsTaken(params (string Setting, int Port)[] ports)
    {
        ArgumentNullException.ThrowIfNull(ports);
        foreach (var (setting, port) in ports)
        {
            var probe = new TcpListener(IPAddress.Any, port);
            try
            {
                probe.Start();
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
            {
                throw new HostStartupException("PORT_IN_USE", $"port {port} ({setting}) is already in use by another process; stop it or pass " +
                    (setting == "urls" ? "--urls http://localhost:<free port>" : $"--{setting} <free port>"));
            }
            finally
            {
                probe.Stop();
            }
        }
    }

    /// <summary>Writes one line for a start-up failure the operator can fix and returns true; false for anything else.</summary>
    public static bool TryReport(Exception exception, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var line = e switch
            {
                HostStartupException host => $"error [{host.Code}]: {host.Message}",
                StorageException storage when storage.Message.StartsWith("STORAGE_LOCKED", StringComparison.Ordinal) => "error [STORAGE_LOCKED]: " + storage.Message["STORAGE_LOCKED: ".Length..],
                IOException io when io.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }
                    || io.GetType().Name == "AddressInUseException" => $"error [PORT_IN_USE]: {io.Message}",
                _ => null,
            };
            if (line is null) continue;
            error.WriteLine(line);
            return true;
        }
        return false;
    }
}
