using CircuitBreaker.GraphQL.Execution;
using CircuitBreaker.GraphQL.Tests.Conformance;
using CircuitBreaker.GraphQL.Tests.Fixtures;

namespace CircuitBreaker.GraphQL.Tests;

public class FuzzTests
{
    private const string Alphabet = "{}()[]:$@!=.|&\"\\ \n#,abcxyz019-_on...\"\"\"";

    [Fact]
    public async Task Mutated_documents_never_crash_or_hang_and_every_error_is_located()
    {
        var random = new Random(20261122);
        var engine = new GraphQLEngine(StarWarsSchema.Build());
        var seeds = DifferentialCorpus.All().Select(c => c.Query).ToList();
        for (var n = 0; n < 3000; n++)
        {
            var doc = Mutate(seeds[random.Next(seeds.Count)], random);
            ExecutionResult result;
            try
            {
                // Parsing and validation run synchronously inside ExecuteAsync: on the caller's thread a hang there would never
                // reach WaitAsync. On a worker, WaitAsync bounds the whole document (a hung worker is abandoned, the test fails).
                result = await Task.Run(() => engine.ExecuteAsync(new GraphQLRequest { Query = doc })).WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                Assert.Fail($"document #{n} did not finish within 10 s:\n{doc}");
                return;
            }
            catch (Exception ex)
            {
                Assert.Fail($"document #{n} threw {ex.GetType().Name}: {ex.Message}\n{doc}");
                return;
            }
            foreach (var e in result.Errors)
                Assert.True(e.Locations.Count > 0 || e.Code == ErrorCodes.OperationResolution, $"unlocated error \"{e.Message}\" for document #{n}:\n{doc}");
            Assert.True(result.Errors.Count > 0 || result.Data is not null, $"document #{n} produced neither data nor errors");
        }
    }

    private static string Mutate(string s, Random r)
    {
        var edits = r.Next(1, 4);
        for (var i = 0; i < edits; i++)
        {
            var at = s.Length == 0 ? 0 : r.Next(s.Length);
            switch (r.Next(4))
            {
                case 0 when s.Length > 0: s = s.Remove(at, Math.Min(r.Next(1, 6), s.Length - at)); break;
                case 1: s = s.Insert(at, Alphabet[r.Next(Alphabet.Length)].ToString()); break;
                case 2 when s.Length > 0:
                    var from = r.Next(s.Length);
                    s = s.Insert(at, s.Substring(from, 1 + r.Next(Math.Min(8, s.Length - from))));
                    break;
                default: s = s.Insert(at, new string(Alphabet[r.Next(Alphabet.Length)], r.Next(1, 3))); break;
            }
        }
        return s;
    }
}
