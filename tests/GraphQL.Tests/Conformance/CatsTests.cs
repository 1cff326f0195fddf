using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.GraphQL.Language;
using CircuitBreaker.GraphQL.Types;
using CircuitBreaker.GraphQL.Validation;
using YamlDotNet.RepresentationModel;

namespace CircuitBreaker.GraphQL.Tests.Conformance;

/// <summary>Runs every graphql-cats scenario (../shared/testdata/graphql-cats) following its README.</summary>
public class CatsTests
{
    // graphql-cats was written against an older graphql-js; these are the graphql-js 16 texts of the same errors (listed in docs/GRAPHQL.md).
    private static readonly Dictionary<string, string> ModernExceptionTexts = new()
    {
        ["Unknown operation name 'UnknownExample'"] = "Unknown operation named \"UnknownExample\".",
        ["The 'Query' definition is not executable."] = "The \"Query\" definition is not executable.",
        ["Must provide operation"] = "Must provide an operation.",
    };

    // graphql-js 16 reports these at a different node than the older graphql-js graphql-cats was written for (see docs/GRAPHQL.md).
    private static readonly HashSet<string> LocationsDifferInGraphqlJs16 = ["noSubselectionAllowed"];

    // Messages whose wording changed in graphql-js 16: modern pattern → cats code and rule.
    private static readonly (Regex Pattern, string Code, string Rule)[] ModernPatterns =
    [
        (new Regex("^Unknown argument \"(?<argumentName>.*?)\" on field \"(?<typeName>[^.]*)\\.(?<fieldName>.*?)\"\\."), "unknownArgument", "KnownArgumentNames"),
        (new Regex("^Unknown argument \"(?<argumentName>.*?)\" on directive \"@(?<directiveName>.*?)\"\\."), "unknownDirectiveArgument", "KnownArgumentNames"),
    ];

    public static IEnumerable<object[]> Cases()
    {
        foreach (var file in Directory.GetFiles(RepoPaths.CatsScenarios, "*.yaml", SearchOption.AllDirectories).Order())
        {
            if (file.EndsWith("error-mapping.yaml", StringComparison.Ordinal)) continue;
            var root = Load(file);
            var tests = (YamlSequenceNode)root.Children[new YamlScalarNode("tests")];
            for (var i = 0; i < tests.Children.Count; i++)
                yield return [Path.GetRelativePath(RepoPaths.CatsScenarios, file), i, ((YamlScalarNode)((YamlMappingNode)tests.Children[i]).Children[new YamlScalarNode("name")]).Value!];
        }
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

    private static readonly Lazy<List<(Regex Pattern, string Code, string Rule)>> Mapping = new(() =>
    {
        var root = Load(Path.Combine(RepoPaths.CatsScenarios, "error-mapping.yaml"));
        var list = new List<(Regex, string, string)>();
        foreach (var (k, v) in root.Children)
        {
            var m = (YamlMappingNode)v;
            var message = ((YamlScalarNode)m.Children[new YamlScalarNode("message")]).Value!;
            var impl = ((YamlScalarNode)((YamlMappingNode)m.Children[new YamlScalarNode("references")]).Children[new YamlScalarNode("implementation")]).Value!;
            var rule = Path.GetFileNameWithoutExtension(impl);
            var pattern = "^" + Regex.Replace(Regex.Escape(message), @"\\\$\\\{(\w+)}|\$\\\{(\w+)}|\$\{(\w+)}", "(?<$1$2$3>.*?)") + "( Did you mean .*)?$";
            list.Add((new Regex(pattern), ((YamlScalarNode)k).Value!, rule));
        }
        return list;
    });

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Scenario(string file, int index, string name)
    {
        _ = name;
        var path = Path.Combine(RepoPaths.CatsScenarios, file);
        var root = Load(path);
        var background = root.Children.TryGetValue(new YamlScalarNode("background"), out var bg) ? (YamlMappingNode)bg : new YamlMappingNode();
        var test = (YamlMappingNode)((YamlSequenceNode)root.Children[new YamlScalarNode("tests")]).Children[index];
        var given = (YamlMappingNode)test.Children[new YamlScalarNode("given")];
        var when = (YamlMappingNode)test.Children[new YamlScalarNode("when")];
        var thenNode = test.Children[new YamlScalarNode("then")];
        var assertions = thenNode is YamlSequenceNode seq ? seq.Children.Cast<YamlMappingNode>().ToList() : [(YamlMappingNode)thenNode];

        string? Get(string key) =>
            given.Children.TryGetValue(new YamlScalarNode(key), out var v) ? ((YamlScalarNode)v).Value
            : background.Children.TryGetValue(new YamlScalarNode(key), out var b) ? ((YamlScalarNode)b).Value : null;
        YamlNode? GetNode(string key) =>
            given.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : background.Children.TryGetValue(new YamlScalarNode(key), out var b) ? b : null;

        var query = Get("query")!;
        var schemaSdl = Get("schema") ?? (Get("schema-file") is { } sf ? File.ReadAllText(Path.Combine(Path.GetDirectoryName(path)!, sf)) : null);
        var testData = GetNode("test-data") is { } td ? (Dictionary<string, object?>)YamlPlain.ToPlain(td)! : new Dictionary<string, object?>();
        ResolveRefs(testData);

        if (when.Children.ContainsKey(new YamlScalarNode("parse")))
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

        var schema = BuildSchema(schemaSdl!, testData);
        if (when.Children.TryGetValue(new YamlScalarNode("validate"), out var rulesNode))
        {
            var rules = ((YamlSequenceNode)rulesNode).Children.Select(r => ((YamlScalarNode)r).Value!).ToHashSet();
            var all = Validator.Validate(schema, Parser.Parse(query), ValidationOptions.Unlimited);
            var errors = all.Select(e => (Error: e, Match: Classify(e.Message))).Where(x => x.Match is { } m && rules.Contains(m.Rule)).ToList();
            foreach (var a in assertions)
            {
                if (a.Children.ContainsKey(new YamlScalarNode("passes"))) Assert.Empty(errors);
                if (a.Children.TryGetValue(new YamlScalarNode("error-count"), out var c)) Assert.Equal(int.Parse(((YamlScalarNode)c).Value!), errors.Count);
                if (a.Children.TryGetValue(new YamlScalarNode("error-code"), out var codeNode))
                {
                    var code = ((YamlScalarNode)codeNode).Value!;
                    var args = a.Children.TryGetValue(new YamlScalarNode("args"), out var an) ? (Dictionary<string, object?>)YamlPlain.ToPlain(an)! : new();
                    var locs = Locations(a);
                    Assert.Contains(errors, x => x.Match!.Value.Code == code
                        && args.All(kv => x.Match.Value.Args.GetValueOrDefault(kv.Key) == kv.Value?.ToString())
                        && (locs is null || LocationsDifferInGraphqlJs16.Contains(code) || locs.SequenceEqual(x.Error.Locations)));
                }
            }
            return;
        }

        var exec = when.Children[new YamlScalarNode("execute")];
        var options = exec as YamlMappingNode ?? new YamlMappingNode();
        string? Opt(string key) => options.Children.TryGetValue(new YamlScalarNode(key), out var v) ? ((YamlScalarNode)v).Value : null;
        var validate = Opt("validate-query") != "false";
        var variables = options.Children.TryGetValue(new YamlScalarNode("variables"), out var vn) ? (Dictionary<string, object?>)YamlPlain.ToPlain(vn)! : null;
        var rootValue = Opt("test-value") is { } tv ? testData[tv] : null;

        ExecutionResult result;
        var doc = Parser.Parse(query);
        var validation = validate ? Validator.Validate(schema, doc, ValidationOptions.Unlimited) : [];
        result = validation.Count > 0
            ? new ExecutionResult { Errors = validation }
            : await Executor.ExecuteAsync(schema, new ExecutionRequest
            {
                Document = doc,
                OperationName = Opt("operation-name"),
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
            if (a.Children.TryGetValue(new YamlScalarNode("error-count"), out var c)) Assert.Equal(int.Parse(((YamlScalarNode)c).Value!), result.Errors.Count);
            if (a.Children.TryGetValue(new YamlScalarNode("error"), out var en))
            {
                var text = ((YamlScalarNode)en).Value!;
                var locs = Locations(a);
                Assert.Contains(result.Errors, e => e.Message.Contains(text, StringComparison.Ordinal) && (locs is null || locs.SequenceEqual(e.Locations)));
            }
            if (a.Children.TryGetValue(new YamlScalarNode("exception"), out var exn))
            {
                var text = ((YamlScalarNode)exn).Value!;
                text = ModernExceptionTexts.GetValueOrDefault(text, text);
                Assert.Null(result.Data);
                Assert.Contains(result.Errors, e => e.Message.Contains(text, StringComparison.Ordinal));
            }
        }
    }

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
            YamlMappingNode m => new SourceLocation(int.Parse(((YamlScalarNode)m.Children[new YamlScalarNode("line")]).Value!), int.Parse(((YamlScalarNode)m.Children[new YamlScalarNode("column")]).Value!)),
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

    private static void ResolveRefs(Dictionary<string, object?> data)
    {
        // References may form cycles (data.promise → data), so each container is rewritten once.
        var done = new HashSet<object>(ReferenceEqualityComparer.Instance);
        object? Fix(object? v)
        {
            if (v is Dictionary<string, object?> r && r.Count == 1 && r.TryGetValue("$ref", out var name)) return data[(string)name!];
            if (v is null || !done.Add(v)) return v;
            if (v is Dictionary<string, object?> d) foreach (var k in d.Keys.ToList()) d[k] = Fix(d[k]);
            else if (v is List<object?> l) for (var i = 0; i < l.Count; i++) l[i] = Fix(l[i]);
            return v;
        }
        foreach (var k in data.Keys.ToList()) data[k] = Fix(data[k]);
    }

    /// <summary>Builds an executable schema whose resolvers follow the graphql-cats schema directives.</summary>
    private static Schema BuildSchema(string sdl, Dictionary<string, object?> testData)
    {
        var builder = SchemaBuilder.FromSdl(sdl);
        // The README's test data names the concrete type of abstract values in a "type" entry.
        foreach (var def in Parser.Parse(sdl).Definitions)
            if (def is InterfaceTypeDefinition or UnionTypeDefinition)
                builder.ResolveType(((TypeDefinition)def).Name, o => Executor.DefaultResolve(o, "type") as string);
        foreach (var def in Parser.Parse(sdl).Definitions.OfType<ObjectTypeDefinition>())
        {
            foreach (var field in def.Fields)
            {
                foreach (var d in field.Directives)
                {
                    string Arg(string n) => ((StringValue)d.Arguments.First(a => a.Name == n).Value).Text;
                    List<string> ListArg(string n) => ((ListValue)d.Arguments.First(a => a.Name == n).Value).Values.Select(v => ((StringValue)v).Text).ToList();
                    Func<ResolveContext, ValueTask<object?>>? resolver = d.Name switch
                    {
                        "resolveString" => c => ValueTask.FromResult<object?>(Substitute(Arg("value"), c)),
                        "resolvePromiseString" => async c => { await Task.Yield(); return Substitute(Arg("value"), c); }
                        ,
                        "argumentsJson" => c => ValueTask.FromResult<object?>(JsonSerializer.Serialize(c.Arguments)),
                        "resolveEmptyObject" => _ => ValueTask.FromResult<object?>(new Dictionary<string, object?>()),
                        "resolveTestData" => _ => ValueTask.FromResult(testData[Arg("name")]),
                        "resolvePromiseTestData" => async _ => { await Task.Yield(); return testData[Arg("name")]; }
                        ,
                        "resolvePromise" => async c => { await Task.Yield(); return Executor.DefaultResolve(c.Source, c.FieldName); }
                        ,
                        "resolveError" => _ => throw new InvalidOperationException(Arg("message")),
                        "resolvePromiseReject" => async _ => { await Task.Yield(); throw new InvalidOperationException(Arg("message")); }
                        ,
                        "resolveErrorList" or "resolvePromiseRejectList" => async c =>
                        {
                            if (d.Name == "resolvePromiseRejectList") await Task.Yield();
                            foreach (var m in ListArg("messages")) c.ReportError(m);
                            return ListArg("values");
                        }
                        ,
                        _ => null,
                    };
                    if (resolver is not null) builder.Resolve(def.Name, field.Name, resolver);
                }
            }
        }
        return builder.Build();
    }

    private static string Substitute(string template, ResolveContext c) =>
        Regex.Replace(template, @"\$(\w+)", m => c.Arguments.TryGetValue(m.Groups[1].Value, out var v) ? Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "null" : m.Value);
}
