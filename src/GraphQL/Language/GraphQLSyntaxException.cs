namespace CircuitBreaker.GraphQL.Language;

/// <summary>Raised by the lexer and parser; carries the position of the offending token.</summary>
public sealed class GraphQLSyntaxException(string message, SourceLocation location)
    : Exception("Syntax Error: " + message)
{
    /// <summary>Where the error was found.</summary>
    public SourceLocation Location { get; } = location;
}
