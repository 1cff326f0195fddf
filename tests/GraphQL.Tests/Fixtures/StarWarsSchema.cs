using CircuitBreaker.GraphQL.Types;

namespace CircuitBreaker.GraphQL.Tests.Fixtures;

/// <summary>The classic Star Wars schema, built from SDL with resolvers over in-memory data.</summary>
public static class StarWarsSchema
{
    public const string Sdl = """
        "One of the films in the Star Wars Trilogy"
        enum Episode {
          "Released in 1977."
          NEWHOPE
          "Released in 1980."
          EMPIRE
          "Released in 1983."
          JEDI
        }

        "A character in the Star Wars Trilogy"
        interface Character {
          "The id of the character."
          id: String!
          "The name of the character."
          name: String
          "The friends of the character, or an empty list if they have none."
          friends: [Character]
          "Which movies they appear in."
          appearsIn: [Episode]
          "All secrets about their past."
          secretBackstory: String
        }

        "A humanoid creature in the Star Wars universe."
        type Human implements Character {
          id: String!
          name: String
          friends: [Character]
          appearsIn: [Episode]
          "The home planet of the human, or null if unknown."
          homePlanet: String
          secretBackstory: String
        }

        "A mechanical creature in the Star Wars universe."
        type Droid implements Character {
          id: String!
          name: String
          friends: [Character]
          appearsIn: [Episode]
          secretBackstory: String
          "The primary function of the droid."
          primaryFunction: String
        }

        union SearchResult = Human | Droid

        input ReviewInput {
          stars: Int!
          commentary: String
        }

        type Review {
          episode: Episode
          stars: Int!
          commentary: String
        }

        type Query {
          hero(
            "If omitted, returns the hero of the whole saga. If provided, returns the hero of that particular episode."
            episode: Episode
          ): Character
          human("id of the human" id: String!): Human
          droid("id of the droid" id: String!): Droid
          search(text: String!): [SearchResult!]!
          old: String @deprecated(reason: "Use hero")
        }

        type Mutation {
          createReview(episode: Episode, review: ReviewInput!): Review
        }

        type Subscription {
          reviewAdded(episode: Episode): Review
        }
        """;

    public sealed record Character(string Id, string Name, string[] Friends, string[] AppearsIn, string? HomePlanet = null, string? PrimaryFunction = null)
    {
        public bool IsDroid => PrimaryFunction is not null;
    }

    public static readonly Dictionary<string, Character> Characters = new[]
    {
        new Character("1000", "Luke Skywalker", ["1002", "1003", "2000", "2001"], ["NEWHOPE", "EMPIRE", "JEDI"], HomePlanet: "Tatooine"),
        new Character("1001", "Darth Vader", ["1004"], ["NEWHOPE", "EMPIRE", "JEDI"], HomePlanet: "Tatooine"),
        new Character("1002", "Han Solo", ["1000", "1003", "2001"], ["NEWHOPE", "EMPIRE", "JEDI"]),
        new Character("1003", "Leia Organa", ["1000", "1002", "2000", "2001"], ["NEWHOPE", "EMPIRE", "JEDI"], HomePlanet: "Alderaan"),
        new Character("1004", "Wilhuff Tarkin", ["1001"], ["NEWHOPE"]),
        new Character("2000", "C-3PO", ["1000", "1002", "1003", "2001"], ["NEWHOPE", "EMPIRE", "JEDI"], PrimaryFunction: "Protocol"),
        new Character("2001", "R2-D2", ["1000", "1002", "1003"], ["NEWHOPE", "EMPIRE", "JEDI"], PrimaryFunction: "Astromech"),
    }.ToDictionary(c => c.Id);

    public static Schema Build(Func<IAsyncEnumerable<object?>>? reviews = null)
    {
        string? TypeOf(object o) => ((Character)o).IsDroid ? "Droid" : "Human";
        var b = SchemaBuilder.FromSdl(Sdl)
            .ResolveType("Character", TypeOf)
            .ResolveType("SearchResult", TypeOf)
            .Resolve("Query", "hero", c => c.Argument<string?>("episode") == "EMPIRE" ? Characters["1000"] : Characters["2001"])
            .Resolve("Query", "human", c => Characters.GetValueOrDefault(c.Argument<string>("id")) is { IsDroid: false } h ? h : null)
            .Resolve("Query", "droid", c => Characters.GetValueOrDefault(c.Argument<string>("id")) is { IsDroid: true } d ? d : null)
            .Resolve("Query", "search", c => Characters.Values.Where(x => x.Name.Contains(c.Argument<string>("text"), StringComparison.OrdinalIgnoreCase)).ToList())
            .Resolve("Mutation", "createReview", c => new Dictionary<string, object?>
            {
                ["episode"] = c.Argument<string?>("episode"),
                ["stars"] = c.Argument<Dictionary<string, object?>>("review")["stars"],
                ["commentary"] = c.Argument<Dictionary<string, object?>>("review").GetValueOrDefault("commentary"),
            })
            .Resolve("Human", "secretBackstory", _ => throw new InvalidOperationException("secretBackstory is secret."))
            .Resolve("Droid", "secretBackstory", _ => throw new InvalidOperationException("secretBackstory is secret."));
        foreach (var t in new[] { "Human", "Droid" })
            b.Resolve(t, "friends", c => ((Character)c.Source!).Friends.Select(id => Characters[id]).ToList());
        b.Subscribe("Subscription", "reviewAdded", _ => reviews?.Invoke() ?? Empty());
        return b.Build();
    }

    private static async IAsyncEnumerable<object?> Empty()
    {
        await Task.CompletedTask;
        yield break;
    }
}
