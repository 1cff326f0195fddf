namespace CircuitBreaker.GraphQL.Language;

/// <summary>Recursive-descent parser for executable documents and SDL (GraphQL spec, October 2021).</summary>
public sealed class Parser
{
    private readonly Lexer _lexer;
    private Token _token;
    private Token _prev;
    private int _tokenCount;
    private readonly int _maxTokens;
    private int _depth;

    /// <summary>Deepest nesting of selection sets, lists, objects and type wrappers accepted; deeper input is a syntax error, not a stack overflow.</summary>
    public const int MaxNesting = 256;

    private void Enter()
    {
        if (++_depth > MaxNesting)
            throw new GraphQLSyntaxException($"Document nesting exceeds {MaxNesting} levels.", Loc(_token));
    }

    private Parser(string source, int maxTokens)
    {
        _lexer = new Lexer(source);
        _maxTokens = maxTokens;
        _token = new Token(TokenKind.StartOfFile, 0, 0, 1, 1, null);
        Advance();
    }

    /// <summary>Parses a whole document.</summary>
    /// <param name="source">GraphQL source text.</param>
    /// <param name="maxTokens">Abort with a syntax error after this many tokens (0 = unlimited).</param>
    /// <exception cref="GraphQLSyntaxException">On any lexical or syntax error.</exception>
    public static Document Parse(string source, int maxTokens = 0)
    {
        var p = new Parser(source, maxTokens);
        return p.ParseDocument();
    }

    /// <summary>Parses a single value literal (e.g. a default value).</summary>
    public static Value ParseValue(string source)
    {
        var p = new Parser(source, 0);
        var v = p.ParseValueLiteral(false);
        p.Expect(TokenKind.EndOfFile);
        return v;
    }

    /// <summary>Parses a type reference such as <c>[Int!]!</c>.</summary>
    public static TypeReference ParseType(string source)
    {
        var p = new Parser(source, 0);
        var t = p.ParseTypeReference();
        p.Expect(TokenKind.EndOfFile);
        return t;
    }

    private void Advance()
    {
        _prev = _token;
        _token = _lexer.Next();
        if (_token.Kind != TokenKind.EndOfFile)
        {
            _tokenCount++;
            if (_maxTokens > 0 && _tokenCount > _maxTokens)
                throw new GraphQLSyntaxException($"Document contains more than {_maxTokens} tokens. Parsing aborted.", Loc(_token));
        }
    }

    private static SourceLocation Loc(Token t) => new(t.Line, t.Column);

    private bool Peek(TokenKind kind) => _token.Kind == kind;
    private bool PeekKeyword(string word) => _token.Kind == TokenKind.Name && _token.Value == word;

    private Token Expect(TokenKind kind)
    {
        var t = _token;
        if (t.Kind != kind) throw new GraphQLSyntaxException($"Expected {KindText(kind)}, found {Describe(t)}.", Loc(t));
        Advance();
        return t;
    }

    private bool Skip(TokenKind kind)
    {
        if (_token.Kind != kind) return false;
        Advance();
        return true;
    }

    private void ExpectKeyword(string word)
    {
        if (!PeekKeyword(word)) throw new GraphQLSyntaxException($"Expected \"{word}\", found {Describe(_token)}.", Loc(_token));
        Advance();
    }

    private GraphQLSyntaxException Unexpected(Token? t = null)
    {
        var tok = t ?? _token;
        return new GraphQLSyntaxException($"Unexpected {Describe(tok)}.", Loc(tok));
    }

    private static string KindText(TokenKind k) => k switch
    {
        TokenKind.EndOfFile => "<EOF>", TokenKind.Bang => "\"!\"", TokenKind.Dollar => "\"$\"", TokenKind.Amp => "\"&\"",
        TokenKind.ParenL => "\"(\"", TokenKind.ParenR => "\")\"", TokenKind.Spread => "\"...\"", TokenKind.Colon => "\":\"",
        TokenKind.Equals => "\"=\"", TokenKind.At => "\"@\"", TokenKind.BracketL => "\"[\"", TokenKind.BracketR => "\"]\"",
        TokenKind.BraceL => "\"{\"", TokenKind.Pipe => "\"|\"", TokenKind.BraceR => "\"}\"", TokenKind.Name => "Name",
        TokenKind.Int => "Int", TokenKind.Float => "Float", TokenKind.String => "String", TokenKind.BlockString => "BlockString",
        _ => k.ToString(),
    };

    private static string Describe(Token t) => t.Value is null
        ? KindText(t.Kind)
        : $"{KindText(t.Kind)} \"{t.Value}\"";

    private string ParseName() => Expect(TokenKind.Name).Value!;

    private Document ParseDocument()
    {
        var start = _token;
        var defs = new List<Definition>();
        do defs.Add(ParseDefinition());
        while (!Peek(TokenKind.EndOfFile));
        return new Document { Definitions = defs, Location = Loc(start), TokenCount = _tokenCount };
    }

    private Definition ParseDefinition()
    {
        if (Peek(TokenKind.BraceL)) return ParseOperation();
        var hasDescription = Peek(TokenKind.String) || Peek(TokenKind.BlockString);
        if (hasDescription || Peek(TokenKind.Name))
        {
            var keyword = hasDescription ? PeekAfterDescription() : _token.Value;
            switch (keyword)
            {
                case "schema": case "scalar": case "type": case "interface": case "union": case "enum": case "input": case "directive":
                    return ParseTypeSystemDefinition();
            }
            if (hasDescription)
                throw new GraphQLSyntaxException("Unexpected description, descriptions are supported only on type definitions.", Loc(_token));
            switch (keyword)
            {
                case "query": case "mutation": case "subscription": return ParseOperation();
                case "fragment": return ParseFragmentDefinition();
                case "extend": return ParseExtension();
            }
        }
        throw Unexpected();
    }

    private string? PeekAfterDescription()
    {
        // Descriptions are a single string token; a cheap look-ahead via a second lexer keeps the parser LL(1) elsewhere.
        var look = new Lexer(_lexer.Source);
        Token t;
        do t = look.Next(); while (t.Start < _token.End && t.Kind != TokenKind.EndOfFile);
        return t.Kind == TokenKind.Name ? t.Value : null;
    }

    private OperationDefinition ParseOperation()
    {
        var start = _token;
        if (Peek(TokenKind.BraceL))
            return new OperationDefinition { Operation = OperationType.Query, SelectionSet = ParseSelectionSet(), Location = Loc(start) };
        var op = ParseOperationType();
        var nameLoc = Loc(_token);
        string? name = Peek(TokenKind.Name) ? ParseName() : null;
        return new OperationDefinition
        {
            Operation = op, Name = name, NameLocation = nameLoc, VariableDefinitions = ParseVariableDefinitions(),
            Directives = ParseDirectives(false), SelectionSet = ParseSelectionSet(), Location = Loc(start),
        };
    }

    private OperationType ParseOperationType()
    {
        var t = Expect(TokenKind.Name);
        return t.Value switch
        {
            "query" => OperationType.Query,
            "mutation" => OperationType.Mutation,
            "subscription" => OperationType.Subscription,
            _ => throw Unexpected(t),
        };
    }

    private IReadOnlyList<VariableDefinition> ParseVariableDefinitions()
    {
        if (!Skip(TokenKind.ParenL)) return [];
        var list = new List<VariableDefinition>();
        do
        {
            var start = _token;
            Expect(TokenKind.Dollar);
            var name = ParseName();
            Expect(TokenKind.Colon);
            var type = ParseTypeReference();
            Value? def = Skip(TokenKind.Equals) ? ParseValueLiteral(true) : null;
            list.Add(new VariableDefinition { Name = name, Type = type, DefaultValue = def, Directives = ParseDirectives(true), Location = Loc(start) });
        } while (!Skip(TokenKind.ParenR));
        return list;
    }

    private SelectionSet ParseSelectionSet()
    {
        Enter();
        var start = Expect(TokenKind.BraceL);
        var list = new List<Selection>();
        do list.Add(ParseSelection());
        while (!Skip(TokenKind.BraceR));
        _depth--;
        return new SelectionSet { Selections = list, Location = Loc(start) };
    }

    private Selection ParseSelection()
    {
        var start = _token;
        if (Skip(TokenKind.Spread))
        {
            if (Peek(TokenKind.Name) && _token.Value != "on")
                return new FragmentSpread { NameLocation = Loc(_token), Name = ParseName(), Directives = ParseDirectives(false), Location = Loc(start) };
            NamedTypeReference? cond = null;
            if (PeekKeyword("on")) { Advance(); cond = ParseNamedType(); }
            return new InlineFragment { TypeCondition = cond, Directives = ParseDirectives(false), SelectionSet = ParseSelectionSet(), Location = Loc(start) };
        }
        var nameOrAlias = ParseName();
        string? alias = null;
        var name = nameOrAlias;
        if (Skip(TokenKind.Colon)) { alias = nameOrAlias; name = ParseName(); }
        return new Field
        {
            Alias = alias, Name = name, Arguments = ParseArguments(false), Directives = ParseDirectives(false),
            SelectionSet = Peek(TokenKind.BraceL) ? ParseSelectionSet() : null, Location = Loc(start),
        };
    }

    private IReadOnlyList<Argument> ParseArguments(bool isConst)
    {
        if (!Skip(TokenKind.ParenL)) return [];
        var list = new List<Argument>();
        do
        {
            var start = _token;
            var name = ParseName();
            Expect(TokenKind.Colon);
            list.Add(new Argument { Name = name, Value = ParseValueLiteral(isConst), Location = Loc(start) });
        } while (!Skip(TokenKind.ParenR));
        return list;
    }

    private IReadOnlyList<Directive> ParseDirectives(bool isConst)
    {
        if (!Peek(TokenKind.At)) return [];
        var list = new List<Directive>();
        while (Peek(TokenKind.At))
        {
            var start = _token;
            Advance();
            list.Add(new Directive { Name = ParseName(), Arguments = ParseArguments(isConst), Location = Loc(start) });
        }
        return list;
    }

    private FragmentDefinition ParseFragmentDefinition()
    {
        var start = _token;
        ExpectKeyword("fragment");
        if (PeekKeyword("on")) throw Unexpected();
        var nameLoc = Loc(_token);
        var name = ParseName();
        ExpectKeyword("on");
        return new FragmentDefinition
        {
            Name = name, NameLocation = nameLoc, TypeCondition = ParseNamedType(), Directives = ParseDirectives(false),
            SelectionSet = ParseSelectionSet(), Location = Loc(start),
        };
    }

    private Value ParseValueLiteral(bool isConst)
    {
        Enter();
        try { return ParseValueLiteralCore(isConst); }
        finally { _depth--; }
    }

    private Value ParseValueLiteralCore(bool isConst)
    {
        var t = _token;
        var loc = Loc(t);
        switch (t.Kind)
        {
            case TokenKind.BracketL:
            {
                Advance();
                var items = new List<Value>();
                while (!Skip(TokenKind.BracketR)) items.Add(ParseValueLiteral(isConst));
                return new ListValue { Values = items, Location = loc };
            }
            case TokenKind.BraceL:
            {
                Advance();
                var fields = new List<ObjectField>();
                while (!Skip(TokenKind.BraceR))
                {
                    var fs = _token;
                    var name = ParseName();
                    Expect(TokenKind.Colon);
                    fields.Add(new ObjectField { Name = name, Value = ParseValueLiteral(isConst), Location = Loc(fs) });
                }
                return new ObjectValue { Fields = fields, Location = loc };
            }
            case TokenKind.Int: Advance(); return new IntValue { Text = t.Value!, Location = loc };
            case TokenKind.Float: Advance(); return new FloatValue { Text = t.Value!, Location = loc };
            case TokenKind.String: Advance(); return new StringValue { Text = t.Value!, Location = loc };
            case TokenKind.BlockString: Advance(); return new StringValue { Text = t.Value!, Block = true, Location = loc };
            case TokenKind.Name:
                Advance();
                return t.Value switch
                {
                    "true" => new BooleanValue { Value = true, Location = loc },
                    "false" => new BooleanValue { Value = false, Location = loc },
                    "null" => new NullValue { Location = loc },
                    _ => new EnumValue { Name = t.Value!, Location = loc },
                };
            case TokenKind.Dollar:
                if (isConst)
                {
                    Advance();
                    if (Peek(TokenKind.Name)) throw new GraphQLSyntaxException($"Unexpected variable \"${_token.Value}\" in constant value.", loc);
                    throw Unexpected(t);
                }
                Advance();
                return new VariableValue { Name = ParseName(), Location = loc };
            default:
                throw Unexpected();
        }
    }

    private TypeReference ParseTypeReference()
    {
        Enter();
        try { return ParseTypeReferenceCore(); }
        finally { _depth--; }
    }

    private TypeReference ParseTypeReferenceCore()
    {
        var start = _token;
        TypeReference type;
        if (Skip(TokenKind.BracketL))
        {
            var inner = ParseTypeReference();
            Expect(TokenKind.BracketR);
            type = new ListTypeReference { OfType = inner, Location = Loc(start) };
        }
        else type = ParseNamedType();
        if (Skip(TokenKind.Bang)) return new NonNullTypeReference { OfType = type, Location = Loc(start) };
        return type;
    }

    private NamedTypeReference ParseNamedType()
    {
        var start = _token;
        return new NamedTypeReference { Name = ParseName(), Location = Loc(start) };
    }

    // ---- SDL ----

    private string? ParseDescription()
    {
        if (Peek(TokenKind.String) || Peek(TokenKind.BlockString))
        {
            var v = _token.Value;
            Advance();
            return v;
        }
        return null;
    }

    private Definition ParseTypeSystemDefinition()
    {
        var start = _token;
        var description = ParseDescription();
        var keyword = _token.Value;
        var loc = Loc(start);
        switch (keyword)
        {
            case "schema":
                Advance();
                return new SchemaDefinition { Description = description, Directives = ParseDirectives(true), OperationTypes = ParseOperationTypes(true), Location = loc };
            case "scalar":
                Advance();
                return new ScalarTypeDefinition { Description = description, Name = ParseName(), Directives = ParseDirectives(true), Location = loc };
            case "type":
            {
                Advance();
                var name = ParseName();
                return new ObjectTypeDefinition { Description = description, Name = name, Interfaces = ParseImplements(), Directives = ParseDirectives(true), Fields = ParseFieldDefinitions(), Location = loc };
            }
            case "interface":
            {
                Advance();
                var name = ParseName();
                return new InterfaceTypeDefinition { Description = description, Name = name, Interfaces = ParseImplements(), Directives = ParseDirectives(true), Fields = ParseFieldDefinitions(), Location = loc };
            }
            case "union":
            {
                Advance();
                var name = ParseName();
                return new UnionTypeDefinition { Description = description, Name = name, Directives = ParseDirectives(true), Types = ParseUnionMembers(), Location = loc };
            }
            case "enum":
            {
                Advance();
                var name = ParseName();
                return new EnumTypeDefinition { Description = description, Name = name, Directives = ParseDirectives(true), Values = ParseEnumValues(), Location = loc };
            }
            case "input":
            {
                Advance();
                var name = ParseName();
                return new InputObjectTypeDefinition { Description = description, Name = name, Directives = ParseDirectives(true), Fields = ParseInputFields(), Location = loc };
            }
            case "directive":
            {
                Advance();
                Expect(TokenKind.At);
                var name = ParseName();
                var args = ParseArgumentDefinitions();
                var repeatable = false;
                if (PeekKeyword("repeatable")) { Advance(); repeatable = true; }
                ExpectKeyword("on");
                Skip(TokenKind.Pipe);
                var locations = new List<string>();
                do
                {
                    var t = _token;
                    var l = ParseName();
                    if (!DirectiveLocationNames.Contains(l)) throw Unexpected(t);
                    locations.Add(l);
                } while (Skip(TokenKind.Pipe));
                return new DirectiveDefinitionNode { Description = description, Name = name, Arguments = args, Repeatable = repeatable, Locations = locations, Location = loc };
            }
        }
        throw Unexpected();
    }

    /// <summary>Every valid directive location name.</summary>
    public static readonly HashSet<string> DirectiveLocationNames =
    [
        "QUERY", "MUTATION", "SUBSCRIPTION", "FIELD", "FRAGMENT_DEFINITION", "FRAGMENT_SPREAD", "INLINE_FRAGMENT", "VARIABLE_DEFINITION",
        "SCHEMA", "SCALAR", "OBJECT", "FIELD_DEFINITION", "ARGUMENT_DEFINITION", "INTERFACE", "UNION", "ENUM", "ENUM_VALUE",
        "INPUT_OBJECT", "INPUT_FIELD_DEFINITION",
    ];

    private Definition ParseExtension()
    {
        var start = _token;
        ExpectKeyword("extend");
        var loc = Loc(start);
        var keyword = _token.Value;
        Definition result;
        switch (keyword)
        {
            case "schema":
            {
                Advance();
                var dirs = ParseDirectives(true);
                var ops = Peek(TokenKind.BraceL) ? ParseOperationTypes(true) : [];
                if (dirs.Count == 0 && ops.Count == 0) throw Unexpected();
                return new SchemaDefinition { Directives = dirs, OperationTypes = ops, IsExtension = true, Location = loc };
            }
            case "scalar":
            {
                Advance();
                var name = ParseName();
                var dirs = ParseDirectives(true);
                if (dirs.Count == 0) throw Unexpected();
                return new ScalarTypeDefinition { Name = name, Directives = dirs, IsExtension = true, Location = loc };
            }
            case "type":
            case "interface":
            {
                Advance();
                var name = ParseName();
                var ifaces = ParseImplements();
                var dirs = ParseDirectives(true);
                var fields = ParseFieldDefinitions();
                if (ifaces.Count == 0 && dirs.Count == 0 && fields.Count == 0) throw Unexpected();
                result = keyword == "type"
                    ? new ObjectTypeDefinition { Name = name, Interfaces = ifaces, Directives = dirs, Fields = fields, IsExtension = true, Location = loc }
                    : new InterfaceTypeDefinition { Name = name, Interfaces = ifaces, Directives = dirs, Fields = fields, IsExtension = true, Location = loc };
                return result;
            }
            case "union":
            {
                Advance();
                var name = ParseName();
                var dirs = ParseDirectives(true);
                var types = ParseUnionMembers();
                if (dirs.Count == 0 && types.Count == 0) throw Unexpected();
                return new UnionTypeDefinition { Name = name, Directives = dirs, Types = types, IsExtension = true, Location = loc };
            }
            case "enum":
            {
                Advance();
                var name = ParseName();
                var dirs = ParseDirectives(true);
                var values = ParseEnumValues();
                if (dirs.Count == 0 && values.Count == 0) throw Unexpected();
                return new EnumTypeDefinition { Name = name, Directives = dirs, Values = values, IsExtension = true, Location = loc };
            }
            case "input":
            {
                Advance();
                var name = ParseName();
                var dirs = ParseDirectives(true);
                var fields = ParseInputFields();
                if (dirs.Count == 0 && fields.Count == 0) throw Unexpected();
                return new InputObjectTypeDefinition { Name = name, Directives = dirs, Fields = fields, IsExtension = true, Location = loc };
            }
        }
        throw Unexpected();
    }

    private IReadOnlyList<(OperationType, string)> ParseOperationTypes(bool required)
    {
        if (!required && !Peek(TokenKind.BraceL)) return [];
        Expect(TokenKind.BraceL);
        var list = new List<(OperationType, string)>();
        do
        {
            var op = ParseOperationType();
            Expect(TokenKind.Colon);
            list.Add((op, ParseNamedType().Name));
        } while (!Skip(TokenKind.BraceR));
        return list;
    }

    private IReadOnlyList<string> ParseImplements()
    {
        if (!PeekKeyword("implements")) return [];
        Advance();
        Skip(TokenKind.Amp);
        var list = new List<string>();
        do list.Add(ParseNamedType().Name);
        while (Skip(TokenKind.Amp));
        return list;
    }

    private IReadOnlyList<FieldDefinitionNode> ParseFieldDefinitions()
    {
        if (!Skip(TokenKind.BraceL)) return [];
        var list = new List<FieldDefinitionNode>();
        do
        {
            var start = _token;
            var description = ParseDescription();
            var name = ParseName();
            var args = ParseArgumentDefinitions();
            Expect(TokenKind.Colon);
            var type = ParseTypeReference();
            list.Add(new FieldDefinitionNode { Description = description, Name = name, Arguments = args, Type = type, Directives = ParseDirectives(true), Location = Loc(start) });
        } while (!Skip(TokenKind.BraceR));
        return list;
    }

    private IReadOnlyList<InputValueDefinitionNode> ParseArgumentDefinitions()
    {
        if (!Skip(TokenKind.ParenL)) return [];
        var list = new List<InputValueDefinitionNode>();
        do list.Add(ParseInputValueDefinition());
        while (!Skip(TokenKind.ParenR));
        return list;
    }

    private IReadOnlyList<InputValueDefinitionNode> ParseInputFields()
    {
        if (!Skip(TokenKind.BraceL)) return [];
        var list = new List<InputValueDefinitionNode>();
        do list.Add(ParseInputValueDefinition());
        while (!Skip(TokenKind.BraceR));
        return list;
    }

    private InputValueDefinitionNode ParseInputValueDefinition()
    {
        var start = _token;
        var description = ParseDescription();
        var name = ParseName();
        Expect(TokenKind.Colon);
        var type = ParseTypeReference();
        Value? def = Skip(TokenKind.Equals) ? ParseValueLiteral(true) : null;
        return new InputValueDefinitionNode { Description = description, Name = name, Type = type, DefaultValue = def, Directives = ParseDirectives(true), Location = Loc(start) };
    }

    private IReadOnlyList<string> ParseUnionMembers()
    {
        if (!Skip(TokenKind.Equals)) return [];
        Skip(TokenKind.Pipe);
        var list = new List<string>();
        do list.Add(ParseNamedType().Name);
        while (Skip(TokenKind.Pipe));
        return list;
    }

    private IReadOnlyList<EnumValueDefinitionNode> ParseEnumValues()
    {
        if (!Skip(TokenKind.BraceL)) return [];
        var list = new List<EnumValueDefinitionNode>();
        do
        {
            var start = _token;
            var description = ParseDescription();
            var t = _token;
            var name = ParseName();
            if (name is "true" or "false" or "null")
                throw new GraphQLSyntaxException($"{name} is reserved and cannot be used for an enum value.", Loc(t));
            list.Add(new EnumValueDefinitionNode { Description = description, Name = name, Directives = ParseDirectives(true), Location = Loc(start) });
        } while (!Skip(TokenKind.BraceR));
        return list;
    }
}
