using CircuitBreaker.Workflow.Analysis.Net;

namespace CircuitBreaker.Workflow.Analysis.WorkflowNets;

/// <summary>Result of the structural workflow-net check.</summary>
/// <param name="IsWorkflowNet">True when there is exactly one source place, one sink place and every node lies on a path from source to sink.</param>
/// <param name="Source">Index of the unique source place, or -1.</param>
/// <param name="Sink">Index of the unique sink place, or -1.</param>
/// <param name="Problems">Why the net is not a workflow net, one line each (empty when it is).</param>
public sealed record WorkflowNetStructure(bool IsWorkflowNet, int Source, int Sink, IReadOnlyList<string> Problems)
{
    /// <summary>Checks the workflow-net shape of <paramref name="net"/>.</summary>
    public static WorkflowNetStructure Check(PlaceTransitionNet net)
    {
        var problems = new List<string>();
        var hasInput = new bool[net.PlaceCount];  // some transition puts tokens here
        var hasOutput = new bool[net.PlaceCount]; // some transition takes tokens from here
        for (var t = 0; t < net.TransitionCount; t++)
        {
            foreach (var a in net.Inputs(t)) hasOutput[a.Place] = true;
            foreach (var a in net.Outputs(t)) hasInput[a.Place] = true;
        }
        var sources = Enumerable.Range(0, net.PlaceCount).Where(p => !hasInput[p]).ToArray();
        var sinks = Enumerable.Range(0, net.PlaceCount).Where(p => !hasOutput[p]).ToArray();
        if (sources.Length != 1) problems.Add(sources.Length == 0 ? "no source place (every place has an incoming arc)" : $"several source places: {Names(net, sources)}");
        if (sinks.Length != 1) problems.Add(sinks.Length == 0 ? "no sink place (every place has an outgoing arc)" : $"several sink places: {Names(net, sinks)}");
        var source = sources.Length == 1 ? sources[0] : -1;
        var sink = sinks.Length == 1 ? sinks[0] : -1;
        if (source >= 0 && sink >= 0)
        {
            // Nodes: places 0..P-1, transitions P..P+T-1.
            var forward = Reach(net, source, forward: true);
            var backward = Reach(net, sink, forward: false);
            var off = new List<string>();
            for (var n = 0; n < net.PlaceCount + net.TransitionCount; n++)
                if (!forward[n] || !backward[n]) off.Add(n < net.PlaceCount ? net.PlaceIds[n] : net.TransitionIds[n - net.PlaceCount]);
            if (off.Count > 0) problems.Add($"not on a path from '{net.PlaceIds[source]}' to '{net.PlaceIds[sink]}': {string.Join(", ", off)}");
        }
        return new WorkflowNetStructure(problems.Count == 0, source, sink, problems);
    }

    private static bool[] Reach(PlaceTransitionNet net, int startPlace, bool forward)
    {
        var places = net.PlaceCount;
        var seen = new bool[places + net.TransitionCount];
        var placeToTransitions = new List<int>[places];
        var transitionToPlaces = new List<int>[net.TransitionCount];
        for (var p = 0; p < places; p++) placeToTransitions[p] = [];
        for (var t = 0; t < net.TransitionCount; t++)
        {
            var (into, outOf) = forward ? (net.Inputs(t), net.Outputs(t)) : (net.Outputs(t), net.Inputs(t));
            foreach (var a in into) placeToTransitions[a.Place].Add(t);
            transitionToPlaces[t] = outOf.Select(a => a.Place).ToList();
        }
        var queue = new Queue<int>();
        seen[startPlace] = true;
        queue.Enqueue(startPlace);
        while (queue.Count > 0)
        {
            var n = queue.Dequeue();
            var next = n < places ? placeToTransitions[n].Select(t => t + places) : transitionToPlaces[n - places];
            foreach (var m in next)
                if (!seen[m]) { seen[m] = true; queue.Enqueue(m); }
        }
        return seen;
    }

    private static string Names(PlaceTransitionNet net, IEnumerable<int> places) => string.Join(", ", places.Select(p => net.PlaceIds[p]));
}
