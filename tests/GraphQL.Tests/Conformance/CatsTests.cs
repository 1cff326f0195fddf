using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.GraphQL.Language;
using CircuitBreaker.GraphQL.Validation;
using YamlDotNet.RepresentationModel;

namespace CircuitBreaker.GraphQL.Tests.Conformance;

/// <summary>
/// Runs every graphql-cats scenario (../shared/testdata/graphql-cats) following its README. Any key the README does not define
/// (or that does not apply to the action) fails the test, so nothing is silently skipped.
/// </summary>
public class CatsTests
{
    /// <summary>
    /// Scenarios that genuinely cannot pass: "file#test name" → reason (also listed in docs/GRAPHQL.md). Empty: all pass.
    /// An excluded scenario still runs and must fail; once it passes the test says to remove it from here.
    /// </summary>
    private static readonly Dictionary<string, string> Excluded = [];

    // graphql-cats was written against an older graphql-js; these are the graphql-js 16 texts of the same errors (listed in docs/GRAPHQL.md).
    private static readonly Dictionary<string, string> ModernExceptionTexts = new()
    {
        ["Unknown operation name 'UnknownExample'"] = "Unknown operation named \"UnknownExample\".",
        ["The 'Query' definition is not executable."] = "The \"Query\" definition is not executable.",
        ["Must provide operation"] = "Must provide an operation.",
    };

    // Messages whose wording changed in graphql-js 16: modern pattern → cats code and rule.
    private static readonly (Regex Pattern, string Code, string Rule)[] ModernPatterns =
    [
        (new Regex("^Unknown argument \"(?<argumentName>.*?)\" on field \"(?<typeName>[^.]*)\\.(?<fieldName>.*?)\"\\."), "unknownArgument", "KnownArgumentNames"),
        (new Regex("^Unknown argument \"(?<argumentName>.*?)\" on directive \"@(?<directiveName>.*?)\"\\."), "unknownDirectiveArgument", "KnownArgumentNames"),
    ];

    private static readonly HashSet<string> ScenarioKeys = ["scenario", "background", "tests"];
    private static readonly HashSet<string> TestKeys = ["name", "given", "when", "then"];
    private static readonly HashSet<string> GivenKeys = ["query", "schema", "schema-file", "test-data", "test-data-file"];
    private static readonly HashSet<string> ExecuteOptions = ["operation-name", "variables", "validate-query", "test-value"];
    private static readonly Dictionary<string, HashSet<string>> AssertionKeys = new()
    {
        ["parse"] = ["passes", "syntax-error"],
        ["validate"] = ["passes", "error-count", "error-code", "args", "loc", "error", "error-regex"],
        ["execute"] = ["data", "error-count", "error-code", "args", "loc", "error", "error-regex", "exception"],
    };

    public static IEnumerable<object[]> Cases()
    {
        foreach (var file in Directory.GetFiles(RepoPaths.CatsScenarios, "*.yaml", SearchOption.AllDirectories).Order())
        {
            if (file.EndsWith("error-mapping.yaml", StringComparison.Ordinal)) continue;
            var root = Load(file);
            var tests = (YamlSequenceNode)root.Children[new YamlScalarNode("tests")];
            for (var i = 0; i < tests.Children.Count; i++)
                yield return [Path.GetRelativePath(RepoPaths.CatsScenarios, file), i, Scalar((YamlMappingNode)tests.Children[i], "name")!];
        }
    }

    [Fact]
    public void Every_scenario_file_contributes_its_tests()
    {
        var cases = Cases().ToList();
        Assert.Equal(9, cases.Select(c => c[0]).Distinct().Count());
        Assert.Equal(101, cases.Count);
        Assert.All(Excluded.Keys, k => Assert.Contains(cases, c => $"{c[0]}#{c[2]}" == k));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Scenario(string file, int index, string name)
    {
        if (Excluded.TryGetValue($"{file}#{name}", out var reason))
        {
            var failure = await Record.ExceptionAsync(() => Run(Path.Combine(RepoPaths.CatsScenarios, file), index));
            Assert.True(failure is not null, $"excluded ({reason}) but passes now: remove it from CatsTests.Excluded and docs/GRAPHQL.md");
            return;
        }
        await Run(Path.Combine(RepoPaths.CatsScenarios, file), index);
    }

    /// <summary>Runs test <paramref name="index"/> of the scenario file at <paramref name="path"/>; throws when an assertion fails.</summary>
    internal static async Task Run(string path, int index)
    {
        var dir = Path.GetDirectoryName(path)!;
        var root = Load(path);
        OnlyKeys(root, ScenarioKeys, "scenario");
        var background = root.Children.TryGetValue(new YamlScalarNode("background"), out var bg) ? (YamlMappingNode)bg : new YamlMappingNode();
        OnlyKeys(background, GivenKeys, "background");
        var test = (YamlMappingNode)((YamlSequenceNode)root.Children[new YamlScalarNode("tests")]).Children[index];
        OnlyKeys(test, TestKeys, "test");
        var given = (YamlMappingNode)test.Children[new YamlScalarNode("given")];
        OnlyKeys(given, GivenKeys, "given");
        var when = (YamlMappingNode)test.Children[new YamlScalarNode("when")];
        var action = Assert.Single(when.Children).Key.ToString();
        Assert.True(AssertionKeys.ContainsKey(action), $"unknown action \"{action}\"");
        var thenNode = test.Children[new YamlScalarNode("then")];
        var assertions = thenNode is YamlSequenceNode seq ? seq.Children.Cast<YamlMappingNode>().ToList() : [(YamlMappingNode)thenNode];
        foreach (var a in assertions) OnlyKeys(a, AssertionKeys[action], $"assertion of \"{action}\"");

        // "Definitions in the given part of a test may override definitions defined in the background section":
        // an inline value and its file form are one definition, so given's schema-file overrides background's schema.
        YamlMappingNode Owner(string inline, string file) =>
            given.Children.ContainsKey(new YamlScalarNode(inline)) || given.Children.ContainsKey(new YamlScalarNode(file)) ? given : background;

        var query = Scalar(given, "query") ?? Scalar(background, "query") ?? throw new InvalidOperationException("test has no query");
        if (action == "parse")
        {
            GraphQLSyntaxException? error = null;
            try { Parser.Parse(query); } catch (GraphQLSyntaxException ex) { error = ex; }
            foreach (var a in assertions)
            {
                if (a.Children.ContainsKey(new YamlScalarNode("passes"))) Assert.Null(error);
                if (a.Children.ContainsKey(new YamlScalarNode("syntax-error"))) Assert.NotNull(error);
            }
            return;
        }

        var schemaOwner = Owner("schema", "schema-file");
        var schemaSdl = Scalar(schemaOwner, "schema")
            ?? File.ReadAllText(Path.Combine(dir, Scalar(schemaOwner, "schema-file") ?? throw new InvalidOperationException("test has no schema")));
        var dataOwner = Owner("test-data", "test-data-file");
        var testData = dataOwner.Children.TryGetValue(new YamlScalarNode("test-data"), out var inlineData) ? (Dictionary<string, object?>)YamlPlain.ToPlain(inlineData)!
            : Scalar(dataOwner, "test-data-file") is { } dataFile ? LoadTestData(Path.Combine(dir, dataFile))
            : [];
        CatsSchema.ResolveRefs(testData);
        var schema = CatsSchema.BuildSchema(schemaSdl, testData);
        var doc = Parser.Parse(query);

        if (action == "validate")
        {
            var rules = ((YamlSequenceNode)when.Children[new YamlScalarNode("validate")]).Children.Select(r => ((YamlScalarNode)r).Value!).ToHashSet();
            var errors = Validator.Validate(schema, doc, ValidationOptions.Unlimited).Where(e => Classify(e.Message) is { } m && rules.Contains(m.Rule)).ToList();
            foreach (var a in assertions)
            {
                if (a.Children.ContainsKey(new YamlScalarNode("passes"))) Assert.Empty(errors);
                AssertErrors(a, errors, doc);
            }
            return;
        }

        var options = when.Children[new YamlScalarNode("execute")] as YamlMappingNode ?? new YamlMappingNode();
        OnlyKeys(options, ExecuteOptions, "execute");
        var variables = options.Children.TryGetValue(new YamlScalarNode("variables"), out var vn) ? (Dictionary<string, object?>)YamlPlain.ToPlain(vn)! : null;
        var rootValue = Scalar(options, "test-value") is { } tv ? testData[tv] : null;
        var validation = Scalar(options, "validate-query") != "false" ? Validator.Validate(schema, doc, ValidationOptions.Unlimited) : [];
        var result = validation.Count > 0
            ? new ExecutionResult { Errors = validation }
            : await Executor.ExecuteAsync(schema, new ExecutionRequest
            {
                Document = doc,
                OperationName = Scalar(options, "operation-name"),
                Variables = variables,
                RootValue = rootValue,
                // graphql-cats expects resolver messages verbatim, as graphql-js reports them.
                Options = ExecutionOptions.Unmasked,
            });
        foreach (var a in assertions)
        {
            if (a.Children.TryGetValue(new YamlScalarNode("data"), out var dataNode))
            {
                var expected = Graphql16Introspection(JsonNode.Parse(JsonSerializer.Serialize(YamlPlain.ToPlain(dataNode))));
                var actual = Graphql16Introspection(JsonNode.Parse(new ExecutionResult { Data = result.Data, HasData = true }.ToJson())!["data"]);
                Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected?.ToJsonString()} got {actual?.ToJsonString()}");
            }
            if (Scalar(a, "exception") is { } exception)
            {
                var text = ModernExceptionTexts.GetValueOrDefault(exception, exception);
                Assert.Null(result.Data);
                Assert.Contains(result.Errors, e => e.Message.Contains(text, StringComparison.Ordinal));
            }
            AssertErrors(a, result.Errors.ToList(), doc);
        }
    }

    /// <summary>The assertions shared by validation and execution: error-count, error-code (+args, loc), error, error-regex.</summary>
    private static void AssertErrors(YamlMappingNode a, List<GraphQLError> errors, Document doc)
    {
        if (Scalar(a, "error-count") is { } count) Assert.Equal(int.Parse(count), errors.Count);
        var locs = Locations(a);
        if (Scalar(a, "error-code") is { } code)
        {
            var args = a.Children.TryGetValue(new YamlScalarNode("args"), out var an) ? (Dictionary<string, object?>)YamlPlain.ToPlain(an)! : [];
            var expected = code == "noSubselectionAllowed" ? locs?.Select(l => SelectionSetOfFieldAt(doc, l)).ToList() : locs;
            Assert.Contains(errors, e => Classify(e.Message) is { } m && m.Code == code
                && args.All(kv => m.Args.GetValueOrDefault(kv.Key) == kv.Value?.ToString())
                && (expected is null || expected.SequenceEqual(e.Locations)));
        }
        else Assert.False(a.Children.ContainsKey(new YamlScalarNode("args")), "args without error-code");
        if (Scalar(a, "error") is { } text)
            Assert.Contains(errors, e => e.Message.Contains(text, StringComparison.Ordinal) && (locs is null || locs.SequenceEqual(e.Locations)));
        if (Scalar(a, "error-regex") is { } pattern)
            Assert.Contains(errors, e => Regex.IsMatch(e.Message, pattern) && (locs is null || locs.SequenceEqual(e.Locations)));
        if (locs is not null)
            Assert.True(a.Children.Keys.Any(k => k.ToString() is "error-code" or "error" or "error-regex"), "loc without an error assertion");
    }

    /// <summary>
    /// graphql-cats locates noSubselectionAllowed at the field (older graphql-js); graphql-js 16, our reference, at the field's
    /// selection set. The expected location is translated, not skipped: the field at the cats location must own the reported selection set.
    /// </summary>
    private static SourceLocation SelectionSetOfFieldAt(Document doc, SourceLocation at)
    {
        static IEnumerable<Field> Fields(SelectionSet? set) => set is null ? [] : set.Selections.SelectMany(s => s switch
        {
            Field f => Fields(f.SelectionSet).Prepend(f),
            InlineFragment i => Fields(i.SelectionSet),
            _ => [],
        });
        var sets = doc.Definitions.Select(d => d switch { OperationDefinition o => o.SelectionSet, FragmentDefinition f => f.SelectionSet, _ => null });
        var field = sets.SelectMany(Fields).Single(f => f.Location == at);
        return field.SelectionSet!.Location;
    }

    private static YamlMappingNode Load(string file)
    {
        // Executor.yaml repeats an identical "c: Cookie" key; YamlDotNet rejects duplicate keys, so identical adjacent mapping lines are folded.
        var lines = File.ReadAllLines(file).ToList();
        for (var i = lines.Count - 1; i > 0; i--)
            if (lines[i] == lines[i - 1] && Regex.IsMatch(lines[i], @"^\s+[\w-]+: \S")) lines.RemoveAt(i);
        var stream = new YamlStream();
        using var reader = new StringReader(string.Join("\n", lines));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    /// <summary>"File can be in either JSON or YAML format": JSON is YAML, so one loader reads both.</summary>
    private static Dictionary<string, object?> LoadTestData(string file) => (Dictionary<string, object?>)YamlPlain.ToPlain(Load(file))!;

    private static string? Scalar(YamlMappingNode m, string key) =>
        m.Children.TryGetValue(new YamlScalarNode(key), out var v) ? ((YamlScalarNode)v).Value : null;

    private static void OnlyKeys(YamlMappingNode m, HashSet<string> allowed, string where)
    {
        var unknown = m.Children.Keys.Select(k => k.ToString()).Where(k => !allowed.Contains(k)).ToList();
        Assert.True(unknown.Count == 0, $"{where} has keys the runner does not implement: {string.Join(", ", unknown)}");
    }

    private static readonly Lazy<List<(Regex Pattern, string Code, string Rule)>> Mapping = new(() =>
    {
        var root = Load(Path.Combine(RepoPaths.CatsScenarios, "error-mapping.yaml"));
        var list = new List<(Regex, string, string)>();
        foreach (var (k, v) in root.Children)
        {
            var m = (YamlMappingNode)v;
            var message = Scalar(m, "message")!;
            var rule = Path.GetFileNameWithoutExtension(Scalar((YamlMappingNode)m.Children[new YamlScalarNode("references")], "implementation")!);
            var pattern = "^" + Regex.Replace(Regex.Escape(message), @"\\\$\\\{(\w+)}|\$\\\{(\w+)}|\$\{(\w+)}", "(?<$1$2$3>.*?)") + "( Did you mean .*)?$";
            list.Add((new Regex(pattern), ((YamlScalarNode)k).Value!, rule));
        }
        return list;
    });

    /// <summary>
    /// graphql-cats predates interfaces implementing interfaces (INTERFACE.interfaces is [] since the 2021 spec, it expects null) and
    /// lists possibleTypes alphabetically where graphql-js 16 uses schema order: both sides are normalised for those two fields only.
    /// </summary>
    private static JsonNode? Graphql16Introspection(JsonNode? node)
    {
        if (node is JsonObject o)
        {
            if (o["kind"]?.GetValue<string>() == "INTERFACE" && o["interfaces"] is JsonArray { Count: 0 }) o["interfaces"] = null;
            if (o["possibleTypes"] is JsonArray pt)
                o["possibleTypes"] = new JsonArray(pt.OrderBy(x => x?["name"]?.GetValue<string>(), StringComparer.Ordinal).Select(x => x?.DeepClone()).ToArray());
            foreach (var key in o.Select(kv => kv.Key).ToList()) Graphql16Introspection(o[key]);
        }
        else if (node is JsonArray a) foreach (var x in a) Graphql16Introspection(x);
        return node;
    }

    private static List<SourceLocation>? Locations(YamlMappingNode a)
    {
        if (!a.Children.TryGetValue(new YamlScalarNode("loc"), out var l)) return null;
        static SourceLocation One(YamlNode n) => n switch
        {
            YamlMappingNode m => new SourceLocation(int.Parse(Scalar(m, "line")!), int.Parse(Scalar(m, "column")!)),
            YamlSequenceNode s => new SourceLocation(int.Parse(((YamlScalarNode)s.Children[0]).Value!), int.Parse(((YamlScalarNode)s.Children[1]).Value!)),
            _ => throw new InvalidOperationException("bad loc"),
        };
        return l is YamlSequenceNode seq && seq.Children.Count > 0 && seq.Children[0] is not YamlScalarNode ? seq.Children.Select(One).ToList() : [One(l)];
    }

    private static (string Code, string Rule, Dictionary<string, string> Args)? Classify(string message)
    {
        foreach (var (pattern, code, rule) in ModernPatterns.Concat(Mapping.Value))
        {
            var m = pattern.Match(message);
            if (!m.Success) continue;
            var args = pattern.GetGroupNames().Where(g => !int.TryParse(g, out _)).ToDictionary(g => g, g => m.Groups[g].Value.Trim('"').TrimStart('@'));
            return (code, rule, args);
        }
        return null;
    }
}
