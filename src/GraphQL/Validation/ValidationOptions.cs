namespace CircuitBreaker.GraphQL.Validation;

/// <summary>
/// Limits against abusive documents. Tokens, depth, complexity and aliases are checked before the spec rules (a document over
/// one gets only the limit errors); the introspection switch after them. Zero or negative disables a limit.
/// </summary>
public sealed class ValidationOptions
{
    /// <summary>Maximum selection depth (fields nested in fields). Default 15.</summary>
    public int MaxDepth { get; init; } = 15;
    /// <summary>
    /// Maximum complexity. A field costs its weight (1 unless the schema says otherwise) plus its selection's cost times the page
    /// size it asks for (its <c>first</c>, <c>last</c> or <c>limit</c> argument; the argument's default when not given; 1 for fields
    /// without one), so <c>tokens(first: 100) { id status }</c> costs 1 + 100 × 2 = 201. Page sizes given as variables are counted
    /// with their values when the request runs. Default 1000.
    /// </summary>
    public int MaxComplexity { get; init; } = 1000;
    /// <summary>Maximum number of aliased fields in a document. Default 100.</summary>
    public int MaxAliases { get; init; } = 100;
    /// <summary>Maximum number of lexical tokens (enforced by the parser). Default 10,000.</summary>
    public int MaxTokens { get; init; } = 10_000;
    /// <summary>Maximum number of validation errors reported (rules stop collecting past it). Default 100.</summary>
    public int MaxErrors { get; init; } = 100;
    /// <summary>Whether __schema and __type may be queried. Default true.</summary>
    public bool AllowIntrospection { get; init; } = true;

    /// <summary>Spec rules only, no limits.</summary>
    public static ValidationOptions Unlimited { get; } = new() { MaxDepth = 0, MaxComplexity = 0, MaxAliases = 0, MaxTokens = 0, MaxErrors = int.MaxValue };
}
