namespace CircuitBreaker.GraphQL.Language;

/// <summary>A position in the source text (1-based line and column).</summary>
public readonly record struct SourceLocation(int Line, int Column);

/// <summary>Base of every syntax node.</summary>
public abstract class Node
{
    /// <summary>Where the node starts in the source.</summary>
    public SourceLocation Location { get; init; }
}

/// <summary>A parsed document: executable definitions and/or type system definitions.</summary>
public sealed class Document : Node
{
    /// <summary>Top-level definitions in source order.</summary>
    public required IReadOnlyList<Definition> Definitions { get; init; }
    /// <summary>Number of lexical tokens in the source (used by the token limit).</summary>
    public int TokenCount { get; init; }
}

/// <summary>Any top-level definition.</summary>
public abstract class Definition : Node { }

/// <summary>Operation kind.</summary>
public enum OperationType
{
    /// <summary><c>query</c> (also the shorthand <c>{ … }</c>): read-only, root fields resolved concurrently.</summary>
    Query,
    /// <summary><c>mutation</c>: root fields resolved serially, in document order.</summary>
    Mutation,
    /// <summary><c>subscription</c>: one root field whose source stream yields a result per event.</summary>
    Subscription,
}

/// <summary>A query, mutation or subscription.</summary>
public sealed class OperationDefinition : Definition
{
    /// <summary>Query, mutation or subscription.</summary>
    public OperationType Operation { get; init; }
    /// <summary>The name as written.</summary>
    public string? Name { get; init; }
    /// <summary>Location of the name token (when named).</summary>
    public SourceLocation NameLocation { get; init; }
    /// <summary>Declared variables.</summary>
    public IReadOnlyList<VariableDefinition> VariableDefinitions { get; init; } = [];
    /// <summary>Directives applied here.</summary>
    public IReadOnlyList<Directive> Directives { get; init; } = [];
    /// <summary>The selections.</summary>
    public required SelectionSet SelectionSet { get; init; }
}

/// <summary>A declared variable of an operation.</summary>
public sealed class VariableDefinition : Node
{
    /// <summary>The name as written.</summary>
    public required string Name { get; init; }
    /// <summary>The declared type.</summary>
    public required TypeReference Type { get; init; }
    /// <summary>Default value literal, if any.</summary>
    public Value? DefaultValue { get; init; }
    /// <summary>Directives applied here.</summary>
    public IReadOnlyList<Directive> Directives { get; init; } = [];
}

/// <summary>A named fragment definition.</summary>
public sealed class FragmentDefinition : Definition
{
    /// <summary>The name as written.</summary>
    public required string Name { get; init; }
    /// <summary>Location of the name token.</summary>
    public SourceLocation NameLocation { get; init; }
    /// <summary>The type condition.</summary>
    public required NamedTypeReference TypeCondition { get; init; }
    /// <summary>Directives applied here.</summary>
    public IReadOnlyList<Directive> Directives { get; init; } = [];
    /// <summary>The selections.</summary>
    public required SelectionSet SelectionSet { get; init; }
}

/// <summary>A braced list of selections.</summary>
public sealed class SelectionSet : Node
{
    /// <summary>Selections in source order.</summary>
    public required IReadOnlyList<Selection> Selections { get; init; }
}

/// <summary>A field, fragment spread or inline fragment.</summary>
public abstract class Selection : Node
{
    /// <summary>Directives applied here.</summary>
    public IReadOnlyList<Directive> Directives { get; init; } = [];
}

/// <summary>A field selection.</summary>
public sealed class Field : Selection
{
    /// <summary>Alias, if any.</summary>
    public string? Alias { get; init; }
    /// <summary>The name as written.</summary>
    public required string Name { get; init; }
    /// <summary>Arguments in source order.</summary>
    public IReadOnlyList<Argument> Arguments { get; init; } = [];
    /// <summary>The selections.</summary>
    public SelectionSet? SelectionSet { get; init; }
    /// <summary>The response key: alias if present, otherwise the name.</summary>
    public string ResponseKey => Alias ?? Name;
}

/// <summary>A <c>...Name</c> spread.</summary>
public sealed class FragmentSpread : Selection
{
    /// <summary>The name as written.</summary>
    public required string Name { get; init; }
    /// <summary>Location of the name token.</summary>
    public SourceLocation NameLocation { get; init; }
}

/// <summary>An inline <c>... on T { }</c> fragment.</summary>
public sealed class InlineFragment : Selection
{
    /// <summary>The type condition.</summary>
    public NamedTypeReference? TypeCondition { get; init; }
    /// <summary>The selections.</summary>
    public required SelectionSet SelectionSet { get; init; }
}

/// <summary>A named argument.</summary>
public sealed class Argument : Node
{
    /// <summary>The name as written.</summary>
    public required string Name { get; init; }
    /// <summary>The value.</summary>
    public required Value Value { get; init; }
}

/// <summary>A directive usage.</summary>
public sealed class Directive : Node
{
    /// <summary>The name as written.</summary>
    public required string Name { get; init; }
    /// <summary>Arguments in source order.</summary>
    public IReadOnlyList<Argument> Arguments { get; init; } = [];
}

/// <summary>A type reference: named, list or non-null.</summary>
public abstract class TypeReference : Node
{
    /// <summary>The innermost named type.</summary>
    public abstract string NamedType { get; }
}

/// <summary>A reference to a named type.</summary>
public sealed class NamedTypeReference : TypeReference
{
    /// <summary>The name as written.</summary>
    public required string Name { get; init; }
    /// <inheritdoc />
    public override string NamedType => Name;
    /// <summary>The reference in SDL syntax.</summary>
    public override string ToString() => Name;
}

/// <summary>A <c>[T]</c> reference.</summary>
public sealed class ListTypeReference : TypeReference
{
    /// <summary>The wrapped type.</summary>
    public required TypeReference OfType { get; init; }
    /// <inheritdoc />
    public override string NamedType => OfType.NamedType;
    /// <summary>The reference in SDL syntax.</summary>
    public override string ToString() => $"[{OfType}]";
}

/// <summary>A <c>T!</c> reference.</summary>
public sealed class NonNullTypeReference : TypeReference
{
    /// <summary>The wrapped type.</summary>
    public required TypeReference OfType { get; init; }
    /// <inheritdoc />
    public override string NamedType => OfType.NamedType;
    /// <summary>The reference in SDL syntax.</summary>
    public override string ToString() => $"{OfType}!";
}

/// <summary>Any value literal.</summary>
public abstract class Value : Node { }

/// <summary><c>$name</c>.</summary>
public sealed class VariableValue : Value
{
    /// <summary>The variable name, without <c>$</c>.</summary>
    public required string Name { get; init; }
}
/// <summary>An integer literal (kept as text to avoid overflow at parse time).</summary>
public sealed class IntValue : Value
{
    /// <summary>The digits as written.</summary>
    public required string Text { get; init; }
}
/// <summary>A float literal (kept as text).</summary>
public sealed class FloatValue : Value
{
    /// <summary>The number as written.</summary>
    public required string Text { get; init; }
}
/// <summary>A string or block string literal.</summary>
public sealed class StringValue : Value
{
    /// <summary>The decoded value (escapes resolved, block string indentation removed).</summary>
    public required string Text { get; init; }
    /// <summary>Whether it was written as a <c>"""block string"""</c>.</summary>
    public bool Block { get; init; }
}
/// <summary><c>true</c> / <c>false</c>.</summary>
public sealed class BooleanValue : Value
{
    /// <summary>The literal's value.</summary>
    public bool Value { get; init; }
}
/// <summary><c>null</c>.</summary>
public sealed class NullValue : Value { }
/// <summary>An enum value literal.</summary>
public sealed class EnumValue : Value
{
    /// <summary>The enum value's name.</summary>
    public required string Name { get; init; }
}
/// <summary>A list literal.</summary>
public sealed class ListValue : Value
{
    /// <summary>The items in order.</summary>
    public required IReadOnlyList<Value> Values { get; init; }
}
/// <summary>An input object literal.</summary>
public sealed class ObjectValue : Value
{
    /// <summary>The fields in the order written (duplicates kept for validation to report).</summary>
    public required IReadOnlyList<ObjectField> Fields { get; init; }
}
/// <summary>One field of an input object literal.</summary>
public sealed class ObjectField : Node
{
    /// <summary>The name as written.</summary>
    public required string Name { get; init; }
    /// <summary>The value.</summary>
    public required Value Value { get; init; }
}

// ---- Type system definitions (SDL) ----

/// <summary>A type system definition or extension.</summary>
public abstract class TypeSystemDefinition : Definition
{
    /// <summary>Description string, if any.</summary>
    public string? Description { get; init; }
    /// <summary>Directives applied here.</summary>
    public IReadOnlyList<Directive> Directives { get; init; } = [];
    /// <summary>True for <c>extend ...</c>.</summary>
    public bool IsExtension { get; init; }
}

/// <summary><c>schema { query: Q }</c>.</summary>
public sealed class SchemaDefinition : TypeSystemDefinition
{
    /// <summary>Root operation types.</summary>
    public IReadOnlyList<(OperationType Operation, string Type)> OperationTypes { get; init; } = [];
}

/// <summary>Base for named type definitions.</summary>
public abstract class TypeDefinition : TypeSystemDefinition
{
    /// <summary>The name as written.</summary>
    public required string Name { get; init; }
}

/// <summary><c>scalar X</c>.</summary>
public sealed class ScalarTypeDefinition : TypeDefinition { }

/// <summary><c>type X implements Y { ... }</c>.</summary>
public sealed class ObjectTypeDefinition : TypeDefinition
{
    /// <summary>Implemented interface names.</summary>
    public IReadOnlyList<string> Interfaces { get; init; } = [];
    /// <summary>Fields in source order.</summary>
    public IReadOnlyList<FieldDefinitionNode> Fields { get; init; } = [];
}

/// <summary><c>interface X implements Y { ... }</c>.</summary>
public sealed class InterfaceTypeDefinition : TypeDefinition
{
    /// <summary>Implemented interface names.</summary>
    public IReadOnlyList<string> Interfaces { get; init; } = [];
    /// <summary>Fields in source order.</summary>
    public IReadOnlyList<FieldDefinitionNode> Fields { get; init; } = [];
}

/// <summary><c>union X = A | B</c>.</summary>
public sealed class UnionTypeDefinition : TypeDefinition
{
    /// <summary>Member type names.</summary>
    public IReadOnlyList<string> Types { get; init; } = [];
}

/// <summary><c>enum X { A B }</c>.</summary>
public sealed class EnumTypeDefinition : TypeDefinition
{
    /// <summary>Items in source order.</summary>
    public IReadOnlyList<EnumValueDefinitionNode> Values { get; init; } = [];
}

/// <summary><c>input X { ... }</c>.</summary>
public sealed class InputObjectTypeDefinition : TypeDefinition
{
    /// <summary>Fields in source order.</summary>
    public IReadOnlyList<InputValueDefinitionNode> Fields { get; init; } = [];
}

/// <summary>A field in an object or interface definition.</summary>
public sealed class FieldDefinitionNode : Node
{
    /// <summary>Description string, if any.</summary>
    public string? Description { get; init; }
    /// <summary>The name as written.</summary>
    public required string Name { get; init; }
    /// <summary>Arguments in source order.</summary>
    public IReadOnlyList<InputValueDefinitionNode> Arguments { get; init; } = [];
    /// <summary>The declared type.</summary>
    public required TypeReference Type { get; init; }
    /// <summary>Directives applied here.</summary>
    public IReadOnlyList<Directive> Directives { get; init; } = [];
}

/// <summary>An argument or input field definition.</summary>
public sealed class InputValueDefinitionNode : Node
{
    /// <summary>Description string, if any.</summary>
    public string? Description { get; init; }
    /// <summary>The name as written.</summary>
    public required string Name { get; init; }
    /// <summary>The declared type.</summary>
    public required TypeReference Type { get; init; }
    /// <summary>Default value literal, if any.</summary>
    public Value? DefaultValue { get; init; }
    /// <summary>Directives applied here.</summary>
    public IReadOnlyList<Directive> Directives { get; init; } = [];
}

/// <summary>An enum value definition.</summary>
public sealed class EnumValueDefinitionNode : Node
{
    /// <summary>Description string, if any.</summary>
    public string? Description { get; init; }
    /// <summary>The name as written.</summary>
    public required string Name { get; init; }
    /// <summary>Directives applied here.</summary>
    public IReadOnlyList<Directive> Directives { get; init; } = [];
}

/// <summary><c>directive @x(...) repeatable on A | B</c>.</summary>
public sealed class DirectiveDefinitionNode : TypeSystemDefinition
{
    /// <summary>The name as written.</summary>
    public required string Name { get; init; }
    /// <summary>Arguments in source order.</summary>
    public IReadOnlyList<InputValueDefinitionNode> Arguments { get; init; } = [];
    /// <summary>True when declared repeatable.</summary>
    public bool Repeatable { get; init; }
    /// <summary>Allowed directive locations.</summary>
    public IReadOnlyList<string> Locations { get; init; } = [];
}
