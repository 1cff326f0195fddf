using CircuitBreaker.Workflow.Analysis.Reports;
using CircuitBreaker.Workflow;
using CircuitBreaker.Workflow.Analysis.Net;
using CircuitBreaker.Workflow.Analysis.Pnml;
using CircuitBreaker.Workflow.Serialization;

namespace CircuitBreaker.Cli;

/// <summary>A file could not be turned into a net; <see cref="ExitCode"/> says how to exit.</summary>
public sealed class NetLoadException(int exitCode, string code, string message) : Exception(message)
{
    /// <summary>Process exit code to use.</summary>
    public int ExitCode { get; } = exitCode;
    /// <summary>Stable error code (e.g. <c>file_not_found</c>, <c>PNML_MALFORMED_XML</c>, <c>invalid_json</c>).</summary>
    public string Code { get; } = code;
}

/// <summary>Loads a net from <c>.pnml</c>/<c>.xml</c> (PNML) or <c>.json</c>/<c>.yaml</c>/<c>.yml</c> (workflow definition).</summary>
public static class NetFileLoader
{
    /// <summary>Loads <paramref name="path"/>; throws <see cref="NetLoadException"/> with a clear message.</summary>
    public static PlaceTransitionNet Load(string path)
    {
        var text = ReadText(path);
        try
        {
            return Path.GetExtension(path).ToLowerInvariant() switch
            {
                ".pnml" or ".xml" => PnmlReader.Parse(text),
                ".json" or ".yaml" or ".yml" => WorkflowNetConverter.Convert(WorkflowSerializer.FromText(text, path)),
                var ext => throw new NetLoadException(ExitCodes.Usage, "unsupported_format", $"unsupported file type '{ext}' (use .pnml, .json, .yaml or .yml)"),
            };
        }
        catch (NetFormatException e)
        {
            throw new NetLoadException(ExitCodes.MalformedInput, e.Code, $"{path}: {e.Message}");
        }
        catch (WorkflowFormatException e)
        {
            throw new NetLoadException(ExitCodes.MalformedInput, e.Code, $"{path}: {e.Code}: {e.Message}");
        }
        catch (Exception e) when (e is not NetLoadException)
        {
            // Any other parser failure is still a malformed file, not a crash.
            throw new NetLoadException(ExitCodes.MalformedInput, "malformed_input", $"{path}: {e.Message}");
        }
    }

    /// <summary>The text of <paramref name="path"/>; a missing or unreadable file is a <see cref="NetLoadException"/>.</summary>
    public static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new NetLoadException(ExitCodes.FileNotFound, "file_not_found", $"file not found: {path}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NetLoadException(ExitCodes.FileNotFound, "file_unreadable", $"cannot read {path}: {e.Message}");
        }
    }
}
