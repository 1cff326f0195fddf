namespace CircuitBreaker.GraphQL.Tests.Conformance;

/// <summary>One differential case: a document, optional variables JSON and operation name.</summary>
public sealed record CorpusCase(string Query, string? VariablesJson = null, string? OperationName = null);

/// <summary>Hand-written plus generated documents (valid and invalid) over the Star Wars schema.</summary>
public static class DifferentialCorpus
{
    private static readonly string[] HandWritten =
    [
        "{ hero { name } }",
        "{ hero { id name friends { name } } }",
        "query HeroNameQuery { hero { name } }",
        "{ hero { name friends { name appearsIn friends { name } } } }",
        "{ human(id: \"1000\") { name homePlanet } }",
        "{ luke: human(id: \"1000\") { name } leia: human(id: \"1003\") { name } }",
        "{ hero { __typename name ... on Droid { primaryFunction } ... on Human { homePlanet } } }",
        "query { hero { ...C } } fragment C on Character { name appearsIn }",
        "{ search(text: \"a\") { __typename ... on Human { name } ... on Droid { name primaryFunction } } }",
        "{ hero { name secretBackstory } }",
        "{ hero { name friends { name secretBackstory } } }",
        "{ human(id: \"nope\") { name } }",
        "{ droid(id: \"1000\") { name } }",
        "{ old }",
        "mutation { createReview(episode: JEDI, review: { stars: 5, commentary: \"ok\" }) { episode stars commentary } }",
        "mutation M($r: ReviewInput!) { createReview(review: $r) { stars commentary } }",
        "{ hero { name } } { hero { id } }",
        "query A { hero { name } } query A { hero { id } }",
        "query A { hero { name } } { hero { id } }",
        "subscription S { reviewAdded { stars } old: reviewAdded { stars } }",
        "subscription { __typename }",
        "{ hero { nam } }",
        "{ hero { name(x: 1) } }",
        "{ hero { name @skip } }",
        "{ hero { name @skip(if: true) @skip(if: false) } }",
        "{ hero { name @unknown } }",
        "query @skip(if: true) { hero { name } }",
        "{ hero }",
        "{ hero { name { first } } }",
        "{ human { name } }",
        "{ human(id: 1) { name } }",
        "{ human(id: \"1\", id: \"2\") { name } }",
        "{ hero(episode: EMPIRES) { name } }",
        "{ hero(episode: \"EMPIRE\") { name } }",
        "{ hero { ...Missing } }",
        "{ hero { name } } fragment Unused on Character { name }",
        "{ hero { ...A } } fragment A on Character { ...B } fragment B on Character { ...A }",
        "{ hero { ...A } } fragment A on Character { name ...A }",
        "{ hero { ... on Review { stars } } }",
        "{ hero { ...R } } fragment R on Review { stars }",
        "{ hero { ... on String { x } } }",
        "{ hero { ...S } } fragment S on Episode { x }",
        "{ hero { ... on Unknown { x } } }",
        "fragment F on Human { name } fragment F on Human { id } { human(id: \"1\") { ...F } }",
        "query($a: Int, $a: Int) { hero { name } }",
        "query($a: Character) { hero { name } }",
        "query($a: Unknown) { hero { name } }",
        "{ hero(episode: $ep) { name } }",
        "query Q { hero(episode: $ep) { name } }",
        "query($ep: Episode) { hero { name } }",
        "query Named($ep: Episode) { hero { name } }",
        "query($id: String) { human(id: $id) { name } }",
        "query($id: String = \"1000\") { human(id: $id) { name } }",
        "query($ep: Episode!) { hero(episode: $ep) { name } }",
        "query($stars: Int) { }",
        "{ hero { name: id name } }",
        "{ hero { a: name a: id } }",
        "{ human(id: \"1000\") { a: name } human(id: \"1000\") { a: name } }",
        "{ a: human(id: \"1000\") { name } a: human(id: \"1001\") { name } }",
        "{ hero { ... on Human { x: homePlanet } ... on Droid { x: primaryFunction } } }",
        "{ hero { ... on Human { x: homePlanet } ... on Droid { x: appearsIn } } }",
        "{ hero { ... on Human { f: friends { name } } ... on Droid { f: friends { n: name n: id } } } }",
        "mutation { createReview(review: {}) { stars } }",
        "mutation { createReview(review: { stars: 5, stars: 4 }) { stars } }",
        "mutation { createReview(review: { stars: 5, extra: 1 }) { stars } }",
        "mutation { createReview(review: { stars: \"5\" }) { stars } }",
        "mutation { createReview(review: { stars: 5.5 }) { stars } }",
        "mutation { createReview(review: { stars: 99999999999 }) { stars } }",
        "mutation { createReview(review: { stars: null }) { stars } }",
        "mutation { createReview(review: null) { stars } }",
        "mutation { createReview(review: [{ stars: 1 }]) { stars } }",
        "mutation { createReview(review: 5) { stars } }",
        "mutation { createReview(episode: [JEDI], review: { stars: 1 }) { stars } }",
        "{ search(text: \"o\") { name } }",
        "{ search(text: \"o\") { ... on Character { name } } }",
        "{ search(text: [\"o\"]) { __typename } }",
        "{ __typename hero { __typename } }",
        "{ __schema { queryType { name } } }",
        "{ __type(name: \"Droid\") { name kind fields { name } interfaces { name } } }",
        "{ __type(name: \"Episode\") { enumValues(includeDeprecated: true) { name description } } }",
        "{ __type(name: \"Query\") { fields(includeDeprecated: true) { name isDeprecated deprecationReason args { name type { name kind ofType { name } } } } } }",
        "{ __type { name } }",
        "query Q($ep: Episode) { hero(episode: $ep) { name } } query R { hero { id } }",
        "{ hero { friends { ... on Droid { primaryFunction } ... on Human { homePlanet } } } }",
        "{ hero { ...on Character { ...on Character { name } } } }",
        "{ hero { name @include(if: $cond) } }",
        "query($cond: Boolean!) { hero { name @include(if: $cond) } }",
        "query($cond: Boolean) { hero { name @include(if: $cond) } }",
        "query($cond: Boolean = true) { hero { name @include(if: $cond) } }",
        "query($ids: [String]) { human(id: $ids) { name } }",
        "query($r: ReviewInput) { hero { name } }",
        "query($r: [ReviewInput!]!) { hero { name } }",
        "query($r: ReviewInput = { stars: \"x\" }) { hero { name } }",
        "query($e: Episode = JEDIS) { hero(episode: $e) { name } }",
        "{ hero { ... @include(if: true) { name } } }",
        "{ hero { ... @deprecated { name } } }",
        "{ hero { ...F @skip(if: true) id } } fragment F on Character { name }",
        "{ search(text: \"r\") { __typename } }",
        "query($t: String = null) { search(text: $t) { __typename } }",
        "query($t: String! = \"x\") { search(text: $t) { __typename } }",
        "query Q { ...QF } fragment QF on Query { hero { name } }",
        "{ hero { friends { friends { friends { name } } } } }",
        "{ hero { appearsIn @include(if: false) appearsIn } }",
        "{ hero(episode: null) { name } }",
        "{ human(id: null) { name } }",
        "mutation { createReview(review: { stars: 1, commentary: \"\"\"block\n  text\"\"\" }) { commentary } }",
        "query { hero { name } } mutation { createReview(review: {stars: 1}) { stars } }",
        "{ hero { ... on Character { ... on Human { homePlanet } } } }",
        "{ search(text: \"o\") { ... on Character { ... on Droid { primaryFunction } } } }",
        "{ hero { friends { ... on Human { x: name } ... on Droid { x: name } } } }",
        "{ hero { name } hero { id } }",
        "{ hero { name } hero(episode: EMPIRE) { name } }",
        "{ __type(name: \"ReviewInput\") { inputFields { name defaultValue type { kind name } } } }",
    ];

    private static readonly (string Query, string[] Variables)[] WithVariables =
    [
        ("query($ep: Episode) { hero(episode: $ep) { name } }", ["{\"ep\":\"JEDI\"}", "{\"ep\":\"EMPIRE\"}", "{\"ep\":\"jedi\"}", "{\"ep\":1}", "{}", "{\"ep\":null}", "{\"ep\":[\"JEDI\"]}", "{\"ep\":{\"a\":1}}"]),
        ("query($id: String!) { human(id: $id) { name } }", ["{}", "{\"id\":null}", "{\"id\":1000}", "{\"id\":\"1000\"}", "{\"id\":[\"1000\"]}", "{\"id\":true}", "{\"id\":\"1003\"}"]),
        ("mutation($r: ReviewInput!) { createReview(review: $r) { stars commentary } }",
            ["{\"r\":{\"stars\":5}}", "{\"r\":{\"stars\":\"5\"}}", "{\"r\":{\"commentary\":\"x\"}}", "{\"r\":{\"stars\":5,\"extra\":1}}", "{\"r\":{\"stars\":5.5}}",
             "{\"r\":{\"stars\":5.0,\"commentary\":null}}", "{\"r\":5}", "{\"r\":[{\"stars\":1}]}", "{\"r\":{\"stars\":3000000000}}", "{\"r\":{\"stars\":null}}", "{\"r\":{\"stars\":1,\"commentary\":7}}", "{\"r\":{\"stars\":1,\"comentary\":\"x\"}}"]),
        ("query($cond: Boolean!) { hero { name @include(if: $cond) id @skip(if: $cond) } }", ["{\"cond\":true}", "{\"cond\":false}", "{\"cond\":\"true\"}", "{\"cond\":0}", "{}"]),
        ("query($t: String!) { search(text: $t) { __typename ... on Droid { name } } }", ["{\"t\":\"r\"}", "{\"t\":\"\"}", "{\"t\":5}"]),
    ];

    private static readonly string[] RootFields = ["hero", "hero(episode: EMPIRE)", "human(id: \"1002\")", "droid(id: \"2000\")", "search(text: \"o\")"];

    private static readonly string[] Selections =
    [
        "{ name }", "{ id name }", "{ __typename }", "{ name friends { name } }", "{ appearsIn }", "{ ... on Droid { primaryFunction } }",
        "{ ... on Human { homePlanet friends { id } } }", "{ nope }", "{ name { x } }", "", "{ friends }", "{ secretBackstory name }",
        "{ ...F }", "{ a: name b: name }", "{ name @skip(if: false) id @include(if: true) }",
    ];

    public static IReadOnlyList<CorpusCase> All()
    {
        var list = HandWritten.Select(q => new CorpusCase(q)).ToList();
        foreach (var (q, vars) in WithVariables) list.AddRange(vars.Select(v => new CorpusCase(q, v)));
        foreach (var root in RootFields)
            foreach (var sel in Selections)
            {
                var q = $"{{ {root} {sel} }}";
                if (sel == "{ ...F }") q += " fragment F on Character { name appearsIn }";
                list.Add(new CorpusCase(q));
            }
        // Operation selection.
        list.Add(new CorpusCase("query A { hero { name } } query B { hero { id } }", null, "B"));
        list.Add(new CorpusCase("query A { hero { name } } query B { hero { id } }", null, "C"));
        list.Add(new CorpusCase("query A { hero { name } } query B { hero { id } }"));
        // Mutated names: every field of a valid query with one character dropped (typos → suggestions).
        const string baseQuery = "{ hero { name appearsIn friends { name } } human(id: \"1000\") { homePlanet } }";
        foreach (var name in new[] { "hero", "name", "appearsIn", "friends", "human", "homePlanet" })
            for (var i = 0; i < name.Length; i += 2)
                list.Add(new CorpusCase(baseQuery.Replace(" " + name + " ", " " + name.Remove(i, 1) + " ").Replace(" " + name + "(", " " + name.Remove(i, 1) + "(")));
        return list;
    }
}
