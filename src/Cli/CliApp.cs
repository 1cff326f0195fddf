using CircuitBreaker.Workflow.Analysis.Reports;
using System.Globalization;
using CircuitBreaker.Workflow.Analysis.Exploration;

namespace CircuitBreaker.Cli;

/// <summary>Command-line entry: <c>cb analyze &lt;file&gt; [--json] [--max-states N] [--timeout SECONDS]</c> and <c>cb convert</c>.</summary>
public static class CliApp
{
    /// <summary>Usage text.</summary>
    public const string Usage = """
        usage: cb analyze <file.pnml|file.json|file.yaml> [--json] [--max-states N] [--timeout SECONDS]

          Explores the state space of a Petri net (PNML) or workflow definition (JSON/YAML) and reports
          boundedness, deadlocks, dead transitions, liveness, stable places, reversibility and, for
          workflow nets or nets with final places, soundness — each with a shortest firing sequence.

          --json          print one JSON object instead of the readable report
          --max-states N  stop after N distinct markings (default 10000000)
          --timeout S     stop after S seconds (default: none)

        exit codes: 0 analysed, 1 usage, 2 file not found, 3 malformed file, 4 limits reached

               cb convert <in.json|in.yaml|in.pnml> [-o <out.json|out.yaml|out.pnml>] [--to json|yaml|pnml]

          Converts a workflow definition between JSON, YAML and PNML (see cb convert --help).
        """;

    /// <summary>Runs the CLI; returns the process exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            (args.Length == 0 ? stderr : stdout).WriteLine(Usage);
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Ok;
        }
        if (args[0] == "convert") return ConvertCommand.Run(args[1..], stdout, stderr);
        if (args[0] != "analyze") return Fail(stderr, $"unknown command '{args[0]}'");

        string? file = null;
        var json = false;
        var options = new ExplorationOptions { CancellationToken = cancellationToken };
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--json": json = true; break;
                case "-h" or "--help": stdout.WriteLine(Usage); return ExitCodes.Ok;
                case "--max-states":
                    if (!TryInt(args, ++i, out var max) || max < 1) return Fail(stderr, "--max-states needs a positive integer");
                    options = options with { MaxStates = max };
                    break;
                case "--timeout":
                    if (!TryInt(args, ++i, out var seconds) || seconds < 1) return Fail(stderr, "--timeout needs a positive number of seconds");
                    options = options with { TimeLimit = TimeSpan.FromSeconds(seconds) };
                    break;
                case var a when a.StartsWith('-'): return Fail(stderr, $"unknown option '{a}'");
                default:
                    if (file is not null) return Fail(stderr, "only one file can be analysed at a time");
                    file = args[i];
                    break;
            }
        }
        if (file is null) return Fail(stderr, "missing file to analyse");

        try
        {
            var net = NetFileLoader.Load(file);
            var result = AnalysisResult.Compute(net, options);
            stdout.WriteLine(json ? JsonReport.Write(result) : TextReport.Write(result));
            return result.Report.Properties is null && result.Report.Bounded != false ? ExitCodes.Incomplete : ExitCodes.Ok;
        }
        catch (NetLoadException e)
        {
            stderr.WriteLine($"error [{e.Code}]: {e.Message}");
            return e.ExitCode;
        }
    }

    private static bool TryInt(string[] args, int i, out int value)
    {
        value = 0;
        return i < args.Length && int.TryParse(args[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
    }

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine($"error [usage]: {message}");
        stderr.WriteLine(Usage);
        return ExitCodes.Usage;
    }
}
