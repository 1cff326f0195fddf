using CircuitBreaker.Workflow.Analysis.Net;

namespace CircuitBreaker.Workflow.Analysis.Exploration;

/// <summary>
/// Places whose token count follows from the others through place invariants. Every reachable marking is
/// M = M0 + C·x (C the incidence matrix), so for each vector y with yᵀC = 0 the weighted sum y·M is constant.
/// Reducing Cᵀ to row echelon form splits the places into <see cref="Kept"/> (pivot columns, rank many) and
/// implied ones, each an exact affine function of kept places:
/// <c>Denominator · M(p) = Constant + Σ Coefficient · M(kept)</c>. Storing only kept places is lossless.
/// </summary>
internal sealed class ImpliedPlaces
{
    /// <summary>One implied place and its formula over kept places.</summary>
    public sealed record Formula(int Place, long Denominator, long Constant, int[] Places, long[] Coefficients);

    private ImpliedPlaces(int[] kept, Formula[] implied)
    {
        Kept = kept;
        Implied = implied;
    }

    /// <summary>Places that must be stored, ascending.</summary>
    public int[] Kept { get; }

    /// <summary>Places computed from <see cref="Kept"/>.</summary>
    public Formula[] Implied { get; }

    /// <summary>No place is implied (used when the exact arithmetic would overflow).</summary>
    public static ImpliedPlaces None(int placeCount) => new(Enumerable.Range(0, placeCount).ToArray(), []);

    /// <summary>
    /// Most coefficient updates spent on the elimination (a few hundred milliseconds); very large nets with dense
    /// invariants are explored without compression rather than waiting for it.
    /// </summary>
    public const long OperationBudget = 20_000_000;

    /// <summary>
    /// Computes the split for <paramref name="net"/>; falls back to <see cref="None"/> if a coefficient outgrows
    /// 64 bits or the elimination exceeds <see cref="OperationBudget"/>.
    /// </summary>
    public static ImpliedPlaces Of(PlaceTransitionNet net)
    {
        try
        {
            return Compute(net);
        }
        catch (OverflowException)
        {
            return None(net.PlaceCount);
        }
    }

    private static ImpliedPlaces Compute(PlaceTransitionNet net)
    {
        var operations = 0L;
        // Reduced row echelon form of Cᵀ (one row per transition, one column per place), kept sparse:
        // rows[pivot] has coefficient 1 at its pivot column and 0 at every other pivot column.
        var rows = new Dictionary<int, Dictionary<int, Fraction>>();
        var dp = net.DeltaPlaces;
        var dv = net.DeltaValues;
        for (var t = 0; t < net.TransitionCount; t++)
        {
            var row = new Dictionary<int, Fraction>();
            for (var i = 0; i < dp[t].Length; i++) row[dp[t][i]] = new Fraction(dv[t][i], 1);
            foreach (var pivot in row.Keys.Where(rows.ContainsKey).ToArray())
                if (row.TryGetValue(pivot, out var factor)) Subtract(row, rows[pivot], factor, ref operations);
            if (row.Count == 0) continue;
            // A ±1 pivot keeps the numbers integral in the common case (0/1 arc weights).
            var chosen = row.Where(kv => kv.Value.IsUnit).Select(kv => kv.Key).DefaultIfEmpty(row.Keys.Min()).Min();
            var scale = row[chosen];
            foreach (var key in row.Keys.ToArray()) row[key] = row[key] / scale;
            foreach (var other in rows.Values)
                if (other.TryGetValue(chosen, out var factor)) Subtract(other, row, factor, ref operations);
            rows[chosen] = row;
        }

        var kept = rows.Keys.Order().ToArray();
        var initial = net.Initial;
        var implied = new List<Formula>();
        for (var p = 0; p < net.PlaceCount; p++)
        {
            if (rows.ContainsKey(p)) continue;
            // Null-space vector of Cᵀ for free column p: y_p = 1, y_pivot = -R[pivot][p], so
            // M(p) = M0(p) + Σ R[pivot][p] · (M(pivot) - M0(pivot)).
            var terms = kept.Where(k => rows[k].ContainsKey(p)).Select(k => (Place: k, Value: rows[k][p])).ToArray();
            var denominator = terms.Aggregate(1L, (d, term) => Lcm(d, term.Value.Denominator));
            var coefficients = terms.Select(term => checked(term.Value.Numerator * (denominator / term.Value.Denominator))).ToArray();
            var constant = checked(denominator * initial[p]);
            for (var i = 0; i < terms.Length; i++) constant = checked(constant - coefficients[i] * initial[terms[i].Place]);
            implied.Add(new Formula(p, denominator, constant, terms.Select(term => term.Place).ToArray(), coefficients));
        }
        return new ImpliedPlaces(kept, implied.ToArray());
    }

    private static void Subtract(Dictionary<int, Fraction> row, Dictionary<int, Fraction> pivotRow, Fraction factor, ref long operations)
    {
        operations += pivotRow.Count;
        if (operations > OperationBudget) throw new OverflowException("place-invariant elimination over budget");
        foreach (var (column, value) in pivotRow)
        {
            var updated = row.GetValueOrDefault(column) - factor * value;
            if (updated.IsZero) row.Remove(column);
            else row[column] = updated;
        }
    }

    private static long Lcm(long a, long b) => checked(a / Gcd(a, b) * b);

    private static long Gcd(long a, long b)
    {
        a = Math.Abs(a);
        b = Math.Abs(b);
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }

    /// <summary>Exact rational with checked 64-bit arithmetic, always normalised (positive denominator, lowest terms).</summary>
    private readonly record struct Fraction
    {
        public Fraction(long numerator, long denominator)
        {
            if (denominator < 0) (numerator, denominator) = (checked(-numerator), checked(-denominator));
            var g = numerator == 0 ? denominator : Gcd(numerator, denominator);
            Numerator = numerator / g;
            Denominator = denominator / g;
        }

        public long Numerator { get; }
        public long Denominator { get; }
        public bool IsZero => Numerator == 0;
        public bool IsUnit => Denominator == 1 && Math.Abs(Numerator) == 1;

        public static Fraction operator -(Fraction a, Fraction b) =>
            a.IsZero ? new Fraction(checked(-b.Numerator), b.Denominator)
            : new Fraction(checked(a.Numerator * b.Denominator - b.Numerator * a.Denominator), checked(a.Denominator * b.Denominator));

        public static Fraction operator *(Fraction a, Fraction b) =>
            new(checked(a.Numerator * b.Numerator), checked(a.Denominator * b.Denominator));

        public static Fraction operator /(Fraction a, Fraction b) =>
            new(checked(a.Numerator * b.Denominator), checked(a.Denominator * b.Numerator));
    }
}
