using CircuitBreaker.Workflow;
using CircuitBreaker.Workflow.Analysis.Net;
using CircuitBreaker.Workflow.Analysis.Pnml;
using CircuitBreaker.Workflow.Net;
using CircuitBreaker.Workflow.Serialization;
using CircuitBreaker.Workflow.Validation;

namespace CircuitBreaker.Cli;

/// <summary><c>cb convert</c>: a workflow definition between JSON, YAML and PNML.</summary>
public static class ConvertCommand
{
    /// <summary>Usage text of the command.</summary>
    public const string Usage = """
        usage: cb convert <in.json|in.yaml|in.pnml> [-o <out.json|out.yaml|out.pnml>] [--to json|yaml|pnml]

          Converts a workflow definition between JSON, YAML and PNML (place/transition net; Circuit Breaker's
          extras such as final places and guards travel in <toolspecific> elements). Writes the output file, or
          stdout without -o. The format comes from --to, else from the output extension, else it is pnml for
          JSON/YAML input and json for PNML input. Validation problems of the result are printed on stderr as
          notes; they do not stop the conversion.

        exit codes: 0 converted, 1 usage, 2 file not found or not writable, 3 malformed file
        """;

    /// <summary>Runs the command with the arguments after <c>convert</c>; returns the exit code.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        string? input = null, output = null, to = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "-h" or "--help": stdout.WriteLine(Usage); return ExitCodes.Ok;
                case "-o" or "--output":
                    if (++i >= args.Count) return Fail(stderr, "-o needs a file name");
                    output = args[i];
                    break;
                case "--to":
                    if (++i >= args.Count || Format(args[i]) is null) return Fail(stderr, "--to needs json, yaml or pnml");
                    to = Format(args[i]);
                    break;
                case var a when a.StartsWith('-'): return Fail(stderr, $"unknown option '{a}'");
                default:
                    if (input is not null) return Fail(stderr, "only one file can be converted at a time");
                    input = args[i];
                    break;
            }
        }
        if (input is null) return Fail(stderr, "missing file to convert");
        var inputFormat = Format(Path.GetExtension(input).TrimStart('.'));
        if (inputFormat is null) return Fail(stderr, $"unsupported input type '{Path.GetExtension(input)}' (use .json, .yaml, .yml or .pnml)");
        var outputFormat = to ?? (output is null ? null : Format(Path.GetExtension(output).TrimStart('.')))
            ?? (output is null ? (inputFormat == "pnml" ? "json" : "pnml") : null);
        if (outputFormat is null) return Fail(stderr, $"cannot tell the output format from '{output}'; add --to json|yaml|pnml");

        try
        {
            var text = NetFileLoader.ReadText(input);
            var definition = Read(text, inputFormat, input);
            var converted = outputFormat switch
            {
                "pnml" => WorkflowPnmlWriter.Write(definition),
                "yaml" => WorkflowSerializer.ToYaml(definition),
                _ => WorkflowSerializer.ToJson(definition),
            };
            foreach (var issue in WorkflowValidator.Validate(definition).Issues)
                stderr.WriteLine($"note: {(issue.Severity == Severity.Error ? "invalid" : "warning")} [{issue.Code}] {issue}");
            if (output is null)
            {
                stdout.WriteLine(converted);
                return ExitCodes.Ok;
            }
            try
            {
                File.WriteAllText(output, converted);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"error [file_unwritable]: cannot write {output}: {e.Message}");
                return ExitCodes.FileNotFound;
            }
            return ExitCodes.Ok;
        }
        catch (NetLoadException e)
        {
            stderr.WriteLine($"error [{e.Code}]: {e.Message}");
            return e.ExitCode;
        }
    }

    private static WorkflowDefinition Read(string text, string format, string path)
    {
        try
        {
            return format == "pnml" ? WorkflowPnmlReader.Parse(text) : WorkflowSerializer.FromText(text, path);
        }
        catch (NetFormatException e)
        {
            throw new NetLoadException(ExitCodes.MalformedInput, e.Code, $"{path}: {e.Message}");
        }
        catch (WorkflowFormatException e)
        {
            throw new NetLoadException(ExitCodes.MalformedInput, e.Code, $"{path}: {e.Code}: {e.Message}");
        }
    }

    /// <summary>json, yaml or pnml for a format name or file extension; null when unknown.</summary>
    private static string? Format(string name) => name.ToLowerInvariant() switch
    {
        "json" => "json",
        "yaml" or "yml" => "yaml",
        "pnml" or "xml" => "pnml",
        _ => null,
    };

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine($"error [usage]: {message}");
        stderr.WriteLine(Usage);
        return ExitCodes.Usage;
    }
}
