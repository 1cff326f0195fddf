namespace CircuitBreaker.GraphQL.Tests.Conformance;

/// <summary>The graphql-cats runner itself: README features no shipped scenario uses yet, and strictness about unknown keys.</summary>
public sealed class CatsRunnerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cats-runner-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Writes a one-scenario file: a background with a small schema (plus <paramref name="backgroundExtra"/>) and the given tests.</summary>
    private string Scenario(string tests, string backgroundExtra = "")
    {
        var path = Path.Combine(_dir, "scenario.yaml");
        File.WriteAllText(path, $$"""
            scenario: runner self-test
            background:
              schema: |
                type Query { pet: Pet @resolveTestData(name: "rex") broken: String @resolveError(message: "boom 42") }
                type Pet { name: String }
            {{backgroundExtra}}
            tests:
            {{tests}}
            """);
        return path;
    }

    [Theory]
    [InlineData("data.json", """{"rex": {"name": "Rex"}}""")]
    [InlineData("data.yaml", "rex:\n  name: Rex\n")]
    public async Task Test_data_file_is_read_as_json_or_yaml_relative_to_the_scenario(string file, string content)
    {
        File.WriteAllText(Path.Combine(_dir, file), content);
        var path = Scenario("""
              - name: reads it
                given:
                  query: "{ pet { name } }"
                when:
                  execute: true
                then:
                  data: {pet: {name: Rex}}
            """, backgroundExtra: "  test-data-file: " + file);
        await CatsTests.Run(path, 0);
    }

    [Fact]
    public async Task Error_regex_matches_messages_and_checks_locations()
    {
        var path = Scenario("""
              - name: matches
                given:
                  query: "{ broken }"
                when:
                  execute: true
                then:
                  - error-regex: "^boom \\d+$"
                    loc: {line: 1, column: 3}
              - name: does not match
                given:
                  query: "{ broken }"
                when:
                  execute: true
                then:
                  error-regex: "^bang"
            """);
        await CatsTests.Run(path, 0);
        await Assert.ThrowsAnyAsync<Exception>(() => CatsTests.Run(path, 1));
    }

    [Theory]
    [InlineData("error-mesage: boom")]
    [InlineData("syntax-error: true")]
    [InlineData("args: {x: 1}")]
    public async Task Unknown_or_misplaced_assertion_keys_fail_instead_of_being_ignored(string assertion)
    {
        var path = Scenario($$"""
              - name: typo
                given:
                  query: "{ broken }"
                when:
                  execute: true
                then:
                  {{assertion}}
            """);
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => CatsTests.Run(path, 0));
        Assert.Matches("keys the runner does not implement|without error-code", ex.Message);
    }
}
