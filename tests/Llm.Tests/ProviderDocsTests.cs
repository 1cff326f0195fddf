using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CircuitBreaker.TestSupport;

namespace CircuitBreaker.Llm.Tests;

/// <summary>docs/LLM.md's provider table is the shipped providers.json: the count it states, and one unbroken table row per provider.</summary>
public sealed partial class ProviderDocsTests
{
    [Fact]
    public void The_provider_table_lists_every_shipped_provider_without_a_break()
    {
        var shipped = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src/Llm/catalog/providers.json")))!["providers"]!.AsArray()
            .Select(p => (string)p!["id"]!).ToList();
        var docs = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs/LLM.md"));
        var section = docs[docs.IndexOf("## Providers", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n\n`models.json`", StringComparison.Ordinal)];

        Assert.Contains($"{shipped.Count} providers ship in `providers.json`", section, StringComparison.Ordinal);
        // From the header on, every line is a table row: a stray line would end the rendered table early.
        var table = section[section.IndexOf("| id |", StringComparison.Ordinal)..].Split('\n');
        Assert.All(table, line => Assert.StartsWith("|", line));
        Assert.Equal(shipped.Order(StringComparer.Ordinal), table.Skip(2).Select(l => Row().Match(l).Groups[1].Value).Order(StringComparer.Ordinal));
    }

    [GeneratedRegex(@"^\| `([^`]+)` \|")]
    private static partial Regex Row();
}
