using CircuitBreaker.Workflow.Analysis.Reports;
using System.Text;
using CircuitBreaker.Workflow.Analysis;
using CircuitBreaker.Workflow.Analysis.WorkflowNets;

namespace CircuitBreaker.Cli;

/// <summary>The human-readable report of <c>cb analyze</c>, with witnesses.</summary>
public static class TextReport
{
    /// <summary>Renders <paramref name="result"/>.</summary>
    public static string Write(AnalysisResult result)
    {
        var r = result.Report;
        var net = r.Net;
        var sb = new StringBuilder();
        sb.AppendLine($"Net {net.Id}: {net.PlaceCount} places, {net.TransitionCount} transitions");
        if (r.Bounded == false)
        {
            sb.AppendLine("Bounded: NO — tokens can grow without limit in:");
            foreach (var u in r.Coverability!.UnboundedPlaces)
                sb.AppendLine($"  {u.Place}: fire {u.Prefix.SequenceText}, then repeat [{string.Join(" ", u.Pump)}]");
        }
        else if (r.Properties is not { } p)
        {
            sb.AppendLine($"Incomplete: exploration stopped ({r.Graph?.Stop}) after {r.Graph?.StateCount} states; boundedness {(r.Bounded is null ? "unknown" : "yes")}.");
            sb.AppendLine("Raise --max-states or --timeout to finish.");
        }
        else
        {
            var g = r.Graph!;
            sb.AppendLine($"Reachability graph: {p.States} states, {p.Edges} edges ({g.Elapsed.TotalMilliseconds:F0} ms, {g.BitsPerPlace} bit(s)/place)");
            sb.AppendLine($"Bounded: yes, {p.MaxTokensInPlace}-bounded{(p.OneSafe ? " (1-safe)" : "")}; at most {p.MaxTokensPerMarking} tokens in one marking");
            var top = p.PlaceBounds.OrderByDescending(b => b.Bound).First();
            if (p.PlaceBounds.Count > 0) sb.AppendLine($"  largest: {top.Place} = {top.Bound} after {top.Witness.SequenceText}");
            sb.AppendLine($"Dead markings: {p.DeadMarkingCount}{(p.Deadlock && !p.RealDeadlock ? " (all final)" : "")}");
            foreach (var d in p.DeadMarkings)
                sb.AppendLine($"  {(d.IsFinal ? "final   " : "DEADLOCK")} {d.Witness.MarkingText} after {d.Witness.SequenceText}");
            sb.AppendLine(p.QuasiLive ? "Dead transitions: none (quasi-live)" : $"Dead transitions (never enabled): {string.Join(", ", p.DeadTransitions)}");
            sb.AppendLine(p.Live ? "Live: yes" : "Live: no");
            foreach (var n in p.NonLiveTransitions.Take(10))
                sb.AppendLine($"  {n.Transition} can never fire again after {n.Witness.SequenceText} (reaching {n.Witness.MarkingText})");
            sb.AppendLine(p.StableMarking ? $"Stable places: {string.Join(", ", p.StablePlaces.Take(20))}{(p.StablePlaces.Count > 20 ? ", …" : "")}" : "Stable places: none");
            sb.AppendLine($"Reversible: {(p.Reversible ? "yes" : "no")}; home marking: {(p.HomeMarking is { } h ? $"{h.MarkingText} (after {h.SequenceText})" : "none")}");
        }
        if (result.Soundness is { } s) WriteSoundness(sb, s);
        return sb.ToString();
    }

    private static void WriteSoundness(StringBuilder sb, SoundnessReport s)
    {
        sb.AppendLine(s.Mode == SoundnessMode.Classical ? "Workflow net (source/sink):" : "Workflow with final places:");
        foreach (var problem in s.Structure.Problems.Where(_ => s.Mode == SoundnessMode.Classical)) sb.AppendLine($"  not a workflow net: {problem}");
        if (!s.Decided)
        {
            sb.AppendLine($"  soundness unknown: {s.UndecidedReason}");
            return;
        }
        sb.AppendLine($"  sound: {(s.Sound ? "yes" : "NO")}");
        if (s.Bounded == false)
        {
            sb.AppendLine($"  unbounded places: {string.Join(", ", s.UnboundedPlaces.Select(u => u.Place))}");
            return;
        }
        sb.AppendLine($"  option to complete: {(s.OptionToComplete ? "yes" : $"NO — after {s.OptionToCompleteCounterexample!.SequenceText} the case is stuck in {s.OptionToCompleteCounterexample.MarkingText}")}");
        sb.AppendLine($"  proper completion: {(s.ProperCompletion ? "yes" : $"NO — after {s.ProperCompletionCounterexample!.SequenceText} the end is marked with tokens left: {s.ProperCompletionCounterexample.MarkingText}")}");
        sb.AppendLine($"  no dead transitions: {(s.NoDeadTransitions ? "yes" : $"NO — never fire: {string.Join(", ", s.DeadTransitions)}")}");
    }
}
