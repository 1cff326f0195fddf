using System.Text.RegularExpressions;
using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.Grains.Workflow;

namespace CircuitBreaker.Gateway.GraphQL;

/// <summary>Checks of ids and page sizes given to the API, so bad input gets <c>INVALID_INPUT</c> instead of reaching a grain.</summary>
public static partial class InputRules
{
    /// <summary>Largest page a listing returns.</summary>
    public const int MaxPage = 1000;

    /// <summary>
    /// True for an id usable as a grain key and in REST paths: 1–200 characters, starting with a letter or digit,
    /// then letters, digits and <c>_ - . : @</c>.
    /// </summary>
    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    /// <summary>Returns <paramref name="id"/>, or throws <c>INVALID_INPUT</c> naming <paramref name="what"/>.</summary>
    public static string RequireId(string? id, string what) => IsValidId(id)
        ? id!
        : throw new GraphQLException(
            $"{what} '{id}' is not a valid id: use 1-200 letters, digits, '_', '-', '.', ':' or '@', starting with a letter or digit",
            WorkflowErrorCodes.InvalidInput);

    /// <summary>Returns <paramref name="first"/>, or throws <c>INVALID_INPUT</c> when it is outside 1..<see cref="MaxPage"/>.</summary>
    public static int RequirePageSize(int first) => first is >= 1 and <= MaxPage
        ? first
        : throw new GraphQLException($"first must be between 1 and {MaxPage}, got {first}", WorkflowErrorCodes.InvalidInput);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,199}$")]
    private static partial Regex IdPattern();
}
