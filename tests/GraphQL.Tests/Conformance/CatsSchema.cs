using System.Text.Json;
using System.Text.RegularExpressions;
using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.GraphQL.Language;
using CircuitBreaker.GraphQL.Types;

namespace CircuitBreaker.GraphQL.Tests.Conformance;

/// <summary>The executable side of graphql-cats: test data references and a schema whose resolvers follow the README's directives.</summary>
public static class CatsSchema
{
    public static void ResolveRefs(Dictionary<string, object?> data)
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
    public static Schema BuildSchema(string sdl, Dictionary<string, object?> testData)
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
